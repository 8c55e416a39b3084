"""FHIR import into the database: all-or-nothing, idempotent, identity kept apart; SQLite and PostgreSQL."""

import json
import shutil

import pytest
from sqlmodel import select

from assistant.errors import ResultsImportError
from assistant.results.catalog import default_catalog
from assistant.results.importer import import_bundles
from assistant.results.reference_ranges import ReferenceRangeTable
from assistant.storage.models import Escalation, LabReport, LabResult, Patient
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.integration

FHIR_DIR = SHARED_DATA / "fhir"
JOSUE = next(FHIR_DIR.glob("Josue_Sipes_*.json"))
RANGES = ReferenceRangeTable.load()


def run_import(database, paths, patient_id=None):
    return import_bundles(database, paths, patient_id, RANGES, default_catalog())


def count(database, model, **where):
    with database.session() as session:
        statement = select(model)
        for name, value in where.items():
            statement = statement.where(getattr(model, name) == value)
        return len(session.exec(statement).all())


def test_import_then_reimport_is_idempotent(database):
    first = run_import(database, [JOSUE], "josue")
    assert (first.files, first.patients, first.updated) == (1, ["josue"], 0)
    assert first.created == count(database, LabResult, patient_id="josue") > 400
    second = run_import(database, [JOSUE], "josue")
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert count(database, LabResult, patient_id="josue") == first.created
    assert count(database, LabReport, patient_id="josue") == 60


def test_the_fhir_patient_id_is_the_default_tailor_patient(database):
    report = run_import(database, [JOSUE])
    assert report.patients == ["bd6f9f37-7295-4cd6-b212-134afcef1253"]


def test_a_changed_resource_updates_in_place(database, tmp_path):
    run_import(database, [JOSUE], "josue")
    bundle = json.loads(JOSUE.read_text())
    glucose = next(e["resource"] for e in bundle["entry"] if e["resource"].get("id") == "784ebdc9-08a3-4d9e-8bdd-2516b729f3fe")
    glucose["valueQuantity"]["value"] = 250.0
    changed = tmp_path / "josue-corrected.json"
    changed.write_text(json.dumps(bundle))
    report = run_import(database, [changed], "josue")
    assert (report.created, report.updated) == (0, 1)
    with database.session() as session:
        row = session.exec(select(LabResult).where(LabResult.source_id == glucose["id"])).one()
        assert row.value == 250.0


def test_one_bad_file_means_nothing_is_written(database, tmp_path):
    folder = tmp_path / "bundles"
    folder.mkdir()
    shutil.copy(JOSUE, folder / "a-good.json")
    bad = json.loads(JOSUE.read_text())
    next(e["resource"] for e in bad["entry"] if e["resource"]["resourceType"] == "Observation")["valueQuantity"]["value"] = "high"
    (folder / "b-bad.json").write_text(json.dumps(bad))
    with pytest.raises(ResultsImportError, match=r"b-bad.json: entry\[\d+\] Observation/.*valueQuantity.value"):
        run_import(database, [folder])
    assert count(database, LabResult) == 0
    assert count(database, Patient) == 0


def test_a_different_person_cannot_be_merged_into_an_existing_patient(database):
    run_import(database, [JOSUE], "shared-id")
    other = next(FHIR_DIR.glob("Avril_Hane_*.json"))
    with pytest.raises(ResultsImportError, match="different person"):
        run_import(database, [other], "shared-id")


def test_identity_stays_in_the_patient_table(database):
    run_import(database, [JOSUE], "josue")
    with database.session() as session:
        patient = session.get(Patient, "josue")
        assert patient.display_name == "Josue Sipes" and patient.sex == "male"
        assert patient.pseudonym.startswith("P-")
        texts = [f"{r.display} {r.value_text or ''} {r.source_id}" for r in session.exec(select(LabResult)).all()]
    assert not any("Josue" in text or "Sipes" in text for text in texts)


def _critical_bundle(tmp_path, potassium: float):
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1970-01-01"}},
        {"fullUrl": "urn:uuid:o1", "resource": {
            "resourceType": "Observation", "id": "o1", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "6298-4", "display": "Potassium"}]},
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2025-05-01T08:00:00+00:00",
            "valueQuantity": {"value": potassium, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}},
    ]}
    path = tmp_path / f"potassium-{potassium}.json"
    path.write_text(json.dumps(bundle))
    return path


def test_a_critical_value_is_escalated_once(database, tmp_path):
    report = run_import(database, [_critical_bundle(tmp_path, 7.4)])
    assert report.critical_escalations == 1
    again = run_import(database, [_critical_bundle(tmp_path, 7.4)])
    assert again.critical_escalations == 0
    with database.session() as session:
        [escalation] = session.exec(select(Escalation)).all()
    assert (escalation.reason, escalation.priority, escalation.reason_codes) == ("critical_value", 2, "critical-high")
    assert "Potassium" in escalation.transcript_deidentified or "potassium" in escalation.transcript_deidentified


def test_a_normal_value_is_not_escalated(database, tmp_path):
    assert run_import(database, [_critical_bundle(tmp_path, 4.2)]).critical_escalations == 0
