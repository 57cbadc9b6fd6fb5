"""The capture rules without Qt: CaptureFlow driven synchronously over a real archive and real frames.

The flow decides, these tests do what the capture panel does with its steps: run ``process_capture``
(the panel: on the runner's compute lane) and ``attach_processed`` (the panel: on the writer) and
hand the results back.
"""

from __future__ import annotations

import numpy as np
import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.capture import (
    NeedsOverride,
    attach_processed,
    send_for_review,
    slot_pages,
    work_order_by_number,
)
from archivist_desktop.services.capture_flow import (
    FRONT_MISSING,
    AskReason,
    Attach,
    Attached,
    CaptureFlow,
    CaptureJob,
    CaptureTarget,
    Failed,
    FrontCaptured,
    Process,
    Refused,
    load_slot,
    place_page,
    process_capture,
)
from archivist_desktop.services.orders import get_checklist, import_orders
from archivist_desktop.services.review import decide
from archivist_desktop.services.users import create_user
from sample_data import capture_required
from test_capture_services import page_frame

HV = "WO202611000123"
LV = "WO202611000124"
BLANK = np.zeros((1200, 1600, 3), np.uint8)  # the quality check rejects it


@pytest.fixture(scope="module")
def frames():
    """Real 12 MP frames of a page on a desk mat (a few seeds), shared by the tests (never modified)."""
    made = {seed: page_frame(seed) for seed in range(3)}
    for frame in made.values():
        frame.setflags(write=False)
    return made


@pytest.fixture
def station(archive, feed):
    import_orders(archive, feed)
    return archive


@pytest.fixture
def clerk(station):
    return create_user(station, "clerk", "pw", Role.CLERK, team="营业一班")


def _target(archive, order_no=HV, step=0, entry=0) -> CaptureTarget:
    order = work_order_by_number(archive, order_no)
    e = get_checklist(archive, order).steps[step].entries[entry]
    return CaptureTarget(e.item_id, order, e.name_en)


class Driver:
    """Does with the flow's steps what the panel does, synchronously; answers reasons from ``answers``."""

    def __init__(self, flow: CaptureFlow, archive, user, answers: dict[str, str | None] | None = None):
        self.flow, self.archive, self.user = flow, archive, user
        self.answers = answers or {}
        self.seen: list = []

    def run(self, step) -> list:
        """Carry out ``step`` and everything it leads to; the steps seen, in order."""
        todo, seen = [step], []
        while todo:
            step = todo.pop(0)
            seen.append(step)
            if isinstance(step, Process):
                try:
                    page = process_capture(*step.args())
                except Exception as exc:  # noqa: BLE001 - handed to the flow, as the panel does
                    todo.extend(self.flow.process_failed(step.job, exc))
                else:
                    todo.extend(self.flow.processed(step.job, page))
            elif isinstance(step, Attach):
                try:
                    info = attach_processed(self.archive, self.user, **step.kwargs())
                except Exception as exc:  # noqa: BLE001
                    todo.append(self.flow.attach_failed(step.job, exc))
                else:
                    todo.append(self.flow.attached(step.job, info))
            elif isinstance(step, AskReason) and step.kind in self.answers:
                todo.append(self.flow.give_reason(step.job, step.kind, self.answers[step.kind]))
        self.seen.extend(seen)
        return seen

    def shoot(self, target, frame, **kw) -> list:
        step = self.flow.shutter(target, frame, 7, **kw)
        assert isinstance(step, Process), step
        return self.run(step)


def test_a_shot_is_processed_attached_and_placed_in_the_filmstrip(station, clerk, frames):
    flow = CaptureFlow(clock=iter(range(0, 1000, 2)).__next__)  # 2 s between clock reads
    target = _target(station)
    step = flow.shutter(target, frames[0], 41)
    assert isinstance(step, Process) and step.job in flow.jobs and flow.processing == 1 and flow.busy
    job = step.job
    assert (job.item_id, job.work_order_id, job.frame_number, job.state) == (
        target.item_id,
        target.work_order_id,
        41,
        "processing",
    )
    steps = flow.processed(job, process_capture(*step.args()))
    assert [type(s) for s in steps] == [Attach] and job.attaching and flow.page_on_its_way(target.item_id)
    assert flow.processing == 0  # the live view may resume while the page is written
    info = attach_processed(station, clerk, **steps[0].kwargs())
    done = flow.attached(job, info)
    assert isinstance(done, Attached) and done.replaced is None and done.latency_ms == 2000.0
    assert flow.jobs == [] and not flow.busy and job.state == "attached" and flow.last_latency_ms == 2000.0
    assert done.thumb.page_id == info.id and done.thumb.verdict == job.processed.verdict
    assert [p.page_id for p in slot_pages(station, target.item_id)] == [info.id]
    # the filmstrip: the new page at the end, its thumbnail ready
    pages, row = place_page((), done.thumb, done.replaced)
    assert [p.page_id for p in pages] == [info.id] and row == 0
    assert [p.page_id for p in load_slot(station, clerk, target.item_id).pages] == [info.id]
    assert job.processed.thumbnail_jpeg[:2] == b"\xff\xd8"
    # a late result for a job already handled changes nothing
    assert flow.processed(job, job.processed) == [] and flow.process_failed(job, RuntimeError()) == []


