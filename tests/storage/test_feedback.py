"""Ratings and the gaps query in storage. SQLite and PostgreSQL."""

import pytest

from assistant.storage import accounts, conversations
from assistant.storage import feedback as feedback_store
from assistant.types import Citation, Source

pytestmark = pytest.mark.integration

CITATION = Citation(1, "cholesterol-and-ldl", 1, "LDL", "http://localhost/library?article=cholesterol-and-ldl",
                    (Source("MedlinePlus", "https://medlineplus.gov/"),))


def _conversation(database):
    with database.session() as session:
        accounts.ensure_patient(session, "p1", "P-0001")
        conversation = conversations.get_or_start_conversation(session, "p1")
        ids = {}
        for question, reason in [("What is LDL?", "answered"), ("What is the moon made of?", "low_confidence"),
                                 ("What is HDL?", "answered"), ("Can I stop my statin?", "medication_question")]:
            conversations.add_message(session, conversation.id, "patient", question)
            ids[question] = conversations.add_message(
                session, conversation.id, "assistant", f"Answer to {question} [1]", reason=reason,
                confidence=0.5, citations=(CITATION,) if reason != "low_confidence" else ()).id
        return ids


def test_rating_again_replaces_the_rating(database):
    ids = _conversation(database)
    with database.session() as session:
        feedback_store.rate(session, ids["What is LDL?"], "p1", False, "incorrect", "It said <PERSON> was wrong")
        feedback_store.rate(session, ids["What is LDL?"], "p1", True, None, None)
    with database.session() as session:
        [(message_id, row)] = feedback_store.ratings_for(session, list(ids.values())).items()
        assert (message_id, row.helpful, row.reason, row.comment_deidentified) == (ids["What is LDL?"], True, None, None)
        message, patient_id = feedback_store.message_owner(session, message_id)
        assert (message.author, patient_id) == ("assistant", "p1")
        assert feedback_store.message_owner(session, 999) is None


def test_gaps_are_abstentions_declines_and_thumbs_down_with_their_questions(database):
    ids = _conversation(database)
    with database.session() as session:
        feedback_store.rate(session, ids["What is HDL?"], "p1", False, "hard_to_read", None)
        feedback_store.rate(session, ids["What is LDL?"], "p1", True, None, None)
    with database.session() as session:
        rows = feedback_store.gaps(session, ["low_confidence", "medication_question"])
    by_question = {row.question_deidentified: row for row in rows}
    assert set(by_question) == {"What is the moon made of?", "What is HDL?", "Can I stop my statin?"}
    assert by_question["What is HDL?"].feedback.reason == "hard_to_read"
    assert by_question["What is HDL?"].cited_article_ids == ("cholesterol-and-ldl",)
    assert by_question["What is the moon made of?"].cited_article_ids == ()
    assert by_question["Can I stop my statin?"].message.reason == "medication_question"
