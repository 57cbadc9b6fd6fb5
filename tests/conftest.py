"""Shared fixtures.  Qt runs offscreen; every test gets its own data directory."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ARCHIVIST_DATA_DIR", None)
# OCR of every attached page in a background process would load the suite's 2 cores: the tests of
# page text (tests/test_page_text*.py) turn it on where they need it
os.environ.setdefault("ARCHIVIST_BACKGROUND_OCR", "0")

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
from sample_data import CST, FixedClock, sample_feed  # noqa: E402  (tests/ is on sys.path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 4, 9, 0, tzinfo=CST))  # a Wednesday


@pytest.fixture
def archive(tmp_path, clock):
    from archivist_desktop.services.archive import Archive

    with Archive(tmp_path / "data", clock=clock) as a:
        yield a


@pytest.fixture
def feed() -> dict:
    return sample_feed()


@pytest.fixture
def make_station(archive):
    """``make_station(users=("clerk", ...), feed=feed, password=...)`` on this test's archive (tests/stations.py)."""
    from stations import make_station as make

    return lambda users=(), feed=None, password="pw": make(archive, users, feed, password)


@pytest.fixture(scope="module")
def pg():
    """A real PostgreSQL server of the test module's own (tests/pgserver.py), for the sync tests."""
    from pgserver import PgServer

    server = PgServer()
    server.init()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def station_keyring(tmp_path, monkeypatch):
    """The plaintext file keyring, in this test's own directory: central passwords and chain keys of the
    stations a test makes (never the real keyring of this machine)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """A test that leaves a thread of ours running fails."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for t in leaked:
        t.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"
