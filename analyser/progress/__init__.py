"""Mission progress per county against the 2030 targets."""
