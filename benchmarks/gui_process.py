"""Starting a GUI process for a benchmark and measuring it from the outside.

Wall time runs from just before ``Popen`` to the moment the child's ``shown ...`` line is
read; peak RSS is the child's ``ru_maxrss`` from ``os.wait4`` (Linux: KiB). That figure is
the largest of the process and its waited-for children, so on Linux a sampler also reads
/proc every 50 ms: the window process's own peak (VmHWM), its children's, and the peak of
the whole tree's summed RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BARE_WINDOW = BENCH_DIR / "bare_window.py"


@dataclass
class ChildResult:
    shown_s: float | None  # wall time from Popen to the "shown" line (None: never shown)
    self_reported_s: float | None  # what the child printed after "shown"
    exit_s: float  # wall time from Popen to exit
    max_rss_mb: float
    returncode: int
    stderr_tail: str
    window_peak_mb: float = float("nan")  # the GUI process alone (VmHWM)
    children_peak_mb: float = float("nan")  # its largest child process (model process)
    tree_peak_mb: float = float("nan")  # the peak of the summed RSS of the whole tree


class TreeSampler(threading.Thread):
    """Samples a process tree's memory from /proc (Linux) until the root exits."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, float] = {}  # pid -> VmHWM MB
        self.tree_peak = float("nan")
        self._done = threading.Event()

    def run(self) -> None:
        if not Path("/proc/self/status").exists():
            return
        while not self._done.wait(0.05):
            total = 0.0
            for pid in self._tree():
                fields = _status(pid)
                if "VmHWM" in fields:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), fields["VmHWM"])
                total += fields.get("VmRSS", 0.0)
            if total and not total <= self.tree_peak:
                self.tree_peak = total

    def stop(self) -> None:
        self._done.set()
        self.join(2)

    def _tree(self) -> list[int]:
        pids, frontier = [], [self.pid]
        while frontier:
            pid = frontier.pop()
            pids.append(pid)
            # Children hang under the thread that started them, not only the main one.
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    children = (task / "children").read_text().split()
                except OSError:
                    continue
                frontier.extend(int(child) for child in children)
        return pids


def _status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process in MB ({} once it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = float(value.split()[0]) / 1024
    return fields


def reader_command(library: Path) -> list[str]:
    """How Reader is started: ``python main.py --db PATH``, a script run by the interpreter
    as the bare window is (and as the installed ``reader`` launcher runs ``reader.app``).
    ``python -m reader`` would add runpy's work, about 3 ms, that neither of those does."""
    return [sys.executable, str(ROOT / "main.py"), "--db", str(library)]


def bare_command(*extra: str) -> list[str]:
    return [sys.executable, str(BARE_WINDOW), *extra]


class GuiEnvironment:
    """Environment for the children: platform, isolated settings/data folders, PYTHONPATH."""

    def __init__(self, platform: str = "offscreen", *, bytecode_cache: bool = True) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="reader-bench-home-"))
        env = dict(os.environ)
        env.pop("READER_DB", None)
        env.pop("READER_BENCH_EXIT_ON_SHOWN", None)
        env.pop("READER_BENCH_EXIT_AFTER_MS", None)
        env["QT_QPA_PLATFORM"] = platform
        # QSettings, platformdirs and the log go here, never to the user's real folders.
        env["XDG_CONFIG_HOME"] = str(self.home / "config")
        env["XDG_DATA_HOME"] = str(self.home / "data")
        env["XDG_CACHE_HOME"] = str(self.home / "cache")
        env["XDG_STATE_HOME"] = str(self.home / "state")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        if bytecode_cache:
            # As an installed app has: compiled .pyc files. They go to benchmarks/_data, not
            # next to the sources, even where PYTHONDONTWRITEBYTECODE is set for development.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(BENCH_DIR / "_data" / "pycache")
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        self.env = env

    def log_tail(self, chars: int = 3000) -> str:
        """The end of any log file the child wrote in its isolated folders."""
        texts = [
            f"--- {log}\n" + log.read_text(encoding="utf-8", errors="replace")[-chars:]
            for log in sorted(self.home.rglob("*.log"))
        ]
        return "\n".join(texts)

    def cleanup(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)


