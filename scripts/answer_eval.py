"""End-to-end answer quality on tests/data/answer_eval.jsonl, through the patient's path.

Each question goes through TailorService.ask as the demo patient (a throw-away SQLite
database), exactly as the chat page sends it. Measures key-fact recall, citation of
every content answer, reading grade of the answers, routing and polite declines, and
counts answers that advise starting, stopping or changing a medicine (must be 0).
Usage: python scripts/answer_eval.py [--json] [--failures] [--split all|tuning|held-out|blind-dev|blind-test|blind-2|...|blind-10] [--model NAME]
(--model: another packaged embedding model, indexed into a throw-away folder, with its own
calibrated answer threshold.)

About a quarter of the first 203 questions (fixed by a hash of the id, see `is_held_out`)
were kept out of tuning: work on the composer and the articles looked only at the tuning
split, and the held-out split is measured to see whether the gains carry over. The 48
"f" questions were written later from the articles alone, without running Tailor, and
measured before any change made for them: half ("blind-dev") were then looked at while
tuning, the other half ("blind-test") never were. Their row names its split. The 60 "g"
questions ("blind-2") were written the same way a session later and were measured, not tuned
on, until the fifth session, which read their failures while it worked. The 40 "h" questions
("blind-3") were written at the end of the fourth session and measured once at each end of
the fifth. The fifth session's 60 "i" questions ("blind-4", 2.8 key facts each) were measured
before its first change and after its last, never looked at one by one; its 50 "j" questions
("blind-5", half of them asking two or three things at once) were written to be looked at
while working. The sixth session's 60 "k" questions ("blind-6") were measured before its first
change and after its last, never looked at one by one; its 50 "m" questions ("blind-7") were a
development batch. The seventh session's 60 "n" questions ("blind-8"), the eighth's 60 "p"
questions ("blind-9") and the ninth's 60 "q" ("blind-10") were measured before the session's
first change and after its last. The answer ranker (assistant/retrieval/answer_ranker.py) is
trained on the development splits only: the first 203, blind-dev, blind-2, blind-5 and blind-7;
blind-test, blind-3, blind-4, blind-6, blind-8, blind-9 and blind-10 are the clean measure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "data" / "answer_eval.jsonl"
TARGETS = {"key_fact_recall": 0.90, "cited": 1.0, "grade_ok": 0.90, "advice": 0}
MAX_GRADE = 8.0


SPLITS = ("all", "tuning", "held-out", "blind-dev", "blind-test", "blind-2", "blind-3", "blind-4", "blind-5", "blind-6",
          "blind-7", "blind-8", "blind-9", "blind-10")


def is_held_out(question_id: str) -> bool:
    """A fixed quarter of the set, chosen by hash so it does not depend on the order of rows."""
    return int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % 4 == 0


def split_of(row: dict) -> str:
    return row.get("split") or ("held-out" if is_held_out(row["id"]) else "tuning")


def load_set(path: Path = EVAL_SET, split: str = "all") -> list[dict]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows if split == "all" else [row for row in rows if split_of(row) == split]


def gives_advice(answer_text: str) -> bool:
    from assistant.answer_scoring import gives_advice as advises

    return advises(answer_text)


def answer_grade(answer_text: str) -> float:
    from assistant.answer_scoring import answer_grade as grade

    return grade(answer_text)


def evaluate(service, patient, rows: list[dict]) -> tuple[dict, list[dict]]:
    from assistant.compose.extractive import LOW_CONFIDENCE_ANSWER

    facts_found = facts_total = content = cited = grade_ok = advice = content_declined = 0
    routed = route_total = declined = decline_total = 0
    failures: list[dict] = []
    for row in rows:
        answer = service.ask(patient, row["question"])
        text = answer.answer
        advice += gives_advice(text)
        if row["kind"] == "content":
            content += 1
            found = [bool(re.search(p, text, re.IGNORECASE)) for p in row["key_facts"]]
            facts_found += sum(found)
            facts_total += len(found)
            cited += bool(answer.citations)
            content_declined += text == LOW_CONFIDENCE_ANSWER
            grade_ok += answer_grade(text) <= MAX_GRADE
            if not all(found) or not answer.citations:
                failures.append({"id": row["id"], "missing": [p for p, ok in zip(row["key_facts"], found) if not ok],
                                 "cited": bool(answer.citations)})
        elif row["kind"] == "route":
            route_total += 1
            ok = answer.escalate and answer.triage.level.value == row["expect"]
            routed += ok
            if not ok:
                failures.append({"id": row["id"], "level": answer.triage.level.value, "escalate": answer.escalate})
        else:
            decline_total += 1
            ok = text == LOW_CONFIDENCE_ANSWER and not answer.citations
            declined += ok
            if not ok:
                failures.append({"id": row["id"], "declined": False})
    report = {
        "content": content,
        "key_fact_recall": round(facts_found / max(1, facts_total), 3),
        "cited": round(cited / max(1, content), 3),
        # Content questions Tailor wrongly declined as out of scope (they count as uncited).
        "content_declined": content_declined,
        "grade_ok": round(grade_ok / max(1, content), 3),
        "advice": advice,
        "routed": round(routed / max(1, route_total), 3),
        "declined": round(declined / max(1, decline_total), 3),
    }
    return report, failures


def run_service_evaluation(
    rows: list[dict] | None = None, model: str | None = None, pipeline=None
) -> tuple[dict, list[dict]]:
    """Build a service on a throw-away database, seed the demo patient, evaluate.

    `pipeline`: an already built AnswerPipeline to evaluate (then `model` is not used).
    """

    from assistant.config import Settings, apply_offline_environment, get_settings

    apply_offline_environment()
    from assistant.bootstrap import build_pipeline, settings_for_model
    from assistant.consent import CONSENT_VERSION
    from assistant.demo import seed_demo
    from assistant.service import TailorService
    from assistant.storage import Database

    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'eval.db'}")
        database.create_schema()
        password = "answer-eval-password"
        settings = Settings(data_dir=Path(folder), demo_password=password,
                            index_dir=get_settings().resolved_index_dir)
        seed_demo(settings, database)
        if pipeline is None:
            pipeline = build_pipeline(settings_for_model(get_settings(), model, Path(folder) / "index"))
        service = TailorService(pipeline, database)
        patient = service.login("demo.patient", password)
        service.accept_disclosure(patient, CONSENT_VERSION)
        return evaluate(service, patient, rows or load_set())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--model", help="embedding model name (default: the configured one)")
    args = parser.parse_args()
    report, failures = run_service_evaluation(load_set(split=args.split), model=args.model)
    print(json.dumps(report) if args.json else "\n".join(f"{k:<18}{v}" for k, v in report.items()))
    if args.failures:
        for failure in failures:
            print(json.dumps(failure))
    return 0


if __name__ == "__main__":
    sys.exit(main())
