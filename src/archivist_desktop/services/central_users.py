"""Organisation units, station logins and users, administered on the central database.

* **Units** form a tree (客户服务中心 → 营业厅 / 班组): ``central units add|list``.
* **Station logins** (PostgreSQL roles) belong to one unit: ``central init --create-login LOGIN
  --unit CODE`` records it in ``station_logins``; a station reads its own unit at ``central login``
  and keeps it in the ``station_unit`` setting.  A login created without ``--unit`` has no unit
  (the station's ``station_unit`` stays empty), as before units existed.
* **Users** are written centrally (``central users add|disable|passwd|list``), each in one unit,
  with a ``change_seq`` (stamped by the central trigger) so that stations pull them; every change
  is an audit event chained on the ``central`` station's chain, with the whole user state
  (user name, role, unit, team, active) in its payload.

Every function connects as its URL says (a password in the URL, the argument or the keyring)
and never returns a password hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Engine, Table, and_, func, insert, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from archivist_desktop.domain.permissions import Role
from archivist_desktop.errors import BadInput, KnownError
from archivist_desktop.services.sync import CENTRAL_STATION, open_central
from archivist_desktop.services.users import check_password_policy, hash_password
from archivist_desktop.store.audit import AUDIT_STATION, AuditLog
from archivist_desktop.store.models import CentralEvent, User, new_id, utcnow
from archivist_desktop.sync import central as central_db
from archivist_desktop.sync.engine import ADVISORY_KEY
from archivist_desktop.sync.schema import central_metadata, station_logins, units
from archivist_desktop.sync.upsert import upsert_by

_CODE_MAX = 32


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    parent_code: str | None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "parent": self.parent_code}


@dataclass(frozen=True)
class CentralUser:
    """A centrally managed user, without the password hash."""

    id: str
    username: str
    display_name: str
    role: str
    unit: str | None
    team: str | None
    active: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "unit": self.unit,
            "team": self.team,
            "active": self.active,
        }


def _given_password(url: str, password: str | None) -> str | None:
    """The administrator's password to use: ``None`` when the URL carries one (or none was given)."""
    return None if central_db.parse_url(url).password is not None else (password or None)


@contextmanager
def _central(url: str, password: str | None) -> Iterator[Engine]:
    engine = open_central(url, password=_given_password(url, password))
    try:
        yield engine
    finally:
        engine.dispose()


def _check_code(code: str, what: str = "a unit code") -> str:
    code = (code or "").strip()
    if not code or len(code) > _CODE_MAX or any(c.isspace() for c in code):
        raise BadInput(f"{what} must be 1–{_CODE_MAX} characters without spaces, not {code!r}")
    return code


def _unit_exists(conn: Connection | Session, code: str) -> bool:
    return conn.execute(select(units.c.code).where(units.c.code == code)).first() is not None


def _require_unit(conn: Connection | Session, code: str) -> None:
    if not _unit_exists(conn, code):
        raise BadInput(f"no unit {code!r} on the central database (add it with `central units add`)")


# --- units -------------------------------------------------------------------------------------------


def add_unit(url: str, code: str, name: str, parent: str | None = None, password: str | None = None) -> Unit:
    """Add a unit under ``parent`` (``None``: a root).  A unit's code is never reused."""
    code = _check_code(code)
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise BadInput("a unit needs a name of 1–200 characters")
    parent = _check_code(parent, "a parent unit code") if parent else None
    with _central(url, password) as engine, engine.begin() as conn:
        if _unit_exists(conn, code):
            raise BadInput(f"unit {code!r} already exists")
        if parent is not None:
            _require_unit(conn, parent)
        conn.execute(units.insert().values(code=code, name=name, parent_code=parent))
    return Unit(code, name, parent)


def list_units(url: str, password: str | None = None) -> list[Unit]:
    """Every unit, parents before their children, siblings by code."""
    with _central(url, password) as engine, engine.connect() as conn:
        rows = conn.execute(select(units.c.code, units.c.name, units.c.parent_code).order_by(units.c.code)).all()
    children: dict[str | None, list[Unit]] = {}
    for r in rows:
        children.setdefault(r.parent_code, []).append(Unit(r.code, r.name, r.parent_code))
    out: list[Unit] = []

    def walk(parent: str | None) -> None:
        for unit in children.get(parent, []):
            out.append(unit)
            walk(unit.code)

    walk(None)
    return out


def units_below(conn: Connection | Session, code: str) -> set[str]:
    """``code`` and every unit under it."""
    rows = conn.execute(select(units.c.code, units.c.parent_code)).all()
    found, frontier = {code}, [code]
    while frontier:
        parent = frontier.pop()
        for r in rows:
            if r.parent_code == parent and r.code not in found:
                found.add(r.code)
                frontier.append(r.code)
    return found


