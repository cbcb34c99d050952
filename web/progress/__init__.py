"""Mission progress pages, status forms and the progress JSON API."""
