"""Working days in mainland China: weekends, public holidays and their 调休 working days.

The year's arrangement comes first from an override file (``resources/holidays.toml``, for years
the calendar package does not know yet), then from the ``chinesecalendar`` package (import
``chinese_calendar``); for a year neither knows, Monday–Friday are working days and
``doctor`` warns.  Override file format, one table per year::

    [2027]
    holidays = [2027-01-01, 2027-02-15]   # days off (TOML dates or ISO strings)
    workdays = [2027-02-20]               # weekend days that are working days (调休)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]

from archivist_desktop.domain.templates import Problem, read_toml

OVERRIDE = "override"
PACKAGE = "package"


@dataclass(frozen=True)
class YearArrangement:
    """One year's days off and its weekend days that are working days (调休)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@cache
def package_knows(year: int) -> bool:
    """True when the calendar package has the official arrangement of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """Which days are working days: ``overrides`` first, then the package, else Monday–Friday.

    ``extra_holidays`` (the station's ``holidays`` setting) are days off in any case.
    """

    overrides: Mapping[int, YearArrangement] = field(default_factory=dict)
    extra_holidays: frozenset[date] = frozenset()
    use_package: bool = True

    def source(self, year: int) -> str | None:
        """Where ``year``'s arrangement comes from: ``override``, ``package`` or None (unknown)."""
        if year in self.overrides:
            return OVERRIDE
        if self.use_package and package_knows(year):
            return PACKAGE
        return None

    def knows(self, year: int) -> bool:
        return self.source(year) is not None

    def is_working(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        source = self.source(day.year)
        if source == OVERRIDE:
            arrangement = self.overrides[day.year]
            if day in arrangement.workdays:
                return True
            if day in arrangement.holidays:
                return False
        elif source == PACKAGE:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def unknown_years(self, today: date, days_ahead: int = 45) -> list[int]:
        """The years from ``today`` to ``days_ahead`` days later whose arrangement is unknown."""
        years = range(today.year, (today + timedelta(days=days_ahead)).year + 1)
        return [y for y in years if not self.knows(y)]


def _dates(value: object, where: str, problems: list[Problem]) -> frozenset[date]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        problems.append(Problem(where, "must be a list of dates"))
        return frozenset()
    out = set()
    for i, v in enumerate(value):
        if isinstance(v, date):
            out.add(v)
            continue
        try:
            out.add(date.fromisoformat(str(v)))
        except ValueError:
            problems.append(Problem(f"{where}[{i}]", f"not a date: {v!r}"))
    return frozenset(out)


def parse_overrides(data: Mapping[str, object]) -> tuple[dict[int, YearArrangement], list[Problem]]:
    """The per-year tables of an override file, and what is wrong with it (bad entries are skipped)."""
    problems: list[Problem] = []
    out: dict[int, YearArrangement] = {}
    for key, table in data.items():
        if not key.isdigit() or not isinstance(table, dict):
            problems.append(Problem(key, "expected a table named by a year, e.g. [2027]"))
            continue
        year = int(key)
        holidays = _dates(table.get("holidays"), f"{key}.holidays", problems)
        workdays = _dates(table.get("workdays"), f"{key}.workdays", problems)
        for d in sorted(holidays | workdays):
            if d.year != year:
                problems.append(Problem(key, f"{d.isoformat()} is not in {year}"))
        out[year] = YearArrangement(holidays, workdays)
    return out, problems


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int) -> tuple[dict[int, YearArrangement], tuple[Problem, ...]]:
    data, problems = read_toml(Path(path))
    if data is None:
        return {}, tuple(problems)
    overrides, problems = parse_overrides(data)
    return overrides, tuple(problems)


def load_overrides(path: Path) -> tuple[dict[int, YearArrangement], tuple[Problem, ...]]:
    """The override file's years (none when it is missing); read again only when it changes."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {}, ()
    return _load(str(path), mtime)


def working_calendar(override_file: Path | None, extra_holidays: Iterable[date] = ()) -> WorkingCalendar:
    overrides = load_overrides(override_file)[0] if override_file is not None else {}
    return WorkingCalendar(overrides, frozenset(extra_holidays))
