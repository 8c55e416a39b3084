"""A patient's result for one test, judged against its range and its own history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from assistant.results.catalog import LabCatalog
from assistant.results.flags import Assessment, Flag, Trend, assess, trend
from assistant.results.reference_ranges import ReferenceRangeTable


@dataclass(frozen=True)
class ResultSummary:
    result_id: int
    loinc: str
    name: str
    value: float | None
    value_text: str | None
    unit: str | None
    effective_on: date
    flag: Flag
    assessment: Assessment | None
    trend: Trend | None
    category: str
    held: bool  # the patient chose to wait for review, and nobody has reviewed it yet
    reviewed: bool

    @property
    def display_value(self) -> str:
        if self.value is None:
            return self.value_text or "no value"
        return f"{format_number(self.value)} {readable_unit(self.unit)}".strip()


# UCUM codes as patients read them; anything not listed is shown as written.
READABLE_UNITS = {
    "mL/min/{1.73_m2}": "mL/min/1.73 m²",
    "10*3/uL": "thousand per µL",
    "10*6/uL": "million per µL",
    "10*9/L": "billion per L",
    "m[IU]/L": "mIU/L",
    "u[IU]/mL": "µIU/mL",
    "[IU]/L": "IU/L",
    "ug/dL": "µg/dL",
    "umol/L": "µmol/L",
    "{INR}": "",
    "[pH]": "",
    "Cel": "°C",
    "mm[Hg]": "mmHg",
}


def readable_unit(unit: str | None) -> str:
    if not unit:
        return ""
    return READABLE_UNITS.get(unit, unit)


def format_number(value: float) -> str:
    magnitude = abs(value)
    digits = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def age_years(birth_date: date | None, on: date) -> float | None:
    if birth_date is None:
        return None
    return (on - birth_date).days / 365.25


def summarize(
    rows: Sequence,  # LabResult rows of ONE test for ONE patient, any order
    *,
    sex: str | None,
    birth_date: date | None,
    ranges: ReferenceRangeTable,
    catalog: LabCatalog,
    waiting_categories: set[str],
) -> ResultSummary:
    ordered = sorted(rows, key=lambda row: (_as_date(row.effective_at), row.id or 0))
    latest = ordered[-1]
    on = _as_date(latest.effective_at)
    assessment = None
    flag = Flag.UNKNOWN
    if latest.value is not None and latest.unit:
        assessment = assess(
            latest.value, latest.unit, latest.loinc, sex, age_years(birth_date, on), ranges,
            fhir_low=latest.reference_low, fhir_high=latest.reference_high, fhir_unit=latest.reference_unit,
        )
        flag = assessment.flag
    # One point per day (the last of the day): two draws on one day are not a trend.
    by_day = {_as_date(row.effective_at): (row.value, row.unit) for row in ordered if row.value is not None and row.unit}
    points = [(day, value, unit) for day, (value, unit) in sorted(by_day.items())]
    known = catalog.for_loinc(latest.loinc)
    table_name = ranges.name_for(latest.loinc)
    return ResultSummary(
        result_id=latest.id,
        loinc=latest.loinc,
        name=(known.name if known else None) or table_name or latest.display,
        value=latest.value,
        value_text=latest.value_text,
        unit=latest.unit,
        effective_on=on,
        flag=flag,
        assessment=assessment,
        trend=_safe_trend(points, latest.loinc),
        category=latest.result_category,
        held=latest.result_category in waiting_categories and latest.reviewed_at is None,
        reviewed=latest.reviewed_at is not None,
    )


def _safe_trend(points, loinc: str) -> Trend | None:
    from assistant.errors import UnitError

    try:
        return trend(points, loinc)
    except UnitError:
        return None  # units changed between results in a way we cannot convert: no trend


def _as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
