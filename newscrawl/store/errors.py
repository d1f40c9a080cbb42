"""Storage errors that the CLI turns into one clear line."""


class StoreError(Exception):
    """The database cannot be reached, opened or written."""
