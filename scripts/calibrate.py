"""Calibrate the low-confidence threshold (TAILOR_MIN_ANSWER_SIMILARITY).

Reads tests/data/retrieval_calibration.jsonl (questions with the articles that answer
them, best first, or an empty list when the knowledge base should not answer), scores each with the
best dense similarity of the retrieved passages, and prints the threshold that best
separates answerable from unanswerable questions (balanced accuracy), plus the
top-1 article accuracy of retrieval on the answerable ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION_SET = ROOT / "tests" / "data" / "retrieval_calibration.jsonl"


def load_set(path: Path = CALIBRATION_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(retriever, rows: list[dict]) -> list[tuple[float, bool, bool]]:
    """(best dense score, should answer, top-1 article correct) per question."""
    results = []
    for row in rows:
        passages = retriever.run(row["question"], top_k=5)
        best = max(p.dense_score for p in passages)
        accepted = row["article_ids"]
        results.append((best, bool(accepted), passages[0].chunk.article_id in accepted))
    return results


def balanced_accuracy(results, threshold: float) -> float:
    answerable = [s for s, should, _ in results if should]
    unanswerable = [s for s, should, _ in results if not should]
    recall_in = sum(s >= threshold for s in answerable) / len(answerable)
    recall_out = sum(s < threshold for s in unanswerable) / len(unanswerable)
    return (recall_in + recall_out) / 2


def best_threshold(results) -> tuple[float, float]:
    """The middle of the widest run of thresholds with the best balanced accuracy.

    Any threshold inside the run separates the set equally well; its middle leaves
    the most margin for questions the set does not contain.
    """
    grid = [step / 100 for step in range(101)]
    scored = [(balanced_accuracy(results, t), t) for t in grid]
    best = max(accuracy for accuracy, _ in scored)
    runs: list[list[float]] = []
    for accuracy, t in scored:
        if accuracy == best:
            if runs and round(t - runs[-1][-1], 2) == 0.01:
                runs[-1].append(t)
            else:
                runs.append([t])
    widest = max(runs, key=len)
    return round((widest[0] + widest[-1]) / 2, 2), best


def main() -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="embedding model name (default: the configured one)")
    args = parser.parse_args()
    from assistant.config import apply_offline_environment, get_settings

    apply_offline_environment()
    from assistant.bootstrap import build_pipeline, settings_for_model

    with tempfile.TemporaryDirectory() as folder:
        settings = settings_for_model(get_settings(), args.model, Path(folder) / "index")
        pipeline = build_pipeline(settings)
        results = score(pipeline.retriever, load_set())
    threshold, accuracy = best_threshold(results)
    top1 = [correct for _, should, correct in results if should]
    print(f"questions: {len(results)} ({len(top1)} answerable)")
    print(f"top-1 article accuracy on answerable: {sum(top1) / len(top1):.2f}")
    print(f"best threshold: {threshold:.2f} (balanced accuracy {accuracy:.3f})")
    configured = settings.resolved_min_answer_similarity
    print(f"configured threshold: {configured:.2f} (balanced accuracy {balanced_accuracy(results, configured):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
