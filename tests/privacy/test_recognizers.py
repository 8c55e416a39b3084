"""Each of our regex recognizers on its own: what it matches, and what it must leave alone."""

from __future__ import annotations

import pytest

from assistant.privacy.recognizers import (
    AgeOver89Recognizer,
    CalendarDateRecognizer,
    ChatUrlRecognizer,
    CuedPersonRecognizer,
    LabelledIdentifierRecognizer,
    MedicalAwareSpacyRecognizer,
    MedicalRecordNumberRecognizer,
    OfflineEmailRecognizer,
    StreetAddressRecognizer,
    UsPhoneRecognizer,
    UsZipCodeRecognizer,
)

pytestmark = pytest.mark.unit

# (recognizer class, text, exact substrings it must return, in order)
CASES = [
    (OfflineEmailRecognizer, "write to john@hospital.co.uk", ["john@hospital.co.uk"]),
    (OfflineEmailRecognizer, "a@intranet.clinic-local", ["a@intranet.clinic-local"]),  # unknown suffix still kept
    (ChatUrlRecognizer, "see https://example.org/x", ["https://example.org/x"]),
    (ChatUrlRecognizer, "I read it on mayoclinic.org", ["mayoclinic.org"]),
    (ChatUrlRecognizer, "I take clopidogrel.It helps. And warfarin.So what", []),
    (CalendarDateRecognizer, "DOB 03/04/1962, born 3-4-62", ["03/04/1962", "3-4-62"]),
    (CalendarDateRecognizer, "on 2025-03-04 and 25/12/2020", ["2025-03-04", "25/12/2020"]),
    (CalendarDateRecognizer, "March 4th, 4 March 2025, the 4th of March", ["March 4th", "4 March 2025", "4th of March"]),
    (CalendarDateRecognizer, "on May 5 but you may 2x it; in may 2024", ["May 5", "may 2024"]),
    (CalendarDateRecognizer, "in 2019, 13/13/2020, BP 120/80, 1/2 tab, v1.2.10, A1c 6.8%", []),
    (MedicalRecordNumberRecognizer, "MRN: 12345678, MRN#87654321", ["12345678", "87654321"]),
    (MedicalRecordNumberRecognizer, "medical record no. A1234567", ["A1234567"]),
    (MedicalRecordNumberRecognizer, "my medical record 2019 says LDL 162", []),
    (LabelledIdentifierRecognizer, "account number 1234 5678 and policy # 2 of 3", ["1234 5678"]),
    (UsPhoneRecognizer, "555-123-4567, (555) 123-4567, +1 555 123 4567", ["555-123-4567", "(555) 123-4567", "+1 555 123 4567"]),
    (UsPhoneRecognizer, "SSN 536-22-8471, 2025-03-04, 000-000-0000", []),
    (AgeOver89Recognizer, "a 93-year-old, aged 91, she turned 100", ["93", "91", "100"]),
    (AgeOver89Recognizer, "I am 45 years old, for 10 years, her O2 is 93%, a 200 year old remedy", []),
    (StreetAddressRecognizer, "221B Baker St., Apt 4 or P.O. Box 123", ["221B Baker St., Apt 4", "P.O. Box 123"]),
    (StreetAddressRecognizer, "walk 3 miles every day on the road", []),
    (UsZipCodeRecognizer, "Boston, MA 02139; zip code 10001; 02139-4307", ["02139", "10001", "02139-4307"]),
    (UsZipCodeRecognizer, "platelets 150000, steps in 12345 today", []),
    (CuedPersonRecognizer, "Dr. O'Brien and my daughter, Emily Rose, said", ["O'Brien", "Emily Rose"]),
    (CuedPersonRecognizer, "my son has asthma; my husband Tuesday", []),
]


@pytest.mark.parametrize(("recognizer_class", "text", "expected"), CASES)
def test_recognizer_matches(recognizer_class, text, expected):
    results = sorted(recognizer_class().analyze(text, entities=[]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "medical"),
    [
        ("Does BRCA1 matter?", 5, 10, True),  # digits: a gene, not a name
        ("LDL of 162 mg/dL", 14, 16, True),  # a unit
        ("LDL-C 130", 0, 5, True),  # an acronym
        ("Take Coumadin daily", 5, 13, True),  # a brand-name drug
        ("I have Hashimoto's", 7, 16, True),
        ("Lynch syndrome", 0, 5, True),  # an eponym
        ("Graves' disease", 0, 6, True),
        ("Mr Lynch called", 3, 8, False),
        ("Maria Garcia lives here", 0, 12, False),
    ],
)
def test_ner_guesses_that_are_medical_vocabulary(text, start, end, medical):
    assert MedicalAwareSpacyRecognizer._is_medical(text, start, end) is medical
