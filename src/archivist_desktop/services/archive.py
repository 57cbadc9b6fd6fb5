"""The open archive of one workstation: database, page files, templates, permissions, settings, clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archivist_desktop.domain.calendar import WorkingCalendar, working_calendar
from archivist_desktop.domain.permissions import PermissionMatrix, parse_matrix
from archivist_desktop.domain.review import ReviewConfig, parse_review_config
from archivist_desktop.domain.templates import Template, TemplateError, load_templates, read_toml
from archivist_desktop.errors import KnownError  # noqa: F401  (re-exported: services raise and catch it from here)
from archivist_desktop.paths import resources_dir
from archivist_desktop.store import outbox
from archivist_desktop.store.db import BUSY_TIMEOUT_MS, WRITE_ATTEMPTS, begin_write, open_database
from archivist_desktop.store.files import PageFiles
from archivist_desktop.store.models import utcnow
from archivist_desktop.store.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    """The deadline rules of this workstation, from its settings."""

    tz: tzinfo
    holidays: frozenset[date]
    warning_share: float
    contract_warning_days: int
    #: working days: resources/holidays.toml, the chinesecalendar package, then ``holidays``
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)


def policy_from_settings(s: Settings) -> Policy:
    """The deadline rules that these settings give (of an :class:`Archive`, or of the central workspace)."""
    holidays = set()
    for value in s["holidays"]:
        try:
            holidays.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    return Policy(
        timezone(timedelta(hours=s["utc_offset_hours"])),
        frozenset(holidays),
        s["warning_share"],
        s["contract_warning_days"],
        working_calendar(resources_dir() / "holidays.toml", holidays),
    )


def load_config(path: Path, parse: Callable[[dict], tuple[T | None, list]]) -> T:
    """A TOML rules file parsed by ``parse``; every problem, with its location, in one error."""
    data, problems = read_toml(path)
    if data is None:
        raise TemplateError(str(path), problems)
    value, problems = parse(data)
    if value is None:
        raise TemplateError(str(path), problems)
    return value


def load_permission_matrix(resources: Path) -> PermissionMatrix:
    return load_config(resources / "permissions.toml", parse_matrix)


def load_review_config(resources: Path) -> ReviewConfig:
    return load_config(resources / "review.toml", parse_review_config)


class Archive:
    """Everything a service needs, passed in explicitly (no globals)."""

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], datetime] = utcnow,
        resources: Path | None = None,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        write_attempts: int = WRITE_ATTEMPTS,
    ):
        self.data_dir = Path(data_dir)
        self.resources = resources or resources_dir()
        self.clock = clock
        self.write_attempts = write_attempts
        self.settings = Settings.load(self.data_dir)
        self.engine: Engine = open_database(self.data_dir, busy_timeout_ms)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        outbox.install(self._sessions)
        with self._sessions() as s:
            self.station_id: str = outbox.get_meta(s, "station_id") or ""
        self.files = PageFiles(self.data_dir / "pages")
        self.templates: dict[str, Template] = load_templates(self.resources / "templates")
        self.permissions = load_permission_matrix(self.resources)
        self.review = load_review_config(self.resources)

    @property
    def policy(self) -> Policy:
        return policy_from_settings(self.settings)

    def document_names(self, business_type: str, step: int, document_type: str) -> tuple[str, str]:
        """(Chinese, English) name of a checklist item's document type, from its business type's template."""
        template = self.templates.get(business_type)
        return template.document_names(step, document_type) if template else (document_type, document_type)

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A writer's session: it holds the station's write lock from its start (``BEGIN IMMEDIATE``, so
        what it reads stays true until it commits, across processes); commits on success, rolls back on
        any error.  Another writer holding the lock too long → :class:`~archivist_desktop.store.db.DatabaseBusy`.
        """
        with self._sessions() as session, session.begin():
            begin_write(session.connection(), self.write_attempts)
            yield session

    def read_session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
