"""Tailor's Presidio recognizers: one class per module, each saying why Presidio's default fell short."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .age import AgeOver89Recognizer
from .dates import CalendarDateRecognizer
from .email import OfflineEmailRecognizer
from .labelled_identifier import LabelledIdentifierRecognizer
from .medical_record_number import MedicalRecordNumberRecognizer
from .person_cue import CuedPersonRecognizer
from .phone import UsPhoneRecognizer
from .spacy_ner import MedicalAwareSpacyRecognizer
from .street_address import StreetAddressRecognizer
from .url import ChatUrlRecognizer
from .zip_code import UsZipCodeRecognizer

# Presidio recognizers (by registry name) that the classes above replace.
REPLACED_PRESIDIO_RECOGNIZERS = ("EmailRecognizer", "UrlRecognizer", "DateRecognizer", "SpacyRecognizer")


def pattern_recognizers(language: str = "en") -> list[EntityRecognizer]:
    """Fresh instances of our regex recognizers (the NER one needs the NLP engine's entities)."""
    classes = (
        OfflineEmailRecognizer,
        ChatUrlRecognizer,
        CalendarDateRecognizer,
        MedicalRecordNumberRecognizer,
        LabelledIdentifierRecognizer,
        UsPhoneRecognizer,
        AgeOver89Recognizer,
        StreetAddressRecognizer,
        UsZipCodeRecognizer,
        CuedPersonRecognizer,
    )
    return [cls(supported_language=language) for cls in classes]


__all__ = [
    "REPLACED_PRESIDIO_RECOGNIZERS",
    "AgeOver89Recognizer",
    "CalendarDateRecognizer",
    "ChatUrlRecognizer",
    "CuedPersonRecognizer",
    "LabelledIdentifierRecognizer",
    "MedicalAwareSpacyRecognizer",
    "MedicalRecordNumberRecognizer",
    "OfflineEmailRecognizer",
    "StreetAddressRecognizer",
    "UsPhoneRecognizer",
    "UsZipCodeRecognizer",
    "pattern_recognizers",
]
