"""Build one fixture library per schema version: v1.sqlite, v2.sqlite, ...

Each fixture is made by applying the migrations up to its version only, then filling it
with plain SQL written for that version's tables (never through the store, whose code
follows the newest schema). tests/unit/store/test_migrations.py copies each fixture,
opens it with the current Reader and checks that nothing was lost on the way up.

    uv run python tests/data/schemas/make_fixtures.py           # build missing fixtures
    uv run python tests/data/schemas/make_fixtures.py --force   # rebuild them all

A new schema version N needs: an entry `N: [...]` in FIXTURES (the fillers that write
version N's data, reusing the older ones while their tables are unchanged), probes in
SEARCH_PROBES if it adds articles, then a run of this script, which builds only vN.sqlite.
The committed files of older versions are the point of the exercise: do not rebuild them
after a release (`--force` is for a version still in development).
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as a script from anywhere in the checkout
    sys.path.insert(0, str(HERE.parents[2]))

from reader.store.migrations import MIGRATIONS  # noqa: E402

Filler = Callable[[sqlite3.Connection], None]

STAMP = "2026-03-14T09:26:53+00:00"
LATER = "2026-03-15T18:02:11+00:00"

# --- version 1: articles (FTS), tags, highlights, notes ------------------------------------

ARTICLES: list[dict[str, object]] = [
    {
        "id": 1,
        "title": "Steel tariff talks resume in Geneva",
        "section": "World / Europe",
        "byline": "By Ana Ferreira and Jonas Weiß",
        "source_url": "https://news.example.org/world/geneva-steel-talks?id=41&lang=en",
        "site": "news.example.org",
        "published": "2026-03-12T07:45:00+01:00",
        "text": (
            "GENEVA (Wire) — Negotiators from the European Commission and the United States "
            "met in Geneva on Thursday to resume talks on steel tariffs, officials said.\n\n"
            "“We are closer than we were in Zürich,” said Maria Castellanos, who leads the "
            "Commission’s team. Tariffs of 25 % on €4.2 billion of goods remain in place.\n\n"
            "Castellanos said a deal could come “within weeks”, while the U.S. side "
            "declined to comment."
        ),
        "read_position": 120,
        "is_read": 1,
        "note": "Follow up with the **port authority**.\nSee also the ‘Rotterdam’ piece. 📌",
    },
    {
        "id": 2,
        "title": "Λιμάνι του Πειραιά: new cranes for Piraeus",
        "section": "Business > Shipping",
        "byline": "Ελένη Παπαδοπούλου",
        "source_url": "https://example.gr/ειδήσεις/πειραιάς",
        "site": "example.gr",
        "published": "2026-02",
        "text": (
            "ΠΕΙΡΑΙΑΣ — Ο Οργανισμός Λιμένος Πειραιώς παρέλαβε τρεις νέους γερανούς.\n\n"
            "The Piraeus Port Authority took delivery of three new cranes on Monday, "
            "its chairman Nikos Andreou told reporters in Athens. Crème brûlée was served."
        ),
        "read_position": 0,
        "is_read": 0,
        "note": "",
    },
    {
        "id": 3,
        "title": "東京 festival draws record crowds 🎉",
        "section": "",
        "byline": "",
        "source_url": "",
        "site": "",
        "published": "",
        "text": (
            "TOKYO — 東京 hosted its spring festival 🎉 on Sunday; organisers counted "
            "1.2 million visitors 🌸 across Shibuya and Asakusa.\n\n"
            "Mayor Keiko Tanaka said the 𝔣𝔢𝔰𝔱𝔦𝔳𝔞𝔩 would return next year."
        ),
        "read_position": 40,
        "is_read": 0,
        "note": "Astral characters before every highlight: offsets are code points.",
    },
    {
        "id": 4,
        "title": "Untitled",
        "section": "",
        "byline": "",
        "source_url": "",
        "site": "",
        "published": "",
        # Decomposed accents, a tab and a lone trailing space: stored exactly, never
        # normalised.
        "text": "Cafe\u0301 owners in Reykjavi\u0301k\tmet on Friday. ",
        "read_position": 0,
        "is_read": 0,
        "note": "",
    },
]

TAGS = [(1, "trade"), (2, "Ελλάδα"), (3, "to read"), (4, "climate 🌍")]
ARTICLE_TAGS = [(1, 1), (1, 3), (2, 2), (2, 1), (3, 4)]


def text_of(article_id: int) -> str:
    return str(next(a["text"] for a in ARTICLES if a["id"] == article_id))


def fingerprint(text: str) -> str:
    """articles.text_sha256 as v1 defines it: the words joined by single spaces."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def locate(article_id: int, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Code-point offsets of the n-th `quote` in the article's text."""
    text = text_of(article_id)
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def _highlight(
    hid: str, article_id: int, quote: str, color: str, note: str, *, orphaned: int = 0
) -> tuple[object, ...]:
    text = text_of(article_id)
    start, end = locate(article_id, quote)
    return (
        hid,
        article_id,
        start,
        end,
        quote,
        text[max(0, start - 32) : start],
        text[end : end + 32],
        color,
        note,
        orphaned,
        STAMP,
        LATER if note else STAMP,
    )


