"""What a station login may do at the centre beyond its grants: PostgreSQL tables, functions, triggers.

Installed by the central migration c010 (PostgreSQL only; an embedded SQLite centre has no logins).
A *station login* is a login role
that is a member of the station role (:data:`~archivist_desktop.sync.schema.STATION_ROLE`) and
no superuser; the database owner and the administrators are not affected.  Who acts is
``session_user`` (a station login that ``SET ROLE``\\ s to the station role stays itself).

A station login

* writes audit events only in the name of its own stations: each station id belongs to the
  login that pushed its first event (``station_ids``, set once).  ``central`` (the chain of
  central imports and user management) belongs to whoever wrote its first event: the
  administrator (users are added centrally before any station works; a centre upgraded with
  central events already there: the one who upgrades it), so no station login may extend it;
  a centre whose very first central import was run with a station login (a test's shortcut)
  keeps that login as the chain's writer;
* writes only its own stations' ``station_heads`` rows;
* adds no pages to an archived document (a checklist item ``archived``, or of an archived volume)
  and no items to an archived volume, except to one it archived itself in the same transaction
  (a push that carries the shelving and the pages of an offline day): ``archived_now``;
* changes nothing of an archived volume but its state (to ``voided``, as before);
* changes no customer (customers are changed by central imports, run as an administrator);
* adds, changes and deletes no user (migration c014, :func:`user_statements`; c010 refused only
  the inserts of a login with a unit): users come from ``central users`` run as an administrator;
  a station's push of a user made locally is set aside with the reason.  The grants give no
  UPDATE or DELETE on ``users`` either: the trigger holds should they ever be granted.

**Chain keys** (migration c011, :func:`key_statements`): ``station_keys`` records each station
id's chain key *fingerprint* (never the key: see :mod:`archivist_desktop.store.audit`), written
at ``central login`` and at each sync (``sync.central.register_chain_key``).  A station login
registers only a station id that is its own (``station_ids``; an unbound id becomes its own, as
with its first audit event), never ``central``, and never changes or removes a registration;
``verify --central`` reports a chain whose key marker names another fingerprint.

Refusals are ``insufficient_privilege`` (42501), an archived row's ``integrity_constraint_violation``
(23000) like the other archive rules.  Every statement is idempotent (``CREATE OR REPLACE``,
``IF NOT EXISTS``, triggers dropped first).
"""

from __future__ import annotations

from archivist_desktop.sync.schema import STATION_ROLE

#: the station of the events that central imports and central user management write
CENTRAL_CHAIN = "central"

_TABLES = [
    """CREATE TABLE IF NOT EXISTS station_ids (
         station_id varchar(36) PRIMARY KEY,
         login varchar(63) NOT NULL,
         bound_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'))""",
    "CREATE INDEX IF NOT EXISTS ix_station_ids_login ON station_ids (login)",
    # rows a station login archived in its current transaction (kind 'item' or 'volume')
    """CREATE TABLE IF NOT EXISTS archived_now (
         kind varchar(8) NOT NULL,
         row_id varchar(36) NOT NULL,
         xact xid8 NOT NULL,
         PRIMARY KEY (kind, row_id, xact))""",
]

_DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"

