"""Roles, what each role may do (:data:`ROLE_RULES`), and the role × document-type permission matrix.

Two tables hold the rules:

* :data:`ROLE_RULES` — per role, whose work it sees (:class:`Scope`) and what it may do beyond
  documents (:class:`Capability`).  Services and the GUI ask :func:`can` / :func:`scope_for`
  instead of listing roles.
* ``resources/permissions.toml`` — per role and document type, read / upload / download / review
  (:class:`PermissionMatrix`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from archivist_desktop import errors
from archivist_desktop.domain.templates import Problem


class Role(str, enum.Enum):
    CLERK = "clerk"  # 营业员
    COLLECTOR = "collector"  # 班组档案收集员
    SUPERVISOR = "supervisor"  # 审核员
    ARCHIVIST = "archivist"  # 档案管理员
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"


class Permission(str, enum.Enum):
    READ = "read"
    UPLOAD = "upload"
    DOWNLOAD = "download"
    REVIEW = "review"  # approve or flag pages of the document type


class Scope(str, enum.Enum):
    """Whose work a role sees in lists, reminders and escalations."""

    OWN = "own"  # the items and work orders assigned to the user
    TEAM = "team"  # the user's team's (the whole station for a user without a team)
    STATION = "station"  # everything on the station


class Capability(str, enum.Enum):
    """What a role may do beyond the per-document permissions of the matrix."""

    ARCHIVE_ROOM = "archive_room"  # hand-over, volumes and archival codes, boxes, shelves, loans, appraisal
    ESCALATION_NOTICES = "escalation_notices"  # is reminded of open escalations at sign-in and while working
    TEAM_ESCALATIONS = "team_escalations"  # is escalated to for the team's late items (as its lead)
    ALL_ESCALATIONS = "all_escalations"  # concerned by every escalation of a pass


@dataclass(frozen=True)
class RoleRules:
    """One role's row of :data:`ROLE_RULES`."""

    scope: Scope
    capabilities: frozenset[Capability] = frozenset()


#: what each role may do; adding a rule is adding a capability to a row
ROLE_RULES: dict[Role, RoleRules] = {
    Role.CLERK: RoleRules(Scope.OWN, frozenset({Capability.ESCALATION_NOTICES})),
    Role.COLLECTOR: RoleRules(Scope.TEAM),
    Role.SUPERVISOR: RoleRules(Scope.TEAM),
    Role.ARCHIVIST: RoleRules(Scope.STATION, frozenset({Capability.ARCHIVE_ROOM})),
    Role.TEAM_LEAD: RoleRules(Scope.TEAM, frozenset({Capability.ESCALATION_NOTICES, Capability.TEAM_ESCALATIONS})),
    Role.ADMIN: RoleRules(Scope.STATION, frozenset({Capability.ARCHIVE_ROOM, Capability.ALL_ESCALATIONS})),
}
assert set(ROLE_RULES) == set(Role), "every role has a row"


def can(role: Role, capability: Capability) -> bool:
    """Whether ``role`` has ``capability`` (see :data:`ROLE_RULES`)."""
    return capability in ROLE_RULES[Role(role)].capabilities


def roles_with(capability: Capability) -> tuple[Role, ...]:
    """The roles that have ``capability``, in :class:`Role` order."""
    return tuple(r for r in Role if can(r, capability))


def scope_for(role: Role, team: str | None) -> Scope:
    """Whose work a user of ``role`` (and ``team``) sees: a team scope without a team is the station."""
    scope = ROLE_RULES[Role(role)].scope
    return Scope.STATION if scope == Scope.TEAM and not team else scope


class PermissionDenied(errors.PermissionDenied):
    """A user asked for something their role may not do; the message says what."""


@dataclass(frozen=True)
class PermissionMatrix:
    """``defaults[role]`` applies to every document type unless ``overrides[role][doc_type]`` says otherwise."""

    defaults: dict[Role, frozenset[Permission]]
    overrides: dict[Role, dict[str, frozenset[Permission]]] = field(default_factory=dict)

    def allowed(self, role: Role, document_type: str, permission: Permission) -> bool:
        per_doc = self.overrides.get(role, {})
        granted = per_doc.get(document_type, self.defaults.get(role, frozenset()))
        return permission in granted

    def check(self, role: Role, document_type: str, permission: Permission) -> None:
        if not self.allowed(role, document_type, permission):
            raise PermissionDenied(
                f"role {role.value!r} may not {permission.value} documents of type {document_type!r}",
                code="role_may_not",
                role=Role(role).value,
                permission=Permission(permission).value,
                document_type=document_type,
            )


def parse_matrix(data: dict[str, Any]) -> tuple[PermissionMatrix | None, list[Problem]]:
    """Parse ``[roles.NAME] default = [...]`` and ``[roles.NAME.documents] doc_id = [...]``."""
    problems: list[Problem] = []
    defaults: dict[Role, frozenset[Permission]] = {}
    overrides: dict[Role, dict[str, frozenset[Permission]]] = {}

    def perms(value: Any, where: str) -> frozenset[Permission]:
        if not isinstance(value, list):
            problems.append(Problem(where, 'must be a list such as ["read", "upload"]'))
            return frozenset()
        out = set()
        for v in value:
            try:
                out.add(Permission(v))
            except ValueError:
                problems.append(Problem(where, f"unknown permission {v!r}"))
        return frozenset(out)

    roles = data.get("roles")
    if not isinstance(roles, dict):
        return None, [Problem("roles", "missing [roles.*] tables")]
    for name, table in roles.items():
        try:
            role = Role(name)
        except ValueError:
            problems.append(Problem(f"roles.{name}", "unknown role"))
            continue
        if not isinstance(table, dict):
            problems.append(Problem(f"roles.{name}", "must be a table"))
            continue
        defaults[role] = perms(table.get("default", []), f"roles.{name}.default")
        docs = table.get("documents", {})
        overrides[role] = {doc: perms(p, f"roles.{name}.documents.{doc}") for doc, p in docs.items()}
    for role in Role:
        if role not in defaults:
            problems.append(Problem(f"roles.{role.value}", "role missing from the matrix"))
    if problems:
        return None, problems
    return PermissionMatrix(defaults, overrides), []
