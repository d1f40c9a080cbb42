"""The revisions, oldest first by their numbers; Alembic reads them, nothing imports them."""
