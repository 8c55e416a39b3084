"""The audit trail is append-only and its hash chain shows tampering (both databases)."""

import threading

import pytest
from sqlalchemy import text

from assistant.errors import StorageError
from assistant.storage import audit

pytestmark = pytest.mark.integration


def _write(database, count: int) -> None:
    for number in range(count):
        with database.session() as session:
            audit.record(session, "results.view", record_type="patient", record_id=f"p{number}")


def _raw(database, statement: str) -> None:
    """Bypass the guards the way an attacker with database access would."""
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE auditevent DISABLE TRIGGER USER"))
        else:
            for verb in ("update", "delete"):
                connection.execute(text(f"DROP TRIGGER auditevent_no_{verb}"))
        connection.execute(text(statement))


def _verify(database) -> audit.ChainReport:
    with database.session() as session:
        return audit.verify_chain(session)


def test_an_untouched_chain_verifies(database):
    _write(database, 5)
    report = _verify(database)
    assert report.ok and report.events == 5 and len(report.head_hash) == 64


@pytest.mark.parametrize("statement", [
    "UPDATE auditevent SET action = 'x' WHERE id = 2",
    "DELETE FROM auditevent WHERE id = 2",
])
def test_the_database_refuses_to_change_or_remove_events(database, statement):
    _write(database, 3)
    with pytest.raises(StorageError, match="append-only"):
        with database.session() as session:
            session.execute(text(statement))
    assert _verify(database).ok


@pytest.mark.parametrize("statement, problem", [
    ("UPDATE auditevent SET record_id = 'someone-else' WHERE id = 3", "event 3: its content was changed"),
    ("UPDATE auditevent SET outcome = 'denied' WHERE id = 3", "event 3: its content was changed"),
    ("DELETE FROM auditevent WHERE id = 3", "event 4: does not follow"),
])
def test_tampering_past_the_guards_is_found(database, statement, problem):
    _write(database, 5)
    _raw(database, statement)
    report = _verify(database)
    assert not report.ok and report.problems[0].startswith(problem)


def test_concurrent_writers_keep_one_unbroken_chain(database):
    threads = [threading.Thread(target=_write, args=(database, 10)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = _verify(database)
    assert report.ok and report.events == 40


def test_search_filters_by_user_action_and_record(database):
    from assistant.passwords import hash_password
    from assistant.storage import accounts

    with database.session() as session:
        user = accounts.upsert_user(session, "nurse.kim", hash_password("x" * 12), "staff", None)
        audit.record(session, "results.view_as_staff", actor_user_id=user.id, record_type="patient", record_id="p1")
        audit.record(session, "escalation.claim", actor_user_id=user.id, record_type="escalation", record_id=7)
        audit.record(session, "results.view", record_type="patient", record_id="p2")
    with database.session() as session:
        by_user = audit.search(session, audit.AuditQuery(username="nurse.kim"))
        by_action = audit.search(session, audit.AuditQuery(action_prefix="results."))
        by_record = audit.search(session, audit.AuditQuery(record_type="patient", record_id="p2"))
        injected = audit.search(session, audit.AuditQuery(username="' OR '1'='1", action_prefix="%"))
    assert [e.action for e, _ in by_user] == ["escalation.claim", "results.view_as_staff"]
    assert {e.record_id for e, _ in by_action} == {"p1", "p2"}
    assert [(e.action, name) for e, name in by_record] == [("results.view", None)]
    assert injected == []
