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
import statistics
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
    rss: dict[str, list[float]] = {name: [] for name in variants}
    window: dict[str, list[float]] = {name: [] for name in variants}
    children: dict[str, list[float]] = {name: [] for name in variants}
    tree: dict[str, list[float]] = {name: [] for name in variants}
    timeout = args.after_ms / 1000 + 60
    try:
        for index in range(args.runs):
            order = list(variants.items())
            if index % 2:
                order.reverse()
            for name, command in order:
                result = gui_process.run_child(
                    command,
                    env.env,
                    exit_on_shown=False,
                    exit_after_ms=args.after_ms,
                    timeout_s=timeout,
                )
                if result.returncode != 0:
                    print(f"{name}: exit status {result.returncode}\n{result.stderr_tail}")
                    print(env.log_tail())
                if result.exit_s * 1000 < args.after_ms * 0.9:  # coarse timers: +-5%
                    print(f"{name}: exited after {result.exit_s:.1f} s, before the timer")
                rss[name].append(result.max_rss_mb)
                window[name].append(result.window_peak_mb)
                children[name].append(result.children_peak_mb)
                tree[name].append(result.tree_peak_mb)
    finally:
        env.cleanup()

    base = statistics.median(rss["bare window"])
    print(f"Platform: {args.platform}; open {args.after_ms} ms after shown; {args.runs} runs")
    print(f"\n{'variant':<28} {'peak RSS MB':>12} {'max MB':>8} {'ratio':>7} {'added MB':>9}")
    for name, values in rss.items():
        peak = statistics.median(values)
        print(
            f"{name:<28} {peak:>12.0f} {max(values):>8.0f} {peak / base:>6.2f}x {peak - base:>9.0f}"
        )
    print(f"\n{'variant':<28} {'window MB':>10} {'children MB':>12} {'tree MB':>8}  (from /proc)")
    for name in variants:
        print(
            f"{name:<28} {statistics.median(window[name]):>10.0f}"
            f" {statistics.median(children[name]):>12.0f} {statistics.median(tree[name]):>8.0f}"
        )
    reader_name = f"Reader, {args.n:,} articles"
    worst_window = max(window[reader_name])
    if worst_window != worst_window:  # no /proc: fall back on ru_maxrss
        worst_window = max(rss[reader_name])
    verdict = "met" if worst_window < TARGET_MB else "MISSED"
    print(
        f"\nTarget: window process peak RSS < {TARGET_MB:.0f} MB: {worst_window:.0f} MB"
        f" (worst run), {verdict}. Model process peak {max(children[reader_name]):.0f} MB,"
        f" both together {max(tree[reader_name]):.0f} MB; the model process ends after a"
        " minute without work."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
