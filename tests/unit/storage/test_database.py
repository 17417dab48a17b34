from __future__ import annotations

import importlib
import math
import pkgutil
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import paperwise.storage
from paperwise.config import Settings
from paperwise.errors import DatabaseUnavailable
from paperwise.storage import database
from paperwise.storage.database import CommitWatch, Database, _ping_idle_connections
from paperwise.storage.tables import metadata


def test_migrate_is_idempotent_and_reaches_head(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    assert db.migrate() == db.head_revision()
    assert db.migrate() == db.head_revision()
    db.dispose()


def _load_every_table_module() -> None:
    """Tables live in several modules of ``paperwise.storage``, all on one ``metadata``."""
    for module in pkgutil.iter_modules(paperwise.storage.__path__, "paperwise.storage."):
        if module.name.endswith("tables"):
            importlib.import_module(module.name)


def test_migrations_match_the_tables(db: Database) -> None:
    _load_every_table_module()
    with db.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_is_tuned_for_many_processes(db: Database) -> None:
    with db.read() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_from_settings_creates_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new" / "dir")
    db = Database.from_settings(settings)
    db.migrate()
    assert (tmp_path / "new" / "dir" / "paperwise.db").is_file()
    assert db.ping()
    db.dispose()


def test_write_rolls_back_on_error(db: Database) -> None:
    try:
        with db.write() as conn:
            conn.execute(sa.text("INSERT INTO accounts VALUES ('a', 'x', 0)"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.read() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 0


def _dropped_meanwhile(engine: sa.Engine) -> None:
    """Use a pooled connection, then have it broken behind the pool's back (a database restart)."""
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
        raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.close()


def test_a_connection_idle_long_enough_is_pinged_and_replaced_when_dead(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    _ping_idle_connections(engine, idle_seconds=0.0)
    _dropped_meanwhile(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_a_connection_used_moments_ago_is_not_pinged(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    _ping_idle_connections(engine, idle_seconds=3600)
    _dropped_meanwhile(engine)
    with pytest.raises(sa.exc.DBAPIError), engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    engine.dispose()


def test_a_commit_watch_sees_commits_of_other_connections(db: Database) -> None:
    watch = CommitWatch(db)
    try:
        assert not watch.changed()
        with db.write() as conn:
            conn.execute(sa.text("INSERT INTO accounts VALUES ('a', 'x', 0)"))
        assert watch.changed()
        assert not watch.changed()  # once per change
        with db.read() as conn:
            conn.execute(sa.text("SELECT count(*) FROM accounts"))
        assert not watch.changed()  # reads are no change
    finally:
        watch.close()


def test_the_test_clock_offset_moves_now_and_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAPERWISE_TEST_CLOCK_OFFSET_FILE (the fault suite's clock jumps) shifts ``now()`` by the
    seconds the file holds, read again once a second; a bad file keeps the last offset."""
    offset = tmp_path / "offset"
    offset.write_text("10800\n")
    monkeypatch.setattr(database, "_CLOCK_OFFSET_FILE", str(offset))
    monkeypatch.setattr(database, "_clock_offset", (0.0, -math.inf))
    assert database.now() - time.time() == pytest.approx(10800, abs=1)
    offset.write_text("-3600")
    monkeypatch.setattr(database, "_clock_offset", (10800.0, -math.inf))  # a second later
    assert database.now() - time.time() == pytest.approx(-3600, abs=1)
    offset.write_text("not a number")
    monkeypatch.setattr(database, "_clock_offset", (-3600.0, -math.inf))
    assert database.now() - time.time() == pytest.approx(-3600, abs=1)


def test_a_database_that_refuses_work_raises_database_unavailable(tmp_path: Path) -> None:
    """The driver's refusal (here SQLite cannot open its file) is the error tree's
    DatabaseUnavailable, a 503 to API callers, with the driver's error as its cause."""
    db = Database(f"sqlite:///{tmp_path / 'no-such-dir' / 'paperwise.db'}")
    with pytest.raises(DatabaseUnavailable) as raised, db.write() as conn:
        conn.execute(sa.text("SELECT 1"))
    assert isinstance(raised.value.__cause__, sa.exc.OperationalError)
    with pytest.raises(DatabaseUnavailable), db.read() as conn:
        conn.execute(sa.text("SELECT 1"))
    assert not db.ping()
    db.dispose()
