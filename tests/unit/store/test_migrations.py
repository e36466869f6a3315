"""Every past schema migrates to the current one without losing anything.

The fixtures in tests/data/schemas (one per schema version, built by make_fixtures.py
with that version's own SQL) are copied, opened with the current Reader and compared,
row by row, with what they held before.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.services.library import Library
from reader.store import migrations
from reader.store.db import LibraryError, NewerSchemaError
from reader.store.entities import EntityStore
from reader.store.migrations import CURRENT_VERSION
from reader.store.query import LibraryQuery
from reader.store.tags import TagStats
from tests.data.schemas import make_fixtures
from tests.unit.store import tag_reference

FIXTURES = make_fixtures.HERE
VERSIONS = sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.sqlite") if p.stem[1:].isdigit())

Snapshot = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def fixture(version: int) -> Path:
    path = make_fixtures.fixture_path(version)
    if not path.exists():
        pytest.fail(
            f"No fixture database for schema v{version}: add FIXTURES[{version}] to "
            "tests/data/schemas/make_fixtures.py and run "
            "`uv run python tests/data/schemas/make_fixtures.py`."
        )
    return path


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def plain_tables(conn: sqlite3.Connection) -> list[str]:
    """User tables, without FTS5's virtual tables and their shadow tables."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return sorted(
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    )


def snapshot(conn: sqlite3.Connection, like: Snapshot | None = None) -> Snapshot:
    """Every row of every table (only the tables and columns of `like`, when given)."""
    result: Snapshot = {}
    tables = list(like) if like is not None else plain_tables(conn)
    for table in tables:
        if like is not None:
            columns = like[table][0]
        else:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {names}').fetchall()
        result[table] = (columns, [tuple(row) for row in rows])
    return result


