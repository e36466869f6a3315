"""What every importer shares: the error types and size limits."""

from __future__ import annotations

from reader.core.model import ArticleDraft

MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportFailure(Exception):
    """A file that cannot be imported; the message is shown to the user as it is."""


class RecordFailure(ImportFailure):
    """One bad record inside a many-article file (JSON, JSONL).

    It is *returned* next to the good drafts rather than raised, so that one broken
    record does not cost the user the rest of the file. ``position`` is 1-based: the
    line number for JSONL, the article's index for JSON. The message already names
    the position (e.g. ``line 3: not valid JSON``).
    """

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message

    def __repr__(self) -> str:
        return f"RecordFailure({self.position!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordFailure):
            return NotImplemented
        return (self.position, self.message) == (other.position, other.message)

    def __hash__(self) -> int:
        return hash((self.position, self.message))


ImportItem = ArticleDraft | RecordFailure
"""What importing a file yields: a draft per good article, a failure per bad record."""
