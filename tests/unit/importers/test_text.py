"""Plain-text articles: headline, section, byline, date and paragraph rules."""

from __future__ import annotations

import pytest

from reader.importers import ImportFailure, from_text
from tests.unit.importers.helpers import DATA, WriteFile, only_draft


def test_headline_is_first_real_line_and_not_repeated_in_text(write: WriteFile) -> None:
    draft = only_draft(write("a.txt", "\n\n   \nFerry link reopens\n\nFirst paragraph.\n"))
    assert draft.title == "Ferry link reopens"
    assert draft.text == "First paragraph."
    assert draft.section == draft.byline == draft.published == ""


@pytest.mark.parametrize(
    "line",
    [
        "News / World",
        "Home > Politics",
        "World | Europe",
        "News » UK » Scotland",
        "POLITICS",
        "WORLD NEWS",
        "Business",
        "Section: Climate",
    ],
)
def test_leading_section_line_is_kept_as_section(line: str) -> None:
    draft = from_text(f"{line}\nMinister resigns over expenses\n\nThe minister said.")
    assert draft.section == line.removeprefix("Section: ")
    assert draft.title == "Minister resigns over expenses"
    assert draft.text == "The minister said."


@pytest.mark.parametrize(
    "first",
    ["Breakthrough in talks as ministers agree", "Why the port strike matters to you"],
)
def test_ordinary_headline_is_not_taken_for_a_section(first: str) -> None:
    draft = from_text(f"{first}\nSecond line that is the first paragraph.\n\nMore.")
    assert draft.section == ""
    assert draft.title == first


def test_section_needs_a_headline_after_it() -> None:
    draft = from_text("POLITICS\n\nBy Jane Smith\n\nText of the piece.")
    assert draft.section == ""
    assert draft.title == "POLITICS"
    assert draft.byline == "Jane Smith"


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Smith", "Jane Smith"),
        ("BY JANE SMITH", "JANE SMITH"),
        ("Jane Smith, Reuters", "Jane Smith, Reuters"),
        ("By Jane Smith and Tom Lee | AP", "Jane Smith and Tom Lee | AP"),
        ("Pieter de Vries, Reader Wire", "Pieter de Vries, Reader Wire"),
        ("Amélie Dubois and Jürgen Weiß", "Amélie Dubois and Jürgen Weiß"),
    ],
)
def test_byline_under_the_headline(line: str, byline: str) -> None:
    draft = from_text(f"Port strike enters second week\n{line}\n\nDockers said.")
    assert draft.byline == byline
    assert draft.title == "Port strike enters second week"
    assert draft.text == "Dockers said."


@pytest.mark.parametrize(
    "line",
    [
        "By the numbers: what the budget means",
        "Prices rose again in March.",
        "The Minister Said No",
    ],
)
def test_sentences_under_the_headline_are_not_bylines(line: str) -> None:
    draft = from_text(f"Budget day\n{line}\n\nBody.")
    assert draft.byline == ""
    assert draft.text.startswith(line)


@pytest.mark.parametrize(
    ("lines", "published"),
    [
        ("By Jane Smith\nMarch 3, 2025", "2025-03-03"),
        ("Published: 14 May 2024", "2024-05-14"),
        ("By Jane Smith | 3 March 2025", "2025-03-03"),
        ("Jane Smith, Reuters\nUpdated on Tue 4 Mar 2025 14:05 GMT", "2025-03-04"),
        ("2024-11-05", "2024-11-05"),
    ],
)
def test_date_line_under_the_headline(lines: str, published: str) -> None:
    draft = from_text(f"Headline here\n{lines}\n\nBody text.")
    assert draft.published == published
    assert draft.text == "Body text."
    assert "2024" not in draft.byline and "2025" not in draft.byline


def test_ambiguous_date_stays_in_the_text() -> None:
    draft = from_text("Headline here\n03/04/2024\n\nBody text.")
    assert draft.published == ""
    assert draft.text == "03/04/2024\n\nBody text."


