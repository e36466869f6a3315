"""AnnotationService: the non-GUI half of annotating (highlights, notes, tags, text edits)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationError, AnnotationService
from reader.services.library import Library
from reader.store.entities import EntityStore
from tests.unit.services.steel_article import TEXT, URL, span

# --- highlights ----------------------------------------------------------------------------


def test_add_highlight_computes_the_selectors(service: AnnotationService, article_id: int) -> None:
    start, end = span("Maria Castellanos")
    h = service.add_highlight(article_id, start, end, "green", "Who is she?", ["people", "EU"])
    assert (h.start, h.end, h.exact) == (start, end, "Maria Castellanos")
    assert h.prefix == TEXT[start - 32 : start] and h.suffix == TEXT[end : end + 32]
    assert (h.color, h.note, h.tags) == ("green", "Who is she?", ("EU", "people"))
    assert re.fullmatch(r"[0-9a-f-]{36}", h.id)
    assert h.created and h.modified == h.created and not h.orphaned
    assert service.highlights(article_id) == [h]
    assert service.highlight(h.id) == h


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 5, "not a range"),
        (5, 5, "not a range"),
        (10, 5, "not a range"),
        (0, len(TEXT) + 1, "not a range"),
        (TEXT.index("\n\n"), TEXT.index("\n\n") + 2, "only spaces"),
    ],
)
def test_add_highlight_validates(
    service: AnnotationService, article_id: int, start: int, end: int, message: str
) -> None:
    with pytest.raises(AnnotationError, match=message):
        service.add_highlight(article_id, start, end)
    assert service.highlights(article_id) == []


def test_add_highlight_checks_article_and_colour(
    service: AnnotationService, article_id: int
) -> None:
    with pytest.raises(AnnotationError, match="no article"):
        service.add_highlight(999, 0, 4)
    with pytest.raises(AnnotationError, match="yellow, green, blue, pink, purple"):
        service.add_highlight(article_id, 0, 6, color="orange")


def test_offsets_are_code_points(service: AnnotationService, article_id: int) -> None:
    start, end = span("🎉")
    h = service.add_highlight(article_id, start, end, "pink")
    assert h.exact == "🎉" and end - start == 1


def test_overlapping_and_adjacent_highlights_coexist(
    service: AnnotationService, article_id: int
) -> None:
    a = service.add_highlight(article_id, *span("We are closer than we were in Zürich"))
    b = service.add_highlight(article_id, *span("Zürich"), color="blue")
    c = service.add_highlight(article_id, span("Zürich")[1], span("Zürich")[1] + 2, "pink")
    assert [h.id for h in service.highlights(article_id)] == [a.id, b.id, c.id]


def test_update_tags_delete_restore(service: AnnotationService, article_id: int) -> None:
    h = service.add_highlight(article_id, *span("steel tariffs"), tags=["trade"])
    recoloured = service.update_highlight(h.id, color="purple")
    assert recoloured.color == "purple" and recoloured.note == ""
    noted = service.update_highlight(h.id, note="**Check** the numbers\n- 25 %")
    assert noted.note == "**Check** the numbers\n- 25 %" and noted.color == "purple"
    tagged = service.set_highlight_tags(h.id, ["steel", "trade"])
    assert tagged.tags == ("steel", "trade")
    deleted = service.delete_highlight(h.id)
    assert deleted == tagged
    assert service.highlights(article_id) == []
    assert service.restore_highlight(deleted) == tagged
    for call in (
        lambda: service.update_highlight("missing", note="x"),
        lambda: service.set_highlight_tags("missing", []),
        lambda: service.delete_highlight("missing"),
    ):
        with pytest.raises(AnnotationError, match="no highlight"):
            call()
    with pytest.raises(AnnotationError, match="colour"):
        service.update_highlight(h.id, color="teal")


def test_find_quote(service: AnnotationService, article_id: int) -> None:
    assert service.find_quote(article_id, "Castellanos", 2) == span("Castellanos", 2)
    with pytest.raises(AnnotationError, match="not in article"):
        service.find_quote(article_id, "Lisbon")
    with pytest.raises(AnnotationError, match="occurs 2 time"):
        service.find_quote(article_id, "Castellanos", 3)
    with pytest.raises(AnnotationError, match="empty"):
        service.find_quote(article_id, "  ")
    with pytest.raises(AnnotationError, match="from 1"):
        service.find_quote(article_id, "Geneva", 0)


# --- article-level ---------------------------------------------------------------------------


def test_article_note_tags_and_read_state(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    service.set_article_note(article_id, "Follow up.\nSee *Rotterdam*.")
    assert service.article_note(article_id) == "Follow up.\nSee *Rotterdam*."
    assert service.set_article_tags(article_id, ["b", "a", "A"]) == ["a", "b"]
    assert service.add_article_tags(article_id, ["c", "a"]) == ["c"]
    service.remove_article_tags(article_id, ["a"])
    assert library.get(article_id).tags == ("b", "c")  # type: ignore[union-attr]
    service.set_read(article_id, True)
    service.set_read_position(article_id, 120)
    article = library.get(article_id)
    assert article is not None and article.is_read and article.read_position == 120
    for call in (
        lambda: service.set_article_note(999, "x"),
        lambda: service.article_note(999),
        lambda: service.set_article_tags(999, ["x"]),
        lambda: service.set_read(999, True),
        lambda: service.set_read_position(999, 1),
    ):
        with pytest.raises(AnnotationError, match="no article"):
            call()


def test_search_finds_notes_and_highlights(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    other, _ = library.articles.add(ArticleDraft("Other", "Nothing to see."))
    service.set_article_note(other, "Compare with the Rotterdam port")
    h = service.add_highlight(article_id, *span("Maria Castellanos"), note="chief negotiator")
    assert [s.id for s in library.search("rotterdam")] == [other]
    assert [s.id for s in library.search("negotiator")] == [article_id]
    service.delete_highlight(h.id)
    assert library.search("negotiator") == []


# --- tags ----------------------------------------------------------------------------------


def test_tag_counts_names_rename_merge_delete_and_undo(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    other, _ = library.articles.add(ArticleDraft("Other", "Other text.", tags=("EU",)))
    service.set_article_tags(article_id, ["trade", "Europe"])
    h = service.add_highlight(article_id, *span("steel"), tags=["EU", "steel"])
    assert service.tag_counts() == [("EU", 2), ("Europe", 1), ("steel", 1), ("trade", 1)]
    eu = service.tag_stats()[0]
    assert (eu.name, eu.articles, eu.highlights, eu.listed) == ("EU", 1, 1, 2)
    assert service.tag_names("e") == ["EU", "Europe"]

    # Merge EU into Europe, then undo it as the GUI does.
    before = (service.tag_usage("EU"), service.tag_usage("Europe"))
    assert service.rename_tag("EU", "europe") == "Europe"
    assert service.tag_counts() == [("Europe", 2), ("steel", 1), ("trade", 1)]
    assert library.get(other).tags == ("Europe",)  # type: ignore[union-attr]
    service.restore_tag_usage("Europe", before[1])
    service.restore_tag_usage("EU", before[0])
    assert service.tag_counts() == [("EU", 2), ("Europe", 1), ("steel", 1), ("trade", 1)]
    assert service.highlight(h.id).tags == ("EU", "steel")  # type: ignore[union-attr]

    # A plain rename, undone: the new name did not exist.
    before = (service.tag_usage("trade"), service.tag_usage("commerce"))
    assert before[1] is None
    assert service.rename_tag("trade", "commerce") == "commerce"
    service.restore_tag_usage("commerce", before[1])
    service.restore_tag_usage("trade", before[0])
    assert [c.name for c in service.tag_counts()] == ["EU", "Europe", "steel", "trade"]

    # Delete, and undo.
    usage = service.delete_tag("steel")
    assert usage.highlight_ids == (h.id,)
    assert service.highlight(h.id).tags == ("EU",)  # type: ignore[union-attr]
    service.restore_tag_usage("steel", usage)
    assert service.highlight(h.id).tags == ("EU", "steel")  # type: ignore[union-attr]

    with pytest.raises(AnnotationError, match="no tag"):
        service.rename_tag("missing", "x")
    with pytest.raises(AnnotationError, match="needs a name"):
        service.rename_tag("EU", " ")
    with pytest.raises(AnnotationError, match="no tag"):
        service.delete_tag("missing")


# --- editing the text ----------------------------------------------------------------------


def test_edit_text_moves_keeps_and_orphans(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    before_edit = service.add_highlight(article_id, *span("GENEVA"))
    moved = service.add_highlight(article_id, *span("Maria Castellanos"), note="keep")
    gone = service.add_highlight(article_id, *span("within weeks"), note="my thoughts", tags=["t"])
    typo = service.add_highlight(article_id, *span("resume talks on steel tariffs"))
    new_text = (
        TEXT.replace("Thursday to resume talks", "Thursday to resume tlaks")
        .replace("“We are closer", "A new sentence here. “We are closer")
        .replace(" “within weeks”,", "")
    )
    report = service.edit_text(article_id, new_text)
    assert report.changed
    assert (report.unchanged, report.moved, report.orphaned, report.newly_orphaned) == (1, 2, 1, 1)
    assert report.recovered == 0
    assert "1 could not be placed" in report.summary()
    after = {h.id: h for h in service.highlights(article_id)}
    assert (after[before_edit.id].start, after[before_edit.id].exact) == (0, "GENEVA")
    m = after[moved.id]
    assert new_text[m.start : m.end] == "Maria Castellanos" and m.note == "keep"
    assert m.prefix == new_text[m.start - 32 : m.start]
    t = after[typo.id]
    assert new_text[t.start : t.end] == "resume tlaks on steel tariffs" == t.exact
    g = after[gone.id]
    assert g.orphaned and g.exact == "within weeks" and g.note == "my thoughts"
    assert g.tags == ("t",) and (g.start, g.end) == (gone.start, gone.end)
    assert [h.id for h in service.highlights(article_id)][-1] == gone.id  # orphans last
    article = library.get(article_id)
    assert article is not None and article.text == new_text
    assert article.word_count == len(new_text.split())
    assert [s.id for s in library.search("tlaks")] == [article_id]
    # Orphans are tried again at the next edit: the quote is back.
    report = service.edit_text(article_id, TEXT)
    assert report.recovered == 1 and report.orphaned == 0
    back = service.highlight(gone.id)
    assert back is not None and not back.orphaned
    assert (back.start, back.end) == span("within weeks")


def test_edit_text_same_text_writes_nothing(service: AnnotationService, article_id: int) -> None:
    service.add_highlight(article_id, *span("steel"))
    report = service.edit_text(article_id, TEXT)
    assert not report.changed and report.unchanged == 1
    assert report.summary() == "The text is unchanged."


def test_edit_text_errors(library: Library, service: AnnotationService, article_id: int) -> None:
    library.articles.add(ArticleDraft("Other", "Other words entirely."))
    h = service.add_highlight(article_id, *span("steel"))
    with pytest.raises(AnnotationError, match="already has this text"):
        service.edit_text(article_id, "Other  words entirely.")
    with pytest.raises(AnnotationError, match="cannot be empty"):
        service.edit_text(article_id, "  \n")
    with pytest.raises(AnnotationError, match="no article"):
        service.edit_text(999, "text")
    assert library.get(article_id).text == TEXT  # type: ignore[union-attr]
    assert service.highlight(h.id) == h


def test_edit_text_asks_for_new_entities(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    store = EntityStore(library.conn)
    article = library.get(article_id)
    assert article is not None
    store.save_analysis(article_id, article.text_sha256, "test-model", [], [])
    assert store.is_analysed(article_id)
    service.edit_text(article_id, TEXT.replace("GENEVA", "GENF"))
    assert not store.is_analysed(article_id)
    assert article_id in store.pending("test-model")


def test_reimport_replaces_text_and_keeps_annotations(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    h = service.add_highlight(article_id, *span("Maria Castellanos"), note="n")
    service.set_article_note(article_id, "my note")
    newer = ArticleDraft(
        "Steel talks: deal close",
        "UPDATE 2: talks went well.\n\n" + TEXT,
        source_url=URL,
        byline="By A. Writer",
    )
    assert service.reimport_target(newer) == article_id
    assert service.reimport_target(ArticleDraft("x", TEXT, source_url=URL)) is None  # same
    assert service.reimport_target(ArticleDraft("x", "new", source_url="https://x")) is None
    assert service.reimport_target(ArticleDraft("x", "no url")) is None
    report = service.replace_text_from_import(article_id, newer)
    assert report.moved == 1
    article = library.get(article_id)
    assert article is not None
    assert article.text == newer.text and article.title == "Steel talks: deal close"
    assert article.byline == "By A. Writer" and article.note == "my note"
    moved = service.highlight(h.id)
    assert moved is not None and newer.text[moved.start : moved.end] == "Maria Castellanos"


def test_reimport_lookup_uses_indexes(
    library: Library, service: AnnotationService, article_id: int
) -> None:
    """It runs for every imported article: no statement may read the whole table."""
    statements: list[str] = []
    library.conn.set_trace_callback(statements.append)
    try:
        service.reimport_target(ArticleDraft("x", "Another text.", source_url=URL))
    finally:
        library.conn.set_trace_callback(None)
    assert statements
    for sql in statements:
        plan = " ".join(row[3] for row in library.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN articles" not in plan, (sql, plan)


# --- properties ----------------------------------------------------------------------------

_WORD_TEXT = (
    "the talks on steel and trade resumed in Geneva where officials from both sides met "
    "to discuss tariffs quotas ports shipping grain prices markets banks rates"
)
WORDS = _WORD_TEXT.split()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(0, 6))
def test_edited_text_keeps_every_untouched_highlight_on_its_words(
    rng: random.Random, edits: int
) -> None:
    """Through the service and the database: random article, random word highlights,
    random edits elsewhere; every highlight is on the same words afterwards."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite")
        try:
            service = AnnotationService(library)
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 150))) + "."
            article_id, _ = library.articles.add(ArticleDraft("Random", text))
            words = [m.span() for m in re.finditer(r"\w+", text)]
            spans: list[tuple[int, int]] = []
            for _ in range(rng.randint(1, 8)):
                first = rng.randrange(len(words))
                last = min(len(words) - 1, first + rng.randint(0, 4))
                spans.append((words[first][0], words[last][1]))
            made = [service.add_highlight(article_id, s, e) for s, e in spans]
            # Edits between words, away from every highlight.
            new_text = text
            offsets = sorted(
                {rng.choice(words)[0] for _ in range(edits)},
                reverse=True,
            )
            shifts: list[tuple[int, int]] = []
            for at in offsets:
                if any(s < at < e or s == at for s, e in spans):
                    continue
                insert = rng.choice(["NEW WORDS ", "MORE ", "X Y Z "])
                new_text = new_text[:at] + insert + new_text[at:]
                shifts.append((at, len(insert)))
            service.edit_text(article_id, new_text)
            for h in made:
                after = service.highlight(h.id)
                assert after is not None and not after.orphaned
                expected = h.start + sum(n for at, n in shifts if at <= h.start)
                assert (after.start, after.exact) == (expected, h.exact)
        finally:
            library.close()
