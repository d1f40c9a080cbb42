"""Scrapy spiders of newscrawl: they choose URLs; extraction and storage happen elsewhere."""
