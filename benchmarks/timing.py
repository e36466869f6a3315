"""Timing paths against each other in the same run: warmed up, in alternating order."""

from __future__ import annotations

import statistics
from collections.abc import Callable


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def alternate(paths: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """One warm-up call of each, then ``runs`` rounds in alternating order; seconds."""
    for run in paths.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in paths}
    for index in range(runs):
        order = list(paths.items())
        if index % 2:
            order.reverse()
        for name, run in order:
            times[name].append(run())
    return times
