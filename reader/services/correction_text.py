"""Entity corrections in words, for the panel's list of those that no longer apply and
for reader-cli: what a correction says and a short stretch of the text it was made on.
No Qt."""

from __future__ import annotations

from reader.nlp.labels import display_name
from reader.store.entities import StoredCorrection

CONTEXT_CHARS = 24


def _flat(text: str) -> str:
    return " ".join(text.split())


def describe(correction: StoredCorrection, limit: int = 40) -> str:
    """“Lavrov” marked Person, or “Reuters” not an entity."""
    words = _flat(correction.span.text)
    if len(words) > limit:
        words = words[: limit - 1] + "…"
    label = correction.span.label
    return f"“{words}” marked {display_name(label)}" if label else f"“{words}” not an entity"


def context(correction: StoredCorrection, chars: int = CONTEXT_CHARS) -> str:
    """The corrected words with up to `chars` characters of the old text either side,
    cut at a space where one is near, "…" where the text went on."""
    prefix, suffix = correction.prefix, correction.suffix
    before = _flat(prefix)[-chars:] if prefix.strip() else ""
    after = _flat(suffix)[:chars] if suffix.strip() else ""
    if len(_flat(prefix)) > chars and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if len(_flat(suffix)) > chars and " " in after:
        after = after[: after.rindex(" ")]
        after += " …" if after[-1:] in ".!?;:" else "…"
    lead = " " if prefix[-1:].isspace() and before else ""
    trail = " " if suffix[:1].isspace() and after else ""
    return f"{before}{lead}{_flat(correction.span.text)}{trail}{after}"
