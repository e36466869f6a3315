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

_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1b\x7f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MIXED = "reader-utf8-cp1252"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(byte) for byte in bad), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return bytes([byte]).decode("latin-1")


codecs.register_error(_MIXED, _cp1252_bytes)


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether the bytes hold well-formed multi-byte UTF-8 (then stray bytes are legacy
    text mixed in, not a legacy file)."""
    return _UTF8_SEQUENCE.search(data) is not None


# C0 controls other than tab/newline/carriage return/form feed/vertical tab/file separators.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")

NOT_TEXT = "not a text file (it contains binary data)"

# The first bytes of common binary formats: a PDF, an archive or a picture renamed .txt is
# refused, naming what it is, instead of being decoded as mojibake (and an archive is
# never unpacked, so a "zip bomb" in disguise costs nothing).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel, OpenDocument or EPUB file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard-compressed file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program"),
    (b"OggS\x00", "an Ogg audio or video file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (b"{\\rtf", "an RTF document (save it as plain text first)"),
)


def binary_kind(head: bytes) -> str | None:
    """What binary format `head` (a file's first bytes) starts like, or None."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "a bzip2-compressed file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a picture, sound or video file (RIFF)"
    if head[4:8] == b"ftyp":
        return "a video, sound or HEIC picture file (MP4 family)"
    return None


def not_text(kind: str) -> ImportFailure:
    return ImportFailure(f"not a text file: it is {kind}")


def decode_bytes(data: bytes, *, declared: str = "") -> str:
    """Decode a whole file; ``declared`` is an encoding the file itself names (HTML meta).

    Order: a BOM wins, then strict UTF-8 (by far the most common), then the declared
    encoding, then UTF-16 without BOM, then charset-normalizer's guess for legacy
    single-byte text. Raises ImportFailure for binary data rather than guessing.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_or_fail(data[len(bom) :], encoding))
    kind = binary_kind(data[:64])
    if kind is not None:
        raise not_text(kind)
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
    if _has_utf8_sequences(data):
        # Mostly UTF-8 with some legacy bytes (text pasted together from old and new
        # files): keep the UTF-8 and read each stray byte as Windows-1252.
        return _checked(data.decode("utf-8", errors=_MIXED))
    return _checked(_guess_legacy(data))


def looks_binary(head: bytes) -> bool:
    """Cheap early check on a file's first bytes, for files too big to decode eagerly."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if binary_kind(head) is not None:
        return True
    return b"\x00" in head and _utf16_without_bom(head) is None


def check_stream_head(head: bytes) -> None:
    """Refuse a streamed file (JSON Lines) whose first bytes show binary data: a known
    binary format, or many control bytes. A stray NUL is not enough: it spoils one line,
    which is reported, and the other lines are still read."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    kind = binary_kind(head)
    if kind is not None:
        raise not_text(kind)
    if _utf16_without_bom(head) is not None:
        return
    controls = len(_BINARY_BYTES.findall(head))
    if controls > max(8, len(head) // 100):
        raise ImportFailure(NOT_TEXT)


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
