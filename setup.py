"""Only for `scrapyd-deploy`, which builds an egg with setup.py; everything is in pyproject.toml."""

from setuptools import setup

setup()
