from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.model import ArticleDraft
from reader.services.library import Library
from reader.store.query import LibraryQuery
from reader.ui.library_model import PAGE, TITLE, LibraryModel


def test_model_passes_qtmodeltester(qtmodeltester: object, library: Library) -> None:
    for index in range(30):
        library.articles.add(ArticleDraft(f"Article {index}", f"Body number {index}.", tags=("t",)))
    model = LibraryModel(library.articles.summaries)
    model.set_ids(library.articles.query_ids(LibraryQuery()))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_rows_are_fetched_a_page_at_a_time(library: Library) -> None:
    ids = [library.articles.add(ArticleDraft(f"T{i}", f"text {i}"))[0] for i in range(PAGE * 3)]
    calls: list[int] = []

    def fetch(chunk: object) -> list[object]:
        calls.append(len(chunk))  # type: ignore[arg-type]
        return library.articles.summaries(chunk)  # type: ignore[arg-type]

    model = LibraryModel(fetch)  # type: ignore[arg-type]
    model.set_ids(ids)
    assert calls == []
    assert model.data(model.index(5, TITLE)) == "T5"
    assert model.data(model.index(PAGE - 1, TITLE)) == f"T{PAGE - 1}"
    assert calls == [PAGE]
    model.data(model.index(PAGE * 2 + 3, TITLE), Qt.ItemDataRole.DisplayRole)
    assert calls == [PAGE, PAGE]
