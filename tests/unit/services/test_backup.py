"""Full backups: export_backup, then `reader-cli import` of the file restores everything
exactly into an empty library, and merges into a non-empty one without duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import run
from reader.core.model import ArticleDraft, EntitySource, EntitySpan
from reader.services.annotations import AnnotationService
from reader.services.entities import EntityService
from reader.services.library import Library
from reader.services.restore import export_backup
from reader.store.articles import text_fingerprint
from reader.store.entities import EntityStore
from reader.store.rows import BackupStore

MODEL = "en_core_web_sm-3.8.0/test"

GENEVA = (
    "GENEVA (Wire) — Negotiators from the European Commission and the United States met in "
    "Geneva on Thursday to resume talks on steel tariffs, officials said.\n\n"
    "“We are closer than we were in Zürich,” said Maria Castellanos, who leads the "
    "Commission’s team. Tariffs of 25 % on €4.2 billion of goods remain in place. 🎉\n"
)
NAIROBI = (
    "Officials in Nairobi said on Tuesday that Kenya Airways would add flights to Lagos.\n\n"
    "Grace Wanjiru, the airline's chief executive, said Nairobi would become a hub."
)
LIMA = (
    "LIMA, May 3 - Peru's central bank held its rate on Thursday. Julio Velarde said "
    "inflation was easing, and the bank would watch copper prices closely."
)
NOTE = "First line\nשלום עולם — مرحبا\nzero\u200bwidth\u200d joiner 👩‍👩‍👧 end  "


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def spans_of(text: str, *pairs: tuple[str, str]) -> list[EntitySpan]:
    result = []
    for surface, label in pairs:
        start = text.index(surface)
        result.append(EntitySpan(start, start + len(surface), label, surface))
    return result


def analyse(library: Library, article_id: int, *pairs: tuple[str, str]) -> None:
    """A stand-in model run (the real model is tested elsewhere): stored spans as given,
    then rules and corrections applied as after a real run."""
    article = library.get(article_id)
    assert article is not None
    spans = spans_of(article.text, *pairs)
    store = EntityStore(library.conn)
    assert store.save_analysis(article_id, article.text_sha256, MODEL, spans, spans)
    EntityService(library).recompute(article_id)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build(path: Path) -> list[int]:
    """A library with everything a backup must carry; returns the article ids."""
    library = Library.open(path)
    try:
        notes = AnnotationService(library)
        entities = EntityService(library)
        ids = []
        for title, text, url in (
            ("Steel talks", GENEVA, "https://news.example.org/geneva"),
            ("Airline hub", NAIROBI, ""),
            ("Rates held", LIMA, "https://example.com/lima"),
        ):
            draft = ArticleDraft(
                title, text, section="World", byline="Ana Ruiz", source_url=url, published="2024"
            )
            article_id, created = library.articles.add(draft)
            assert created
            ids.append(article_id)
        geneva, nairobi, lima = ids
        library.delete(library.articles.add(ArticleDraft("Gone", "Deleted soon."))[0])

        analyse(library, geneva, ("European Commission", "ORG"), ("Geneva", "GPE"))
        analyse(library, nairobi, ("Nairobi", "GPE"), ("Kenya Airways", "ORG"))
        entities.correct(geneva, *span(GENEVA, "Maria Castellanos"), "PERSON")
        entities.correct(geneva, *span(GENEVA, "Geneva"), "")
        entities.add_rule("Lagos", "GPE")
        entities.add_rule("Grace  Wanjiru", "PERSON")
        entities.add_rule("Tuesday", "")
        entities.recompute_all()

        notes.add_highlight(geneva, *span(GENEVA, "steel tariffs"), "green", NOTE, ["trade", "EU"])
        notes.add_highlight(geneva, *span(GENEVA, "Zürich"), "pink", "", [])
        notes.add_highlight(nairobi, *span(NAIROBI, "Grace Wanjiru"), "blue", "who?", ["people"])
        lost = notes.add_highlight(lima, *span(LIMA, "copper prices"), "purple", "gone", ["x"])
        notes.add_highlight(lima, *span(LIMA, "Julio Velarde"))
        entities.correct(lima, *span(LIMA, "copper"), "PRODUCT")  # orphaned by the edit
        entities.correct(lima, *span(LIMA, "Peru"), "GPE")
        notes.edit_text(lima, LIMA.replace(" and the bank would watch copper prices closely", ""))
        assert notes.highlight(lost.id).orphaned  # type: ignore[union-attr]
        analyse(library, lima, ("Julio Velarde", "PERSON"))

        notes.set_article_note(geneva, NOTE)
        notes.set_article_tags(geneva, ["sanctions", "Türkiye"])
        notes.set_article_tags(lima, ["economy"])
        notes.set_read(nairobi, True)
        notes.set_read_position(geneva, 57)
        library.tags.ensure("unused tag")
        return ids
    finally:
        library.close()


def assert_import_changes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, backup: Path, *options: str
) -> None:
    """Importing `backup` into `db`, which holds all of it already, adds nothing."""
    before = snapshot(capsys, db)
    code, outcomes, _ = cli(capsys, db, "import", str(backup), *options, "--json")
    assert code == 0
    assert [o["status"] for o in outcomes] == ["duplicate"] * 3
    assert all("merged" not in o for o in outcomes)
    assert snapshot(capsys, db) == before


def snapshot(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, Any]:
    """Everything reader-cli and the stores say about the library."""
    data: dict[str, Any] = {}
    for command in (["list"], ["tags"], ["search", "tariffs"], ["search", "who"]):
        code, data[" ".join(command)], _ = cli(capsys, db, *command, "--json")
        assert code == 0
    for item in data["list"]:
        for name in ("show", "highlights", "entities"):
            code, data[f"{name} {item['id']}"], _ = cli(capsys, db, name, str(item["id"]), "--json")
            assert code == 0
    library = Library.open(db)
    try:
        store = BackupStore(library.conn)
        entity_store = EntityStore(library.conn)
        for article_id in store.article_ids():
            data[f"row {article_id}"] = store.article(article_id)
            data[f"run {article_id}"] = store.entity_run(article_id)
            data[f"model {article_id}"] = store.model_spans(article_id)
            data[f"spans {article_id}"] = store.effective_spans(article_id)
            data[f"corrections {article_id}"] = store.corrections(article_id)
            data[f"applying {article_id}"] = [c.span for c in entity_store.corrections(article_id)]
            data[f"analysed {article_id}"] = entity_store.is_analysed(article_id)
            data[f"notes {article_id}"] = AnnotationService(library).highlights(article_id)
        data["rules"] = store.rules()
        data["tag names"] = store.tag_names()
        data["pending"] = entity_store.pending(MODEL)
    finally:
        library.close()
    return data


@pytest.fixture
def original(tmp_path: Path) -> Path:
    db = tmp_path / "original.sqlite"
    build(db)
    return db


def export(db: Path, target: Path, ids: list[int] | None = None) -> int:
    library = Library.open(db)
    try:
        return export_backup(library, ids, target).articles
    finally:
        library.close()


def test_round_trip_into_an_empty_library_is_exact(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.dat"  # recognised by its content, not its name
    assert export(original, backup) == 3
    restored = tmp_path / "restored.sqlite"
    code, outcomes, err = cli(capsys, restored, "import", str(backup), "--json")
    assert code == 0, err
    assert [o["status"] for o in outcomes] == ["imported"] * 3
    assert {o["path"] for o in outcomes} == {str(backup)}
    assert "entities found" not in err  # the backup's entities were kept, no model run
    before, after = snapshot(capsys, original), snapshot(capsys, restored)
    assert before.keys() == after.keys()
    for key in before:
        assert after[key] == before[key], key
    assert (
        before["rules"]
        and before["tag names"]
        and any(h.orphaned for key, hs in before.items() if key.startswith("notes") for h in hs)
    )
    corrections = [c for key, cs in before.items() if key.startswith("corrections") for c in cs]
    assert {(c.span.text, c.orphaned) for c in corrections if c.orphaned} == {("copper", True)}
    assert all(c.prefix or c.suffix for c in corrections)


def test_the_backup_document(tmp_path: Path, original: Path) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3 + 1  # header, one line per article, end
    document = json.loads("\n".join(lines))
    assert document["format"] == "reader-backup" and document["version"] == 1
    assert document["exported"] and document["reader_version"]
    assert "unused tag" in document["tags"]
    geneva = document["articles"][0]
    assert geneva["note"] == NOTE and geneva["read_position"] == 57
    assert geneva["entity_run"]["model_version"] == MODEL
    assert {c["label"] for c in geneva["corrections"]} == {"PERSON", ""}
    assert [h["tags"] for h in geneva["highlights"]] == [["EU", "trade"], []]
    assert {s["source"] for s in geneva["entities"]} == {"model", "user"}
    assert geneva["orphaned_corrections"] == []
    person = next(c for c in geneva["corrections"] if c["label"] == "PERSON")
    start = GENEVA.index("Maria Castellanos")
    assert (person["prefix"], person["suffix"]) == (
        GENEVA[start - 32 : start],
        GENEVA[start + 17 : start + 17 + 32],
    )
    # An orphaned correction goes in a list of its own: a Reader that predates orphans
    # skips it instead of applying it at offsets into an older text.
    lima = document["articles"][2]
    assert [c["text"] for c in lima["corrections"]] == ["Peru"]
    [orphan] = lima["orphaned_corrections"]
    assert (orphan["text"], orphan["label"], orphan["start"]) == (
        "copper",
        "PRODUCT",
        LIMA.index("copper"),
    )
    assert orphan["suffix"] == LIMA[LIMA.index("copper") + 6 :][:32]


def test_partial_export_carries_only_its_tags(tmp_path: Path, original: Path) -> None:
    backup = tmp_path / "one.json"
    assert export(original, backup, [3]) == 1
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert [a["title"] for a in document["articles"]] == ["Rates held"]
    assert document["tags"] == ["economy", "x"]
    assert len(document["entity_rules"]) == 3


def test_restoring_into_the_same_library_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    assert_import_changes_nothing(capsys, original, backup)


def test_merge_into_a_library_with_some_of_the_articles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    other = tmp_path / "other.sqlite"
    library = Library.open(other)
    # The Geneva article, with other line breaks, a note and a highlight of its own.
    own = GENEVA.replace("\n\n", "\n").replace("met in ", "met in\n")
    mine, _ = library.articles.add(ArticleDraft("My copy", own, source_url="https://mine"))
    assert text_fingerprint(own) == text_fingerprint(GENEVA)
    notes = AnnotationService(library)
    notes.set_article_note(mine, "my note")
    library.tags.ensure("TRADE")  # the same tag as the backup's "trade": no second one
    notes.add_highlight(mine, *span(own, "officials said"), "yellow", "mine", ["trade"])
    EntityService(library).add_rule("Lagos", "LOC")  # kept over the backup's GPE
    library.close()

    code, outcomes, err = cli(capsys, other, "import", str(backup), "--no-analyze", "--json")
    assert code == 0, err
    assert [o["status"] for o in outcomes] == ["duplicate", "imported", "imported"]
    assert outcomes[0]["id"] == mine
    assert outcomes[0]["merged"] == {"highlights": 2, "tags": 2, "note": 1}
    code, shown, _ = cli(capsys, other, "show", str(mine), "--json")
    assert shown["title"] == "My copy" and shown["text"] == own
    assert shown["note"] == "my note\n\n" + NOTE
    assert shown["tags"] == ["sanctions", "Türkiye"]
    code, highlights, _ = cli(capsys, other, "highlights", str(mine), "--json")
    by_note = {h["note"]: h for h in highlights}
    assert set(by_note) == {"mine", NOTE, ""}
    for h in highlights:  # re-anchored onto this copy's text
        assert own[h["start"] : h["end"]] == h["exact"] and not h["orphaned"]
    code, tags, _ = cli(capsys, other, "tags", "--json")
    assert [t["name"] for t in tags] == sorted(
        ["economy", "EU", "people", "sanctions", "TRADE", "Türkiye", "unused tag", "x"],
        key=str.casefold,
    )
    library = Library.open(other)
    rules = {r.text: r.label for r in EntityStore(library.conn).rules()}
    library.close()
    assert rules == {"Lagos": "LOC", "Grace  Wanjiru": "PERSON", "Tuesday": ""}

    # Again: everything is here now, nothing is added twice.
    assert_import_changes_nothing(capsys, other, backup, "--no-analyze")


def test_a_highlight_keeps_its_uuid_and_a_merged_library_follows_new_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    other = tmp_path / "other.sqlite"
    library = Library.open(other)
    article_id, _ = library.articles.add(ArticleDraft("Airline", NAIROBI))
    analyse(library, article_id, ("Nairobi", "GPE"))
    assert ("Lagos", "GPE") not in {(s.text, s.label) for s in EntityStore(library.conn).spans(1)}
    library.close()
    code, outcomes, _ = cli(capsys, other, "import", str(backup), "--no-analyze", "--json")
    assert code == 0 and outcomes[1] == {
        "path": str(backup),
        "id": article_id,
        "title": "Airline hub",
        "status": "duplicate",
        "updated": "merged from the backup: 1 highlight(s)",
        "merged": {"highlights": 1},
    }
    code, highlights, _ = cli(capsys, other, "highlights", str(article_id), "--json")
    code, originals, _ = cli(capsys, original, "highlights", "2", "--json")
    assert [h["id"] for h in highlights] == [h["id"] for h in originals]
    code, spans, _ = cli(capsys, other, "entities", str(article_id), "--json")
    found = {(s["text"], s["label"], s["source"]) for s in spans}
    assert {("Lagos", "GPE", "rule"), ("Grace Wanjiru", "PERSON", "rule")} <= found


# --- damaged and unusual files -------------------------------------------------------------


def test_truncated_backup_restores_what_is_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    data = backup.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: data.index(b'"title": "Rates held"') + 5])
    code, outcomes, err = cli(capsys, tmp_path / "new.sqlite", "import", str(cut), "--json")
    assert code == 1
    assert [o["status"] for o in outcomes] == ["imported", "imported", "error"]
    assert "cut short after 2 article(s)" in outcomes[2]["error"]
    assert "1 failed" in err


def test_bad_records_and_damage_are_reported_and_the_rest_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    header, *articles, end = backup.read_text(encoding="utf-8").splitlines()
    first = json.loads(articles[0].rstrip(","))
    first["highlights"][0]["start"] = "zero"
    second = json.loads(articles[1].rstrip(","))
    del second["text"]
    lines = [header, json.dumps(first) + ",", json.dumps(second) + ",", articles[2], end]
    damaged = tmp_path / "damaged.json"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "new.sqlite"
    code, outcomes, _ = cli(capsys, db, "import", str(damaged), "--json")
    assert code == 1
    assert [o["status"] for o in outcomes] == ["error", "error", "imported"]
    assert outcomes[0]["error"].endswith(
        "article 1 (“Steel talks”): “start” must be a whole number, 0 or more"
    )
    assert outcomes[1]["error"].endswith("article 2 (“Airline hub”): “text” is missing")

    broken = tmp_path / "broken.json"
    broken.write_text("\n".join([header, articles[0], "{oops},", articles[2], end]))
    code, outcomes, _ = cli(capsys, tmp_path / "b.sqlite", "import", str(broken), "--json")
    assert [o["status"] for o in outcomes] == ["imported", "error"]
    assert "damaged after 1 article(s)" in outcomes[1]["error"]
    assert "line 3" in outcomes[1]["error"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "written by a newer Reader (backup version 2"),
        ({"version": "1"}, "no valid version number"),
        ({"tags": "a, b"}, "header is damaged: “tags” must be a list of text"),
    ],
)
def test_unusable_headers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = tmp_path / "backup.json"
    document = {"format": "reader-backup", "version": 1, "tags": [], "articles": []}
    path.write_text(json.dumps({**document, **change}), encoding="utf-8")
    code, outcomes, _ = cli(capsys, tmp_path / "lib.sqlite", "import", str(path), "--json")
    assert code == 1
    [outcome] = outcomes
    assert outcome["status"] == "error" and message in outcome["error"]


def test_key_sorted_backup_still_restores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    export(original, backup)
    sorted_copy = tmp_path / "sorted.json"
    document = json.loads(backup.read_text(encoding="utf-8"))
    sorted_copy.write_text(json.dumps(document, sort_keys=True, indent=1), encoding="utf-8")
    restored = tmp_path / "restored.sqlite"
    code, outcomes, _ = cli(capsys, restored, "import", str(sorted_copy), "--json")
    assert code == 0 and len(outcomes) == 3
    assert snapshot(capsys, restored) == snapshot(capsys, original)


def test_ordinary_json_with_a_format_key_is_imported_as_articles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps({"format": "feed", "articles": [{"title": "A", "text": "Some words."}]}),
        encoding="utf-8",
    )
    code, outcomes, _ = cli(capsys, tmp_path / "lib.sqlite", "import", str(path), "--json")
    assert code == 0 and [o["status"] for o in outcomes] == ["imported"]


def test_empty_backup_restores_tags_and_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Library.open(tmp_path / "a.sqlite")
    source.tags.ensure("lonely")
    EntityService(source).add_rule("ACME", "ORG")
    report = export_backup(source, None, tmp_path / "empty.json")
    source.close()
    assert report.articles == 0
    code, outcomes, _ = cli(capsys, tmp_path / "b.sqlite", "import", str(report.path), "--json")
    assert code == 0 and outcomes == []
    code, tags, _ = cli(capsys, tmp_path / "b.sqlite", "tags", "--json")
    assert [t["name"] for t in tags] == ["lonely"]


def test_cancelled_export_leaves_no_file(tmp_path: Path, original: Path) -> None:
    target = tmp_path / "backup.json"
    target.write_text("earlier", encoding="utf-8")
    library = Library.open(original)
    seen: list[tuple[int, int]] = []
    report = export_backup(
        library,
        None,
        target,
        progress=lambda d, t: seen.append((d, t)),
        cancelled=lambda: bool(seen),
    )
    library.close()
    assert report.cancelled and seen == [(1, 3)]
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


def test_restore_reports_progress_and_stops_when_cancelled(tmp_path: Path, original: Path) -> None:
    from reader.services.restore import restore_path

    backup = tmp_path / "backup.json"
    export(original, backup)
    library = Library.open(tmp_path / "new.sqlite")
    seen: list[tuple[int, int]] = []
    outcomes = restore_path(
        library, backup, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2
    )
    assert outcomes is not None
    assert len(list(outcomes)) == 2
    assert seen == [(1, 3), (2, 3)]
    assert library.articles.count() == 2
    library.close()


def test_model_spans_keep_their_source(tmp_path: Path, original: Path) -> None:
    library = Library.open(original)
    spans = BackupStore(library.conn).effective_spans(1)
    library.close()
    assert {s.source for s in spans} == {EntitySource.MODEL, EntitySource.USER}


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 13, 64])
def test_restore_reads_pieces_of_any_size(
    tmp_path: Path, original: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every piece boundary (inside a literal, an escape, a number, a string) is met."""
    from reader.importers import backup as reading
    from reader.services.restore import restore_path

    backup = tmp_path / "backup.json"
    export(original, backup)
    monkeypatch.setattr(reading, "_CHUNK", chunk)
    library = Library.open(tmp_path / "new.sqlite")
    outcomes = list(restore_path(library, backup) or [])
    library.close()
    assert [o.status for o in outcomes] == ["imported"] * 3, outcomes


