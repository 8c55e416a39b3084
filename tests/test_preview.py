"""Staff preview: the answer a patient would get, with the trace; audited, never stored or shown."""

import pytest
from sqlmodel import select

from assistant.errors import AuthorizationError, NotFoundError
from assistant.storage.models import AuditEvent, Conversation, Escalation, Message, PendingAnswer

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"


def _rows(service, model):
    with service.database.session() as session:
        return list(session.exec(select(model)).all())


def test_preview_shows_the_answer_and_why(service):
    staff = service.login("demo.staff", PASSWORD)
    preview = service.preview(staff, "My name is Maria Lopez. What was my LDL?", "demo-patient-1")
    trace = preview.trace
    assert preview.patient_pseudonym == "P-1001"
    assert "<PERSON" in trace.question_deidentified and "Maria" not in trace.question_deidentified
    assert trace.entity_types == ("PERSON",)
    assert trace.triage.level.value == "routine"
    assert trace.passages and trace.passages[0].chunk.article_id == "cholesterol-and-ldl"
    first = trace.passages[0]
    assert first.bm25_rank is not None and first.dense_rank is not None and first.fused_score > 0
    assert [p.fused_score for p in trace.passages] == sorted((p.fused_score for p in trace.passages), reverse=True)
    [ldl] = preview.answer.results_used
    assert (ldl.name, ldl.value, ldl.flag) == ("LDL cholesterol", 162.0, "high")
    assert "162 mg/dL" in preview.patient_sees and "[1]" in preview.patient_sees
    assert preview.answer.citations[0].article_id == "cholesterol-and-ldl"
    assert 0 < preview.answer.confidence <= 1 and preview.topics == ("lab-results",)


def test_preview_without_a_patient_uses_no_record(service):
    preview = service.preview(service.login("demo.staff", PASSWORD), "What was my LDL?")
    assert preview.patient_pseudonym is None and preview.answer.results_used is None
    assert "162" not in preview.patient_sees


def test_preview_is_audited_and_never_stored_or_escalated(service):
    staff = service.login("demo.staff", PASSWORD)
    service.preview(staff, "I have crushing chest pain right now", "demo-patient-1")
    preview = service.preview(staff, "Can I stop taking my clopidogrel?", "demo-patient-1")
    assert preview.escalation == "medication_question"  # shown to staff, not filed
    for model in (Conversation, Message, Escalation, PendingAnswer):
        assert _rows(service, model) == []
    assert service.conversation(service.login("demo.patient", PASSWORD)) == []
    events = [(e.action, e.actor_user_id, e.record_type, e.record_id) for e in _rows(service, AuditEvent)
              if e.action.startswith("preview.")]
    assert events == [("preview.run", staff.user_id, "patient", "demo-patient-1")] * 2


def test_the_patient_list_shows_pseudonyms(service):
    [patient] = service.preview_patients(service.login("demo.staff", PASSWORD))
    assert (patient.id, patient.pseudonym) == ("demo-patient-1", "P-1001")


def test_previewing_an_unknown_patient_is_a_clear_error(service):
    with pytest.raises(NotFoundError, match="patient 'ghost' does not exist"):
        service.preview(service.login("demo.staff", PASSWORD), "What is LDL?", "ghost")


@pytest.mark.parametrize("call", [
    lambda s, p: s.preview(p, "What is LDL?"),
    lambda s, p: s.preview(p, "What was my LDL?", "demo-patient-1"),
    lambda s, p: s.preview_patients(p),
])
@pytest.mark.parametrize("username", ["demo.patient", "demo.editor"])
def test_only_staff_can_preview(service, username, call):
    with pytest.raises(AuthorizationError, match="cannot preview answers; it needs the admin or staff role"):
        call(service, service.login(username, PASSWORD))
