"""Instruments and their reference data: models, schemas, repository, editing service, snapshot, loader."""
