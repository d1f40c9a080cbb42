"""Alembic's entry point: runs the migrations on the connection that runner.py hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from newscrawl.store.models import Base

# newscrawl runs its migrations only on a connection it has opened and locked (runner.py),
# inside the transaction that holds the schema lock: there is no URL of its own here, and no
# offline (SQL script) mode.
connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection) or context.is_offline_mode():
    raise RuntimeError("newscrawl's migrations run through newscrawl.store.migrations.runner only")
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
