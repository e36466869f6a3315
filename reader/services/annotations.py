"""Annotations as the GUI and reader-cli use them: highlights, notes, tags, read state,
and editing an article's text with every highlight re-anchored.

No Qt here. Every method is one user action = one transaction, and returns what an undo
needs: a deleted highlight comes back whole (`delete_highlight` -> `restore_highlight`),
a renamed, merged or deleted tag too (`tag_usage` before, `restore_tag_usage` after).
Failures the user should read are raised as AnnotationError.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from reader.core.anchoring import make_selector
from reader.core.colours import COLOUR_NAMES, DEFAULT_COLOUR
from reader.core.model import Article, ArticleDraft, Highlight
from reader.services.anchor_snapshots import NO_CHANGES, AnchorCounts
from reader.services.correction_anchors import (
    CorrectionSnapshot,
    correction_counts,
    place_corrections,
)
from reader.services.highlight_anchors import (
    HighlightSnapshot,
    highlight_counts,
    place_highlights,
)
from reader.services.library import Library
from reader.store.annotations import ArticleAnnotations, DuplicateTextError, HighlightStore
from reader.store.articles import text_fingerprint
from reader.store.db import transaction
from reader.store.entities import EntityStore
from reader.store.tags import (
    TagCount,
    TagLinks,
    TagStats,
    TagStore,
    clean_tag,
    unique_tags,
)


class AnnotationError(ValueError):
    """An annotation action that cannot be done; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class TextEditReport:
    """What replacing an article's text did to its highlights."""

    article_id: int
    changed: bool  # False: the text was the same, nothing was written
    unchanged: int = 0  # highlights left as they were: same offsets, same text
    moved: int = 0  # placed elsewhere (the text before them changed), or on changed text
    orphaned: int = 0  # could not be placed: kept, with their notes, flagged orphaned
    newly_orphaned: int = 0  # of those, the ones this edit orphaned
    recovered: int = 0  # orphans of an earlier edit placed again (counted in `moved` too)
    highlights: tuple[Highlight, ...] = ()  # all of them, afterwards, in reading order
    corrections: AnchorCounts = NO_CHANGES  # the user's entity corrections
    # The highlights and corrections as they were before the edit (None: the text did not
    # change): an undo passes them back to edit_text.
    corrections_before: CorrectionSnapshot | None = None
    highlights_before: HighlightSnapshot | None = None

    def summary(self) -> str:
        if not self.changed:
            return "The text is unchanged."
        parts = [f"{self.unchanged + self.moved} highlight(s) placed"]
        if self.moved:
            parts.append(f"{self.moved} moved")
        if self.recovered:
            parts.append(f"{self.recovered} found again")
        if self.orphaned:
            parts.append(f"{self.orphaned} could not be placed (kept as orphans)")
        fixes = self.corrections
        details = []
        if fixes.moved:
            details.append(f"{fixes.moved} moved")
        if fixes.recovered:
            details.append(f"{fixes.recovered} found again")
        if fixes.orphaned:
            verb = "applies" if fixes.orphaned == 1 else "apply"
            details.append(f"{fixes.orphaned} no longer {verb} (kept)")
        if details:
            return ", ".join(parts) + "; entity corrections: " + ", ".join(details) + "."
        return ", ".join(parts) + "."


