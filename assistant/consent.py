"""The disclosure a patient reads and accepts at first login.

Bump CONSENT_VERSION whenever the wording changes in substance: every patient is asked
again, and each acceptance is kept with its version and time.
"""

from __future__ import annotations

from dataclasses import dataclass

CONSENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Disclosure:
    version: str
    paragraphs: tuple[str, ...]
    accepted: bool


def disclosure_paragraphs(retention_days: int) -> tuple[str, ...]:
    return (
        "Tailor is an AI assistant. It is not a doctor, nurse or genetic counselor. "
        "It explains your test results and personalised medicine from a library "
        "that our clinic reviews.",
        "Tailor does not diagnose and does not tell you to start, stop or change a medicine. "
        "For that, and whenever you are unsure, ask your care team. "
        "In an emergency, call 911 or your local emergency number.",
        "What we store: your questions and Tailor's answers, with names, phone numbers and "
        "other details that could identify you removed first. We also store your test "
        "results, and a record of who looked at your data and when.",
        f"How long: conversations are deleted {retention_days} days after their last message. "
        "Your test results stay in your health record.",
        "Your choices: you can download everything Tailor holds about you, and delete your "
        "conversations at any time, from the My data page.",
    )
