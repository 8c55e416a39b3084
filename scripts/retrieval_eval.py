"""Retrieval quality on tests/data/retrieval_eval.jsonl: Recall@3 and MRR per ranker.

Rankers: BM25 alone, dense alone, hybrid (RRF) without query rewriting, and Tailor's
(hybrid with lay-term and spelling rewriting). Relevance is at article level: a
question is answered when any of its `article_ids` is retrieved.
Usage: python scripts/retrieval_eval.py [--json] [--model NAME]
(--model: another packaged embedding model, indexed into a throw-away folder.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "data" / "retrieval_eval.jsonl"
TARGETS = {"recall_at_3": 0.95, "mrr": 0.85}


def load_set(path: Path = EVAL_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def articles_in_order(chunks, positions) -> list[str]:
    seen: list[str] = []
    for position in positions:
        article_id = chunks[position].article_id
        if article_id not in seen:
            seen.append(article_id)
    return seen


def score(ranked: list[list[str]], rows: list[dict]) -> dict:
    recall, reciprocal = 0, 0.0
    for articles, row in zip(ranked, rows):
        relevant = set(row["article_ids"])
        ranks = [rank for rank, article_id in enumerate(articles, start=1) if article_id in relevant]
        recall += bool(ranks and ranks[0] <= 3)
        reciprocal += 1 / ranks[0] if ranks else 0.0
    return {"recall_at_3": round(recall / len(rows), 3), "mrr": round(reciprocal / len(rows), 3), "n": len(rows)}


RANKERS = ("bm25", "dense", "hybrid", "tailor")


def evaluate(retriever, rows: list[dict], rankers: tuple[str, ...] = RANKERS) -> dict[str, dict]:
    """Scores for each ranker; `retriever` is the app's HybridRetriever (rewriting on)."""
    from assistant.retrieval.hybrid import HybridRetriever

    plain = HybridRetriever(retriever.index, retriever.embedder, retriever.rrf_k, rewrite=False)
    chunks = retriever.index.chunks
    ranked: dict[str, list[list[str]]] = {name: [] for name in rankers}
    for row in rows:
        question = row["question"]
        if "bm25" in ranked or "dense" in ranked:
            dense, bm25 = plain.rankings(question)
            ranked.get("dense", []).append(articles_in_order(chunks, dense))
            ranked.get("bm25", []).append(articles_in_order(chunks, bm25))
        if "hybrid" in ranked:
            ranked["hybrid"].append([p.chunk.article_id for p in _dedupe(plain.run(question, top_k=20))])
        if "tailor" in ranked:
            ranked["tailor"].append([p.chunk.article_id for p in _dedupe(retriever.run(question, top_k=20))])
    return {name: score(lists, rows) for name, lists in ranked.items()}


def _dedupe(passages):
    seen, unique = set(), []
    for passage in passages:
        if passage.chunk.article_id not in seen:
            seen.add(passage.chunk.article_id)
            unique.append(passage)
    return unique


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--model", help="embedding model name (default: the configured one)")
    args = parser.parse_args()
    import tempfile

    from assistant.config import apply_offline_environment, get_settings

    apply_offline_environment()
    from assistant.bootstrap import build_pipeline, settings_for_model

    with tempfile.TemporaryDirectory() as folder:
        settings = settings_for_model(get_settings(), args.model, Path(folder) / "index")
        results = evaluate(build_pipeline(settings).retriever, load_set())
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"{'ranker':<10}{'Recall@3':>10}{'MRR':>8}{'n':>6}")
    for name, row in results.items():
        print(f"{name:<10}{row['recall_at_3']:>10}{row['mrr']:>8}{row['n']:>6}")
    print(f"targets: Recall@3 >= {TARGETS['recall_at_3']}, MRR >= {TARGETS['mrr']} (ranker 'tailor')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