HIGHLIGHTS = [
    _highlight(
        "3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a01",
        1,
        "We are closer than we were in Zürich",
        "yellow",
        "Compare with the *Zürich* round.\nAsk: which tariffs?",
    ),
    # Overlaps the first one.
    _highlight("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a02", 1, "Maria Castellanos", "green", ""),
    _highlight("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a03", 1, "€4.2 billion", "pink", "€ → $ ≈ ?"),
    _highlight("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a04", 2, "Nikos Andreou", "blue", "Πρόεδρος ΟΛΠ"),
    _highlight(
        "3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a05",
        3,
        "1.2 million visitors",
        "yellow",
        "after 🎉: position ≠ UTF-16 index",
    ),
    _highlight("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a06", 3, "𝔣𝔢𝔰𝔱𝔦𝔳𝔞𝔩", "purple", ""),
]
# An orphan: its quote no longer matches anywhere in the text, and it must survive.
HIGHLIGHTS.append(
    (
        "3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a07",
        2,
        10,
        24,
        "four old cranes",
        "",
        "",
        "yellow",
        "Text changed after an edit.",
        1,
        STAMP,
        LATER,
    )
)
HIGHLIGHT_TAGS = [
    ("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a01", 1),
    ("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a01", 3),
    ("3f2b8c1e-7d4a-4e0b-9a51-0c6f2d1e8a04", 2),
]
META = [("samples_seeded", "1")]


def fill_library(conn: sqlite3.Connection) -> None:
    """Version 1's tables, written as v1 defines them."""
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", META)
    for a in ARTICLES:
        text = str(a["text"])
        conn.execute(
            """INSERT INTO articles (id, title, section, byline, source_url, site, published,
                   imported_at, modified, text, text_sha256, word_count, read_position,
                   is_read, note)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                a["id"],
                a["title"],
                a["section"],
                a["byline"],
                a["source_url"],
                a["site"],
                a["published"],
                STAMP,
                LATER if a["note"] else STAMP,
                text,
                fingerprint(text),
                len(text.split()),
                a["read_position"],
                a["is_read"],
                a["note"],
            ),
        )
    conn.executemany("INSERT INTO tags (id, name) VALUES (?, ?)", TAGS)
    conn.executemany("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)", ARTICLE_TAGS)
    conn.executemany(
        """INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, color,
               note, orphaned, created, modified)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        HIGHLIGHTS,
    )
    conn.executemany(
        "INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)", HIGHLIGHT_TAGS
    )


# --- version 2: entities, corrections, rules ----------------------------------------------

MODEL_VERSION = "en_core_web_sm-3.8.0+tok2vec,ner"


def _span(article_id: int, quote: str, label: str, occurrence: int = 1) -> tuple[object, ...]:
    start, end = locate(article_id, quote, occurrence)
    return (article_id, start, end, label, quote)


