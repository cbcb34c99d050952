"""The front ends: the FastAPI web app (routes, templates, static assets) and the ``verkemiddelkart`` CLI."""
