"""The `newscrawl` command line: a thin layer that wires extraction, crawling and storage."""