def test_a_backup_cut_anywhere_gives_a_message_never_an_exception(
    tmp_path: Path, original: Path
) -> None:
    from reader.services.restore import restore_path

    backup = tmp_path / "backup.json"
    export(original, backup)
    data = backup.read_bytes()
    cut = tmp_path / "cut.json"
    library = Library.open(tmp_path / "new.sqlite")
    try:
        for end in range(1, len(data) - 3, 41):
            cut.write_bytes(data[:end])
            outcomes = restore_path(library, cut)
            if outcomes is None:  # too little left to be recognised: an ordinary file
                assert b'"reader-backup"' not in data[:end]
                continue
            results = list(outcomes)
            assert results and results[-1].status == "error", end
            assert "cut short" in results[-1].error or "damaged" in results[-1].error
    finally:
        library.close()


def test_restored_articles_follow_the_rules_of_the_library_they_join(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, original: Path
) -> None:
    backup = tmp_path / "backup.json"
    assert export(original, backup, [2, 999]) == 1  # an id that is not there is skipped
    assert json.loads(backup.read_text(encoding="utf-8"))["article_count"] == 1
    other = tmp_path / "other.sqlite"
    library = Library.open(other)
    EntityService(library).add_rule("Kenya Airways", "")  # never an entity, here
    library.close()
    code, outcomes, _ = cli(capsys, other, "import", str(backup), "--no-analyze", "--json")
    assert code == 0 and [o["status"] for o in outcomes] == ["imported"]
    code, spans, _ = cli(capsys, other, "entities", str(outcomes[0]["id"]), "--json")
    texts = {s["text"] for s in spans}
    assert "Kenya Airways" not in texts and "Nairobi" in texts