def test_the_shutter_refuses_without_a_slot_a_frame_or_after_closing(station, frames):
    flow = CaptureFlow()
    assert flow.shutter(None, frames[0]) == Refused("no_target")
    assert flow.shutter(_target(station), None) == Refused("no_frame")
    flow.close()
    assert flow.shutter(_target(station), frames[0]) == Refused("stopped")
    assert flow.jobs == []


def test_a_rejected_page_asks_for_an_override_reason_and_is_attached_with_it(station, clerk):
    flow = CaptureFlow()
    target = _target(station)
    declined = Driver(flow, station, clerk, {"override": None})
    steps = declined.shoot(target, BLANK)
    ask = next(s for s in steps if isinstance(s, AskReason))
    assert ask.kind == "override" and ask.reasons == ask.job.processed.reasons and ask.reasons
    assert isinstance(steps[-1], Failed) and steps[-1].stage == "cancelled" and steps[-1].known
    assert slot_pages(station, target.item_id) == () and flow.jobs == []
    # asked, not answered yet: the flow is busy (auto-capture waits)
    step = flow.shutter(target, BLANK)
    pending = Driver(flow, station, clerk).run(step)
    ask = pending[-1]
    assert isinstance(ask, AskReason) and flow.busy and flow.asking and ask.job.state == "asking"
    retry = flow.give_reason(ask.job, "override", "  原件如此 ")
    assert isinstance(retry, Attach) and retry.kwargs()["override_reason"] == "原件如此"
    done = Driver(flow, station, clerk).run(retry)[-1]
    assert isinstance(done, Attached) and done.info.verdict == "reject" and done.thumb.override_reason == "原件如此"
    assert not flow.busy
    (page,) = slot_pages(station, target.item_id)
    assert page.override_reason == "原件如此" and page.page_id == done.info.id


def test_a_late_entry_asks_for_a_reason_after_the_override(station, clerk, clock, frames):
    clock.advance(hours=3)  # HV step 1 completed 11-02 10:00: its 48 hours have passed
    flow = CaptureFlow()
    target = _target(station)
    driver = Driver(flow, station, clerk, {"late": "客户补交原件"})
    done = driver.shoot(target, frames[1])[-1]
    assert [s.kind for s in driver.seen if isinstance(s, AskReason)] == ["late"]
    assert isinstance(done, Attached) and done.job.late_reason == "客户补交原件"
    assert slot_pages(station, target.item_id)[0].late_reason == "客户补交原件"
    # the slot has a page now: the next one is no late entry
    assert isinstance(Driver(flow, station, clerk).shoot(target, frames[2])[-1], Attached)
    # a rejected page of another late slot needs both reasons, asked one after the other
    other = _target(station, entry=1)
    driver = Driver(flow, station, clerk, {"override": "原件即为空白页", "late": "客户补交"})
    done = driver.shoot(other, BLANK)[-1]
    assert [s.kind for s in driver.seen if isinstance(s, AskReason)] == ["override", "late"]
    assert isinstance(done, Attached)
    last = slot_pages(station, other.item_id)[-1]
    assert (last.override_reason, last.late_reason) == ("原件即为空白页", "客户补交")


