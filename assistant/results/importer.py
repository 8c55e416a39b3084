"""Write parsed FHIR bundles for a Tailor patient: all files validated first, then one
unit of work, so a bad file anywhere writes nothing at all.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from assistant.uploads import DEFAULT_MAX_UPLOAD_BYTES
from assistant.errors import ResultsImportError
from assistant.escalation import PRIORITY_FOR_REASON, EscalationReason
from assistant.results.catalog import LabCatalog
from assistant.results.fhir_bundle import ParsedBundle, bundle_files, read_bundle
from assistant.results.flags import Flag
from assistant.results.reference_ranges import ReferenceRangeTable
from assistant.results.summary import summarize
from assistant.storage import Database, audit, escalations
from assistant.storage import results as result_store
from assistant.storage.models import Escalation, Patient

CRITICAL = {Flag.CRITICAL_HIGH, Flag.CRITICAL_LOW}


@dataclass
class ImportReport:
    files: int = 0
    patients: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    critical_escalations: int = 0


def _new_pseudonym(session: Session) -> str:
    while True:
        candidate = f"P-{secrets.randbelow(90000) + 10000}"
        if session.exec(select(Patient).where(Patient.pseudonym == candidate)).first() is None:
            return candidate


def _patient_for(session: Session, bundle: ParsedBundle, patient_id: str) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        patient = Patient(id=patient_id, pseudonym=_new_pseudonym(session))
    elif patient.fhir_id and patient.fhir_id != bundle.patient.fhir_id:
        raise ResultsImportError(
            f"{bundle.path.name}: Patient/{bundle.patient.fhir_id} is a different person from the one "
            f"already linked to Tailor patient '{patient_id}'; nothing was imported"
        )
    patient.fhir_id = bundle.patient.fhir_id
    patient.display_name = bundle.patient.display_name
    patient.sex = bundle.patient.sex
    patient.birth_date = bundle.patient.birth_date
    session.add(patient)
    session.flush()
    return patient


def _escalate_critical(session: Session, patient: Patient, touched_loincs: set[str],
                       ranges: ReferenceRangeTable, catalog: LabCatalog) -> int:
    """One escalation per critical latest result, never twice for the same result."""
    count = 0
    for loinc in sorted(touched_loincs):
        rows = result_store.results_for_patient(session, patient.id, loinc)
        summary = summarize(rows, sex=patient.sex, birth_date=patient.birth_date,
                            ranges=ranges, catalog=catalog, waiting_categories=set())
        if summary.flag not in CRITICAL:
            continue
        if session.exec(select(Escalation).where(Escalation.lab_result_id == summary.result_id)).first():
            continue
        transcript = (f"Result: {summary.name} {summary.display_value} on {summary.effective_on:%Y-%m-%d} "
                      f"({summary.flag.value})")
        escalation = escalations.open_escalation(
            session, patient.id, None, EscalationReason.CRITICAL_VALUE.value,
            PRIORITY_FOR_REASON[EscalationReason.CRITICAL_VALUE].value, transcript, summary.flag.value)
        escalation.lab_result_id = summary.result_id
        session.add(escalation)
        audit.record(session, "escalation.open", record_type="escalation", record_id=escalation.id)
        count += 1
    return count


def import_bundles(
    database: Database, paths: list[Path], patient_id: str | None,
    ranges: ReferenceRangeTable, catalog: LabCatalog, *, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> ImportReport:
    files = bundle_files(paths, max_bytes)
    bundles = [read_bundle(path) for path in files]  # every file is valid before anything is written
    if patient_id and len({b.patient.fhir_id for b in bundles}) > 1:
        raise ResultsImportError("--patient names one Tailor patient, but the files hold different FHIR Patients")
    report = ImportReport(files=len(files))
    with database.session() as session:
        for bundle in bundles:
            patient = _patient_for(session, bundle, patient_id or bundle.patient.fhir_id)
            touched: set[str] = set()
            counts: dict[str, int] = defaultdict(int)
            for record in bundle.results:
                row, outcome = result_store.upsert_result(session, patient.id, record, catalog.category_for(record.loinc))
                counts[outcome] += 1
                if outcome != "unchanged":
                    touched.add(row.loinc)
            for record in bundle.reports:
                result_store.upsert_report(session, patient.id, record)
            report.critical_escalations += _escalate_critical(session, patient, touched, ranges, catalog)
            report.created += counts["created"]
            report.updated += counts["updated"]
            report.unchanged += counts["unchanged"]
            report.skipped += bundle.skipped
            report.patients.append(patient.id)
            audit.record(session, "results.import", record_type="patient", record_id=patient.id)
    return report
