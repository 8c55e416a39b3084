"""A fixture for editorial tests: a service with its own live pipeline (uses conftest's `publish_gate`)."""

from __future__ import annotations

import pytest

PASSWORD = "demo-password-for-tests"


@pytest.fixture
def editorial_service(settings, embedder, session_deidentifier, sqlite_database, tmp_path, publish_gate):
    """A service with its own live pipeline, so publishing here leaves the shared one alone.

    Accounts: the demo ones, plus `second.editor` and `demo.admin` (same password).
    """
    from assistant.bootstrap import build_pipeline
    from assistant.demo import seed_demo
    from assistant.editorial import EditorialDesk
    from assistant.passwords import hash_password
    from assistant.service import TailorService
    from assistant.storage import accounts
    from tests.conftest import with_consenting_patients

    seed_demo(settings, sqlite_database)
    with sqlite_database.session() as session:
        accounts.upsert_user(session, "second.editor", hash_password(PASSWORD), "editor", None)
        accounts.upsert_user(session, "demo.admin", hash_password(PASSWORD), "admin", None)
    pipeline = build_pipeline(settings, deidentifier=session_deidentifier, embedder=embedder)
    service = with_consenting_patients(TailorService(pipeline, sqlite_database))
    service.editorial = EditorialDesk(sqlite_database, pipeline, index_dir=tmp_path / "live-index",
                                      gate=publish_gate, authenticate=service._authenticated)
    return service
