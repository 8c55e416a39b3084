"""Approval rules: which answers are held, and what an edited answer must still cite."""

import pytest

from assistant.approval import check_edited_answer, held_topics, sentences
from assistant.errors import InputError
from assistant.types import Answer, Citation, SafetyAssessment, Source, TriageLevel

pytestmark = pytest.mark.unit

CITATIONS = tuple(
    Citation(n, f"article-{n}", 1, f"Article {n}", f"http://localhost/library?article=article-{n}",
             (Source("MedlinePlus", "https://medlineplus.gov/"),))
    for n in (1, 2)
)
ORIGINAL = (
    "I don't see any PSA results in your records. A VUS is not a diagnosis. [1] Most are reclassified as harmless. [2]"
    "\n\nThis is general information. Your care team can tell you what it means for you."
)


def _answer(level=TriageLevel.ROUTINE, reason="answered") -> Answer:
    return Answer("text [1]", CITATIONS, False, reason, "q", 0.7, SafetyAssessment(level))


@pytest.mark.parametrize(
    "answer, topics, approval, expected",
    [
        (_answer(), ("genetic-results", "genetics"), ("genetic-results",), ("genetic-results",)),
        (_answer(), ("genetics",), ("genetic-results",), ()),
        (_answer(), ("cancer-risk",), (), ()),
        (_answer(TriageLevel.MEDICATION, "medication_question"), ("genetic-results",), ("genetic-results",),
         ("genetic-results",)),
        (_answer(TriageLevel.URGENT, "urgent:bleeding"), ("cancer-risk",), ("cancer-risk",), ()),
        (_answer(TriageLevel.EMERGENCY, "emergency:chest_pain"), ("cancer-risk",), ("cancer-risk",), ()),
        (_answer(reason="low_confidence"), ("cancer-risk",), ("cancer-risk",), ()),
    ],
)
def test_which_answers_are_held(answer, topics, approval, expected):
    assert held_topics(answer, topics, approval) == expected


def test_sentences_keep_their_citation_markers():
    assert sentences("A is 5.7%. [1] B is low. [1] [2]\n\nC.") == ["A is 5.7% [1].", "B is low [1] [2].", "C."]


@pytest.mark.parametrize(
    "edited, used",
    [
        (ORIGINAL, (1, 2)),
        ("A VUS is not a diagnosis, and it rarely changes care. [1]", (1,)),
        ("Most VUS results are reclassified as harmless [2]. Your clinician will tell you if yours changes. [2]", (2,)),
        # Tailor's own uncited sentences may stay as they were.
        ("I don't see any PSA results in your records. Most are reclassified as harmless. [2]\n\n"
         "This is general information. Your care team can tell you what it means for you.", (2,)),
    ],
)
def test_a_fully_cited_edit_is_accepted(edited, used):
    assert tuple(c.n for c in check_edited_answer(edited, ORIGINAL, CITATIONS)) == used


@pytest.mark.parametrize(
    "edited, message",
    [
        ("A VUS is not a diagnosis. [3]", r"citation \[3\] .* is not one of this answer's sources \(\[1\], \[2\]\)"),
        ("A VUS is not a diagnosis. [1] You should stop your statin.", r"\"You should stop your statin.\" has no citation"),
        ("You are fine.", "has no citation"),
        ("   ", "empty"),
        ("x [1]. " * 800, "too long"),
    ],
)
def test_an_edit_with_a_broken_or_missing_citation_is_refused(edited, message):
    with pytest.raises(InputError, match=message):
        check_edited_answer(edited, ORIGINAL, CITATIONS)
