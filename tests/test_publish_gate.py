"""The publish gate's comparison: which changed answers count as regressions."""

import pytest

from assistant.answer_scoring import RowScore
from assistant.publish_gate import compare

pytestmark = pytest.mark.unit

CONTENT = {"id": "q1", "kind": "content", "question": "what is ldl", "key_facts": ["bad", "arteries"],
           "article_ids": ["cholesterol-and-ldl"]}
ROUTE = {"id": "q2", "kind": "route", "question": "chest pain", "expect": "emergency"}
DECLINE = {"id": "q3", "kind": "decline", "question": "best pizza"}


def content(answer, facts, cited=("cholesterol-and-ldl",), grade=6.0, advice=False):
    return RowScore("q1", "content", answer, cited, facts, grade, all(facts) and bool(cited), advice)


def other(row, answer, ok, advice=False):
    return RowScore(row["id"], row["kind"], answer, (), (), None, ok, advice)


@pytest.mark.parametrize(
    "row, before, after, lost_facts, lost_citations, broken",
    [
        # a reworded answer that keeps its facts and citation: changed, not a regression
        (CONTENT, content("LDL is bad. It clogs arteries.", (True, True)),
         content("LDL is the bad kind; it builds up in arteries.", (True, True)), (), (), None),
        (CONTENT, content("LDL is bad. It clogs arteries.", (True, True)),
         content("LDL is a fat.", (True, False)), ("arteries",), (), None),
        (CONTENT, content("LDL is bad. It clogs arteries.", (True, True)),
         content("LDL is bad and clogs arteries.", (True, True), cited=("heart-health",)), (), ("cholesterol-and-ldl",), None),
        (CONTENT, content("LDL is bad.", (True, False), cited=("heart-health",)),
         content("I could not find a clear answer.", (False, False), cited=()), ("bad",), ("heart-health",), None),
        (CONTENT, content("LDL is bad. It clogs arteries.", (True, True)),
         content("LDL is bad. You should stop taking it.", (True, True), advice=True), (), (), "advice"),
        (ROUTE, other(ROUTE, "Call 911.", True), other(ROUTE, "Chest pain can mean many things.", False), (), (), "routing"),
        (DECLINE, other(DECLINE, "I could not find", True), other(DECLINE, "Pizza is food.", False), (), (), "decline"),
    ],
)
def test_regressions_are_lost_facts_citations_and_broken_behaviour(row, before, after, lost_facts, lost_citations, broken):
    report = compare([row], {row["id"]: before}, {row["id"]: after}, 0.1)
    [change] = report.changes
    assert (change.lost_facts, change.lost_citations, change.broken) == (lost_facts, lost_citations, broken)
    assert report.passed is not change.regression
    assert change.regression == bool(lost_facts or lost_citations or broken)


def test_unchanged_answers_are_not_reported_and_grades_are_summarised():
    same = content("LDL is bad. It clogs arteries.", (True, True), grade=9.0)
    report = compare([CONTENT], {"q1": same}, {"q1": same}, 0.1)
    assert report.changes == () and report.passed
    assert (report.grade_ok_before, report.grade_ok_after) == (0.0, 0.0)
    assert report.summary() == {"questions": 1, "changed": [], "regressions": [],
                                "grade_ok_before": 0.0, "grade_ok_after": 0.0}
