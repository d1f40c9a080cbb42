"""The sources file: the minimal form works, every mistake names its line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.sources import SourcesError, duration, load_sources

MINIMAL = """[[source]]
name = "local"
feeds = ["http://127.0.0.1:8000/feed.xml"]
sitemaps = ["http://127.0.0.1:8000/sitemap.xml"]
interval = "15m"
"""
ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_minimal_form_works_as_written(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, MINIMAL))
    assert source.name == "local"
    assert source.urls == ["http://127.0.0.1:8000/feed.xml", "http://127.0.0.1:8000/sitemap.xml"]
    assert (source.interval, source.min_interval, source.max_interval) == (900, 225, 3600)
    assert source.max_age == 0  # no limit unless asked


def test_the_commented_example_loads() -> None:
    sources = load_sources(ROOT / "sources.example.toml")
    assert [s.name for s in sources] == ["local", "example-wire"]
    assert sources[1].crawl_settings()["DOWNLOAD_DELAY"] == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MINIMAL + 'fedds = ["x"]\n', "sources.toml:6: source 'local': fedds: unknown key"),
        (
            MINIMAL.replace('"15m"', '"soon"'),
            "sources.toml:5: source 'local': interval: 'soon' is not a duration",
        ),
        (
            MINIMAL.replace('feeds = ["http://127.0.0.1:8000/feed.xml"]', 'feeds = "http://x"'),
            "sources.toml:3: source 'local': feeds: must be a list",
        ),
        (MINIMAL.replace("http://127.0.0.1:8000/feed.xml", "ftp://x/feed"), "feeds: not an http(s) URL"),
        (MINIMAL + MINIMAL, "source name 'local' is used twice"),
        (MINIMAL.replace('name = "local"\n', ""), "has no name"),
        (MINIMAL + 'deny = ["(unclosed"]\n', "deny: bad pattern"),
        (MINIMAL + 'site_rules = "nosuchsite"\n', "site_rules: no site rules named 'nosuchsite'"),
        ("[[source]\nname = 1", "sources.toml: "),
        ("", "no [[source]] entries"),
    ],
)
def test_mistakes_name_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, text))
    assert message in str(raised.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1.5h", 5400)]
)
def test_durations(text: str, seconds: float) -> None:
    assert duration(text) == seconds
