"""The low-confidence threshold still separates answerable from unanswerable questions."""

import importlib.util

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def calibrate():
    spec = importlib.util.spec_from_file_location("calibrate", REPO_ROOT / "scripts" / "calibrate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_configured_threshold_separates_the_calibration_set(pipeline, settings, calibrate):
    results = calibrate.score(pipeline.retriever, calibrate.load_set())
    assert calibrate.balanced_accuracy(results, settings.resolved_min_answer_similarity) >= 0.95
    recommended, _ = calibrate.best_threshold(results)
    assert abs(recommended - settings.resolved_min_answer_similarity) <= 0.05, "re-run scripts/calibrate.py"


def test_retrieval_finds_the_right_article_for_most_answerable_questions(pipeline, calibrate):
    results = calibrate.score(pipeline.retriever, calibrate.load_set())
    top1 = [correct for _, should, correct in results if should]
    assert sum(top1) / len(top1) >= 0.85
