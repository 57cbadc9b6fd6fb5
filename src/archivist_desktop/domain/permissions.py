"""Roles and the role × document-type permission matrix (read / upload / download)."""

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
                f"role {role.value!r} may not {permission.value} documents of type {document_type!r}"
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
