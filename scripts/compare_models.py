"""Compare packaged embedding models on quality and cost, each in a fresh process.

For each model (default: all installed ones in assistant/retrieval/models.py):
  quality   Recall@3 / MRR of BM25, dense, hybrid and Tailor (scripts/retrieval_eval.py);
            calibrated answer threshold (scripts/calibrate.py); key-fact recall, cited,
            grade <= 8, routing and declines for all, tuning and held-out questions
            (scripts/answer_eval.py), with the model's own threshold
  cost      cold load (fresh process; first assembly of split weights measured apart),
            query embedding p50/p95 (one question, warm), encode rate of passage-length
            texts, knowledge-base index build, search and whole-answer p50/p95, disk size
Each model's index goes to a throw-away folder; var/index is not touched.
Usage: python scripts/compare_models.py [--model NAME ...] [--out FILE.json] [--skip-answers] [--timings-only]
Prints a markdown table (the one in docs/retrieval.md) and the 1-minute load average,
because the machine is shared: repeat when the load moved a lot during a run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.latency import percentile  # noqa: E402


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _latency(values_ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values_ms), 1), "p95_ms": round(percentile(values_ms, 0.95), 1)}


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _package_mb(spec) -> float:
    import importlib.metadata

    total = 0
    for requirement in spec.packages:
        distribution = importlib.metadata.distribution(requirement.split("==")[0])
        for file in distribution.files or []:
            path = Path(distribution.locate_file(file))
            total += path.stat().st_size if path.is_file() else 0
    return total / 1e6


def measure(name: str, *, answers: bool = True, quality: bool = True) -> dict:
    """Everything for one model, in this (fresh) process."""
    from assistant.config import apply_offline_environment, get_settings

    apply_offline_environment()
    import sentence_transformers  # noqa: F401  (import time is not the model's load time)

    from assistant.bootstrap import build_pipeline, settings_for_model
    from assistant.retrieval.corpus import CorpusRecord
    from assistant.retrieval.embedder import Embedder
    from assistant.retrieval.index import build_or_load
    from assistant.retrieval.loader import load_knowledge_base
    from assistant.retrieval.models import packaged_model

    figures: dict = {"model": name, "load_average_start": round(os.getloadavg()[0], 2)}
    spec = packaged_model(name)
    figures["packages"] = [p.split("==")[0] for p in spec.packages]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        Embedder(name, cache_dir=folder / "models").model_path()  # first start: split weights joined here
        figures["first_assembly_s"] = round(time.perf_counter() - started, 2)
        shutil.rmtree(folder / "models", ignore_errors=True)

        settings = settings_for_model(get_settings(), name, folder / "index")
        embedder = Embedder(name, cache_dir=settings.resolved_model_cache_dir)
        embedder.model_path()
        started = time.perf_counter()
        embedder.warm_up()  # weights already in the cache, as on every start after the first
        figures["cold_load_s"] = round(time.perf_counter() - started, 2)
        figures["dimension"] = embedder.dimension
        figures["package_mb"] = round(_package_mb(spec), 1)
        cache = settings.resolved_model_cache_dir / name
        figures["extracted_mb"] = round(_folder_mb(cache), 1) if cache.exists() else 0.0

        bench_corpus = _script("bench_corpus")
        passages = [CorpusRecord(**r).embedding_text for r in bench_corpus.corpus(256)]
        embedder.run(passages[:32])
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            embedder.run(passages)
            runs.append(len(passages) / (time.perf_counter() - started))
        figures["encode_texts_per_s"] = round(max(runs), 1)

        retrieval_eval = _script("retrieval_eval")
        questions = [row["question"] for row in retrieval_eval.load_set()][:210]
        for question in questions[:10]:
            embedder.run([question])
        latencies = []
        for question in questions[10:]:
            started = time.perf_counter()
            embedder.run([question])
            latencies.append((time.perf_counter() - started) * 1000)
        figures["query_embedding"] = _latency(latencies)

        articles = load_knowledge_base(settings.knowledge_dir)
        index, report = build_or_load(articles, embedder, settings.resolved_index_dir, force=True)
        figures["kb_index_build_s"] = round(report.seconds, 1)
        figures["kb_index"] = {"chunks": report.chunks, "sentences": report.embedded_sentences,
                               "mb": round(_folder_mb(settings.resolved_index_dir), 1)}

        pipeline = build_pipeline(settings, embedder=embedder, articles=articles)
        retriever = pipeline.retriever
        latencies = []
        for question in questions[10:]:
            started = time.perf_counter()
            retriever.run(question, top_k=5)
            latencies.append((time.perf_counter() - started) * 1000)
        figures["search"] = _latency(latencies)

        from assistant.pipeline import StageTimings

        bench = _script("bench")
        totals = []
        for question in bench.questions(240):
            started = time.perf_counter()
            pipeline.run(question, StageTimings())
            totals.append((time.perf_counter() - started) * 1000)
        figures["answer_path"] = _latency(totals)

        if not quality:
            figures["load_average_end"] = round(os.getloadavg()[0], 2)
            return figures
        figures["retrieval"] = retrieval_eval.evaluate(retriever, retrieval_eval.load_set())
        calibrate = _script("calibrate")
        results = calibrate.score(retriever, calibrate.load_set())
        best, best_accuracy = calibrate.best_threshold(results)
        configured = settings.resolved_min_answer_similarity
        top1 = [correct for _, should, correct in results if should]
        figures["calibration"] = {
            "configured": configured,
            "balanced_accuracy_configured": round(calibrate.balanced_accuracy(results, configured), 3),
            "best": best,
            "balanced_accuracy_best": round(best_accuracy, 3),
            "top1": round(sum(top1) / len(top1), 3),
        }
        if answers:
            answer_eval = _script("answer_eval")
            figures["answers"] = {
                split: answer_eval.run_service_evaluation(answer_eval.load_set(split=split), pipeline=pipeline)[0]
                for split in answer_eval.SPLITS
            }
    figures["load_average_end"] = round(os.getloadavg()[0], 2)
    return figures


def table(results: list[dict]) -> str:
    head = ("| model | packages | disk MB (package + extracted) | dim | Recall@3 / MRR dense | "
            "Recall@3 / MRR hybrid | Recall@3 / MRR Tailor | key-fact recall all (tuning / held-out) | "
            "query emb. p50 / p95 ms | search p95 ms | answer p50 / p95 ms | encode texts/s | "
            "KB index build s | cold load s (first assembly s) | load avg |")
    lines = [head, "|" + " --- |" * head.count(" | ") + " --- |"]
    missing = {"recall_at_3": "—", "mrr": "—"}
    for r in results:
        q, answers = r.get("retrieval", dict.fromkeys(("dense", "hybrid", "tailor"), missing)), r.get("answers", {})
        facts = (f"{answers['all']['key_fact_recall']} ({answers['tuning']['key_fact_recall']} / "
                 f"{answers['held-out']['key_fact_recall']})") if answers else "—"
        lines.append(
            f"| {r['model']} | {r['packages'][0]}{' …' if len(r['packages']) > 1 else ''} "
            f"| {r['package_mb']:.0f} + {r['extracted_mb']:.0f} | {r['dimension']} "
            f"| {q['dense']['recall_at_3']} / {q['dense']['mrr']} | {q['hybrid']['recall_at_3']} / {q['hybrid']['mrr']} "
            f"| {q['tailor']['recall_at_3']} / {q['tailor']['mrr']} | {facts} "
            f"| {r['query_embedding']['p50_ms']} / {r['query_embedding']['p95_ms']} | {r['search']['p95_ms']} "
            f"| {r['answer_path']['p50_ms']} / {r['answer_path']['p95_ms']} | {r['encode_texts_per_s']} "
            f"| {r['kb_index_build_s']} | {r['cold_load_s']} ({r['first_assembly_s']}) "
            f"| {r['load_average_start']}–{r['load_average_end']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="a model name (repeat; default: every installed one)")
    parser.add_argument("--out", type=Path, help="write all figures as JSON here")
    parser.add_argument("--skip-answers", action="store_true", help="leave out the whole-answer evaluation")
    parser.add_argument("--timings-only", action="store_true", help="cost figures only (quality is deterministic)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, answers=not args.skip_answers, quality=not args.timings_only)))
        return 0

    from assistant.errors import ConfigurationError
    from assistant.retrieval.models import MODELS, require_installed

    names = args.model or list(MODELS)
    results = []
    for name in names:
        try:
            require_installed(MODELS[name]) if name in MODELS else None
        except ConfigurationError as error:
            print(f"skipped {name}: {error}", file=sys.stderr)
            continue
        command = [sys.executable, __file__, "--worker", name]
        command += ["--skip-answers"] * args.skip_answers + ["--timings-only"] * args.timings_only
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{name} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"measured {name}", file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
