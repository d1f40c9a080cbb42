"""Named extraction failures: each becomes a stats counter, never a silent None."""


class ExtractionError(Exception):
    """A page could not be turned into an Article."""

    reason = "extraction_error"


class UnreadablePage(ExtractionError):
    """The input is not an HTML document we can parse (empty, binary, absurdly nested)."""

    reason = "unreadable"


class NotAnArticle(ExtractionError):
    """The page is a listing, a home page, a video page or another non-article."""

    reason = "not_article"


class SoftNotFound(NotAnArticle):
    """A "page not found" answered with 200: an error page, however much text it holds."""

    reason = "soft_404"


class EmptyBody(ExtractionError):
    """The page looks like an article but holds too little text to store."""

    reason = "empty_body"


class InvalidPageUrl(ExtractionError):
    """The page's own URL cannot be read (a bad IPv6 literal, port or host name): no article
    could be stored or found under it."""

    reason = "invalid_url"
