"""Evaluate safety triage on the labelled message set.

    python scripts/triage_eval.py [--set tests/data/triage_messages.jsonl] [--json]

Prints per-level precision/recall, a confusion matrix (rows = labelled level,
columns = predicted level) and the ids of misclassified messages. `load_set` and
`evaluate` are importable so the regression test can reuse them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.safety import triage  # noqa: E402
from assistant.types import TriageLevel  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "data" / "triage_messages.jsonl"
LEVELS = [level.value for level in TriageLevel]  # emergency, urgent, medication, routine


def load_set(path: str | Path = DEFAULT_SET) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("level") not in LEVELS or not row.get("id") or not row.get("text"):
                raise ValueError(f"{path}:{number}: needs id, text and a level in {LEVELS}")
            rows.append(row)
    ids = [row["id"] for row in rows]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate ids")
    return rows


def evaluate(rows: list[dict], triage_fn=triage) -> dict:
    """Run triage over the rows; return metrics, the confusion matrix and the misses."""
    confusion = {gold: {pred: 0 for pred in LEVELS} for gold in LEVELS}
    misclassified = []
    started = time.perf_counter()
    for row in rows:
        assessment = triage_fn(row["text"])
        predicted = assessment.level.value
        confusion[row["level"]][predicted] += 1
        if predicted != row["level"]:
            misclassified.append(
                {
                    "id": row["id"],
                    "gold": row["level"],
                    "predicted": predicted,
                    "reasons": list(assessment.reasons),
                    "text": row["text"],
                }
            )
    elapsed = time.perf_counter() - started
    per_level = {}
    for level in LEVELS:
        true_positive = confusion[level][level]
        support = sum(confusion[level].values())
        predicted_total = sum(confusion[gold][level] for gold in LEVELS)
        per_level[level] = {
            "precision": true_positive / predicted_total if predicted_total else 1.0,
            "recall": true_positive / support if support else 1.0,
            "support": support,
            "predicted": predicted_total,
        }
    correct = sum(confusion[level][level] for level in LEVELS)
    return {
        "n": len(rows),
        "accuracy": correct / len(rows) if rows else 1.0,
        "per_level": per_level,
        "confusion": confusion,
        "misclassified": misclassified,
        "ms_per_message": 1000 * elapsed / len(rows) if rows else 0.0,
    }


def format_report(result: dict) -> str:
    lines = [f"messages: {result['n']}   accuracy: {result['accuracy']:.3f}   "
             f"time: {result['ms_per_message']:.3f} ms/message", ""]
    lines.append(f"{'level':<12}{'precision':>10}{'recall':>8}{'support':>9}")
    for level, metrics in result["per_level"].items():
        lines.append(
            f"{level:<12}{metrics['precision']:>10.3f}{metrics['recall']:>8.3f}{metrics['support']:>9}"
        )
    lines += ["", "confusion (rows = labelled, columns = predicted)"]
    lines.append(f"{'':<12}" + "".join(f"{level[:10]:>12}" for level in LEVELS))
    for gold in LEVELS:
        lines.append(f"{gold:<12}" + "".join(f"{result['confusion'][gold][pred]:>12}" for pred in LEVELS))
    lines += ["", f"misclassified ({len(result['misclassified'])}):"]
    for miss in result["misclassified"]:
        reasons = ",".join(miss["reasons"]) or "-"
        lines.append(f"  {miss['id']} {miss['gold']} -> {miss['predicted']} [{reasons}] {miss['text']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(DEFAULT_SET), help="labelled JSONL file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = evaluate(load_set(args.set))
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
