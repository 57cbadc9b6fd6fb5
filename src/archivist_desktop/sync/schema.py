"""The central database's schema: the station tables plus what only the centre keeps.

The central tables have the same names and columns as the local ones (so the same rows and
the same services work on both), plus:

* ``change_seq`` on every table that stations pull, set by a trigger from one central sequence;
* ``blobs``: page files by SHA-256, checked against their hash by the database itself;
* ``station_heads``: each station's audit-chain head, so that a truncated chain is detectable.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String, Table

from archivist_desktop.store.models import Base
from archivist_desktop.store.outbox import SYNC_ORDER

#: tables that come down to stations, in parent-first order (every synced table but the audit
#: chain; page rows come without their bytes, which a station fetches when it needs them)
PULLED = (
    "users",
    "customers",
    "work_orders",
    "step_completions",
    "checklist_items",
    "pages",
    "reviews",
    "page_texts",
    "rescan_tasks",
    "hand_overs",
    "boxes",
    "volumes",
    "volume_items",
    "loans",
)

central_metadata = MetaData(naming_convention=Base.metadata.naming_convention)

for _model in SYNC_ORDER:
    _table = cast(Table, _model.__table__).to_metadata(central_metadata)
    if _table.name in PULLED:
        _table.append_column(Column("change_seq", BigInteger, nullable=True, index=True))

blobs = Table(
    "blobs",
    central_metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

station_heads = Table(
    "station_heads",
    central_metadata,
    Column("station_id", String(36), primary_key=True),
    Column("head_hash", String(64), nullable=False),
    Column("events", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

units = Table(  # the organisation tree: 客户服务中心 -> 营业厅 / 班组 (parent_code null for a root)
    "units",
    central_metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_code", String(32), ForeignKey("units.code"), nullable=True, index=True),
)

station_logins = Table(  # which unit each station login (PostgreSQL role) belongs to
    "station_logins",
    central_metadata,
    Column("login", String(63), primary_key=True),
    Column("unit_code", String(32), ForeignKey("units.code"), nullable=False, index=True),
)

number_counters = Table(  # numbers unique company-wide: the next of each series (services/numbers.py)
    "number_counters",
    central_metadata,
    Column("series", String(120), primary_key=True),
    Column("next_value", BigInteger, nullable=False),
)

change_counter = Table(  # SQLite only: PostgreSQL uses a real sequence
    "change_counter",
    central_metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

STATION_ROLE = "archivist_station"
