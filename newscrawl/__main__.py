"""Entry point for `python -m newscrawl`, used by the scheduler to spawn one crawl per process."""

from newscrawl.cli.main import main

if __name__ == "__main__":
    main()
