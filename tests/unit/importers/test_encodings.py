"""Encodings real files come in: Unicode with and without BOM, legacy code pages."""

from __future__ import annotations

import codecs

import pytest

from reader.importers import ImportFailure
from reader.importers.decoding import decode_bytes
from tests.unit.importers.helpers import WriteFile, only_draft

ARTICLE = (
    "Café owners in Genève protest\n"
    "By Zoë Müller\n\n"
    "“We will not close,” said the owner of the café, Hélène Roux, who pays 1 200 € rent.\n\n"
    "The city council – which meets on Monday – said it would listen.\n"
)


@pytest.mark.parametrize(
    "encoded",
    [
        ARTICLE.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
        ARTICLE.encode("utf-16"),  # Python's own choice of BOM and byte order
        ARTICLE.encode("utf-16-le"),  # no BOM: recognised by its NUL pattern
        codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16", "utf16le-no-bom", "utf32"],
)
def test_unicode_encodings(write: WriteFile, encoded: bytes) -> None:
    draft = only_draft(write("cafe.txt", encoded))
    assert draft.title == "Café owners in Genève protest"
    assert draft.byline == "Zoë Müller"
    assert draft.text.startswith("“We will not close,” said the owner of the café, Hélène Roux")
    assert "\ufeff" not in draft.text and "\ufeff" not in draft.title


def test_cp1252_curly_quotes_and_accents(write: WriteFile) -> None:
    data = ARTICLE.encode("cp1252")
    assert b"\x93" in data and b"\xe9" in data  # really the Windows code page
    draft = only_draft(write("cafe.txt", data))
    assert draft.title == "Café owners in Genève protest"
    assert "“We will not close,” said the owner of the café, Hélène Roux" in draft.text
    assert "€" in draft.text and "–" in draft.text


def test_latin1(write: WriteFile) -> None:
    text = (
        "Élections à Montréal\n\n"
        "Le maire sortant a obtenu 52 % des voix, selon les résultats publiés à "
        "l'hôtel de ville. Les électeurs du quartier Côte-des-Neiges ont voté en "
        "grand nombre, a déclaré le porte-parole de la mairie, François Bélanger.\n"
    )
    draft = only_draft(write("montreal.txt", text.encode("latin-1")))
    assert draft.title == "Élections à Montréal"
    assert "François Bélanger" in draft.text
    assert "Côte-des-Neiges" in draft.text


def test_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode_bytes("café".encode(), declared="latin-1") == "café"


def test_declared_encoding_used_when_not_utf8() -> None:
    assert decode_bytes("café crème".encode("cp1252"), declared="windows-1252") == "café crème"


def test_unknown_declared_encoding_is_ignored() -> None:
    assert decode_bytes("caf\xe9 au lait".encode("latin-1"), declared="no-such-codec")


def test_broken_bom_is_reported() -> None:
    with pytest.raises(ImportFailure, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"text\x00more text"],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailure, match="not a text file"):
        decode_bytes(data)


def test_control_character_soup_is_refused() -> None:
    with pytest.raises(ImportFailure, match="not a text file"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 50)
