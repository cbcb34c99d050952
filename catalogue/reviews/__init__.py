"""Agency reviews of instruments against the three missions (issue 18, item 3)."""
