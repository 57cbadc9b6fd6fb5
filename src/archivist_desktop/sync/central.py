"""Connecting to the central database, creating or upgrading its schema, and its station role.

Passwords live in the OS keyring; URLs in settings and every message carry no password.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from archivist_desktop import errors
from archivist_desktop.store.outbox import IMMUTABLE, SYNC_ORDER
from archivist_desktop.sync.schema import STATION_ROLE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
KEYRING_SERVICE = "archivist-desktop/central"
VERSION_TABLE = "central_schema_version"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class CentralError(errors.KnownError):
    """A problem with the central database that the user can act on (never carries a password)."""


class CentralUnreachable(CentralError, errors.CentralUnreachable):
    """The central database could not be reached; local work is kept and retried."""


class PasswordRefused(CentralError):
    """The central database refused the login (wrong password or user: SQLSTATE 28P01 / 28000).

    Exit status 1, not 2: retrying will not help, the password or the user must change.
    """


#: SQLSTATEs of a refused login: invalid_password, invalid_authorization_specification
AUTH_SQLSTATES = ("28P01", "28000")
#: libpq gives no SQLSTATE for a failed connection, only the server's message: these say the login was refused
_AUTH_MESSAGES = ("password authentication failed", "authentication failed", "no pg_hba.conf entry", "认证失败")
_ROLE_MISSING = re.compile(r'role "[^"]*" does not exist')


def is_auth_failure(exc: BaseException) -> bool:
    """Whether a connection error (SQLAlchemy's or psycopg's) is the server refusing the login, not the network."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) in AUTH_SQLSTATES:
        return True
    message = str(orig)
    if any(m in message.lower() for m in _AUTH_MESSAGES) or _ROLE_MISSING.search(message):
        return True
    pgconn = getattr(orig, "pgconn", None)
    return bool(pgconn is not None and getattr(pgconn, "needs_password", False))  # asked, none given


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine: empty or a Unix-socket directory, ``localhost``, a loopback address."""
    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL for ``postgresql://…`` (psycopg 3) or ``sqlite:///path``."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise CentralError(f"not a database URL: {redact(url)}") from exc
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite":
        return parsed
    raise CentralError(f"unsupported central database {parsed.drivername!r}: use postgresql:// or sqlite:///")


def without_password(url: URL) -> URL:
    """``url`` with no password (``URL.set(password=None)`` would keep it)."""
    return URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)


def redact(url: str | URL) -> str:
    """The URL without its password, for settings, logs and messages."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1@", str(url))
    return without_password(parsed).render_as_string(hide_password=False)


def keyring_account(url: URL) -> str:
    return f"{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def store_password(url: URL, password: str) -> None:
    """Keep the password in the OS keyring; a missing or locked keyring is one :class:`CentralError` line."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(url), password)
    except KeyringError as exc:
        backend = type(keyring.get_keyring()).__name__
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise CentralError(
            f"the password cannot be kept: no usable keyring ({backend}: {why}); unlock or install a keyring "
            f"(Windows Credential Manager, Secret Service), or give the password with each command"
        ) from None


def load_password(url: URL) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_account(url))
    except KeyringError:
        return None


def connect(
    url: str,
    password: str | None = None,
    sslmode: str | None = None,
    sslrootcert: str | None = None,
    connect_timeout: int = 5,
) -> Engine:
    """An engine on the central database; the password comes from the argument, the URL or the keyring."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if password is None and parsed.password is None and parsed.username:
        password = load_password(parsed)
    if password is not None:
        parsed = parsed.set(password=password)
    args: dict = {"connect_timeout": connect_timeout, "application_name": "archivist-desktop"}
    query_host = parsed.query.get("host")
    host = parsed.host or (query_host if isinstance(query_host, str) else None)
    if not sslmode and "sslmode" not in parsed.query and not is_loopback(host):
        sslmode = "require"  # never a plaintext password over the network unless asked for (central_sslmode)
    if sslmode:
        args["sslmode"] = sslmode
    if sslrootcert:
        args["sslrootcert"] = sslrootcert
    return create_engine(parsed, connect_args=args, pool_pre_ping=True)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("the central schema has no migration revisions")
    return head


