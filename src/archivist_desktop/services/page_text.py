"""Page text (#18): OCR of every page in the background, stored with its line boxes; full-text search.

* :class:`BackgroundOcr` runs the OCR of attached pages in **one separate worker process** at a
  lowered priority (``os.nice``), so neither the GIL nor the CPU is taken from the live view; a
  dispatcher thread reads the page's bytes (fetching them from the centre for a pulled page),
  hands them to the worker and stores the result (``page_texts``) with the page's content findings
  (:func:`archivist_desktop.services.content_check.findings_for`).  It never runs on the GUI thread
  and never on the shutter → thumbnail path: the capture only *enqueues* the page id.
* :func:`run_pending` OCRs every page without text (CLI ``ocr-pending``), in this process.
* :func:`search_text` finds pages by their text: the FTS5 trigram index for queries of three or
  more characters, ``LIKE`` for one or two; :func:`search_central` the same on the central
  database (``LIKE``, served by the ``pg_trgm`` GIN index on PostgreSQL).  Each hit carries a
  snippet and the boxes of the matched text on the page (page pixels), for the viewer's highlight.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from archivist_desktop.errors import KnownError
from archivist_desktop.services.archive import Archive
from archivist_desktop.store.models import Page, PageText, utcnow

log = logging.getLogger(__name__)

#: niceness added to the OCR worker process (0 = normal, 19 = lowest)
WORKER_NICE = 10
#: snippet: characters of context each side of the match
SNIPPET_CONTEXT = 24

Progress = Callable[[int, int, str], None]


# --- OCR ---------------------------------------------------------------------------------------


#: Windows priority class of the OCR worker (BELOW_NORMAL_PRIORITY_CLASS), as ``after_attach`` gives its process
_BELOW_NORMAL_PRIORITY_CLASS = 0x00004000


def lower_priority(nice: int) -> None:
    """Lower this process's CPU priority: ``os.nice`` on POSIX; on Windows (no ``os.nice``) the
    below-normal priority class, so that the OCR never competes with the GUI and the capture on equal terms."""
    if nice <= 0:
        return
    if sys.platform == "win32":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        if not kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS):
            log.info("OCR worker: SetPriorityClass failed (priority stays normal)")
        return
    try:
        os.nice(nice)
    except OSError:
        pass


def _worker_init(nice: int) -> None:  # pragma: no cover - runs in the worker process
    lower_priority(nice)
    import cv2

    cv2.setNumThreads(1)  # the page's decode and resize on one thread too: the other core stays the GUI's
    from archivist_desktop.imaging import ocr

    ocr.set_threads(1)


def ocr_bytes(data: bytes) -> dict[str, Any]:
    """OCR of an encoded page image (JPEG/PNG): ``OcrResult.to_json()``.  Runs in the worker process."""
    import cv2
    import numpy as np

    from archivist_desktop.errors import BadInput
    from archivist_desktop.imaging import ocr

    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise BadInput("the page's bytes are not an image OCR can read")
    return ocr.recognise(image).to_json()


def _as_ocr_result(raw: dict[str, Any]) -> Any:
    from archivist_desktop.imaging.ocr import OcrLine, OcrResult

    lines = tuple(
        OcrLine(str(li["text"]), tuple((float(x), float(y)) for x, y in li["box"]), float(li["confidence"]))
        for li in raw.get("lines", ())
    )
    return OcrResult(str(raw.get("text", "")), lines, float(raw.get("elapsed_ms", 0.0)), str(raw.get("engine", "")))


def ocr_available() -> bool:
    from archivist_desktop.imaging import ocr

    return ocr.available()


def pending_page_ids(archive: Archive, limit: int | None = None, page_ids: Sequence[str] | None = None) -> list[str]:
    """Active image pages without text, oldest first (of ``page_ids`` when given)."""
    stmt = (
        select(Page.id)
        .outerjoin(PageText, PageText.page_id == Page.id)
        .where(PageText.page_id.is_(None), Page.status == "active", Page.media_type.like("image/%"))
        .order_by(Page.captured_at, Page.id)
    )
    if hasattr(Page, "kind"):
        stmt = stmt.where(Page.kind == "image")
    out: list[str] = []
    with archive.read_session() as s:
        if page_ids is None:
            out = list(s.execute(stmt.limit(limit) if limit else stmt).scalars())
        else:
            ids = list(page_ids)
            for i in range(0, len(ids), 500):
                out.extend(s.execute(stmt.where(Page.id.in_(ids[i : i + 500]))).scalars())
    return out[:limit] if limit else out


def _findings(session: Session, archive: Archive, page: Page, result: Any) -> list[dict[str, Any]]:
    try:
        from archivist_desktop.services import content_check
    except ImportError:  # pragma: no cover - content checks not installed in this build
        return []
    try:
        return list(content_check.findings_for(session, page, result, archive=archive))
    except KnownError as exc:
        log.info("content check of page %s: %s", page.id, exc)
        return []


def store_text(archive: Archive, page_id: str, raw: dict[str, Any]) -> PageText:
    """Store the OCR result (``OcrResult.to_json()``) of a page and its content findings."""
    result = _as_ocr_result(raw)
    with archive.read_session() as s:  # the findings may read the page: not under the write lock
        page = s.get(Page, page_id)
        if page is None:
            raise KnownError(f"no page {page_id}")
        findings = _findings(s, archive, page, result)
    with archive.session() as s:
        row = s.get(PageText, page_id)
        now = utcnow()
        values = {
            "item_id": page.item_id,
            "engine": result.engine[:64],
            "text": result.text,
            "lines": json.dumps([li.to_json() for li in result.lines], ensure_ascii=False),
            "findings": json.dumps(findings, ensure_ascii=False),
            "elapsed_ms": round(result.elapsed_ms, 1),
            "updated_at": now,
        }
        if row is None:
            row = PageText(page_id=page_id, created_at=now, version=1, **values)
            s.add(row)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.version += 1
    return row


def ocr_page(archive: Archive, page_id: str, run: Callable[[bytes], dict[str, Any]] = ocr_bytes) -> PageText:
    """Read the page's bytes (fetched from the centre when needed), OCR them with ``run``, store."""
    from archivist_desktop.services.page_bytes import bytes_of_page, page_by_id

    page = page_by_id(archive, page_id)
    return store_text(archive, page_id, run(bytes_of_page(archive, page)))


