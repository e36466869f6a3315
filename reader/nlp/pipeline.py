"""Everything after the model, as one pure function callers can re-run cheaply.

Order: cleanup (edges, punctuation) -> consistency (one label per name, missed repeats)
-> the user's rules -> the user's single-span corrections. Re-applying rules after the
user edits one needs only the stored model spans, not another model run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.core.model import EntitySpan
from reader.nlp.casing import restore_case
from reader.nlp.cleanup import clean_spans
from reader.nlp.consistency import make_consistent
from reader.nlp.rules import EntityRule, apply_rules, apply_user_spans

POSTPROCESS_VERSION = "1"
"""Bumped whenever the output for the same model spans changes, so stored spans are redone."""


def postprocess(
    text: str,
    model_spans: Sequence[EntitySpan],
    rules: Iterable[EntityRule] = (),
    user_spans: Sequence[EntitySpan] = (),
    *,
    view: str | None = None,
) -> list[EntitySpan]:
    """Final spans for `text` from the model's raw spans, sorted and non-overlapping.

    `view` is `casing.restore_case(text)`, computed here when not given.
    """
    if view is None:
        view = restore_case(text)
    spans = clean_spans(text, model_spans)
    spans = make_consistent(text, spans, view)
    spans = apply_rules(text, spans, rules)
    if user_spans:
        spans = apply_user_spans(spans, user_spans)
    return spans
