"""What runs in an extraction worker process: its start-up and its task, importing no Scrapy.

A worker imports this module and newscrawl.extraction alone (see pool._spawning): Scrapy,
Twisted, SQLAlchemy and the store are the crawl process's, and would cost each worker
tens of megabytes it never uses.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from newscrawl.article import Article
from newscrawl.extraction.hints import Hints, hints_values
from newscrawl.keptpage import keep_page

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def worker_init(crawl_pid: int) -> None:
    """Ignore the stop signals the crawl handles, and die with the crawl process."""
    # Ctrl-C, systemd and `kill -- -PGID` signal the whole process group; the crawl decides
    # when workers stop, so a page being extracted is never lost to a worker dying mid-page.
    # The signals were blocked since the spawn (see pool._spawning), so one that came while
    # this worker imported is still pending, and is dropped here.
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _die_with(crawl_pid)
    # Warm up: the first page should not pay for imports and the language model. Here, in the
    # worker: the crawl process itself never extracts or detects a language (the model is
    # 70 MB), and extract() imports the extractor only when called.
    import newscrawl.extraction.extract  # noqa: F401
    from newscrawl.extraction.language import _identifier

    _identifier()


def _die_with(crawl_pid: int) -> None:
    """Have the kernel kill this worker when the crawl process dies, however it dies.

    Workers ignore SIGTERM, so without this a SIGKILLed crawl would leave them running.
    Linux only (prctl PR_SET_PDEATHSIG); elsewhere workers exit when their task pipe closes.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != crawl_pid:  # the crawl died before prctl took effect
        os._exit(1)


def extract(
    page: str | bytes, url: str, hints: Hints, content_type: str | None, keep: bool = False
) -> Article:
    """The page's Article; with `keep`, carrying the page compressed (NEWSCRAWL_KEEP_HTML).

    Compressed here, not in the crawl process: the worker holds the bytes already, the crawl's
    one thread is its bottleneck, and a fifth of the bytes come back (benchmarks/page_size.py).
    """
    # Imported here: the crawl process imports this module too (for the pool's references to
    # these functions), and must not load the extractor (see newscrawl/extraction/__init__).
    from newscrawl.extraction.extract import extract_article

    article = extract_article(page, url, hints, content_type=content_type)
    if keep:
        article.page = keep_page(page, content_type, hints_values(hints))
    return article
