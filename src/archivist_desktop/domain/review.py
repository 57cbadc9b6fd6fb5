"""Review gates (三道关口), flag reasons and the rules of who may decide on a page."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from archivist_desktop.domain.permissions import PermissionDenied, Role
from archivist_desktop.domain.templates import Problem


class Decision(str, enum.Enum):
    APPROVE = "approve"
    FLAG = "flag"


class FlagReason(str, enum.Enum):
    BLURRY = "blurry"
    GLARE = "glare"
    CUT_OFF = "cut_off"
    WRONG_DOCUMENT = "wrong_document"
    INCOMPLETE = "incomplete"
    OTHER = "other"  # needs a comment


@dataclass(frozen=True)
class Gate:
    id: str
    name_zh: str
    name_en: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class ReviewConfig:
    gates: dict[str, Gate]
    levels: dict[int, tuple[str, ...]]

    def path(self, review_levels: int) -> tuple[Gate, ...]:
        """The gates a document of a business type with ``review_levels`` levels passes, in order."""
        ids = self.levels.get(review_levels) or self.levels[max(self.levels)]
        return tuple(self.gates[g] for g in ids)


def parse_review_config(data: dict[str, Any]) -> tuple[ReviewConfig | None, list[Problem]]:
    problems: list[Problem] = []
    gates: dict[str, Gate] = {}
    for n, raw in enumerate(data.get("gates") or []):
        where = f"gates[{n}]"
        gid = raw.get("id")
        if not isinstance(gid, str) or not gid:
            problems.append(Problem(f"{where}.id", "missing"))
            continue
        roles = set()
        for r in raw.get("roles") or []:
            try:
                roles.add(Role(r))
            except ValueError:
                problems.append(Problem(f"{where}.roles", f"unknown role {r!r}"))
        if not roles:
            problems.append(Problem(f"{where}.roles", "a gate needs at least one role"))
        gates[gid] = Gate(gid, str(raw.get("name_zh", gid)), str(raw.get("name_en", gid)), frozenset(roles))
    if not gates:
        problems.append(Problem("gates", "at least one [[gates]] table is needed"))
    levels: dict[int, tuple[str, ...]] = {}
    for key, ids in (data.get("levels") or {}).items():
        try:
            n = int(key)
        except ValueError:
            problems.append(Problem(f"levels.{key}", "must be 1, 2 or 3"))
            continue
        if not isinstance(ids, list) or len(ids) != n:
            problems.append(Problem(f"levels.{key}", f"must list exactly {n} gate id(s)"))
            continue
        unknown = [g for g in ids if g not in gates]
        if unknown:
            problems.append(Problem(f"levels.{key}", f"unknown gate(s) {', '.join(unknown)}"))
            continue
        levels[n] = tuple(ids)
    for n in (1, 2, 3):
        if n not in levels:
            problems.append(Problem(f"levels.{n}", "missing"))
    if problems:
        return None, problems
    return ReviewConfig(gates, levels), []


def next_gate(path: tuple[Gate, ...], approved_gates: set[str]) -> int | None:
    """0-based index of the first gate of ``path`` that has not approved the page (None: all have)."""
    for n, gate in enumerate(path):
        if gate.id not in approved_gates:
            return n
    return None


def refusal(role: Role, username: str, gate: Gate, captured_by: str, approved_by: set[str]) -> str | None:
    """Why this user may not decide on this page at this gate (None: they may)."""
    why = refusal_error(role, username, gate, captured_by, approved_by)
    return None if why is None else str(why)


def refusal_error(
    role: Role, username: str, gate: Gate, captured_by: str, approved_by: set[str]
) -> PermissionDenied | None:
    """:func:`refusal` as the error to raise, with its code and parameters (None: they may decide)."""
    if username == captured_by:
        return PermissionDenied("nobody may review a page they captured", code="review_own_capture")
    if role not in gate.roles:
        return PermissionDenied(
            f"role {role.value!r} does not decide at the {gate.name_en.lower()} gate",
            code="gate_not_for_role",
            role=Role(role).value,
            gate=gate.name_en.lower(),
            gate_zh=gate.name_zh,
        )
    if username in approved_by:
        return PermissionDenied("one person approves a page at one gate only", code="one_gate_per_person")
    return None
