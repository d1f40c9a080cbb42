"""The `newscrawl` command line: a thin layer that wires extraction, crawling and storage."""

from newscrawl.cli.interrupt import stop_on_signals

# First thing: systemd or a user may stop us while we still import.
stop_on_signals()
