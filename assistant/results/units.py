"""UCUM-aware unit handling for lab results: normalise spellings, convert, check compatibility.

Three kinds of conversion are supported, tried in this order:

1. Identity: the two units are the same after normalisation.
2. Special cases that are not a plain factor:
   - HbA1c NGSP percent <-> IFCC mmol/mol (the NGSP/IFCC master equation,
     NGSP = 0.09148 * IFCC + 2.152, http://www.ngsp.org/ifcc.asp);
   - body temperature Cel <-> [degF];
   - eGFR reported as plain "mL/min" for a LOINC code that is by definition
     "per 1.73 m2" (Synthea does this): treated as mL/min/{1.73_m2};
   - urine albumin/creatinine ratio mg/g <-> mg/mmol (creatinine 113.12 g/mol).
3. Dimensional conversions inside one family (g/L <-> g/dL <-> mg/dL, U/L <-> IU/L,
   mIU/L <-> uIU/mL, 10*3/uL <-> 10*9/L, ...), then analyte-specific molar
   conversions (mass <-> substance <-> equivalents), which need the LOINC code:
   the factor is derived from the analyte's molar mass, which reproduces the
   published SI conversion factors (JAMA/AMA SI table): glucose 0.0555
   (1/18.02), cholesterol 0.02586 (1/38.67), triglycerides 0.01129 (1/88.57),
   creatinine 88.4, urea nitrogen 0.357, calcium 0.2495, bilirubin 17.1,
   iron 0.179, 25-OH vitamin D 2.496, free T4 12.87, uric acid 59.48,
   phosphorus 0.3229, magnesium 0.4114.

Anything else raises UnitError naming both units and the test: a value is never
compared in a unit we cannot vouch for.

Enzyme activities: "IU/L" is kept distinct from "U/L" (canonical "[IU]/L" vs "U/L")
but the two are declared equivalent (factor 1), the clinical-chemistry convention
(1 IU = 1 U = 1 umol/min). Hormone international units (m[IU]/L, u[IU]/mL, TSH)
are a separate, arbitrary family and never convert to enzyme units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.errors import UnitError

# --------------------------------------------------------------------------------------
# Unit families: canonical UCUM code -> factor to the family's base unit.
# Two units convert by a plain factor only when some family holds both.
# --------------------------------------------------------------------------------------
_FAMILIES: dict[str, dict[str, float]] = {
    "mass_concentration": {  # base g/L
        "g/L": 1.0,
        "g/dL": 10.0,
        "mg/mL": 1.0,
        "mg/dL": 1e-2,
        "mg/L": 1e-3,
        "ug/mL": 1e-3,
        "ug/dL": 1e-5,
        "ug/L": 1e-6,
        "ng/mL": 1e-6,
        "ng/dL": 1e-8,
        "ng/L": 1e-9,
        "pg/mL": 1e-9,
    },
    "substance_concentration": {  # base mol/L
        "mol/L": 1.0,
        "mmol/L": 1e-3,
        "umol/L": 1e-6,
        "nmol/L": 1e-9,
        "pmol/L": 1e-12,
    },
    "equivalent_concentration": {"eq/L": 1.0, "meq/L": 1e-3},  # base eq/L
    "number_concentration": {  # base /L
        "/L": 1.0,
        "/uL": 1e6,
        "10*3/uL": 1e9,
        "10*9/L": 1e9,
        "10*6/uL": 1e12,
        "10*12/L": 1e12,
    },
    "enzyme_activity": {  # base U/L; [IU]/L declared equivalent for enzymes
        "U/L": 1.0,
        "[IU]/L": 1.0,
        "mU/mL": 1.0,
        "ukat/L": 60.0,
    },
    "international_units": {  # arbitrary hormone units; base [IU]/L
        "[IU]/L": 1.0,
        "[IU]/mL": 1e3,
        "m[IU]/mL": 1.0,
        "m[IU]/L": 1e-3,
        "u[IU]/mL": 1e-3,
    },
    "fraction": {"1": 1.0, "%": 1e-2, "L/L": 1.0},
    "substance_fraction": {"mol/mol": 1.0, "mmol/mol": 1e-3},
    "mass_ratio": {"g/g": 1.0, "mg/g": 1e-3, "ug/mg": 1e-3},
    "mass_per_substance": {"mg/mmol": 1.0},
    "entitic_volume": {"fL": 1.0},
    "entitic_mass": {"pg": 1.0},
    "egfr": {"mL/min/{1.73_m2}": 1.0, "mL/s/{1.73_m2}": 60.0},
    "volume_flow": {"mL/min": 1.0, "mL/s": 60.0},
    "mass": {"kg": 1.0, "g": 1e-3, "mg": 1e-6, "[lb_av]": 0.45359237, "[oz_av]": 0.028349523125},
    "length": {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "[in_i]": 0.0254, "[ft_i]": 0.3048},
    "body_mass_index": {"kg/m2": 1.0},
    "pressure": {"mm[Hg]": 1.0, "kPa": 7.500615758},
    "rate": {"/min": 1.0},
    "time": {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0},
    "sedimentation_rate": {"mm/h": 1.0},
    "inr": {"{INR}": 1.0},
    "ph": {"[pH]": 1.0},
    "specific_gravity": {"{nominal}": 1.0},
    "allergen_ige": {"kU/L": 1.0},
    "temperature": {"Cel": 1.0, "[degF]": 1.0},  # affine: handled specially, never by factor
}

CANONICAL_UNITS: frozenset[str] = frozenset(unit for family in _FAMILIES.values() for unit in family)

# Common spellings -> canonical UCUM code. Keys are compared after _clean() and lower-casing.
_ALIASES: dict[str, str] = {
    # mass concentration
    "g/dl": "g/dL", "gm/dl": "g/dL", "gram/dl": "g/dL", "g/100ml": "g/dL",
    "g/l": "g/L", "gm/l": "g/L",
    "mg/dl": "mg/dL", "mg/100ml": "mg/dL", "mg%": "mg/dL",
    "mg/l": "mg/L", "mg/ml": "mg/mL",
    "ug/dl": "ug/dL", "mcg/dl": "ug/dL",
    "ug/l": "ug/L", "mcg/l": "ug/L",
    "ug/ml": "ug/mL", "mcg/ml": "ug/mL",
    "ng/ml": "ng/mL", "ng/dl": "ng/dL", "ng/l": "ng/L",
    "pg/ml": "pg/mL",
    # substance concentration
    "mol/l": "mol/L", "mmol/l": "mmol/L", "umol/l": "umol/L", "mcmol/l": "umol/L",
    "nmol/l": "nmol/L", "pmol/l": "pmol/L",
    "meq/l": "meq/L", "eq/l": "eq/L",
    # number concentration
    "10*3/ul": "10*3/uL", "10^3/ul": "10*3/uL", "x10^3/ul": "10*3/uL", "x10*3/ul": "10*3/uL",
    "10e3/ul": "10*3/uL", "k/ul": "10*3/uL", "k/mcl": "10*3/uL", "thou/ul": "10*3/uL",
    "10*3/mm3": "10*3/uL", "10^3/mm3": "10*3/uL", "1000/ul": "10*3/uL",
    "10*9/l": "10*9/L", "10^9/l": "10*9/L", "x10^9/l": "10*9/L", "x10*9/l": "10*9/L", "10e9/l": "10*9/L",
    "10*6/ul": "10*6/uL", "10^6/ul": "10*6/uL", "x10^6/ul": "10*6/uL", "x10*6/ul": "10*6/uL",
    "10e6/ul": "10*6/uL", "m/ul": "10*6/uL", "m/mcl": "10*6/uL", "mill/ul": "10*6/uL", "10*6/mm3": "10*6/uL",
    "10*12/l": "10*12/L", "10^12/l": "10*12/L", "x10^12/l": "10*12/L", "x10*12/l": "10*12/L",
    "/ul": "/uL", "/mm3": "/uL", "cells/ul": "/uL", "/l": "/L",
    # enzyme activity and international units
    "u/l": "U/L", "units/l": "U/L", "unit/l": "U/L",
    "iu/l": "[IU]/L", "[iu]/l": "[IU]/L",
    "mu/ml": "mU/mL", "ukat/l": "ukat/L",
    "iu/ml": "[IU]/mL", "[iu]/ml": "[IU]/mL",
    "miu/l": "m[IU]/L", "m[iu]/l": "m[IU]/L", "mu/l": "m[IU]/L",
    "miu/ml": "m[IU]/mL", "m[iu]/ml": "m[IU]/mL",
    "uiu/ml": "u[IU]/mL", "u[iu]/ml": "u[IU]/mL", "mciu/ml": "u[IU]/mL", "microiu/ml": "u[IU]/mL",
    "uu/ml": "u[IU]/mL",
    # fractions and ratios
    "%": "%", "percent": "%", "1": "1", "l/l": "L/L",
    "mmol/mol": "mmol/mol", "mol/mol": "mol/mol",
    "mg/g": "mg/g", "mg/g{creat}": "mg/g", "mg/g creat": "mg/g", "mg/g creatinine": "mg/g",
    "ug/mg": "ug/mg", "ug/mg{creat}": "ug/mg", "mcg/mg": "ug/mg", "g/g": "g/g",
    "mg/mmol": "mg/mmol", "mg/mmol{creat}": "mg/mmol", "mg/mmol creat": "mg/mmol",
    # red cell indices
    "fl": "fL", "um3": "fL", "fl/cell": "fL",
    "pg": "pg", "pg/cell": "pg",
    # kidney filtration
    "ml/min/{1.73_m2}": "mL/min/{1.73_m2}", "ml/min/1.73m2": "mL/min/{1.73_m2}",
    "ml/min/1.73_m2": "mL/min/{1.73_m2}", "ml/min/{1.73m2}": "mL/min/{1.73_m2}",
    "ml/min/1.73 m2": "mL/min/{1.73_m2}", "ml/min/1.73": "mL/min/{1.73_m2}",
    "ml/min per 1.73 m2": "mL/min/{1.73_m2}", "ml/min/1.73sqm": "mL/min/{1.73_m2}",
    "ml/min/1.73 sq m": "mL/min/{1.73_m2}", "ml/min/bsa": "mL/min/{1.73_m2}",
    "ml/s/{1.73_m2}": "mL/s/{1.73_m2}", "ml/s/1.73m2": "mL/s/{1.73_m2}",
    "ml/min": "mL/min", "ml/s": "mL/s",
    # vitals
    "kg": "kg", "g": "g", "mg": "mg", "[lb_av]": "[lb_av]", "lb": "[lb_av]", "lbs": "[lb_av]",
    "[oz_av]": "[oz_av]", "oz": "[oz_av]",
    "m": "m", "cm": "cm", "mm": "mm", "[in_i]": "[in_i]", "in": "[in_i]", "inch": "[in_i]",
    "[ft_i]": "[ft_i]", "ft": "[ft_i]",
    "kg/m2": "kg/m2", "kg/m^2": "kg/m2",
    "mm[hg]": "mm[Hg]", "mmhg": "mm[Hg]", "mm hg": "mm[Hg]", "kpa": "kPa",
    "/min": "/min", "{beats}/min": "/min", "beats/min": "/min", "bpm": "/min",
    "{breaths}/min": "/min", "breaths/min": "/min", "/min{beats}": "/min",
    "s": "s", "sec": "s", "seconds": "s", "min": "min", "h": "h", "hr": "h", "d": "d",
    "mm/h": "mm/h", "mm/hr": "mm/h",
    "cel": "Cel", "degc": "Cel", "°c": "Cel", "c": "Cel",
    "[degf]": "[degF]", "degf": "[degF]", "°f": "[degF]", "f": "[degF]",
    # dimensionless specials
    "{inr}": "{INR}", "inr": "{INR}", "{ratio}": "1", "ratio": "1",
    "[ph]": "[pH]", "ph": "[pH]",
    "{nominal}": "{nominal}", "{sg}": "{nominal}",
    "ku/l": "kU/L", "kua/l": "kU/L", "ku[a]/l": "kU/L", "k[iu]/l": "kU/L", "kiu/l": "kU/L",
}


def _clean(unit: str) -> str:
    text = unicodedata_normalize(unit).strip()
    text = text.replace("µ", "u").replace("μ", "u").replace("²", "2").replace("³", "3")
    text = text.replace("\u200b", "")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text


def unicodedata_normalize(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text) if text else text


def normalize_unit(unit: str) -> str:
    """Canonical UCUM code for a unit spelling; UnitError if the unit is unknown."""
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError(f"unknown unit '{unit}'")
    raw = _clean(unit)
    # "µ" -> "u" and friends can turn a spelling into a canonical code; "mu/l" style
    # case-sensitive codes are only accepted in their exact canonical spelling first.
    if raw in CANONICAL_UNITS:
        return raw
    canonical = _ALIASES.get(raw.lower())
    if canonical is None:
        raise UnitError(f"unknown unit '{unit}'")
    return canonical


def is_known_unit(unit: str) -> bool:
    try:
        normalize_unit(unit)
    except UnitError:
        return False
    return True


# --------------------------------------------------------------------------------------
# Analytes whose conversions need the test's identity (LOINC code).
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Analyte:
    name: str
    molar_mass: float | None  # g/mol; None: no mass <-> substance conversion
    valence: int | None  # charge for mmol/L <-> meq/L; None: no equivalents
    loincs: frozenset[str]


def _analyte(name: str, molar_mass: float | None, valence: int | None, *codes: str) -> _Analyte:
    return _Analyte(name, molar_mass, valence, frozenset(codes))


_ANALYTES: tuple[_Analyte, ...] = (
    _analyte("glucose", 180.156, None, "2339-0", "2345-7", "1558-6", "2341-6", "15074-8", "14749-6", "5792-7"),
    _analyte(
        "cholesterol", 386.65, None,
        "2093-3", "18262-6", "13457-7", "2089-1", "2085-9", "14647-2", "22748-8", "14646-4", "43396-1",
    ),
    _analyte("triglycerides", 885.7, None, "2571-8", "14927-8"),
    _analyte("creatinine", 113.12, None, "38483-4", "2160-0", "14682-9"),
    _analyte("urea nitrogen", 28.014, None, "6299-2", "3094-0", "14937-7"),
    _analyte("calcium", 40.078, 2, "49765-1", "17861-6", "2000-8"),
    _analyte("bilirubin", 584.66, None, "1975-2", "42719-5", "1968-7", "14631-6", "20505-4"),
    _analyte("iron", 55.845, None, "2498-4", "2500-7", "14798-3"),
    _analyte("25-hydroxy vitamin D", 400.64, None, "1989-3", "62292-8", "14635-7"),
    _analyte("free T4", 776.87, None, "3024-7", "14920-3"),
    _analyte("sodium", 22.990, 1, "2947-0", "2951-2"),
    _analyte("potassium", 39.098, 1, "6298-4", "2823-3"),
    _analyte("chloride", 35.453, 1, "2069-3", "2075-0"),
    _analyte("carbon dioxide (bicarbonate)", 61.017, 1, "20565-8", "2028-9", "1963-8"),
    _analyte("anion gap", None, 1, "33037-3"),
    _analyte("magnesium", 24.305, 2, "19123-9", "2601-3"),
    _analyte("phosphorus", 30.974, None, "2777-1", "14879-1"),
    _analyte("uric acid", 168.11, None, "3084-1", "14933-6"),
)
_ANALYTE_BY_LOINC: dict[str, _Analyte] = {code: a for a in _ANALYTES for code in a.loincs}

HBA1C_LOINCS: frozenset[str] = frozenset({"4548-4", "17856-6", "59261-8", "41995-2", "4549-2"})
EGFR_LOINCS: frozenset[str] = frozenset(
    {"33914-3", "62238-1", "98979-8", "48642-3", "48643-1", "50044-7", "88293-6", "88294-4", "69405-9"}
)
ALBUMIN_CREATININE_RATIO_LOINCS: frozenset[str] = frozenset({"14959-1", "9318-7", "32294-1", "14958-3"})
_CREATININE_MOLAR_MASS = 113.12  # g/mol

# NGSP/IFCC master equation (http://www.ngsp.org/ifcc.asp): NGSP% = 0.09148 * IFCC + 2.152
_NGSP_SLOPE = 0.09148
_NGSP_INTERCEPT = 2.152

_MOLAR_KINDS = ("mass_concentration", "substance_concentration", "equivalent_concentration")


def _family_of(unit: str, families: tuple[str, ...] | None = None) -> tuple[str, float] | None:
    for family, factors in _FAMILIES.items():
        if families is not None and family not in families:
            continue
        if unit in factors:
            return family, factors[unit]
    return None


def _test_label(loinc: str | None) -> str:
    if not loinc:
        return "this test"
    analyte = _ANALYTE_BY_LOINC.get(loinc)
    if analyte:
        return f"{analyte.name} (LOINC {loinc})"
    if loinc in HBA1C_LOINCS:
        return f"HbA1c (LOINC {loinc})"
    if loinc in EGFR_LOINCS:
        return f"eGFR (LOINC {loinc})"
    if loinc in ALBUMIN_CREATININE_RATIO_LOINCS:
        return f"urine albumin/creatinine ratio (LOINC {loinc})"
    return f"LOINC {loinc}"


def _cannot(value_from: str, value_to: str, loinc: str | None, why: str = "") -> UnitError:
    reason = f" ({why})" if why else ""
    return UnitError(
        f"cannot convert {_test_label(loinc)} from '{value_from}' to '{value_to}'{reason}; "
        "the result was not compared"
    )


def _to_molar(value: float, unit: str, analyte: _Analyte) -> float | None:
    """Value in mol/L, or None when this analyte cannot express `unit` as substance."""
    found = _family_of(unit, _MOLAR_KINDS)
    if found is None:
        return None
    family, factor = found
    base = value * factor
    if family == "substance_concentration":
        return base
    if family == "mass_concentration" and analyte.molar_mass:
        return base / analyte.molar_mass
    if family == "equivalent_concentration" and analyte.valence:
        return base / analyte.valence
    return None


def _from_molar(mol_per_l: float, unit: str, analyte: _Analyte) -> float | None:
    found = _family_of(unit, _MOLAR_KINDS)
    if found is None:
        return None
    family, factor = found
    if family == "substance_concentration":
        return mol_per_l / factor
    if family == "mass_concentration" and analyte.molar_mass:
        return mol_per_l * analyte.molar_mass / factor
    if family == "equivalent_concentration" and analyte.valence:
        return mol_per_l * analyte.valence / factor
    return None


def convert(value: float, from_unit: str, to_unit: str, loinc: str | None = None) -> float:
    """`value` expressed in `to_unit`; UnitError naming both units when no conversion is known."""
    source = normalize_unit(from_unit)
    target = normalize_unit(to_unit)
    value = float(value)
    if source == target:
        return value
    loinc = loinc.strip() if isinstance(loinc, str) and loinc.strip() else None

    # HbA1c: NGSP % and IFCC mmol/mol are different scales, related by the master equation.
    if loinc in HBA1C_LOINCS:
        if (source, target) == ("%", "mmol/mol"):
            return (value - _NGSP_INTERCEPT) / _NGSP_SLOPE
        if (source, target) == ("mmol/mol", "%"):
            return _NGSP_SLOPE * value + _NGSP_INTERCEPT
        raise _cannot(from_unit, to_unit, loinc, "HbA1c is reported in % (NGSP) or mmol/mol (IFCC)")

    if {source, target} == {"Cel", "[degF]"}:
        return value * 9 / 5 + 32 if source == "Cel" else (value - 32) * 5 / 9

    if loinc in EGFR_LOINCS and {source, target} <= {"mL/min", "mL/s", "mL/min/{1.73_m2}", "mL/s/{1.73_m2}"}:
        # The LOINC code itself says "per 1.73 m2"; a bare mL/min is a labelling shortcut.
        per_min = {"mL/min": 1.0, "mL/s": 60.0, "mL/min/{1.73_m2}": 1.0, "mL/s/{1.73_m2}": 60.0}
        return value * per_min[source] / per_min[target]

    if loinc in ALBUMIN_CREATININE_RATIO_LOINCS:
        ratio_units = {"mg/g": 1.0, "ug/mg": 1.0, "g/g": 1000.0, "mg/mmol": 1000.0 / _CREATININE_MOLAR_MASS}
        if source in ratio_units and target in ratio_units:
            return value * ratio_units[source] / ratio_units[target]

    for family, factors in _FAMILIES.items():
        if family == "temperature":
            continue
        if source in factors and target in factors:
            return value * factors[source] / factors[target]

    analyte = _ANALYTE_BY_LOINC.get(loinc) if loinc else None
    if analyte is not None:
        mol = _to_molar(value, source, analyte)
        if mol is not None:
            result = _from_molar(mol, target, analyte)
            if result is not None:
                return result
    if loinc is None and _family_of(source, _MOLAR_KINDS) and _family_of(target, _MOLAR_KINDS):
        raise _cannot(from_unit, to_unit, loinc, "this conversion depends on the test; no LOINC code was given")
    raise _cannot(from_unit, to_unit, loinc)


def units_compatible(from_unit: str, to_unit: str, loinc: str | None = None) -> bool:
    """True when `convert` can take a value from `from_unit` to `to_unit` for this test."""
    try:
        result = convert(1.0, from_unit, to_unit, loinc)
    except UnitError:
        return False
    return math.isfinite(result)


__all__ = [
    "ALBUMIN_CREATININE_RATIO_LOINCS",
    "CANONICAL_UNITS",
    "EGFR_LOINCS",
    "HBA1C_LOINCS",
    "convert",
    "is_known_unit",
    "normalize_unit",
    "units_compatible",
]
