"""The HTTP API (FastAPI): the only layer that knows HTTP."""
