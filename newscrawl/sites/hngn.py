"""Rules for hngn.com: its tag block is a plain div the generic rules cannot tell from prose."""

from newscrawl.sites import SiteRules

RULES = SiteRules(
    domains=("hngn.com",),
    tags='//div[contains(@class, "tag-list")]//a',
    section='//div[contains(@class, "article-category")]//a',
)
