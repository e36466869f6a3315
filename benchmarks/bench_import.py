"""Import without entity analysis: .txt files and one JSON Lines file, through Reader's path.

Reader's path: ``Library.import_paths(paths)`` into a fresh library (what File > Import and
``reader-cli import --no-analyze`` run): reading, decoding, parsing, duplicate check, insert,
FTS indexing by trigger, one transaction per batch.

Targets (absolute): 10,000 .txt files in under 20 s; 100,000 articles from one JSONL file
in under 3 minutes. Baseline (named "store only"): ``ArticleStore.add_many`` of the same
articles already parsed (no files read, nothing parsed), into a fresh library in the same
run, so the ratio shows what reading and parsing add on top of storing.

The input files are generated once and cached in benchmarks/_data/; the libraries are
written to a temporary folder there and deleted afterwards.

    uv run python benchmarks/bench_import.py [--txt 10000] [--jsonl 100000] [--no-baseline]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import synthetic

from reader.core.model import ImportStatus
from reader.services.library import Library
from reader.store.articles import ArticleStore
from reader.store.db import connect
from reader.store.migrations import migrate

TXT_TARGET_S = {10_000: 20.0}
JSONL_TARGET_S = {100_000: 180.0}


def cached_txt_folder(n: int, seed: int) -> Path:
    folder = synthetic.DATA_DIR / f"txt-n{n}-gen{synthetic.GENERATOR_VERSION}-s{seed}"
    if not folder.is_dir():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        synthetic.write_txt_folder(n, partial, seed=seed)
        partial.rename(folder)
    return folder


def cached_jsonl(n: int, seed: int) -> Path:
    path = synthetic.DATA_DIR / f"articles-n{n}-gen{synthetic.GENERATOR_VERSION}-s{seed}.jsonl"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        synthetic.write_jsonl(n, partial, seed=seed)
        partial.rename(path)
    return path


def import_through_reader(paths: list[Path], workdir: Path) -> tuple[float, Counter[str]]:
    library_file = workdir / "import.sqlite"
    started = time.perf_counter()
    library = Library.open(library_file)
    statuses: Counter[str] = Counter()
    for outcome in library.import_paths(paths):
        statuses[str(outcome.status)] += 1
        if outcome.status is ImportStatus.ERROR and statuses["error"] <= 3:
            print(f"  error: {outcome.path}: {outcome.error}", file=sys.stderr)
    library.close()
    elapsed = time.perf_counter() - started
    _remove_library(library_file)
    return elapsed, statuses


def store_only(n: int, seed: int, workdir: Path, batch: int = 500) -> float:
    """The same articles, generated in memory beforehand, stored with add_many."""
    gen = synthetic.generator(seed)
    batches = [gen.drafts(start, min(start + batch, n)) for start in range(0, n, batch)]
    library_file = workdir / "store-only.sqlite"
    started = time.perf_counter()
    conn = connect(library_file)
    migrate(conn, str(library_file))
    store = ArticleStore(conn)
    for drafts in batches:
        store.add_many(drafts)
    conn.close()
    elapsed = time.perf_counter() - started
    _remove_library(library_file)
    return elapsed


def _remove_library(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def report(
    label: str, n: int, elapsed: float, statuses: Counter[str], target: float | None
) -> bool:
    summary = ", ".join(f"{count:,} {status}" for status, count in sorted(statuses.items()))
    line = f"{label:<34} {elapsed:7.1f} s  {n / elapsed:8,.0f} articles/s  ({summary})"
    ok = statuses.get("imported", 0) == n
    if target is not None:
        line += f"  target < {target:.0f} s: {elapsed / target:.0%} of budget"
        ok = ok and elapsed < target
        line += "" if ok else "  <- MISSED"
    print(line)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description="Import without entity analysis.")
    parser.add_argument("--txt", type=int, default=10_000, help=".txt files (0 to skip)")
    parser.add_argument("--jsonl", type=int, default=100_000, help="JSONL articles (0 to skip)")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--no-baseline", action="store_true", help="skip the store-only runs")
    args = parser.parse_args()

    synthetic.DATA_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="import-", dir=synthetic.DATA_DIR))
    all_ok = True
    try:
        if args.txt:
            folder = cached_txt_folder(args.txt, args.seed)
            paths = sorted(folder.glob("*.txt"))
            size = sum(p.stat().st_size for p in paths) / 1e6
            print(f"\n{args.txt:,} .txt files ({size:,.0f} MB) -> Library.import_paths")
            elapsed, statuses = import_through_reader(paths, workdir)
            all_ok &= report(
                "Reader: .txt files", args.txt, elapsed, statuses, TXT_TARGET_S.get(args.txt)
            )
            if not args.no_baseline:
                base = store_only(args.txt, args.seed, workdir)
                report(
                    "baseline: store only (add_many)",
                    args.txt,
                    base,
                    Counter(imported=args.txt),
                    None,
                )
                print(f"{'ratio Reader / store only':<34} {elapsed / base:7.2f}x")
        if args.jsonl:
            path = cached_jsonl(args.jsonl, args.seed)
            print(
                f"\n{args.jsonl:,} articles in one JSONL file "
                f"({path.stat().st_size / 1e6:,.0f} MB) -> Library.import_paths"
            )
            elapsed, statuses = import_through_reader([path], workdir)
            all_ok &= report(
                "Reader: JSONL", args.jsonl, elapsed, statuses, JSONL_TARGET_S.get(args.jsonl)
            )
            if not args.no_baseline:
                base = store_only(args.jsonl, args.seed, workdir)
                report(
                    "baseline: store only (add_many)",
                    args.jsonl,
                    base,
                    Counter(imported=args.jsonl),
                    None,
                )
                print(f"{'ratio Reader / store only':<34} {elapsed / base:7.2f}x")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nTargets: " + ("met" if all_ok else "MISSED (see above)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
