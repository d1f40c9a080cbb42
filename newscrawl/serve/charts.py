"""Server-rendered SVG charts of a source's coverage: articles per day, each field's share per day."""

from __future__ import annotations

from markupsafe import Markup, escape

from newscrawl.store import HEALTH_FIELDS, DayCoverage

WIDTH, HEIGHT = 720, 180
# Room for the axis labels left and below, and the legend right.
LEFT, BOTTOM, TOP, RIGHT = 40, 24, 10, 170
# One colour per field, told apart also by the legend's order; presentation attributes, not
# style: the Content-Security-Policy allows no inline style.
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#7f8c8d")
FIELD_NAMES = {
    "headline": "headline",
    "body": "body over 500 characters",
    "date": "date",
    "authors": "authors",
    "tags": "tags",
    "caption": "caption",
}


def _frame(title: str, description: str, inner: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#555"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>'
        + "".join(inner)
        + "</svg>"
    )


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + span * (index + 0.5) / max(count, 1)


def _y(fraction: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - fraction)


def _day_labels(days: list[DayCoverage]) -> list[str]:
    if not days:
        return []
    ends = [(0, days[0]), (len(days) - 1, days[-1])] if len(days) > 1 else [(0, days[0])]
    return [
        f'<text x="{_x(i, len(days)):.1f}" y="{HEIGHT - 6}" font-size="11" text-anchor="middle" '
        f'fill="#333">{d.day.isoformat()}</text>'
        for i, d in ends
    ]


def articles_chart(site: str, days: list[DayCoverage]) -> Markup:
    """Bars: the site's articles first stored each day."""
    most = max((d.articles for d in days), default=0) or 1
    bar = (WIDTH - LEFT - RIGHT) / max(len(days), 1) * 0.8
    inner = [
        f'<text x="{LEFT - 4}" y="{TOP + 10}" font-size="11" text-anchor="end" fill="#333">{most}</text>',
        f'<text x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" font-size="11" text-anchor="end" fill="#333">0</text>',
    ]
    for i, d in enumerate(days):
        top = _y(d.articles / most)
        inner.append(
            f'<rect x="{_x(i, len(days)) - bar / 2:.1f}" y="{top:.1f}" width="{bar:.1f}" '
            f'height="{HEIGHT - BOTTOM - top:.1f}" fill="{COLOURS[0]}">'
            f"<title>{d.day.isoformat()}: {d.articles} articles</title></rect>"
        )
    total = sum(d.articles for d in days)
    return _frame(
        f"Articles per day, {site}",
        f"{total} articles over {len(days)} days, at most {most} on one day",
        inner + _day_labels(days),
    )


def coverage_chart(site: str, days: list[DayCoverage]) -> Markup:
    """Lines: the share of the site's articles with each field, per day with articles."""
    inner = [
        f'<text x="{LEFT - 4}" y="{TOP + 10}" font-size="11" text-anchor="end" fill="#333">100%</text>',
        f'<text x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" font-size="11" text-anchor="end" fill="#333">0%</text>',
    ]
    for n, (name, colour) in enumerate(zip(HEALTH_FIELDS, COLOURS, strict=False)):
        points = [
            f"{_x(i, len(days)):.1f},{_y(d.share.get(name, 0.0)):.1f}"
            for i, d in enumerate(days)
            if d.articles
        ]
        label = FIELD_NAMES.get(name, name)
        if points:
            inner.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}">'
                f"<title>{escape(label)}</title></polyline>"
            )
        inner.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{TOP + 12 + 14 * n}" font-size="11" fill="{colour}">'
            f"{escape(label)}</text>"
        )
    latest = next((d for d in reversed(days) if d.articles), None)
    summary = (
        ", ".join(f"{FIELD_NAMES.get(f, f)} {latest.share.get(f, 0.0):.0%}" for f in HEALTH_FIELDS)
        if latest
        else "no articles"
    )
    return _frame(
        f"Share of articles with each field per day, {site}",
        f"latest day {latest.day.isoformat() if latest else 'none'}: {summary}",
        inner + _day_labels(days),
    )