def schema(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


@pytest.fixture(params=VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def migrated(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[int, Snapshot, Library]]:
    """(version, the fixture's content before, the library opened on a copy of it)."""
    version: int = request.param
    source = fixture(version)
    conn = read_only(source)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        before = snapshot(conn)
    finally:
        conn.close()
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    library = Library.open(copy)
    try:
        yield version, before, library
    finally:
        library.close()


# --- coverage of the fixture set ----------------------------------------------------------


def test_every_schema_version_has_a_fixture() -> None:
    missing = [v for v in range(1, CURRENT_VERSION + 1) if v not in VERSIONS]
    assert not missing, (
        f"Schema version(s) {missing} have no fixture database in {FIXTURES}: add "
        "FIXTURES[N] (data written with that version's SQL) to make_fixtures.py and run "
        "`uv run python tests/data/schemas/make_fixtures.py`, then commit the new vN.sqlite."
    )
    assert set(make_fixtures.FIXTURES) >= set(range(1, CURRENT_VERSION + 1))
    assert max(VERSIONS) <= CURRENT_VERSION, "a fixture for a schema this Reader lacks"


@pytest.mark.parametrize("version", VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def test_fixture_is_small_clean_and_of_its_version(version: int) -> None:
    path = fixture(version)
    assert path.stat().st_size < 200_000
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()
    conn = read_only(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in plain_tables(conn)
        }
    finally:
        conn.close()
    empty = [table for table, count in counts.items() if count == 0]
    assert not empty, f"v{version} fixture has empty tables {empty}: fill them in make_fixtures.py"


# --- migrating each fixture ---------------------------------------------------------------


def test_fixture_migrates_to_current_without_loss(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    version, before, library = migrated
    conn = library.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    after = snapshot(conn, like=before)
    for table, (_columns, rows) in before.items():
        assert after[table][1] == rows, f"{table} changed migrating from v{version}"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # The FTS indexes still match what they index.
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO annotations_fts(annotations_fts) VALUES ('integrity-check')")


def test_migrated_articles_read_back_through_the_library(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    _version, before, library = migrated
    columns, rows = before["articles"]
    assert len(rows) == len(make_fixtures.ARTICLES)
    tag_names = dict(before["tags"][1])
    for row in rows:
        stored = dict(zip(columns, row, strict=True))
        article = library.get(int(stored["id"]))  # type: ignore[call-overload]
        assert article is not None
        expected = next(a for a in make_fixtures.ARTICLES if a["id"] == article.id)
        for field in ("title", "text", "section", "byline", "source_url", "site", "published"):
            assert getattr(article, field) == expected[field] == stored[field], field
        assert article.note == expected["note"]
        assert article.read_position == expected["read_position"]
        assert article.is_read == bool(expected["is_read"])
        assert article.text_sha256 == stored["text_sha256"]
        tags = {tag_names[t] for a, t in before["article_tags"][1] if a == article.id}
        assert set(article.tags) == tags
    summaries = {s.id: s for s in library.list()}
    assert set(summaries) == {a["id"] for a in make_fixtures.ARTICLES}
    for article_id, count in [(1, 3), (2, 2), (3, 2), (4, 0)]:
        assert summaries[article_id].highlight_count == count


def test_migrated_highlights_keep_offsets_quotes_and_notes(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    _version, _before, library = migrated
    rows = library.conn.execute(
        'SELECT id, article_id, start, "end", exact, prefix, suffix, color, note, orphaned,'
        " created, modified FROM highlights ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == sorted(make_fixtures.HIGHLIGHTS)
    for row in rows:
        if not row["orphaned"]:
            text = library.get(row["article_id"]).text  # type: ignore[union-attr]
            assert text[row["start"] : row["end"]] == row["exact"]
    tagged = library.conn.execute(
        "SELECT highlight_id, tag_id FROM highlight_tags ORDER BY highlight_id, tag_id"
    ).fetchall()
    assert [tuple(r) for r in tagged] == sorted(make_fixtures.HIGHLIGHT_TAGS)


@pytest.mark.parametrize(("query", "article_id"), make_fixtures.SEARCH_PROBES)
def test_migrated_library_is_searchable(
    migrated: tuple[int, Snapshot, Library], query: str, article_id: int
) -> None:
    _version, _before, library = migrated
    assert article_id in [s.id for s in library.search(query)]


@pytest.mark.parametrize(("query", "article_id"), make_fixtures.ANNOTATION_PROBES)
def test_migrated_notes_and_highlights_are_searchable(
    migrated: tuple[int, Snapshot, Library], query: str, article_id: int
) -> None:
    _version, _before, library = migrated
    assert article_id in [s.id for s in library.search(query)]
    assert article_id in library.articles.query_ids(LibraryQuery(search=query))  # by date


def test_migrated_annotation_index_holds_every_note_and_quote(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    """One row per annotated article (rowid = article id): its note and its highlights'
    notes, and its highlights' quotes; indexed by the v3 migration for older libraries."""
    _version, _before, library = migrated
    rows = {
        row[0]: (row[1], row[2])
        for row in library.conn.execute("SELECT rowid, notes, quotes FROM annotations_fts")
    }
    annotated = {a["id"] for a in make_fixtures.ARTICLES if a["note"]}
    annotated |= {h[1] for h in make_fixtures.HIGHLIGHTS}
    assert set(rows) == annotated
    for article in make_fixtures.ARTICLES:
        if article["id"] not in rows:
            continue
        notes, quotes = rows[article["id"]]  # type: ignore[index]
        assert str(article["note"]) in notes
        for h in make_fixtures.HIGHLIGHTS:
            if h[1] == article["id"]:
                assert str(h[4]) in quotes
                assert str(h[8]) in notes


def test_migrated_annotation_index_follows_later_edits(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    _version, _before, library = migrated
    conn = library.conn
    conn.execute("UPDATE articles SET note = 'Ask the harbour master' WHERE id = 4")
    assert [s.id for s in library.search("harbour")] == [4]
    conn.execute("UPDATE articles SET note = '' WHERE id = 1")
    assert 1 not in [s.id for s in library.search("Rotterdam")]
    conn.execute("DELETE FROM highlights WHERE article_id = 2")
    assert 2 not in [s.id for s in library.search("Πρόεδρος")]
    conn.execute("DELETE FROM articles WHERE id = 3")
    assert library.search("astral") == []
    conn.execute("INSERT INTO annotations_fts(annotations_fts) VALUES ('integrity-check')")
    assert {r[0] for r in conn.execute("SELECT rowid FROM annotations_fts")} == {1, 4}


def test_migrated_entities_read_back(migrated: tuple[int, Snapshot, Library]) -> None:
    version, _before, library = migrated
    if version < 2:
        pytest.skip("entities arrived in schema v2")
    store = EntityStore(library.conn)
    spans = store.spans(1)
    assert {(s.text, s.label, str(s.source)) for s in spans} >= {
        ("Maria Castellanos", "PERSON", "model"),
        ("€4.2 billion", "MONEY", "user"),
    }
    text = library.get(3).text  # type: ignore[union-attr]
    for span in store.spans(3):
        assert text[span.start : span.end] == span.text
    assert {(r.text, r.label) for r in store.rules()} == {
        (text, label) for _id, text, label, _created in make_fixtures.ENTITY_RULES
    }
    corrections = store.corrections(3)
    assert [(c.span.text, c.span.label) for c in corrections] == [("1.2 million", "")]
    assert store.is_analysed(1)
    assert not store.is_analysed(4)


def test_migrated_corrections_have_their_context(migrated: tuple[int, Snapshot, Library]) -> None:
    """Schema v4: every correction that applies has its quote's context from the text, so
    that it follows its words when the text changes; orphans stay apart."""
    version, _before, library = migrated
    if version < 2:
        pytest.skip("corrections arrived in schema v2")
    store = EntityStore(library.conn)
    applying = [c for article in (1, 2, 3) for c in store.corrections(article)]
    assert sorted(c.span.text for c in applying) == ["1.2 million", "€4.2 billion"]
    for c in applying:
        article = library.get(_article_of(library, c.id))
        assert article is not None
        text = article.text
        assert text[c.span.start : c.span.end] == c.span.text
        assert c.prefix == text[max(0, c.span.start - 32) : c.span.start]
        assert c.suffix == text[c.span.end : c.span.end + 32]
        assert not c.orphaned
    orphans = [c for c in store.corrections(2, orphaned=True) if c.orphaned]
    if version >= 4:
        [orphan] = orphans
        assert (orphan.span.text, orphan.span.label) == ("four old cranes", "ORG")
        assert orphan.prefix == make_fixtures.ORPHANED_CORRECTION[6]
    else:
        assert orphans == []


def _article_of(library: Library, correction_id: int) -> int:
    row = library.conn.execute(
        "SELECT article_id FROM entity_corrections WHERE id = ?", (correction_id,)
    ).fetchone()
    return int(row[0])


def test_v4_orphans_corrections_an_earlier_edit_left_on_other_words(tmp_path: Path) -> None:
    """Before v4 an edit of the text left corrections at their old offsets: those whose
    words are not there any more are orphaned (kept, not applied), not left applying to
    whatever words are there now; the others keep applying."""
    path = tmp_path / "library.sqlite"
    shutil.copyfile(fixture(3), path)
    text = make_fixtures.text_of(1)
    stale = [
        # "Maria Castellanos" shifted by an edit before it: other words there now.
        (
            10,
            1,
            text.index("Maria Castellanos") + 4,
            text.index("Maria Castellanos") + 21,
            "PERSON",
            "Maria Castellanos",
        ),
        (11, 1, len(text) - 3, len(text) + 9, "ORG", "past the end"),  # ends past the text
        (12, 1, 0, 0, "", ""),  # empty: applies to nothing
        (13, 4, 0, 5, "ORG", "Cafe\u0301"),  # on its words, decomposed accent: applies
    ]
    raw = sqlite3.connect(path)
    raw.executemany(
        'INSERT INTO entity_corrections (id, article_id, start, "end", label, text, created)'
        " VALUES (?, ?, ?, ?, ?, ?, 'then')",
        stale,
    )
    raw.commit()
    raw.close()
    library = Library.open(path)
    try:
        store = EntityStore(library.conn)
        state = {c.id: c for a in (1, 4) for c in store.corrections(a, orphaned=True)}
        assert [i for i, c in sorted(state.items()) if c.orphaned] == [10, 11, 12]
        for i in (10, 11, 12):  # kept as they were, without a context to guess with
            assert (state[i].span.start, state[i].prefix, state[i].suffix) == (
                stale[i - 10][2],
                "",
                "",
            )
        assert (state[13].prefix, state[13].suffix) == ("", make_fixtures.text_of(4)[5:37])
        assert [c.id for c in store.corrections(1)] == [1]
    finally:
        library.close()


def test_migrated_tag_counts_are_those_of_the_links(
    migrated: tuple[int, Snapshot, Library],
) -> None:
    """tag_usage (schema v5) counts what each fixture holds, counted by the v5 migration
    for older libraries, and keeps counting through later edits."""
    _version, _before, library = migrated
    conn = library.conn
    assert (
        library.tags.usage()
        == tag_reference.usage(conn)
        == [
            TagStats("climate 🌍", articles=1, highlights=0, listed=1),
            TagStats("to read", articles=1, highlights=1, listed=1),  # the same article
            TagStats("trade", articles=2, highlights=1, listed=2),
            TagStats("Ελλάδα", articles=1, highlights=1, listed=1),
        ]
    )
    conn.execute("DELETE FROM article_tags WHERE article_id = 1")  # a highlight keeps 1 listed
    conn.execute("DELETE FROM highlights WHERE article_id = 2")
    conn.execute("DELETE FROM articles WHERE id = 3")
    assert (
        library.tags.usage()
        == tag_reference.usage(conn)
        == [
            TagStats("climate 🌍", articles=0, highlights=0, listed=0),
            TagStats("to read", articles=0, highlights=1, listed=1),
            TagStats("trade", articles=1, highlights=1, listed=2),
            TagStats("Ελλάδα", articles=1, highlights=0, listed=1),
        ]
    )


# --- refusing and failing safely ----------------------------------------------------------


def test_newer_schema_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "from-the-future.sqlite"
    shutil.copyfile(fixture(max(VERSIONS)), path)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Reader"):
        Library.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no -wal, no -shm


class _FailAfter:
    """A connection that lets `allowed` statements through, then fails like a full disk."""

    def __init__(self, conn: sqlite3.Connection, allowed: int) -> None:
        self._conn = conn
        self._left = allowed

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if self._left <= 0:
            raise sqlite3.OperationalError("database or disk is full (simulated)")
        self._left -= 1
        return self._conn.execute(sql, *args)


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION + 1), ids=lambda v: f"v{v}")
def test_migration_failing_midway_leaves_previous_version(
    version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration `version` fails after its first statement: the file stays at version-1."""
    path = tmp_path / "library.sqlite"
    if version > 1:
        shutil.copyfile(fixture(version - 1), path)
    else:
        sqlite3.connect(path).close()  # an empty file, as a first start creates
    conn = read_only(path)
    before_schema, before_rows = schema(conn), snapshot(conn)
    conn.close()

    real = migrations.MIGRATIONS[version - 1]
    broken = list(migrations.MIGRATIONS)
    broken[version - 1] = lambda conn: real(_FailAfter(conn, 1))  # type: ignore[arg-type]
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(LibraryError, match="simulated"):
        Library.open(path)

    conn = read_only(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version - 1
        assert schema(conn) == before_schema
        assert snapshot(conn) == before_rows
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()

    monkeypatch.undo()  # the real migration now completes from where the failed one left
    library = Library.open(path)
    try:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    finally:
        library.close()
