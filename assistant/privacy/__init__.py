"""De-identification layer: every user message passes through `deidentify` before it goes anywhere else."""

from .engine import Deidentified, Deidentifier, DetectedEntity, deidentify
from .pseudonyms import PseudonymMap, without_numbers

__all__ = ["Deidentified", "Deidentifier", "DetectedEntity", "PseudonymMap", "deidentify", "without_numbers"]
