"""The instrument catalogue: models, persistence, seed loading, import/export, snapshots."""
