"""The server helpers live in ``bench.server_process`` (``bench.corpus`` starts servers too)."""

from bench.server_process import PAPERWISE, Server, create_keys, free_port, paperwise_env

__all__ = ["PAPERWISE", "Server", "create_keys", "free_port", "paperwise_env"]
