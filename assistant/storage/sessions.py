"""Server-side sessions (see assistant.sessions for the policy)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from assistant.storage.models import UserSession


def start(session: Session, token_hash: str, user_id: int, now: datetime, expires_at: datetime) -> UserSession:
    row = UserSession(token_hash=token_hash, user_id=user_id, created_at=now, last_seen_at=now,
                      expires_at=expires_at)
    session.add(row)
    session.flush()
    return row


def get(session: Session, token_hash: str) -> UserSession | None:
    return session.get(UserSession, token_hash)


def end(session: Session, row: UserSession, now: datetime, reason: str) -> None:
    row.ended_at, row.end_reason = now, reason
    session.add(row)
    session.flush()


def end_all_for_user(session: Session, user_id: int, now: datetime, reason: str) -> int:
    result = session.exec(
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.ended_at).is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    return result.rowcount


def live_for_user(session: Session, user_id: int) -> list[UserSession]:
    statement = select(UserSession).where(UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
    return list(session.exec(statement).all())
