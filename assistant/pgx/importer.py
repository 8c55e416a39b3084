"""Store a patient's pharmacogenomic results from a VCF or a lab's outside-call file.

The file is read and checked completely first (the readers are all-or-nothing);
then every gene is written in one unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.uploads import DEFAULT_MAX_UPLOAD_BYTES, PGX_SUFFIXES, check_upload
from assistant.errors import ResultsImportError
from assistant.pgx.report_import import import_outside_calls
from assistant.pgx.vcf import call_vcf
from assistant.storage import Database, accounts, audit
from assistant.storage.genetics import upsert_genetic_result


@dataclass(frozen=True)
class PgxImportReport:
    patient_id: str
    genes: int
    called: int
    created: int
    updated: int
    unchanged: int


def read_pgx_file(path: Path, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES):
    check_upload(path, PGX_SUFFIXES, max_bytes)
    if path.name.lower().endswith((".vcf", ".vcf.gz")):
        return call_vcf(path)
    return import_outside_calls(path)


def import_pgx(database: Database, path: Path, patient_id: str, *,
               max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> PgxImportReport:
    results = read_pgx_file(path, max_bytes)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with database.session() as session:
        if accounts.get_patient(session, patient_id) is None:
            raise ResultsImportError(f"patient '{patient_id}' does not exist; import their FHIR record first or seed it")
        for result in results:
            counts[upsert_genetic_result(session, patient_id, result, result.source)] += 1
        audit.record(session, "genetics.import", record_type="patient", record_id=patient_id)
    called = sum(result.status == "called" for result in results)
    return PgxImportReport(patient_id, len(results), called, **counts)
