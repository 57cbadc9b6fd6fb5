"""People: users with scrypt-hashed passwords, sign-in (with its lock-out), the password policy, and
permission checks.

Sign-in is the same for the GUI (``ui/login.py``) and the command line (``cli/_common.py``):
:func:`authenticate`.  A failed attempt is an audit event (action ``sign_in_failed``, entity
``sign_in`` / the user name tried, payload ``{"username", "channel", "reason"}``); the lock-out is
derived from those events, so it needs no table of its own and holds across the GUI and the CLI:
:data:`LOCKOUT_FAILURES` failures of one user name within :data:`LOCKOUT_WINDOW` lock that name until
fewer than that many remain in the window — also for the right password.  The message for an unknown
user, a wrong password and a disabled user is the same, so that names cannot be probed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from archivist_desktop.domain.permissions import Permission, PermissionDenied, Role
from archivist_desktop.errors import BadInput
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import AuditEvent, ChecklistItem, User, WorkOrder

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    display_name: str
    role: Role
    team: str | None
    #: the user's organisation unit (users managed centrally); ``None``: no unit, acts on the whole station
    unit: str | None = None


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, Role(user.role), user.team, user.unit or None)


#: the one message for an unknown user, a wrong password and a disabled user
WRONG_CREDENTIALS = "wrong user name or password"
#: failed sign-ins of one user name within :data:`LOCKOUT_WINDOW` that lock it
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
#: the audit action of a failed sign-in
SIGN_IN_FAILED = "sign_in_failed"
#: the shortest password :func:`check_password_policy` accepts
MIN_PASSWORD_LENGTH = 10


class AuthenticationError(KnownError):
    """Unknown user, wrong password or a disabled user (one message for all: :data:`WRONG_CREDENTIALS`)."""

    def __init__(self, message: str = WRONG_CREDENTIALS):
        super().__init__(message)


class AccountLocked(KnownError):
    """Too many failed sign-ins of this user name lately; ``minutes`` until it may sign in again."""

    def __init__(self, minutes: int):
        self.minutes = minutes
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"account locked for {minutes} {unit} after repeated failed sign-ins")


def check_password_policy(username: str, password: str) -> None:
    """Raise :class:`BadInput` unless ``password`` is at least :data:`MIN_PASSWORD_LENGTH` characters long
    and neither is nor contains the user name (case-insensitive).

    >>> check_password_policy("wang", "correct horse")
    >>> check_password_policy("wang", "short")
    Traceback (most recent call last):
    ...
    archivist_desktop.errors.BadInput: the password must be at least 10 characters long
    >>> check_password_policy("wangfang", "Wangfang-2026")
    Traceback (most recent call last):
    ...
    archivist_desktop.errors.BadInput: the password must not contain the user name
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long",
            code="password_too_short",
            minimum=MIN_PASSWORD_LENGTH,
        )
    if username and username.casefold() in password.casefold():
        raise BadInput("the password must not contain the user name", code="password_has_name")


def create_user(
    archive: Archive,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    team: str | None = None,
    actor: str = "system",
    *,
    enforce_policy: bool = False,
) -> UserInfo:
    """Add a user (audited with ``actor``).  ``enforce_policy``: the password must pass
    :func:`check_password_policy` (``users add`` does; the demo seeder and test fixtures do not)."""
    if not username or not password:
        raise KnownError("a user needs a name and a password", code="user_needs_name_password")
    if enforce_policy:
        check_password_policy(username, password)
    with archive.session() as s:
        if s.execute(select(User.id).where(User.username == username)).first():
            raise KnownError(f"user {username!r} already exists", code="user_exists", username=username)
        user = User(
            username=username,
            display_name=display_name or username,
            role=Role(role).value,
            team=team,
            password_hash=hash_password(password),
        )
        s.add(user)
        s.flush()
        AuditLog(s).append(
            archive.now(),
            actor,
            "add",
            "user",
            user.id,
            {"username": username, "role": user.role, "team": team, "active": True},
        )
        return _info(user)


