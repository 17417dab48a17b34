"""Procrastinate's own schema (its job queue tables and SQL functions), on PostgreSQL only: the
distributed mode's queue lives in the same database, created by the same migration run under the
same advisory lock, so several processes starting at once never race on it.

Revision ID: r0003
Revises: r0002
"""

from __future__ import annotations

from alembic import op
from procrastinate.schema import SchemaManager

revision = "r0003"
down_revision = "r0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    driver = bind.connection.driver_connection
    assert driver is not None
    # The raw driver, without parameters: the schema holds '%' and ':' that no layer should parse.
    driver.execute(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    driver = bind.connection.driver_connection
    assert driver is not None
    driver.execute(_DROP_SCHEMA)


_DROP_SCHEMA = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DO $$
DECLARE f record;
BEGIN
    FOR f IN SELECT oid::regprocedure AS sig FROM pg_proc
             WHERE proname LIKE 'procrastinate\\_%' LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || f.sig || ' CASCADE';
    END LOOP;
END $$;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
    procrastinate_job_status CASCADE;
"""
