"""Escalations: a patient's conversation handed to clinic staff, and its state changes."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session, col, select

from assistant.errors import ConflictError, NotFoundError
from assistant.escalation import TRANSITIONS, EscalationState
from assistant.storage.models import Escalation, Patient, User, utcnow
from assistant.storage.versioned import update_if_current

_TIMESTAMP_FOR_STATE = {
    EscalationState.CLAIMED: "claimed_at",
    EscalationState.ANSWERED: "answered_at",
    EscalationState.CLOSED: "closed_at",
    EscalationState.CANCELLED: "cancelled_at",
}


def open_escalation(
    session: Session,
    patient_id: str,
    conversation_id: int | None,
    reason: str,
    priority: int,
    transcript_deidentified: str,
    reason_codes: str = "",
) -> Escalation:
    escalation = Escalation(
        patient_id=patient_id,
        conversation_id=conversation_id,
        reason=reason,
        reason_codes=reason_codes,
        priority=priority,
        transcript_deidentified=transcript_deidentified,
    )
    session.add(escalation)
    session.flush()
    return escalation


def get_escalation(session: Session, escalation_id: int) -> Escalation:
    escalation = session.get(Escalation, escalation_id)
    if escalation is None:
        raise NotFoundError(f"escalation {escalation_id} does not exist")
    return escalation


def queue(
    session: Session,
    states: Collection[str],
    reasons: Collection[str] = (),
    priorities: Collection[int] = (),
) -> list[tuple[Escalation, str, str | None]]:
    """(escalation, patient pseudonym, claimant username), by priority then age."""
    statement = (
        select(Escalation, Patient.pseudonym, User.username)
        .join(Patient, col(Patient.id) == col(Escalation.patient_id))
        .join(User, col(User.id) == col(Escalation.claimed_by), isouter=True)
        .where(col(Escalation.state).in_(list(states)))
        .order_by(col(Escalation.priority), col(Escalation.created_at), col(Escalation.id))
    )
    if reasons:
        statement = statement.where(col(Escalation.reason).in_(list(reasons)))
    if priorities:
        statement = statement.where(col(Escalation.priority).in_(list(priorities)))
    return [tuple(row) for row in session.exec(statement).all()]


def for_patient(session: Session, patient_id: str) -> list[Escalation]:
    statement = (
        select(Escalation)
        .where(Escalation.patient_id == patient_id)
        .order_by(col(Escalation.created_at).desc(), col(Escalation.id).desc())
    )
    return list(session.exec(statement).all())


def transition(
    session: Session, escalation_id: int, action: str, expected_version: int, **fields
) -> Escalation:
    """Apply `action` only if the row is still at `expected_version` and in an allowed state.

    Of two concurrent callers exactly one changes the row; the other gets a ConflictError
    naming the new state.
    """
    rule = TRANSITIONS[action]
    values = {"state": rule.to.value, **fields}
    if rule.to in _TIMESTAMP_FOR_STATE:
        values[_TIMESTAMP_FOR_STATE[rule.to]] = utcnow()
    allowed = [state.value for state in rule.allowed_from]
    if not update_if_current(session, Escalation, escalation_id, expected_version, allowed, **values):
        current = get_escalation(session, escalation_id)
        raise ConflictError(
            f"escalation {escalation_id} is already {current.state} (version {current.version}); "
            f"'{action}' is not possible now, reload the queue"
        )
    return get_escalation(session, escalation_id)