def authenticate(archive: Archive, username: str, password: str, channel: str = "gui") -> UserInfo:
    """The user when name and password match an active user whose name is not locked.

    Raises :class:`AccountLocked` while the name is locked (even for the right password), else
    :class:`AuthenticationError` for an unknown user, a wrong password or a disabled user; each failure
    is written as a ``sign_in_failed`` audit event naming ``channel`` (``"gui"``, ``"cli"``).
    Successful sign-ins are not written.
    """
    now = archive.now()
    with archive.read_session() as s:
        minutes = _locked_minutes(s, username, now)
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if minutes:
        _record_failure(archive, username, channel, "locked", now)
        raise AccountLocked(minutes)
    if user is None:
        reason = "unknown_user"
    elif not check_password(password, user.password_hash):
        reason = "wrong_password"
    elif not user.active:
        reason = "disabled"
    else:
        return _info(user)
    _record_failure(archive, username, channel, reason, now)
    raise AuthenticationError()


def _locked_minutes(s, username: str, now: datetime) -> int:
    """Minutes (rounded up) until ``username`` may sign in again; 0 when it is not locked.

    Attempts made while locked are audited but do not count, so a locked name is free again
    :data:`LOCKOUT_WINDOW` after the failure that locked it, however often it is tried meanwhile."""
    rows = s.execute(
        select(AuditEvent.at, AuditEvent.payload)
        .where(
            AuditEvent.action == SIGN_IN_FAILED,
            AuditEvent.entity_type == "sign_in",
            AuditEvent.entity_id == username[:64],
            AuditEvent.at > now - LOCKOUT_WINDOW,
        )
        .order_by(AuditEvent.at.desc())
    ).all()
    failures = [at for at, payload in rows if _reason(payload) != "locked"]
    if len(failures) < LOCKOUT_FAILURES:
        return 0
    until = failures[LOCKOUT_FAILURES - 1] + LOCKOUT_WINDOW
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _reason(payload: str) -> str:
    try:
        return str(json.loads(payload).get("reason", ""))
    except (ValueError, AttributeError):
        return ""


def _record_failure(archive: Archive, username: str, channel: str, reason: str, now: datetime) -> None:
    with archive.session() as s:
        AuditLog(s).append(
            now,
            "anonymous",
            SIGN_IN_FAILED,
            "sign_in",
            username[:64],
            {"username": username[:200], "channel": channel, "reason": reason},
        )


def has_users(archive: Archive) -> bool:
    """Whether this station has any user at all (a fresh station has none: see ``users add``)."""
    with archive.read_session() as s:
        return s.execute(select(User.id).limit(1)).first() is not None


def get_user(archive: Archive, username: str) -> UserInfo:
    with archive.read_session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise KnownError(f"no user named {username!r}")
    return _info(user)


def list_users(archive: Archive) -> list[UserInfo]:
    with archive.read_session() as s:
        return [_info(u) for u in s.execute(select(User).order_by(User.username)).scalars()]


def require(
    archive: Archive, user: UserInfo, document_type: str, permission: Permission, item: ChecklistItem | None = None
) -> None:
    """Raise :class:`~archivist_desktop.domain.permissions.PermissionDenied` unless allowed.

    With the checklist ``item`` the refusal also names the document type as its template does
    (parameters ``document_name_zh``, ``document_name_en``), for the desk's language."""
    try:
        archive.permissions.check(user.role, document_type, permission)
    except PermissionDenied as exc:
        if item is not None:
            with archive.read_session() as s:
                business_type = s.scalar(select(WorkOrder.business_type).where(WorkOrder.id == item.work_order_id))
            zh, en = archive.document_names(business_type or "", item.step, document_type)
            exc.params = {**exc.params, "document_name_zh": zh, "document_name_en": en}
        raise
