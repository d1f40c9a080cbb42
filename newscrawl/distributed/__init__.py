"""Distributed crawling: workers on many machines sharing one Redis queue and one database."""
