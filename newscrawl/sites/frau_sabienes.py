"""Rules for frau-sabienes.de: each post ends on a preview of the blog's next post, not part of it."""

from newscrawl.sites import SiteRules

# The blog's table-of-contents plugin anchors each heading by its text; the preview's heading
# is the same on every post, and the section runs from it to the end of the post's text.
_PREVIEW = '//h3[span[@id="Vorschau_auf_den_naechsten_Artikel"]]'

RULES = SiteRules(
    domains=("frau-sabienes.de",),
    drop=(_PREVIEW, f"{_PREVIEW}/following-sibling::*"),
)
