"""Read a FHIR R4 Bundle into plain records: one Patient, its lab and vital-sign results,
and its DiagnosticReports. Pure: no database, no network.

Resources are validated with `fhir.resources` (its R4B models read R4 data); any
invalid resource rejects the whole bundle with an error naming the file and element.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from assistant.uploads import DEFAULT_MAX_UPLOAD_BYTES, FHIR_SUFFIXES, check_upload
from assistant.errors import ResultsImportError

LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
IMPORTED_CATEGORIES = {"laboratory", "vital-signs"}
MAX_BUNDLE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class PatientRecord:
    fhir_id: str
    display_name: str | None
    sex: str | None
    birth_date: date | None


@dataclass(frozen=True)
class ResultRecord:
    source_id: str
    loinc: str
    display: str
    category: str
    status: str
    effective_at: datetime
    value: float | None
    value_text: str | None
    unit: str | None
    reference_low: float | None
    reference_high: float | None
    reference_unit: str | None
    interpretation: str | None
    content_hash: str


@dataclass(frozen=True)
class ReportRecord:
    source_id: str
    code: str | None
    display: str
    status: str
    effective_at: datetime | None
    result_source_ids: tuple[str, ...]
    content_hash: str


@dataclass
class ParsedBundle:
    path: Path
    patient: PatientRecord
    results: list[ResultRecord] = field(default_factory=list)
    reports: list[ReportRecord] = field(default_factory=list)
    skipped: int = 0


def _models():
    # Imported lazily: fhir.resources builds hundreds of pydantic models on import.
    from fhir.resources.R4B.diagnosticreport import DiagnosticReport
    from fhir.resources.R4B.observation import Observation
    from fhir.resources.R4B.patient import Patient

    return {"Patient": Patient, "Observation": Observation, "DiagnosticReport": DiagnosticReport}


def _hash(resource: dict) -> str:
    return hashlib.sha256(json.dumps(resource, sort_keys=True).encode()).hexdigest()


def _fail(path: Path, where: str, problem: str) -> ResultsImportError:
    return ResultsImportError(f"{path.name}: {where}: {problem}; nothing from this file was imported")


def _load_json(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise _fail(path, "file", f"larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise _fail(path, f"line {error.lineno}", f"not valid JSON ({error.msg})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(path, "file", f"cannot be read ({type(error).__name__})") from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise _fail(path, "resourceType", "expected a FHIR Bundle")
    if not isinstance(data.get("entry"), list):
        raise _fail(path, "Bundle.entry", "missing or not a list")
    return data


def _validated(path: Path, index: int, resource: dict):
    kind = resource["resourceType"]
    try:
        return _models()[kind].model_validate(resource)
    except ValidationError as error:
        first = error.errors()[0]
        element = ".".join(str(part) for part in first["loc"] if part != "__root__") or kind
        where = f"entry[{index}] {kind}/{resource.get('id', '?')}"
        raise _fail(path, where, f"invalid element '{element}' ({first['msg']})") from None


def _loinc(codeable) -> tuple[str | None, str]:
    codings = codeable.coding or []
    display = codeable.text or next((c.display for c in codings if c.display), "") or ""
    code = next((c.code for c in codings if c.system == LOINC_SYSTEM and c.code), None)
    # Some displays carry zero-width spaces; compare on codes, store clean text.
    return code, display.replace("\u200b", "")


def _quantity(quantity) -> tuple[float | None, str | None]:
    if quantity is None or quantity.value is None:
        return None, None
    unit = quantity.code if quantity.system == UCUM_SYSTEM and quantity.code else quantity.unit
    return float(quantity.value), unit


def _effective(observation) -> datetime | None:
    if observation.effectiveDateTime is not None:
        return _as_datetime(observation.effectiveDateTime)
    if observation.effectivePeriod is not None and observation.effectivePeriod.start is not None:
        return _as_datetime(observation.effectivePeriod.start)
    return _as_datetime(observation.issued) if observation.issued is not None else None


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def _category(observation) -> str | None:
    for concept in observation.category or []:
        for coding in concept.coding or []:
            if coding.code in IMPORTED_CATEGORIES:
                return coding.code
    return None


def _reference_range(observation) -> tuple[float | None, float | None, str | None]:
    if not observation.referenceRange:
        return None, None, None
    first = observation.referenceRange[0]
    low, low_unit = _quantity(first.low)
    high, high_unit = _quantity(first.high)
    return low, high, low_unit or high_unit


def _interpretation(observation) -> str | None:
    for concept in observation.interpretation or []:
        for coding in concept.coding or []:
            if coding.code:
                return coding.code
    return None


def _results(observation, content_hash: str) -> list[ResultRecord]:
    """One record per value: the Observation's own, or one per component (blood pressure)."""
    category = _category(observation)
    loinc, display = _loinc(observation.code)
    effective = _effective(observation)
    if category is None or loinc is None or effective is None:
        return []
    low, high, range_unit = _reference_range(observation)
    common = dict(category=category, status=observation.status, effective_at=effective,
                  reference_low=low, reference_high=high, reference_unit=range_unit,
                  interpretation=_interpretation(observation), content_hash=content_hash)
    if observation.component:
        records = []
        for component in observation.component:
            code, text = _loinc(component.code)
            value, unit = _quantity(component.valueQuantity)
            if code and value is not None:
                records.append(ResultRecord(source_id=f"{observation.id}#{code}", loinc=code, display=text,
                                            value=value, value_text=None, unit=unit, **common))
        return records
    value, unit = _quantity(observation.valueQuantity)
    value_text = None
    if observation.valueCodeableConcept is not None:
        value_text = _loinc(observation.valueCodeableConcept)[1] or None
    if value is None and value_text is None:
        return []
    return [ResultRecord(source_id=observation.id, loinc=loinc, display=display, value=value,
                         value_text=value_text, unit=unit, **common)]


