"""Annotation edits as QUndoCommands: each redo/undo writes through AnnotationService at
once, and tells the controller what changed so the views refresh themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

from reader.core.model import Highlight
from reader.services.annotations import AnnotationService, TextEditReport
from reader.services.correction_anchors import CorrectionSnapshot
from reader.services.highlight_anchors import HighlightSnapshot
from reader.store.tags import tag_key

T = TypeVar("T")
Refresh = Callable[[int, str | None], None]  # article id, highlight id to show (or None)


def _quote(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"


class AddHighlightCommand(QUndoCommand):
    def __init__(
        self,
        service: AnnotationService,
        article_id: int,
        start: int,
        end: int,
        colour: str,
        refresh: Refresh,
    ) -> None:
        super().__init__("Highlight")
        self._service = service
        self._args = (article_id, start, end, colour)
        self._refresh = refresh
        self._created: Highlight | None = None

    @property
    def highlight(self) -> Highlight | None:
        return self._created

    def redo(self) -> None:
        article_id, start, end, colour = self._args
        if self._created is None:
            self._created = self._service.add_highlight(article_id, start, end, color=colour)
        else:  # redo after undo: the same highlight, same id and creation time
            self._service.restore_highlight(self._created)
        self._refresh(article_id, self._created.id)

    def undo(self) -> None:
        if self._created is not None:
            self._service.delete_highlight(self._created.id)
            self._refresh(self._created.article_id, None)


class DeleteHighlightCommand(QUndoCommand):
    def __init__(self, service: AnnotationService, highlight: Highlight, refresh: Refresh) -> None:
        super().__init__(f"Delete Highlight {_quote(highlight.exact)}")
        self._service = service
        self._highlight = highlight
        self._refresh = refresh

    def redo(self) -> None:
        deleted = self._service.delete_highlight(self._highlight.id)
        if deleted is not None:
            self._highlight = deleted  # with its latest note and tags
        self._refresh(self._highlight.article_id, None)

    def undo(self) -> None:
        self._service.restore_highlight(self._highlight)
        self._refresh(self._highlight.article_id, self._highlight.id)


class _SetValueCommand(QUndoCommand, Generic[T]):
    """One value changed from `before` to `after`: redo writes `after`, undo `before`."""

    def __init__(
        self,
        title: str,
        before: T,
        after: T,
        write: Callable[[T], object],
        article_id: int,
        highlight_id: str | None,
        refresh: Refresh,
    ) -> None:
        super().__init__(title)
        self._values = (before, after)
        self._write = write  # its result is not needed
        self._target = (article_id, highlight_id)
        self._refresh = refresh

    def _apply(self, value: T) -> None:
        self._write(value)
        self._refresh(*self._target)

    def redo(self) -> None:
        self._apply(self._values[1])

    def undo(self) -> None:
        self._apply(self._values[0])


def _tag_title(before: Sequence[str], after: Sequence[str]) -> str:
    added = [t for t in after if tag_key(t) not in {tag_key(b) for b in before}]
    removed = [t for t in before if tag_key(t) not in {tag_key(a) for a in after}]
    if len(added) == 1 and not removed:
        return f"Tag ‘{added[0]}’"
    if len(removed) == 1 and not added:
        return f"Remove Tag ‘{removed[0]}’"
    return "Change Tags"


def recolour_highlight(
    service: AnnotationService, highlight: Highlight, colour: str, refresh: Refresh
) -> QUndoCommand:
    return _SetValueCommand(
        f"Colour {colour.capitalize()}",
        highlight.color,
        colour,
        lambda value: service.update_highlight(highlight.id, color=value),
        highlight.article_id,
        highlight.id,
        refresh,
    )


def edit_highlight_note(
    service: AnnotationService, highlight: Highlight, note: str, refresh: Refresh
) -> QUndoCommand:
    return _SetValueCommand(
        "Edit Note",
        highlight.note,
        note,
        lambda value: service.update_highlight(highlight.id, note=value),
        highlight.article_id,
        highlight.id,
        refresh,
    )


def set_highlight_tags(
    service: AnnotationService, highlight: Highlight, tags: Sequence[str], refresh: Refresh
) -> QUndoCommand:
    return _SetValueCommand(
        _tag_title(highlight.tags, tags),
        list(highlight.tags),
        list(tags),
        lambda value: service.set_highlight_tags(highlight.id, value),
        highlight.article_id,
        highlight.id,
        refresh,
    )


def set_article_tags(
    service: AnnotationService,
    article_id: int,
    before: Sequence[str],
    after: Sequence[str],
    refresh: Refresh,
) -> QUndoCommand:
    return _SetValueCommand(
        _tag_title(before, after),
        list(before),
        list(after),
        lambda value: service.set_article_tags(article_id, value),
        article_id,
        None,
        refresh,
    )


def edit_article_note(
    service: AnnotationService, article_id: int, before: str, after: str, refresh: Refresh
) -> QUndoCommand:
    return _SetValueCommand(
        "Edit Article Note",
        before,
        after,
        lambda value: service.set_article_note(article_id, value),
        article_id,
        None,
        refresh,
    )


class RenameTagCommand(QUndoCommand):
    """Rename a tag; renaming onto an existing tag merges the two. Undo puts both tags back
    on exactly the articles and highlights that had them."""

    def __init__(
        self, service: AnnotationService, old: str, new: str, done: Callable[[], None]
    ) -> None:
        super().__init__(f"Rename Tag ‘{old}’ to ‘{new}’")
        self._service = service
        self._names = (old, new)
        self._done = done
        self._before = (service.tag_usage(old), service.tag_usage(new))

    def redo(self) -> None:
        self._service.rename_tag(*self._names)
        self._done()

    def undo(self) -> None:
        old, new = self._names
        if tag_key(old) != tag_key(new):
            self._service.restore_tag_usage(new, self._before[1])
        self._service.restore_tag_usage(old, self._before[0])
        self._done()


class DeleteTagCommand(QUndoCommand):
    def __init__(self, service: AnnotationService, name: str, done: Callable[[], None]) -> None:
        super().__init__(f"Delete Tag ‘{name}’")
        self._service = service
        self._name = name
        self._done = done
        self._usage = service.tag_usage(name)

    def redo(self) -> None:
        self._service.delete_tag(self._name)
        self._done()

    def undo(self) -> None:
        self._service.restore_tag_usage(self._name, self._usage)
        self._done()


class EditArticleTextCommand(QUndoCommand):
    """The user corrected the article's text; highlights and entity corrections are
    re-anchored, and undo puts them back exactly as they were (those the edit could not
    place included; those made since the edit, e.g. by reader-cli, are re-anchored)."""

    def __init__(
        self,
        service: AnnotationService,
        article_id: int,
        before: str,
        after: str,
        done: Callable[[TextEditReport], None],
    ) -> None:
        super().__init__("Edit Article Text")
        self._service = service
        self._article_id = article_id
        self._texts = (before, after)
        self._done = done
        self._corrections: CorrectionSnapshot | None = None
        self._highlights: HighlightSnapshot | None = None

    def redo(self) -> None:
        report = self._service.edit_text(self._article_id, self._texts[1])
        self._corrections = report.corrections_before
        self._highlights = report.highlights_before
        self._done(report)

    def undo(self) -> None:
        report = self._service.edit_text(
            self._article_id,
            self._texts[0],
            corrections=self._corrections,
            highlights=self._highlights,
        )
        self._done(report)