def test_dateline_with_year_gives_the_date_and_stays_in_text() -> None:
    draft = from_text("Headline\n\nGENEVA, March 3, 2025 (Reader Wire) - Talks stalled.")
    assert draft.published == "2025-03-03"
    assert draft.text.startswith("GENEVA, March 3, 2025")


def test_dateline_without_year_gives_no_date() -> None:
    assert from_text("Headline\n\nGENEVA, March 3 (Reader Wire) - Talks.").published == ""


def test_hard_wrapped_paragraphs_are_joined(write: WriteFile) -> None:
    draft = only_draft(DATA / "hard_wrapped.txt")
    assert draft.title == "Harbour seals return to the Wadden Sea"
    assert draft.byline == "Lotte Jansen"
    paragraphs = draft.text.split("\n\n")
    assert len(paragraphs) == 4
    assert all("\n" not in paragraph for paragraph in paragraphs)
    assert paragraphs[0].startswith("DEN HELDER, Netherlands (Reader Wire) - Harbour seals")
    assert "well-known" in paragraphs[1]  # a hyphen at the line end is kept, no space
    assert paragraphs[3] == "The survey will be repeated next year."


def test_wrapped_paragraphs_without_blank_lines_split_at_short_lines() -> None:
    text = (
        "Title\n\n"
        "The council met on Monday to discuss the harbour plan, which would\n"
        "widen the channel and add two berths for larger cruise ships in the\n"
        "port.\n"
        "Opponents say the dredging would harm the seagrass beds that shelter\n"
        "young fish in the spring.\n"
    )
    assert from_text(text).text.split("\n\n") == [
        "The council met on Monday to discuss the harbour plan, which would widen the "
        "channel and add two berths for larger cruise ships in the port.",
        "Opponents say the dredging would harm the seagrass beds that shelter young fish "
        "in the spring.",
    ]


def test_one_paragraph_per_line_keeps_paragraphs() -> None:
    first = "The first paragraph is one long line as editors and browsers save it. " * 3
    second = "The second paragraph follows on the very next line without a blank. " * 3
    draft = from_text(f"Headline\n{first.strip()}\n{second.strip()}\n")
    assert draft.text == f"{first.strip()}\n\n{second.strip()}"


def test_blank_runs_collapse_and_trailing_space_goes() -> None:
    draft = from_text("Headline  \n\n\n\nOne.   \n\n\n\n\nTwo.\t\n\n")
    assert draft.text == "One.\n\nTwo."


def test_list_lines_stay_on_their_own_lines() -> None:
    draft = from_text("Headline\n\nWhat was agreed:\n- a ceasefire\n- a prisoner exchange\n")
    assert draft.text == "What was agreed:\n- a ceasefire\n- a prisoner exchange"


def test_long_first_line_is_not_a_headline_title_is_its_first_sentence() -> None:
    paragraph = "Negotiators met in Geneva on Monday. " + "They talked for hours. " * 12
    draft = from_text(paragraph + "\n\nSecond paragraph.")
    assert draft.title == "Negotiators met in Geneva on Monday."
    assert draft.text == paragraph.strip() + "\n\nSecond paragraph."


def test_single_line_is_both_title_and_text() -> None:
    draft = from_text("Just one line")
    assert (draft.title, draft.text) == ("Just one line", "Just one line")


def test_windows_and_old_mac_line_endings() -> None:
    draft = from_text("Headline\r\nBy Jane Smith\r\n\r\nOne.\r\rTwo.\u2029Three.")
    assert draft.byline == "Jane Smith"
    assert draft.text == "One.\n\nTwo.\n\nThree."


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\x00\x01"])
def test_no_text_is_refused(text: str) -> None:
    with pytest.raises(ImportFailure, match="no text found"):
        from_text(text)


def test_text_suffix_variant(write: WriteFile) -> None:
    assert only_draft(write("a.text", "Headline\n\nBody.")).title == "Headline"
