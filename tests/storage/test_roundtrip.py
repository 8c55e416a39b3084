"""Storage round trips; each test runs on SQLite and on PostgreSQL (the `database` fixture)."""

import pytest
from sqlmodel import select

from assistant.errors import StorageError
from assistant.storage import accounts, audit, conversations, escalations
from assistant.storage.models import Citation, Conversation, Message, Patient, as_utc
from assistant.types import Citation as CitationValue
from assistant.types import Source

pytestmark = pytest.mark.integration

CITATION = CitationValue(
    n=1, article_id="cholesterol-and-ldl", article_version=3, title="Cholesterol and LDL",
    url="http://localhost:8501/library?article=cholesterol-and-ldl",
    sources=(Source("MedlinePlus: LDL", "https://medlineplus.gov/ldlthebadcholesterol.html"),),
)


def test_conversation_round_trip(database):
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-0001")
        user = accounts.upsert_user(session, "pat", "hash", "patient", "p1")
        conversation = conversations.get_or_start_conversation(session, "p1")
        conversations.add_message(session, conversation.id, "patient", "What is <PERSON>'s LDL?", triage_level="routine")
        conversations.add_message(
            session, conversation.id, "assistant", "LDL is a kind of cholesterol. [1]",
            confidence=0.61, reason="answered", citations=[CITATION],
        )
        audit.record(session, "chat.ask", actor_user_id=user.id, record_type="conversation", record_id=conversation.id)
        conversation_id = conversation.id

    with database.session() as session:
        assert conversations.latest_conversation(session, "p1").id == conversation_id
        rows = conversations.messages_with_citations(session, conversation_id)
        assert [(m.author, m.text_deidentified) for m, _ in rows] == [
            ("patient", "What is <PERSON>'s LDL?"),
            ("assistant", "LDL is a kind of cholesterol. [1]"),
        ]
        stored = rows[1][1][0]
        assert (stored.n, stored.article_id, stored.article_version) == (1, "cholesterol-and-ldl", 3)
        assert "medlineplus" in stored.sources_json
        assert as_utc(rows[0][0].created_at).tzinfo is not None
        assert [event.action for event in audit.recent(session)] == ["chat.ask"]


def test_escalation_lifecycle(database):
    with database.session() as session:
        accounts.ensure_patient(session, "p2", "P-0002")
        staff = accounts.upsert_user(session, "staff", "hash", "staff", None)
        routine = escalations.open_escalation(session, "p2", None, "patient_request", 3, "Patient: hi")
        urgent = escalations.open_escalation(session, "p2", None, "emergency", 1, "Patient: help", "chest_pain")
        staff_id, routine_id, urgent_id = staff.id, routine.id, urgent.id
    with database.session() as session:
        listed = escalations.queue(session, ["open"])
        assert [(e.id, pseudonym, claimant) for e, pseudonym, claimant in listed] == [
            (urgent_id, "P-0002", None), (routine_id, "P-0002", None)]
        claimed = escalations.transition(session, urgent_id, "claim", 1, claimed_by=staff_id)
        assert (claimed.state, claimed.version, claimed.claimed_by) == ("claimed", 2, staff_id)
        assert claimed.claimed_at is not None
    with database.session() as session:
        assert [e.id for e, _, _ in escalations.queue(session, ["open"])] == [routine_id]
        [(_, _, claimant)] = escalations.queue(session, ["claimed"])
        assert claimant == "staff"
        assert [e.id for e, _, _ in escalations.queue(session, ["open", "claimed"], reasons=["emergency"])] == [urgent_id]
        assert escalations.queue(session, ["open", "claimed"], priorities=[2]) == []


def test_a_failed_unit_of_work_writes_nothing(database):
    """A half-written record is a bug: the conversation must not survive its failed message."""
    with database.session() as session:
        accounts.ensure_patient(session, "p3", "P-0003")
    with pytest.raises(StorageError):
        with database.session() as session:
            conversation = conversations.get_or_start_conversation(session, "p3")
            conversations.add_message(session, conversation.id, "patient", "first")
            # Same (message, n) twice violates the unique constraint mid-way.
            conversations.add_message(session, conversation.id, "assistant", "x", citations=[CITATION, CITATION])
    with database.session() as session:
        assert session.exec(select(Conversation)).all() == []
        assert session.exec(select(Message)).all() == []
        assert session.exec(select(Citation)).all() == []
        assert len(session.exec(select(Patient)).all()) == 1


def test_duplicate_username_is_a_clear_storage_error(database):
    from assistant.storage.models import User

    with database.session() as session:
        session.add(User(username="same", password_hash="h", role="staff"))
    with pytest.raises(StorageError, match="database error"):
        with database.session() as session:
            session.add(User(username="same", password_hash="h", role="staff"))


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_database):
    with sqlite_database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


@pytest.mark.integration
def test_a_database_from_an_older_tailor_is_refused_with_what_to_do(tmp_path):
    import sqlite3

    from assistant.errors import StorageError
    from assistant.storage import Database

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:  # an audit table from before the hash chain
        connection.execute("CREATE TABLE auditevent (id INTEGER PRIMARY KEY, at DATETIME, actor_user_id INTEGER, "
                           "action VARCHAR(64), record_type VARCHAR(32), record_id VARCHAR(64), outcome VARCHAR(16))")
    with pytest.raises(StorageError, match=r"older Tailor and lacks auditevent.prev_hash, auditevent.hash; .*fresh"):
        Database(f"sqlite:///{path}").create_schema()
