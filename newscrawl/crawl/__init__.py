"""Crawling: Scrapy components that fetch pages, extract them in a process pool and store them."""
