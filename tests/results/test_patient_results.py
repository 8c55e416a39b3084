"""Answers about the patient's own results, review holds, and strict per-patient isolation."""

import pytest

from assistant.errors import AuthorizationError, InputError, NotFoundError
from assistant.passwords import hash_password
from assistant.results.catalog import default_catalog
from assistant.results.importer import import_bundles
from assistant.results.reference_ranges import ReferenceRangeTable
from assistant.storage import accounts
from tests.conftest import SHARED_DATA, with_consenting_patients

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"


@pytest.fixture
def service(pipeline, database, settings):
    """This module's service runs on SQLite and on PostgreSQL (the `database` fixture)."""
    from assistant.demo import seed_demo
    from assistant.service import TailorService

    seed_demo(settings, database)
    return with_consenting_patients(TailorService(pipeline, database))


@pytest.fixture
def patient(service):
    return service.login("demo.patient", PASSWORD)


@pytest.fixture
def other_patient(service):
    """A second patient with their own (Synthea) results."""
    bundle = next((SHARED_DATA / "fhir").glob("Avril_Hane_*.json"))
    import_bundles(service.database, [bundle], "avril", ReferenceRangeTable.load(), default_catalog())
    with service.database.session() as session:
        accounts.upsert_user(session, "avril", hash_password(PASSWORD), "patient", "avril")
    return service.login("avril", PASSWORD)


def test_my_ldl_is_explained_against_its_range_with_a_citation(service, patient):
    answer = service.ask(patient, "What does my LDL mean?")
    [used] = answer.results_used
    assert (used.loinc, used.value, used.unit, used.date, used.flag) == ("18262-6", 162, "mg/dL", "2025-03-18", "high")
    assert answer.answer.startswith("Your LDL cholesterol result was 162 mg/dL on March 18, 2025. [1]")
    assert "The usual range is 99 mg/dL or lower" in answer.answer
    assert "went up by 7 mg/dL in 12 months" in answer.answer
    assert answer.citations[0].article_id == "cholesterol-and-ldl"
    assert any("range" in source.title.lower() for source in answer.citations[0].sources)


def test_lay_names_and_trends(service, patient):
    answer = service.ask(patient, "is my sugar test getting better?")
    assert answer.results_used[0].name == "HbA1c"
    assert "went down by 0.3 % in 12 months" in answer.answer


def test_a_borderline_result_gets_the_harm_anchor(service, patient):
    answer = service.ask(patient, "why is my kidney number flagged?")
    assert answer.results_used[0].flag == "low"
    assert "60" in answer.answer  # the level at which doctors start to worry


def test_no_such_result_is_said_plainly(service, patient):
    answer = service.ask(patient, "what does my PSA mean?")
    assert "I don't see any PSA results in your records." in answer.answer
    assert answer.results_used == ()


def test_general_questions_do_not_use_the_record(service, patient):
    assert service.ask(patient, "What is LDL?").results_used == ()


def test_a_held_result_is_shown_but_not_explained_until_reviewed(service, patient):
    service.set_review_preference(patient, "lab", True)
    held = service.ask(patient, "what does my LDL mean?")
    assert "162 mg/dL" in held.answer and "not reviewed it yet" in held.answer
    assert "usual range" not in held.answer and len(held.citations) == 1
    assert [s.flag.value for s in service.my_results(patient) if s.loinc == "18262-6"] == ["high"]

    staff = service.login("demo.staff", PASSWORD)
    pending = service.results_awaiting_review(staff)
    assert {pseudonym for pseudonym, _ in pending} == {"P-1001"}
    service.mark_results_reviewed(staff, [summary.result_id for _, summary in pending])
    assert "usual range" in service.ask(patient, "what does my LDL mean?").answer


def test_unknown_hold_category_is_refused(service, patient):
    with pytest.raises(InputError):
        service.set_review_preference(patient, "everything", True)


def test_my_results_lists_latest_values_with_flags_and_trends(service, patient):
    results = {summary.name: summary for summary in service.my_results(patient)}
    assert results["LDL cholesterol"].flag.value == "high"
    assert results["potassium"].flag.value == "normal"
    assert results["HbA1c"].trend.direction == "down"
    assert len(service.result_history(patient, "18262-6")) == 3


def test_a_patient_only_ever_sees_their_own_results(service, patient, other_patient):
    mine = {s.result_id for s in service.my_results(patient)}
    theirs = {s.result_id for s in service.my_results(other_patient)}
    assert mine and theirs and not mine & theirs
    assert service.result_history(other_patient, "18262-6") != service.result_history(patient, "18262-6")
    answer = service.ask(other_patient, "what does my LDL mean?")
    assert answer.results_used[0].value != 162
    with pytest.raises(AuthorizationError):
        service.patient_results(patient, "avril")
    with pytest.raises(AuthorizationError):
        service.results_awaiting_review(patient)
    with pytest.raises(AuthorizationError):
        service.mark_results_reviewed(patient, list(theirs))


def test_staff_read_results_only_through_audited_access(service, other_patient):
    from assistant.storage import audit

    staff = service.login("demo.staff", PASSWORD)
    assert service.patient_results(staff, "avril")
    with service.database.session() as session:
        assert "results.view_as_staff" in [event.action for event in audit.recent(session, 5)]
    with pytest.raises(NotFoundError):
        service.patient_results(staff, "nobody")


@pytest.mark.parametrize("role", ["demo.staff", "demo.editor"])
def test_non_patients_have_no_my_results(service, role):
    with pytest.raises(AuthorizationError):
        service.my_results(service.login(role, PASSWORD))
