"""Tailor's own reference-range table, keyed by LOINC code, unit, sex and age band.

The table (data/reference_ranges.csv, sources in data/README.md) is used only when
a result carries no range of its own (FHIR Observation.referenceRange); critical
limits and action levels always come from here.

Conventions (the same in every row):
- normal is low <= value <= high (an empty bound means "no limit on that side");
  "under 100" in a source is written as high = 99 at the precision labs report;
- critical: value < critical_low or value > critical_high;
- action levels ("harm anchors", Zikmund-Fisher et al. 2018): a value is past the
  action level when value >= action_high or value < action_low;
- age bands are [age_min_years, age_max_years); 200 means no upper bound.

Adults only: every row starts at 18 years. A child gets no row (lookup returns
None), so an adult range is never applied to a 1-year-old. When the age is not
known, only a row whose band covers every adult age (18 to 200) is used.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from assistant.errors import ResultsError, UnitError
from assistant.results.units import normalize_unit

DEFAULT_TABLE_PATH = Path(__file__).parent / "data" / "reference_ranges.csv"
ADULT_AGE_YEARS = 18.0
NO_UPPER_AGE = 200.0
SEXES = ("any", "female", "male")
_LOINC = re.compile(r"^\d{1,7}-\d$")

_SEX_SPELLINGS = {
    "female": "female", "f": "female", "woman": "female", "w": "female",
    "male": "male", "m": "male", "man": "male",
}


@dataclass(frozen=True)
class ReferenceRange:
    loinc: str
    name: str
    unit: str
    sex: str
    age_min_years: float
    age_max_years: float
    low: float | None
    high: float | None
    critical_low: float | None
    critical_high: float | None
    action_low: float | None
    action_high: float | None
    action_note: str | None
    source_url: str
    note: str | None = None  # plain-language caveat about the range itself (e.g. INR on warfarin)
    critical_source_url: str | None = None
    action_source_url: str | None = None

    def covers_age(self, age_years: float) -> bool:
        return self.age_min_years <= age_years < self.age_max_years


class _Row(BaseModel):
    """One CSV row, validated before it becomes a ReferenceRange."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    loinc: str
    name: str
    unit: str
    sex: str
    age_min_years: float
    age_max_years: float
    low: float | None = None
    high: float | None = None
    critical_low: float | None = None
    critical_high: float | None = None
    action_low: float | None = None
    action_high: float | None = None
    action_note: str | None = None
    note: str | None = None
    source_url: str
    critical_source_url: str | None = None
    action_source_url: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("loinc")
    @classmethod
    def _loinc_shape(cls, value: str) -> str:
        if not _LOINC.match(value):
            raise ValueError(f"'{value}' is not a LOINC code like 2339-0")
        return value

    @field_validator("name")
    @classmethod
    def _name_present(cls, value: str) -> str:
        if not value:
            raise ValueError("name is empty")
        return value

    @field_validator("unit")
    @classmethod
    def _unit_canonical(cls, value: str) -> str:
        try:
            canonical = normalize_unit(value)
        except UnitError as error:
            raise ValueError(str(error)) from None
        if canonical != value:
            raise ValueError(f"unit '{value}' must be written as its canonical UCUM code '{canonical}'")
        return value

    @field_validator("sex")
    @classmethod
    def _sex_known(cls, value: str) -> str:
        if value not in SEXES:
            raise ValueError(f"sex must be one of {', '.join(SEXES)}, not '{value}'")
        return value

    @field_validator("source_url", "critical_source_url", "action_source_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError(f"source address must start with https://, not '{value}'")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "_Row":
        if not 0 <= self.age_min_years < self.age_max_years <= NO_UPPER_AGE:
            raise ValueError("age band must satisfy 0 <= age_min_years < age_max_years <= 200")
        if self.low is None and self.high is None:
            raise ValueError("a row needs low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low is above high")
        if self.critical_low is not None and self.low is not None and self.critical_low > self.low:
            raise ValueError("critical_low is above low")
        if self.critical_high is not None and self.high is not None and self.critical_high < self.high:
            raise ValueError("critical_high is below high")
        if self.action_low is not None:
            if self.low is None or self.action_low > self.low:
                raise ValueError("action_low needs a low limit at or above it")
            if self.critical_low is not None and self.action_low < self.critical_low:
                raise ValueError("action_low is below critical_low")
        if self.action_high is not None:
            if self.high is None or self.action_high < self.high:
                raise ValueError("action_high needs a high limit at or below it")
            if self.critical_high is not None and self.action_high > self.critical_high:
                raise ValueError("action_high is above critical_high")
        if (self.action_low is not None or self.action_high is not None) and not self.action_note:
            raise ValueError("an action level needs an action_note")
        if self.action_note and self.action_low is None and self.action_high is None:
            raise ValueError("action_note given without an action level")
        return self

    def to_range(self) -> ReferenceRange:
        return ReferenceRange(**self.model_dump())


def normalize_sex(sex: str | None) -> str | None:
    """'female' | 'male' | None (unknown, other, or not given)."""
    if not isinstance(sex, str):
        return None
    return _SEX_SPELLINGS.get(sex.strip().lower())


class ReferenceRangeTable:
    """All rows of the table, indexed by LOINC code."""

    def __init__(self, rows: list[ReferenceRange], path: Path | None = None) -> None:
        self.path = path
        self._rows = tuple(rows)
        self._by_loinc: dict[str, list[ReferenceRange]] = {}
        for row in rows:
            self._by_loinc.setdefault(row.loinc, []).append(row)
        self._check_overlaps()

    @classmethod
    def load(cls, path: Path | None = None) -> "ReferenceRangeTable":
        path = Path(path) if path is not None else DEFAULT_TABLE_PATH
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ResultsError(f"cannot read the reference range table {path}: {error.strerror or error}") from None
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
        data_lines = [(number, line) for number, line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not data_lines:
            raise ResultsError(f"the reference range table {path} is empty")
        reader = csv.DictReader([line for _, line in data_lines])
        required = {"loinc", "name", "unit", "sex", "age_min_years", "age_max_years", "source_url"}
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise ResultsError(f"the reference range table {path} lacks the columns: {', '.join(sorted(missing))}")
        rows: list[ReferenceRange] = []
        for (line_number, _), record in zip(data_lines[1:], reader):
            if None in record:
                raise ResultsError(f"{path}, line {line_number}: more values than columns")
            try:
                rows.append(_Row.model_validate(record).to_range())
            except ValidationError as error:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in issue['loc']) or 'row'}: {issue['msg']}" for issue in error.errors()
                )
                loinc = (record.get("loinc") or "?").strip()
                raise ResultsError(f"{path}, line {line_number} (LOINC {loinc}): {problems}") from None
        return cls(rows, path)

    def _check_overlaps(self) -> None:
        for loinc, rows in self._by_loinc.items():
            for index, first in enumerate(rows):
                for second in rows[index + 1 :]:
                    if first.sex != second.sex:
                        continue
                    if first.age_min_years < second.age_max_years and second.age_min_years < first.age_max_years:
                        raise ResultsError(
                            f"reference range table: LOINC {loinc} has overlapping age bands for sex '{first.sex}'"
                        )

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return iter(self._rows)

    def rows_for(self, loinc: str) -> list[ReferenceRange]:
        return list(self._by_loinc.get(loinc.strip(), ()))

    def lookup(self, loinc: str, sex: str | None, age_years: float | None) -> ReferenceRange | None:
        """The most specific row for this person, or None (unknown test, child, unknown sex where it matters)."""
        rows = self._by_loinc.get(loinc.strip()) if isinstance(loinc, str) else None
        if not rows:
            return None
        if age_years is not None and age_years < 0:
            raise ResultsError(f"age cannot be negative ({age_years})")
        wanted_sex = normalize_sex(sex)
        candidates: list[ReferenceRange] = []
        for row in rows:
            if row.sex != "any" and row.sex != wanted_sex:
                continue
            if age_years is None:
                if not (row.age_min_years <= ADULT_AGE_YEARS and row.age_max_years >= NO_UPPER_AGE):
                    continue
            elif not row.covers_age(age_years):
                continue
            candidates.append(row)
        if not candidates:
            return None
        # exact sex beats "any"; then the narrowest age band
        return min(candidates, key=lambda row: (row.sex == "any", row.age_max_years - row.age_min_years))

    def known_loinc_codes(self) -> set[str]:
        return set(self._by_loinc)

    def name_for(self, loinc: str) -> str | None:
        rows = self._by_loinc.get(loinc.strip()) if isinstance(loinc, str) else None
        return rows[0].name if rows else None


__all__ = ["DEFAULT_TABLE_PATH", "ReferenceRange", "ReferenceRangeTable", "normalize_sex"]
