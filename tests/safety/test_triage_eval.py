"""Regression: the labelled set in tests/data/triage_messages.jsonl must keep meeting the targets."""

import importlib.util
import sys
import time
from pathlib import Path

import pytest

from assistant.safety import triage

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def _eval_module():
    spec = importlib.util.spec_from_file_location("triage_eval", ROOT / "scripts" / "triage_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("triage_eval", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result():
    module = _eval_module()
    return module.evaluate(module.load_set(ROOT / "tests" / "data" / "triage_messages.jsonl"))


def test_the_set_is_big_and_balanced_enough():
    rows = _eval_module().load_set(ROOT / "tests" / "data" / "triage_messages.jsonl")
    levels = [row["level"] for row in rows]
    assert len(rows) >= 300
    assert levels.count("emergency") >= 90 and levels.count("urgent") >= 40
    assert levels.count("medication") >= 70 and levels.count("routine") >= 120
    traps = [r for r in rows if r["level"] == "routine" and r["note"].startswith("trap:")]
    assert len(traps) >= 60


def test_emergency_recall_at_least_099(result):
    assert result["per_level"]["emergency"]["recall"] >= 0.99, result["misclassified"]


def test_emergency_precision_at_least_090(result):
    assert result["per_level"]["emergency"]["precision"] >= 0.90, result["misclassified"]


def test_medication_recall_at_least_095(result):
    assert result["per_level"]["medication"]["recall"] >= 0.95, result["misclassified"]


def test_triage_is_fast():
    rows = _eval_module().load_set(ROOT / "tests" / "data" / "triage_messages.jsonl")
    triage(rows[0]["text"])  # compile once
    started = time.perf_counter()
    for row in rows:
        triage(row["text"])
    assert (time.perf_counter() - started) / len(rows) < 0.001
