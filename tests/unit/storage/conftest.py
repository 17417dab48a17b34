from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperwise.storage.database import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'test.db'}")
    database.migrate()
    yield database
    database.dispose()
