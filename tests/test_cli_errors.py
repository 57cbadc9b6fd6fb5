"""One mapping from what a command raises to its exit status and message (cli/_common.run, called by main)."""

from __future__ import annotations

import doctest
import io
import os
import subprocess
import sys
import tempfile

import pytest

from archivist_desktop import errors
from archivist_desktop.cli import _common, main
from archivist_desktop.cli._common import command, unregister
from stations import PASSWORD, open_station


@pytest.fixture
def throwaway():
    """Declare commands for one test through the real registry; forget them afterwards."""
    names = []

    def declare(name, handler, **options):
        command(name, help="a command of this test only", **options)(handler)
        names.append(name)

    yield declare
    for name in names:
        unregister(name)


@pytest.fixture
def signed_in(tmp_path, monkeypatch):
    """A station with the standard people; ``signed_in(user)`` → the arguments of a run as that user,
    whose password is then on stdin."""
    with open_station(tmp_path / "data", users=("clerk", "lead", "admin")):
        pass

    def as_user(name):
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
        return ["--user", name, "--password-stdin", "--data-dir", str(tmp_path / "data")]

    return as_user


def test_a_known_error_is_exit_1_with_its_message(signed_in, capsys):
    assert main(["send", "--work-order", "WO-NOPE", *signed_in("clerk")]) == 1
    err = capsys.readouterr().err
    assert err == "archivist-desktop: no work order WO-NOPE\n"


def test_bad_input_from_a_helper_is_a_known_error(signed_in, capsys):
    assert main(["escalate", "--now", "2026-11-27T09:00:00", *signed_in("lead")]) == 1
    assert capsys.readouterr().err == "archivist-desktop: --now needs a UTC offset, e.g. 2026-11-27T09:00:00+08:00\n"


def test_a_rejected_feed_lists_its_problems(tmp_path, capsys, signed_in):
    bad = tmp_path / "feed.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["import-orders", str(bad), *signed_in("admin")]) == 1
    first, *problems = capsys.readouterr().err.splitlines()
    assert first.startswith("archivist-desktop: 1 problem(s)")
    assert len(problems) == 1 and problems[0].startswith("  not valid JSON")


def test_an_unreachable_central_is_exit_2(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "sync",
            "--central",
            "postgresql://u:secret@127.0.0.1:1/x",
            "--data-dir",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("archivist-desktop: cannot reach the central database")
    assert "secret" not in run.stderr and "internal error" not in run.stderr


def _divide(args):
    return 1 // 0


def test_a_bug_is_exit_3_with_the_traceback_in_the_log(tmp_path, capsys, throwaway):
    throwaway("explode-for-test", _divide)
    data = tmp_path / "data"
    assert main(["explode-for-test", "--data-dir", str(data)]) == 3
    log = data / "logs" / "cli.log"
    assert capsys.readouterr().err == (
        "archivist-desktop: internal error: ZeroDivisionError: integer division or modulo by zero\n"
        f"Please report this, with the log file {log}\n"
    )
    text = log.read_text(encoding="utf-8")
    assert "explode-for-test" in text and "Traceback (most recent call last)" in text
    assert "in _divide" in text and "return 1 // 0" in text and "ZeroDivisionError" in text
    # a second bug appends to the same log
    assert main(["explode-for-test", "--data-dir", str(data)]) == 3
    assert log.read_text(encoding="utf-8").count("Traceback") == 2


def test_the_log_falls_back_to_the_temporary_directory(tmp_path, capsys, throwaway, monkeypatch):
    throwaway("explode-for-test", _divide)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the data directory should be", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    assert main(["explode-for-test", "--data-dir", str(blocked)]) == 3
    log = tmp_path / "tmp" / "archivist-desktop" / "cli.log"
    assert f"Please report this, with the log file {log}\n" in capsys.readouterr().err
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_a_url_password_never_reaches_the_log(tmp_path, capsys, throwaway):
    def leak(args):
        raise RuntimeError(f"could not use {args.url}")

    throwaway("leak-for-test", leak, args=[_common.arg("--url")])
    data = tmp_path / "data"
    assert main(["leak-for-test", "--url", "postgresql://hall01:secret@db/archive", "--data-dir", str(data)]) == 3
    err = capsys.readouterr().err
    text = (data / "logs" / "cli.log").read_text(encoding="utf-8")
    assert "secret" not in err + text and "postgresql://hall01:***@db/archive" in text


def test_declared_known_types_interrupts_and_broken_pipes(tmp_path, capsys, throwaway):
    def bad_value(args):
        raise ValueError("unknown profile 'nope'")

    def interrupted(args):
        raise KeyboardInterrupt

    def broken_pipe(args):
        raise BrokenPipeError(32, "Broken pipe")

    throwaway("declared-for-test", bad_value, known={ValueError: 2})
    throwaway("undeclared-for-test", bad_value)
    throwaway("interrupted-for-test", interrupted)
    throwaway("pipe-for-test", broken_pipe)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["declared-for-test", *data]) == 2
    assert capsys.readouterr().err == "archivist-desktop: unknown profile 'nope'\n"
    assert main(["undeclared-for-test", *data]) == 3
    assert "internal error: ValueError: unknown profile 'nope'" in capsys.readouterr().err
    assert main(["interrupted-for-test", *data]) == 130
    assert main(["pipe-for-test", *data]) == 0


def test_commands_are_declared_once_and_groups_first(throwaway):
    throwaway("twice-for-test", _divide)
    with pytest.raises(ValueError, match="declared twice"):
        command("twice-for-test", help="again")(_divide)
    with pytest.raises(ValueError, match="declare group"):
        command("nogroup-for-test sub", help="orphan")(_divide)


def test_every_error_class_is_a_known_error():
    from archivist_desktop.camera.base import CameraError
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.domain.records import RecordsError
    from archivist_desktop.domain.templates import TemplateError
    from archivist_desktop.imaging.io import ImageError
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.store.files import StorageFullError
    from archivist_desktop.sync.blobs import BlobRejected
    from archivist_desktop.sync.central import CentralError, CentralUnreachable

    assert KnownError is errors.KnownError
    assert issubclass(PermissionDenied, errors.PermissionDenied) and issubclass(PermissionDenied, PermissionError)
    for cls in (RecordsError, TemplateError, ImageError):
        assert issubclass(cls, errors.BadInput) and issubclass(cls, ValueError)
    assert issubclass(CentralUnreachable, errors.CentralUnreachable) and issubclass(CentralUnreachable, CentralError)
    assert issubclass(CentralError, errors.KnownError) and issubclass(CameraError, errors.KnownError)
    assert issubclass(BlobRejected, errors.RefusedByCentral)
    assert issubclass(StorageFullError, errors.StorageError) and issubclass(StorageFullError, OSError)


def test_describe_is_one_line():
    assert errors.describe(errors.BadInput("two\n  lines")) == "two lines"
    assert errors.describe(errors.KnownError()) == "KnownError"
    assert errors.describe(KeyError("k")) == "internal error: KeyError: 'k'"


@pytest.mark.parametrize("module", [errors, _common], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed


def test_python_dash_m_still_runs_the_cli(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", "templates", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ARCHIVIST_DATA_DIR": str(tmp_path)},
    )
    assert run.returncode == 0 and run.stdout.startswith('{"templates"')
