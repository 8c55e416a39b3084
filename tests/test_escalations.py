"""The escalation loop: state machine, priorities, concurrency and the patient's view."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from assistant.errors import AuthorizationError, ConflictError, NotFoundError
from assistant.escalation import TRANSITIONS, EscalationState, Priority, is_overdue
from assistant.passwords import hash_password
from assistant.storage import accounts, escalations

PASSWORD = "demo-password-for-tests"
S = EscalationState


@pytest.mark.unit
@pytest.mark.parametrize(
    "action, allowed",
    [
        ("claim", {S.OPEN}),
        ("release", {S.CLAIMED}),
        ("answer", {S.CLAIMED, S.ANSWERED}),
        ("close", {S.ANSWERED}),
        ("cancel", {S.OPEN, S.CLAIMED}),
    ],
)
def test_transitions_table(action, allowed):
    assert TRANSITIONS[action].allowed_from == allowed


@pytest.mark.unit
@pytest.mark.parametrize(
    "priority, age, state, overdue",
    [
        (Priority.EMERGENCY, timedelta(minutes=10), S.OPEN, False),
        (Priority.EMERGENCY, timedelta(minutes=16), S.OPEN, True),
        (Priority.URGENT, timedelta(hours=5), S.CLAIMED, True),
        (Priority.ROUTINE, timedelta(hours=47), S.OPEN, False),
        (Priority.ROUTINE, timedelta(days=3), S.ANSWERED, False),
        (Priority.ROUTINE, timedelta(days=3), S.CLOSED, False),
    ],
)
def test_overdue_depends_on_priority_and_state(priority, age, state, overdue):
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert is_overdue(priority, state, now - age, now) is overdue


def _seed(database, staff_count=2):
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-0001")
        staff_ids = [accounts.upsert_user(session, f"staff{i}", "h", "staff", None).id for i in range(staff_count)]
        escalation = escalations.open_escalation(session, "p1", None, "patient_request", 3, "Patient: hi")
    return staff_ids, escalation.id


@pytest.mark.integration
@pytest.mark.parametrize("action", ["answer", "close", "release"])
def test_an_open_escalation_cannot_skip_ahead(database, action):
    _, escalation_id = _seed(database, 1)
    with pytest.raises(ConflictError, match="already open"):
        with database.session() as session:
            escalations.transition(session, escalation_id, action, 1)


@pytest.mark.integration
def test_a_stale_version_loses(database):
    staff_ids, escalation_id = _seed(database)
    with database.session() as session:
        escalations.transition(session, escalation_id, "claim", 1, claimed_by=staff_ids[0])
    with pytest.raises(ConflictError, match="already claimed"):
        with database.session() as session:
            escalations.transition(session, escalation_id, "claim", 1, claimed_by=staff_ids[1])


@pytest.mark.integration
def test_two_staff_claiming_at_once_exactly_one_wins(database):
    """Concurrent sessions on SQLite and PostgreSQL: both read version 1, both try to claim."""
    staff_ids, escalation_id = _seed(database)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def claim(staff_id: int) -> None:
        try:
            with database.session() as session:
                version = escalations.get_escalation(session, escalation_id).version
                barrier.wait(timeout=10)
                escalations.transition(session, escalation_id, "claim", version, claimed_by=staff_id)
            outcomes.append("won")
        except ConflictError:
            outcomes.append("lost")

    threads = [threading.Thread(target=claim, args=(staff_id,)) for staff_id in staff_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["lost", "won"]
    with database.session() as session:
        escalation = escalations.get_escalation(session, escalation_id)
        assert (escalation.state, escalation.version) == ("claimed", 2)
        assert escalation.claimed_by in staff_ids


@pytest.fixture
def second_patient(service):
    with service.database.session() as session:
        accounts.ensure_patient(session, "other-patient", "P-2002")
        accounts.upsert_user(session, "other.patient", hash_password(PASSWORD), "patient", "other-patient")
    return service.login("other.patient", PASSWORD)


@pytest.mark.integration
def test_a_patient_cannot_cancel_another_patients_request(service, second_patient):
    escalation_id = service.escalate(service.login("demo.patient", PASSWORD))
    with pytest.raises(NotFoundError):
        service.cancel_request(second_patient, escalation_id)
    assert service.my_requests(second_patient) == []


@pytest.mark.integration
def test_a_patient_can_cancel_their_own_open_request(service):
    patient = service.login("demo.patient", PASSWORD)
    escalation_id = service.escalate(patient)
    service.cancel_request(patient, escalation_id)
    assert service.my_requests(patient)[0].state is S.CANCELLED
    assert service.open_escalations(service.login("demo.staff", PASSWORD)) == []


@pytest.mark.integration
def test_only_the_claimant_replies(service):
    patient = service.login("demo.patient", PASSWORD)
    escalation_id = service.escalate(patient)
    staff = service.login("demo.staff", PASSWORD)
    with service.database.session() as session:
        accounts.upsert_user(session, "staff.two", hash_password(PASSWORD), "staff", None)
    other_staff = service.login("staff.two", PASSWORD)
    service.claim_escalation(staff, escalation_id, 1)
    with pytest.raises(AuthorizationError, match="not claimed by you"):
        service.reply_to_escalation(other_staff, escalation_id, "Hello")
    with pytest.raises(ConflictError):
        service.claim_escalation(other_staff, escalation_id, 1)


@pytest.mark.integration
def test_queue_is_sorted_by_priority_then_age(service):
    patient = service.login("demo.patient", PASSWORD)
    first = service.escalate(patient)
    service.ask(patient, "Should I stop my warfarin?")  # files a routine medication question
    service.ask(patient, "I can't breathe")  # files an emergency
    queue = service.escalation_queue(service.login("demo.staff", PASSWORD))
    assert [(item.reason, item.priority) for item in queue] == [
        ("emergency", Priority.EMERGENCY), ("patient_request", Priority.ROUTINE), ("medication_question", Priority.ROUTINE)]
    assert queue[1].id == first


@pytest.mark.integration
def test_escalation_records_hold_no_raw_text(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "I'm Gloria Ramirez, 555-867-5309, and I have crushing chest pain right now")
    service.escalate(patient)
    for item in service.escalation_queue(service.login("demo.staff", PASSWORD)):
        for identifier in ("Gloria", "Ramirez", "555-867-5309", "867-5309"):
            assert identifier not in item.transcript
        assert "<PERSON>" in item.transcript


@pytest.mark.integration
def test_asking_for_help_after_an_unanswerable_question_is_a_low_confidence_escalation(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "Which football team won the league in 1998?")
    service.escalate(patient)
    [item] = service.escalation_queue(service.login("demo.staff", PASSWORD))
    assert (item.reason, item.priority) == ("low_confidence", Priority.ROUTINE)


@pytest.mark.integration
def test_staff_see_the_patients_flagged_results_with_an_escalation(service):
    from assistant.storage import audit

    escalation_id = service.escalate(service.login("demo.patient", PASSWORD))
    staff = service.login("demo.staff", PASSWORD)
    flagged = {summary.name: summary.flag.value for summary in service.escalation_results(staff, escalation_id)}
    assert flagged["LDL cholesterol"] == "high" and "potassium" not in flagged
    with service.database.session() as session:
        assert audit.recent(session, 1)[0].action == "results.view_as_staff"
    with pytest.raises(AuthorizationError):
        service.escalation_results(service.login("demo.patient", PASSWORD), escalation_id)
