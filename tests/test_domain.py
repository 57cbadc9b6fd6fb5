from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from archivist_desktop.domain.orders import parse_feed
from archivist_desktop.domain.permissions import Permission, PermissionDenied, Role, parse_matrix
from archivist_desktop.domain.templates import load_template_file, load_templates, parse_template
from archivist_desktop.domain.workflow import (
    DeadlineState,
    add_working_days,
    contract_expiring,
    deadline_state,
    step_deadlines,
)
from archivist_desktop.paths import resources_dir

CST = timezone(timedelta(hours=8))
TEMPLATES = load_templates(resources_dir() / "templates")


def test_every_shipped_template_is_valid():
    expected = {
        "hv_new_connection",
        "hv_capacity_increase",
        "lv_residential_new_connection",
        "temporary_supply",
        "name_change",
        "transfer",
        "account_closure",
        "petroleum_direct_sales_customer",
    }
    assert expected <= set(TEMPLATES)


def test_hv_new_connection_matches_the_design_table():
    hv = TEMPLATES["hv_new_connection"]
    assert len(hv.steps) == 24
    assert [s.number for s in hv.steps] == list(range(1, 25))
    assert hv.step(2).name_zh == "现场勘查" and hv.step(2).time_limit_days == 2
    assert hv.step(5).time_limit_days == 15
    first = {d.id: d.required for d in hv.step(1).documents}
    assert first["application_form"] and not first["authorisation_letter"]
    assert hv.step(24).documents[0].name_zh == "移交清单"


def test_template_problems_have_locations():
    template, problems = parse_template(
        {
            "id": "Bad Id",
            "name_zh": "x",
            "steps": [
                {
                    "number": 2,
                    "name_zh": "a",
                    "name_en": "a",
                    "time_limit_days": -1,
                    "documents": [
                        {"id": "d", "name_zh": "d", "name_en": "d", "required": "yes"},
                        {"id": "d", "name_zh": "d", "name_en": "d"},
                    ],
                }
            ],
        }
    )
    assert template is None
    where = {p.location for p in problems}
    assert {
        "id",
        "name_en",
        "steps[0].number",
        "steps[0].time_limit_days",
        "steps[0].documents[0].required",
        "steps[0].documents[1].id",
    } <= where


