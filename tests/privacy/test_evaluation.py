"""Regression: the labelled chat set must keep meeting the issue's targets (scored by what leaks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.privacy.evaluation import leaked, load_jsonl, score_records

pytestmark = pytest.mark.integration  # runs the warm Deidentifier over ~600 messages (a few seconds)

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "deid_eval.jsonl"


@pytest.fixture(scope="module")
def report(deidentifier):
    return score_records(load_jsonl(EVAL_SET), lambda text: deidentifier.run(text).text)


def test_the_set_is_big_and_covers_every_category():
    records = load_jsonl(EVAL_SET)
    categories = {item["category"] for record in records for item in record["phi"]}
    assert len(records) >= 400
    assert sum(1 for record in records if not record["phi"]) >= 100
    assert categories >= {
        "NAME", "DATE", "AGE", "ADDRESS", "CITY", "ZIP", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN",
        "ACCOUNT", "CLAIM", "ACCESSION", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "OTHER_ID",
    }  # fmt: skip


def test_overall_recall(report):
    assert report["overall_recall"] >= 0.98, report["failures"]


def test_every_category_recall(report):
    low = {name: row["recall"] for name, row in report["categories"].items() if row["recall"] < 0.95}
    assert not low, (low, report["failures"])


def test_protected_terms_preserved(report):
    assert report["protected_preserved"] >= 0.99, report["failures"].get("protected")


def test_phi_free_messages_unchanged(report):
    assert report["phi_free_unchanged"] >= 0.98, report["failures"].get("phi_free_changed")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("output", "category", "phi", "protected", "expected"),
    [
        ("Call <PERSON> at <PHONE>", "NAME", "Maria Lopez", [], False),
        ("Call Maria <PERSON>", "NAME", "Maria Lopez", [], True),  # a piece of the name survives
        ("Dr. <PERSON> said my Lynch syndrome test", "NAME", "Lynch", ["Lynch syndrome"], False),
        ("call 555-123-<ID>", "PHONE", "555-123-4567", [], False),
        ("call <PHONE>-4567", "PHONE", "555-123-4567", [], True),
        ("born <DATE>, 1962", "DATE", "03/04/1962", [], False),
        ("Tomorrow then", "NAME", "Tom", [], False),  # whole words only
    ],
)
def test_leak_scoring(output, category, phi, protected, expected):
    assert leaked(output, category, phi, protected) is expected
