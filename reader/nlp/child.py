"""The entity model's own process: reads texts on stdin, writes the model's spans on stdout.

spaCy, numpy and the model take about 200 MB that the window's process never gets back
once they are loaded; in a child process they are returned to the system when analysis
goes idle, and a crash inside the model cannot take the window down with it.

Protocol, one JSON object per line, UTF-8 (ASCII-escaped, so any Python string survives):

- child -> parent, once at start: ``{"ready": true, "model": "<package>-<version>"}``
  or ``{"unavailable": "<message for the user>"}`` (then the child exits);
- parent -> child: ``{"texts": ["...", ...], "batch_size": N}``;
- child -> parent: ``{"spans": [[[start, end, label], ...], ...]}`` (one list per text, in
  order) or ``{"error": "<message>"}``.

End of input ends the child.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from reader.nlp.recognizer import DEFAULT_PACKAGE, ModelUnavailable, Recognizer


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=True) + "\n")
    out.flush()


def serve(package: str, source: IO[str], out: IO[str]) -> int:
    """Answer requests until `source` ends; the exit status for the process."""
    recognizer = Recognizer(package)
    try:
        recognizer.load()
        _send(out, {"ready": True, "model": recognizer.model_version})
    except ModelUnavailable as exc:
        _send(out, {"unavailable": str(exc)})
        return 1
    for line in source:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            texts = [str(text) for text in request["texts"]]
            batch_size = max(1, int(request.get("batch_size", 4)))
            spans = [
                [[span.start, span.end, span.label] for span in found]
                for found in recognizer.analyze_model(texts, batch_size)
            ]
        except Exception as exc:  # report and carry on: one bad request is not the end
            _send(out, {"error": f"{type(exc).__name__}: {exc}"})
            continue
        _send(out, {"spans": spans})
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    package = args[0] if args else DEFAULT_PACKAGE
    # Texts arrive ASCII-escaped; stdio encodings must not matter on any platform.
    source = open(sys.stdin.fileno(), encoding="ascii", closefd=False)  # noqa: SIM115
    out = open(sys.stdout.fileno(), "w", encoding="ascii", closefd=False)  # noqa: SIM115
    try:
        return serve(package, source, out)
    except (BrokenPipeError, ConnectionResetError):
        # The window went away (closed, or killed us) mid-answer: nobody to tell. Quietly,
        # without the traceback that would land in the user's terminal, now or at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:  # Ctrl+C in the terminal reaches the whole process group
        return 0


if __name__ == "__main__":
    sys.exit(main())
