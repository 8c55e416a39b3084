"""External-corpus import and search speed, against the model's raw encode rate.

Makes N synthetic passage-length texts (~150 words), then measures:
  raw encode   Embedder.run over all N texts at once (the model's own batching)
  import       `import_corpus` into a fresh folder, end to end (read, embed, BM25, save)
  re-import    unchanged corpus (in-process, and as a fresh CLI process), and one record changed
  search       per-query latency, warm (query embedding + FAISS + BM25 + RRF): p50 / p95 / max
Usage: python scripts/bench_corpus.py [-n 600] [--queries 200] [--json]
Targets: import rate within 10% of the raw encode rate; search p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.latency import percentile  # noqa: E402

WORDS = """blood sugar glucose insulin kidney liver heart cholesterol statin warfarin clot bleeding
gene variant mutation test result screening cancer breast colon prostate thyroid hormone
pressure doctor nurse clinic visit dose medicine tablet daily weekly risk family history
inherited carrier protein enzyme level high low normal range months years patients adults
children treatment therapy diet exercise weight sleep pain fatigue symptoms diagnosis
report sample laboratory doctor insurance coverage privacy consent research data study
the a of and to in is can may with for your when which this that are be by or it""".split()


def passage(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 20)
        sentence = " ".join(rng.choice(WORDS) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
        count += length
    return " ".join(sentences)


def corpus(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    return [
        {"id": f"p{i:06d}", "title": passage(rng, 6).rstrip("."), "text": passage(rng, rng.randint(110, 190)),
         "url": f"https://example.org/{i}"}
        for i in range(n)
    ]


def write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=600)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from assistant.config import apply_offline_environment

    apply_offline_environment()
    from assistant.retrieval.corpus import CorpusRecord, CorpusSearcher, import_corpus
    from assistant.retrieval.embedder import Embedder

    records = corpus(args.n)
    texts = [CorpusRecord(**r).embedding_text for r in records]
    embedder = Embedder()
    embedder.warm_up()
    embedder.run(texts[:32])  # first-call overheads out of the way

    def raw_encode() -> float:
        started = time.perf_counter()
        embedder.run(texts)
        return time.perf_counter() - started

    # Raw encode before and after the import, so a change in machine load hits both sides.
    raw_runs = [raw_encode()]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "corpus.jsonl"
        write(path, records)
        started = time.perf_counter()
        report = import_corpus(path, folder / "index", embedder, progress=True)
        import_seconds = time.perf_counter() - started
        assert report.embedded == args.n
        raw_runs.append(raw_encode())
        raw_seconds = sum(raw_runs) / len(raw_runs)

        unchanged = import_corpus(path, folder / "index", embedder)
        assert unchanged.unchanged and unchanged.embedded == 0
        command = [
            sys.executable, "-c",
            "import sys; from assistant.retrieval.corpus_cli import build_app; "
            "build_app()(sys.argv[1:])", "kb", "import-jsonl", str(path), "--index-dir", str(folder / "index"),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
        cli_unchanged_seconds = time.perf_counter() - started

        records[args.n // 2]["text"] += " One more sentence about kidney tests."
        write(path, records)
        changed = import_corpus(path, folder / "index", embedder)
        assert changed.embedded == 1

        rng = random.Random(11)
        questions = [passage(rng, rng.randint(6, 16)) for _ in range(args.queries + 10)]

        def search_latencies(query_threads: int | None) -> list[float]:
            searcher = CorpusSearcher(folder / "index", embedder, query_threads=query_threads)
            for question in questions[:10]:
                searcher.search(question)
            latencies = []
            for question in questions[10:]:
                started = time.perf_counter()
                ranked = searcher.search(question)
                latencies.append((time.perf_counter() - started) * 1000)
                assert len(ranked) == 10
            return latencies

        latencies = search_latencies(1)
        default_threads = search_latencies(None)
        load = os.getloadavg()[0]

    raw_rate = args.n / raw_seconds
    import_rate = args.n / import_seconds
    figures = {
        "n": args.n,
        "raw_encode_per_s": round(raw_rate, 1),
        "import_per_s": round(import_rate, 1),
        "import_embed_only_per_s": round(args.n / report.embed_seconds, 1),
        "import_vs_raw": round(import_rate / raw_rate, 3),
        "reimport_unchanged_s": round(unchanged.seconds, 3),
        "reimport_unchanged_cli_s": round(cli_unchanged_seconds, 2),
        "reimport_one_changed_s": round(changed.seconds, 2),
        "search_p50_ms": round(percentile(latencies, 0.50), 1),
        "search_p95_ms": round(percentile(latencies, 0.95), 1),
        "search_max_ms": round(max(latencies), 1),
        "search_p95_ms_default_threads": round(percentile(default_threads, 0.95), 1),
        "raw_runs_s": [round(r, 1) for r in raw_runs],
        "load_average_1m": round(load, 2),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"\nExternal corpus, N={args.n} synthetic passages (~150 words), model {embedder.model_name}")
    print(f"{'measure':<38}{'value':>12}  target")
    rows = [
        ("raw encode (texts/s)", f"{raw_rate:.1f}", ""),
        ("import, end to end (texts/s)", f"{import_rate:.1f}", f">= {0.9 * raw_rate:.1f} (90% of raw)"),
        ("import, embedding only (texts/s)", f"{figures['import_embed_only_per_s']:.1f}", ""),
        ("import / raw", f"{import_rate / raw_rate:.1%}", ">= 90%"),
        ("re-import unchanged, in-process (s)", f"{unchanged.seconds:.3f}", "seconds"),
        ("re-import unchanged, CLI process (s)", f"{cli_unchanged_seconds:.2f}", "seconds"),
        ("re-import, 1 record changed (s)", f"{changed.seconds:.2f}", ""),
        (f"search p50 (ms, {args.queries} queries)", f"{figures['search_p50_ms']:.1f}", ""),
        ("search p95 (ms)", f"{figures['search_p95_ms']:.1f}", "<= 30"),
        ("search max (ms)", f"{figures['search_max_ms']:.1f}", ""),
        ("search p95, torch default threads", f"{figures['search_p95_ms_default_threads']:.1f}", "(for comparison)"),
    ]
    for name, value, target in rows:
        print(f"{name:<38}{value:>12}  {target}")
    print(f"raw encode runs (s): {figures['raw_runs_s']}; 1-minute load average at the end: {load:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