@dataclass
class PendingRun:
    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"done": len(self.done), "failed": self.failed, "pages": self.done, "seconds": round(self.seconds, 2)}


def run_pending(archive: Archive, limit: int | None = None, progress: Progress | None = None) -> PendingRun:
    """OCR every page without text (at most ``limit``) in this process; one failure never stops the run."""
    import time

    from archivist_desktop.imaging import ocr

    if not ocr.available():
        raise ocr.OcrUnavailable("the OCR engine (rapidocr-onnxruntime) is not installed: run scripts/setup.sh")
    t0 = time.perf_counter()
    ids = pending_page_ids(archive, limit)
    out = PendingRun()
    for n, pid in enumerate(ids, 1):
        try:
            ocr_page(archive, pid)
            out.done.append(pid)
        except KnownError as exc:
            out.failed[pid] = str(exc)
        if progress is not None:
            progress(n, len(ids), pid)
    out.seconds = time.perf_counter() - t0
    return out


class BackgroundOcr:
    """OCR of pages in one worker process at lowered priority; results stored by a dispatcher thread.

    ``enqueue(page_ids)`` returns at once (safe from any thread, the GUI's included);
    ``on_ready(page_id)`` is called from the dispatcher thread after a page's text is stored
    (the GUI forwards it to its thread with a queued signal).  ``poll_s``: when idle that long, the
    dispatcher looks for pages without text itself (pages captured, attached by a command or pulled
    from the centre), so no caller has to.  ``close()`` stops the thread and
    the worker.  Pages already with text are skipped; a page that fails is logged and skipped.
    """

    def __init__(
        self,
        archive: Archive,
        on_ready: Callable[[str], None] | None = None,
        *,
        nice: int = WORKER_NICE,
        on_error: Callable[[str, str], None] | None = None,
        poll_s: float | None = None,
    ) -> None:
        self.archive = archive
        self._poll_s = poll_s
        self.on_ready = on_ready
        self.on_error = on_error
        self._nice = nice
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._queued: set[str] = set()
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="page-ocr", daemon=True)
        self._thread.start()

    def enqueue(self, page_ids: Iterable[str]) -> None:
        with self._lock:
            if self._closed:
                return
            for pid in page_ids:
                if pid not in self._queued:
                    self._queued.add(pid)
                    self._idle.clear()
                    self._queue.put(pid)

    def enqueue_pending(self, limit: int | None = None) -> int:
        """Queue every page without text (from a database read: call it off the GUI thread)."""
        ids = pending_page_ids(self.archive, limit)
        self.enqueue(ids)
        return len(ids)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the queue is empty (tests and the CLI; never on the GUI thread)."""
        return self._idle.wait(timeout)

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self._nice,),
            )
        return self._pool

    def _run_in_worker(self, data: bytes) -> dict[str, Any]:
        return self._worker().submit(ocr_bytes, data).result()

    def _run(self) -> None:
        while True:
            try:
                pid = self._queue.get(timeout=self._poll_s)
            except queue.Empty:  # idle: look for pages without text (captured, attached, pulled)
                try:
                    self.enqueue_pending(20)
                except Exception as exc:  # noqa: BLE001 - a busy database: the next poll tries again
                    log.info("page text poll: %s", exc)
                continue
            if pid is None:
                return
            try:
                if pending_page_ids(self.archive, page_ids=[pid]):
                    ocr_page(self.archive, pid, self._run_in_worker)
                    if self.on_ready is not None:
                        self.on_ready(pid)
            except Exception as exc:  # noqa: BLE001 - one page never stops the worker (logged, skipped)
                log.warning("background OCR of page %s failed: %s", pid, exc)
                if self.on_error is not None:
                    self.on_error(pid, str(exc))
            finally:
                with self._lock:
                    self._queued.discard(pid)
                    if not self._queued:
                        self._idle.set()

    def close(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._closed = True
            while True:  # drop what has not started
                try:
                    dropped = self._queue.get_nowait()
                except queue.Empty:
                    break
                if dropped is not None:
                    self._queued.discard(dropped)
            self._queue.put(None)
        self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._idle.set()


# --- search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextHit:
    """A page whose text contains the query."""

    page_id: str
    customer: str  # 户号 and name
    customer_id: str | None
    work_order: str
    document: str  # the document type's Chinese name
    document_type: str
    snippet: str
    #: the matched text's boxes on the page: four [x, y] corners each, in the page's pixels
    boxes: tuple[tuple[tuple[float, float], ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "page_id": self.page_id,
            "customer": self.customer,
            "work_order": self.work_order,
            "document": self.document,
            "document_type": self.document_type,
            "snippet": self.snippet,
            "boxes": [[[round(x, 1), round(y, 1)] for x, y in box] for box in self.boxes],
        }


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def _find(haystack: str, needle: str) -> int:
    return haystack.casefold().find(needle.casefold())


def snippet(text_: str, query: str, context: int = SNIPPET_CONTEXT) -> str:
    """The part of ``text_`` around the first match of ``query``, on one line."""
    flat = " ".join(text_.split())
    i = _find(flat, query)
    if i < 0:
        return flat[: 2 * context]
    start, end = max(0, i - context), min(len(flat), i + len(query) + context)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def match_boxes(lines: Sequence[dict[str, Any]], query: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The boxes of ``query`` in the OCR lines: the part of each line box that holds the match
    (by the characters' share of the line's width)."""
    out: list[tuple[tuple[float, float], ...]] = []
    q = query.casefold()
    for line in lines:
        t = str(line.get("text", ""))
        box = line.get("box") or []
        if len(box) != 4 or not t:
            continue
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ((float(x), float(y)) for x, y in box)
        folded = t.casefold()
        start = folded.find(q)
        while start >= 0:
            a, b = start / len(t), min(1.0, (start + len(q)) / len(t))

            def lerp(p: tuple[float, float], r: tuple[float, float], f: float) -> tuple[float, float]:
                return (p[0] + (r[0] - p[0]) * f, p[1] + (r[1] - p[1]) * f)

            tl, tr, br, bl = (x0, y0), (x1, y1), (x2, y2), (x3, y3)
            out.append((lerp(tl, tr, a), lerp(tl, tr, b), lerp(bl, br, b), lerp(bl, br, a)))
            start = folded.find(q, start + max(1, len(q)))
    return tuple(out)