_FUNCTIONS = [
    # the station login acting, or NULL for anyone else (owner, administrators, superusers)
    f"""CREATE OR REPLACE FUNCTION archivist_station_login() RETURNS name
        LANGUAGE sql STABLE {_DEFINER} AS $$
          SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles r
                                   WHERE r.rolname = '{STATION_ROLE}' AND pg_has_role(session_user, r.oid, 'MEMBER'))
                       AND NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
                      THEN session_user END
        $$""",
    # a station id of the acting login (station_heads' row-level security)
    f"""CREATE OR REPLACE FUNCTION archivist_owns_station(sid varchar) RETURNS boolean
        LANGUAGE sql STABLE {_DEFINER} AS $$
          SELECT EXISTS (SELECT 1 FROM station_ids WHERE station_id = sid AND login = session_user::text)
        $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_guard_audit() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE
          who name := archivist_station_login();
          owner_ varchar;
        BEGIN
          IF who IS NULL THEN  -- the central chain belongs to the administrator who wrote it first
            IF NEW.station_id = '{CENTRAL_CHAIN}' THEN
              INSERT INTO station_ids (station_id, login) VALUES (NEW.station_id, session_user) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.station_id IS NULL THEN
            RAISE EXCEPTION 'station login %: an audit event must carry its own station id', who
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          SELECT login INTO owner_ FROM station_ids WHERE station_id = NEW.station_id;
          IF owner_ IS NULL THEN
            INSERT INTO station_ids (station_id, login) VALUES (NEW.station_id, who) ON CONFLICT DO NOTHING;
            SELECT login INTO owner_ FROM station_ids WHERE station_id = NEW.station_id;
          END IF;
          IF owner_ <> who::text THEN
            RAISE EXCEPTION 'station login %: audit events of station % belong to another login', who, NEW.station_id
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_guard_head() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL THEN RETURN NEW; END IF;
          IF NOT archivist_owns_station(NEW.station_id)
             OR (TG_OP = 'UPDATE' AND NEW.station_id IS DISTINCT FROM OLD.station_id) THEN
            RAISE EXCEPTION 'station login %: the chain head of station % is not its own', who,
              coalesce(OLD.station_id, NEW.station_id) USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_central_head() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM added WHERE station_id = '{CENTRAL_CHAIN}') THEN
            INSERT INTO station_heads (station_id, head_hash, events, updated_at)
              SELECT '{CENTRAL_CHAIN}',
                     (SELECT hash FROM audit_events WHERE station_id = '{CENTRAL_CHAIN}' ORDER BY seq DESC LIMIT 1),
                     count(*), now() AT TIME ZONE 'utc'
              FROM audit_events WHERE station_id = '{CENTRAL_CHAIN}'
            ON CONFLICT (station_id) DO UPDATE
              SET head_hash = excluded.head_hash, events = excluded.events, updated_at = excluded.updated_at;
          END IF;
          RETURN NULL;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_refuse_station_user() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL OR NOT EXISTS (SELECT 1 FROM station_logins WHERE login = who::text) THEN
            RETURN NEW;  -- not a station login, or one without a unit (as before units: see above)
          END IF;
          RAISE EXCEPTION 'user %: users are managed centrally (central users); station login % cannot add one',
            NEW.username, who USING ERRCODE = 'insufficient_privilege';
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_refuse_customer_change() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL THEN RETURN NEW; END IF;
          RAISE EXCEPTION 'customer %: customers are changed by central imports only, not by station login %',
            OLD.customer_no, who USING ERRCODE = 'insufficient_privilege';
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_guard_archived_volume() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL OR OLD.state <> 'archived' THEN RETURN NEW; END IF;
          IF (to_jsonb(NEW) - 'state' - 'updated_at' - 'version' - 'change_seq')
             IS DISTINCT FROM (to_jsonb(OLD) - 'state' - 'updated_at' - 'version' - 'change_seq') THEN
            RAISE EXCEPTION 'volume % is archived: its metadata is final (station login %)', OLD.archival_code, who
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""",
    # mark a row a station login archives, for the rest of its transaction
    f"""CREATE OR REPLACE FUNCTION archivist_mark_archived() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        BEGIN
          IF archivist_station_login() IS NULL OR NEW.state <> 'archived' THEN RETURN NULL; END IF;
          IF TG_OP = 'UPDATE' AND OLD.state = 'archived' THEN RETURN NULL; END IF;
          DELETE FROM archived_now WHERE xact <> pg_current_xact_id()
            AND pg_xact_status(xact) IS DISTINCT FROM 'in progress';
          INSERT INTO archived_now (kind, row_id, xact) VALUES (TG_ARGV[0], NEW.id, pg_current_xact_id())
            ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_archived_now(kind_ varchar, id_ varchar) RETURNS boolean
        LANGUAGE sql STABLE {_DEFINER} AS $$
          SELECT EXISTS (SELECT 1 FROM archived_now WHERE kind = kind_ AND row_id = id_ AND xact = pg_current_xact_id())
        $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_guard_page_insert() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL OR EXISTS (SELECT 1 FROM pages WHERE id = NEW.id) THEN
            RETURN NEW;  -- a page the centre holds: its update rules are protect_page's
          END IF;
          IF (EXISTS (SELECT 1 FROM checklist_items WHERE id = NEW.item_id AND state = 'archived')
              OR EXISTS (SELECT 1 FROM volume_items vi JOIN volumes v ON v.id = vi.volume_id
                         WHERE vi.item_id = NEW.item_id AND v.state = 'archived'))
             AND NOT archivist_archived_now('item', NEW.item_id) THEN
            RAISE EXCEPTION 'checklist item % is archived: no page can be added to it (station login %)',
              NEW.item_id, who USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION archivist_guard_volume_item_insert() RETURNS trigger
        LANGUAGE plpgsql {_DEFINER} AS $$
        DECLARE who name := archivist_station_login();
        BEGIN
          IF who IS NULL OR EXISTS (SELECT 1 FROM volume_items WHERE id = NEW.id) THEN RETURN NEW; END IF;
          IF EXISTS (SELECT 1 FROM volumes WHERE id = NEW.volume_id AND state = 'archived')
             AND NOT archivist_archived_now('volume', NEW.volume_id) THEN
            RAISE EXCEPTION 'volume % is archived: no document can be added to it (station login %)',
              NEW.volume_id, who USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""",
]

