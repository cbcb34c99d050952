"""Listening-post cases as evidence: counted by county, period, stage, outcome and barrier (pure)."""
