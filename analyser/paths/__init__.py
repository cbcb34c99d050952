"""Funding paths for consortia: profile, rules, aid ceilings, the finder; texts are messages (analyser/text.py)."""
