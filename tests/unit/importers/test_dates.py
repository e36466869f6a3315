"""Dates in news text: recognised when clear, left alone when not."""

from __future__ import annotations

import pytest

from reader.importers.dates import find_date, parse_date, timestamp_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-03-03", "2024-03-03"),
        ("2024-03-03T10:00:00Z", "2024-03-03T10:00:00+00:00"),
        ("2024-03-03 10:00", "2024-03-03T10:00:00"),
        ("3 March 2024", "2024-03-03"),
        ("3rd Mar. 2024", "2024-03-03"),
        ("March 3, 2024", "2024-03-03"),
        ("Sept. 9, 2023", "2023-09-09"),
        ("Thursday, 12 September 2024", "2024-09-12"),
        ("Mon 3 Mar 2024 14:05 GMT", "2024-03-03"),
        ("Sun, 29 Sep 2024 14:05:00 +0000", "2024-09-29"),
        ("Published: 14 May 2024", "2024-05-14"),
        ("Updated on March 3rd, 2024 at 2:05 pm ET", "2024-03-03"),
        ("2024/3/3", "2024-03-03"),
        ("3.4.2024", "2024-04-03"),
        ("13/04/2024", "2024-04-13"),
        ("04/13/2024", "2024-04-13"),
        ("03/04/2024", ""),
        ("31 February 2024", ""),
        ("March 2024", ""),
        ("2024-13-01", ""),
        ("0999-01-01", ""),
        ("last Tuesday", ""),
        ("", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_find_date_inside_text() -> None:
    text = "By Jane Smith | March 3, 2025"
    iso, start, end = find_date(text)
    assert (iso, text[start:end]) == ("2025-03-03", "March 3, 2025")
    assert find_date("no date here") == ("", -1, -1)


def test_timestamps_in_seconds_and_milliseconds() -> None:
    assert timestamp_date(1_700_000_000) == "2023-11-14T22:13:20+00:00"
    assert timestamp_date(1_700_000_000_000) == "2023-11-14T22:13:20+00:00"
    assert timestamp_date(1e300) == ""
