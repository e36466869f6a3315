"""Bytes to text: the encodings people's files really come in, never crashing."""

from __future__ import annotations

import codecs
import re

from reader.importers.base import ImportFailure

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab/newline/carriage return/form feed/vertical tab/file separators.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")

NOT_TEXT = "not a text file (it contains binary data)"


def decode_bytes(data: bytes, *, declared: str = "") -> str:
    """Decode a whole file; ``declared`` is an encoding the file itself names (HTML meta).

    Order: a BOM wins, then strict UTF-8 (by far the most common), then the declared
    encoding, then UTF-16 without BOM, then charset-normalizer's guess for legacy
    single-byte text. Raises ImportFailure for binary data rather than guessing.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_or_fail(data[len(bom) :], encoding))
    if b"\x00" in data:
        guessed = _utf16_without_bom(data)
        if guessed:
            return _checked(_decode_or_fail(data, guessed))
        raise ImportFailure(NOT_TEXT)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _checked(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    return _checked(_guess_legacy(data))


def looks_binary(head: bytes) -> bool:
    """Cheap early check on a file's first bytes, for files too big to decode eagerly."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head and _utf16_without_bom(head) is None


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"the file claims to be {encoding.upper()} but is not") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 of mostly Latin text: every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls > 0.4 * len(odd) and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.4 * len(even) and odd_nuls == 0:
        return "utf-16-be"
    return None


def _guess_legacy(data: bytes) -> str:
    """Legacy 8-bit text (cp1252, latin-1, ...) as charset-normalizer best guesses it."""
    from charset_normalizer import from_bytes  # lazy: not needed at start-up

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFailure(NOT_TEXT)
    try:
        return data.decode(best.encoding)
    except (LookupError, UnicodeDecodeError):
        # charset-normalizer judged on a sample; cp1252 with replacement is the
        # most likely legacy encoding for news text and never fails.
        return data.decode("cp1252", errors="replace")


def _checked(text: str) -> str:
    """Refuse text that decoded but is really binary (many control characters)."""
    if "\x00" in text:
        raise ImportFailure(NOT_TEXT)
    sample = text[:65536]
    if sample and len(_BINARY_CONTROLS.findall(sample)) > max(8, len(sample) // 100):
        raise ImportFailure(NOT_TEXT)
    return text
