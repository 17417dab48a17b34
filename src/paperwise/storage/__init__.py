"""Persistence: SQLAlchemy tables, repositories and Alembic migrations.

The document bytes live in the database (``documents.data``), so a document, its text and its
result are created and deleted in one transaction, and distributed mode needs no shared disk."""