#: (trigger name, table, timing and events, function call)
_TRIGGERS = [
    ("audit_events_station_guard", "audit_events", "BEFORE INSERT", "FOR EACH ROW", "archivist_guard_audit()"),
    (
        "audit_events_central_head",
        "audit_events",
        "AFTER INSERT",
        "REFERENCING NEW TABLE AS added FOR EACH STATEMENT",
        "archivist_central_head()",
    ),
    ("station_heads_own_only", "station_heads", "BEFORE INSERT OR UPDATE", "FOR EACH ROW", "archivist_guard_head()"),
    ("users_station_refused", "users", "BEFORE INSERT", "FOR EACH ROW", "archivist_refuse_station_user()"),
    ("customers_station_refused", "customers", "BEFORE UPDATE", "FOR EACH ROW", "archivist_refuse_customer_change()"),
    ("volumes_archived_final", "volumes", "BEFORE UPDATE", "FOR EACH ROW", "archivist_guard_archived_volume()"),
    (
        "checklist_items_archived_now",
        "checklist_items",
        "AFTER INSERT OR UPDATE",
        "FOR EACH ROW",
        "archivist_mark_archived('item')",
    ),
    ("volumes_archived_now", "volumes", "AFTER INSERT OR UPDATE", "FOR EACH ROW", "archivist_mark_archived('volume')"),
    ("pages_archived_refused", "pages", "BEFORE INSERT", "FOR EACH ROW", "archivist_guard_page_insert()"),
    (
        "volume_items_archived_refused",
        "volume_items",
        "BEFORE INSERT",
        "FOR EACH ROW",
        "archivist_guard_volume_item_insert()",
    ),
]


def statements() -> list[str]:
    """Every statement, in order (idempotent)."""
    out = [*_TABLES, *_FUNCTIONS]
    for name, table, when, each, call in _TRIGGERS:
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        out.append(f"CREATE TRIGGER {name} {when} ON {table} {each} EXECUTE FUNCTION {call}")
    # the central chain of a centre that had central events before these triggers: its writer
    # (the one applying this) and its head
    out.append(
        f"""INSERT INTO station_ids (station_id, login)
            SELECT '{CENTRAL_CHAIN}', session_user WHERE EXISTS
              (SELECT 1 FROM audit_events WHERE station_id = '{CENTRAL_CHAIN}')
            ON CONFLICT DO NOTHING"""
    )
    out.append(
        f"""INSERT INTO station_heads (station_id, head_hash, events, updated_at)
            SELECT '{CENTRAL_CHAIN}',
                   (SELECT hash FROM audit_events WHERE station_id = '{CENTRAL_CHAIN}' ORDER BY seq DESC LIMIT 1),
                   count(*), now() AT TIME ZONE 'utc'
            FROM audit_events WHERE station_id = '{CENTRAL_CHAIN}' HAVING count(*) > 0
            ON CONFLICT (station_id) DO UPDATE
              SET head_hash = excluded.head_hash, events = excluded.events, updated_at = excluded.updated_at"""
    )
    return out


_REFUSE_USER_CHANGE = f"""CREATE OR REPLACE FUNCTION archivist_refuse_station_user() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE who name := archivist_station_login();
    BEGIN
      IF who IS NULL THEN  -- the owner and the administrators (central users)
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'user %: users are managed centrally (central users); station login % cannot % one',
        coalesce(NEW.username, OLD.username), who,
        CASE TG_OP WHEN 'INSERT' THEN 'add' WHEN 'UPDATE' THEN 'change' ELSE 'delete' END
        USING ERRCODE = 'insufficient_privilege';
    END $$"""

_USER_TRIGGER = (
    "users_station_refused",
    "users",
    "BEFORE INSERT OR UPDATE OR DELETE",
    "FOR EACH ROW",
    "archivist_refuse_station_user()",
)


