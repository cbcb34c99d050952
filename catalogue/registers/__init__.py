"""Mission-progress registers (industrial areas, symbiosis statuses): models, schemas, repository, seeding, loader."""
