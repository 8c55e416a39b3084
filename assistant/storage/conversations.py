"""Conversations, their messages and the citations of assistant messages."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlmodel import Session, col, select

from assistant.storage.models import Citation, Conversation, Message
from assistant.types import Citation as CitationValue


def latest_conversation(session: Session, patient_id: str) -> Conversation | None:
    statement = (
        select(Conversation)
        .where(Conversation.patient_id == patient_id)
        .order_by(col(Conversation.started_at).desc(), col(Conversation.id).desc())
    )
    return session.exec(statement).first()


def get_or_start_conversation(session: Session, patient_id: str) -> Conversation:
    conversation = latest_conversation(session, patient_id)
    if conversation is None:
        conversation = Conversation(patient_id=patient_id)
        session.add(conversation)
        session.flush()
    return conversation


def add_message(
    session: Session,
    conversation_id: int,
    author: str,
    text_deidentified: str,
    *,
    triage_level: str | None = None,
    confidence: float | None = None,
    reason: str | None = None,
    citations: Sequence[CitationValue] = (),
) -> Message:
    message = Message(
        conversation_id=conversation_id,
        author=author,
        text_deidentified=text_deidentified,
        triage_level=triage_level,
        confidence=confidence,
        reason=reason,
    )
    session.add(message)
    session.flush()
    for citation in citations:
        session.add(
            Citation(
                message_id=message.id,
                n=citation.n,
                article_id=citation.article_id,
                article_version=citation.article_version,
                title=citation.title,
                url=citation.url,
                sources_json=json.dumps([source.__dict__ for source in citation.sources]),
            )
        )
    session.flush()
    return message


def messages_with_citations(
    session: Session, conversation_id: int
) -> list[tuple[Message, list[Citation]]]:
    messages = session.exec(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(col(Message.created_at), col(Message.id))
    ).all()
    if not messages:
        return []
    citations = session.exec(
        select(Citation)
        .where(col(Citation.message_id).in_([message.id for message in messages]))
        .order_by(col(Citation.n))
    ).all()
    by_message: dict[int, list[Citation]] = {}
    for citation in citations:
        by_message.setdefault(citation.message_id, []).append(citation)
    return [(message, by_message.get(message.id, [])) for message in messages]


def last_assistant_message(session: Session, conversation_id: int) -> Message | None:
    statement = (
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.author == "assistant")
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
    )
    return session.exec(statement).first()
