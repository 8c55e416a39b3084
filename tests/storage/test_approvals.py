"""Held answers in storage: hold, decide once (conditional update), release. SQLite and PostgreSQL."""

import threading

import pytest

from assistant.errors import ConflictError, NotFoundError
from assistant.storage import accounts, approvals, conversations
from assistant.storage.models import Message
from assistant.types import Citation, Source

pytestmark = pytest.mark.integration

CITATION = Citation(1, "variants-of-uncertain-significance", 2, "VUS", "http://localhost/library?article=vus",
                    (Source("NCI", "https://www.cancer.gov/"),))


def _held(database):
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-0001")
        staff = [accounts.upsert_user(session, f"staff{i}", "hash", "staff", None).id for i in (1, 2)]
        conversation = conversations.get_or_start_conversation(session, "p1")
        message = conversations.add_message(session, conversation.id, "assistant", "Being reviewed.",
                                            reason="pending_review")
        pending = approvals.hold_answer(session, message.id, "p1", ("genetic-results",), "What is a VUS?",
                                        "A VUS is not a diagnosis. [1]", (CITATION,), "answered", 0.67)
        return pending.id, message.id, conversation.id, staff


def test_hold_queue_and_release(database):
    held_id, message_id, conversation_id, (staff, _) = _held(database)
    with database.session() as session:
        [(pending, pseudonym)] = approvals.queue(session)
        assert (pending.id, pseudonym, pending.topics, pending.state, pending.version) == (
            held_id, "P-0001", "genetic-results", "pending", 1)
        assert approvals.citations_of(pending) == (CITATION,)
        decided = approvals.decide(session, held_id, 1, "approved", staff)
        assert (decided.state, decided.version, decided.decided_by) == ("approved", 2, staff)
        approvals.release_message(session, message_id, "assistant", decided.answer_deidentified, "answered",
                                  approvals.citations_of(decided))
    with database.session() as session:
        assert approvals.queue(session) == []
        [(message, cites)] = conversations.messages_with_citations(session, conversation_id)
        assert (message.text_deidentified, message.reason) == ("A VUS is not a diagnosis. [1]", "answered")
        assert [(c.n, c.article_id, c.article_version) for c in cites] == [(1, CITATION.article_id, 2)]


def test_a_second_decision_on_the_same_version_conflicts(database):
    held_id, _, _, (first, second) = _held(database)
    with database.session() as session:
        approvals.decide(session, held_id, 1, "approved", first)
    with pytest.raises(ConflictError, match=f"held answer {held_id} is already approved .*reload"):
        with database.session() as session:
            approvals.decide(session, held_id, 1, "replaced", second)
    with pytest.raises(ConflictError):  # a later version cannot reopen a decided answer either
        with database.session() as session:
            approvals.decide(session, held_id, 2, "replaced", second)


def test_two_concurrent_decisions_exactly_one_wins(database):
    held_id, _, _, staff = _held(database)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user_id: int, state: str) -> None:
        try:
            with database.session() as session:
                barrier.wait(timeout=10)
                approvals.decide(session, held_id, 1, state, user_id)
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(user_id, state))
               for user_id, state in zip(staff, ("approved", "replaced"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "won"]
    with database.session() as session:
        pending = approvals.get_pending(session, held_id)
        assert pending.version == 2 and pending.state in ("approved", "replaced")


def test_unknown_ids_are_clear_errors(database):
    with database.session() as session:
        with pytest.raises(NotFoundError, match="held answer 999"):
            approvals.decide(session, 999, 1, "approved", 1)
        with pytest.raises(NotFoundError, match="message 999"):
            approvals.release_message(session, 999, "assistant", "x", "answered", ())
        assert session.get(Message, 999) is None
