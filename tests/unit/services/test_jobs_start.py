"""JobRunner starts a job from the event loop, so connections made right after submit()
see everything it emits, however fast it is."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reader.services.jobs import JobContext, JobRunner


def test_a_job_that_ends_at_once_still_reaches_connections_made_after_submit(
    qtbot: QtBot,
) -> None:
    runner = JobRunner()
    results: list[object] = []
    for index in range(50):
        handle = runner.submit("quick", lambda _context, i=index: i)
        handle.succeeded.connect(results.append)
    qtbot.waitUntil(lambda: len(results) == 50, timeout=5000)
    assert sorted(results) == list(range(50))  # type: ignore[type-var]
    assert runner.shutdown()


def test_a_job_cancelled_before_it_starts_reports_cancelled_and_never_runs(
    qtbot: QtBot,
) -> None:
    runner = JobRunner()
    ran: list[int] = []

    def work(_context: JobContext) -> None:
        ran.append(1)

    handle = runner.submit("never", work)
    cancelled: list[object] = []
    handle.cancelled.connect(cancelled.append)
    handle.cancel()
    qtbot.waitUntil(lambda: cancelled == [None], timeout=5000)
    assert ran == []
    assert runner.shutdown()
