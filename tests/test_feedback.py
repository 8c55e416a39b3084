"""Feedback and gaps: patients rate their own answers; editors get the de-identified report and CSV."""

import csv
import io

import pytest
from sqlmodel import select

from assistant.errors import InputError, NotFoundError
from assistant.feedback import CSV_COLUMNS
from assistant.passwords import hash_password
from assistant.storage import accounts
from assistant.storage.models import AnswerFeedback, AuditEvent

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"


def _answer_ids(service, patient):
    return [turn.message_id for turn in service.conversation(patient) if turn.author == "assistant"]


@pytest.fixture
def other_patient(service):
    with service.database.session() as session:
        accounts.ensure_patient(session, "other-patient", "P-2002")
        accounts.upsert_user(session, "other.patient", hash_password(PASSWORD), "patient", "other-patient")
    return service.login("other.patient", PASSWORD)


def test_a_patient_rates_their_own_answer_and_sees_it(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is LDL cholesterol?")
    [answer_id] = _answer_ids(service, patient)
    service.rate_answer(patient, answer_id, False, "hard_to_read", "My name is Maria Lopez and I got lost")
    assert service.my_ratings(patient, [answer_id]) == {answer_id: False}
    with service.database.session() as session:
        [row] = session.exec(select(AnswerFeedback)).all()
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert "Maria" not in row.comment_deidentified and "<PERSON>" in row.comment_deidentified
    assert "feedback.down" in actions


def test_a_patient_cannot_rate_someone_elses_answer_or_a_question(service, other_patient):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is LDL cholesterol?")
    question_id = service.conversation(patient)[0].message_id
    [answer_id] = _answer_ids(service, patient)
    with pytest.raises(NotFoundError, match=f"answer {answer_id} does not exist or cannot be rated"):
        service.rate_answer(other_patient, answer_id, True)
    with pytest.raises(NotFoundError):
        service.rate_answer(patient, question_id, True)
    with pytest.raises(NotFoundError):
        service.rate_answer(patient, 99999, True)
    assert service.my_ratings(other_patient, [answer_id]) == {}


@pytest.mark.parametrize("reason, comment, message", [
    ("rude", None, "unknown feedback reason 'rude'"),
    (None, "x" * 501, "too long"),
])
def test_bad_feedback_is_refused(service, reason, comment, message):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is LDL cholesterol?")
    with pytest.raises(InputError, match=message):
        service.rate_answer(patient, _answer_ids(service, patient)[0], False, reason, comment)


def test_thumbs_down_and_abstentions_reach_the_report_and_csv_without_phi(service):
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "My name is Maria Lopez. What is LDL cholesterol?")
    service.ask(patient, "My name is Maria Lopez. What is the best pizza topping in Naples?")
    service.ask(patient, "What does HbA1c measure?")
    disliked, abstained, liked = _answer_ids(service, patient)
    service.rate_answer(patient, disliked, False, "incorrect", "Dr. Okafor told me otherwise")
    service.rate_answer(patient, liked, True)
    editor = service.login("demo.editor", PASSWORD)
    report = service.gaps_report(editor)
    kinds = {item.kind: item for item in report.items}
    assert set(kinds) == {"thumbs_down", "abstained"}
    down = kinds["thumbs_down"]
    assert (down.topic, down.rating, down.rating_reason) == ("lab-results", "down", "incorrect")
    assert [article_id for article_id, _, _ in down.cited_articles] == ["cholesterol-and-ldl"]
    assert down.cited_articles[0][2].endswith("library?article=cholesterol-and-ldl")
    assert "<PERSON" in down.question and "Okafor" not in down.comment
    assert kinds["abstained"].cited_articles == () and kinds["abstained"].confidence < 0.41
    assert set(report.by_topic()) == {item.topic for item in report.items}

    exported = service.gaps_csv(editor)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 2
    for phi in ("Maria", "Lopez", "Okafor", "P-1001", "demo-patient-1", "demo.patient"):
        assert phi not in exported
    by_kind = {row["kind"]: row for row in rows}
    assert by_kind["thumbs_down"]["cited_articles"] == "cholesterol-and-ldl"
    assert by_kind["thumbs_down"]["comment_deidentified"].startswith("Dr. <PERSON")
    with service.database.session() as session:
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert "gaps.view" in actions and "gaps.export" in actions


def test_a_held_answer_cannot_be_rated_until_released(service):
    service.approval_topics = ("genetic-results",)
    patient = service.login("demo.patient", PASSWORD)
    service.ask(patient, "What is a VUS?")
    [held] = _answer_ids(service, patient)
    with pytest.raises(NotFoundError):
        service.rate_answer(patient, held, True)


@pytest.mark.unit
def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from datetime import date

    from assistant.feedback import GapItem, GapsReport

    item = GapItem("other", "abstained", date(2026, 1, 2), "=HYPERLINK(\"http://x\")", None, None, "+1 call", None,
                   (), None)
    [row] = list(csv.DictReader(io.StringIO(GapsReport((item,)).to_csv())))
    assert row["question_deidentified"].startswith("'=") and row["comment_deidentified"] == "'+1 call"
    assert (row["topic"], row["kind"], row["asked_on"], row["cited_articles"]) == ("other", "abstained", "2026-01-02", "")
