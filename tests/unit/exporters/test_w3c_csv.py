"""W3C Web Annotation JSON-LD (checked by the W3C test suite's MUST assertions when
../shared is there) and the Readwise CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.core.model import Article, Highlight
from reader.exporters import readwise_csv, w3c
from reader.exporters.document import ExportDocument
from tests.conftest import REPO
from tests.unit.exporters.conftest import BREAKOUT_NOTE, SCRIPT_NOTE, SOURCE_URL, Annotated

CHECKER = next(
    (
        folder / "shared" / "conformance" / "check_w3c_annotations.py"
        for folder in (REPO.parent, REPO.parents[1])  # beside a checkout or its worktrees
        if (folder / "shared" / "conformance" / "check_w3c_annotations.py").exists()
    ),
    REPO.parent / "shared" / "conformance" / "check_w3c_annotations.py",
)


def items_of(document: ExportDocument) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = w3c.collection([document])["first"]["items"]
    return items


def test_collection_shape(annotated: Annotated) -> None:
    document = annotated.document()
    data = json.loads(w3c.render([document]))
    assert data["type"] == "AnnotationCollection"
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["total"] == len(document.highlights) == 6
    items = data["first"]["items"]
    assert [i["id"] for i in items] == [f"urn:uuid:{h.id}" for h in document.highlights]


def test_each_annotation(annotated: Annotated) -> None:
    document = annotated.document()
    items = items_of(document)
    by_id = {h.id: h for h in document.highlights}
    for item in items:
        h = by_id[str(item["id"]).removeprefix("urn:uuid:")]
        assert item["motivation"] == ("commenting" if h.note else "highlighting")
        bodies = item.get("body", [])
        bodies = bodies if isinstance(bodies, list) else [bodies]
        notes = [b["value"] for b in bodies if b["purpose"] == "commenting"]
        tags = [b["value"] for b in bodies if b["purpose"] == "tagging"]
        assert notes == ([h.note] if h.note else [])
        assert tags == list(h.tags)
        assert all(b["type"] == "TextualBody" for b in bodies)
        target = item["target"]
        assert isinstance(target, dict) and target["source"] == SOURCE_URL
        selectors = target["selector"]
        selectors = selectors if isinstance(selectors, list) else [selectors]
        kinds = {s["type"]: s for s in selectors}
        assert kinds["TextQuoteSelector"]["exact"] == h.exact
        if h.orphaned:
            assert "TextPositionSelector" not in kinds
        else:
            position = kinds["TextPositionSelector"]
            assert document.article.text[position["start"] : position["end"]] == h.exact
        assert str(item["created"]).endswith("Z") and str(item["modified"]).endswith("Z")
        assert target["styleClass"] == f"reader-{h.color}"
    notes = [json.dumps(i) for i in items]
    assert any(json.dumps(SCRIPT_NOTE)[1:-1] in n for n in notes)


def test_no_source_url_gives_a_stable_urn() -> None:
    article = Article(id=3, title="T", text="Some words here.", text_sha256="abc")
    h = Highlight("8d7a3b1e-0000-4000-8000-000000000001", 3, 5, 10, "words")
    first = w3c.annotation(ExportDocument(article, (h,)), h)
    again = w3c.annotation(ExportDocument(article, (h,)), h)
    source = first["target"]["source"]
    assert source.startswith("urn:uuid:") and source == again["target"]["source"]


@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/conformance is not here")
def test_passes_the_w3c_test_suite(annotated: Annotated, tmp_path: Path) -> None:
    other = Article(id=9, title="No URL", text="Plain words.", text_sha256="x")
    lone = Highlight("not-a-uuid", 9, 0, 5, "Plain", note="n", tags=("t",), created="2025")
    path = tmp_path / "export.jsonld"
    path.write_text(
        w3c.render([annotated.document(), ExportDocument(other, (lone,))]), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(": 0 failed")
    assert "7 annotations" in result.stdout


def test_readwise_csv(annotated: Annotated) -> None:
    document = annotated.document()
    text = readwise_csv.render([document, document])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    body = rows[1:]
    assert len(body) == 2 * len(document.highlights) == 12
    first = body[: len(document.highlights)]
    assert [r[0] for r in first] == [h.exact for h in document.highlights]
    assert all(r[1] == document.article.title and r[3] == SOURCE_URL for r in first)
    assert first[0][4] == f".yellow .climate .to_check {SCRIPT_NOTE}"
    assert first[2][4] == f".green {BREAKOUT_NOTE}"
    assert first[-1][0] == "Talks resume on Tuesday" and first[-1][4].endswith("Orphan note")
    assert [r[5] for r in first] == ["1", "2", "3", "4", "5", "6"]
    assert all(len(r[6]) == 19 and r[6][10] == " " for r in first)
