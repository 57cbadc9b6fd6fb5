"""People: users with scrypt-hashed passwords, sign-in, and permission checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import select

from archivist_desktop.domain.permissions import Permission, Role
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import User

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


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, Role(user.role), user.team)


class AuthenticationError(KnownError):
    pass


def create_user(
    archive: Archive,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    team: str | None = None,
    actor: str = "system",
) -> UserInfo:
    if not username or not password:
        raise KnownError("a user needs a name and a password")
    with archive.session() as s:
        if s.execute(select(User.id).where(User.username == username)).first():
            raise KnownError(f"user {username!r} already exists")
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
            archive.now(), actor, "add", "user", user.id, {"username": username, "role": user.role, "team": team}
        )
        return _info(user)


def authenticate(archive: Archive, username: str, password: str) -> UserInfo:
    """The user when name and password match an active user; :class:`AuthenticationError` otherwise."""
    with archive.read_session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active or not check_password(password, user.password_hash):
        raise AuthenticationError("wrong user name or password")
    return _info(user)


def get_user(archive: Archive, username: str) -> UserInfo:
    with archive.read_session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise KnownError(f"no user named {username!r}")
    return _info(user)


def list_users(archive: Archive) -> list[UserInfo]:
    with archive.read_session() as s:
        return [_info(u) for u in s.execute(select(User).order_by(User.username)).scalars()]


def cli_user() -> UserInfo:
    """The operating-system account running a command-line tool, acting with a clerk's permissions."""
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return UserInfo(id="", username=f"cli:{name}", display_name=name, role=Role.CLERK, team=None)


def require(archive: Archive, user: UserInfo, document_type: str, permission: Permission) -> None:
    """Raise :class:`~archivist_desktop.domain.permissions.PermissionDenied` unless allowed."""
    archive.permissions.check(user.role, document_type, permission)