def migrate(engine: Engine) -> None:
    """Create or upgrade the central schema."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _in_units(column: str) -> str:
    """SQL: ``column`` names a unit of the current login's subtree (or no unit, where it may see those).

    Each function runs once per statement (a scalar sub-select is an init plan), not once per row.
    """
    return (
        f"({column}::text = ANY ((SELECT archivist_login_units(current_user))::text[]) OR "
        f"(coalesce({column}, '') = '' AND (SELECT archivist_login_sees_unassigned(current_user))))"
    )


#: the rows of each synced table a station login may read and write.  People, customers and
#: work orders by their own unit; every other row through its parent, whose policy applies in
#: turn (a sub-select in a policy is itself subject to row-level security).
STATION_POLICIES = {
    "users": _in_units("unit"),
    "customers": _in_units("unit"),
    "work_orders": _in_units("unit"),
    "step_completions": "EXISTS (SELECT 1 FROM work_orders w WHERE w.id = step_completions.work_order_id)",
    "checklist_items": "EXISTS (SELECT 1 FROM work_orders w WHERE w.id = checklist_items.work_order_id)",
    "rescan_tasks": "EXISTS (SELECT 1 FROM work_orders w WHERE w.id = rescan_tasks.work_order_id)",
    "pages": "EXISTS (SELECT 1 FROM checklist_items c WHERE c.id = pages.item_id)",
    "reviews": "EXISTS (SELECT 1 FROM checklist_items c WHERE c.id = reviews.item_id)",
    "page_texts": "EXISTS (SELECT 1 FROM checklist_items c WHERE c.id = page_texts.item_id)",
    "volumes": "EXISTS (SELECT 1 FROM customers c WHERE c.id = volumes.customer_id)",
    "volume_items": "EXISTS (SELECT 1 FROM volumes v WHERE v.id = volume_items.volume_id)",
    "loans": "EXISTS (SELECT 1 FROM volumes v WHERE v.id = loans.volume_id)",
    # a box: made by someone of the scope, or holding one of its volumes
    "boxes": "(EXISTS (SELECT 1 FROM users u WHERE u.username = boxes.created_by) "
    "OR EXISTS (SELECT 1 FROM volumes v WHERE v.box_id = boxes.id))",
    # a hand-over receipt: received by someone of the scope, or listing one of its documents
    "hand_overs": "(EXISTS (SELECT 1 FROM users u WHERE u.username = hand_overs.received_by) "
    "OR EXISTS (SELECT 1 FROM checklist_items c "
    "WHERE c.id IN (SELECT jsonb_array_elements_text(hand_overs.item_ids::jsonb))))",
}


def row_level_security(conn) -> None:
    """Scope the station role to its login's unit and the units below it (PostgreSQL row-level security).

    A station login (a member of the station role) reads and writes only the rows of its unit
    subtree (``station_logins`` → ``units``): :data:`STATION_POLICIES`; page files only of the
    pages it can see, or of none yet (an upload whose page row has not followed; it may upload
    any: a file is named by its hash).  A login without a
    ``station_logins`` row has no unit and sees only rows that belong to no unit (a centre from
    before units); a login of a root unit sees those too.  The database owner is not affected.
    Idempotent: run by every ``central init``.
    """
    conn.execute(
        text("""
        CREATE OR REPLACE FUNCTION archivist_login_units(login_name name) RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          WITH RECURSIVE tree(code) AS (
            SELECT unit_code::text FROM station_logins WHERE login = login_name::text
            UNION
            SELECT u.code::text FROM units u JOIN tree t ON u.parent_code = t.code
          )
          SELECT coalesce(array_agg(code), '{}'::text[]) FROM tree
        $$""")
    )
    conn.execute(
        text("""
        CREATE OR REPLACE FUNCTION archivist_login_sees_unassigned(login_name name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT NOT EXISTS (SELECT 1 FROM station_logins WHERE login = login_name::text)
              OR EXISTS (SELECT 1 FROM station_logins s JOIN units u ON u.code = s.unit_code
                         WHERE s.login = login_name::text AND u.parent_code IS NULL)
        $$""")
    )
    conn.execute(
        text("""
        CREATE OR REPLACE FUNCTION archivist_blob_claimed(blob_sha varchar) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT EXISTS (SELECT 1 FROM pages WHERE sha256 = blob_sha)
        $$""")
    )
    policies: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        **{table: [("scope", "ALL", rule, rule)] for table, rule in STATION_POLICIES.items()},
        "blobs": [
            (
                "read",
                "SELECT",
                "EXISTS (SELECT 1 FROM pages p WHERE p.sha256 = blobs.sha256) OR NOT archivist_blob_claimed(sha256)",
                None,
            ),
            ("upload", "INSERT", None, "true"),
        ],
    }
    for table, rules in policies.items():
        existing = conn.execute(text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table})
        for (name,) in existing.all():
            conn.execute(text(f'DROP POLICY "{name}" ON {table}'))
        conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        for name, command_, using, check in rules:
            clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            conn.execute(text(f"CREATE POLICY station_{name} ON {table} FOR {command_} TO {STATION_ROLE}{clauses}"))


def grant_station_role(engine: Engine, login: str | None = None, password: str | None = None) -> None:
    """Create the least-privilege station role (PostgreSQL) and optionally a login in it.

    Stations may read everything and insert rows; they may update only the mutable tables; they
    may never delete, and triggers refuse changes to archived content even for them.  What a
    station login may do beyond these grants (its own stations' audit events and heads only, no
    users, no customer changes, nothing added to archived documents or volumes) is
    :mod:`archivist_desktop.sync.station_limits` (triggers of migrations c010 and c011).
    """
    if engine.dialect.name != "postgresql":
        return
    if login is not None and not _NAME_RE.match(login):
        raise CentralError("a login name must be lower-case letters, digits and underscores")
    with engine.begin() as conn:
        conn.execute(
            text(f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{STATION_ROLE}') THEN
                CREATE ROLE {STATION_ROLE} NOLOGIN;
              END IF;
            END $$""")
        )
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {STATION_ROLE}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {STATION_ROLE}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {STATION_ROLE}"))
        synced = [m.__tablename__ for m in SYNC_ORDER]
        insertable = ", ".join([*synced, "blobs", "station_heads", "rejected_changes", "station_keys"])
        # users change only at the centre; append-only tables never change
        updatable = ", ".join([t for t in synced if t not in IMMUTABLE and t != "users"] + ["station_heads"])
        conn.execute(text(f"GRANT INSERT ON {insertable} TO {STATION_ROLE}"))
        conn.execute(text(f"GRANT UPDATE ON {updatable} TO {STATION_ROLE}"))
        conn.execute(text(f"GRANT UPDATE (status) ON pages TO {STATION_ROLE}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STATION_ROLE}"))
        # numbers unique company-wide: taken only through the function, never written directly (c008)
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION archivist_next_number(text, bigint) TO {STATION_ROLE}"))
        row_level_security(conn)
        if login:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
            verb = "ALTER" if exists else "CREATE"
            quoted = conn.exec_driver_sql("SELECT quote_literal(%s)", (password or "",)).scalar_one()
            conn.execute(text(f"{verb} ROLE {login} LOGIN PASSWORD {quoted}"))
            conn.execute(text(f"GRANT {STATION_ROLE} TO {login}"))


