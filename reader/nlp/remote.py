"""A Recognizer whose model runs in a child process (see `reader.nlp.child`).

The window's process keeps its memory small (spaCy never loads there) and gets the
model's memory back by `release()` when analysis goes idle; the next request starts the
child again, about a second of work off the UI thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from reader.core.model import EntitySource, EntitySpan
from reader.nlp.recognizer import DEFAULT_PACKAGE, ModelUnavailable, Recognizer

if TYPE_CHECKING:
    pass

WORKER_FLAG = "--ner-worker"
"""How a frozen (PyInstaller) build starts itself as the model process: it has no `-m`."""


class AnalysisProcessError(RuntimeError):
    """The model process failed or ended unexpectedly; the message is for the user."""


def child_command(package: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG, package]
    return [sys.executable, "-m", "reader.nlp.child", package]


class RemoteRecognizer(Recognizer):
    """Same answers as Recognizer.analyze_model, computed by a child process.

    Meant for one worker thread; `terminate()` may be called from another thread to
    interrupt a request (the worker then sees AnalysisProcessError).
    """

    def __init__(self, package: str = DEFAULT_PACKAGE) -> None:
        super().__init__(package)
        self._process: subprocess.Popen[bytes] | None = None
        self._process_lock = threading.Lock()
        self._unavailable: str | None = None

    @property
    def is_running(self) -> bool:
        process = self._process
        return process is not None and process.poll() is None

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def _loaded_version(self) -> str:
        return "unknown"  # never load spaCy here; only reached when metadata is missing

    def load(self) -> Any:
        raise TypeError("RemoteRecognizer has no model in this process")

    def _model_output(
        self, texts: Iterable[str], batch_size: int
    ) -> Iterator[tuple[str, str | None, list[EntitySpan]]]:
        """The child's model spans; `analyze_model` and `analyze` are Recognizer's own."""
        texts = list(texts)
        if not texts:
            return
        reply = self._request({"texts": texts, "batch_size": batch_size})
        if "error" in reply:
            raise AnalysisProcessError(f"Entity analysis failed: {reply['error']}")
        found = reply.get("spans")
        if not isinstance(found, list) or len(found) != len(texts):
            raise AnalysisProcessError("Entity analysis failed: the model process answered oddly.")
        for text, spans in zip(texts, found, strict=True):
            model_spans = [
                EntitySpan(start, end, label, text[start:end], EntitySource.MODEL)
                for start, end, label in spans
            ]
            yield text, None, model_spans

    def _request(self, message: dict[str, Any]) -> dict[str, Any]:
        process = self._ensure_process()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")
            process.stdin.flush()
        except OSError as exc:
            self._ended(process)
            raise AnalysisProcessError(
                f"Entity analysis stopped: the model process went away ({exc})."
            ) from exc
        return self._read(process)

    def _read(self, process: subprocess.Popen[bytes]) -> dict[str, Any]:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            code = self._ended(process)
            raise AnalysisProcessError(
                f"Entity analysis stopped: the model process ended unexpectedly (status {code})."
            )
        try:
            reply = json.loads(line)
        except ValueError as exc:
            raise AnalysisProcessError(
                "Entity analysis failed: the model process answered oddly."
            ) from exc
        if not isinstance(reply, dict):
            raise AnalysisProcessError("Entity analysis failed: the model process answered oddly.")
        return reply

    def _ensure_process(self) -> subprocess.Popen[bytes]:
        if self._unavailable is not None:
            raise ModelUnavailable(self._unavailable)
        with self._process_lock:
            process = self._process
            if process is not None and process.poll() is None:
                return process
            process = self._spawn()
            self._process = process
        hello = self._read(process)
        if "unavailable" in hello:
            self._unavailable = str(hello["unavailable"])
            self._ended(process)
            raise ModelUnavailable(self._unavailable)
        if not hello.get("ready"):
            self._ended(process)
            raise AnalysisProcessError("Entity analysis failed: the model process did not start.")
        return process

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env.setdefault("PYTHONIOENCODING", "ascii")
        try:
            return subprocess.Popen(
                child_command(self._package),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=_child_stderr(),
                env=env,
                close_fds=True,
            )
        except OSError as exc:
            raise ModelUnavailable(
                f"Entity recognition is unavailable: its process could not start ({exc})."
            ) from exc

    def _ended(self, process: subprocess.Popen[bytes]) -> int | None:
        """Reap a finished or failed child; its exit status, if it has one."""
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            code = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        with self._process_lock:
            if self._process is process:
                self._process = None
        return code

    def release(self) -> None:
        """End the child politely (end of input), giving its memory back to the system."""
        with self._process_lock:
            process, self._process = self._process, None
        if process is not None:
            self._ended(process)

    def terminate(self) -> None:
        """Kill the child now: a request in progress fails at once (used when stopping)."""
        with self._process_lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()


def _child_stderr() -> IO[bytes] | int | None:
    """The child's warnings go where ours go, except when there is no console at all."""
    if sys.stderr is None:  # pythonw / gui-script on Windows
        return subprocess.DEVNULL
    return None