def _patient(resource) -> PatientRecord:
    name = None
    if resource.name:
        first = resource.name[0]
        name = first.text or " ".join([*(first.given or []), first.family or ""]).strip() or None
    return PatientRecord(resource.id, name, resource.gender, resource.birthDate)


def _reference_id(reference: str | None, ids_by_full_url: dict[str, str]) -> str | None:
    if not reference:
        return None
    return ids_by_full_url.get(reference) or reference.split("/")[-1]


def read_bundle(path: Path) -> ParsedBundle:
    """Parse and validate one bundle file; raises ResultsImportError naming file and element."""
    data = _load_json(path)
    entries = [(i, e.get("fullUrl"), e.get("resource")) for i, e in enumerate(data["entry"]) if isinstance(e, dict)]
    wanted = [(i, url, r) for i, url, r in entries if isinstance(r, dict) and r.get("resourceType") in _models()]
    patients = [(i, url, r) for i, url, r in wanted if r["resourceType"] == "Patient"]
    if len(patients) != 1:
        raise _fail(path, "Bundle.entry", f"expected exactly one Patient, found {len(patients)}")
    ids_by_full_url = {url: r.get("id") for _, url, r in wanted if url and r.get("id")}
    patient_index, patient_url, patient_resource = patients[0]
    patient = _patient(_validated(path, patient_index, patient_resource))
    patient_refs = {patient_url, f"Patient/{patient.fhir_id}"}
    bundle = ParsedBundle(path=path, patient=patient)
    for index, _url, resource in wanted:
        if resource["resourceType"] == "Patient":
            continue
        model = _validated(path, index, resource)
        if model.id is None:
            raise _fail(path, f"entry[{index}] {resource['resourceType']}", "missing element 'id'")
        subject = model.subject.reference if model.subject is not None else None
        if subject not in patient_refs:
            raise _fail(path, f"entry[{index}] {resource['resourceType']}/{model.id}",
                        "element 'subject' does not refer to the bundle's Patient")
        if resource["resourceType"] == "Observation":
            records = _results(model, _hash(resource))
            bundle.results.extend(records)
            bundle.skipped += not records
        else:
            code, display = _loinc(model.code)
            effective = _as_datetime(model.effectiveDateTime) if model.effectiveDateTime else None
            result_ids = tuple(
                rid for rid in (_reference_id(ref.reference, ids_by_full_url) for ref in model.result or []) if rid
            )
            bundle.reports.append(ReportRecord(model.id, code, display, model.status, effective, result_ids, _hash(resource)))
    return bundle


def bundle_files(paths: list[Path], max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> list[Path]:
    """Expand folders to their *.json files (sorted); each must pass the upload limits."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            files.extend(sorted(p for p in path.glob("*.json") if p.is_file()))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise ResultsImportError(f"{path}: no such file or folder")
    if not files:
        raise ResultsImportError("no FHIR bundle files (*.json) found")
    for file in files:
        check_upload(file, FHIR_SUFFIXES, max_bytes)
    return files
