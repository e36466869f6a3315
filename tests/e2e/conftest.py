"""Helpers for tests that run Reader as a separate process, as a user would."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROCESS_TIMEOUT = 120


def app_env(root: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a Reader process: offscreen Qt, private HOME and XDG folders,
    no READER_* variables and no Python path settings leaking from this process."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("READER_", "PYTHON", "QT_", "XDG_")) and key != "VIRTUAL_ENV"
    }
    runtime = root / "xdg-runtime"
    for name in ("home", "xdg-data", "xdg-config", "xdg-cache"):
        (root / name).mkdir(parents=True, exist_ok=True)
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        HOME=str(root / "home"),
        XDG_DATA_HOME=str(root / "xdg-data"),
        XDG_CONFIG_HOME=str(root / "xdg-config"),
        XDG_CACHE_HOME=str(root / "xdg-cache"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


def run(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path,
    timeout: float = PROCESS_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        env=dict(env) if env is not None else None,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"{' '.join(map(str, result.args))} -> {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )


@pytest.fixture
def app_root(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    return root
