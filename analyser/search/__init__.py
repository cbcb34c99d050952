"""The in-memory search and facet index over the catalogue."""
