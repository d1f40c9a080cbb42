"""newscrawl's Alembic migrations: the schema's history, from the store that predates them on."""
