"""Patients' ratings of answers, and the unanswered or disliked questions behind the gaps report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from assistant.storage.models import AnswerFeedback, Citation, Conversation, Message, utcnow


@dataclass(frozen=True)
class GapRow:
    """One assistant message worth an editor's look, with the question that led to it."""

    message: Message
    question_deidentified: str
    feedback: AnswerFeedback | None
    cited_article_ids: tuple[str, ...]


def message_owner(session: Session, message_id: int) -> tuple[Message, str] | None:
    """(message, patient id of its conversation), or None when there is no such message."""
    row = session.exec(
        select(Message, Conversation.patient_id)
        .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
        .where(col(Message.id) == message_id)
    ).first()
    return tuple(row) if row else None


def rate(session: Session, message_id: int, patient_id: str, helpful: bool, reason: str | None,
         comment_deidentified: str | None) -> AnswerFeedback:
    feedback = session.exec(select(AnswerFeedback).where(AnswerFeedback.message_id == message_id)).first()
    if feedback is None:
        feedback = AnswerFeedback(message_id=message_id, patient_id=patient_id, helpful=helpful)
    feedback.helpful, feedback.reason, feedback.comment_deidentified = helpful, reason, comment_deidentified
    feedback.updated_at = utcnow()
    session.add(feedback)
    session.flush()
    return feedback


def ratings_for(session: Session, message_ids: Sequence[int]) -> dict[int, AnswerFeedback]:
    if not message_ids:
        return {}
    rows = session.exec(select(AnswerFeedback).where(col(AnswerFeedback.message_id).in_(list(message_ids))))
    return {row.message_id: row for row in rows}


def gaps(session: Session, reasons: Sequence[str], since: datetime | None = None, limit: int = 500) -> list[GapRow]:
    """Assistant messages with one of `reasons` or a thumbs-down, newest first."""
    disliked = select(AnswerFeedback.message_id).where(col(AnswerFeedback.helpful).is_(False))
    statement = (
        select(Message)
        .where(col(Message.author) == "assistant")
        .where(col(Message.reason).in_(list(reasons)) | col(Message.id).in_(disliked))
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(col(Message.created_at) >= since)
    messages = list(session.exec(statement).all())
    if not messages:
        return []
    ids = [message.id for message in messages]
    questions = session.exec(
        select(Message)
        .where(col(Message.conversation_id).in_({message.conversation_id for message in messages}))
        .where(col(Message.author) == "patient")
        .order_by(col(Message.id))
    ).all()
    citations = session.exec(select(Citation).where(col(Citation.message_id).in_(ids)).order_by(col(Citation.n)))
    cited: dict[int, list[str]] = {}
    for citation in citations:
        cited.setdefault(citation.message_id, []).append(citation.article_id)
    ratings = ratings_for(session, ids)
    return [
        GapRow(message, _question_before(message, questions), ratings.get(message.id),
               tuple(cited.get(message.id, [])))
        for message in messages
    ]


def _question_before(message: Message, questions: Sequence[Message]) -> str:
    earlier = [q for q in questions if q.conversation_id == message.conversation_id and q.id < message.id]
    return earlier[-1].text_deidentified if earlier else ""
