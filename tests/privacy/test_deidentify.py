"""Span tables: what must be replaced, and what must come back untouched (spaCy model loaded)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration  # loads the spaCy model and Presidio (torch, transformers)

# (text, placeholder types that must appear, substrings that must be gone)
IDENTIFIERS = [
    pytest.param(
        "Hi, I'm John Smith, call me at 555-123-4567 on 03/04/2025",
        {"PERSON", "PHONE", "DATE"},
        ["John", "Smith", "555-123-4567", "03/04/2025"],
        id="name-phone-date",
    ),
    pytest.param("mail me at jane.doe@example.com", {"EMAIL"}, ["jane.doe", "example.com"], id="email"),
    pytest.param("see https://example.org/x or www.cancer.gov", {"URL"}, ["example.org", "cancer.gov"], id="url"),
    pytest.param("MRN 12345678", {"MRN"}, ["12345678"], id="mrn"),
    pytest.param("medical record number: A1234567", {"MRN"}, ["A1234567"], id="mrn-spelled-out"),
    pytest.param("my chart number is 00123456", {"MRN"}, ["00123456"], id="chart-number"),
    pytest.param("DOB 03/04/1962", {"DATE"}, ["03/04/1962"], id="dob-slash"),
    pytest.param("born 3-4-62", {"DATE"}, ["3-4-62"], id="dob-dash-2-digit-year"),
    pytest.param("admitted 2025-03-04", {"DATE"}, ["2025-03-04"], id="iso-date"),
    pytest.param("my appointment is March 4th", {"DATE"}, ["March 4th"], id="month-day"),
    pytest.param("surgery on 4 March 2025", {"DATE"}, ["4 March 2025"], id="day-month-year"),
    pytest.param("colonoscopy on 12/3/24", {"DATE"}, ["12/3/24"], id="short-date"),
    pytest.param("I saw Dr. Patel yesterday", {"PERSON"}, ["Patel"], id="doctor"),
    pytest.param("my son Tom has asthma", {"PERSON"}, ["Tom"], id="son"),
    pytest.param("My name is Sarah Connor", {"PERSON"}, ["Sarah", "Connor"], id="introduction"),
    pytest.param("(555) 123-4567", {"PHONE"}, ["123-4567"], id="phone-parens"),
    pytest.param("555.123.4567", {"PHONE"}, ["555.123.4567"], id="phone-dots"),
    pytest.param("+1 555 123 4567", {"PHONE"}, ["555 123 4567"], id="phone-intl"),
    pytest.param("SSN 536-22-8471", {"SSN"}, ["536-22-8471"], id="ssn"),
    pytest.param("I live at 12 Main Street, Boston, MA 02139", {"ADDRESS", "LOCATION", "ZIP"}, ["Main", "Boston", "02139"], id="address"),
    pytest.param("my IP is 203.0.113.7", {"IP_ADDRESS"}, ["203.0.113.7"], id="ip"),
    pytest.param("member ID: XJH123456789", {"ID"}, ["XJH123456789"], id="member-id"),
    pytest.param("card 4111 1111 1111 1111", {"ID"}, ["4111"], id="credit-card"),
    pytest.param("I am 93 years old", {"AGE"}, ["93"], id="age-over-89"),
    pytest.param("Hi John, what is LDL?", {"PERSON"}, ["John"], id="greeting-then-name"),
    pytest.param("my mother is 95 and has COPD", {"AGE"}, ["95"], id="age-relation"),
]

# Medical text that must come back exactly as written (no entity at all).
UNCHANGED = [
    "I have Hashimoto thyroiditis and my mother had Hashimoto's.",
    "My HbA1c was 7.2, LDL of 162 mg/dL, eGFR 58.",
    "A1c 6.8% last week; LDL-C 130 mg/dl.",
    "CYP2C19 *1/*2 means clopidogrel may not work well.",
    "Does BRCA1 or Lynch syndrome raise my risk?",
    "Is HLA-B*57:01 testing needed before abacavir?",
    "Can I take warfarin with clopidogrel?",
    "Warfarin dosing depends on VKORC1 and CYP2C9.",
    "Does Tylenol interact with Coumadin? What about Plavix or Eliquis?",
    "My PSA went from 4.1 to 6.3 ng/mL. Should I worry about Gleason 7?",
    "Graves disease, Hodgkin lymphoma and Kaposi sarcoma",
    "What is the Warburg effect?",
    "I was diagnosed in 2019.",  # Safe Harbor keeps the year
    "I am 45 years old and have had diabetes for 10 years.",
    "I am 89 years old.",
    "Email me at the clinic address if my LDL is high.",  # "Email" opening a message is not a name
    "Thanks, what is my eGFR?",
    "My oxygen is 93% and my BP 130/85.",
    "I take clopidogrel.It helps.",  # not a URL with Italy's TLD
    "take 1/2 tablet twice daily, INR 2.5, TSH 4.5 mIU/L",
    "BRAF V600E, KRAS G12C, HER2+ ER+ PR-, stage IIIA, rs1801133",
    "My platelets were 150000 and I walk 10000 steps.",
]


@pytest.mark.parametrize(("text", "types", "gone"), IDENTIFIERS)
def test_identifiers_are_replaced(deidentifier, text, types, gone):
    result = deidentifier.run(text)
    assert types <= {entity.type for entity in result.entities}
    for placeholder in types:
        assert f"<{placeholder}>" in result.text
    for substring in gone:
        assert substring not in result.text


@pytest.mark.parametrize("text", UNCHANGED)
def test_medical_text_survives(deidentifier, text):
    result = deidentifier.run(text)
    assert result.text == text
    assert result.entities == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, I'm John Smith, call me at 555-123-4567 on 03/04/2025", "Hi, I'm <PERSON>, call me at <PHONE> on <DATE>"),
        ("DOB 03/04/1962", "DOB <DATE>"),  # spaCy reads "DOB" as an ORG; the date must still be a DATE
        ("Patient DOB 03/04/1962, MRN 12345678.", "Patient DOB <DATE>, MRN <MRN>."),  # not DATE
        ("I am 93 years old", "I am <AGE> years old"),
        ("my son Tom has asthma", "my son <PERSON> has asthma"),
        ("I saw Dr. Patel yesterday", "I saw Dr. <PERSON> yesterday"),
    ],
)
def test_exact_output(deidentifier, text, expected):
    assert deidentifier.run(text).text == expected


def test_entity_offsets_point_into_the_original_text(deidentifier):
    text = "Hi, I'm John Smith, call me at 555-123-4567 on 03/04/2025"
    result = deidentifier.run(text)
    assert [(e.type, e.start, e.end) for e in result.entities] == [
        ("PERSON", 8, 18),
        ("PHONE", 31, 43),
        ("DATE", 47, 57),
    ]
    rebuilt = text
    for entity in reversed(result.entities):
        rebuilt = rebuilt[: entity.start] + f"<{entity.type}>" + rebuilt[entity.end :]
    assert rebuilt == result.text
    assert all(0.0 < e.score <= 1.0 for e in result.entities)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_text_is_returned_unchanged(deidentifier, text):
    result = deidentifier.run(text)
    assert result.text == text
    assert result.entities == ()


def test_deidentify_uses_the_default_instance(deidentifier, monkeypatch):
    from assistant.privacy import deidentify, engine

    monkeypatch.setattr(engine, "_default", deidentifier)  # avoid a second model load
    assert deidentify("call me at 555-123-4567").text == "call me at <PHONE>"
