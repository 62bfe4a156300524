"""The web page: static files served by the API app at `/` (see frontend/static)."""
