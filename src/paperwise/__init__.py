"""Paperwise: self-hosted document data extraction with a Typless-compatible API."""

__version__ = "0.1.0"
