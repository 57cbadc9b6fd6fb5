"""One way to set up a station for a test: the standard people, the sample feed, one call.

    station = make_station(archive, users=("clerk", "supervisor"), feed=feed)
    station.archive, station.users["clerk"], station.data_dir

The people are those of :data:`ROSTER` (name, role, display name, team), the same in every test
module; a test that needs someone else passes a :class:`Person`.  Imported by name (tests/ is on
``sys.path``); the ``make_station`` fixture of tests/conftest.py binds it to the test's archive.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.users import UserInfo, create_user

#: the password of the people make_station creates, unless a test asks for another
PASSWORD = "pw"


@dataclass(frozen=True)
class Person:
    """Someone a test signs in as; ``display_name`` empty means the user name."""

    username: str
    role: Role
    display_name: str = ""
    team: str | None = None


#: the standard people of the tests: a counter team (营业一班), a second team's lead, the archive room
ROSTER: dict[str, Person] = {
    p.username: p
    for p in (
        Person("clerk", Role.CLERK, "王芳", "营业一班"),
        Person("clerk2", Role.CLERK, "李强", "营业一班"),
        Person("collector", Role.COLLECTOR, "赵敏", "营业一班"),
        Person("supervisor", Role.SUPERVISOR, "陈静", "营业一班"),
        Person("lead", Role.TEAM_LEAD, "孙伟", "营业一班"),
        Person("lead2", Role.TEAM_LEAD, "周杰", "营业二班"),
        Person("archivist", Role.ARCHIVIST, "刘洋", "档案室"),
        Person("admin", Role.ADMIN, "管理员"),
    )
}


@dataclass
class Station:
    """A set-up station: its archive, the people created for the test, its data directory."""

    archive: Archive
    users: dict[str, UserInfo] = field(default_factory=dict)
    password: str = PASSWORD

    @property
    def data_dir(self) -> Path:
        return self.archive.data_dir

    def add(self, *people: str | Person, password: str | None = None) -> list[UserInfo]:
        """Create people (by :data:`ROSTER` name, or a :class:`Person`); returns them in order."""
        out = []
        for who in people:
            p = ROSTER[who] if isinstance(who, str) else who
            user = create_user(self.archive, p.username, password or self.password, p.role, p.display_name, p.team)
            self.users[p.username] = user
            out.append(user)
        return out


def make_station(
    archive: Archive, users: Iterable[str | Person] = (), feed: dict | None = None, password: str = PASSWORD
) -> Station:
    """Create ``users`` (then import ``feed``, when given) on ``archive``."""
    station = Station(archive, password=password)
    station.add(*users)
    if feed is not None:
        import_orders(archive, feed)
    return station


@contextmanager
def open_station(
    data_dir: Path,
    users: Iterable[str | Person] = (),
    feed: dict | None = None,
    password: str = PASSWORD,
    **archive_options,
):
    """:func:`make_station` on a new archive in ``data_dir``, closed at the end of the block."""
    with Archive(data_dir, **archive_options) as archive:
        yield make_station(archive, users, feed, password)