def test_template_file_that_is_not_toml(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("id = \n")
    template, problems = load_template_file(path)
    assert template is None and "not valid TOML" in problems[0].message


def test_working_days_skip_weekends_and_holidays():
    fri = datetime(2026, 11, 27, 10, 0, tzinfo=CST)
    assert add_working_days(fri, 1) == datetime(2026, 11, 30, 10, 0, tzinfo=CST)  # Monday
    assert add_working_days(fri, 1.5) == datetime(2026, 11, 30, 22, 0, tzinfo=CST)
    holiday = frozenset({date(2026, 11, 30)})
    assert add_working_days(fri, 1, holiday) == datetime(2026, 12, 1, 10, 0, tzinfo=CST)
    sat = datetime(2026, 11, 28, 10, 0, tzinfo=CST)
    assert add_working_days(sat, 0.5) == datetime(2026, 11, 30, 12, 0, tzinfo=CST)


def test_step_deadline_states_at_80_and_100_percent():
    start = datetime(2026, 11, 2, 9, 0, tzinfo=CST)  # Monday
    warn_at, due_at = step_deadlines(start, 5)
    assert warn_at == add_working_days(start, 4)
    assert due_at == datetime(2026, 11, 9, 9, 0, tzinfo=CST)  # five working days, over a weekend
    assert deadline_state(warn_at - timedelta(seconds=1), warn_at, due_at) == DeadlineState.NORMAL
    assert deadline_state(warn_at, warn_at, due_at) == DeadlineState.WARNING
    assert deadline_state(due_at, warn_at, due_at) == DeadlineState.OVERDUE
    assert step_deadlines(start, None) == (None, None)


def test_contract_expiry_window():
    today = date(2026, 11, 4)
    assert contract_expiring(date(2027, 1, 3), today)  # 60 days ahead
    assert not contract_expiring(date(2027, 1, 4), today)
    assert not contract_expiring(date(2026, 11, 3), today)  # already ended
    assert not contract_expiring(None, today)


def test_feed_reports_every_problem_with_index_and_field(feed):
    feed["work_orders"][1]["business_type"] = "nope"
    feed["work_orders"][0]["created_at"] = "yesterday"
    feed["work_orders"][0]["steps"].append({"step": 99, "completed_at": "2026-11-05T10:00:00+08:00"})
    feed["work_orders"].append(dict(feed["work_orders"][0]))
    records, problems = parse_feed(feed, TEMPLATES)
    assert records == []
    where = [p.location for p in problems]
    assert "work_orders[1].business_type" in where
    assert "work_orders[0].created_at" in where
    assert "work_orders[0].steps[2].step" in where
    assert "work_orders[2].work_order_no" in where


def test_feed_needs_the_envelope():
    records, problems = parse_feed([1, 2], TEMPLATES)
    assert records == [] and problems[0].location == "work_orders"


def test_permission_matrix_defaults_and_overrides():
    matrix, problems = parse_matrix(
        {
            "roles": {r.value: {"default": ["read"]} for r in Role}
            | {"clerk": {"default": ["read", "upload"], "documents": {"hand_over_list": ["read"]}}}
        }
    )
    assert problems == []
    assert matrix.allowed(Role.CLERK, "application_form", Permission.UPLOAD)
    assert not matrix.allowed(Role.CLERK, "hand_over_list", Permission.UPLOAD)
    assert not matrix.allowed(Role.SUPERVISOR, "application_form", Permission.UPLOAD)
    with pytest.raises(PermissionDenied, match="may not download"):
        matrix.check(Role.CLERK, "application_form", Permission.DOWNLOAD)


def test_permission_matrix_rejects_unknown_names():
    matrix, problems = parse_matrix({"roles": {"wizard": {"default": ["fly"]}}})
    assert matrix is None
    assert {"roles.wizard", "roles.clerk"} <= {p.location for p in problems}


def test_role_rules_table_answers_the_role_questions():
    from archivist_desktop.domain.permissions import ROLE_RULES, Capability, Scope, can, roles_with, scope_for

    assert set(ROLE_RULES) == set(Role)
    assert roles_with(Capability.ARCHIVE_ROOM) == (Role.ARCHIVIST, Role.ADMIN)
    assert roles_with(Capability.ESCALATION_NOTICES) == (Role.CLERK, Role.TEAM_LEAD)
    assert can(Role.ADMIN, Capability.ALL_ESCALATIONS) and not can(Role.TEAM_LEAD, Capability.ALL_ESCALATIONS)
    assert scope_for(Role.CLERK, "T1") == Scope.OWN
    assert scope_for(Role.SUPERVISOR, "T1") == Scope.TEAM
    assert scope_for(Role.SUPERVISOR, None) == Scope.STATION  # a team scope without a team
    assert scope_for(Role.ARCHIVIST, "T1") == Scope.STATION


def test_reminder_categories_are_one_table_with_translated_labels():
    import xml.etree.ElementTree as ET

    from archivist_desktop.domain.workflow import Reminder
    from archivist_desktop.services.reminders import CATEGORIES, category

    assert [c.key for c in CATEGORIES] == list(Reminder)
    assert category("to_capture").escalates and category(Reminder.TO_CAPTURE).hidden_from == {Role.ARCHIVIST}
    ts = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "archivist_zh_CN.ts"
    labels = {
        m.findtext("source")
        for c in ET.parse(ts).getroot().iter("context")
        if c.findtext("name") == "Labels"
        for m in c.iter("message")
    }
    for c in CATEGORIES:
        assert c.label in labels and c.help in labels, f"{c.key.value}: run scripts/build_translations.py --update"
