"""Matching instruments to barriers: text relevance, scores, matched terms, tag suggestion."""
