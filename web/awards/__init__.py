"""Funded projects on the web (issue 15): list, project, organisation and symbiosis pages, the instrument
section and the /api/v1 endpoints. Queries in catalogue/awards/browse.py and profiles.py."""
