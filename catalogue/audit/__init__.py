"""Audit history of instrument changes: models and repository."""
