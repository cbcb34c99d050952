"""User accounts, login sessions and login attempts: models, repository, service."""
