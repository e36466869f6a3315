from __future__ import annotations

import re

from reader.nlp import labels

ONTONOTES = tuple(labels.LABELS)  # checked against the model's own list below
MODEL_NER_LABELS = {
    *("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY"),
    *("NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME"),
    "WORK_OF_ART",
}
HEX = re.compile(r"^#[0-9a-f]{6}$")


def test_every_label_has_a_name_and_both_colours() -> None:
    assert set(labels.LABELS) == MODEL_NER_LABELS
    for label in ONTONOTES:
        info = labels.info(label)
        assert info.name and info.detail
        assert HEX.match(info.light) and HEX.match(info.dark)


def test_scheme_follows_the_issue_and_displacy() -> None:
    assert [labels.display_name(x) for x in ("GPE", "LOC", "FAC")] == ["Place"] * 3
    assert labels.display_name("NORP") == "Group"
    assert labels.display_name("ORG") == "Organisation"
    assert labels.color("ORG") == "#7aecec" and labels.color("PERSON") == "#aa9cfc"
    assert labels.color("GPE") == "#feca74" and labels.color("LOC") == "#ff9561"


def test_colours_are_readable_in_both_themes() -> None:
    for label in ONTONOTES:
        assert labels.contrast_ratio(labels.color(label), "#000000") >= 7.0
        assert labels.contrast_ratio(labels.color(label, dark=True), "#eeeeee") >= 4.5


def test_legend_groups_every_label_once() -> None:
    grouped = [label for _name, members in labels.LEGEND for label in members]
    assert sorted(grouped) == sorted(ONTONOTES)
    assert ("Place", ("GPE", "LOC", "FAC")) in labels.LEGEND


def test_unknown_label_still_has_a_presentation() -> None:
    info = labels.info("MISC")
    assert info.name == "Misc" and HEX.match(info.light) and HEX.match(info.dark)
