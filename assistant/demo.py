"""Demo accounts and data for a local trial. Refused in production mode."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.errors import ConfigurationError
from assistant.passwords import check_new_password, hash_password
from assistant.storage import Database
from assistant.storage import accounts, audit
from assistant.types import Role

DEMO_BUNDLE = Path(__file__).parent / "demo_data" / "demo_patient_bundle.json"  # synthetic
DEMO_PGX = Path(__file__).parent / "demo_data" / "demo_pgx.tsv"  # synthetic outside calls
DEMO_PATIENT_ID = "demo-patient-1"
DEMO_PATIENT_PSEUDONYM = "P-1001"
DEMO_USERS = (
    ("demo.patient", Role.PATIENT, DEMO_PATIENT_ID),
    ("demo.staff", Role.STAFF, None),
    ("demo.editor", Role.EDITOR, None),
    ("demo.admin", Role.ADMIN, None),
)


@dataclass(frozen=True)
class DemoCredentials:
    username: str
    role: Role
    password: str


def credentials_file(settings: Settings) -> Path:
    return settings.data_dir / "demo-credentials.txt"


def _stored_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("\t") for line in path.read_text().splitlines() if "\t" in line)
    return {username: password for username, password in pairs}


def _save_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only: these are demo secrets on the operator's machine, never in the repo.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.writelines(f"{username}\t{password}\n" for username, password in passwords.items())


def _import_demo_results(database: Database) -> None:
    from assistant.results.catalog import default_catalog
    from assistant.results.importer import import_bundles
    from assistant.results.reference_ranges import ReferenceRangeTable

    from assistant.pgx.importer import import_pgx

    import_bundles(database, [DEMO_BUNDLE], DEMO_PATIENT_ID, ReferenceRangeTable.load(), default_catalog())
    import_pgx(database, DEMO_PGX, DEMO_PATIENT_ID)


def seed_demo(settings: Settings, database: Database) -> list[DemoCredentials]:
    """Create (or refresh) the demo patient and accounts; returns their passwords."""
    if settings.environment == "production":
        raise ConfigurationError("demo accounts are not allowed in production mode")
    if settings.demo_password:
        check_new_password(settings.demo_password, "")
    path = credentials_file(settings)
    stored = _stored_passwords(path)
    passwords = {
        username: settings.demo_password or stored.get(username) or secrets.token_urlsafe(12)
        for username, _role, _patient in DEMO_USERS
    }
    with database.session() as session:
        accounts.ensure_patient(session, DEMO_PATIENT_ID, DEMO_PATIENT_PSEUDONYM)
        for username, role, patient_id in DEMO_USERS:
            user = accounts.upsert_user(
                session, username, hash_password(passwords[username]), role.value, patient_id
            )
            audit.record(session, "demo.seed_user", record_type="user", record_id=user.id)
    if not settings.demo_password:
        _save_passwords(path, passwords)
    _import_demo_results(database)
    return [DemoCredentials(username, role, passwords[username]) for username, role, _ in DEMO_USERS]