def _hit(
    archive: Archive | None,
    row: Any,
    query: str,
) -> TextHit:
    page_id, text_, lines, customer_no, name, customer_id, order_no, business_type, step, doc_type = row
    document = doc_type
    if archive is not None:
        document = archive.document_names(business_type, step, doc_type)[0]
    try:
        parsed = json.loads(lines or "[]")
    except ValueError:
        parsed = []
    return TextHit(
        page_id,
        f"{customer_no} {name}",
        customer_id,
        order_no,
        document,
        doc_type,
        snippet(text_, query),
        match_boxes(parsed, query),
    )


_HIT_COLUMNS = (
    "t.page_id, t.text, t.lines, c.customer_no, c.name, c.id, o.work_order_no, o.business_type, i.step, i.document_type"
)
_HIT_JOINS = (
    "JOIN pages p ON p.id = t.page_id JOIN checklist_items i ON i.id = t.item_id "
    "JOIN work_orders o ON o.id = i.work_order_id JOIN customers c ON c.id = o.customer_id"
)


def _like(query: str) -> str:
    from archivist_desktop.services.search import like_escape

    return f"%{like_escape(query)}%"


def search_text(archive: Archive, query: str, limit: int = 50) -> tuple[TextHit, ...]:
    """Pages of this station whose text contains ``query`` (case-insensitive), the newest texts first
    (by the index's own row order, so that a common word stops at ``limit`` instead of sorting every match)."""
    q = query.strip()
    if not q:
        return ()
    with archive.read_session() as s:
        if len(q) >= 3:
            sql = (
                f"SELECT {_HIT_COLUMNS} FROM page_texts_fts f JOIN page_texts t ON t.rowid = f.rowid {_HIT_JOINS} "
                "WHERE page_texts_fts MATCH :m AND p.status = 'active' ORDER BY f.rowid DESC LIMIT :n"
            )
            rows = s.execute(text(sql), {"m": _fts_phrase(q), "n": limit}).all()
        else:  # trigram needs three characters: one or two by LIKE on the text
            sql = (
                f"SELECT {_HIT_COLUMNS} FROM page_texts t {_HIT_JOINS} "
                "WHERE t.text LIKE :m ESCAPE '\\' AND p.status = 'active' ORDER BY t.rowid DESC LIMIT :n"
            )
            rows = s.execute(text(sql), {"m": _like(q), "n": limit}).all()
    return tuple(_hit(archive, r, q) for r in rows)


