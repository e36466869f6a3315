"""Start-up: process start -> main window shown, Reader on a 100,000-article library.

Baseline (named "bare window"): benchmarks/bare_window.py, a bare PySide6 QMainWindow
started the same way (same interpreter, same environment, same platform plugin) in the
same run. Runs alternate between the two; figures are medians. Target: Reader <= 1.5x.

Both children are started with ``READER_BENCH_EXIT_ON_SHOWN=1``: each prints one line
``shown <seconds since its START>`` once its window is shown and the event loop has run,
then quits. The figure is measured from the outside: ``time.perf_counter()`` just before
``Popen`` to the moment that line is read. Peak RSS comes from ``os.wait4``.

Also shown:

- the same start until the library's first page of rows is painted. The first frame has
  the window, its menus, toolbar, search field and an empty list; the rows, the reading
  pane and the last article come right after it, so this is when there is something to
  read;
- Reader on a new, empty library (it adds its 3 samples on the first run), since a
  100,000-article library should open as fast as an empty one;
- the bare window reporting at its ``singleShot(0)`` timer alone (no wait for the first
  paint), to show whether the exact "shown" moment matters.

    uv run python benchmarks/bench_startup.py [--n 100000] [--runs 7] [--platform xcb]

``--platform xcb`` needs a display (e.g. under ``xvfb-run``); the default is offscreen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import gui_process
import synthetic

TARGET_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up: Reader vs a bare QMainWindow.")
    gui_process.add_gui_arguments(parser, default_runs=7)
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--no-empty", action="store_true", help="skip the empty-library runs")
    args = parser.parse_args()
    if not gui_process.check_gui_arguments(parser, args):
        return 0

    library = args.library or synthetic.build_library(args.n, seed=args.seed)
    env = gui_process.GuiEnvironment(args.platform, bytecode_cache=not args.no_bytecode_cache)
    empty_dir = Path(tempfile.mkdtemp(prefix="reader-bench-empty-"))
    variants: dict[str, list[str]] = {
        "bare window": gui_process.bare_command(),
        f"Reader, {args.n:,} articles": gui_process.reader_command(library),
    }
    rows = f"Reader, {args.n // 1000}k: rows listed"
    variants[rows] = gui_process.reader_command(library)
    if not args.no_empty:
        variants["Reader, new library"] = gui_process.reader_command(empty_dir / "lib.sqlite")
    variants["bare window, timer only"] = gui_process.bare_command("--timer-only")
    print(f"Platform: {args.platform}; library: {library.name}; {args.runs} runs each")
    try:
        results = gui_process.run_variants(
            variants, env, args.runs, warm_up=True, shown_at={rows: gui_process.ROWS}
        )
    except gui_process.ChildFailed as exc:
        print(exc)
        return 1
    finally:
        env.cleanup()
        for leftover in empty_dir.glob("*"):
            leftover.unlink()
        empty_dir.rmdir()

    gui_process.print_startup_table(results, "bare window")
    base = gui_process.median([r.shown_s for r in results["bare window"]])
    reader = gui_process.median([r.shown_s for r in results[f"Reader, {args.n:,} articles"]])
    ratio = reader / base
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"\nTarget: Reader <= {TARGET_RATIO}x bare window: {ratio:.2f}x, {verdict}")
    print("(in-process = what the child printed: seconds from its START to shown)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
