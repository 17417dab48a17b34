"""The database connection: an engine per process, SQLite tuned for many processes (WAL,
busy_timeout, foreign keys, ``BEGIN IMMEDIATE`` for writes) and migrations run in code."""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

# Named here for the layers above, which hold a transaction or catch a refused write but import
# no SQLAlchemy themselves (import contract in pyproject.toml).
__all__ = ["CommitWatch", "Connection", "Database", "IntegrityError", "now"]

from paperwise.config import Settings
from paperwise.errors import DatabaseUnavailable

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
# A pooled PostgreSQL connection left idle longer than this is pinged (one round trip) before it
# is used, so one broken meanwhile (a database restart) is replaced instead of failing a request
# or a job's final write (which follows a whole extraction). A connection given back moments ago
# (a job's take, a poll) is used as it is: pinging every checkout cost a round trip per
# transaction.
IDLE_PING_SECONDS = 1.0
# Any constant: serialises concurrent migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 7_240_913


# For the fault suite only (tests/faults/test_clock_jump.py): a file holding seconds that every
# process adds to the wall clock, read again at most once a second, so that a test can make the
# clock of running processes jump as an NTP step does, the monotonic clock staying put.
# (libfaketime cannot: leaving the monotonic clock alone, it breaks Python's time.sleep.)
_CLOCK_OFFSET_FILE = os.environ.get("PAPERWISE_TEST_CLOCK_OFFSET_FILE")
_clock_offset: tuple[float, float] = (0.0, -math.inf)  # seconds, monotonic time of the read


def now() -> float:
    """The time every table stores: unix seconds."""
    if _CLOCK_OFFSET_FILE is None:
        return time.time()
    return time.time() + _test_clock_offset(_CLOCK_OFFSET_FILE)


def _test_clock_offset(path: str) -> float:
    global _clock_offset
    offset, read_at = _clock_offset
    if time.monotonic() - read_at >= 1.0:
        with contextlib.suppress(OSError, ValueError):  # else the last offset stays
            offset = float(Path(path).read_text().strip() or 0)
        _clock_offset = (offset, time.monotonic())
    return offset


@contextmanager
def _refusal_is_unavailable() -> Iterator[None]:
    """A database that refuses the work for now (SQLite locked past the busy timeout, a full
    disk, a read-only file, a lost connection: the driver's OperationalError) raises
    ``DatabaseUnavailable``, a 503 to an API caller, with the driver's error as its cause."""
    try:
        yield
    except sa.exc.OperationalError as exc:
        raise DatabaseUnavailable() from exc


class Database:
    """One engine plus transaction helpers. ``write()`` takes the write lock at once, so two
    writers never deadlock on a lock upgrade; ``read()`` is a plain snapshot."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        connect_args: dict[str, Any] = {}
        if self.is_sqlite:
            connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        self.engine: Engine = sa.create_engine(url, connect_args=connect_args)
        # reentrant: a nested write of one thread waits on SQLite, as it did without it
        self._writers: AbstractContextManager[Any] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )
        if self.is_sqlite:
            _tune_sqlite(self.engine)  # a file: nothing to ping
        else:
            _ping_idle_connections(self.engine, IDLE_PING_SECONDS)

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for logs and messages."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        if not settings.database_url:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        return cls(settings.sqlalchemy_url)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that may write; committed on success, rolled back on error. On SQLite
        the threads of one process take the write lock in turn from a lock of their own: a
        thread waiting on SQLite's lock sleeps in growing steps (1, 2, 5 ... 100 ms) and loses
        its turn to others, which gave concurrent submissions hundreds of ms of tail latency."""
        with self._writers, _refusal_is_unavailable(), self.engine.connect() as conn:
            conn = conn.execution_options(paperwise_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction."""
        with _refusal_is_unavailable(), self.engine.connect() as conn, conn.begin():
            yield conn

    def ping(self) -> bool:
        try:
            with self.read() as conn:
                conn.execute(sa.text("SELECT 1"))
        except (sa.exc.SQLAlchemyError, DatabaseUnavailable):
            return False
        return True

    def migrate(self) -> str | None:
        """Apply pending migrations; safe when several processes start at once (they queue on the
        write lock, or an advisory lock on PostgreSQL). Returns the revision now in place."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        return ScriptDirectory.from_config(config).get_current_head()

    def scrub(self) -> None:
        """Leave no trace of deleted rows in the files: deleted content is zeroed on write
        (``secure_delete``); this moves the WAL into the database file and truncates it, so the
        earlier page images that still held the data are gone too. No-op off SQLite."""
        if not self.is_sqlite:
            return
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        self.engine.dispose()


class CommitWatch:
    """Whether another connection committed to the database since the last look, for an idle
    worker: on SQLite, ``PRAGMA data_version`` on one connection kept for it (microseconds, no
    transaction, no lock), so it can look every few milliseconds and take a new job at once.
    Elsewhere it always says yes (the caller then looks at its own pace)."""

    def __init__(self, db: Database) -> None:
        self._raw = db.engine.raw_connection() if db.is_sqlite else None
        self._seen = self._version()

    def _version(self) -> int | None:
        if self._raw is None:
            return None
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
        except sqlite3.Error:  # look for jobs anyway; the job loop reports database errors
            return None
        finally:
            cursor.close()
        return int(row[0]) if row else None

    def changed(self) -> bool:
        version = self._version()
        changed = version is None or version != self._seen
        self._seen = version
        return changed

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


def _ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection on checkout when it sat idle ``idle_seconds`` or more; a dead
    one is replaced (SQLAlchemy's pessimistic disconnect handling, for idle connections only)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["paperwise_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("paperwise_idle_since")  # cleared when a connection is replaced
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # the pool discards it and connects again
            raise sa.exc.DisconnectionError("the pooled connection is gone") from exc


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit is on disk before the 202 that reports it, so an accepted job survives a
        # power cut too (NORMAL in WAL mode survives a crash of a process only); ~2 ms a commit
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get("paperwise_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
