"""Flag one result against its reference range, and describe the trend between results.

Boundaries follow reference_ranges.py: normal is low <= value <= high; critical is
strictly past the critical limit; a value outside the range is "borderline" when it
has not reached the action level (value < action_high, or value >= action_low).

A result is never compared in a unit we cannot convert: an unknown or inconvertible
unit gives Flag.UNKNOWN with a note saying why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from assistant.errors import UnitError
from assistant.results.reference_ranges import ReferenceRange, ReferenceRangeTable
from assistant.results.units import convert, normalize_unit

STEADY_RELATIVE_CHANGE = 0.03
LAB_RANGE_SOURCE = "lab report (FHIR Observation.referenceRange)"


class Flag(StrEnum):
    CRITICAL_LOW = "critical-low"
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL_HIGH = "critical-high"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Assessment:
    flag: Flag
    value_in_range_unit: float | None
    range: ReferenceRange | None
    borderline: bool
    note: str | None
    range_source: str | None = None  # "lab" (the result's own range) | "table" (ours) | None

    @property
    def is_critical(self) -> bool:
        return self.flag in (Flag.CRITICAL_LOW, Flag.CRITICAL_HIGH)


def _unknown(note: str, range_: ReferenceRange | None = None) -> Assessment:
    return Assessment(Flag.UNKNOWN, None, range_, False, note, None)


def assess(
    value: float,
    unit: str,
    loinc: str,
    sex: str | None,
    age_years: float | None,
    table: ReferenceRangeTable,
    fhir_low: float | None = None,
    fhir_high: float | None = None,
    fhir_unit: str | None = None,
) -> Assessment:
    """Flag `value` (in `unit`) for this person; the lab's own range wins over our table for low/high."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return _unknown(f"the value '{value}' is not a number")
    if not math.isfinite(value):
        return _unknown("the value is not a finite number")

    table_range = table.lookup(loinc, sex, age_years)
    has_lab_range = fhir_low is not None or fhir_high is not None

    if table_range is None and not has_lab_range:
        if loinc not in table.known_loinc_codes():
            return _unknown(f"no reference range is known for this test (LOINC {loinc})")
        return _unknown(
            f"no reference range in our table fits this person (LOINC {loinc}); "
            "the table covers adults 18 and over, and some tests need the person's sex"
        )

    try:
        value_unit = normalize_unit(unit)
    except UnitError as error:
        return _unknown(f"{error}; the result was not compared", table_range)

    notes: list[str] = []
    range_unit = table_range.unit if table_range is not None else None
    low = table_range.low if table_range is not None else None
    high = table_range.high if table_range is not None else None
    range_source = "table"

    if has_lab_range:
        lab_unit_raw = fhir_unit if fhir_unit else unit
        try:
            lab_unit = normalize_unit(lab_unit_raw)
            target = range_unit or lab_unit
            lab_low = convert(fhir_low, lab_unit, target, loinc) if fhir_low is not None else None
            lab_high = convert(fhir_high, lab_unit, target, loinc) if fhir_high is not None else None
        except UnitError as error:
            if table_range is None:
                return _unknown(f"the lab's range could not be used: {error}")
            notes.append(f"the lab's own range could not be used ({error}); our table was used instead")
        else:
            range_unit, low, high, range_source = target, lab_low, lab_high, "lab"

    try:
        value_in_range_unit = convert(value, value_unit, range_unit, loinc)
    except UnitError as error:
        return _unknown(str(error), table_range)

    critical_low = table_range.critical_low if table_range is not None else None
    critical_high = table_range.critical_high if table_range is not None else None
    action_low = table_range.action_low if table_range is not None else None
    action_high = table_range.action_high if table_range is not None else None

    if critical_low is not None and value_in_range_unit < critical_low:
        flag = Flag.CRITICAL_LOW
    elif critical_high is not None and value_in_range_unit > critical_high:
        flag = Flag.CRITICAL_HIGH
    elif low is not None and value_in_range_unit < low:
        flag = Flag.LOW
    elif high is not None and value_in_range_unit > high:
        flag = Flag.HIGH
    else:
        flag = Flag.NORMAL

    borderline = (flag is Flag.HIGH and action_high is not None and value_in_range_unit < action_high) or (
        flag is Flag.LOW and action_low is not None and value_in_range_unit >= action_low
    )

    if table_range is not None:
        used = table_range if range_source == "table" else replace(table_range, low=low, high=high, unit=range_unit)
    else:
        used = ReferenceRange(
            loinc=loinc, name=table.name_for(loinc) or f"LOINC {loinc}", unit=range_unit, sex="any",
            age_min_years=0.0, age_max_years=200.0, low=low, high=high, critical_low=None, critical_high=None,
            action_low=None, action_high=None, action_note=None, source_url=LAB_RANGE_SOURCE,
        )
    if range_source == "lab":
        notes.append("range from the lab report")
    return Assessment(flag, value_in_range_unit, used, borderline, "; ".join(notes) or None, range_source)


@dataclass(frozen=True)
class Trend:
    direction: str  # "up" | "down" | "steady"
    change: float  # latest - previous, in the latest's unit
    unit: str
    previous_value: float
    previous_date: date
    days_between: int


def _as_date(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def trend(points: list[tuple[date, float, str]], loinc: str) -> Trend | None:
    """Latest result against the one before it; None with fewer than two points.

    Raises UnitError when the two results' units cannot be converted (never a silent comparison).
    """
    if len(points) < 2:
        return None
    ordered = sorted(points, key=lambda point: _as_date(point[0]))
    (prev_date, prev_value, prev_unit), (last_date, last_value, last_unit) = ordered[-2], ordered[-1]
    unit = normalize_unit(last_unit)
    previous = convert(prev_value, prev_unit, unit, loinc)
    change = float(last_value) - previous
    if previous == 0:
        relative = 0.0 if change == 0 else math.inf
    else:
        relative = abs(change) / abs(previous)
    if relative < STEADY_RELATIVE_CHANGE:
        direction = "steady"
    else:
        direction = "up" if change > 0 else "down"
    return Trend(
        direction=direction,
        change=change,
        unit=unit,
        previous_value=previous,
        previous_date=_as_date(prev_date),
        days_between=(_as_date(last_date) - _as_date(prev_date)).days,
    )


__all__ = ["Assessment", "Flag", "Trend", "assess", "trend"]
