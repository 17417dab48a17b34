"""Alembic environment: always run in code with a connection passed in ``config.attributes``
(see ``Database.migrate``); no alembic.ini needed."""

from __future__ import annotations

from alembic import context

from paperwise.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
