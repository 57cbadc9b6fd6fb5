"""The one error base of Archivist Desktop: errors a user can act on, and everything else (bugs).

A :class:`KnownError` is a failure caused by the input, the environment or a rule (bad file,
disk full, not allowed, central database down).  Its message is written for the person at the
desk and is shown as is — on stderr with exit status 1 by the CLI (2 for
:class:`CentralUnreachable`), in one message box by the GUI.  Any other exception is a bug: the
CLI logs its traceback and asks for a report (exit status 3).

Stdlib only, so that every layer, ``domain/`` included, can raise these.

>>> describe(BadInput("no customer with 户号 42"))
'no customer with 户号 42'
>>> describe(ZeroDivisionError("division by zero"))
'internal error: ZeroDivisionError: division by zero'
>>> isinstance(PermissionDenied("clerks may not review"), PermissionError)
True

A known error may carry a ``code`` and its parameters, so that the GUI shows it in the desk's
language (``ui/errors.py``: the code's translated template, the parameters filled in); ``str(exc)``
stays the English message, for the CLI and the log:

>>> exc = BadInput("no customer with 户号 42", code="no_customer_no", customer_no="42")
>>> (str(exc), exc.code, exc.params)
('no customer with 户号 42', 'no_customer_no', {'customer_no': '42'})
>>> (BadInput("x").code, BadInput("x").params)
(None, {})
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Mapping

__all__ = [
    "BadInput",
    "CentralUnreachable",
    "KnownError",
    "PermissionDenied",
    "RefusedByCentral",
    "StorageError",
    "as_storage_error",
    "describe",
    "is_known",
]


class KnownError(Exception):
    """A failure the user can act on (bad input, disk full, not allowed): shown as is, not a bug.

    ``code`` (optional) names the failure for translation at the GUI boundary and ``params`` are
    the values its message mentions; ``str(exc)`` is always the English ``message``.
    """

    code: str | None = None
    params: Mapping[str, object] = {}

    def __init__(self, *args: object, code: str | None = None, **params: object) -> None:
        # ``*args``: the message (or OSError's ``errno, strerror[, filename]`` for a StorageError)
        super().__init__(*args)
        self.code = code
        self.params = dict(params)


class PermissionDenied(KnownError, PermissionError):
    """A user asked for something their role may not do; the message says what."""


class BadInput(KnownError, ValueError):
    """A value, file or argument that breaks a rule; the message says which and why."""


class CentralUnreachable(KnownError):
    """The central database could not be reached; local work is kept and retried."""


class RefusedByCentral(KnownError):
    """The central database refused a row or an operation (a conflict, a blob whose bytes do not match)."""


class StorageError(KnownError, OSError):
    """Local storage failed for a reason outside the program (disk full, no permission): nothing was written."""


_STORAGE_ERRNOS = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
}
#: SQLite's messages for the same failures (``sqlite3.OperationalError``, often wrapped by SQLAlchemy)
_SQLITE_STORAGE = (
    ("readonly database", "the database is read-only (a read-only data directory?)"),
    ("unable to open database file", "the database cannot be opened (a read-only or missing data directory?)"),
    ("database or disk is full", "the disk is full"),
    ("disk i/o error", "a disk input/output error"),
)


def as_storage_error(exc: BaseException) -> StorageError | None:
    """``exc`` (or what caused it) as a :class:`StorageError` when local storage failed: read-only, full, no permission.

    Recognises ``OSError`` numbers (EROFS, ENOSPC, EDQUOT, EACCES, EPERM) and SQLite's messages, also
    wrapped (SQLAlchemy's ``.orig``) or chained (``__cause__``/``__context__``); ``None`` for anything else.

    >>> describe(as_storage_error(OSError(errno.ENOSPC, "No space left on device", "/data/pages/x.jpg")))
    'cannot write /data/pages/x.jpg: the disk is full; nothing was saved'
    >>> as_storage_error(ValueError("x")) is None
    True
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StorageError):
            return current
        if isinstance(current, OSError) and current.errno in _STORAGE_ERRNOS:
            where = f" {current.filename}" if current.filename else ""
            return StorageError(f"cannot write{where}: {_STORAGE_ERRNOS[current.errno]}; nothing was saved")
        for candidate in (current, getattr(current, "orig", None)):
            if isinstance(candidate, sqlite3.Error):
                text = str(candidate).lower()
                for needle, why in _SQLITE_STORAGE:
                    if needle in text:
                        return StorageError(f"cannot use the station's database: {why}; nothing was saved")
        current = current.__cause__ or current.__context__
    return None


def is_known(exc: BaseException) -> bool:
    """Whether ``exc`` is a failure the user can act on rather than a bug."""
    return isinstance(exc, KnownError)


def describe(exc: BaseException) -> str:
    """A one-line message for people: a known error's own message, else ``internal error: <type>: <message>``.

    Parameters
    ----------
    exc : BaseException
        The exception to describe.

    Returns
    -------
    str
        One line (newlines in the message become spaces); never empty.
    """
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    if is_known(exc):
        return text or type(exc).__name__
    name = type(exc).__name__
    return f"internal error: {name}: {text}" if text else f"internal error: {name}"
