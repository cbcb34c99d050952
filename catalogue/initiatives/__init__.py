"""County initiatives and time and resource plans (issue 18 items 1-2)."""
