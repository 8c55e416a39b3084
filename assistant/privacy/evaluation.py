"""Leak-based scoring of the de-identifier (used by scripts/deid_eval.py and the regression test).

A PHI string counts as removed when it can no longer be found in the OUTPUT
text, whatever placeholder replaced it (and even if a neighbouring span took it
with it). Finding is strict: the whole string, or any identifying piece of it
(a name word, a run of four or more characters of a number), as a whole token.
Protected medical terms are blanked out of the output first, so "Lynch" in a
preserved "Lynch syndrome" is not a leak of "Dr. Lynch".

Nothing here prints or logs message text; reports carry counts and, on request,
message ids.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.latency import percentile

# Street-address words that say nothing about where someone lives on their own.
_GENERIC_ADDRESS_WORDS = frozenset(
    "street st avenue ave road rd boulevard blvd lane ln drive dr court ct way place pl terrace circle parkway "
    "highway hwy apt apartment unit suite box po p.o. the of and".split()
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")

# presidio-research entity types -> (category, counted?). ORGANIZATION, NRP and
# TITLE are not Safe Harbor identifiers; AGE counts only above 89.
PRESIDIO_RESEARCH_CATEGORIES = {
    "PERSON": "NAME", "STREET_ADDRESS": "ADDRESS", "GPE": "CITY/GPE", "ZIP_CODE": "ZIP", "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "US_SSN": "SSN", "IP_ADDRESS": "IP", "DOMAIN_NAME": "URL",
    "CREDIT_CARD": "ACCOUNT", "IBAN_CODE": "ACCOUNT", "US_DRIVER_LICENSE": "LICENSE", "AGE": "AGE",
}  # fmt: skip


def _present(haystack: str, needle: str) -> bool:
    if not needle.strip():
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def _pieces(category: str, phi: str) -> list[str]:
    """Identifying parts of a PHI string that must not survive on their own either."""
    if category in {"NAME", "CITY", "CITY/GPE", "ADDRESS"}:
        words = re.findall(r"[^\W\d_][\w'’-]*|\d{3,}", phi)
        return [w for w in words if len(w) >= 3 and w.lower().strip(".") not in _GENERIC_ADDRESS_WORDS]
    if category in {"DATE", "AGE"}:
        return [c for c in re.findall(r"\d+", phi) if len(c) >= 3 and not _YEAR.match(c)]
    if category in {"EMAIL", "URL"}:
        return []
    return [c for c in re.findall(r"[A-Za-z0-9]+", phi) if len(c) >= 4 and sum(ch.isdigit() for ch in c) >= 3]


def leaked(output: str, category: str, phi: str, protected: Iterable[str] = ()) -> bool:
    """True when `phi` (or an identifying piece of it) can still be read in `output`."""
    for term in sorted(protected, key=len, reverse=True):
        output = output.replace(term, " " * len(term))
    if _present(output, phi) or _present(" ".join(output.split()), " ".join(phi.split())):
        return True
    return any(_present(output, piece) for piece in _pieces(category, phi))


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_records(records: list[dict], run: Callable[[str], str]) -> dict:
    """Per-category recall, protected-term preservation and PHI-free unchanged rate, plus timings."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # category -> [removed, total]
    protected_kept = protected_total = free_unchanged = free_total = 0
    failures: dict[str, list[str]] = defaultdict(list)
    timings: list[float] = []
    for record in records:
        started = time.perf_counter()
        output = run(record["text"])
        timings.append((time.perf_counter() - started) * 1000)
        protected = record.get("protected", [])
        for item in record["phi"]:
            counts = found[item["category"]]
            counts[1] += 1
            if leaked(output, item["category"], item["text"], protected):
                failures[f"leak:{item['category']}"].append(record["id"])
            else:
                counts[0] += 1
        for term in protected:
            protected_total += 1
            if term in output:
                protected_kept += 1
            else:
                failures["protected"].append(record["id"])
        if record.get("phi_free", not record["phi"]):
            free_total += 1
            if output == record["text"]:
                free_unchanged += 1
            else:
                failures["phi_free_changed"].append(record["id"])
    removed, total = sum(c[0] for c in found.values()), sum(c[1] for c in found.values())
    return {
        "messages": len(records),
        "categories": {k: {"removed": v[0], "total": v[1], "recall": v[0] / v[1]} for k, v in sorted(found.items())},
        "overall_recall": removed / total if total else 1.0,
        "phi_total": total,
        "protected_preserved": protected_kept / protected_total if protected_total else 1.0,
        "protected_total": protected_total,
        "phi_free_unchanged": free_unchanged / free_total if free_total else 1.0,
        "phi_free_total": free_total,
        "latency_ms": {"p50": statistics.median(timings), "p95": percentile(timings, 0.95)} if timings else {},
        "failures": {k: sorted(set(v)) for k, v in failures.items()},
    }


def presidio_research_records(path: Path) -> list[dict]:
    """The presidio-research synthetic set in our record format (Safe Harbor types only)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    records = []
    for index, item in enumerate(data):
        phi = []
        for span in item["spans"]:
            category = PRESIDIO_RESEARCH_CATEGORIES.get(span["entity_type"])
            value = span["entity_value"]
            if category is None:
                continue
            if category == "AGE" and not (value.strip().isdigit() and int(value) >= 90):
                continue
            phi.append({"category": category, "text": value})
        records.append({"id": f"presidio-research-{index}", "text": item["full_text"], "phi": phi, "protected": [],
                        "phi_free": not item["spans"]})
    return records