def run_child(
    command: list[str],
    env: dict[str, str],
    *,
    shown_at: str = "1",
    exit_on_shown: bool = True,
    exit_after_ms: int | None = None,
    timeout_s: float = 60.0,
) -> ChildResult:
    child_env = dict(env)
    if exit_on_shown:
        child_env["READER_BENCH_EXIT_ON_SHOWN"] = shown_at
    if exit_after_ms is not None:
        child_env["READER_BENCH_EXIT_AFTER_MS"] = str(exit_after_ms)
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, env=child_env, cwd=ROOT
        )
        assert process.stdout is not None
        sampler = TreeSampler(process.pid)
        sampler.start()
        shown_s: float | None = None
        self_reported: float | None = None
        buffer = b""
        deadline = started + timeout_s
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while time.perf_counter() < deadline:
                left = max(0.0, deadline - time.perf_counter())
                if not selector.select(timeout=min(0.05, left)):
                    # The model process, forked with the window's stdout, keeps the pipe
                    # open for its idle minute after the window has gone: ask for the
                    # exit itself (not reaping it: _wait needs its rusage).
                    if _exited(process.pid):
                        break
                    continue
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:  # child closed stdout: it has exited
                    break
                buffer += chunk
                lines = buffer.split(b"\n")
                buffer = lines.pop()
                for line in lines:
                    if shown_s is None and line.startswith(b"shown"):
                        shown_s = time.perf_counter() - started
                        parts = line.split()
                        if len(parts) > 1:
                            try:
                                self_reported = float(parts[1])
                            except ValueError:
                                self_reported = None
        sampler.stop()  # before the wait: /proc of an exited (zombie) child has no VmHWM
        status, rusage = _wait(process, deadline)
        exit_s = time.perf_counter() - started
        process.stdout.close()
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", "replace")[-2000:]
    process.returncode = os.waitstatus_to_exitcode(status) if status is not None else -9
    return ChildResult(
        shown_s=shown_s,
        self_reported_s=self_reported,
        exit_s=exit_s,
        max_rss_mb=rusage.ru_maxrss / 1024 if rusage is not None else float("nan"),
        returncode=process.returncode,
        stderr_tail=tail,
        window_peak_mb=sampler.peaks.get(process.pid, float("nan")),
        children_peak_mb=max(
            (mb for pid, mb in sampler.peaks.items() if pid != process.pid), default=0.0
        ),
        tree_peak_mb=sampler.tree_peak,
    )


def _exited(pid: int) -> bool:
    """Whether the child has exited, leaving it to be reaped."""
    flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
    return os.waitid(os.P_PID, pid, flags) is not None


def _wait(
    process: subprocess.Popen[bytes], deadline: float
) -> tuple[int | None, resource.struct_rusage]:
    """Reap the child with wait4 (for its rusage); kill it if it outlives the deadline."""
    while True:
        pid, status, rusage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            return status, rusage
        if time.perf_counter() > deadline:
            os.kill(process.pid, signal.SIGKILL)
            pid, status, rusage = os.wait4(process.pid, 0)
            return None, rusage
        time.sleep(0.005)


def add_gui_arguments(parser: argparse.ArgumentParser, default_runs: int) -> None:
    """Options every GUI benchmark takes: library size, runs, platform, bytecode cache."""
    parser.add_argument("--n", type=int, default=100_000, help="articles in the library")
    parser.add_argument("--runs", type=int, default=default_runs, help="timed runs per variant")
    parser.add_argument("--library", type=Path, help="use this library instead of building one")
    parser.add_argument(
        "--platform",
        choices=["offscreen", "xcb"],
        default="offscreen",
        help="Qt platform plugin (xcb needs DISPLAY, e.g. under xvfb-run)",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module from source on each start (PYTHONDONTWRITEBYTECODE=1)",
    )


def check_gui_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    """False when there is nothing to measure yet."""
    if args.platform == "xcb" and not os.environ.get("DISPLAY"):
        parser.error("--platform xcb needs DISPLAY (run under xvfb-run or a desktop)")
    if not (ROOT / "reader" / "app.py").exists():
        print("reader/app.py does not exist yet: nothing to measure.")
        return False
    return True


class ChildFailed(RuntimeError):
    """A start-up run that never reported 'shown': the message has its stderr and logs."""


ROWS = "rows"
"""``READER_BENCH_EXIT_ON_SHOWN=rows``: Reader reports once the library's first rows are
painted, not at the window's first paint (see reader/app.py)."""


