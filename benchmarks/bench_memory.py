"""Memory: peak RSS of Reader with the 100,000-article library open in the GUI.

Reader is started with ``READER_BENCH_EXIT_AFTER_MS`` (default 3000): it shows its window,
lists the library, and quits by itself that many ms after being shown. Peak RSS is the
child's ``ru_maxrss`` from ``os.wait4``. Target: under 250 MB (absolute), for the window's
process. The entity model runs in a child process of its own (reader.nlp.remote), which
``ru_maxrss`` folds in as the largest of the two; so the figures printed are, from /proc:
the window process alone, the model process, and the peak of the two together.

Baseline (named "bare window"): benchmarks/bare_window.py, a bare PySide6 QMainWindow run
the same way for the same time; the ratio and the difference show what Reader adds.

    uv run python benchmarks/bench_memory.py [--n 100000] [--runs 3] [--after-ms 3000]
"""

from __future__ import annotations

import argparse
import sys

import gui_process
import synthetic

TARGET_MB = 250.0


def main() -> int:
    parser = argparse.ArgumentParser(description="Peak RSS: Reader vs a bare QMainWindow.")
    gui_process.add_gui_arguments(parser, default_runs=3)
    parser.add_argument("--after-ms", type=int, default=3000, help="time open after shown")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    args = parser.parse_args()
    if not gui_process.check_gui_arguments(parser, args):
        return 0

    library = args.library or synthetic.build_library(args.n, seed=args.seed)
    env = gui_process.GuiEnvironment(args.platform, bytecode_cache=not args.no_bytecode_cache)
    variants = {
        "bare window": gui_process.bare_command(),
        f"Reader, {args.n:,} articles": gui_process.reader_command(library),
    }
    try:
        results = gui_process.run_variants(variants, env, args.runs, exit_after_ms=args.after_ms)
    finally:
        env.cleanup()

    print(f"Platform: {args.platform}; open {args.after_ms} ms after shown; {args.runs} runs")
    gui_process.print_memory_table(results, "bare window")
    reader = results[f"Reader, {args.n:,} articles"]
    worst_window = gui_process.worst_window_mb(reader)
    verdict = "met" if worst_window < TARGET_MB else "MISSED"
    print(
        f"\nTarget: window process peak RSS < {TARGET_MB:.0f} MB: {worst_window:.0f} MB"
        f" (worst run), {verdict}. Model process peak"
        f" {max(r.children_peak_mb for r in reader):.0f} MB, both together"
        f" {max(r.tree_peak_mb for r in reader):.0f} MB; the model process ends after a"
        " minute without work."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
