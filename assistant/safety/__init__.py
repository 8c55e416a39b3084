"""Safety runs on every de-identified message before any answer is composed."""

from assistant.safety.triage import triage

__all__ = ["triage"]
