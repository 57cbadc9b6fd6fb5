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
"""

from __future__ import annotations

__all__ = [
    "BadInput",
    "CentralUnreachable",
    "KnownError",
    "PermissionDenied",
    "RefusedByCentral",
    "StorageError",
    "describe",
    "is_known",
]


class KnownError(Exception):
    """A failure the user can act on (bad input, disk full, not allowed): shown as is, not a bug."""


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
