import csv

import pytest

from tests.conftest import SHARED_DATA

from assistant.errors import ResultsError
from assistant.readability import flesch_kincaid_grade
from assistant.results.reference_ranges import DEFAULT_TABLE_PATH, ReferenceRangeTable

pytestmark = pytest.mark.unit

LAB_CODES = SHARED_DATA / "fhir" / "lab_codes.tsv"

# Quantity codes in lab_codes.tsv that are not common adult tests, and why they are left out.
NOT_COVERED = {
    "32207-3": "platelet distribution width: rarely used; Synthea values (175-515 fL) are implausible",
    "57905-2": "stool FIT: cut-off depends on the assay",
    "5792-7": "urine strip glucose: read as negative/positive",
    "5797-6": "urine strip ketones: read as negative/positive",
    "5804-0": "urine strip protein: read as negative/positive",
    "20505-4": "urine strip bilirubin: read as negative/positive",
}
IGE_PREFIXES = ("IgE",)  # the infant's allergen panel (kU/L) is not a common adult test


@pytest.fixture(scope="module")
def table():
    return ReferenceRangeTable.load()


def synthea_quantity_codes():
    with LAB_CODES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row for row in rows if row["value_type"] == "quantity"]


def test_table_covers_at_least_40_tests(table):
    assert len(table.known_loinc_codes()) >= 40


@pytest.mark.parametrize(
    "loinc",
    [
        "2093-3", "18262-6", "13457-7", "2085-9", "2571-8", "2339-0", "4548-4", "38483-4", "2160-0", "33914-3",
        "62238-1", "98979-8", "6299-2", "14959-1", "9318-7", "1742-6", "1920-8", "6768-6", "1975-2", "1751-7",
        "2885-2", "10834-0", "2947-0", "2951-2", "6298-4", "2823-3", "2069-3", "2075-0", "20565-8", "2028-9",
        "49765-1", "17861-6", "718-7", "4544-3", "6690-2", "777-3", "789-8", "787-2", "785-6", "786-4",
        "21000-5", "32623-1", "3016-3", "11580-8", "3024-7", "2276-4", "2498-4", "2500-7", "1989-3", "62292-8",
        "2857-1", "6301-6",
    ],
)
def test_required_tests_are_in_the_table(table, loinc):
    assert loinc in table.known_loinc_codes()
    assert table.name_for(loinc)


def test_every_common_synthea_quantity_code_is_covered(table):
    missing = []
    for row in synthea_quantity_codes():
        if row["loinc"] in NOT_COVERED or "IgE" in row["display"]:
            continue
        if row["loinc"] not in table.known_loinc_codes():
            missing.append(f"{row['loinc']} {row['display']}")
    assert not missing, missing


def test_synthea_units_convert_to_the_table_unit(table):
    from assistant.results.units import units_compatible

    for row in synthea_quantity_codes():
        if row["loinc"] not in table.known_loinc_codes():
            continue
        table_unit = table.rows_for(row["loinc"])[0].unit
        for unit in row["unit"].split("|"):
            assert units_compatible(unit, table_unit, row["loinc"]), (row["loinc"], unit, table_unit)


def test_every_row_has_https_sources_and_plain_notes(table):
    for row in table:
        assert row.source_url.startswith("https://"), row
        for url in (row.critical_source_url, row.action_source_url):
            assert url is None or url.startswith("https://"), row
        for text in (row.action_note, row.note):
            if text:
                assert flesch_kincaid_grade(text) <= 8, (row.loinc, text, flesch_kincaid_grade(text))


def test_action_levels_have_notes_and_sit_outside_the_range(table):
    for row in table:
        if row.action_high is not None:
            assert row.action_note and row.high is not None and row.action_high >= row.high
        if row.action_low is not None:
            assert row.action_note and row.low is not None and row.action_low <= row.low


