"""Instruments and the reference data around them: models, schemas, repository, editing service, snapshot loader."""
