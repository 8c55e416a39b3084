import pytest

from assistant.errors import ResultsError, UnitError
from assistant.results.units import convert, normalize_unit, units_compatible

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "spelling, canonical",
    [
        ("mg/dl", "mg/dL"),
        ("MG/DL", "mg/dL"),
        ("g/dL", "g/dL"),
        ("mmol/l", "mmol/L"),
        ("mEq/L", "meq/L"),
        ("µmol/L", "umol/L"),
        ("IU/L", "[IU]/L"),
        ("U/L", "U/L"),
        ("mL/min/{1.73_m2}", "mL/min/{1.73_m2}"),
        ("mL/min/1.73m2", "mL/min/{1.73_m2}"),
        ("mL/min/1.73 m²", "mL/min/{1.73_m2}"),
        ("10*3/uL", "10*3/uL"),
        ("K/uL", "10*3/uL"),
        ("x10^9/L", "10*9/L"),
        ("M/uL", "10*6/uL"),
        ("%", "%"),
        ("mg/g", "mg/g"),
        ("ng/mL", "ng/mL"),
        ("pg", "pg"),
        ("fL", "fL"),
        ("uIU/mL", "u[IU]/mL"),
        ("mIU/L", "m[IU]/L"),
        ("ng/dL", "ng/dL"),
        ("pmol/L", "pmol/L"),
        ("mcg/dL", "ug/dL"),
        ("nmol/L", "nmol/L"),
        ("INR", "{INR}"),
        ("{INR}", "{INR}"),
        ("pH", "[pH]"),
        ("kg/m2", "kg/m2"),
        ("mmHg", "mm[Hg]"),
        ("/min", "/min"),
        ("kg", "kg"),
        ("cm", "cm"),
        ("Cel", "Cel"),
        ("{nominal}", "{nominal}"),
        ("kU/L", "kU/L"),
        (" mg / dL ", "mg/dL"),
    ],
)
def test_normalize_unit_spellings(spelling, canonical):
    assert normalize_unit(spelling) == canonical


@pytest.mark.parametrize("unit", ["foo", "", "   ", "mg/dLx", "bananas/L"])
def test_unknown_unit_raises_unit_error_naming_it(unit):
    with pytest.raises(UnitError) as caught:
        normalize_unit(unit)
    assert f"'{unit}'" in str(caught.value)
    assert isinstance(caught.value, ResultsError)