def unit_codes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(units.c.code)).scalars())


# --- station logins ----------------------------------------------------------------------------------


def init_central_with_unit(
    url: str,
    password: str | None = None,
    login: str | None = None,
    login_password: str | None = None,
    unit: str | None = None,
) -> str:
    """``central init``: create or upgrade the schema and the station role; create ``login`` and,
    with ``unit``, record that the login belongs to that (existing) unit.  Returns the schema revision."""
    if unit is not None and not login:
        raise BadInput("--unit goes with --create-login: it says which unit the new station login belongs to")
    engine = open_central(url, password=_given_password(url, password), check_schema=False)
    try:
        _sign_in(engine, url)  # a refused password is "password refused" (exit 1), not "cannot reach"
        central_db.migrate(engine)
        if unit is not None:
            unit = _check_code(unit)
            with engine.connect() as conn:
                _require_unit(conn, unit)  # before the login exists: nothing half-done
        central_db.grant_station_role(engine, login, login_password)
        if unit is not None and login:
            with engine.begin() as conn:
                conn.execute(upsert_by(conn, station_logins, ["login"]).values(login=login, unit_code=unit))
        return central_db.schema_revision(engine) or ""
    finally:
        engine.dispose()


def _sign_in(engine: Engine, url: str) -> None:
    """Connect once: :class:`~archivist_desktop.sync.central.PasswordRefused` when the server refuses the
    login, :class:`~archivist_desktop.sync.central.CentralUnreachable` when it cannot be reached."""
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        first = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
        if central_db.is_auth_failure(exc):
            raise central_db.PasswordRefused(
                f"password refused by the central database {central_db.redact(url)}: {first}"
            ) from exc
        raise central_db.CentralUnreachable(
            f"cannot reach the central database {central_db.redact(url)}: {first}"
        ) from exc


def station_unit_of(engine: Engine, login: str | None) -> str:
    """The unit of the station login ``engine`` connects as (PostgreSQL: ``current_user``); "" when none."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            who = conn.execute(text("SELECT current_user")).scalar_one()
        else:
            who = login or ""
        unit = conn.execute(
            select(station_logins.c.unit_code).where(station_logins.c.login == who)
        ).scalar_one_or_none()
    return unit or ""


# --- users -------------------------------------------------------------------------------------------


@contextmanager
def _user_session(engine: Engine) -> Iterator[Session]:
    """A transaction on the central database whose audit events go on the ``central`` chain."""
    with Session(engine, expire_on_commit=False, info={AUDIT_STATION: CENTRAL_STATION}) as s, s.begin():
        if engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})
        yield s


def _actor(session: Session, url: str) -> str:
    """Who administers: the database role the command connects as."""
    if session.get_bind().dialect.name == "postgresql":
        return f"db:{session.execute(text('SELECT current_user')).scalar_one()}"
    return f"db:{central_db.parse_url(url).username or 'central'}"


def _state(user: User) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "unit": user.unit, "team": user.team, "active": user.active}


def _public(user: User) -> CentralUser:
    return CentralUser(user.id, user.username, user.display_name, user.role, user.unit, user.team, bool(user.active))


def _get(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise KnownError(f"no user named {username!r} on the central database")
    return user


@dataclass(frozen=True)
class NewUser:
    """One person for :func:`add_users`."""

    username: str
    password: str
    role: str
    unit: str
    display_name: str = ""
    team: str | None = None


def add_user(
    url: str,
    username: str,
    password: str,
    role: str,
    unit: str,
    display_name: str = "",
    team: str | None = None,
    admin_password: str | None = None,
) -> CentralUser:
    """A new user of ``unit``, written centrally; stations of that unit receive it at their next sync."""
    (user,) = add_users(url, [NewUser(username, password, role, unit, display_name, team)], admin_password)
    return user


def _checked(person: NewUser) -> NewUser:
    username = (person.username or "").strip()
    if not username or len(username) > 64:
        raise BadInput("a user needs a name of 1–64 characters")
    try:
        role_value = Role(person.role).value
    except ValueError:
        raise BadInput(f"unknown role {person.role!r} (one of {', '.join(r.value for r in Role)})") from None
    check_password_policy(username, person.password)
    return NewUser(username, person.password, role_value, _check_code(person.unit), person.display_name, person.team)


def add_users(url: str, people: Iterable[NewUser], admin_password: str | None = None) -> list[CentralUser]:
    """New users, written centrally in one transaction (all or none), each audited on the ``central``
    chain; stations of their units receive them at their next sync."""
    checked = [_checked(p) for p in people]
    names = [p.username for p in checked]
    if len(set(names)) != len(names):
        raise BadInput("a user name is given twice")
    out: list[CentralUser] = []
    with _central(url, admin_password) as engine, _user_session(engine) as s:
        for unit in sorted({p.unit for p in checked}):
            _require_unit(s, unit)
        taken = set(s.execute(select(User.username).where(User.username.in_(names))).scalars())
        if taken:
            raise BadInput(f"user {sorted(taken)[0]!r} already exists")
        log = AuditLog(s)
        actor = _actor(s, url)
        for p in checked:
            now = utcnow()
            user = User(
                id=new_id(),
                username=p.username,
                display_name=p.display_name or p.username,
                role=p.role,
                team=p.team,
                unit=p.unit,
                password_hash=hash_password(p.password),
                active=True,
                created_at=now,
            )
            s.add(user)
            s.flush()
            log.append(now, actor, "add", "user", user.id, _state(user))
            out.append(_public(user))
    return out


def disable_user(url: str, username: str, admin_password: str | None = None) -> CentralUser:
    """``active = false``: after their station's next sync the user can no longer sign in."""
    with _central(url, admin_password) as engine, _user_session(engine) as s:
        user = _get(s, username)
        if user.active:
            user.active = False
            s.flush()
            AuditLog(s).append(utcnow(), _actor(s, url), "disable", "user", user.id, _state(user))
        return _public(user)


