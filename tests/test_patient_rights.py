"""A patient downloads everything held about them and deletes their conversations; retention."""

import csv
import io
import json
from datetime import timedelta

import pytest

from assistant.errors import AuthorizationError
from assistant.patient_export import lab_results_csv, to_html, to_json
from assistant.storage import audit

pytestmark = pytest.mark.integration
PASSWORD = "demo-password-for-tests"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _actions(service, n=5):
    with service.database.session() as session:
        return [event.action for event in audit.recent(session, n)]


def test_the_export_holds_every_kind_of_record_and_is_audited(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What does my LDL mean?")
    service.escalate(patient)
    staff = service.login("demo.staff", PASSWORD)
    service.patient_results(staff, patient.patient_id)
    export = service.export_my_data(patient)
    assert _actions(service, 1) == ["patient.export"]

    data = json.loads(to_json(export))
    assert data["account"]["username"] == "demo.patient" and data["patient"]["pseudonym"] == "P-1001"
    assert [m["author"] for m in data["conversations"][0]["messages"]] == ["patient", "assistant"]
    assert data["conversations"][0]["messages"][1]["citations"]
    assert any(row["loinc"] == "18262-6" for row in data["lab_results"])
    assert {row["gene"] for row in data["genetic_results"]} >= {"CYP2C19"}
    assert data["care_team_requests"][0]["reason"] == "patient_request"
    assert data["consents"] and data["review_preferences"] is not None
    # The access log tells the patient that staff looked at their results.
    assert {"by": "demo.staff", "action": "results.view_as_staff"}.items() <= next(
        row for row in data["access_log"] if row["action"] == "results.view_as_staff").items()

    rows = list(csv.DictReader(io.StringIO(lab_results_csv(export))))
    assert rows and set(rows[0]) == {"date", "test", "loinc", "value", "unit", "reference_low",
                                     "reference_high", "status"}
    page = to_html(export)
    assert page.startswith("<!doctype html>") and "LDL" in page


def test_the_html_export_escapes_what_patients_typed(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, XSS)
    page = to_html(service.export_my_data(patient))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_csv_cells_cannot_become_spreadsheet_formulas(service):
    from assistant.patient_export import PatientExport
    from assistant.storage.models import utcnow

    export = PatientExport(utcnow(), {}, {}, lab_results=[{"test": "=HYPERLINK(\"http://evil\")", "value": 5}])
    [row] = list(csv.DictReader(io.StringIO(lab_results_csv(export))))
    assert row["test"].startswith("'=")


def test_deleting_my_conversations_keeps_results_and_the_care_teams_record(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is a VUS?")
    service.escalate(patient)
    assert service.delete_my_conversations(patient) == 1
    assert service.conversation(patient) == []
    assert _actions(service, 1) == ["patient.delete_conversations"]
    assert service.my_results(patient)
    [request] = service.my_requests(patient)
    staff = service.login("demo.staff", PASSWORD)
    assert "VUS" in service.escalation_detail(staff, request.id).transcript


def test_patient_rights_are_the_patients_own(service):
    for username in ("demo.staff", "demo.editor"):
        principal = service.login(username, PASSWORD)
        with pytest.raises(AuthorizationError):
            service.export_my_data(principal)
        with pytest.raises(AuthorizationError):
            service.delete_my_conversations(principal)


def test_export_and_delete_work_before_consent(plain_service):
    patient = plain_service.login("demo.patient", PASSWORD)
    assert plain_service.export_my_data(patient).consents == []
    assert plain_service.delete_my_conversations(patient) == 0


def test_the_purge_follows_the_retention_setting(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is HbA1c?")
    assert service.purge_expired_conversations().conversations == 0
    later = service.clock() + timedelta(days=service.retention_days + 1)
    service.clock = lambda: later
    dry = service.purge_expired_conversations(dry_run=True)
    assert (dry.conversations, dry.dry_run) == (1, True)
    report = service.purge_expired_conversations()
    assert (report.conversations, report.messages) == (1, 2)
    assert _actions(service, 1) == ["retention.purge"]
    assert service.conversation(service.login("demo.patient", PASSWORD)) == []