def user_statements() -> list[str]:
    """Migration c014: no station login adds, changes or deletes a user, whether or not it has a unit
    (idempotent; needs :func:`statements` first)."""
    name, table, when, each, call = _USER_TRIGGER
    return [
        _REFUSE_USER_CHANGE,
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} {when} ON {table} {each} EXECUTE FUNCTION {call}",
    ]


def drop_user_statements() -> list[str]:
    """Undo :func:`user_statements` (the downgrade of c014): c010's trigger and function again."""
    fn = next(f for f in _FUNCTIONS if "archivist_refuse_station_user()" in f)
    name, table, when, each, call = next(t for t in _TRIGGERS if t[0] == _USER_TRIGGER[0])
    return [
        fn,
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} {when} ON {table} {each} EXECUTE FUNCTION {call}",
    ]


#: the table and triggers of migration c011: each station id's chain key fingerprint, registered once
_KEY_TABLE = """CREATE TABLE IF NOT EXISTS station_keys (
     station_id varchar(36) PRIMARY KEY,
     fingerprint varchar(64) NOT NULL,
     login varchar(63) NOT NULL,
     registered_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'))"""

_KEY_FUNCTION = f"""CREATE OR REPLACE FUNCTION archivist_guard_station_key() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
      who name := archivist_station_login();
      owner_ varchar;
    BEGIN
      IF who IS NULL THEN  -- the owner and the administrators (a key replaced on purpose)
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'station login %: the chain key of station % is registered once and never changed', who,
          OLD.station_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NEW.station_id IS NULL OR NEW.station_id = '{CENTRAL_CHAIN}' THEN
        RAISE EXCEPTION 'station login %: it cannot register a chain key for station %', who, NEW.station_id
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      NEW.login := who::text;
      NEW.registered_at := now() AT TIME ZONE 'utc';
      SELECT login INTO owner_ FROM station_ids WHERE station_id = NEW.station_id;
      IF owner_ IS NULL THEN
        INSERT INTO station_ids (station_id, login) VALUES (NEW.station_id, who) ON CONFLICT DO NOTHING;
        SELECT login INTO owner_ FROM station_ids WHERE station_id = NEW.station_id;
      END IF;
      IF owner_ <> who::text THEN
        RAISE EXCEPTION 'station login %: station % belongs to another login; it cannot register its chain key',
          who, NEW.station_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$"""

_KEY_TRIGGERS = [
    ("station_keys_insert_guard", "station_keys", "BEFORE INSERT", "FOR EACH ROW", "archivist_guard_station_key()"),
    (
        "station_keys_final",
        "station_keys",
        "BEFORE UPDATE OR DELETE",
        "FOR EACH ROW",
        "archivist_guard_station_key()",
    ),
]


def key_statements() -> list[str]:
    """Migration c011: ``station_keys`` and its guard (idempotent; needs :func:`statements` first)."""
    out = [_KEY_TABLE, _KEY_FUNCTION]
    for name, table, when, each, call in _KEY_TRIGGERS:
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        out.append(f"CREATE TRIGGER {name} {when} ON {table} {each} EXECUTE FUNCTION {call}")
    # a centre whose station role exists already: it reads and registers (``central init`` grants it too)
    out.append(
        f"""DO $$ BEGIN
              IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{STATION_ROLE}') THEN
                GRANT SELECT, INSERT ON station_keys TO {STATION_ROLE};
              END IF;
            END $$"""
    )
    return out


def drop_key_statements() -> list[str]:
    """Undo :func:`key_statements` (the downgrade of c011)."""
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in _KEY_TRIGGERS),
        "DROP FUNCTION IF EXISTS archivist_guard_station_key()",
        "DROP TABLE IF EXISTS station_keys",
    ]


def drop_statements() -> list[str]:
    """Undo :func:`statements` (the downgrade)."""
    out = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in _TRIGGERS]
    for fn in (
        "archivist_guard_volume_item_insert()",
        "archivist_guard_page_insert()",
        "archivist_archived_now(varchar, varchar)",
        "archivist_mark_archived()",
        "archivist_guard_archived_volume()",
        "archivist_refuse_customer_change()",
        "archivist_refuse_station_user()",
        "archivist_central_head()",
        "archivist_guard_head()",
        "archivist_guard_audit()",
        "archivist_owns_station(varchar)",
        "archivist_station_login()",
    ):
        out.append(f"DROP FUNCTION IF EXISTS {fn}")
    out += ["DROP TABLE IF EXISTS archived_now", "DROP TABLE IF EXISTS station_ids"]
    return out