MODEL_ENTITIES = [
    _span(1, "GENEVA", "GPE"),
    _span(1, "European Commission", "ORG"),
    _span(1, "the United States", "GPE"),
    _span(1, "Geneva", "GPE"),
    _span(1, "Thursday", "DATE"),
    _span(1, "Zürich", "GPE"),
    _span(1, "Maria Castellanos", "PERSON"),
    _span(1, "Castellanos", "ORG", 2),  # the model's mistake, fixed by consistency
    _span(2, "Piraeus Port Authority", "ORG"),
    _span(2, "Nikos Andreou", "PERSON"),
    _span(2, "Athens", "GPE"),
    _span(3, "東京", "GPE"),
    _span(3, "Sunday", "DATE"),
    _span(3, "1.2 million", "CARDINAL"),
    _span(3, "Keiko Tanaka", "PERSON"),
]
# The effective spans: model + consistency + rules + the user's corrections.
ENTITIES = [
    (*_span(1, "GENEVA", "GPE"), "model"),
    (*_span(1, "European Commission", "ORG"), "model"),
    (*_span(1, "the United States", "GPE"), "model"),
    (*_span(1, "Geneva", "GPE"), "model"),
    (*_span(1, "Thursday", "DATE"), "model"),
    (*_span(1, "Zürich", "GPE"), "model"),
    (*_span(1, "Maria Castellanos", "PERSON"), "model"),
    (*_span(1, "Castellanos", "PERSON", 2), "model"),
    (*_span(1, "€4.2 billion", "MONEY"), "user"),
    (*_span(2, "Piraeus Port Authority", "ORG"), "model"),
    (*_span(2, "Nikos Andreou", "PERSON"), "model"),
    (*_span(2, "Athens", "GPE"), "model"),
    (*_span(2, "Πειραιώς", "GPE"), "rule"),
    (*_span(3, "東京", "GPE"), "model"),
    (*_span(3, "Sunday", "DATE"), "model"),
    (*_span(3, "Shibuya", "LOC"), "rule"),
    (*_span(3, "Keiko Tanaka", "PERSON"), "model"),
]
ENTITY_RUNS = [
    (1, MODEL_VERSION, fingerprint(text_of(1)), STAMP),
    (2, MODEL_VERSION, fingerprint(text_of(2)), STAMP),
    # Analysed with an older model: due for a new run after the upgrade.
    (3, "en_core_web_sm-3.7.1+tok2vec,ner", fingerprint(text_of(3)), STAMP),
]
# Label "" = "no entity here".
ENTITY_CORRECTIONS = [
    (1, 1, *locate(1, "€4.2 billion"), "MONEY", "€4.2 billion", LATER),
    (2, 3, *locate(3, "1.2 million"), "", "1.2 million", LATER),
]
ENTITY_RULES = [
    (1, "Πειραιώς", "GPE", LATER),
    (2, "Shibuya", "LOC", LATER),
    (3, "Wire", "", LATER),  # never an entity
]


def fill_entities(conn: sqlite3.Connection) -> None:
    """Version 2's tables, written as v2 defines them."""
    conn.executemany(
        "INSERT INTO entity_runs (article_id, model_version, text_sha256, analysed_at)"
        " VALUES (?, ?, ?, ?)",
        ENTITY_RUNS,
    )
    conn.executemany(
        'INSERT INTO model_entities (article_id, start, "end", label, text) VALUES (?, ?, ?, ?, ?)',
        MODEL_ENTITIES,
    )
    conn.executemany(
        'INSERT INTO entities (article_id, start, "end", label, text, source)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        ENTITIES,
    )
    conn.executemany(
        'INSERT INTO entity_corrections (id, article_id, start, "end", label, text, created)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        ENTITY_CORRECTIONS,
    )
    conn.executemany(
        "INSERT INTO entity_rules (id, text, label, created) VALUES (?, ?, ?, ?)", ENTITY_RULES
    )


