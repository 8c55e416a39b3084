"""Reads every record held about one patient into a PatientExport (one unit of work)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from assistant.patient_export import PatientExport
from assistant.storage import accounts, consents, conversations, escalations, genetics
from assistant.storage import results as result_store
from assistant.storage.models import AnswerFeedback, AuditEvent, Conversation, User, as_utc


def gather_patient_export(session: Session, user_id: int, patient_id: str, now: datetime) -> PatientExport:
    user = accounts.get_user(session, user_id)
    patient = accounts.get_patient(session, patient_id)
    return PatientExport(
        generated_at=now,
        account={"username": user.username, "role": user.role, "created_at": as_utc(user.created_at)},
        patient={"pseudonym": patient.pseudonym, "name": patient.display_name, "sex": patient.sex,
                 "birth_date": patient.birth_date},
        consents=[{"version": c.version, "accepted_at": as_utc(c.accepted_at)}
                  for c in consents.for_user(session, user_id)],
        conversations=_conversations(session, patient_id),
        lab_results=[_lab_row(row) for row in result_store.results_for_patient(session, patient_id)],
        genetic_results=[
            {"gene": g.gene, "diplotype": g.diplotype, "phenotype": g.phenotype, "status": g.status,
             "source": g.source, "imported_at": as_utc(g.imported_at),
             "reviewed_at": as_utc(g.reviewed_at) if g.reviewed_at else None}
            for g in genetics.genetic_results(session, patient_id)
        ],
        review_preferences=result_store.review_preferences(session, patient_id),
        care_team_requests=[
            {"id": e.id, "reason": e.reason, "state": e.state, "created_at": as_utc(e.created_at),
             "answered_at": as_utc(e.answered_at) if e.answered_at else None}
            for e in escalations.for_patient(session, patient_id)
        ],
        answer_ratings=[
            {"rated_at": as_utc(f.updated_at), "helpful": f.helpful, "reason": f.reason,
             "comment": f.comment_deidentified}
            for f in session.exec(select(AnswerFeedback).where(AnswerFeedback.patient_id == patient_id)).all()
        ],
        access_log=_access_log(session, user_id, patient_id),
    )


def _conversations(session: Session, patient_id: str) -> list[dict]:
    rows = session.exec(select(Conversation).where(Conversation.patient_id == patient_id)
                        .order_by(col(Conversation.started_at))).all()
    return [
        {"started_at": as_utc(conversation.started_at), "messages": [
            {"author": message.author, "created_at": as_utc(message.created_at),
             "text": message.text_deidentified,
             "citations": [{"title": c.title, "url": c.url} for c in cites]}
            for message, cites in conversations.messages_with_citations(session, conversation.id)
        ]}
        for conversation in rows
    ]


def _lab_row(row) -> dict:
    return {"date": as_utc(row.effective_at).date(), "test": row.display, "loinc": row.loinc,
            "value": row.value if row.value is not None else row.value_text, "unit": row.unit,
            "reference_low": row.reference_low, "reference_high": row.reference_high, "status": row.status}


def _access_log(session: Session, user_id: int, patient_id: str) -> list[dict]:
    """Events by this account, and by anyone on this patient's records or requests."""
    requests = [str(e.id) for e in escalations.for_patient(session, patient_id)]
    statement = (
        select(AuditEvent, User.username)
        .join(User, col(AuditEvent.actor_user_id) == col(User.id), isouter=True)
        .where(or_(AuditEvent.actor_user_id == user_id,
                   (col(AuditEvent.record_type) == "patient") & (col(AuditEvent.record_id) == patient_id),
                   (col(AuditEvent.record_type) == "escalation") & col(AuditEvent.record_id).in_(requests)))
        .order_by(col(AuditEvent.id))
    )
    return [{"at": as_utc(event.at), "by": username or "system", "action": event.action,
             "outcome": event.outcome} for event, username in session.exec(statement).all()]