@pytest.mark.parametrize(
    "loinc, sex, age, expected_low, expected_high",
    [
        ("718-7", "female", 40, 12.1, 15.1),
        ("718-7", "male", 40, 13.8, 17.2),
        ("718-7", "F", 40, 12.1, 15.1),
        ("718-7", "Male", 80, 13.8, 17.2),
        ("4544-3", "female", 30, 36.1, 44.3),
        ("2276-4", "male", 50, 24, 336),
        ("2339-0", "female", 40, 70, 99),  # "any" row serves every sex
        ("2339-0", None, 40, 70, 99),
        ("2339-0", "female", None, 70, 99),  # unknown age: the all-adult band
        ("2857-1", "male", 45, None, 2.5),
        ("2857-1", "male", 55, None, 3.5),
        ("2857-1", "male", 60, None, 4.5),  # band lower bound is inclusive
        ("2857-1", "male", 69.9, None, 4.5),
        ("2857-1", "male", 75, None, 6.5),
    ],
)
def test_lookup_by_sex_and_age(table, loinc, sex, age, expected_low, expected_high):
    row = table.lookup(loinc, sex, age)
    assert row is not None
    assert (row.low, row.high) == (expected_low, expected_high)


@pytest.mark.parametrize(
    "loinc, sex, age, why",
    [
        ("718-7", "female", 1, "infant: adult ranges are never applied to children"),
        ("6690-2", "female", 0.5, "infant"),
        ("2339-0", "male", 17.9, "under 18"),
        ("718-7", None, 40, "sex-specific test, sex unknown"),
        ("718-7", "other", 40, "sex-specific test, sex not female/male"),
        ("2857-1", "female", 60, "PSA has male rows only"),
        ("2857-1", "male", None, "PSA needs an age"),
        ("99999-9", "female", 40, "unknown test"),
    ],
)
def test_lookup_returns_none(table, loinc, sex, age, why):
    assert table.lookup(loinc, sex, age) is None, why


def test_exact_sex_row_beats_any_row(tmp_path):
    text = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
    extra = "2339-0,Blood sugar,mg/dL,female,18,200,60,90,,,,,,,https://example.org/x,,\n"
    path = tmp_path / "ranges.csv"
    path.write_text(text + extra, encoding="utf-8")
    table = ReferenceRangeTable.load(path)
    assert table.lookup("2339-0", "female", 40).high == 90
    assert table.lookup("2339-0", "male", 40).high == 99


HEADER = (
    "loinc,name,unit,sex,age_min_years,age_max_years,low,high,critical_low,critical_high,"
    "action_low,action_high,action_note,note,source_url,critical_source_url,action_source_url\n"
)


@pytest.mark.parametrize(
    "row, complaint",
    [
        ("2339-0,Sugar,mg/dl,any,18,200,70,99,,,,,,,https://x.org,,", "canonical"),
        ("2339-0,Sugar,furlongs,any,18,200,70,99,,,,,,,https://x.org,,", "unknown unit"),
        ("2339-0,Sugar,mg/dL,any,18,200,70,99,,,,,,,http://x.org,,", "https"),
        ("2339-0,Sugar,mg/dL,everyone,18,200,70,99,,,,,,,https://x.org,,", "sex"),
        ("2339-0,Sugar,mg/dL,any,18,200,99,70,,,,,,,https://x.org,,", "low is above high"),
        ("2339-0,Sugar,mg/dL,any,50,18,70,99,,,,,,,https://x.org,,", "age band"),
        ("2339-0,Sugar,mg/dL,any,18,200,,,,,,,,,https://x.org,,", "low, high"),
        ("2339-0,Sugar,mg/dL,any,18,200,70,99,,,,126,,,https://x.org,,", "action_note"),
        ("2339-0,Sugar,mg/dL,any,18,200,70,99,,,,,,,,,", "source_url"),
        ("glucose,Sugar,mg/dL,any,18,200,70,99,,,,,,,https://x.org,,", "LOINC"),
        ("2339-0,Sugar,mg/dL,any,18,200,abc,99,,,,,,,https://x.org,,", "low"),
    ],
)
def test_invalid_rows_are_rejected_naming_the_row(tmp_path, row, complaint):
    path = tmp_path / "bad.csv"
    path.write_text("# comment\n" + HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        ReferenceRangeTable.load(path)
    message = str(caught.value)
    assert "line 3" in message
    assert complaint in message


def test_overlapping_bands_are_rejected(tmp_path):
    rows = (
        "2857-1,PSA,ng/mL,male,40,60,,3.5,,,,,,,https://x.org,,\n"
        "2857-1,PSA,ng/mL,male,50,70,,4.5,,,,,,,https://x.org,,\n"
    )
    path = tmp_path / "overlap.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(ResultsError, match="overlapping"):
        ReferenceRangeTable.load(path)


def test_missing_file_is_a_results_error(tmp_path):
    with pytest.raises(ResultsError, match="cannot read"):
        ReferenceRangeTable.load(tmp_path / "nope.csv")
