"""Hints cross into extraction workers by pickle, and stay what the listing said."""

from __future__ import annotations

import json
import pickle
from dataclasses import FrozenInstanceError, fields

import pytest

from newscrawl.extraction.hints import Hints, hints_from, hints_values

FULL = Hints(
    title="First",
    published="Tue, 12 Mar 2024 18:30:00 GMT",
    keywords=("Budget", "Council"),
    listing_date="2024-03-13",
    site_rules="example",
)


def test_hints_survive_the_trip_to_a_worker() -> None:
    for hints in (FULL, Hints()):
        assert pickle.loads(pickle.dumps(hints, pickle.HIGHEST_PROTOCOL)) == hints


def test_the_pickle_names_no_field() -> None:
    data = pickle.dumps(FULL, pickle.HIGHEST_PROTOCOL)
    assert not any(field.name.encode() in data for field in fields(Hints))


def test_hints_cannot_be_changed_on_the_way() -> None:
    with pytest.raises(FrozenInstanceError):
        FULL.title = "Other"  # type: ignore[misc]


def test_hints_kept_with_a_page_come_back_as_they_were() -> None:
    for hints in (FULL, Hints(), Hints(keywords=("Solo",))):
        kept = json.loads(json.dumps(hints_values(hints)))  # as the store's JSON column keeps them
        assert hints_from(kept) == hints
    assert hints_values(Hints(title="Only")) == {"title": "Only"}
    # A later newscrawl's hint this one does not know is left out, not an error.
    assert hints_from({"title": "First", "newer_hint": 1}) == Hints(title="First")
