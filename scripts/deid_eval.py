"""Score the de-identifier by what leaks: our labelled chat set and the presidio-research set.

Usage: python scripts/deid_eval.py [--set PATH] [--presidio PATH] [--no-presidio] [--json] [--failures]
Targets on our set: overall PHI recall >= 0.98, every category >= 0.95, protected
medical terms preserved >= 0.99, PHI-free messages unchanged >= 0.98.
Prints counts and message ids only, never message text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_SET = REPO / "tests" / "data" / "deid_eval.jsonl"
DEFAULT_PRESIDIO = REPO / ".." / "shared" / "data" / "pii" / "synth_dataset_v2.json"
TARGETS = {"overall_recall": 0.98, "category_recall": 0.95, "protected_preserved": 0.99, "phi_free_unchanged": 0.98}


def meets_targets(report: dict) -> dict[str, bool]:
    return {
        "overall_recall": report["overall_recall"] >= TARGETS["overall_recall"],
        "category_recall": all(c["recall"] >= TARGETS["category_recall"] for c in report["categories"].values()),
        "protected_preserved": report["protected_preserved"] >= TARGETS["protected_preserved"],
        "phi_free_unchanged": report["phi_free_unchanged"] >= TARGETS["phi_free_unchanged"],
    }


def print_table(title: str, report: dict, show_failures: bool) -> None:
    print(f"\n{title}: {report['messages']} messages")
    print(f"{'category':<14}{'removed':>9}{'total':>8}{'recall':>9}")
    for name, row in report["categories"].items():
        print(f"{name:<14}{row['removed']:>9}{row['total']:>8}{row['recall']:>9.3f}")
    print(f"{'ALL PHI':<14}{'':>9}{report['phi_total']:>8}{report['overall_recall']:>9.3f}")
    print(f"protected terms preserved: {report['protected_preserved']:.3f} of {report['protected_total']}")
    print(f"PHI-free messages unchanged: {report['phi_free_unchanged']:.3f} of {report['phi_free_total']}")
    if report["latency_ms"]:
        print(f"latency per message: p50 {report['latency_ms']['p50']:.1f} ms, p95 {report['latency_ms']['p95']:.1f} ms")
    if show_failures:
        for kind, ids in report["failures"].items():
            print(f"  {kind}: {', '.join(ids[:40])}{' ...' if len(ids) > 40 else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="labelled JSONL set")
    parser.add_argument("--presidio", type=Path, default=DEFAULT_PRESIDIO, help="presidio-research synth_dataset_v2.json")
    parser.add_argument("--no-presidio", action="store_true", help="skip the presidio-research set")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    parser.add_argument("--failures", action="store_true", help="list the ids of failing messages")
    args = parser.parse_args()

    from assistant.config import apply_offline_environment

    apply_offline_environment()
    from assistant.privacy import Deidentifier
    from assistant.privacy.evaluation import load_jsonl, presidio_research_records, score_records

    deidentifier = Deidentifier()
    deidentifier.warm_up()
    run = lambda text: deidentifier.run(text).text  # noqa: E731
    run("warm the caches up, Dr. Smith, 555-123-4567")
    reports = {"chat_set": score_records(load_jsonl(args.set), run)}
    reports["chat_set"]["targets_met"] = meets_targets(reports["chat_set"])
    if not args.no_presidio and args.presidio.exists():
        reports["presidio_research"] = score_records(presidio_research_records(args.presidio), run)
    if args.json:
        if not args.failures:
            for report in reports.values():
                report.pop("failures")
        print(json.dumps(reports, indent=2))
        return 0
    print_table(f"Tailor chat set ({args.set.name})", reports["chat_set"], args.failures)
    print("targets:", ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in reports["chat_set"]["targets_met"].items()))
    if "presidio_research" in reports:
        print_table("presidio-research synth_dataset_v2", reports["presidio_research"], args.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