def change_password(url: str, username: str, password: str, admin_password: str | None = None) -> CentralUser:
    """A new password for ``username`` (the policy applies); stations receive the new hash."""
    check_password_policy(username, password)
    with _central(url, admin_password) as engine, _user_session(engine) as s:
        user = _get(s, username)
        user.password_hash = hash_password(password)
        s.flush()
        AuditLog(s).append(utcnow(), _actor(s, url), "passwd", "user", user.id, _state(user))
        return _public(user)


def list_central_users(url: str, admin_password: str | None = None, unit: str | None = None) -> list[CentralUser]:
    """The central users (of ``unit`` and the units below it, when given), by name; never a hash."""
    with _central(url, admin_password) as engine, Session(engine) as s:
        query = select(User).order_by(User.username)
        if unit:
            query = query.where(User.unit.in_(units_below(s, unit)))
        return [_public(u) for u in s.execute(query).scalars()]


# --- the centre's user events on the stations ----------------------------------------------------------

_CHUNK = 400


def pull_user_events(local: Engine, central: Engine) -> int:
    """Copy the ``central`` chain's user events about this station's users into its ``central_events``
    (as the centre chains and keys them: its ``seq``, ``prev_hash``, ``hash``); how many were new.

    The station's users are those it holds (pulled just before, in its scope): a user new here
    brings their whole history, the others their events past the last one pulled.  Raw inserts:
    nothing goes to the outbox, and the station's own chain is not touched."""
    events = central_metadata.tables["audit_events"]
    copies = cast(Table, CentralEvent.__table__)
    with local.connect() as conn:
        user_ids = sorted(conn.execute(select(User.id)).scalars())
        known = set(conn.execute(select(CentralEvent.entity_id).distinct()).scalars())
        cursor = conn.execute(select(func.max(CentralEvent.central_seq))).scalar() or 0
    if not user_ids:
        return 0
    rows: list[dict[str, Any]] = []
    with central.connect() as conn:
        for i in range(0, len(user_ids), _CHUNK):
            chunk = user_ids[i : i + _CHUNK]
            new = [u for u in chunk if u not in known]
            old = [u for u in chunk if u in known]
            whose: list[ColumnElement[bool]] = []
            if new:
                whose.append(events.c.entity_id.in_(new))
            if old:
                whose.append(and_(events.c.entity_id.in_(old), events.c.seq > cursor))
            query = (
                select(events)
                .where(events.c.station_id == CENTRAL_STATION, events.c.entity_type == "user", or_(*whose))
                .order_by(events.c.seq)
            )
            for r in conn.execute(query).mappings():
                row = {c.name: r[c.name] for c in copies.columns if c.name != "central_seq"}
                rows.append({**row, "central_seq": r["seq"]})
    if not rows:
        return 0
    with local.begin() as conn:
        before = conn.execute(select(func.count()).select_from(copies)).scalar_one()
        for i in range(0, len(rows), 500):
            conn.execute(insert(copies).prefix_with("OR IGNORE"), rows[i : i + 500])
        after = conn.execute(select(func.count()).select_from(copies)).scalar_one()
    return int(after - before)
