"""A real PostgreSQL server for the tests: initdb + pg_ctl in a temporary directory on a free port.

Uses the system's PostgreSQL binaries (Debian: /usr/lib/postgresql/N/bin).  PostgreSQL refuses to
run as root, so under root the server runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: the suite's server trades durability for speed: nothing it holds outlives the run
FAST = "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
#: what a central server in a company runs with (README, "Central database"): every commit on disk
DURABLE = (
    "fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n"
    "shared_buffers = 512MB\nwal_buffers = 64MB\nmax_wal_size = 4GB\nmin_wal_size = 1GB\nwal_init_zero = off\n"
)


class PgServer:
    SUPERUSER = "archivist_admin"
    PASSWORD = "admin-secret-Ω"

    def __init__(self, settings: str = FAST) -> None:
        self.settings = settings
        self.bindir = _bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL binaries not found (scripts/setup.sh installs them)")
        self.root = Path(tempfile.mkdtemp(prefix="archivist-pg-"))
        self.datadir = self.root / "data"
        self.port = _free_port()
        self.run_as = "postgres" if os.geteuid() == 0 else None
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", self.run_as, "--", *cmd] if self.run_as else cmd

    def init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.PASSWORD)
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        subprocess.run(
            self._cmd(
                "initdb",
                "-D",
                str(self.datadir),
                "-U",
                self.SUPERUSER,
                "--pwfile",
                str(pwfile),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale",
                "C",
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()
        with open(self.datadir / "postgresql.conf", "a") as fh:
            fh.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                f"{self.settings}max_connections = 50\n"
            )

    def start(self) -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.datadir), "-l", str(self.root / "log"), "-w", "-t", "60", "start"),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(self._cmd("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop"), capture_output=True)

    def restart(self) -> None:
        subprocess.run(
            self._cmd(
                "pg_ctl",
                "-D",
                str(self.datadir),
                "-l",
                str(self.root / "log"),
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
                "restart",
            ),
            check=True,
            capture_output=True,
        )

    def url(self, user: str | None = None, password: str | None = None, database: str = "postgres") -> str:
        user = user or self.SUPERUSER
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        from urllib.parse import quote

        return f"postgresql://{self.SUPERUSER}:{quote(self.PASSWORD)}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url().replace("postgresql://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def cleanup(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("PostgreSQL did not come up")