def test_an_unwritable_target_is_a_clear_error(tmp_path: Path, original: Path) -> None:
    from reader.services.restore import BackupWriteError

    library = Library.open(original)
    try:
        with pytest.raises(BackupWriteError, match=r"cannot write the backup .*missing"):
            export_backup(library, None, tmp_path / "missing" / "backup.json")
        assert not library.conn.in_transaction
    finally:
        library.close()


def test_a_backup_from_before_correction_context_restores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A version-1 backup written before corrections had a context: each correction on its
    words applies (with its context taken from the text); one whose words are not at its
    offsets (the text was edited when corrections stayed put) is kept orphaned, never
    applied to the other words there."""
    start = LIMA.index("Julio Velarde")
    document = {
        "format": "reader-backup",
        "version": 1,
        "tags": [],
        "entity_rules": [],
        "articles": [
            {
                "id": 7,
                "title": "Rates held",
                "text": LIMA,
                "corrections": [
                    {"start": start, "end": start + 13, "label": "PERSON", "text": "Julio Velarde"},
                    {"start": 0, "end": 4, "label": "", "text": "LIMA"},
                    {"start": 5, "end": 12, "label": "ORG", "text": "Bolivia"},  # stale
                    {"start": 200, "end": 210, "label": "ORG", "text": "past the end"},
                ],
            }
        ],
    }
    backup = tmp_path / "old.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "restored.sqlite"
    code, outcomes, err = cli(capsys, db, "import", str(backup), "--no-analyze", "--json")
    assert code == 0, err
    assert [o["status"] for o in outcomes] == ["imported"]
    library = Library.open(db)
    try:
        store = EntityStore(library.conn)
        applying = store.corrections(7)
        assert [(c.span.text, c.prefix, c.suffix) for c in applying] == [
            ("Julio Velarde", LIMA[start - 32 : start], LIMA[start + 13 : start + 45]),
            ("LIMA", "", LIMA[4:36]),
        ]
        orphans = [c for c in store.corrections(7, orphaned=True) if c.orphaned]
        assert [c.span.text for c in orphans] == ["Bolivia", "past the end"]
    finally:
        library.close()
    # The orphans stay orphans through a backup of their own and a restore elsewhere.
    again = tmp_path / "again.json"
    assert export(db, again) == 1
    second = tmp_path / "second.sqlite"
    code, _outcomes, err = cli(capsys, second, "import", str(again), "--no-analyze", "--json")
    assert code == 0, err
    library = Library.open(second)
    try:
        restored = EntityStore(library.conn).corrections(7, orphaned=True)
        assert [(c.span.text, c.orphaned) for c in restored] == [
            ("Julio Velarde", False),
            ("LIMA", False),
            ("Bolivia", True),
            ("past the end", True),
        ]
    finally:
        library.close()
