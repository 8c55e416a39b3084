"""Append-only audit trail with a hash chain. Callers pass ids and action names, never text.

Each event stores `prev_hash` (the hash of the event before it, by id) and `hash`, the
SHA-256 of its own fields and `prev_hash`. Changing a stored event breaks its hash;
removing or inserting one breaks the link of the next. Triggers installed by
`install_append_only_guards` make the database itself refuse UPDATE and DELETE.
Cutting events off the end leaves a valid shorter chain, so `verify_chain` reports the
head hash and count for the operator to note elsewhere (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.storage.models import AuditEvent, User, as_utc, utcnow

GENESIS_HASH = "0" * 64
# Any constant: serialises writers of the chain on PostgreSQL for one transaction.
_POSTGRES_CHAIN_LOCK = 7_340_117


def record(
    session: Session,
    action: str,
    *,
    actor_user_id: int | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    _lock_chain(session)
    previous = session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    event = AuditEvent(
        at=utcnow(),
        action=action,
        actor_user_id=actor_user_id,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        outcome=outcome,
        prev_hash=previous or GENESIS_HASH,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


def event_hash(event: AuditEvent) -> str:
    content = [
        as_utc(event.at).isoformat(timespec="microseconds"), event.actor_user_id, event.action,
        event.record_type, event.record_id, event.outcome, event.prev_hash,
    ]
    return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()


def _lock_chain(session: Session) -> None:
    """Hold the chain's write lock before reading its head, until commit.

    Two transactions must not both extend the chain from the same head. PostgreSQL takes
    an advisory lock. SQLite allows one writer at a time, but Python's driver runs reads
    outside a transaction until the first write, so a head read first could be stale by
    the time the insert gets the lock: a write that matches no row takes the lock first.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_CHAIN_LOCK})
    elif dialect == "sqlite":
        session.execute(text("UPDATE auditevent SET id = id WHERE 0"))


def recent(session: Session, limit: int = 100) -> list[AuditEvent]:
    statement = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    return list(session.exec(statement).all())


@dataclass(frozen=True)
class AuditQuery:
    """Filters for the audit search page; every field optional."""

    username: str | None = None
    action_prefix: str | None = None
    record_type: str | None = None
    record_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 200


def search(session: Session, query: AuditQuery) -> list[tuple[AuditEvent, str | None]]:
    """Events matching `query`, newest first, with the actor's username."""
    statement = select(AuditEvent, User.username).join(
        User, col(AuditEvent.actor_user_id) == col(User.id), isouter=True)
    if query.username:
        statement = statement.where(User.username == query.username)
    if query.action_prefix:
        statement = statement.where(col(AuditEvent.action).startswith(query.action_prefix, autoescape=True))
    if query.record_type:
        statement = statement.where(AuditEvent.record_type == query.record_type)
    if query.record_id:
        statement = statement.where(AuditEvent.record_id == query.record_id)
    if query.since:
        statement = statement.where(AuditEvent.at >= query.since)
    if query.until:
        statement = statement.where(AuditEvent.at < query.until)
    statement = statement.order_by(col(AuditEvent.id).desc()).limit(query.limit)
    return [(event, username) for event, username in session.exec(statement).all()]


@dataclass(frozen=True)
class ChainReport:
    events: int
    head_hash: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(session: Session, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash and link, oldest first; name each event that does not fit."""
    problems: list[str] = []
    expected_prev, count = GENESIS_HASH, 0
    for event in _in_order(session, batch_size):
        count += 1
        if event.prev_hash != expected_prev:
            problems.append(f"event {event.id}: does not follow the event before it "
                            "(an event was removed or inserted)")
        if event_hash(event) != event.hash:
            problems.append(f"event {event.id}: its content was changed after it was written")
        expected_prev = event.hash
    return ChainReport(count, expected_prev, tuple(problems))


def _in_order(session: Session, batch_size: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        batch = session.exec(
            select(AuditEvent).where(col(AuditEvent.id) > last_id).order_by(col(AuditEvent.id)).limit(batch_size)
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


_SQLITE_GUARDS = [
    f"""CREATE TRIGGER IF NOT EXISTS auditevent_no_{verb.lower()} BEFORE {verb} ON auditevent
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
    for verb in ("UPDATE", "DELETE")
]
_POSTGRES_GUARDS = [
    """CREATE OR REPLACE FUNCTION tailor_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
    """CREATE OR REPLACE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent
       FOR EACH ROW EXECUTE FUNCTION tailor_audit_append_only()""",
    """CREATE OR REPLACE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION tailor_audit_append_only()""",
]


def install_append_only_guards(engine: Engine) -> None:
    statements = {"sqlite": _SQLITE_GUARDS, "postgresql": _POSTGRES_GUARDS}.get(engine.dialect.name, [])
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