def search_central(central: Engine, query: str, limit: int = 50, archive: Archive | None = None) -> tuple[TextHit, ...]:
    """Pages on the central database whose text contains ``query`` (``ILIKE`` on PostgreSQL, served by
    the ``pg_trgm`` GIN index of c012; ``LIKE`` on an embedded SQLite centre), newest first.
    A station login sees only the pages its row-level security lets it see."""
    q = query.strip()
    if not q:
        return ()
    op = "ILIKE" if central.dialect.name == "postgresql" else "LIKE"
    sql = (
        f"SELECT {_HIT_COLUMNS} FROM page_texts t {_HIT_JOINS} "
        f"WHERE t.text {op} :m ESCAPE '\\' AND p.status = 'active' ORDER BY p.captured_at DESC LIMIT :n"
    )
    with central.connect() as conn:
        rows = conn.execute(text(sql), {"m": _like(q), "n": limit}).all()
    return tuple(_hit(archive, r, q) for r in rows)


def search_everywhere(archive: Archive, query: str, limit: int = 50) -> tuple[TextHit, ...]:
    """This station's hits, then the centre's (when a centre is set and reachable) not already found."""
    hits = list(search_text(archive, query, limit))
    if archive.settings["central_url"] and len(hits) < limit:
        from archivist_desktop.services.page_bytes import _central

        try:
            central = _central(archive, "")
            if central is not None:
                seen = {h.page_id for h in hits}
                hits.extend(h for h in search_central(central, query, limit, archive) if h.page_id not in seen)
        except (KnownError, OSError) as exc:
            log.info("central text search skipped: %s", exc)
        except Exception as exc:  # the centre unreachable mid-query: local hits stand
            from sqlalchemy.exc import DBAPIError

            if not isinstance(exc, DBAPIError):
                raise
            log.info("central text search failed: %s", exc)
    return tuple(hits[:limit])


