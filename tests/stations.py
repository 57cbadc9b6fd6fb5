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
#: the password of the people :func:`central_company` adds (the central password policy: ≥ 10
#: characters, not the user name)
CENTRAL_PASSWORD = "central-pw-2026"
#: the root unit :func:`central_company` makes; its station logins see the rows of no unit too
ROOT_UNIT = "c01"


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


def central_company(
    admin_url: str,
    login: str,
    login_password: str,
    people: Iterable[str | Person] = (),
    password: str = CENTRAL_PASSWORD,
) -> None:
    """Initialise a fresh centre as the real workflow does: the root unit :data:`ROOT_UNIT`, the station
    login ``login`` in it, and ``people`` (by :data:`ROSTER` name, or a :class:`Person`) added
    centrally (``central users add``): stations receive them at their first sync (c014: no station
    login adds users)."""
    from archivist_desktop.services.central_users import add_unit, init_central_with_unit
    from archivist_desktop.services.sync import init_central

    init_central(admin_url)
    add_unit(admin_url, ROOT_UNIT, "客户服务中心")
    init_central_with_unit(admin_url, login=login, login_password=login_password, unit=ROOT_UNIT)
    add_central_people(admin_url, *people, password=password)


def add_central_people(admin_url: str, *people: str | Person, password: str = CENTRAL_PASSWORD) -> None:
    """Add people centrally (one transaction), in the root unit."""
    from archivist_desktop.services.central_users import NewUser, add_users

    chosen = [ROSTER[who] if isinstance(who, str) else who for who in people]
    if chosen:
        add_users(
            admin_url,
            [NewUser(p.username, password, p.role.value, ROOT_UNIT, p.display_name, p.team) for p in chosen],
        )


def pulled_people(archive: Archive, *names: str) -> list[UserInfo]:
    """People this station received from the centre (after a sync), in the order named."""
    from archivist_desktop.services.users import get_user

    return [get_user(archive, name) for name in names]
