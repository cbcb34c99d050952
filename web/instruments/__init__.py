"""Instrument pages: list, detail, downloads, feeds and the instrument JSON API."""
