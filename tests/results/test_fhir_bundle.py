"""Reading FHIR R4 bundles: the Synthea samples, and bundles broken on purpose."""

import copy
import json

import pytest

from assistant.errors import ResultsImportError
from assistant.results.fhir_bundle import bundle_files, read_bundle
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.unit

FHIR_DIR = SHARED_DATA / "fhir"
JOSUE = next(FHIR_DIR.glob("Josue_Sipes_*.json"))


def test_every_sample_bundle_reads_with_its_patient_and_lab_results():
    for path in bundle_files([FHIR_DIR]):
        bundle = read_bundle(path)
        assert bundle.patient.sex in {"male", "female"}
        assert bundle.results and all(r.loinc and r.effective_at for r in bundle.results)
        assert {r.category for r in bundle.results} <= {"laboratory", "vital-signs"}


def test_values_units_and_components_are_kept():
    bundle = read_bundle(JOSUE)
    glucose = next(r for r in bundle.results if r.source_id == "784ebdc9-08a3-4d9e-8bdd-2516b729f3fe")
    assert (glucose.loinc, glucose.unit, round(glucose.value, 2)) == ("2339-0", "mg/dL", 80.09)
    systolic = [r for r in bundle.results if r.loinc == "8480-6"]
    assert systolic and all(r.source_id.endswith("#8480-6") for r in systolic)
    assert bundle.reports and bundle.reports[0].result_source_ids


def test_zero_width_spaces_are_removed_from_displays():
    for path in bundle_files([FHIR_DIR]):
        assert not any("\u200b" in r.display for r in read_bundle(path).results)


def _write(tmp_path, bundle, name="bad.json"):
    path = tmp_path / name
    path.write_text(json.dumps(bundle))
    return path


@pytest.fixture
def small_bundle():
    data = json.loads(JOSUE.read_text())
    keep = [e for e in data["entry"] if e["resource"]["resourceType"] in {"Patient", "Observation"}][:20]
    return {**data, "entry": keep}


def _first_observation(bundle):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation")


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda b: _first_observation(b).update(effectiveDateTime="last tuesday"), "invalid element 'effectiveDateTime'"),
        (lambda b: _first_observation(b).update(status=None), "invalid element 'status'"),
        (lambda b: _first_observation(b)["valueQuantity"].update(value="lots"), "invalid element 'valueQuantity.value'"),
        (lambda b: _first_observation(b).update(subject={"reference": "Patient/someone-else"}), "element 'subject'"),
        (lambda b: b.update(entry=[e for e in b["entry"] if e["resource"]["resourceType"] != "Patient"]), "exactly one Patient"),
        (lambda b: b.update(resourceType="Patient"), "expected a FHIR Bundle"),
    ],
)
def test_a_bad_bundle_is_rejected_naming_the_file_and_element(tmp_path, small_bundle, mutate, message):
    bundle = copy.deepcopy(small_bundle)
    mutate(bundle)
    with pytest.raises(ResultsImportError) as error:
        read_bundle(_write(tmp_path, bundle))
    assert str(error.value).startswith("bad.json: ")
    assert message in str(error.value)
    assert "nothing from this file was imported" in str(error.value)


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"resourceType": "Bundle",\n "entry": [oops]}')
    with pytest.raises(ResultsImportError, match=r"broken.json: line 2: not valid JSON"):
        read_bundle(path)


def test_missing_paths_are_reported(tmp_path):
    with pytest.raises(ResultsImportError, match="no such file"):
        bundle_files([tmp_path / "nope.json"])
    with pytest.raises(ResultsImportError, match="no FHIR bundle files"):
        bundle_files([tmp_path])
