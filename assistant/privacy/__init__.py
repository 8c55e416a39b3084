"""De-identification layer: every user message passes through `deidentify` before it goes anywhere else."""

from .engine import Deidentified, Deidentifier, DetectedEntity, deidentify

__all__ = ["Deidentified", "Deidentifier", "DetectedEntity", "deidentify"]
