"""Killed at any moment, Reader keeps everything it reported saved.

A driver process (tests/e2e/annotation_driver.py) adds highlights, notes and tags through
the same services as the GUI and reader-cli, printing a line after each commit. It is
killed with SIGKILL at a random moment, many times over; after each kill the library
must pass `PRAGMA integrity_check` and hold every change reported saved.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from tests.e2e.conftest import REPO, app_env

pytestmark = pytest.mark.e2e

DRIVER = Path(__file__).with_name("annotation_driver.py")
ROUNDS = 30
WORDS = [
    "grain",
    "corridor",
    "ports",
    "sanctions",
    "talks",
    "ministers",
    "ships",
    "wheat",
    "insurance",
    "Odesa",
]


def make_library(path: Path) -> None:
    rng = random.Random(7)
    library = Library.open(path)
    drafts = [
        ArticleDraft(
            title=f"Article {n}", text=" ".join(rng.choice(WORDS) for _ in range(300)) + "."
        )
        for n in range(8)
    ]
    library.import_drafts(drafts, "test")
    library.close()


def run_and_kill(db: Path, seed: int, env: dict[str, str], delay: float) -> list[dict[str, Any]]:
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db), str(seed)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # "ready": imports done, library open
    assert b"ready" in first, process.stderr.read() if process.stderr else b""
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, err.decode()
    lines = out.decode().split("\n")
    complete = lines[:-1]  # the last piece may be cut mid-line by the kill
    return [json.loads(line) for line in complete if line]


def check(db: Path, events: list[dict[str, Any]]) -> None:
    """Every `saved` change is there; a note is the last saved (none: empty) or one
    begun after it."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    library = Library.open(db)
    service = AnnotationService(library)
    allowed_notes: dict[int, set[str]] = {}
    try:
        for event in events:
            if event["kind"] == "begin" and event["op"] == "note":
                # Killed before its commit, the note is still the last saved one ("" when
                # none was): that is allowed too.
                allowed_notes.setdefault(event["article"], {""}).add(event["note"])
            if event["kind"] != "saved":
                continue
            if event["op"] == "highlight":
                highlight = service.highlight(event["id"])
                assert highlight is not None, event
                got = (highlight.article_id, highlight.start, highlight.end, highlight.color)
                assert got == (event["article"], event["start"], event["end"], event["color"])
                assert highlight.note == event["note"]
                assert list(highlight.tags) == event["tags"]
            elif event["op"] == "note":
                allowed_notes[event["article"]] = {event["note"]}  # older ones are gone
            else:
                assert event["tag"] in library.tags.for_article(event["article"]), event
        for article_id, notes in allowed_notes.items():
            article = library.get(article_id)
            assert article is not None and article.note in notes, (article_id, notes)
    finally:
        library.close()


def test_sigkill_at_random_moments_loses_nothing_reported_saved(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    make_library(db)
    env = app_env(tmp_path / "env")
    rng = random.Random(20261127)
    started = time.monotonic()
    history: list[dict[str, Any]] = []
    for seed in range(ROUNDS):
        events = run_and_kill(db, seed, env, delay=rng.uniform(0.0, 0.25))
        history += events  # every earlier round's saved changes must survive too
        check(db, history)
    elapsed = time.monotonic() - started
    saved = sum(1 for e in history if e["kind"] == "saved")
    print(f"{ROUNDS} kills, {saved} changes reported saved, all found, {elapsed:.1f} s")
    assert saved > ROUNDS  # it did real work
