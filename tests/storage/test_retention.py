"""Conversation deletion and the retention purge (both databases)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from assistant.storage import accounts, conversations, escalations, retention
from assistant.storage.models import Citation, Conversation, Escalation, Message, utcnow
from assistant.types import Citation as CitationValue, Source

pytestmark = pytest.mark.integration


def _conversation(session, patient_id: str, at) -> int:
    conversation = Conversation(patient_id=patient_id, started_at=at)
    session.add(conversation)
    session.flush()
    message = conversations.add_message(session, conversation.id, "patient", "What is LDL?")
    message.created_at = at
    cite = CitationValue(1, "ldl", 1, "LDL", "http://x", (Source("MedlinePlus", "https://medlineplus.gov"),))
    reply = conversations.add_message(session, conversation.id, "assistant", "LDL is... [1]", citations=[cite])
    reply.created_at = at
    return conversation.id


def test_purge_removes_only_conversations_idle_past_the_cutoff(database):
    now = utcnow()
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-1")
        old = _conversation(session, "p1", now - timedelta(days=400))
        recent = _conversation(session, "p1", now - timedelta(days=10))
        escalations.open_escalation(session, "p1", old, "patient_request", 3, "Patient: What is LDL?")
    with database.session() as session:
        assert retention.conversations_idle_since(session, now - timedelta(days=365)) == [old]
        assert retention.delete_conversations(session, [old]) == (1, 2)
    with database.session() as session:
        assert [c.id for c in session.exec(select(Conversation)).all()] == [recent]
        assert len(session.exec(select(Message)).all()) == 2
        assert len(session.exec(select(Citation)).all()) == 1
        [kept] = session.exec(select(Escalation)).all()
        assert kept.conversation_id is None and kept.transcript_deidentified  # the care team's record stays


def test_a_conversation_with_a_recent_message_is_kept_however_old_it_is(database):
    now = utcnow()
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-1")
        conversation_id = _conversation(session, "p1", now - timedelta(days=800))
        conversations.add_message(session, conversation_id, "patient", "Still here")
    with database.session() as session:
        assert retention.conversations_idle_since(session, now - timedelta(days=365)) == []


def test_ratings_and_answers_awaiting_approval_go_with_their_conversation(database):
    from assistant.storage.models import AnswerFeedback, PendingAnswer

    now = utcnow()
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-1")
        conversation_id = _conversation(session, "p1", now - timedelta(days=400))
        answer_id, held_id = [m.id for m in session.exec(select(Message).where(Message.author == "assistant"))] + [
            conversations.add_message(session, conversation_id, "assistant", "Your care team is reviewing this.").id]
        session.add(AnswerFeedback(message_id=answer_id, patient_id="p1", helpful=False, reason="unclear"))
        session.add(PendingAnswer(message_id=held_id, patient_id="p1", topics="genetic-results",
                                  question_deidentified="q", answer_deidentified="a", citations_json="[]",
                                  answer_reason="answered"))
    with database.session() as session:
        assert retention.delete_conversations(session, [conversation_id]) == (1, 3)
    with database.session() as session:
        assert session.exec(select(AnswerFeedback)).all() == [] and session.exec(select(PendingAnswer)).all() == []