def registered_chain_keys(conn) -> dict[str, str] | None:
    """Each station id's registered chain key fingerprint (``station_keys``, c011); ``None`` when the
    centre keeps none (an embedded SQLite centre)."""
    if conn.dialect.name != "postgresql" or conn.execute(text("SELECT to_regclass('station_keys')")).scalar() is None:
        return None
    return {str(sid): str(fp) for sid, fp in conn.execute(text("SELECT station_id, fingerprint FROM station_keys"))}


def register_chain_key(engine: Engine, station_id: str, fp: str) -> str | None:
    """Register ``station_id``'s chain key fingerprint once (never the key); the fingerprint the centre
    holds for it afterwards (``None``: the centre keeps none).  A registration never changes: a
    different fingerprint already there is returned, for the caller to report."""
    if engine.dialect.name != "postgresql":
        return None
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as conn:
            if conn.execute(text("SELECT to_regclass('station_keys')")).scalar() is None:
                return None
            conn.execute(
                text(
                    "INSERT INTO station_keys (station_id, fingerprint, login) VALUES (:s, :f, session_user) "
                    "ON CONFLICT (station_id) DO NOTHING"
                ),
                {"s": station_id, "f": fp},
            )
            held = conn.execute(
                text("SELECT fingerprint FROM station_keys WHERE station_id = :s"), {"s": station_id}
            ).scalar_one_or_none()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # another login's station
            first = str(exc.orig).strip().splitlines()[0]
            raise CentralError(f"the central database refused this station's chain key: {first}") from None
        raise
    return str(held) if held is not None else None