def page_text(archive: Archive, page_id: str) -> PageText | None:
    with archive.read_session() as s:
        return s.get(PageText, page_id)


# --- after attach: OCR in a detached low-priority process (CLI) ----------------------------------

LOCK_FILE = "page_text.lock"


def background_enabled(archive: Archive) -> bool:
    """Whether pages are OCR'd in the background after they are attached (the ``background_ocr``
    setting; ``ARCHIVIST_BACKGROUND_OCR=0`` turns it off too)."""
    if os.environ.get("ARCHIVIST_BACKGROUND_OCR", "1").strip() in ("0", "false", "no", "off"):
        return False
    if not archive.settings["background_ocr"]:
        return False
    import importlib.util

    # find_spec, not an import: the GUI thread asks this and must not load onnxruntime
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def after_attach(archive: Archive, page_ids: Sequence[str]) -> bool:
    """After a command attached pages: OCR them in a detached process at lowered priority, which
    outlives the command (and reads every other page still without text); ``False`` when background
    OCR is off.  The command itself never waits for it."""
    import subprocess

    if not page_ids or not background_enabled(archive):
        return False
    flags: dict[str, Any] = {}
    if sys.platform == "win32":  # pragma: no cover - Windows
        flags["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.BELOW_NORMAL_PRIORITY_CLASS
    else:
        flags["start_new_session"] = True
    subprocess.Popen(
        [sys.executable, "-m", "archivist_desktop.services.page_text", str(archive.data_dir)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        **flags,
    )
    return True


def _try_lock(path: Any) -> Any:
    """An exclusive lock on ``path`` (an open file), or ``None`` when another process holds it."""
    f = open(path, "a+b")
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return None
    return f


def drain(data_dir: Any, nice: int = WORKER_NICE) -> int:
    """The detached worker: OCR every page without text of the data directory, unless another worker
    already does (one per station); pages attached meanwhile are taken too.  Pages read."""
    from pathlib import Path

    lock = _try_lock(Path(data_dir) / LOCK_FILE)
    if lock is None:
        return 0
    lower_priority(nice)
    from archivist_desktop.imaging import ocr

    ocr.set_threads(1)
    done = 0
    failed: set[str] = set()
    with Archive(Path(data_dir)) as archive:
        while True:
            ids = [p for p in pending_page_ids(archive, 50) if p not in failed]
            if not ids:
                break
            for pid in ids:
                try:
                    ocr_page(archive, pid)
                    done += 1
                except KnownError as exc:
                    failed.add(pid)
                    log.warning("OCR of page %s failed: %s", pid, exc)
    lock.close()
    return done


if __name__ == "__main__":  # pragma: no cover - the detached worker of after_attach
    drain(sys.argv[1])


def lines_of_pages(archive: Archive, page_ids: Sequence[str]) -> tuple[list[dict[str, Any]] | None, ...]:
    """The stored OCR lines of each page in order (``None``: no text yet), for a PDF's text layer."""
    found: dict[str, list[dict[str, Any]]] = {}
    ids = list(page_ids)
    with archive.read_session() as s:
        for i in range(0, len(ids), 500):
            for pid, raw in s.execute(
                select(PageText.page_id, PageText.lines).where(PageText.page_id.in_(ids[i : i + 500]))
            ):
                try:
                    found[pid] = list(json.loads(raw or "[]"))
                except ValueError:
                    continue
    return tuple(found.get(pid) for pid in ids)
