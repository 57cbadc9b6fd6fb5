"""The command line proves who acts (issue 15, items 1–2): ``--user NAME --password-stdin`` on every command that
changes records or shows customers' data; one message for a wrong password, an unknown and a disabled user; a
failed-sign-in audit event; the lock-out shared with the GUI; users created by administrators only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update

from archivist_desktop.cli import REGISTRY, build_parser, main
from archivist_desktop.cli._common import Command
from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.users import (
    LOCKOUT_FAILURES,
    AccountLocked,
    AuthenticationError,
    authenticate,
)
from archivist_desktop.store.models import AuditEvent, Page, User
from cli_helpers import signed_main
from stations import PASSWORD, Person, open_station

WRONG = "archivist-desktop: wrong user name or password\n"
LV = "WO202611000124"
#: commands that act for nobody: station-wide and read-only, or station-level with the database's credentials
STATION_WIDE = {
    "stats",
    "verify",
    "doctor",
    "templates",
    "process",
    "barcodes",
    "ocr",  # like process: reads the image files given, shows nobody's records
    "sync",
    "seed-demo",
    "demo-data",
}


@pytest.fixture
def station(tmp_path, feed):
    """Standard people (password tests/stations.py PASSWORD), a disabled clerk ``gone``, the sample orders."""
    data = tmp_path / "data"
    with open_station(data, users=("clerk", "admin", Person("gone", Role.CLERK)), feed=feed) as st:
        with st.archive.session() as s:
            s.execute(update(User).where(User.username == "gone").values(active=False))
    return data


def counts(data) -> tuple[int, list[dict]]:
    """(pages on the station, the payloads of its sign_in_failed events)."""
    with Archive(data) as archive, archive.read_session() as s:
        pages = s.execute(select(func.count()).select_from(Page)).scalar_one()
        failed = [
            json.loads(p)
            for p in s.execute(select(AuditEvent.payload).where(AuditEvent.action == "sign_in_failed")).scalars()
        ]
    return pages, failed


def attach_args(data, image, user: str) -> list[str]:
    return [
        "attach", "--work-order", LV, "--document", "application_form", "--user", user,
        "--late-reason", "补录", "--override-reason", "test frame", str(image), "--data-dir", str(data),
    ]  # fmt: skip


@pytest.fixture
def image(tmp_path):
    import cv2

    from test_capture_services import page_frame

    path = tmp_path / "scan.jpg"
    cv2.imwrite(str(path), page_frame(3))
    return path


def test_wrong_password_unknown_and_disabled_user_get_one_message_and_write_nothing(station, image, capsys):
    for user, password in (("clerk", "not-the-password"), ("nobody", PASSWORD), ("gone", PASSWORD)):
        assert signed_main(attach_args(station, image, user), password=password) == 1
        captured = capsys.readouterr()
        assert captured.err == WRONG and captured.out == ""
    pages, failed = counts(station)
    assert pages == 0
    assert [(f["username"], f["channel"]) for f in failed] == [("clerk", "cli"), ("nobody", "cli"), ("gone", "cli")]
    # the right password attaches
    assert signed_main(attach_args(station, image, "clerk")) == 0
    assert counts(station)[0] == 1


def test_without_a_terminal_or_password_stdin_a_password_is_needed(station, image):
    proc = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", *attach_args(station, image, "clerk")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr == "archivist-desktop: a password is needed: --password-stdin\n"
    assert counts(station) == (0, [])


def test_the_real_program_reads_the_password_from_stdin(station, image):
    def attach(password: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "archivist_desktop", *attach_args(station, image, "clerk"), "--password-stdin"],
            input=password + "\n",
            capture_output=True,
            text=True,
            timeout=120,
        )

    bad = attach("guess")
    assert (bad.returncode, bad.stderr) == (1, WRONG)
    good = attach(PASSWORD)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["pages"][0]["ok"]


def test_repeated_failures_lock_the_name_even_for_the_right_password(station, capsys):
    reminders = ["reminders", "--json", "--user", "clerk", "--data-dir", str(station)]
    for _ in range(LOCKOUT_FAILURES):
        assert signed_main(reminders, password="wrong-guess") == 1
    assert capsys.readouterr().err == WRONG * LOCKOUT_FAILURES
    assert signed_main(reminders) == 1  # the right password
    err = capsys.readouterr().err
    assert err.startswith("archivist-desktop: account locked for ") and "after repeated failed sign-ins" in err
    assert signed_main(["reminders", "--json", "--user", "admin", "--data-dir", str(station)]) == 0  # others go on


def test_the_lock_ends_after_the_window_and_is_shared_with_the_gui(archive, clock, make_station):
    make_station(users=("clerk",))
    for k in range(LOCKOUT_FAILURES):
        with pytest.raises(AuthenticationError):
            authenticate(archive, "clerk", "wrong", channel="gui" if k % 2 else "cli")
        clock.advance(minutes=1)
    with pytest.raises(AccountLocked) as locked:
        authenticate(archive, "clerk", PASSWORD, channel="cli")
    assert locked.value.minutes == 10  # the first failure was 5 minutes ago: 15 - 5
    assert str(locked.value) == "account locked for 10 minutes after repeated failed sign-ins"
    for _ in range(5):  # tries while locked are audited but do not extend the lock
        with pytest.raises(AccountLocked):
            authenticate(archive, "clerk", "wrong", channel="cli")
    clock.advance(minutes=9)
    with pytest.raises(AccountLocked) as locked:
        authenticate(archive, "clerk", PASSWORD, channel="gui")
    assert locked.value.minutes == 1
    clock.advance(minutes=1, seconds=1)  # LOCKOUT_WINDOW after the first failure
    assert authenticate(archive, "clerk", PASSWORD, channel="cli").username == "clerk"


# --- users add: administrators only ----------------------------------------------------------------------------


def users_add(data, *extra: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "users",
            "add",
            *extra,
            "--password-stdin",
            "--data-dir",
            str(data),
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_users_add_needs_an_admin_enforces_the_policy_and_is_audited(station):
    new = ("--name", "wang", "--role", "clerk", "--team", "营业一班")
    out = users_add(station, *new, "--user", "clerk", stdin=f"{PASSWORD}\nlong-enough-password\n")
    assert out.returncode == 1 and "needs an administrator" in out.stderr
    out = users_add(station, *new, "--user", "admin", stdin="wrong\nlong-enough-password\n")
    assert (out.returncode, out.stderr) == (1, WRONG)
    out = users_add(station, *new, "--user", "admin", stdin=f"{PASSWORD}\nshort\n")
    assert out.returncode == 1 and "at least 10 characters" in out.stderr
    out = users_add(station, *new, "--user", "admin", stdin=f"{PASSWORD}\nwang-2026-wang\n")
    assert out.returncode == 1 and "must not contain the user name" in out.stderr
    out = users_add(station, *new, "--user", "admin", stdin=f"{PASSWORD}\nlong-enough-password\n")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"username": "wang", "role": "clerk", "team": "营业一班"}
    with Archive(station) as archive:
        with archive.read_session() as s:
            (event,) = s.execute(
                select(AuditEvent).where(AuditEvent.action == "add", AuditEvent.entity_type == "user")
                .where(AuditEvent.payload.contains('"wang"'))
            ).scalars()  # fmt: skip
        assert event.actor == "admin"
        assert authenticate(archive, "wang", "long-enough-password").role == Role.CLERK
    # without --user on a station that has users
    out = users_add(station, "--name", "li", "--role", "admin", stdin="long-enough-password\n")
    assert out.returncode == 1 and "needs --user" in out.stderr


def test_the_first_admin_of_an_empty_station_needs_no_user(tmp_path):
    data = tmp_path / "fresh"
    out = users_add(data, "--name", "boss", "--role", "clerk", stdin="long-enough-password\n")
    assert out.returncode == 1 and "must be an administrator" in out.stderr
    out = users_add(data, "--name", "boss", "--role", "admin", stdin="boss\n")
    assert out.returncode == 1 and "at least 10 characters" in out.stderr
    out = users_add(data, "--name", "boss", "--role", "admin", stdin="long-enough-password\n")
    assert out.returncode == 0, out.stderr
    out = users_add(data, "--name", "boss2", "--role", "admin", stdin="long-enough-password\n")
    assert out.returncode == 1 and "needs --user" in out.stderr  # only the first one
    with Archive(data) as archive:
        assert authenticate(archive, "boss", "long-enough-password").role == Role.ADMIN


def test_a_station_connected_to_a_centre_refuses_local_users(station):
    with Archive(station) as archive:
        archive.settings.set("central_url", "postgresql://hall01@db.example:5432/archive")
        archive.settings.save()
    out = users_add(station, "--name", "wang", "--role", "clerk", "--user", "admin",
                    stdin=f"{PASSWORD}\nlong-enough-password\n")  # fmt: skip
    assert out.returncode == 1 and "users are managed centrally" in out.stderr
    with Archive(station) as archive, archive.read_session() as s:
        assert s.execute(select(User.id).where(User.username == "wang")).first() is None


def test_seed_demo_only_on_an_empty_data_directory(station, tmp_path, capsys):
    assert main(["seed-demo", "--customers", "1", "--data-dir", str(station)]) == 1
    assert capsys.readouterr().err == (
        "archivist-desktop: seed-demo only runs on an empty data directory (or one seed-demo created)\n"
    )
    with Archive(station) as archive, archive.read_session() as s:
        assert s.execute(select(User.id).where(User.username == "lead")).first() is None  # no demo users
    assert main(["demo-data", "--orders", "1", "--data-dir", str(station)]) == 1
    capsys.readouterr()
    demo = tmp_path / "demo"
    assert main(["seed-demo", "--customers", "1", "--data-dir", str(demo)]) == 0
    assert (demo / ".archivist-demo").exists()
    capsys.readouterr()
    # the demo accounts keep the password "demo"
    assert signed_main(["reminders", "--json", "--user", "clerk", "--data-dir", str(demo)], password="demo") == 0


def test_every_command_acts_for_a_signed_in_person_unless_station_wide():
    build_parser()
    commands = [c for c in REGISTRY.values() if isinstance(c, Command)]
    station_wide = {c.name for c in commands if not c.acts}
    assert {n for n in station_wide if not n.startswith("central ")} == STATION_WIDE
    acting = {c.name: c.acts for c in commands if c.acts}
    assert {"attach", "send", "review", "review-queue", "hand-over", "file", "box", "label", "export", "borrow",
            "return", "reminders", "volumes", "boxes", "report", "escalate", "users list"} <= set(acting)  # fmt: skip
    assert acting["import-orders"] == acting["users add"] == acting["users list"] == "admin"


def test_a_command_that_acts_but_never_signs_in_is_a_bug(station, capsys):
    from archivist_desktop.cli._common import command, unregister

    command("forgetful-for-test", help="acts without opening the archive", acts=True)(lambda args: 0)
    try:
        assert main(["forgetful-for-test", "--user", "clerk", "--password-stdin", "--data-dir", str(station)]) == 3
    finally:
        unregister("forgetful-for-test")
    assert "never signed them in" in capsys.readouterr().err
