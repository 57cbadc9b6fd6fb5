"""A page's bytes, wherever they are: this station's own file, a fetched copy, or the central database.

Every reader of page bytes (the viewer, review, thumbnails, export, labels, download) goes through
:func:`bytes_of_page` (or :func:`ensure_local` when it needs a file path).  The order:

1. the file on this station (``pages/``: captured here; ``page_cache/``: fetched earlier), when its
   SHA-256 matches the page row's;
2. otherwise the ``blobs`` row of the central database, checked against the page row's SHA-256 and
   size; a copy that fails is refused naming the page (:class:`PageBytesCorrupt`);
3. the verified bytes are kept as a *fetched copy* in ``page_cache/``, and fetched copies beyond the
   ``page_cache_mb`` setting are evicted, least recently used first.

What is never evicted: files in ``pages/`` — the pages captured on this station, pushed or not
(the directory is the origin marker, no index to keep in step), and the bytes of any page whose row
still waits in the outbox.  A damaged own file is never overwritten from the centre (``verify``
must still report it); the centre's verified bytes are served instead.  A damaged fetched copy is
replaced.

The central database unreachable (or not reachable yet) and no copy here: :class:`NotOnThisStation`,
whose message the viewer shows as it is.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import InterfaceError, OperationalError

from archivist_desktop.errors import CentralUnreachable, KnownError, StorageError
from archivist_desktop.services.archive import Archive
from archivist_desktop.store.models import Outbox, Page
from archivist_desktop.sync.blobs import SqlBlobStore

NOT_ON_THIS_STATION = "not on this station yet; it loads when the central database is reachable"

_MB = 1024 * 1024


class NotOnThisStation(KnownError):
    """The page's bytes are not on this station and the central database cannot be reached now."""

    def __init__(self, page_id: str, detail: str = ""):
        super().__init__(NOT_ON_THIS_STATION)
        self.page_id = page_id
        self.detail = detail  # why the centre could not be asked (for logs), not shown


class PageBytesCorrupt(KnownError):
    """A page's bytes do not match the SHA-256 its row records: refused, never shown or exported."""


class PageFileMissing(StorageError):
    """A page's file is missing here and there is no central database to fetch it from."""


# --- the central connection, one per open archive ------------------------------------------------

_lock = threading.Lock()
_engines: weakref.WeakKeyDictionary[Archive, tuple[str, Engine]] = weakref.WeakKeyDictionary()


def _central(archive: Archive, page_id: str) -> Engine | None:
    """The archive's engine on the central database (kept between fetches), or ``None`` without a centre."""
    url = archive.settings["central_url"]
    if not url:
        return None
    with _lock:
        held = _engines.get(archive)
        if held is not None and held[0] == url:
            return held[1]
    from archivist_desktop.services.sync import open_central

    try:
        engine = open_central(url, archive)
    except CentralUnreachable as exc:
        raise NotOnThisStation(page_id, str(exc)) from exc
    with _lock:
        held = _engines.get(archive)
        if held is not None and held[0] == url:  # another thread won the race
            engine.dispose()
            return held[1]
        if held is not None:
            held[1].dispose()
        _engines[archive] = (url, engine)
        weakref.finalize(archive, engine.dispose)
    return engine


def _forget_central(archive: Archive) -> None:
    with _lock:
        held = _engines.pop(archive, None)
    if held is not None:
        held[1].dispose()


def close_central(archive: Archive) -> None:
    """Drop the archive's kept connection to the central database (at close; reconnects on the next fetch)."""
    _forget_central(archive)


