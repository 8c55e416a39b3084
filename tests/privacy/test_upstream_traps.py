"""One test per known upstream trap named in issue 3 (Presidio, mimic-code), on the real engine."""

from __future__ import annotations

import pytest

from assistant.privacy import Deidentifier

pytestmark = pytest.mark.integration  # the warm spaCy model


@pytest.mark.parametrize(
    "text",
    [
        # presidio #786 / #1173 / #1352: the NER model's false PERSON hits on ordinary and medical words.
        "Does Tylenol interact with Coumadin? What about Plavix or Eliquis?",
        "Celebrex and Xeloda together, any problem with rosuvastatin?",
        "Factor V Leiden and Hashimoto's, plus BRCA1",
        "why woudl they check LOINC 2093-3 and TSH 4.5 mIU/L?",  # a typo is not a place
        "Email me at the clinic address if my LDL is high.",
    ],
)
def test_no_false_person_or_place(deidentifier, text):
    assert deidentifier.run(text).text == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("MY NAME IS JENNIFER KAUR AND I HAVE GLEASON 7", ["JENNIFER", "KAUR"]),  # presidio #1354
        ("SAW DR HARRIS TODAY ABOUT HASHIMOTO'S", ["HARRIS"]),
        ("MY SON TOM HAS ASTHMA", ["TOM"]),
    ],
)
def test_all_caps_names_are_found(deidentifier, text, gone):
    result = deidentifier.run(text)
    assert "GLEASON 7" in result.text or "GLEASON" not in text
    for word in gone:
        assert word not in result.text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # presidio #2136 / PR #2159: healthcare identifiers without the label word patients rarely type.
        ("they gave me 00482913 at registration", "00482913"),
        ("my new medicare card says 1EG4TE5MK73", "1EG4TE5MK73"),
        ("the lab slip number is S23-12345", "S23-12345"),
        ("VIN 1M8GDM9AXKP042788", "1M8GDM9AXKP042788"),
    ],
)
def test_unlabelled_healthcare_identifiers(deidentifier, text, gone):
    assert gone not in deidentifier.run(text).text


def test_offline_email_does_not_stall(deidentifier, no_network):
    # presidio #1205: tldextract would fetch the suffix list on first use.
    assert deidentifier.run("write to jane.doe@example.com").text == "write to <EMAIL>"
    assert no_network == []


def test_per_recognizer_thresholds_are_not_overridden_by_the_global_one(session_deidentifier):
    # presidio #2116: a global score_threshold silently replaced recognizer-level ones.
    strict = Deidentifier(score_threshold=0.99, recognizer_thresholds={"UsPhoneRecognizer": 0.5})
    strict._analyzer = session_deidentifier._analyzer  # same analyzer, no second model load
    result = strict.run("call me at 555-123-4567, Dr. Patel")
    assert "<PHONE>" in result.text  # its own threshold (0.5) applies
    assert "Patel" in result.text  # the cued name (0.8) is held to the global 0.99


def test_deny_list_fires(session_deidentifier):
    # presidio #2242: YAML deny lists silently not firing. Ours is a plain constructor argument.
    custom = Deidentifier(deny_list=["Riverside Oncology", "Camp Sunrise"])
    custom._analyzer = session_deidentifier._analyzer
    result = custom.run("I go to riverside oncology and my son went to Camp Sunrise")
    assert "riverside" not in result.text.lower() and "Sunrise" not in result.text
    assert result.text.count("<ID>") == 2


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        # MIT-LCP/mimic-code #1548: eponyms over-redacted as names.
        ("Dr. Lynch said my Lynch syndrome test was negative", ["Lynch syndrome"], []),
        ("Dr. Gleason says Gleason 7 is intermediate", ["Gleason 7"], []),
        ("My daughter has Down syndrome and Crohn's disease; Apgar score was 9", ["Down syndrome", "Crohn's disease", "Apgar score"], []),
        ("Hashimoto thyroiditis, Graves' disease and Parkinson's", ["Hashimoto thyroiditis", "Graves' disease", "Parkinson's"], []),
    ],
)
def test_eponyms_survive_while_the_doctor_goes(deidentifier, text, kept, gone):
    result = deidentifier.run(text).text
    for term in kept:
        assert term in result
    if text.startswith("Dr."):
        assert result.startswith("Dr. <PERSON>")


def test_dr_lynch_exact(deidentifier):
    assert deidentifier.run("Dr. Lynch said my Lynch syndrome test was negative").text == (
        "Dr. <PERSON> said my Lynch syndrome test was negative"
    )
