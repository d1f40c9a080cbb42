"""Rules for hngn.com: its visible tag list, not the news keywords its CMS cuts from the URL slug."""

from newscrawl.sites import SiteRules

RULES = SiteRules(
    domains=("hngn.com",),
    # The template declares two keyword lists: `keywords`, the editor's tags as the page shows
    # them, and `news_keywords`, which its CMS fills with words of the URL slug ('expresses
    # openness', 'vladimir putins'). Generic extraction trusts `news_keywords` first, and
    # grouped in twos and threes the slug words do not read as a slug there; the links to the
    # site's /tags/ pages under the story are the tags.
    tags='//div[contains(@class, "tags")]//a[contains(@href, "/tags/")]',
)