def _fetch(archive: Archive, page: Page) -> bytes | None:
    engine = _central(archive, page.id)
    if engine is None:
        return None
    try:
        return SqlBlobStore(engine).get(page.sha256)
    except (OperationalError, InterfaceError) as exc:
        _forget_central(archive)
        raise NotOnThisStation(page.id, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


# --- the one reader --------------------------------------------------------------------------------


def cache_limit_bytes(archive: Archive) -> int:
    """The ``page_cache_mb`` setting in bytes (never negative)."""
    try:
        mb = int(archive.settings["page_cache_mb"])
    except KeyError:  # settings of a build without the key
        mb = 2048
    return max(0, mb) * _MB


def _unpushed_hashes(archive: Archive) -> set[str]:
    with archive.read_session() as s:
        return set(
            s.execute(
                select(Page.sha256).join(Outbox, (Outbox.entity == "pages") & (Outbox.entity_id == Page.id)).distinct()
            ).scalars()
        )


def evict(archive: Archive, keep: set[str] | None = None) -> list[str]:
    """Evict fetched copies beyond the cache limit (LRU); pages still waiting in the outbox stay."""
    protected = _unpushed_hashes(archive) | (keep or set())
    return archive.files.evict_fetched(cache_limit_bytes(archive), protected)


def bytes_of_page(archive: Archive, page: Page, keep: set[str] | None = None) -> bytes:
    """The page's bytes, verified against its row's SHA-256: local, else fetched (and cached).

    Raises :class:`NotOnThisStation` (centre unreachable), :class:`PageBytesCorrupt` (a copy fails
    its hash and no good one is to be had) or :class:`PageFileMissing` (no copy and no centre).
    Fetched copies whose SHA-256 is in ``keep`` are not evicted to make room (an export in progress).
    """
    files = archive.files
    damaged: Path | None = None
    try:
        data = files.read(page.sha256, page.media_type)
    except FileNotFoundError:
        pass
    else:
        if hashlib.sha256(data).hexdigest() == page.sha256:
            return data
        damaged = files.path_for(page.sha256, page.media_type)
    try:
        fetched = _fetch(archive, page)
    except NotOnThisStation:
        if damaged is not None:  # not "not here yet": here, and wrong
            raise PageBytesCorrupt(
                f"page {page.id}: its file {damaged} does not match its SHA-256 {page.sha256}"
            ) from None
        raise
    if fetched is None:
        if damaged is not None:
            raise PageBytesCorrupt(f"page {page.id}: its file {damaged} does not match its SHA-256 {page.sha256}")
        if archive.settings["central_url"]:
            raise PageFileMissing(f"page {page.id}: the central database holds no file for it ({page.sha256[:12]}…)")
        missing = files.path_for(page.sha256, page.media_type)
        raise PageFileMissing(f"page {page.id}: its file is missing from this station: {missing}")
    if hashlib.sha256(fetched).hexdigest() != page.sha256 or len(fetched) != page.size:
        raise PageBytesCorrupt(
            f"page {page.id}: the central database's copy does not match its SHA-256 {page.sha256}; refused"
        )
    own_damaged = damaged is not None and not files.is_fetched(page.sha256, page.media_type)
    if not own_damaged:  # keep the copy (a damaged fetched copy is replaced); never overwrite an own file
        try:
            files.put_fetched(page.sha256, fetched, page.media_type)
            evict(archive, keep={page.sha256} | (keep or set()))
        except OSError:  # the disk is full or read-only: the bytes are still good to show
            pass
    return fetched


def ensure_local(archive: Archive, page: Page, keep: set[str] | None = None) -> Path:
    """A verified file of the page on this station (fetching it when needed), e.g. for export."""
    bytes_of_page(archive, page, keep)
    path = archive.files.path_for(page.sha256, page.media_type)
    if not path.exists():
        raise StorageError(f"page {page.id}: its file could not be kept on this station (disk full or read-only?)")
    if archive.files.rehash(page.sha256, page.media_type) != page.sha256:
        # an own file that is damaged: the centre's good copy was shown, the file itself is not used
        raise PageBytesCorrupt(f"page {page.id}: its file {path} does not match its SHA-256 {page.sha256}")
    return path


def is_remote_only(archive: Archive, page: Page) -> bool:
    """Whether the page's bytes are legitimately not on this station: no file here, and its row is not
    waiting in the outbox (so the centre holds the bytes: it was pushed from here, or pulled).  For
    ``verify``: such a page is fetched when needed, its absence is not a missing file."""
    if archive.files.path_for(page.sha256, page.media_type).exists():
        return False
    with archive.read_session() as s:
        waiting = s.execute(
            select(Outbox.seq).where(Outbox.entity == "pages", Outbox.entity_id == page.id).limit(1)
        ).first()
    return waiting is None


def page_by_id(archive: Archive, page_id: str) -> Page:
    with archive.read_session() as s:
        page = s.get(Page, page_id)
    if page is None:
        raise KnownError(f"no page {page_id}")
    return page
