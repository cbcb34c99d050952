"""Listening-post cases: where consortia met barriers (issue 18, item 4)."""
