"""The one operation runner: lanes, callbacks on the GUI thread, cancellation, archive_changed, shutdown."""

from __future__ import annotations

import threading
import time

import pytest

from archivist_desktop.services.changes import Changes
from archivist_desktop.ui.operations import OperationRunner, TaskState
from archivist_desktop.ui.qt import QObject


def test_writes_run_in_order_on_one_thread_and_answer_on_the_gui_thread(qtbot, runner):
    ran_on, answered_on, results = [], [], []

    def task(n):
        ran_on.append(threading.current_thread())
        time.sleep(0.002 * (5 - n))  # earlier writes are slower: order must still hold
        return n * n

    for n in range(5):
        runner.write(
            task,
            n,
            changes=Changes.NONE,
            on_done=lambda r: (answered_on.append(threading.current_thread()), results.append(r)),
        )
    qtbot.waitUntil(lambda: len(results) == 5)
    assert results == [0, 1, 4, 9, 16]
    assert len(set(ran_on)) == 1 and ran_on[0] is not threading.main_thread()
    assert set(answered_on) == {threading.main_thread()}


def test_reads_run_concurrently_beside_a_write(qtbot, runner):
    both_in = threading.Barrier(2, timeout=5)
    gate = threading.Event()
    done = []

    def read():
        both_in.wait()  # only passes when the two reads run at the same time
        return threading.current_thread().name

    runner.write(gate.wait, 5, changes=Changes.NONE)  # the writer is busy: reads do not queue behind it
    for _ in range(2):
        runner.read(read, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert len(set(done)) == 2 and all("read" in name for name in done)
    gate.set()


def test_compute_does_not_queue_behind_the_database(qtbot, runner):
    gate = threading.Event()
    done = []
    runner.write(gate.wait, 5, changes=Changes.NONE)
    runner.read(gate.wait, 5)
    runner.read(gate.wait, 5)
    runner.compute(lambda: threading.current_thread().name, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 1, timeout=5000)
    assert "compute" in done[0]
    gate.set()


def test_callbacks_are_dropped_for_a_deleted_context(qtbot, runner):
    context = QObject()
    gate = threading.Event()
    done, changed = [], []
    runner.archive_changed.connect(lambda c, i: changed.append(c))
    runner.write(lambda: gate.wait(5), changes=Changes.WORK_ORDERS, context=context, on_done=done.append)
    context.deleteLater()
    qtbot.waitUntil(lambda: not _alive(context))
    gate.set()
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert done == []
    assert changed == [Changes.WORK_ORDERS]  # the archive did change, whoever asked


def _alive(obj) -> bool:
    from archivist_desktop.ui.qt import isValid

    return isValid(obj)


def test_archive_changed_once_per_write_with_its_changes_and_initiator(qtbot, runner):
    seen = []
    runner.archive_changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    me = object()
    order = []
    runner.write(lambda: 1, changes=Changes.REVIEW, initiator=me, on_done=lambda r: order.append("done"))
    runner.archive_changed.connect(lambda *_: order.append("changed"))
    runner.write(lambda: {"pages": 2}, changes=lambda result: Changes.from_tables(result))
    runner.write(lambda: None, changes=Changes.NONE)  # nothing changed: nothing to announce
    runner.read(lambda: None)  # reads never announce
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert seen == [(Changes.REVIEW, me), (Changes(pages=True, reminders=True), None)]
    assert order[:2] == ["done", "changed"]  # on_done first, then the announcement


def test_a_failed_write_announces_nothing_and_reports_through_on_error_or_task_failed(qtbot, runner):
    seen, errors = [], []
    runner.archive_changed.connect(lambda *a: seen.append(a))
    runner.write(lambda: 1 / 0, changes=Changes.ALL, on_error=errors.append)
    with qtbot.waitSignal(runner.task_failed) as failed:
        runner.write(lambda: {}["missing"], changes=Changes.ALL)
    assert isinstance(errors[0], ZeroDivisionError) and "KeyError" in failed.args[0]
    assert seen == []


def test_a_known_error_is_reported_with_its_own_message(qtbot, runner):
    from archivist_desktop.services.archive import KnownError

    def fail():
        raise KnownError("the disk is full")

    with qtbot.waitSignal(runner.task_failed) as failed:
        runner.read(fail)
    assert failed.args[0] == "the disk is full"


def test_cancellation_through_the_task_state(qtbot, runner):
    started = threading.Event()
    stopped, done, progress = [], [], []

    def long_work(state: TaskState):
        started.set()
        for n in range(500):
            state.set_progress(n, 500, "working")
            if state.cancelled:
                stopped.append(n)
                return "stopped"
            time.sleep(0.005)
        return "finished"

    op = runner.read(long_work, with_state=True, on_done=done.append)
    runner.progress_changed.connect(lambda o, d, t, text: progress.append((o, d, t, text)))
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(progress) > 2)
    op.cancel()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert stopped and stopped[0] < 499
    assert done == []  # a cancelled operation's on_done does not run
    assert all(o is op and t == 500 and text == "working" for o, _d, t, text in progress)