@pytest.mark.parametrize(
    "value, from_unit, to_unit, loinc, expected, tolerance",
    [
        (90, "mg/dL", "mmol/L", "2339-0", 5.0, 0.01),  # glucose / 18.0
        (5.0, "mmol/L", "mg/dL", "2339-0", 90.08, 0.05),
        (200, "mg/dL", "mmol/L", "2093-3", 5.17, 0.01),  # total cholesterol / 38.67
        (130, "mg/dL", "mmol/L", "18262-6", 3.36, 0.01),  # LDL
        (40, "mg/dL", "mmol/L", "2085-9", 1.03, 0.01),  # HDL
        (150, "mg/dL", "mmol/L", "2571-8", 1.69, 0.01),  # triglycerides / 88.57
        (1.0, "mg/dL", "umol/L", "38483-4", 88.4, 0.05),  # creatinine
        (88.4, "umol/L", "mg/dL", "2160-0", 1.0, 0.001),
        (14, "mg/dL", "mmol/L", "6299-2", 5.0, 0.01),  # urea nitrogen * 0.357
        (10, "mg/dL", "mmol/L", "49765-1", 2.495, 0.005),  # calcium * 0.2495
        (10, "mg/dL", "meq/L", "49765-1", 4.99, 0.01),  # calcium is divalent
        (140, "meq/L", "mmol/L", "2947-0", 140, 1e-9),  # sodium is monovalent
        (1.0, "mg/dL", "umol/L", "1975-2", 17.1, 0.01),  # bilirubin
        (100, "ug/dL", "umol/L", "2498-4", 17.9, 0.05),  # iron * 0.179
        (30, "ng/mL", "nmol/L", "1989-3", 74.9, 0.1),  # vitamin D * 2.496
        (1.0, "ng/dL", "pmol/L", "3024-7", 12.87, 0.01),  # free T4
        (6.5, "%", "mmol/mol", "4548-4", 47.5, 0.1),  # HbA1c NGSP -> IFCC
        (5.7, "%", "mmol/mol", "4548-4", 38.8, 0.1),
        (53, "mmol/mol", "%", "4548-4", 7.0, 0.01),
        (30, "mg/g", "mg/mmol", "14959-1", 3.39, 0.01),  # albumin/creatinine ratio
        (3.1, "g/L", "g/dL", None, 0.31, 1e-9),
        (3.1, "g/dL", "mg/dL", None, 3100, 1e-9),
        (40, "IU/L", "U/L", None, 40, 1e-9),
        (40, "U/L", "IU/L", "1742-6", 40, 1e-9),
        (2.5, "mIU/L", "uIU/mL", None, 2.5, 1e-9),
        (7.2, "K/uL", "10*9/L", None, 7.2, 1e-9),
        (45, "%", "1", None, 0.45, 1e-9),
        (75, "mL/min", "mL/min/{1.73_m2}", "33914-3", 75, 1e-9),  # Synthea writes eGFR as mL/min
        (37, "Cel", "[degF]", None, 98.6, 0.01),
        (150, "[lb_av]", "kg", None, 68.04, 0.01),
    ],
)
def test_conversions(value, from_unit, to_unit, loinc, expected, tolerance):
    assert convert(value, from_unit, to_unit, loinc) == pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize("unit", ["mg/dL", "mmol/L", "U/L", "10*3/uL", "%"])
def test_identity_after_normalisation(unit):
    assert convert(4.2, unit, unit) == 4.2
    assert convert(4.2, unit.lower(), unit, "2339-0") == 4.2


@pytest.mark.parametrize(
    "value, from_unit, to_unit, loinc",
    [
        (100, "mg/dL", "U/L", "2339-0"),  # different dimensions
        (100, "mg/dL", "U/L", None),
        (100, "mg/dL", "mmol/L", None),  # molar conversion needs the test
        (100, "mg/dL", "mmol/L", "1742-6"),  # ALT has no molar mass
        (2.0, "mIU/L", "U/L", "3016-3"),  # hormone units are not enzyme units
        (6.5, "%", "1", "4548-4"),  # HbA1c % is not a plain fraction
        (75, "mL/min", "mL/min/{1.73_m2}", None),  # only for eGFR codes
        (10, "mg/dL", "meq/L", "2339-0"),  # glucose has no charge
    ],
)
def test_inconvertible_raises_naming_both_units(value, from_unit, to_unit, loinc):
    with pytest.raises(UnitError) as caught:
        convert(value, from_unit, to_unit, loinc)
    message = str(caught.value)
    assert f"'{from_unit}'" in message and f"'{to_unit}'" in message
    if loinc:
        assert loinc in message
    assert not units_compatible(from_unit, to_unit, loinc)


@pytest.mark.parametrize(
    "from_unit, to_unit, loinc, compatible",
    [
        ("mg/dL", "mmol/L", "2339-0", True),
        ("IU/L", "U/L", None, True),
        ("g/L", "g/dL", "10834-0", True),
        ("mg/dL", "U/L", None, False),
        ("foo", "mg/dL", None, False),
    ],
)
def test_units_compatible(from_unit, to_unit, loinc, compatible):
    assert units_compatible(from_unit, to_unit, loinc) is compatible


def test_every_synthea_unit_is_known():
    synthea_units = [
        "mmol/L", "mg/dL", "mL/min", "mL/min/{1.73_m2}", "%", "g/L", "g/dL", "U/L", "IU/L", "mg/g",
        "fL", "10*3/uL", "pg", "10*6/uL", "ng/mL", "pH", "{nominal}", "M/uL", "K/uL", "pg/mL", "kU/L",
    ]
    for unit in synthea_units:
        normalize_unit(unit)
