"""Funding paths in the browser and the JSON API."""
