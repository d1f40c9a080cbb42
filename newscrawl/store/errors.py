"""Storage errors that the CLI turns into one clear line."""

from sqlalchemy.exc import DBAPIError, SQLAlchemyError


class StoreError(Exception):
    """The database cannot be reached, opened or written."""


def database_reason(error: SQLAlchemyError) -> str:
    """The driver's own words, first line only: SQLAlchemy's text adds the SQL and a link."""
    reason = error.orig if isinstance(error, DBAPIError) and error.orig else error
    return (str(reason).strip().splitlines() or [type(reason).__name__])[0]


class SearchTimedOut(StoreError):
    """A search ran past its time limit and was stopped, in the database server too."""
