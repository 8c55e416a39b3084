"""Pharmacogenomic results, one row per patient and gene."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, col, select

from assistant.storage.models import GeneticResult, utcnow

_FIELDS = ("diplotype", "phenotype", "activity_score", "status", "reason")


def _hash(record) -> str:
    return hashlib.sha256(json.dumps([getattr(record, name) for name in _FIELDS], default=str).encode()).hexdigest()


def upsert_genetic_result(session: Session, patient_id: str, record, source: str) -> str:
    """Insert or update in place by (patient, gene); returns created|updated|unchanged."""
    row = session.exec(
        select(GeneticResult).where(GeneticResult.patient_id == patient_id, GeneticResult.gene == record.gene)
    ).first()
    digest = _hash(record)
    if row is not None and row.content_hash == digest:
        return "unchanged"
    if row is not None and row.status == "called" and record.status != "called":
        # A VCF cannot call CYP2D6 or HLA; that must not erase the lab's outside call.
        return "unchanged"
    outcome = "updated" if row is not None else "created"
    row = row or GeneticResult(patient_id=patient_id, gene=record.gene, status=record.status,
                               source=source, content_hash=digest)
    for name in _FIELDS:
        setattr(row, name, getattr(record, name, None))
    row.source, row.content_hash, row.imported_at = source, digest, utcnow()
    row.reviewed_at, row.reviewed_by = None, None  # a new or changed result needs a new review
    session.add(row)
    session.flush()
    return outcome


def genetic_results(session: Session, patient_id: str) -> list[GeneticResult]:
    statement = select(GeneticResult).where(GeneticResult.patient_id == patient_id).order_by(col(GeneticResult.gene))
    return list(session.exec(statement).all())


def unreviewed_genetic_results(session: Session, patient_ids: list[str]) -> list[GeneticResult]:
    if not patient_ids:
        return []
    statement = (
        select(GeneticResult)
        .where(col(GeneticResult.patient_id).in_(patient_ids))
        .where(col(GeneticResult.reviewed_at).is_(None))
        .where(GeneticResult.status == "called")
        .order_by(col(GeneticResult.patient_id), col(GeneticResult.gene))
    )
    return list(session.exec(statement).all())


def mark_genetic_reviewed(session: Session, result_ids: list[int], user_id: int) -> int:
    count = 0
    for result_id in result_ids:
        row = session.get(GeneticResult, result_id)
        if row is not None and row.reviewed_at is None:
            row.reviewed_at, row.reviewed_by = utcnow(), user_id
            session.add(row)
            count += 1
    session.flush()
    return count
