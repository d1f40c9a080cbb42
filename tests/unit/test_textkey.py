"""The comparison keys every layer shares: what counts as the same text and the same name."""

from newscrawl.textkey import MAX_NAME_LENGTH, comparable, distinct_names, squash


def test_comparable_ignores_case_punctuation_spacing_and_invisible_characters() -> None:
    written = "  Ver\u00adfas\u00adsung:  Das GRUNDGESETZ! "
    assert comparable(written) == comparable("verfassung das grundgesetz")
    assert comparable("Ｆｕｌｌ width") == "full width"  # NFKC
    assert comparable(None) == ""


def test_squash_collapses_every_kind_of_space() -> None:
    assert squash(" a\u00a0\n\tb  ") == "a b"


def test_distinct_names_keeps_the_first_spelling_in_order() -> None:
    names = [" Donald Trump ", "donald trump", "", "  ", "---", "Ukraine", "DONALD TRUMP!"]
    assert distinct_names(names) == ["Donald Trump", "Ukraine"]


def test_distinct_names_drops_a_sentence_in_a_names_field() -> None:
    sentence = "word " * (MAX_NAME_LENGTH // 5 + 1)
    assert distinct_names([sentence, "Politics"]) == ["Politics"]
