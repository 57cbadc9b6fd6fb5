"""Records rules as configuration: archival codes, retention table, DA/T 22, shelves, security."""

from __future__ import annotations

import tomllib

import pytest

from archivist_desktop.domain.records import (
    BoxKey,
    CodePattern,
    RecordsError,
    ShelfLocation,
    box_conflicts,
    check_security,
    gaps,
    item_range,
    parse_records_config,
)
from archivist_desktop.paths import resources_dir


@pytest.fixture
def cfg():
    with open(resources_dir() / "records.toml", "rb") as fh:
        config, problems = parse_records_config(tomllib.load(fh))
    assert problems == []
    return config


def test_archival_codes_follow_the_configured_rule_both_ways(cfg):
    code = cfg.archival_code("YK", 2026, "Y", 7)
    assert code == "Z109-YK-2026-Y-0007"
    assert cfg.parse_archival_code(code) == {
        "fonds": "Z109",
        "category": "YK",
        "year": 2026,
        "retention": "Y",
        "volume": 7,
    }
    assert cfg.box_no(2026, "D30", 12) == "Z109-2026-D30-H0012"
    with pytest.raises(RecordsError, match="pattern"):
        cfg.parse_archival_code("Z109-YK-26-Y-7")
    with pytest.raises(RecordsError, match="unknown retention"):
        cfg.archival_code("YK", 2026, "D5", 1)
    with pytest.raises(RecordsError, match="does not fit"):
        cfg.archival_code("YK", 2026, "Y", 10000)
    with pytest.raises(RecordsError, match="without spaces or '-'"):
        cfg.archival_code("Y-K", 2026, "Y", 1)


def test_a_different_organisation_changes_the_rule_not_the_code():
    pattern = CodePattern.compile(
        "{fonds}·{year}·{category}·{retention}·{volume:05d}",
        ("fonds", "category", "year", "retention", "volume"),
        "volume",
    )
    text = pattern.format(fonds="J012", year=2025, category="KH", retention="D10", volume=42)
    assert text == "J012·2025·KH·D10·00042" and pattern.parse(text)["volume"] == 42
    for bad in ("{fonds}-{year}", "{fonds}-{volume}", "{owner}-{volume:04d}", "{volume:04d}-{volume:04d}"):
        with pytest.raises(RecordsError):
            CodePattern.compile(bad, ("fonds", "year", "volume"), "volume")


def test_retention_table_by_business_type_with_a_default(cfg):
    assert cfg.retention_for("hv_new_connection").name_zh == "永久"
    assert cfg.retention_for("temporary_supply").code == "D10"
    assert cfg.retention_for("something_new").code == "D30"
    assert cfg.category_for("hv_new_connection") == "YK" and cfg.category_for("name_change") == "YX"


def test_config_problems_are_reported_by_field():
    config, problems = parse_records_config(
        {
            "fonds": "Z1",
            "organisation": "x",
            "default_category": "YX",
            "code_pattern": "{fonds}-{volume}",
            "box_pattern": "{box:03d}",
            "retention": [{"code": "Y", "name_zh": "永久", "name_en": "Permanent"}],
            "retention_by_type": {"a": "D99"},
            "default_retention": "Y",
            "default_security": "secret",
        }
    )
    assert config is None
    where = {p.location for p in problems}
    assert {"code_pattern", "retention_by_type.a", "default_security"} <= where


def test_boxes_never_mix_years_retention_or_organisations():
    box = BoxKey(2026, "Y", "国网示范市供电公司")
    assert box_conflicts(box, BoxKey(2026, "Y", "国网示范市供电公司")) == []
    (c,) = box_conflicts(box, BoxKey(2025, "Y", "国网示范市供电公司"))
    assert (c.field, c.box_value, c.volume_value) == ("year", 2026, 2025)
    fields = [c.field for c in box_conflicts(box, BoxKey(2025, "D10", "另一单位"))]
    assert fields == ["year", "retention", "organisation"]


def test_shelf_locations_parse_and_format():
    loc = ShelfLocation.parse(" a01 - 3 - 5 - 2 ")
    assert str(loc) == "A01-03-05-2" and loc.zh() == "A01库房 03列 05节 2层"
    assert ShelfLocation.parse(str(loc)) == loc
    for bad in ("A01-03-05", "A01/03/05/2", "A01-0-1-1", ""):
        with pytest.raises(RecordsError):
            ShelfLocation.parse(bad)


def test_security_levels_above_internal_are_refused():
    assert check_security("public") == "public" and check_security("internal") == "internal"
    with pytest.raises(RecordsError, match=r"classified.*机密"):
        check_security("confidential")
    with pytest.raises(RecordsError, match="unknown"):
        check_security("restricted")


def test_numbering_helpers():
    assert gaps([1, 2, 3]) == [] and gaps([1, 3, 6]) == [2, 4, 5] and gaps([]) == []
    assert item_range([3, 1, 2]) == "0001–0003" and item_range([5]) == "0005" and item_range([]) == ""
