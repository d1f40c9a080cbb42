"""Bylines to people: prefixes, initials and stray picture credits removed, names split."""

import pytest

from newscrawl.extraction.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Von Katrin Vogel und Peter Kunz"], ["Katrin Vogel", "Peter Kunz"]),
        (["Elena Oberholzer (obe)", "Oliver Maksan (oma)"], ["Elena Oberholzer", "Oliver Maksan"]),
        (["Autor Monika Bolliger"], ["Monika Bolliger"]),
        (["Emma Mackenzie", "(Image: Getty Images/iStockphoto)"], ["Emma Mackenzie"]),
        (["Jane Doe", "jane doe"], ["Jane Doe"]),
    ],
)
def test_clean_authors(raw: list[str], names: list[str]) -> None:
    assert clean_authors(raw) == names