def test_other_attach_errors_fail_the_job_plainly(station, clerk, frames):
    flow = CaptureFlow()
    order = work_order_by_number(station, HV)
    capture_required(station, clerk, HV)
    send_for_review(station, clerk, order)
    sent = next(e for st in get_checklist(station, order).steps for e in st.entries if e.state == ItemState.SENT)
    failed = Driver(flow, station, clerk).shoot(CaptureTarget(sent.item_id, order), frames[0])[-1]
    assert isinstance(failed, Failed) and failed.stage == "attach" and failed.known
    assert "sent on" in str(failed.error) and flow.jobs == [] and failed.job.state == "failed"
    broken = flow.shutter(CaptureTarget(sent.item_id, order), np.zeros((4, 4, 2), np.uint8))
    failed = Driver(flow, station, clerk).run(broken)[-1]
    assert isinstance(failed, Failed) and failed.stage == "process"


def test_id_card_front_and_back_become_one_merged_page(station, clerk, frames):
    flow = CaptureFlow()
    flow.set_id_card(True)
    target = _target(station)
    driver = Driver(flow, station, clerk)
    steps = driver.shoot(target, frames[0])
    front = steps[0].job
    assert front.side == "front" and isinstance(steps[-1], FrontCaptured) and flow.id_front is front
    assert flow.jobs == [] and not flow.busy and slot_pages(station, target.item_id) == ()  # nothing attached yet
    back_step = flow.shutter(target, frames[1])
    assert isinstance(back_step, Process) and back_step.job.side == "back" and back_step.front is not None
    assert front.processed is None and flow.id_front is None  # the front's page went into the step
    done = driver.run(back_step)[-1]
    assert isinstance(done, Attached)
    page = done.job.processed
    assert page.metadata["id_card"] is True and page.height > page.width  # an A4 page with both sides
    assert [p.page_id for p in slot_pages(station, target.item_id)] == [done.info.id]
    # the next shot is a front again; switching the mode off makes it a plain page
    assert flow.shutter(target, frames[2]).job.side == "front"
    flow.set_id_card(False)
    assert flow.shutter(target, frames[2]).job.side is None


def test_a_back_shot_while_its_front_is_processed_waits_for_it(station, clerk, frames):
    flow = CaptureFlow()
    flow.set_id_card(True)
    target = _target(station)
    front_step = flow.shutter(target, frames[0])
    back = flow.shutter(target, frames[1])
    assert isinstance(back, CaptureJob) and back.state == "waiting" and flow.processing == 1
    steps = flow.processed(front_step.job, process_capture(*front_step.args()))
    assert [type(s) for s in steps] == [FrontCaptured, Process] and steps[1].job is back
    done = Driver(flow, station, clerk).run(steps[1])[-1]
    assert isinstance(done, Attached) and done.job.processed.metadata["id_card"] is True
    # a front that could not be processed fails its waiting back
    front_step = flow.shutter(target, frames[0])
    back = flow.shutter(target, frames[1])
    steps = flow.process_failed(front_step.job, ValueError("bad frame"))
    assert [type(s) for s in steps] == [Failed, Failed]
    assert steps[1].job is back and str(steps[1].error) == FRONT_MISSING and flow.jobs == []
    # … and a back shot after its front failed fails at once
    front_step = flow.shutter(target, frames[0])
    flow.process_failed(front_step.job, ValueError("bad frame"))
    failed = flow.shutter(target, frames[1])
    assert isinstance(failed, Failed) and failed.job.side == "back" and str(failed.error) == FRONT_MISSING
    assert failed.stage == "process" and flow.jobs == [] and flow.shutter(target, frames[2]).job.side == "front"


def test_a_retake_replaces_the_chosen_page(station, clerk, frames):
    flow = CaptureFlow()
    target = _target(station)
    driver = Driver(flow, station, clerk)
    first = driver.shoot(target, frames[0])[-1].info
    second = driver.shoot(target, frames[1])[-1].info
    shown = load_slot(station, clerk, target.item_id).pages  # the filmstrip before the retake
    retake = driver.shoot(target, frames[2], replaces=first.id)[-1]
    assert retake.job.replaces == first.id and retake.replaced == first.id
    assert [p.page_id for p in slot_pages(station, target.item_id)] == [retake.info.id, second.id]
    pages, row = place_page(shown, retake.thumb, retake.replaced)
    assert [p.page_id for p in pages] == [retake.info.id, second.id] and row == 0


