import pytest

from assistant.errors import AuthenticationError, AuthorizationError, InputError, NotFoundError

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"


def test_login_returns_a_principal_with_the_role(service):
    principal = service.login("demo.patient", PASSWORD)
    assert (principal.role.value, principal.patient_id) == ("patient", "demo-patient-1")


@pytest.mark.parametrize("username, password", [("demo.patient", "wrong"), ("nobody", PASSWORD)])
def test_login_failures_are_vague(service, username, password):
    with pytest.raises(AuthenticationError, match="unknown username or wrong password"):
        service.login(username, password)


def test_the_conversation_persists_across_logins(service):
    service.ask(service.login("demo.patient", PASSWORD), "What is HbA1c?")
    turns = service.conversation(service.login("demo.patient", PASSWORD))
    assert [t.author for t in turns] == ["patient", "assistant"]
    assert turns[1].citations and turns[1].citations[0].article_id == "hba1c-and-diabetes"


def test_ask_my_care_team_files_the_deidentified_conversation(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "My name is Maria Lopez. What is a VUS?")
    escalation_id = service.escalate(patient)
    staff = service.login("demo.staff", PASSWORD)
    [item] = service.open_escalations(staff)
    assert (item.id, item.patient_pseudonym, item.reason) == (escalation_id, "P-1001", "patient_request")
    assert "<PERSON>" in item.transcript and "Maria" not in item.transcript
    service.claim_escalation(staff, escalation_id, item.version)
    service.reply_to_escalation(staff, escalation_id, "Dr. Rivera here. A VUS is usually reclassified as harmless.")
    turns = service.conversation(patient)
    assert turns[-1].author == "staff" and "Rivera" not in turns[-1].text
    assert service.my_requests(patient)[0].state.value == "answered"
    service.close_escalation(staff, escalation_id)
    assert service.open_escalations(staff) == []


def test_an_emergency_is_escalated_without_a_button(service):
    service.ask(service.login("demo.patient", PASSWORD), "I passed out this morning")
    [item] = service.open_escalations(service.login("demo.staff", PASSWORD))
    assert (item.reason, item.reason_codes, item.priority.name) == ("emergency", "fainting", "EMERGENCY")


@pytest.mark.parametrize(
    "username, call",
    [
        ("demo.staff", lambda s, p: s.ask(p, "What is LDL?")),
        ("demo.editor", lambda s, p: s.conversation(p)),
        ("demo.editor", lambda s, p: s.escalate(p)),
        ("demo.patient", lambda s, p: s.open_escalations(p)),
        ("demo.patient", lambda s, p: s.claim_escalation(p, 1, 1)),
        ("demo.patient", lambda s, p: s.reply_to_escalation(p, 1, "hi")),
        ("demo.patient", lambda s, p: s.close_escalation(p, 1)),
        ("demo.patient", lambda s, p: s.escalation_detail(p, 1)),
        ("demo.staff", lambda s, p: s.my_requests(p)),
        ("demo.staff", lambda s, p: s.cancel_request(p, 1)),
        ("demo.editor", lambda s, p: s.open_escalations(p)),
    ],
)
def test_roles_are_enforced_in_the_service(service, username, call):
    with pytest.raises(AuthorizationError):
        call(service, service.login(username, PASSWORD))


def test_claiming_an_unknown_escalation_is_a_clear_error(service):
    with pytest.raises(NotFoundError, match="escalation 999"):
        service.claim_escalation(service.login("demo.staff", PASSWORD), 999, 1)


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_empty_or_oversized_questions_are_refused(service, question):
    with pytest.raises(InputError):
        service.ask(service.login("demo.patient", PASSWORD), question)


def test_a_deidentification_failure_refuses_the_message(service, monkeypatch):
    from assistant.errors import DeidentificationError

    def broken(*_args):
        raise DeidentificationError("de-identification is unavailable")

    monkeypatch.setattr(service.pipeline.deidentifier, "run", broken)
    patient = service.login("demo.patient", PASSWORD)
    with pytest.raises(DeidentificationError):
        service.ask(patient, "My name is John Smith")
    assert service.conversation(patient) == []


def test_operator_ask_for_an_unknown_patient_is_refused(service):
    with pytest.raises(NotFoundError, match="patient 'ghost'"):
        service.ask_as_operator("ghost", "What is LDL?")


def test_names_keep_one_numbered_placeholder_across_a_conversation(service):
    from assistant.privacy import PseudonymMap

    patient = service.login("demo.patient", PASSWORD)
    pseudonyms = PseudonymMap()
    first = service.ask(patient, "My name is Maria Lopez and my doctor is Dr. Chen. What is LDL?", pseudonyms)
    second = service.ask(patient, "Maria again. Dr. Chen said to ask you about HDL.", pseudonyms)
    assert "<PERSON_1>" in first.question_deidentified and "<PERSON_2>" in first.question_deidentified
    assert second.question_deidentified.startswith("<PERSON_1> again. Dr. <PERSON_2>")
    stored = [turn.text for turn in service.conversation(patient) if turn.author == "patient"]
    assert stored == [first.question_deidentified, second.question_deidentified]
    assert not any("Maria" in text or "Chen" in text for text in stored)


def test_numbered_placeholders_do_not_hide_an_emergency(service):
    from assistant.privacy import PseudonymMap

    answer = service.ask(service.login("demo.patient", PASSWORD),
                         "My husband Carlos can't lift his arm right now", PseudonymMap())
    assert answer.triage.level.value == "emergency"


def test_repeated_failures_lock_the_account_then_it_opens_again(service):
    from datetime import timedelta

    from assistant.storage import audit
    from assistant.storage.models import utcnow

    for _ in range(5):
        with pytest.raises(AuthenticationError, match="^unknown username or wrong password$"):
            service.login("demo.patient", "wrong")
    with pytest.raises(AuthenticationError, match="^unknown username or wrong password$"):
        service.login("demo.patient", PASSWORD)  # right password, but locked: same message
    with service.database.session() as session:
        outcomes = [event.outcome for event in audit.recent(session, 6)]
    assert outcomes == ["locked", "denied", "denied", "denied", "denied", "denied"]

    later = utcnow() + timedelta(minutes=2)
    service.clock = lambda: later
    assert service.login("demo.patient", PASSWORD).username == "demo.patient"


@pytest.mark.unit
@pytest.mark.parametrize("failures, minutes", [(4, None), (5, 1), (6, 2), (8, 8), (20, 60)])
def test_lock_durations_double_up_to_an_hour(failures, minutes):
    from assistant.lockout import lock_duration

    duration = lock_duration(failures)
    assert (duration.total_seconds() / 60 if duration else None) == minutes
