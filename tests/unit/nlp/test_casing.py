from __future__ import annotations

from reader.nlp.casing import is_mostly_upper, restore_case


def test_headline_restored_from_the_article_itself_same_length() -> None:
    text = "SOCCER - JAPAN GET LUCKY WIN IN NATO CUP\nJapan won a lucky game in the NATO Cup."
    restored = restore_case(text)
    assert len(restored) == len(text)
    assert restored.splitlines()[0] == "soccer - Japan get lucky win in NATO Cup"
    assert restored.splitlines()[1] == text.splitlines()[1]


def test_short_lines_and_datelines_get_title_case() -> None:
    text = "LISBON 1996-12-06\nWASHINGTON (Reuters) - The talks ended.\nNATO said so."
    restored = restore_case(text)
    assert restored.startswith("Lisbon 1996-12-06\nWashington (Reuters) - The talks ended.")
    assert restored.endswith("NATO said so.")  # an acronym in running text is kept


def test_mixed_case_text_is_returned_unchanged() -> None:
    text = "The IMF and the U.S. Treasury met in Washington."
    assert restore_case(text) is text
    assert not is_mostly_upper(text)
    assert is_mostly_upper("MARKETS FALL AS U.S. RATES RISE")


def test_length_is_kept_for_characters_whose_case_changes_length() -> None:
    text = "STRASSE İSTANBUL ŞEHIR GROSS\nİstanbul"
    assert len(restore_case(text)) == len(text)
