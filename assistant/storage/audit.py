"""Append-only audit trail. Callers pass ids and action names, never text."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.storage.models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    actor_user_id: int | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor_user_id=actor_user_id,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        outcome=outcome,
    )
    session.add(event)
    session.flush()
    return event


def recent(session: Session, limit: int = 100) -> list[AuditEvent]:
    statement = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    return list(session.exec(statement).all())
