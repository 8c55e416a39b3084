"""Approval mode rules: which answers wait for staff, and what an edited answer must keep.

Pure: storage applies decisions atomically (conditional UPDATE on `version`), this
module only says which answers are held and whether an edit is still fully cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from assistant.compose.extractive import CLOSING_LINE
from assistant.errors import InputError
from assistant.types import Answer, Citation, TriageLevel

REVIEWING_TEXT = "Your care team is reviewing this answer. It will appear here once they have checked it."
PENDING_REASON = "pending_review"
# Safety guidance must reach the patient at once; it is never held for review.
NEVER_HELD_TRIAGE = frozenset({TriageLevel.EMERGENCY, TriageLevel.URGENT})
MAX_EDIT_CHARS = 4000

_MARKERS_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+\]\s*)+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_MARKER = re.compile(r"\[(\d+)\]")


class ApprovalState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"
    REPLACED = "replaced"


def held_topics(answer: Answer, topics: tuple[str, ...], approval_topics: Iterable[str]) -> tuple[str, ...]:
    """The answer's topics that require approval; empty when it goes straight to the patient.

    Emergency and urgent answers are never held (their safety guidance cannot wait), and
    neither is an abstention (it says nothing that needs checking).
    """
    if answer.triage.level in NEVER_HELD_TRIAGE or answer.reason == "low_confidence":
        return ()
    required = set(approval_topics)
    return tuple(topic for topic in topics if topic in required)


def sentences(text: str) -> list[str]:
    """Sentences of an answer, each with the citation markers that follow it."""
    normalised = _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
    return [part.strip() for block in normalised.split("\n") for part in _SENTENCE_END.split(block) if part.strip()]


def check_edited_answer(edited: str, original: str, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The citations an edited answer uses, or an InputError naming the first unsupported sentence.

    Every sentence must cite at least one of the answer's own sources by number, and
    every number must be one of them. Sentences Tailor itself wrote without a citation
    (the closing line, safety guidance, statements about the record) may stay as they were.
    """
    if not edited.strip():
        raise InputError("the edited answer is empty")
    if len(edited) > MAX_EDIT_CHARS:
        raise InputError(f"the edited answer is too long (limit {MAX_EDIT_CHARS} characters)")
    known = {citation.n: citation for citation in citations}
    uncited_allowed = {_plain(s) for s in sentences(original) if not _MARKER.search(s)}
    uncited_allowed |= {_plain(s) for s in sentences(CLOSING_LINE)}
    used: set[int] = set()
    for sentence in sentences(edited):
        numbers = [int(n) for n in _MARKER.findall(sentence)]
        missing = [n for n in numbers if n not in known]
        if missing:
            raise InputError(
                f"citation [{missing[0]}] in \"{_short(sentence)}\" is not one of this answer's sources "
                f"({_numbers(known)})")
        if not numbers and _plain(sentence) not in uncited_allowed:
            raise InputError(
                f"\"{_short(sentence)}\" has no citation; end it with one of {_numbers(known)} "
                "or use Replace to write your own reply")
        used.update(numbers)
    return tuple(known[n] for n in sorted(used))


def _plain(sentence: str) -> str:
    return " ".join(sentence.split()).lower()


def _short(sentence: str, limit: int = 80) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _numbers(known: dict[int, Citation]) -> str:
    return ", ".join(f"[{n}]" for n in sorted(known)) or "no sources: use Replace"
