"""Regression floors for retrieval and for whole answers, on our own evaluation sets.

Retrieval meets the issue's targets (Recall@3 >= 0.95, MRR >= 0.85). Whole answers meet the
citation (all), reading-grade (0.90) and advice (0) targets. Key-fact recall is held apart
for three kinds of question: the first 203, on which the composer was tuned and the answer
ranker trained, measure 0.969 (target 0.90); the later development batches (blind-dev,
blind-2, blind-5, blind-7), read while tuning and trained on, 0.850; the clean batches
(blind-test, blind-3, blind-4, blind-6, blind-8, blind-9, blind-10), never tuned or trained on,
0.721. Each floor sits a little below its measure, so a change that makes answers to new
questions worse fails here (docs/retrieval.md).
"""

import importlib.util

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

FIRST_FLOOR = 0.94  # measured 0.969
LATER_FLOOR = 0.80  # measured 0.850
CLEAN_FLOOR = 0.70  # measured 0.721


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
    from assistant.retrieval.answer_ranker import DEVELOPMENT_SPLITS

    answer_eval = _script("answer_eval")
    rows = answer_eval.load_set()
    assert sum(row["kind"] == "content" for row in rows) >= 120
    patient = service.login("demo.patient", "demo-password-for-tests")
    first = [row for row in rows if "split" not in row]
    later = [row for row in rows if "split" in row and row["split"] in DEVELOPMENT_SPLITS]
    clean = [row for row in rows if row.get("split") not in DEVELOPMENT_SPLITS]
    report, _ = answer_eval.evaluate(service, patient, first)
    later_report, _ = answer_eval.evaluate(service, patient, later)
    clean_report, _ = answer_eval.evaluate(service, patient, clean)
    assert report["advice"] == later_report["advice"] == clean_report["advice"] == 0
    assert report["cited"] == later_report["cited"] == clean_report["cited"] == 1.0
    assert later_report["content_declined"] == clean_report["content_declined"] == 0
    assert report["routed"] >= 0.95
    assert report["declined"] >= 0.9
    # The first 203 and the later development batches are what the composer was tuned and
    # the answer ranker trained on; the clean batches were neither (docs/retrieval.md).
    assert report["key_fact_recall"] >= FIRST_FLOOR
    assert later_report["key_fact_recall"] >= LATER_FLOOR
    assert clean_report["key_fact_recall"] >= CLEAN_FLOOR
    assert min(report["grade_ok"], later_report["grade_ok"], clean_report["grade_ok"]) >= 0.92  # 0.946 to 0.988


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
