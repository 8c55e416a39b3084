from datetime import date, datetime

import pytest

from assistant.errors import UnitError
from assistant.results.flags import Assessment, Flag, assess, trend
from assistant.results.reference_ranges import ReferenceRangeTable

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def table():
    return ReferenceRangeTable.load()


@pytest.mark.parametrize(
    "loinc, value, unit, sex, flag, borderline",
    [
        # potassium 3.7-5.2 mmol/L, critical < 3.0 / > 6.0, action 6.0
        ("6298-4", 3.7, "mmol/L", "female", Flag.NORMAL, False),  # low bound is normal
        ("6298-4", 5.2, "mmol/L", "female", Flag.NORMAL, False),  # high bound is normal
        ("6298-4", 3.6, "mmol/L", "female", Flag.LOW, False),  # no low action level -> not borderline
        ("6298-4", 5.3, "mmol/L", "female", Flag.HIGH, True),  # below the 6.0 action level
        ("6298-4", 6.0, "mmol/L", "female", Flag.HIGH, False),  # at the action level
        ("6298-4", 6.1, "mmol/L", "female", Flag.CRITICAL_HIGH, False),
        ("6298-4", 3.0, "mmol/L", "female", Flag.LOW, False),  # critical is strict
        ("6298-4", 2.9, "mmol/L", "female", Flag.CRITICAL_LOW, False),
        ("6298-4", 4.0, "meq/L", "female", Flag.NORMAL, False),
        # sodium critical < 120 / > 160
        ("2947-0", 119, "mmol/L", "male", Flag.CRITICAL_LOW, False),
        ("2947-0", 161, "mmol/L", "male", Flag.CRITICAL_HIGH, False),
        # glucose 70-99 mg/dL, action 126, critical 40/500; converted from mmol/L
        ("2339-0", 99, "mg/dL", "male", Flag.NORMAL, False),
        ("2339-0", 110, "mg/dL", "male", Flag.HIGH, True),
        ("2339-0", 130, "mg/dL", "male", Flag.HIGH, False),
        ("2339-0", 6.0, "mmol/L", "male", Flag.HIGH, True),  # 108 mg/dL
        ("2339-0", 39, "mg/dL", "male", Flag.CRITICAL_LOW, False),
        ("2339-0", 501, "mg/dL", "male", Flag.CRITICAL_HIGH, False),
        # LDL: high above 99, action 190
        ("18262-6", 162, "mg/dL", "male", Flag.HIGH, True),
        ("18262-6", 190, "mg/dL", "male", Flag.HIGH, False),
        ("18262-6", 4.2, "mmol/L", "male", Flag.HIGH, True),  # 162 mg/dL
        # HbA1c: prediabetes is borderline, diabetes is past the action level
        ("4548-4", 5.6, "%", "female", Flag.NORMAL, False),
        ("4548-4", 6.0, "%", "female", Flag.HIGH, True),
        ("4548-4", 6.5, "%", "female", Flag.HIGH, False),
        ("4548-4", 42, "mmol/mol", "female", Flag.HIGH, True),  # 6.0 %
        # eGFR: low below 90, action below 60; Synthea's bare mL/min accepted for this code
        ("33914-3", 75, "mL/min", "female", Flag.LOW, True),
        ("33914-3", 60, "mL/min/{1.73_m2}", "female", Flag.LOW, True),
        ("33914-3", 59, "mL/min/{1.73_m2}", "female", Flag.LOW, False),
        # vitamin D: low action level
        ("62292-8", 15, "ng/mL", "female", Flag.LOW, True),
        ("62292-8", 10, "ng/mL", "female", Flag.LOW, False),
        # hemoglobin by sex, critical < 7
        ("718-7", 13.0, "g/dL", "female", Flag.NORMAL, False),
        ("718-7", 13.0, "g/dL", "male", Flag.LOW, False),
        ("718-7", 6.9, "g/dL", "male", Flag.CRITICAL_LOW, False),
        # enzyme units: IU/L equals U/L
        ("1742-6", 40, "IU/L", "male", Flag.HIGH, True),
        ("1742-6", 30, "U/L", "male", Flag.NORMAL, False),
        # counts
        ("777-3", 19, "10*3/uL", "male", Flag.CRITICAL_LOW, False),
        ("777-3", 250, "x10^9/L", "male", Flag.NORMAL, False),
        ("6301-6", 5.5, "{INR}", "male", Flag.CRITICAL_HIGH, False),
    ],
)
def test_flags_at_boundaries(table, loinc, value, unit, sex, flag, borderline):
    result = assess(value, unit, loinc, sex, 50, table)
    assert result.flag is flag, result
    assert result.borderline is borderline, result
    assert result.range is not None and result.range_source == "table"
    assert result.value_in_range_unit is not None


def test_value_is_converted_into_the_range_unit(table):
    result = assess(5.0, "mmol/L", "2339-0", "male", 50, table)
    assert result.range.unit == "mg/dL"
    assert result.value_in_range_unit == pytest.approx(90.08, abs=0.01)
    assert result.flag is Flag.NORMAL


def test_globulin_in_g_per_litre_converts(table):
    assert assess(30, "g/L", "10834-0", "male", 60, table).flag is Flag.NORMAL


