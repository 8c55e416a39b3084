"""Escalation rules: reasons, priorities, response targets and the state machine.

Pure: storage applies a transition atomically (optimistic locking on `version`);
this module only says which transitions exist and what is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from assistant.types import TriageLevel


class EscalationReason(StrEnum):
    PATIENT_REQUEST = "patient_request"
    EMERGENCY = "emergency"
    URGENT = "urgent"
    CRITICAL_VALUE = "critical_value"
    LOW_CONFIDENCE = "low_confidence"
    MEDICATION_QUESTION = "medication_question"


class EscalationState(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Priority(IntEnum):
    EMERGENCY = 1
    URGENT = 2
    ROUTINE = 3


PRIORITY_FOR_REASON = {
    EscalationReason.EMERGENCY: Priority.EMERGENCY,
    EscalationReason.URGENT: Priority.URGENT,
    EscalationReason.CRITICAL_VALUE: Priority.URGENT,
    EscalationReason.MEDICATION_QUESTION: Priority.ROUTINE,
    EscalationReason.PATIENT_REQUEST: Priority.ROUTINE,
    EscalationReason.LOW_CONFIDENCE: Priority.ROUTINE,
}

# How soon a first staff response is due. Emergencies were already told to call 911;
# the queue makes sure someone follows up quickly.
RESPONSE_TARGET = {
    Priority.EMERGENCY: timedelta(minutes=15),
    Priority.URGENT: timedelta(hours=4),
    Priority.ROUTINE: timedelta(hours=48),
}

ACTIVE_STATES = frozenset({EscalationState.OPEN, EscalationState.CLAIMED})


@dataclass(frozen=True)
class Transition:
    allowed_from: frozenset[EscalationState]
    to: EscalationState


TRANSITIONS: dict[str, Transition] = {
    "claim": Transition(frozenset({EscalationState.OPEN}), EscalationState.CLAIMED),
    "release": Transition(frozenset({EscalationState.CLAIMED}), EscalationState.OPEN),
    "answer": Transition(frozenset({EscalationState.CLAIMED, EscalationState.ANSWERED}), EscalationState.ANSWERED),
    "close": Transition(frozenset({EscalationState.ANSWERED}), EscalationState.CLOSED),
    "cancel": Transition(frozenset({EscalationState.OPEN, EscalationState.CLAIMED}), EscalationState.CANCELLED),
}


def reason_for_triage(level: TriageLevel) -> EscalationReason | None:
    """Which escalation, if any, a triage level files by itself (no button press)."""
    return {
        TriageLevel.EMERGENCY: EscalationReason.EMERGENCY,
        TriageLevel.URGENT: EscalationReason.URGENT,
        TriageLevel.MEDICATION: EscalationReason.MEDICATION_QUESTION,
    }.get(level)


def due_at(priority: Priority, created_at: datetime) -> datetime:
    return created_at + RESPONSE_TARGET[priority]


def is_overdue(priority: Priority, state: EscalationState, created_at: datetime, now: datetime) -> bool:
    return state in ACTIVE_STATES and now > due_at(priority, created_at)
