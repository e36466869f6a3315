"""Entity recognition and correction over the library, without Qt.

reader-cli calls this directly; the GUI runs :meth:`EntityService.analyze` in its
analysis thread and the cheap operations (corrections, rules) on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.anchoring import make_selector
from reader.core.model import EntitySource, EntitySpan
from reader.nlp.recognizer import Recognizer
from reader.services.library import Library
from reader.store.entities import EntityStore, StoredCorrection, StoredRule

if TYPE_CHECKING:
    from reader.nlp.rules import EntityRule

ANALYSIS_BATCH = 16


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    article_id: int
    spans: list[EntitySpan]


class EntityService:
    def __init__(self, library: Library, recognizer: Recognizer | None = None) -> None:
        self.library = library
        self.store = EntityStore(library.conn)
        self._recognizer = recognizer

    @property
    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = Recognizer()
        return self._recognizer

    @property
    def version(self) -> str:
        return self.recognizer.analysis_version

    def rules(self) -> list[EntityRule]:
        from reader.nlp.rules import EntityRule  # not on the start-up path

        return [EntityRule(r.text, r.label or None) for r in self.store.rules()]

    def pending(self, limit: int | None = None) -> list[int]:
        return self.store.pending(self.version, limit)

    def analyze(
        self,
        article_ids: Sequence[int],
        *,
        cancelled: Callable[[], bool] | None = None,
        on_result: Callable[[AnalysisResult], None] | None = None,
        batch_size: int = ANALYSIS_BATCH,
    ) -> int:
        """Run the model over these articles (in batches, for nlp.pipe's throughput) and
        store the results; returns how many were stored. Raises ModelUnavailable."""
        stored = 0
        rules = self.rules()
        for first in range(0, len(article_ids), batch_size):
            if cancelled is not None and cancelled():
                break
            batch = [self.library.get(i) for i in article_ids[first : first + batch_size]]
            articles = [a for a in batch if a is not None]
            texts = [a.text for a in articles]
            for article, model_spans in zip(
                articles, self.recognizer.analyze_model(texts), strict=True
            ):
                user = [c.span for c in self.store.corrections(article.id)]
                spans = _postprocess(article.text, model_spans, rules, user)
                if not self.store.save_analysis(
                    article.id, article.text_sha256, self.version, model_spans, spans
                ):
                    continue  # stale: the text changed or the article went meanwhile
                if [c.span for c in self.store.corrections(article.id)] != user:
                    # The user corrected this article (on the UI thread) while the model
                    # ran: their correction's own refresh may have been overwritten.
                    spans = self.recompute(article.id)
                stored += 1
                if on_result is not None:
                    on_result(AnalysisResult(article.id, spans))
        return stored

    def recompute(self, article_id: int) -> list[EntitySpan]:
        """Re-apply rules and corrections to the stored model output (no model run)."""
        article = self.library.get(article_id)
        if article is None or not self.store.is_analysed(article_id):
            return self.store.spans(article_id)
        user = [c.span for c in self.store.corrections(article_id)]
        spans = _postprocess(article.text, self.store.model_spans(article_id), self.rules(), user)
        self.store.set_effective(article_id, spans)
        return spans

    def recompute_all(self, cancelled: Callable[[], bool] | None = None) -> int:
        """After a rule changes: every analysed article, existing and future, follows it."""
        count = 0
        for article_id in self.store.analysed_ids():
            if cancelled is not None and cancelled():
                break
            self.recompute(article_id)
            count += 1
        return count

    def spans(self, article_id: int) -> list[EntitySpan]:
        return self.store.spans(article_id)

    # --- corrections and rules -----------------------------------------------------------

    def correct(self, article_id: int, start: int, end: int, label: str) -> int:
        """The user says [start, end) is `label` ("" = not an entity) in this article."""
        article = self.library.get(article_id)
        if article is None:
            raise ValueError(f"no article with id {article_id}")
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"{start}-{end} is not a range of article {article_id}'s text")
        exact, prefix, suffix = make_selector(article.text, start, end)
        span = EntitySpan(start, end, label, exact, EntitySource.USER)
        correction_id = self.store.add_correction(article_id, span, prefix, suffix)
        self._refresh(article_id)
        return correction_id

    def undo_correction(self, article_id: int, correction_id: int) -> None:
        self.store.delete_correction(correction_id)
        self._refresh(article_id)

    def restore_corrections(self, article_id: int, corrections: Sequence[StoredCorrection]) -> None:
        """Put corrections back exactly as they were (same ids, offsets, context, state):
        the undo of a correction that replaced them, or of deleting orphans."""
        self.store.restore_corrections(article_id, corrections)
        if any(not c.orphaned for c in corrections):  # orphans are never applied
            self._refresh(article_id)

    def orphans(self, article_id: int) -> list[StoredCorrection]:
        """The article's corrections whose words an edit of its text removed: kept, not
        applied, oldest first."""
        return [c for c in self.store.corrections(article_id, orphaned=True) if c.orphaned]

    def delete_corrections(
        self, article_id: int, correction_ids: Sequence[int]
    ) -> list[StoredCorrection]:
        """Delete these corrections of the article (one step); returns them as they were,
        for an undo (restore_corrections)."""
        deleted = self.store.delete_corrections(article_id, correction_ids)
        if any(not c.orphaned for c in deleted):  # one applied: the spans change
            self._refresh(article_id)
        return deleted

    def add_rule(self, text: str, label: str) -> int:
        return self.store.add_rule(text, label)

    def delete_rule(self, rule_id: int) -> None:
        self.store.delete_rule(rule_id)

    def restore_rule(self, rule: StoredRule) -> int:
        """Put a deleted rule back; returns its id (a new one if its old id was taken)."""
        return self.store.restore_rule(rule)

    def _refresh(self, article_id: int) -> None:
        if self.store.is_analysed(article_id):
            self.recompute(article_id)
        else:  # not analysed yet: show the user's own spans at least
            spans = [c.span for c in self.store.corrections(article_id) if c.span.label]
            self.store.set_effective(article_id, spans)


def _postprocess(
    text: str,
    model_spans: Sequence[EntitySpan],
    rules: Sequence[EntityRule],
    user: Sequence[EntitySpan],
) -> list[EntitySpan]:
    from reader.nlp.pipeline import postprocess  # not on the start-up path

    return postprocess(text, model_spans, rules, user)
