"""`newscrawl serve`: a read-only web interface and JSON API over a store (needs newscrawl[serve])."""