def run_variants(
    variants: dict[str, list[str]],
    env: GuiEnvironment,
    runs: int,
    *,
    warm_up: bool = False,
    exit_after_ms: int | None = None,
    shown_at: dict[str, str] | None = None,
) -> dict[str, list[ChildResult]]:
    """Each variant ``runs`` times, alternating the order run by run (after one discarded
    warm-up run of each when ``warm_up``). ``shown_at`` gives a variant another
    READER_BENCH_EXIT_ON_SHOWN value than "1" (e.g. ``ROWS``). Without ``exit_after_ms``
    every child quits once shown and must say so (else ChildFailed); with it, each stays
    open that long after being shown, and a failed or early exit is reported but kept."""
    results: dict[str, list[ChildResult]] = {name: [] for name in variants}
    timeout = 60.0 if exit_after_ms is None else exit_after_ms / 1000 + 60

    def run(name: str, command: list[str], label: str) -> ChildResult:
        result = run_child(
            command,
            env.env,
            shown_at=(shown_at or {}).get(name, "1"),
            exit_on_shown=exit_after_ms is None,
            exit_after_ms=exit_after_ms,
            timeout_s=timeout,
        )
        if exit_after_ms is None and result.shown_s is None:
            raise ChildFailed(
                f"{name}: {label} never reported 'shown' (exit {result.returncode})\n"
                f"{result.stderr_tail}\n{env.log_tail()}"
            )
        if exit_after_ms is not None:
            if result.returncode != 0:
                print(f"{name}: exit status {result.returncode}\n{result.stderr_tail}")
                print(env.log_tail())
            if result.exit_s * 1000 < exit_after_ms * 0.9:  # coarse timers: +-5%
                print(f"{name}: exited after {result.exit_s:.1f} s, before the timer")
        return result

    if warm_up:  # bytecode, OS cache, settings
        for name, command in variants.items():
            run(name, command, "the warm-up run")
    for index in range(runs):
        order = list(variants.items())
        if index % 2:
            order.reverse()
        for name, command in order:
            results[name].append(run(name, command, f"run {index + 1}"))
    return results


def median(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else float("nan")


def print_startup_table(results: dict[str, list[ChildResult]], baseline: str) -> None:
    """Shown time (median, ratio to ``baseline``), the child's own figure, spread, RSS."""
    base = median([r.shown_s for r in results[baseline]])
    print(
        f"\n{'variant':<28} {'shown ms':>9} {'ratio':>7} {'in-process ms':>14}"
        f" {'min..max ms':>15} {'peak RSS MB':>12}"
    )
    for name, runs in results.items():
        shown = median([r.shown_s for r in runs])
        inside = median([r.self_reported_s for r in runs])
        low = min(r.shown_s or 0.0 for r in runs) * 1000
        high = max(r.shown_s or 0.0 for r in runs) * 1000
        rss = median([r.max_rss_mb for r in runs])
        print(
            f"{name:<28} {shown * 1000:>9.0f} {shown / base:>6.2f}x {inside * 1000:>14.0f}"
            f" {f'{low:.0f}..{high:.0f}':>15} {rss:>12.0f}"
        )


def print_memory_table(results: dict[str, list[ChildResult]], baseline: str) -> None:
    """Peak RSS (wait4) against ``baseline``, then the window / children / tree peaks."""
    base = median([r.max_rss_mb for r in results[baseline]])
    print(f"\n{'variant':<28} {'peak RSS MB':>12} {'max MB':>8} {'ratio':>7} {'added MB':>9}")
    for name, runs in results.items():
        peak = median([r.max_rss_mb for r in runs])
        most = max(r.max_rss_mb for r in runs)
        print(f"{name:<28} {peak:>12.0f} {most:>8.0f} {peak / base:>6.2f}x {peak - base:>9.0f}")
    print(f"\n{'variant':<28} {'window MB':>10} {'children MB':>12} {'tree MB':>8}  (from /proc)")
    for name, runs in results.items():
        print(
            f"{name:<28} {median([r.window_peak_mb for r in runs]):>10.0f}"
            f" {median([r.children_peak_mb for r in runs]):>12.0f}"
            f" {median([r.tree_peak_mb for r in runs]):>8.0f}"
        )


def worst_window_mb(runs: list[ChildResult]) -> float:
    """The window process's worst peak (ru_maxrss where /proc is not available)."""
    worst = max(r.window_peak_mb for r in runs)
    return max(r.max_rss_mb for r in runs) if worst != worst else worst
