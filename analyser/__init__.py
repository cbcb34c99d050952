"""Pure analysis over catalogue snapshots: matching, gaps, funding paths, search, progress, reports."""
