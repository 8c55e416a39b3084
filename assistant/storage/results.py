"""Lab results, reports and review preferences, always scoped by patient id."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from assistant.storage.models import LabReport, LabResult, ReviewPreference, utcnow

_RESULT_FIELDS = (
    "loinc", "display", "category", "status", "value", "value_text", "unit", "reference_low",
    "reference_high", "reference_unit", "interpretation", "effective_at", "content_hash",
)


def upsert_result(session: Session, patient_id: str, record, result_category: str) -> tuple[LabResult, str]:
    """Insert or update in place by (patient, source id); returns (row, created|updated|unchanged)."""
    row = session.exec(
        select(LabResult).where(LabResult.patient_id == patient_id, LabResult.source_id == record.source_id)
    ).first()
    values = {name: getattr(record, name) for name in _RESULT_FIELDS}
    if row is None:
        row = LabResult(patient_id=patient_id, source_id=record.source_id, result_category=result_category, **values)
        session.add(row)
        session.flush()
        return row, "created"
    if row.content_hash == record.content_hash:
        return row, "unchanged"
    for name, value in values.items():
        setattr(row, name, value)
    row.result_category = result_category
    row.updated_at = utcnow()
    # A changed value is a new result as far as review goes.
    row.reviewed_at, row.reviewed_by = None, None
    session.add(row)
    session.flush()
    return row, "updated"


def upsert_report(session: Session, patient_id: str, record) -> str:
    row = session.exec(
        select(LabReport).where(LabReport.patient_id == patient_id, LabReport.source_id == record.source_id)
    ).first()
    values = dict(code=record.code, display=record.display, status=record.status,
                  effective_at=record.effective_at, result_source_ids=json.dumps(list(record.result_source_ids)),
                  content_hash=record.content_hash)
    if row is None:
        session.add(LabReport(patient_id=patient_id, source_id=record.source_id, **values))
        return "created"
    if row.content_hash == record.content_hash:
        return "unchanged"
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    return "updated"


def results_for_patient(session: Session, patient_id: str, loinc: str | None = None) -> list[LabResult]:
    """All results of one patient (optionally one test), oldest first."""
    statement = select(LabResult).where(LabResult.patient_id == patient_id)
    if loinc is not None:
        statement = statement.where(LabResult.loinc == loinc)
    return list(session.exec(statement.order_by(col(LabResult.effective_at), col(LabResult.id))).all())


def get_result(session: Session, result_id: int) -> LabResult | None:
    return session.get(LabResult, result_id)


def awaiting_review(session: Session, categories_by_patient: dict[str, set[str]]) -> list[LabResult]:
    """Unreviewed results in the categories each patient chose to wait for."""
    rows: list[LabResult] = []
    for patient_id, categories in categories_by_patient.items():
        rows.extend(session.exec(
            select(LabResult)
            .where(LabResult.patient_id == patient_id)
            .where(col(LabResult.result_category).in_(sorted(categories)))
            .where(col(LabResult.reviewed_at).is_(None))
            .order_by(col(LabResult.effective_at))
        ).all())
    return rows


def mark_reviewed(session: Session, result_ids: Iterable[int], user_id: int, at: datetime | None = None) -> int:
    count = 0
    for result_id in result_ids:
        row = session.get(LabResult, result_id)
        if row is not None and row.reviewed_at is None:
            row.reviewed_at, row.reviewed_by = at or utcnow(), user_id
            session.add(row)
            count += 1
    session.flush()
    return count


def review_preferences(session: Session, patient_id: str) -> dict[str, bool]:
    rows = session.exec(select(ReviewPreference).where(ReviewPreference.patient_id == patient_id)).all()
    return {row.result_category: row.wait_for_review for row in rows}


def waiting_patients(session: Session) -> dict[str, set[str]]:
    rows = session.exec(select(ReviewPreference).where(col(ReviewPreference.wait_for_review).is_(True))).all()
    waiting: dict[str, set[str]] = {}
    for row in rows:
        waiting.setdefault(row.patient_id, set()).add(row.result_category)
    return waiting


def set_review_preference(session: Session, patient_id: str, category: str, wait: bool) -> None:
    row = session.exec(
        select(ReviewPreference).where(
            ReviewPreference.patient_id == patient_id, ReviewPreference.result_category == category)
    ).first()
    if row is None:
        row = ReviewPreference(patient_id=patient_id, result_category=category)
    row.wait_for_review, row.updated_at = wait, utcnow()
    session.add(row)
    session.flush()