def test_the_next_page_in_a_rescan_slot_replaces_the_flagged_page(station, clerk, frames):
    supervisor = create_user(station, "supervisor", "pw", Role.SUPERVISOR, team="营业一班")
    clerk2 = create_user(station, "clerk2", "pw", Role.CLERK, team="营业一班")
    items = capture_required(station, clerk2, LV)
    send_for_review(station, clerk2, work_order_by_number(station, LV))
    item = items[0]
    kept = [p.page_id for p in slot_pages(station, item)]
    flagged = kept[0]
    decide(station, supervisor, flagged, "flag", "blurry", "字迹模糊，请重拍")
    view = load_slot(station, clerk, item)
    assert view.rescan is not None and view.rescan.page_id == flagged and view.rescan_thumbnail[:2] == b"\xff\xd8"
    assert set(view.thumbnails) == set(kept)
    assert load_slot(station, clerk, item, frozenset(kept)).thumbnails == {}  # known thumbnails are not read again
    flow = CaptureFlow()
    flow.slot_loaded(view)
    assert flow.rescan_page(item) == flagged
    target = CaptureTarget(item, work_order_by_number(station, LV))
    driver = Driver(flow, station, clerk, {"override": "test", "late": "test"})
    done = driver.shoot(target, frames[0])[-1]
    assert isinstance(done, Attached) and done.job.rescan_of == flagged and done.job.replaces is None
    assert done.replaced == flagged and flow.rescan_page(item) is None  # the task is done
    assert [p.page_id for p in slot_pages(station, item)] == [done.info.id, *kept[1:]]
    pages, row = place_page(view.pages, done.thumb, done.replaced)
    assert [p.page_id for p in pages] == [done.info.id, *kept[1:]] and row == 0
    assert load_slot(station, clerk, item).rescan is None
    # the page after that is simply added
    again = driver.shoot(target, frames[1])[-1]
    assert again.replaced is None and slot_pages(station, item)[-1].page_id == again.info.id


def test_a_failed_rescan_page_leaves_the_task_for_the_next_one(station, clerk, frames):
    flow = CaptureFlow()
    target = _target(station)
    flow.set_rescan(target.item_id, "flagged-page")
    step = flow.shutter(target, BLANK)
    assert step.job.rescan_of == "flagged-page" and flow.rescan_page(target.item_id) is None
    Driver(flow, station, clerk, {"override": None}).run(step)  # declined: nothing attached
    assert flow.rescan_page(target.item_id) == "flagged-page"


def test_closing_attaches_pages_in_flight_and_drops_the_rest(station, clerk, frames):
    """As the panel did: processed and processing pages still attach, without asking anything;
    a reason being asked for, a front without its back and a failed page are dropped."""
    flow = CaptureFlow()
    target = _target(station)
    other = _target(station, entry=1)
    # a page being asked about, a page still being processed, a page being written
    asking = Driver(flow, station, clerk).shoot(target, BLANK)[-1]
    assert isinstance(asking, AskReason)
    processing = flow.shutter(target, frames[0])
    writing_step = flow.shutter(other, frames[1])
    (writing,) = flow.processed(writing_step.job, process_capture(*writing_step.args()))
    # ID card: a front without its back, and a back waiting for its front
    flow.set_id_card(True)
    lone_front = Driver(flow, station, clerk).shoot(other, frames[2])[-1]
    assert isinstance(lone_front, FrontCaptured)
    flow.set_id_card(True)
    front_step = flow.shutter(other, frames[0])
    waiting_back = flow.shutter(other, frames[1])

    closing = flow.close()
    assert closing.dropped == (asking.job,) and asking.job.state == "cancelled"
    assert set(closing.processing) == {processing.job, front_step.job, waiting_back}
    assert closing.attach == ()  # the write already on its way just completes
    assert flow.give_reason(asking.job, "override", "too late") == Failed(asking.job, "cancelled")
    # what the panel does on close: wait for each computation, attach what comes out
    driver = Driver(flow, station, clerk)
    attached = [
        s for s in driver.run(writing) + driver.run(processing) + driver.run(front_step) if isinstance(s, Attached)
    ]
    assert {a.job for a in attached} == {writing.job, processing.job, waiting_back}
    assert not any(isinstance(s, AskReason) for s in driver.seen)
    (processed_late,) = [a for a in attached if a.job is processing.job]
    assert [p.page_id for p in slot_pages(station, target.item_id)] == [processed_late.info.id]
    assert len(slot_pages(station, other.item_id)) == 2  # the page written and the merged ID card
    assert lone_front.job.state == "front" and flow.jobs == [] and not flow.busy
    # a page that turns out to need a reason after closing is dropped, not asked about
    late = flow.attach_failed(processing.job, NeedsOverride("rejected"))
    assert isinstance(late, Failed) and late.stage == "cancelled"
