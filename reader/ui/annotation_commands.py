"""Annotation edits as QUndoCommands: each redo/undo writes through AnnotationService at
once, and tells the controller what changed so the views refresh themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from reader.core.model import Highlight
from reader.services.annotations import AnnotationService, TextEditReport

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


class RecolourHighlightCommand(QUndoCommand):
    def __init__(
        self, service: AnnotationService, highlight: Highlight, colour: str, refresh: Refresh
    ) -> None:
        super().__init__(f"Colour {colour.capitalize()}")
        self._service = service
        self._highlight = highlight
        self._colours = (highlight.color, colour)
        self._refresh = refresh

    def _apply(self, colour: str) -> None:
        self._service.update_highlight(self._highlight.id, color=colour)
        self._refresh(self._highlight.article_id, self._highlight.id)

    def redo(self) -> None:
        self._apply(self._colours[1])

    def undo(self) -> None:
        self._apply(self._colours[0])


class EditHighlightNoteCommand(QUndoCommand):
    def __init__(
        self, service: AnnotationService, highlight: Highlight, note: str, refresh: Refresh
    ) -> None:
        super().__init__("Edit Note")
        self._service = service
        self._highlight = highlight
        self._notes = (highlight.note, note)
        self._refresh = refresh

    def _apply(self, note: str) -> None:
        self._service.update_highlight(self._highlight.id, note=note)
        self._refresh(self._highlight.article_id, self._highlight.id)

    def redo(self) -> None:
        self._apply(self._notes[1])

    def undo(self) -> None:
        self._apply(self._notes[0])


def _tag_title(before: Sequence[str], after: Sequence[str]) -> str:
    added = [t for t in after if t.casefold() not in {b.casefold() for b in before}]
    removed = [t for t in before if t.casefold() not in {a.casefold() for a in after}]
    if len(added) == 1 and not removed:
        return f"Tag ‘{added[0]}’"
    if len(removed) == 1 and not added:
        return f"Remove Tag ‘{removed[0]}’"
    return "Change Tags"


class SetHighlightTagsCommand(QUndoCommand):
    def __init__(
        self,
        service: AnnotationService,
        highlight: Highlight,
        tags: Sequence[str],
        refresh: Refresh,
    ) -> None:
        super().__init__(_tag_title(highlight.tags, tags))
        self._service = service
        self._highlight = highlight
        self._tags = (list(highlight.tags), list(tags))
        self._refresh = refresh

    def _apply(self, tags: list[str]) -> None:
        self._service.set_highlight_tags(self._highlight.id, tags)
        self._refresh(self._highlight.article_id, self._highlight.id)

    def redo(self) -> None:
        self._apply(self._tags[1])

    def undo(self) -> None:
        self._apply(self._tags[0])


class SetArticleTagsCommand(QUndoCommand):
    def __init__(
        self,
        service: AnnotationService,
        article_id: int,
        before: Sequence[str],
        after: Sequence[str],
        refresh: Refresh,
    ) -> None:
        super().__init__(_tag_title(before, after))
        self._service = service
        self._article_id = article_id
        self._tags = (list(before), list(after))
        self._refresh = refresh

    def _apply(self, tags: list[str]) -> None:
        self._service.set_article_tags(self._article_id, tags)
        self._refresh(self._article_id, None)

    def redo(self) -> None:
        self._apply(self._tags[1])

    def undo(self) -> None:
        self._apply(self._tags[0])


class EditArticleNoteCommand(QUndoCommand):
    def __init__(
        self,
        service: AnnotationService,
        article_id: int,
        before: str,
        after: str,
        refresh: Refresh,
    ) -> None:
        super().__init__("Edit Article Note")
        self._service = service
        self._article_id = article_id
        self._notes = (before, after)
        self._refresh = refresh

    def _apply(self, note: str) -> None:
        self._service.set_article_note(self._article_id, note)
        self._refresh(self._article_id, None)

    def redo(self) -> None:
        self._apply(self._notes[1])

    def undo(self) -> None:
        self._apply(self._notes[0])


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
        if old.casefold() != new.casefold():
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
    """The user corrected the article's text; highlights are re-anchored both ways."""

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

    def redo(self) -> None:
        self._done(self._service.edit_text(self._article_id, self._texts[1]))

    def undo(self) -> None:
        self._done(self._service.edit_text(self._article_id, self._texts[0]))
