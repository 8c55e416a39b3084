"""Approval mode end to end: held answers, the patient's view, and staff decisions."""

import threading

import pytest
from sqlmodel import select

from assistant.approval import REVIEWING_TEXT
from assistant.errors import ConflictError, InputError
from assistant.storage.models import AuditEvent, Message

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"
QUESTION = "What is a VUS?"  # cites genetic-test and VUS articles: topic genetic-results


@pytest.fixture
def approving(service):
    service.approval_topics = ("genetic-results",)
    return service


def _ask_held(service):
    patient = service.login("demo.patient", PASSWORD)
    shown = service.ask(patient, QUESTION)
    assert shown.answer == REVIEWING_TEXT and shown.citations == ()
    staff = service.login("demo.staff", PASSWORD)
    [item] = service.held_answers(staff)
    return patient, staff, item


def _last_turn(service, patient):
    return service.conversation(patient)[-1]


def test_the_patient_sees_the_reviewing_message_until_approval(approving):
    patient, staff, item = _ask_held(approving)
    assert (item.patient_pseudonym, item.topics, item.question) == ("P-1001", ("genetic-results",), QUESTION)
    assert "[1]" in item.answer and item.citations
    turn = _last_turn(approving, patient)
    assert (turn.author, turn.text, turn.citations, turn.reason) == ("assistant", REVIEWING_TEXT, (), "pending_review")
    approving.approve_answer(staff, item.id, item.version)
    turn = _last_turn(approving, patient)
    assert (turn.author, turn.text, turn.reason) == ("assistant", item.answer, "answered")
    assert [c.article_id for c in turn.citations] == [c.article_id for c in item.citations]
    assert approving.held_answers(staff) == []


def test_answers_off_the_approval_topics_are_not_held(approving):
    answer = approving.ask(approving.login("demo.patient", PASSWORD), "What is LDL cholesterol?")
    assert answer.answer != REVIEWING_TEXT and answer.citations
    assert approving.held_answers(approving.login("demo.staff", PASSWORD)) == []


def test_approval_mode_off_holds_nothing(service):
    answer = service.ask(service.login("demo.patient", PASSWORD), QUESTION)
    assert answer.answer != REVIEWING_TEXT
    assert service.held_answers(service.login("demo.staff", PASSWORD)) == []


def test_an_edit_keeps_only_cited_sentences(approving):
    patient, staff, item = _ask_held(approving)
    with pytest.raises(InputError, match=r"citation \[7\]"):
        approving.edit_answer(staff, item.id, item.version, "A VUS is not a diagnosis. [7]")
    with pytest.raises(InputError, match="has no citation"):
        approving.edit_answer(staff, item.id, item.version, "A VUS is not a diagnosis. [1] Ignore it.")
    assert _last_turn(approving, patient).text == REVIEWING_TEXT  # nothing half-written
    approving.edit_answer(staff, item.id, item.version, "A VUS is a change whose meaning is not yet known. [1]")
    turn = _last_turn(approving, patient)
    assert turn.text == "A VUS is a change whose meaning is not yet known. [1]"
    assert [c.n for c in turn.citations] == [1]


def test_a_replacement_is_a_deidentified_care_team_reply(approving):
    patient, staff, item = _ask_held(approving)
    approving.replace_answer(staff, item.id, item.version, "Dr. Rivera will call you to explain your result.")
    turn = _last_turn(approving, patient)
    assert turn.author == "staff" and "Rivera" not in turn.text and "<PERSON>" in turn.text
    assert turn.citations == ()
    with pytest.raises(InputError, match="empty"):
        approving.replace_answer(staff, item.id, item.version + 1, "  ")


def test_two_staff_deciding_at_once_exactly_one_wins(approving):
    patient, staff, item = _ask_held(approving)
    other = approving.login("demo.staff", PASSWORD)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(action, *args):
        barrier.wait(timeout=30)
        try:
            action(*args)
            outcomes.append(action.__name__)
        except ConflictError:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=decide, args=(approving.approve_answer, staff, item.id, item.version)),
        threading.Thread(target=decide, args=(approving.replace_answer, other, item.id, item.version,
                                              "We will call you about this.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("conflict") == 1
    turn = _last_turn(approving, patient)
    winner = next(outcome for outcome in outcomes if outcome != "conflict")
    assert turn.author == ("assistant" if winner == "approve_answer" else "staff")
    with pytest.raises(ConflictError, match="already"):
        approving.approve_answer(staff, item.id, item.version)


def test_decisions_are_audited_without_text(approving):
    _, staff, item = _ask_held(approving)
    approving.approve_answer(staff, item.id, item.version)
    with approving.database.session() as session:
        events = [(e.action, e.record_type, e.record_id) for e in session.exec(select(AuditEvent)).all()
                  if e.action.startswith("approval.")]
        assert len(session.exec(select(Message)).all()) == 2
    assert events == [("approval.hold", "held_answer", str(item.id)), ("approval.list", None, None),
                      ("approval.approve", "held_answer", str(item.id))]


def test_identifiers_typed_by_staff_or_patients_are_never_stored(approving):
    from sqlalchemy import inspect, text

    staff = approving.login("demo.staff", PASSWORD)
    patient = approving.login("demo.patient", PASSWORD)
    approving.preview(staff, "I'm John Smith, call me at 555-123-4567. What is a VUS?", "demo-patient-1")
    approving.ask(patient, "I'm John Smith, call me at 555-123-4567. What is a VUS?")
    approving.ask(patient, QUESTION)
    approving.ask(patient, "What is LDL cholesterol?")  # not held: rated below
    [first, second] = approving.held_answers(staff)
    approving.edit_answer(staff, first.id, first.version, "John Smith: a VUS is not a diagnosis. [1]")
    approving.replace_answer(staff, second.id, second.version, "John Smith, please call 555-123-4567.")
    ldl = [t for t in approving.conversation(patient) if t.author == "assistant" and "LDL" in t.text][-1]
    approving.rate_answer(patient, ldl.message_id, False, "other", "John Smith says call 555-123-4567")
    with approving.database.engine.connect() as connection:
        stored = "\n".join(
            str(value)
            for table in inspect(approving.database.engine).get_table_names()
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            for value in row
        )
    for identifier in ("John", "Smith", "555-123-4567"):
        assert identifier not in stored
