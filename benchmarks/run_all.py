"""Run every benchmark in turn, each in its own process, and say which ones failed to run.

    uv run python benchmarks/run_all.py            # full sizes (100,000 articles): ~15 min
    uv run python benchmarks/run_all.py --small    # 5,000 articles, fewer runs: ~2 min

``--small`` is a quick check that everything runs; its figures are not the targets' sizes
(the ratios of start-up and search still mean something, the import budgets do not).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description="Run all Reader benchmarks.")
    parser.add_argument("--small", action="store_true", help="5,000 articles, fewer runs")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="names to run (search, import, startup, memory, load, entities, tags)",
    )
    args = parser.parse_args()
    n = 5_000 if args.small else 100_000
    runs = "3" if args.small else "7"
    plan: dict[str, list[str]] = {
        "search": ["bench_search.py", "--n", str(n), "--runs", runs],
        "import": (
            ["bench_import.py", "--txt", "1000", "--jsonl", str(n)]
            if args.small
            else ["bench_import.py"]
        ),
        "startup": ["bench_startup.py", "--n", str(n), "--runs", "3" if args.small else "7"],
        "memory": ["bench_memory.py", "--n", str(n), "--runs", "1" if args.small else "3"],
        "load": ["bench_load.py", "--small"] if args.small else ["bench_load.py"],
        "entities": (
            ["bench_entities.py", "--articles", "100", "--runs", "1", "--render-runs", "5"]
            if args.small
            else ["bench_entities.py"]
        ),
        "tags": ["bench_tags.py", "--small"] if args.small else ["bench_tags.py"],
    }
    failed: list[str] = []
    for name, command in plan.items():
        if args.only and name not in args.only:
            continue
        print(f"\n===== {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(BENCH_DIR / command[0]), *command[1:]])
        print(f"===== {name}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nFailed to run: {', '.join(failed)}")
        return 1
    print("\nAll benchmarks ran; see each one's target line above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
