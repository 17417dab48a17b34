from __future__ import annotations

from collections.abc import Iterator

import pytest

from .api_client import Api
from .server_process import Server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the e2e session (modules needing other settings start their own), on its
    own data dir, with accounts alice and bob."""
    server = Server(tmp_path_factory.mktemp("paperwise-data")).start()
    server.add_accounts("alice", "bob")
    yield server
    server.stop()


@pytest.fixture
def alice(server: Server) -> Iterator[Api]:
    api = Api(server.url, server.keys["alice"])
    yield api
    api.close()


@pytest.fixture
def bob(server: Server) -> Iterator[Api]:
    api = Api(server.url, server.keys["bob"], scheme="Bearer")
    yield api
    api.close()
