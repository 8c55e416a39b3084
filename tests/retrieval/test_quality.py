"""Regression floors for retrieval and for whole answers, on our own evaluation sets.

Retrieval meets the issue's targets (Recall@3 >= 0.95, MRR >= 0.85). Whole answers meet the
citation (all), reading-grade (0.90) and advice (0) targets. Key-fact recall is held apart
for the two kinds of question: the first 203, on which the composer was tuned, measure 0.955
(target 0.90); the 368 written blind later (eight batches) measure 0.699, so their floor
sits a little below that and a change that makes answers to new questions worse fails here
(docs/retrieval.md).
"""

import importlib.util

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration


def _script(name):
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_retrieval_meets_recall_and_mrr_targets(pipeline):
    retrieval_eval = _script("retrieval_eval")
    result = retrieval_eval.evaluate(pipeline.retriever, retrieval_eval.load_set(), rankers=("tailor",))["tailor"]
    assert result["n"] >= 250
    assert result["recall_at_3"] >= 0.95
    assert result["mrr"] >= 0.85


def test_answers_never_advise_are_cited_route_and_decline(service):
    answer_eval = _script("answer_eval")
    rows = answer_eval.load_set()
    assert sum(row["kind"] == "content" for row in rows) >= 120
    patient = service.login("demo.patient", "demo-password-for-tests")
    blind = [row for row in rows if answer_eval.split_of(row).startswith("blind")]
    tuned = [row for row in rows if row not in blind]
    report, _ = answer_eval.evaluate(service, patient, tuned)
    blind_report, _ = answer_eval.evaluate(service, patient, blind)
    assert report["advice"] == blind_report["advice"] == 0
    assert report["cited"] == 1.0
    assert blind_report["cited"] == 1.0 and blind_report["content_declined"] == 0
    assert report["routed"] >= 0.95
    assert report["declined"] >= 0.9
    assert report["key_fact_recall"] >= 0.93  # measured 0.955
    assert blind_report["key_fact_recall"] >= 0.67  # measured 0.699: new questions fare far worse
    assert report["grade_ok"] >= 0.95  # measured 0.982
    assert blind_report["grade_ok"] >= 0.93  # measured 0.957


@pytest.mark.parametrize(
    "text, advice",
    [
        ("You should stop taking warfarin before surgery.", True),
        ("Please double your dose tonight.", True),
        ("I can't tell you to start, stop or change a medicine. Only your care team can make that choice "
         "with you, so please ask them before you change anything.", False),
        ("Do not stop or change a medicine on your own; talk with your prescriber or pharmacist.", False),
        ("Statins lower LDL cholesterol.", False),
    ],
)
def test_the_advice_detector(text, advice):
    assert _script("answer_eval").gives_advice(text) is advice
