"""Escalations: a patient's conversation handed to clinic staff."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.storage.models import Escalation, Patient, utcnow


def open_escalation(
    session: Session,
    patient_id: str,
    conversation_id: int | None,
    reason: str,
    transcript_deidentified: str,
) -> Escalation:
    escalation = Escalation(
        patient_id=patient_id,
        conversation_id=conversation_id,
        reason=reason,
        transcript_deidentified=transcript_deidentified,
    )
    session.add(escalation)
    session.flush()
    return escalation


def list_escalations(session: Session, status: str = "open") -> list[tuple[Escalation, str]]:
    """Escalations with the patient's pseudonym, oldest first (first come, first served)."""
    rows = session.exec(
        select(Escalation, Patient.pseudonym)
        .join(Patient, col(Patient.id) == col(Escalation.patient_id))
        .where(Escalation.status == status)
        .order_by(col(Escalation.created_at), col(Escalation.id))
    ).all()
    return [(escalation, pseudonym) for escalation, pseudonym in rows]


def mark_handled(session: Session, escalation_id: int, user_id: int) -> Escalation | None:
    escalation = session.get(Escalation, escalation_id)
    if escalation is None:
        return None
    escalation.status = "handled"
    escalation.handled_at = utcnow()
    escalation.handled_by = user_id
    session.add(escalation)
    session.flush()
    return escalation
