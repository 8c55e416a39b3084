"""Benchmark the warm question pipeline: p50/p95 per stage, and the cold start.

Usage: python scripts/bench.py [--questions N] [--json]
Target (2 cores): total p95 <= 150 ms warm. Nothing is stored; the index must exist
(`make bench` builds it first).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time

from assistant.latency import percentile

STARTED = time.perf_counter()

TOPICS = [
    "my LDL cholesterol", "bad cholesterol", "HDL", "triglycerides", "my HbA1c", "the sugar test",
    "prediabetes", "my eGFR", "creatinine", "urine albumin", "TSH", "free T4", "a thyroid test",
    "pharmacogenomics", "CYP2C19", "being a poor metabolizer", "an ultrarapid metabolizer",
    "clopidogrel and my genes", "codeine and CYP2D6", "a VUS result", "a negative genetic test",
    "a positive BRCA result", "Lynch syndrome", "family history of cancer", "genetic counseling",
    "GINA", "genetic privacy", "life insurance and genetic tests", "biomarkers", "tumor testing",
    "cancer screening", "colon cancer screening", "false positives", "the cost of genetic testing",
    "insurance coverage for gene tests", "reference ranges", "an H flag on my lab report",
    "personalized medicine", "direct-to-consumer DNA tests", "preparing for my visit",
]
FRAMES = [
    "What is {t}?", "Can you explain {t} in simple words?", "What does {t} mean for me?",
    "Why does my doctor care about {t}?", "I'm confused about {t}, help?", "tell me about {t}",
    "Is {t} something to worry about?", "how do i understand {t}",
]
PERSONAL = [
    "Hi, I'm Maria Lopez (DOB 03/04/1962). What does my LDL of 162 mean?",
    "This is John Smith, call me at 555-123-4567. Is my A1c of 6.8 high?",
    "My MRN is 12345678 and my eGFR is 55, is that bad?",
    "Email me at jo@example.com: what does CYP2C19 *1/*2 mean?",
    "Should I stop my warfarin before the dentist?",
    "What is the best pizza in Naples?",
    "I have chest pain right now",
    "my dad had colon cancer at 45, should I get screened early?",
]


def questions(count: int) -> list[str]:
    generated = [frame.format(t=topic) for topic, frame in itertools.product(TOPICS, FRAMES)]
    random.Random(7).shuffle(generated)
    pool = PERSONAL * 3 + generated
    return list(itertools.islice(itertools.cycle(pool), count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=240)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from assistant.config import apply_offline_environment, get_settings

    apply_offline_environment()
    from assistant.bootstrap import build_pipeline
    from assistant.pipeline import StageTimings

    pipeline = build_pipeline(get_settings())
    pipeline.run("What is LDL?")
    cold_start_s = time.perf_counter() - STARTED

    stages: dict[str, list[float]] = {}
    for question in questions(args.questions):
        timings = StageTimings()
        started = time.perf_counter()
        pipeline.run(question, timings)
        timings.seconds["total"] = time.perf_counter() - started
        for stage, seconds in timings.seconds.items():
            stages.setdefault(stage, []).append(seconds * 1000)

    order = ["deidentification", "triage", "embedding", "search", "composition", "total"]
    report = {
        stage: {"n": len(stages[stage]), "p50_ms": round(statistics.median(stages[stage]), 1),
                "p95_ms": round(percentile(stages[stage], 0.95), 1)}
        for stage in order if stage in stages
    }
    report["cold_start_s"] = round(cold_start_s, 2)
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{'stage':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}")
    for stage in order:
        if stage in report:
            row = report[stage]
            print(f"{stage:<18}{row['n']:>6}{row['p50_ms']:>10}{row['p95_ms']:>10}")
    print(f"cold start (process start to first answer): {cold_start_s:.1f} s")
    target_met = report["total"]["p95_ms"] <= 150
    print(f"target total p95 <= 150 ms: {'met' if target_met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
