"""newscrawl: a polite, incremental, deduplicating news crawler that stores clean articles."""

__version__ = "0.1.0"
