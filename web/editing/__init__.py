"""Editing instruments in the browser and through the JSON API, with history and undo."""
