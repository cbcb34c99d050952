"""Mission-progress registers (industrial areas, symbiosis statuses): models, schemas, repository, loader."""
