"""Benchmarks and synthetic catalogue generators (not part of the app)."""