class AnnotationService:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.conn = library.conn
        self.store = HighlightStore(library.conn)
        self.article_state = ArticleAnnotations(library.conn)
        self.tags: TagStore = library.tags

    # --- highlights ----------------------------------------------------------------------

    def highlights(self, article_id: int) -> list[Highlight]:
        """In reading order; orphans (flagged) last."""
        return self.store.for_article(article_id)

    def highlight(self, highlight_id: str) -> Highlight | None:
        return self.store.get(highlight_id)

    def add_highlight(
        self,
        article_id: int,
        start: int,
        end: int,
        color: str = DEFAULT_COLOUR,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        color = self._colour(color)
        with transaction(self.conn):  # the text read is the text the offsets are into
            article = self._article(article_id)
            if not 0 <= start < end <= len(article.text):
                raise AnnotationError(
                    f"{start}-{end} is not a range of article {article_id}'s text"
                    f" (0-{len(article.text)})"
                )
            exact, prefix, suffix = make_selector(article.text, start, end)
            if not exact.strip():
                raise AnnotationError("only spaces are selected: nothing to highlight")
            highlight = Highlight(
                id=str(uuid.uuid4()),
                article_id=article_id,
                start=start,
                end=end,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                color=color,
                note=note,
                tags=tuple(unique_tags(tags)),
            )
            return self.store.add(highlight)

    def find_quote(self, article_id: int, quote: str, occurrence: int = 1) -> tuple[int, int]:
        """Offsets of the `occurrence`-th (1-based) `quote` in the article's text."""
        article = self._article(article_id)
        if not quote.strip():
            raise AnnotationError("the quote is empty")
        if occurrence < 1:
            raise AnnotationError("the occurrence is counted from 1")
        start = -1
        for found in range(occurrence):
            start = article.text.find(quote, start + 1)
            if start < 0:
                if found == 0:
                    raise AnnotationError(f"the quote is not in article {article_id}'s text")
                raise AnnotationError(
                    f"the quote occurs {found} time(s) in article {article_id}'s text,"
                    f" not {occurrence}"
                )
        return start, start + len(quote)

    def update_highlight(
        self, highlight_id: str, *, color: str | None = None, note: str | None = None
    ) -> Highlight:
        updated = self.store.update(
            highlight_id, color=None if color is None else self._colour(color), note=note
        )
        if updated is None:
            raise AnnotationError(f"no highlight with id {highlight_id}")
        return updated

    def set_highlight_tags(self, highlight_id: str, tags: Iterable[str]) -> Highlight:
        updated = self.store.set_tags(highlight_id, tags)
        if updated is None:
            raise AnnotationError(f"no highlight with id {highlight_id}")
        return updated

    def delete_highlight(self, highlight_id: str) -> Highlight:
        """Delete it; returns it whole (id, stamps, tags) for `restore_highlight`."""
        deleted = self.store.delete(highlight_id)
        if deleted is None:
            raise AnnotationError(f"no highlight with id {highlight_id}")
        return deleted

    def restore_highlight(self, highlight: Highlight) -> Highlight:
        """Put back a highlight exactly as it was (undo of a delete or of an edit)."""
        self._article(highlight.article_id)
        return self.store.restore(highlight)

    # --- articles ------------------------------------------------------------------------

    def article_note(self, article_id: int) -> str:
        note = self.article_state.note(article_id)
        if note is None:
            raise AnnotationError(f"no article with id {article_id}")
        return note

    def set_article_note(self, article_id: int, note: str) -> None:
        if not self.article_state.set_note(article_id, note):
            raise AnnotationError(f"no article with id {article_id}")

    def set_article_tags(self, article_id: int, tags: Iterable[str]) -> list[str]:
        """Exactly these tags on the article; returns them as stored."""
        self._article(article_id)
        return self.tags.set_for_article(article_id, tags)

    def add_article_tags(self, article_id: int, tags: Iterable[str]) -> list[str]:
        """Returns the tags actually added (those the article had are skipped)."""
        self._article(article_id)
        return self.tags.add_to_article(article_id, tags)

    def remove_article_tags(self, article_id: int, tags: Iterable[str]) -> None:
        self._article(article_id)
        self.tags.remove_from_article(article_id, tags)

    def set_read(self, article_id: int, is_read: bool) -> None:
        if not self.article_state.set_read(article_id, is_read):
            raise AnnotationError(f"no article with id {article_id}")

    def set_read_position(self, article_id: int, position: int) -> None:
        if not self.article_state.set_read_position(article_id, position):
            raise AnnotationError(f"no article with id {article_id}")

    # --- tags ----------------------------------------------------------------------------

    def tag_counts(self) -> list[TagCount]:
        """(name, count) for every tag, by name; count: the articles filtering the
        library by the tag lists (tagged themselves or through a highlight)."""
        return [TagCount(stats.name, stats.listed) for stats in self.tags.usage()]

    def tag_stats(self) -> list[TagStats]:
        """Every tag with its article, highlight and listed-article counts, by name."""
        return self.tags.usage()

    def tag_names(self, prefix: str = "", limit: int | None = None) -> list[str]:
        """For autocompletion: names starting with `prefix`, the most used first."""
        return self.tags.names(prefix, limit)

    def rename_tag(self, old: str, new: str) -> str:
        """Rename a tag; to the name of another tag, merge them (the articles and
        highlights of `old` get that tag). Returns the tag's name afterwards. For an
        undo, take `tag_usage` of both names first."""
        try:
            return self.tags.rename(old, new)
        except KeyError:
            raise AnnotationError(f"no tag named “{clean_tag(old)}”") from None
        except ValueError:
            raise AnnotationError("a tag needs a name") from None

    def delete_tag(self, name: str) -> TagLinks:
        """Delete a tag from every article and highlight; returns what it was on."""
        before = self.tags.links(name)
        if before is None:
            raise AnnotationError(f"no tag named “{clean_tag(name)}”")
        self.tags.delete(before.name)
        return before

    def tag_usage(self, name: str) -> TagLinks | None:
        """Everything tag `name` is on now (None: no such tag), for `restore_tag_usage`."""
        return self.tags.links(name)

    def restore_tag_usage(self, name: str, usage: TagLinks | None) -> None:
        """Put tag `name` back as `tag_usage` found it: spelt as it was, on exactly the
        articles and highlights it was on; `usage` None: there was no such tag, so it is
        deleted. Undoes a rename (restore both names), a merge or a deletion."""
        with transaction(self.conn):
            if usage is None:
                self.tags.delete(name)
            else:
                self.tags.restore_links(usage)

    # --- the article's text --------------------------------------------------------------

    def edit_text(
        self,
        article_id: int,
        new_text: str,
        *,
        corrections: CorrectionSnapshot | None = None,
        highlights: HighlightSnapshot | None = None,
    ) -> TextEditReport:
        """Replace the article's text and re-anchor every highlight and entity correction
        (orphans of an earlier edit are tried again). Those that cannot be placed are
        kept as orphans, highlights with their notes and tags. One transaction.

        An undo passes the `corrections_before` and `highlights_before` of the edit's
        report: when `new_text` is the text they were on, the corrections and highlights
        are put back exactly as they were (those made since are re-anchored)."""
        return self._replace_text(article_id, new_text, {}, corrections, highlights)

    def replace_text_from_import(self, article_id: int, draft: ArticleDraft) -> TextEditReport:
        """A newer version of an article (same source URL, other text) replaces the
        stored one: its text, re-anchoring the highlights, and the title, section, byline
        and publication date it gives. Notes, tags, read state and the id stay."""
        metadata = {
            "title": draft.title.strip(),
            "section": draft.section,
            "byline": draft.byline,
            "published": draft.published,
        }
        return self._replace_text(
            article_id, draft.text, {key: value for key, value in metadata.items() if value}
        )

    def reimport_target(self, draft: ArticleDraft) -> int | None:
        """The article a freshly imported `draft` is a newer version of: the latest one
        with the same (non-empty) source URL and another text. None when there is none
        (a new article) or when the text is already in the library (a duplicate)."""
        if not draft.source_url:
            return None
        fingerprint = text_fingerprint(draft.text)
        if self.conn.execute(
            "SELECT 1 FROM articles WHERE text_sha256 = ?", (fingerprint,)
        ).fetchone():
            return None
        # "source_url != ''" lets SQLite use the partial index articles_source_url (without
        # it, every import would read the whole articles table: 75 ms per article at 100k).
        row = self.conn.execute(
            "SELECT id FROM articles WHERE source_url = ? AND source_url != ''"
            " ORDER BY imported_at DESC, id DESC",
            (draft.source_url,),
        ).fetchone()
        return None if row is None else int(row[0])

    def _replace_text(
        self,
        article_id: int,
        new_text: str,
        metadata: dict[str, str],
        corrections: CorrectionSnapshot | None = None,
        highlights: HighlightSnapshot | None = None,
    ) -> TextEditReport:
        if not new_text.strip():
            raise AnnotationError("an article's text cannot be empty")
        try:
            # Read, re-anchor and write under one write lock: a highlight another process
            # adds meanwhile cannot miss the re-anchoring.
            with transaction(self.conn):
                article = self._article(article_id)
                before = self.store.for_article(article_id)
                changes = _metadata_changes(article, metadata)
                if new_text == article.text and not changes:
                    return TextEditReport(
                        article_id, False, unchanged=len(before), highlights=tuple(before)
                    )
                placements = place_highlights(before, article.text, new_text, highlights)
                self.article_state.replace_text(article_id, new_text, placements, changes)
                fixes, corrections_before, highlights_before = NO_CHANGES, None, None
                if new_text != article.text:
                    fixes, corrections_before = self._move_corrections(
                        article, new_text, corrections
                    )
                    self._forget_entities(article_id)
                    highlights_before = HighlightSnapshot(article.text, tuple(before))
        except DuplicateTextError as exc:
            raise AnnotationError(
                f"article {exc.other_id} already has this text: article {article_id}"
                " was left as it was"
            ) from exc
        return TextEditReport(
            article_id,
            True,
            highlights=tuple(self.store.for_article(article_id)),
            corrections=fixes,
            corrections_before=corrections_before,
            highlights_before=highlights_before,
            **asdict(highlight_counts(before, placements)),
        )

    def _move_corrections(
        self, article: Article, new_text: str, snapshot: CorrectionSnapshot | None
    ) -> tuple[AnchorCounts, CorrectionSnapshot]:
        """Re-anchor the article's entity corrections in `new_text` (or put back those of
        `snapshot` when it is a snapshot of `new_text`); returns what changed and the
        snapshot an undo needs."""
        entities = EntityStore(self.conn)
        before = entities.corrections(article.id, orphaned=True)
        placements = place_corrections(before, article.text, new_text, snapshot)
        entities.place_corrections(placements)
        snapshot_before = CorrectionSnapshot(article.text, tuple(before))
        return correction_counts(before, placements), snapshot_before

    def _forget_entities(self, article_id: int) -> None:
        """The entity spans were found in the old text: mark the article for a new run
        (EntityStore.pending() lists it again). Until it runs, the article's entities are
        the user's own (re-anchored) spans: the model's offsets no longer hold."""
        entities = EntityStore(self.conn)
        entities.forget_run(article_id)
        entities.set_effective(
            article_id, [c.span for c in entities.corrections(article_id) if c.span.label]
        )

    # --- helpers -------------------------------------------------------------------------

    def _article(self, article_id: int) -> Article:
        article = self.library.get(article_id)
        if article is None:
            raise AnnotationError(f"no article with id {article_id}")
        return article

    def _colour(self, name: str) -> str:
        if name not in COLOUR_NAMES:
            raise AnnotationError(
                f"unknown highlight colour “{name}” (one of: {', '.join(COLOUR_NAMES)})"
            )
        return name


def _metadata_changes(article: Article, metadata: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in metadata.items() if getattr(article, key) != value}
