"""The HTTP client lives in ``bench.api_client`` (``bench.corpus`` drives the API too)."""

from bench.api_client import Api

__all__ = ["Api"]