@pytest.mark.parametrize(
    "value, fhir_low, fhir_high, fhir_unit, flag",
    [
        (105, 70, 110, "mg/dL", Flag.NORMAL),  # lab range is wider than our table
        (95, 70, 90, "mg/dL", Flag.HIGH),  # lab range is narrower
        (95, 3.9, 5.0, "mmol/L", Flag.HIGH),  # lab range in another unit (5.0 mmol/L = 90 mg/dL)
        (65, 60, None, None, Flag.NORMAL),  # only a low limit; unit defaults to the value's
        (600, 70, 110, "mg/dL", Flag.CRITICAL_HIGH),  # critical limits still from our table
    ],
)
def test_lab_range_overrides_table(table, value, fhir_low, fhir_high, fhir_unit, flag):
    result = assess(value, "mg/dL", "2339-0", "male", 50, table, fhir_low, fhir_high, fhir_unit)
    assert result.flag is flag
    assert result.range_source == "lab"
    assert "lab" in result.note


def test_lab_range_for_a_test_we_do_not_know(table):
    result = assess(12, "kU/L", "6206-7", "female", 30, table, fhir_low=None, fhir_high=0.35, fhir_unit="kU/L")
    assert result.flag is Flag.HIGH
    assert result.range.high == 0.35
    assert result.range_source == "lab"


def test_lab_range_in_an_unusable_unit_falls_back_to_table(table):
    result = assess(95, "mg/dL", "2339-0", "male", 50, table, 70, 110, "U/L")
    assert result.flag is Flag.NORMAL
    assert result.range_source == "table"
    assert "could not be used" in result.note


@pytest.mark.parametrize(
    "value, unit, loinc, sex, age, note_part",
    [
        (5.0, "foo", "2339-0", "male", 50, "unknown unit 'foo'"),
        (5.0, "U/L", "2339-0", "male", 50, "'U/L'"),  # known unit, wrong dimension
        (5.0, "mg/dL", "99999-9", "male", 50, "no reference range is known"),
        (12.0, "g/dL", "718-7", "female", 1, "adults"),  # infant: no adult range applied
        (12.0, "g/dL", "718-7", None, 40, "sex"),
        (float("nan"), "g/dL", "718-7", "female", 40, "not a finite number"),
    ],
)
def test_unknown_flags_carry_a_note(table, value, unit, loinc, sex, age, note_part):
    result = assess(value, unit, loinc, sex, age, table)
    assert isinstance(result, Assessment)
    assert result.flag is Flag.UNKNOWN
    assert result.value_in_range_unit is None
    assert result.borderline is False
    assert note_part in result.note


def test_unknown_unit_never_compares_even_with_a_lab_range(table):
    result = assess(5.0, "foo", "2339-0", "male", 50, table, 70, 99, "mg/dL")
    assert result.flag is Flag.UNKNOWN


@pytest.mark.parametrize(
    "points, loinc, direction, change, unit, previous, days",
    [
        ([(date(2020, 1, 1), 150, "mg/dL"), (date(2020, 7, 1), 170, "mg/dL")], "18262-6", "up", 20, "mg/dL", 150, 182),
        ([(date(2020, 7, 1), 6.1, "%"), (date(2020, 1, 1), 7.0, "%")], "4548-4", "down", -0.9, "%", 7.0, 182),
        ([(date(2020, 1, 1), 100, "mg/dL"), (date(2020, 2, 1), 102, "mg/dL")], "2339-0", "steady", 2, "mg/dL", 100, 31),
        # previous in mg/dL, latest in mmol/L: 90 mg/dL = 5.0 mmol/L
        ([(date(2020, 1, 1), 90, "mg/dL"), (date(2020, 3, 1), 6.0, "mmol/L")], "2339-0", "up", 1.0, "mmol/L", 5.0, 60),
        ([(date(2020, 1, 1), 90, "mg/dL"), (date(2020, 3, 1), 5.05, "mmol/L")], "2339-0", "steady", 0.05, "mmol/L", 5.0, 60),
        # only the latest two count
        (
            [(date(2019, 1, 1), 300, "mg/dL"), (date(2020, 1, 1), 100, "mg/dL"), (date(2021, 1, 1), 120, "mg/dL")],
            "2571-8", "up", 20, "mg/dL", 100, 366,
        ),
        ([(datetime(2020, 1, 1, 9), 40, "IU/L"), (datetime(2020, 1, 11, 9), 30, "U/L")], "1742-6", "down", -10, "U/L", 40, 10),
    ],
)
def test_trend(points, loinc, direction, change, unit, previous, days):
    result = trend(points, loinc)
    assert result.direction == direction
    assert result.change == pytest.approx(change, abs=0.01)
    assert result.unit == unit
    assert result.previous_value == pytest.approx(previous, abs=0.01)
    assert result.days_between == days
    assert type(result.previous_date) is date


@pytest.mark.parametrize("points", [[], [(date(2020, 1, 1), 5.0, "mmol/L")]])
def test_trend_needs_two_points(points):
    assert trend(points, "2339-0") is None


def test_trend_with_inconvertible_units_raises():
    with pytest.raises(UnitError):
        trend([(date(2020, 1, 1), 90, "mg/dL"), (date(2020, 2, 1), 40, "U/L")], "2339-0")
