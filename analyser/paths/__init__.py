"""Funding paths for consortia: profile, rules, aid ceilings and the finder (texts: analyser/text.py)."""
