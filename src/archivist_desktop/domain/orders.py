"""The marketing business system's work-order feed: validation into plain records."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from archivist_desktop.domain.templates import Problem, Template

_NO_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class CompletedStep:
    step: int
    completed_at: datetime


@dataclass(frozen=True)
class OrderRecord:
    work_order_no: str
    customer_no: str
    customer_name: str
    address: str
    phone: str
    business_type: str
    created_at: datetime
    contract_end: date | None
    steps: tuple[CompletedStep, ...]
    assignee: str | None = None
    team: str | None = None


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def parse_feed(data: Any, templates: Mapping[str, Template]) -> tuple[list[OrderRecord], list[Problem]]:
    """Validate a whole feed.  Any problem rejects the feed; every problem is reported.

    Locations read ``work_orders[INDEX].FIELD``.
    """
    if not isinstance(data, dict) or not isinstance(data.get("work_orders"), list):
        return [], [Problem("work_orders", 'the file must be a JSON object {"work_orders": [...]}')]
    records: list[OrderRecord] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["work_orders"]):
        where = f"work_orders[{index}]"
        if not isinstance(raw, dict):
            problems.append(Problem(where, "must be an object"))
            continue
        start = len(problems)

        def text(
            key: str, required: bool = True, pattern: re.Pattern | None = None, *, raw: dict = raw, where: str = where
        ) -> str:
            value = raw.get(key)
            if value is None and not required:
                return ""
            if not isinstance(value, str) or (required and not value.strip()):
                problems.append(Problem(f"{where}.{key}", "missing or not a text value"))
                return ""
            if pattern is not None and not pattern.match(value):
                problems.append(
                    Problem(f"{where}.{key}", f"{value!r} is not a valid number (letters, digits, - and _)")
                )
            return value.strip()

        wo_no = text("work_order_no", pattern=_NO_RE)
        customer_no = text("customer_no", pattern=_NO_RE)
        customer_name = text("customer_name")
        address = text("address", required=False)
        phone = text("phone", required=False)
        business_type = text("business_type")
        assignee = raw.get("assignee")
        team = raw.get("team")
        for key, value in (("assignee", assignee), ("team", team)):
            if value is not None and not isinstance(value, str):
                problems.append(Problem(f"{where}.{key}", "must be text"))
        if wo_no and wo_no in seen:
            problems.append(Problem(f"{where}.work_order_no", f"{wo_no!r} appears twice (also at index {seen[wo_no]})"))
        elif wo_no:
            seen[wo_no] = index
        template = templates.get(business_type) if business_type else None
        if business_type and template is None:
            problems.append(Problem(f"{where}.business_type", f"unknown business type {business_type!r}"))
        created_at = _parse_datetime(raw.get("created_at"))
        if created_at is None:
            problems.append(Problem(f"{where}.created_at", "must be an ISO 8601 date-time with a UTC offset"))
        contract_end = None
        if raw.get("contract_end") is not None:
            try:
                contract_end = date.fromisoformat(raw["contract_end"])
            except (TypeError, ValueError):
                problems.append(Problem(f"{where}.contract_end", "must be an ISO date such as 2027-01-15"))
        steps: list[CompletedStep] = []
        raw_steps = raw.get("steps", [])
        if not isinstance(raw_steps, list):
            problems.append(Problem(f"{where}.steps", "must be a list"))
            raw_steps = []
        seen_steps: set[int] = set()
        for j, rs in enumerate(raw_steps):
            swhere = f"{where}.steps[{j}]"
            if not isinstance(rs, dict):
                problems.append(Problem(swhere, "must be an object"))
                continue
            number = rs.get("step")
            if not isinstance(number, int) or isinstance(number, bool):
                problems.append(Problem(f"{swhere}.step", "must be a step number"))
                continue
            if template is not None and not 1 <= number <= len(template.steps):
                problems.append(
                    Problem(f"{swhere}.step", f"{business_type} has steps 1–{len(template.steps)}, not {number}")
                )
            if number in seen_steps:
                problems.append(Problem(f"{swhere}.step", f"step {number} listed twice"))
            seen_steps.add(number)
            completed_at = _parse_datetime(rs.get("completed_at"))
            if completed_at is None:
                problems.append(Problem(f"{swhere}.completed_at", "must be an ISO 8601 date-time with a UTC offset"))
                continue
            steps.append(CompletedStep(number, completed_at))
        if len(problems) == start:
            assert created_at is not None  # a missing date is a problem
            records.append(
                OrderRecord(
                    wo_no,
                    customer_no,
                    customer_name,
                    address,
                    phone,
                    business_type,
                    created_at,
                    contract_end,
                    tuple(sorted(steps, key=lambda s: s.step)),
                    assignee,
                    team,
                )
            )
    return (records, []) if not problems else ([], problems)
