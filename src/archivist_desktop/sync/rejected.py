"""Rows the central database refused, set aside so that the rest of the outbox goes on.

A refused row (a unique constraint, a check, a trigger's exception, a value too long for its
central column, a permission) leaves the outbox and is kept here with the centre's reason, when
it was first and last tried.  ``sync --retry-rejected`` puts them back into the outbox; a row that
a later local change pushes successfully leaves this list by itself.

Kept in ``sync_rejected.json`` in the data directory, written atomically (a temporary file, then
``os.replace``): a pass killed half-way leaves the old list or the new one, never half of one.
Order of writes: the list first, then the outbox row is deleted, so a kill in between only tries
the row once more.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REJECTED_FILE = "sync_rejected.json"


@dataclass(frozen=True)
class RejectedRow:
    table: str
    key: str
    reason: str
    first_tried: str
    last_tried: str
    attempts: int = 1

    def to_json(self) -> dict:
        return {"table": self.table, "key": self.key, "reason": self.reason}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class RejectedRows:
    """The set-aside rows of one station, by (table, key)."""

    def __init__(self, path: Path | None):
        self.path = path  # None: kept in memory only (a station without a data directory)
        self._rows: dict[tuple[str, str], RejectedRow] = {}
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.path is None or not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = []  # an unreadable list is rebuilt by the next refusals; the rows are tried again
        for d in data if isinstance(data, list) else []:
            try:
                row = RejectedRow(
                    str(d["table"]),
                    str(d["key"]),
                    str(d["reason"]),
                    str(d.get("first_tried", "")),
                    str(d.get("last_tried", "")),
                    int(d.get("attempts", 1)),
                )
            except (KeyError, TypeError, ValueError):
                continue
            self._rows[(row.table, row.key)] = row

    def rows(self) -> list[RejectedRow]:
        self._load()
        return list(self._rows.values())  # in the order they were refused: parents first

    def __len__(self) -> int:
        self._load()
        return len(self._rows)

    def record(self, refused: dict[tuple[str, str], str]) -> None:
        """Add or update refused rows ``{(table, key): reason}`` and save the list."""
        if not refused:
            return
        self._load()
        now = _now()
        for (table, key), reason in refused.items():
            old = self._rows.get((table, key))
            first, attempts = (old.first_tried, old.attempts + 1) if old else (now, 1)
            self._rows[(table, key)] = RejectedRow(table, key, reason, first, now, attempts)
        self._save()

    def discard(self, keys: set[tuple[str, str]]) -> None:
        """Forget rows the centre has now accepted."""
        self._load()
        gone = keys & self._rows.keys()
        for k in gone:
            del self._rows[k]
        if gone:
            self._save()

    def take_all(self) -> list[RejectedRow]:
        """Every set-aside row, the list emptied (for a retry: the caller puts them back in the outbox)."""
        rows = self.rows()
        self._rows.clear()
        self._save()
        return rows

    def _save(self) -> None:
        if self.path is None:
            return
        data = [
            {
                "table": r.table,
                "key": r.key,
                "reason": r.reason,
                "first_tried": r.first_tried,
                "last_tried": r.last_tried,
                "attempts": r.attempts,
            }
            for r in self.rows()
        ]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sync_rejected.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def rejected_path(data_dir: Path) -> Path:
    return data_dir / REJECTED_FILE


def load_rejected(data_dir: Path) -> list[RejectedRow]:
    """The station's set-aside rows, in the order they were refused (for doctor and the status bar); reads only."""
    return RejectedRows(rejected_path(data_dir)).rows()
