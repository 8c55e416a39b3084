"""Patients' acceptances of the disclosure, one row per version accepted."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from assistant.storage.models import ConsentRecord


def has_accepted(session: Session, user_id: int, version: str) -> bool:
    statement = select(ConsentRecord.id).where(ConsentRecord.user_id == user_id, ConsentRecord.version == version)
    return session.exec(statement).first() is not None


def accept(session: Session, user_id: int, version: str, now: datetime) -> ConsentRecord:
    record = ConsentRecord(user_id=user_id, version=version, accepted_at=now)
    session.add(record)
    session.flush()
    return record


def for_user(session: Session, user_id: int) -> list[ConsentRecord]:
    return list(session.exec(select(ConsentRecord).where(ConsentRecord.user_id == user_id)).all())