def test_queued_work_cancelled_before_it_starts_never_runs(qtbot, runner):
    gate = threading.Event()
    ran = []
    runner.compute(gate.wait, 5)
    op = runner.compute(lambda: ran.append(1), on_done=ran.append)
    op.cancel()
    gate.set()
    qtbot.waitUntil(lambda: op.future.done())
    assert ran == [] and op.cancelled


def test_shutdown_runs_final_after_queued_writes_and_joins_every_thread(qapp):
    runner = OperationRunner()
    order, threads = [], set()

    def note(what):
        threads.add(threading.current_thread())
        order.append(what)

    runner.write(note, "write 1", changes=Changes.NONE)
    runner.write(note, "write 2", changes=Changes.NONE)
    runner.read(note, "read")
    runner.compute(note, "compute")
    runner.sync(note, "sync")
    runner.shutdown(final=lambda: note("final"))
    assert order[-1] == "final" and order.index("write 1") < order.index("write 2") < order.index("final")
    assert threads and not any(t.is_alive() for t in threads)
    assert not runner.is_running
    with pytest.raises(RuntimeError):
        runner.read(lambda: None)
    runner.deleteLater()


def test_changes_combine_and_map_sync_tables():
    assert (Changes.SETTINGS | Changes(pages=True)) == Changes(pages=True, settings=True)
    assert not Changes.NONE.any() and Changes.ALL.any()
    assert Changes.from_tables(["audit_events"]) == Changes.NONE
    assert Changes.from_tables(["work_orders", "step_completions"]) == Changes(
        work_orders=True, checklist=True, reminders=True
    )
    assert Changes.from_tables(["a_new_table"]) == Changes.ALL


def test_a_sync_pass_that_pulled_rows_announces_them_on_the_sync_lane(qtbot, runner, station):
    from archivist_desktop.sync.engine import SyncCounts
    from archivist_desktop.ui.sync_status import SYNCED, SyncController

    ran_on = []

    def fake_sync(archive, url, progress, retries):
        ran_on.append(threading.current_thread().name)
        progress("pull", 1, 2)
        counts = SyncCounts()
        counts.pulled["work_orders"] += 2
        counts.pulled["audit_events"] += 0
        return counts

    station.settings.set("central_url", "postgresql://central.invalid/archive")
    controller = SyncController(station, runner, sync_fn=fake_sync)
    controller._timer.stop()
    with qtbot.waitSignal(runner.archive_changed, timeout=5000) as changed:
        controller.sync_now()
    assert changed.args == [Changes(work_orders=True, reminders=True), controller]
    qtbot.waitUntil(lambda: controller.state == SYNCED)
    assert ran_on and "sync" in ran_on[0]
    controller.shutdown()


def test_results_that_end_together_come_back_one_turn_of_the_event_loop_each(qtbot, runner):
    """A write and a read that end while the GUI thread is busy: their callbacks do not run back to back.
    What the first one schedules for the next turn (a repaint, a key press, here a 0 ms timer) runs before
    the write's archive_changed, and that before the read's on_done (issue 17: the pause after a shutter)."""
    from archivist_desktop.ui.qt import QTimer

    order: list[str] = []
    ended = threading.Barrier(3, timeout=5)

    def first_done(_result):
        order.append("write done")
        QTimer.singleShot(0, lambda: order.append("next turn"))

    runner.archive_changed.connect(lambda changes, initiator: order.append("archive changed"))
    runner.write(ended.wait, changes=Changes.CAPTURE, on_done=first_done)
    runner.read(ended.wait, on_done=lambda _r: order.append("read done"))
    ended.wait()  # both have ended before the GUI thread looks at its events
    time.sleep(0.2)
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order == ["write done", "next turn", "archive changed", "read done"]
    assert runner.pending == 0
