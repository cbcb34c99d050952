"""Open data out: the catalogue as CPSV-AP-NO RDF, a DCAT-AP-NO description of the project's datasets and the
STIP Compass mapping as CSV (``docs/open-data.md``)."""
