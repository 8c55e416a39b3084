"""Shared fixtures: settings pointing at temporary storage, and heavy models loaded once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _shared_data() -> Path:
    """The team's shared test data: `../shared/data` beside the checkout, or above it.

    CI may check the repository out one level deeper; looking upward finds the same folder.
    """
    override = os.environ.get("TAILOR_SHARED_DATA_DIR")
    if override:
        return Path(override)
    for folder in REPO_ROOT.parents:
        candidate = folder / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "data"


SHARED_DATA = _shared_data()
# argon2-cffi's own profile for tests: the production parameters (64 MiB, three passes) cost
# about 0.15 s a hash on two cores, and every seeded service hashes four demo passwords and
# every login verifies one, which made fixtures the largest part of the suite's time.
# tests/security/test_passwords.py puts the production hasher back to check its parameters.
from argon2 import PasswordHasher  # noqa: E402
from argon2.profiles import CHEAPEST  # noqa: E402

import assistant.passwords  # noqa: E402

PRODUCTION_HASHER = assistant.passwords._hasher
TEST_HASHER = PasswordHasher.from_parameters(CHEAPEST)

POSTGRES_URL = os.environ.get("TAILOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory) -> Iterator[Path]:
    """Every test run writes under its own temporary folder, never the developer's var/."""
    data_dir = tmp_path_factory.mktemp("tailor-var")
    patch = pytest.MonkeyPatch()
    patch.setenv("TAILOR_DATA_DIR", str(data_dir))
    patch.setenv("TAILOR_DATABASE_URL", f"sqlite:///{data_dir / 'tailor.db'}")
    patch.setenv("TAILOR_DEMO_PASSWORD", "demo-password-for-tests")
    patch.delenv("TAILOR_INDEX_DIR", raising=False)
    from assistant.config import PROJECT_ROOT, apply_offline_environment, get_settings

    # The answer ranker is trained by `make test` before pytest starts (it takes minutes);
    # the tests only read it.
    patch.setenv("TAILOR_ANSWER_RANKER_DIR", os.environ.get("TAILOR_ANSWER_RANKER_DIR",
                                                          str(PROJECT_ROOT / "var" / "answer_ranker")))

    patch.setattr(assistant.passwords, "_hasher", TEST_HASHER)
    patch.setattr(assistant.passwords, "_DUMMY_HASH", TEST_HASHER.hash("not-a-real-password"))

    apply_offline_environment()
    get_settings.cache_clear()
    yield data_dir
    patch.undo()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def settings(isolated_environment):
    from assistant.config import get_settings

    return get_settings()


@pytest.fixture(scope="session")
def embedder():
    from assistant.retrieval.embedder import Embedder

    model = Embedder()
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def session_deidentifier():
    from assistant.privacy import Deidentifier

    deidentifier = Deidentifier()
    deidentifier.warm_up()
    return deidentifier


@pytest.fixture(scope="session")
def pipeline(settings, embedder, session_deidentifier):
    from assistant.bootstrap import build_pipeline

    return build_pipeline(settings, deidentifier=session_deidentifier, embedder=embedder)


def _postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


def _sqlite_database(tmp_path: Path):
    from assistant.storage import Database

    database = Database(f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.db'}")
    database.create_schema()
    return database


def _postgres_database():
    """A throw-away schema per test so concurrent runs cannot collide."""
    import psycopg

    if not _postgres_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable, and CI requires it")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable")
    from assistant.storage import Database

    schema = f"tailor_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    database = Database(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    database.create_schema()

    def drop() -> None:
        database.engine.dispose()
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return database, drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    """The same storage tests run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield _sqlite_database(tmp_path)
        return
    database, drop = _postgres_database()
    yield database
    drop()


@pytest.fixture
def sqlite_database(tmp_path):
    return _sqlite_database(tmp_path)


@pytest.fixture
def plain_service(pipeline, sqlite_database, settings):
    """A service on a fresh database, seeded with the demo accounts; nobody has consented."""
    from assistant.demo import seed_demo
    from assistant.service import TailorService

    seed_demo(settings, sqlite_database)
    return TailorService(pipeline, sqlite_database)


def with_consenting_patients(service):
    """Make every patient who logs in through `service` accept the disclosure.

    Most tests are about what comes after consent; tests/test_consent.py covers the gate.
    """
    from assistant.consent import CONSENT_VERSION
    from assistant.types import Role

    login = service.login

    def login_and_consent(username: str, password: str):
        principal = login(username, password)
        if principal.role is Role.PATIENT:
            service.accept_disclosure(principal, CONSENT_VERSION)
        return principal

    service.login = login_and_consent
    return service


@pytest.fixture
def service(plain_service):
    """Like `plain_service`, but patients have accepted the disclosure when they log in."""
    return with_consenting_patients(plain_service)
@pytest.fixture(scope="session")
def publish_gate(settings):
    """One gate for the session: the live answers and the de-identified questions are computed once.

    The editorial tests exercise what the gate does, not how good answers are, so it runs the
    first 203 questions (the set it was built with) rather than all of them: a third of the
    time per publish. tests/retrieval/test_quality.py measures the whole set.
    """
    from assistant.answer_scoring import load_eval_set
    from assistant.publish_gate import PublishGate

    return PublishGate([row for row in load_eval_set(settings.answer_eval_set) if "split" not in row])
