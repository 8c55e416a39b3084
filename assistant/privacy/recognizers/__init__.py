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
from .city import CityRecognizer
from .dea import DeaNumberRecognizer
from .device import DeviceIdentifierRecognizer
from .generic_identifier import GenericIdentifierRecognizer
from .medicare_id import MedicareBeneficiaryIdRecognizer
from .name_lexicon import NameLexiconRecognizer
from .npi import NpiRecognizer
from .signature import SignatureRecognizer
from .social_handle import SocialHandleRecognizer
from .ssn import LabelledSsnRecognizer
from .vehicle import VehicleIdentifierRecognizer

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
        NameLexiconRecognizer,
        SignatureRecognizer,
        CityRecognizer,
        GenericIdentifierRecognizer,
        LabelledSsnRecognizer,
        NpiRecognizer,
        DeaNumberRecognizer,
        MedicareBeneficiaryIdRecognizer,
        VehicleIdentifierRecognizer,
        DeviceIdentifierRecognizer,
        SocialHandleRecognizer,
    )
    return [cls(supported_language=language) for cls in classes]


__all__ = [
    "REPLACED_PRESIDIO_RECOGNIZERS",
    "CityRecognizer",
    "DeaNumberRecognizer",
    "DeviceIdentifierRecognizer",
    "GenericIdentifierRecognizer",
    "LabelledSsnRecognizer",
    "MedicareBeneficiaryIdRecognizer",
    "NameLexiconRecognizer",
    "NpiRecognizer",
    "SignatureRecognizer",
    "SocialHandleRecognizer",
    "VehicleIdentifierRecognizer",
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