# --- version 4: corrections keep a quote's context and can be orphaned --------------------


def _context(article_id: int, quote: str) -> tuple[str, str]:
    text = text_of(article_id)
    start, end = locate(article_id, quote)
    return text[max(0, start - 32) : start], text[end : end + 32]


# An orphan: an edit removed its words ("four old cranes" is not in article 2's text).
ORPHANED_CORRECTION = (
    3,
    2,
    10,
    25,
    "ORG",
    "four old cranes",
    "ΠΕΙΡΑΙΑΣ — Ο Οργανισμός Λιμένος",
    " arrived on Monday",
    1,
    LATER,
)


def fill_correction_anchors(conn: sqlite3.Connection) -> None:
    """Version 4's columns of entity_corrections: the context of each, and an orphan."""
    for correction_id, article_id, quote in ((1, 1, "€4.2 billion"), (2, 3, "1.2 million")):
        prefix, suffix = _context(article_id, quote)
        conn.execute(
            "UPDATE entity_corrections SET prefix = ?, suffix = ? WHERE id = ?",
            (prefix, suffix, correction_id),
        )
    conn.execute(
        'INSERT INTO entity_corrections (id, article_id, start, "end", label, text, prefix,'
        " suffix, orphaned, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ORPHANED_CORRECTION,
    )


# --- the fixture set ----------------------------------------------------------------------

# Version 3 adds no table of its own, only the annotations' search index (annotations_fts)
# and the triggers that keep it in step: the same data, written with v3's SQL, fills it.
# Version 5 adds tag_usage, likewise filled by its triggers.
FIXTURES: dict[int, list[Filler]] = {
    1: [fill_library],
    2: [fill_library, fill_entities],
    3: [fill_library, fill_entities],
    4: [fill_library, fill_entities, fill_correction_anchors],
    5: [fill_library, fill_entities, fill_correction_anchors],
}
"""Schema version -> the fillers that write its data (in order)."""

SEARCH_PROBES: list[tuple[str, int]] = [
    ("tariffs", 1),
    ("zurich", 1),  # diacritics folded by the tokenizer
    ('"Maria Castellanos"', 1),
    ("πειραιά", 2),
    ("cranes", 2),
    ("Shibuya", 3),
    ("festival", 3),
    ("reykjavik", 4),
]
"""(query, id of an article it must find) in every fixture."""

ANNOTATION_PROBES: list[tuple[str, int]] = [
    ("Rotterdam", 1),  # the article's note
    ('"port authority"', 1),  # the note (article 2 has it in its text)
    ('"which tariffs"', 1),  # a highlight's note
    ("Πρόεδρος", 2),  # a highlight's note, Greek
    ('"four old cranes"', 2),  # an orphaned highlight's quote
    ("astral", 3),  # the article's note
    ("UTF-16", 3),  # a highlight's note
]
"""(query, id of an article found only through its notes or highlights) in every fixture,
once migrated to schema v3 or later."""


def fixture_path(version: int) -> Path:
    return HERE / f"v{version}.sqlite"


def build(version: int, path: Path) -> None:
    """Apply migrations 1..version, fill the tables for that version, compact the file."""
    if version not in FIXTURES:
        raise SystemExit(f"No fillers for schema v{version}: add FIXTURES[{version}] first.")
    if version > len(MIGRATIONS):
        raise SystemExit(f"Schema v{version} does not exist (newest: v{len(MIGRATIONS)}).")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        for number in range(1, version + 1):
            conn.execute("BEGIN")
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        conn.execute("BEGIN")
        for fill in FIXTURES[version]:
            fill(conn)
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"v{version}: foreign key problems {problems}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--force", action="store_true", help="rebuild existing fixtures too")
    args = parser.parse_args(argv)
    for version in range(1, len(MIGRATIONS) + 1):
        path = fixture_path(version)
        if path.exists() and not args.force:
            print(f"v{version}: kept {path.name}")
            continue
        build(version, path)
        print(f"v{version}: built {path.name} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
