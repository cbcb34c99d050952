"""Which agency review items answer which gap findings, and how far they have come (pure)."""
