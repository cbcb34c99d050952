"""Gap pages and the gap JSON API."""
