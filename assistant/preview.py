"""Staff preview: what a patient would get for a question, and why. Nothing is stored but the audit.

`TailorService` delegates here. The preview runs the same pipeline with the chosen
patient's results joined by patient id, applies the same approval rule, and returns
the pipeline's trace; it never touches the patient's conversation or the queues.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant import roles
from assistant.approval import REVIEWING_TEXT, held_topics
from assistant.errors import NotFoundError
from assistant.escalation import reason_for_triage
from assistant.pipeline import PipelineTrace
from assistant.privacy import PseudonymMap
from assistant.storage import accounts, audit
from assistant.storage.models import Patient
from assistant.topics import answer_topics
from assistant.types import Answer, Principal
from sqlmodel import col, select


@dataclass(frozen=True)
class PreviewPatient:
    id: str
    pseudonym: str


@dataclass(frozen=True)
class Preview:
    """The answer as composed, what the patient would see, and the trace behind it."""

    patient_pseudonym: str | None
    answer: Answer
    trace: PipelineTrace
    topics: tuple[str, ...]
    held_for: tuple[str, ...]  # approval topics that would hold it; empty: shown at once
    patient_sees: str
    escalation: str | None  # the escalation the question would file by itself


def patients(service, principal: Principal) -> list[PreviewPatient]:
    """Patients to preview as, by pseudonym (staff screens never show names)."""
    roles.require(principal, roles.STAFF_ROLES, "preview answers")
    with service.database.session() as session:
        rows = session.exec(select(Patient).order_by(col(Patient.pseudonym))).all()
        audit.record(session, "preview.patients", actor_user_id=principal.user_id)
    return [PreviewPatient(row.id, row.pseudonym) for row in rows]


def run(service, principal: Principal, question: str, patient_id: str | None = None) -> Preview:
    roles.require(principal, roles.STAFF_ROLES, "preview answers")
    pseudonym = None
    if patient_id is not None:
        with service.database.session() as session:
            patient = accounts.get_patient(session, patient_id)
            if patient is None:
                raise NotFoundError(f"patient '{patient_id}' does not exist")
            pseudonym = patient.pseudonym
    lookups = {}
    if patient_id is not None:
        lookups = {"patient_results": service._results_lookup(patient_id),
                   "patient_genetics": service._genetics_lookup(patient_id)}
    result = service.pipeline.run(question, pseudonyms=PseudonymMap(), **lookups)
    answer, trace = result.answer, result.trace
    topics = answer_topics(answer, service.pipeline.articles, trace.used_genetics)
    held = held_topics(answer, topics, service.approval_topics) if patient_id is not None else ()
    escalation = reason_for_triage(answer.triage.level)
    with service.database.session() as session:
        audit.record(session, "preview.run", actor_user_id=principal.user_id,
                     record_type="patient" if patient_id else None, record_id=patient_id)
    return Preview(pseudonym, answer, trace, topics, held, REVIEWING_TEXT if held else answer.answer,
                   escalation.value if escalation else None)
