"""Deleting conversations: a patient's own request, and the retention schedule.

A conversation goes with its messages, their citations, ratings and any answer still
waiting for approval, in one transaction.
Escalations are the care team's record and stay, with their de-identified
transcript; they only lose the link to the deleted conversation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from assistant.storage.models import AnswerFeedback, Citation, Conversation, Escalation, Message, PendingAnswer


def conversations_of_patient(session: Session, patient_id: str) -> list[int]:
    return list(session.exec(select(Conversation.id).where(Conversation.patient_id == patient_id)).all())


def conversations_idle_since(session: Session, cutoff: datetime) -> list[int]:
    """Conversations whose newest message (or start, if empty) is older than `cutoff`."""
    last_activity = func.coalesce(func.max(Message.created_at), Conversation.started_at)
    statement = (
        select(Conversation.id)
        .join(Message, col(Message.conversation_id) == col(Conversation.id), isouter=True)
        .group_by(col(Conversation.id), col(Conversation.started_at))
        .having(last_activity < cutoff)
    )
    return list(session.exec(statement).all())


def delete_conversations(session: Session, conversation_ids: list[int]) -> tuple[int, int]:
    """Delete the conversations and everything in them; returns (conversations, messages)."""
    if not conversation_ids:
        return 0, 0
    message_ids = select(Message.id).where(col(Message.conversation_id).in_(conversation_ids))
    for table in (Citation, AnswerFeedback, PendingAnswer):  # everything that hangs on a message
        session.exec(delete(table).where(col(table.message_id).in_(message_ids)))
    messages = session.exec(delete(Message).where(col(Message.conversation_id).in_(conversation_ids))).rowcount
    session.exec(update(Escalation).where(col(Escalation.conversation_id).in_(conversation_ids))
                 .values(conversation_id=None))
    conversations = session.exec(delete(Conversation).where(col(Conversation.id).in_(conversation_ids))).rowcount
    return conversations, messages
