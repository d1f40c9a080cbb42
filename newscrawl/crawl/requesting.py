"""Making the crawl's requests: the callback of each role, newscrawl's meta, refused URLs counted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scrapy import Request
from twisted.python.failure import Failure

from newscrawl.crawl.meta import DEPTH, HOME, LISTING_ROLES, ROLE, Role
from newscrawl.crawl.schemes import Refusals, refusal

Callback = Callable[..., Any]


class RequestMaker:
    """Requests of one crawl, routed by role to the spider's callbacks (`routes`)."""

    def __init__(
        self, routes: Mapping[Role, Callback], errback: Callable[[Failure], Any], refusals: Refusals
    ):
        self.routes = routes
        self.errback = errback
        self.refusals = refusals

    def __call__(
        self, url: str, role: Role, depth: int = 0, priority: int = 0, meta: dict[str, Any] | None = None
    ) -> Request | None:
        """A request for `url`; None, counted as refused, for a URL Scrapy cannot request."""
        meta = {**(meta or {}), ROLE: role, DEPTH: depth}
        if role in LISTING_ROLES:
            meta["handle_httpstatus_list"] = [304]
        try:
            # A home page's listings skip the duplicate filter: each must answer, or its
            # home page would wait for it forever.
            return Request(
                url,
                self.routes[role],
                errback=self.errback,
                priority=priority,
                meta=meta,
                dont_filter=HOME in meta,
            )
        except ValueError as error:  # javascript:, mailto:, a port out of range: that URL only
            reason = refusal(url) or "malformed"
            self.refusals.count(url, reason, str(error) if reason == "malformed" else "")
            return None
