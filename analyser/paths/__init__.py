"""Funding paths for consortia: profile, rules, aid ceilings, the finder and its texts."""
