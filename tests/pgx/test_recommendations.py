"""CPIC recommendation summaries for the gene–drug pairs, brand names, and wording rules."""

from __future__ import annotations

import re

import pytest

from assistant.errors import InputError
from assistant.pgx import NoGuidelineError, UnknownDrugError, normalise_drug, recommend, supported_drugs
from assistant.pgx.recommendations import SAFETY_NOTE, _data

pytestmark = pytest.mark.unit

PAIRS = [
    # gene, phenotype, drug, expected classification, words the explanation must contain
    ("CYP2C19", "Poor Metabolizer", "clopidogrel", "Strong", "prasugrel"),
    ("CYP2C19", "Intermediate Metabolizer", "Plavix", "Strong", "ticagrelor"),
    ("CYP2C19", "Normal Metabolizer", "clopidogrel", "Strong", "usual dose"),
    ("CYP2D6", "Ultrarapid Metabolizer", "codeine", "Strong", "avoid"),
    ("CYP2D6", "Poor Metabolizer", "codeine", "Strong", "pain relief"),
    ("CYP2D6", "Intermediate Metabolizer", "codeine", "Moderate", "label dosing"),
    ("CYP2D6", "0.0", "tramadol", "Strong", "avoid"),
    ("CYP2D6", "1.0", "Ultram", "Optional", "label dosing"),
    ("CYP2D6", "Ultrarapid Metabolizer", "ondansetron", "Moderate", "granisetron"),
    ("CYP2D6", "Poor Metabolizer", "Zofran", "No recommendation", "usual"),
    ("CYP2C9", "Intermediate Metabolizer", "warfarin", "Strong", "dosing formula"),
    ("VKORC1", "-1639 AA", "Coumadin", "Strong", "sensitivity"),
    ("VKORC1", "-1639 GG", "Jantoven", "Strong", "dosing formula"),
    ("SLCO1B1", "Poor Function", "Zocor", "Strong", "different statin"),
    ("SLCO1B1", "Decreased Function", "simvastatin", "Strong", "20 mg"),
    ("SLCO1B1", "Decreased Function", "Lipitor", "Moderate", "40 mg"),
    ("SLCO1B1", "Normal Function", "atorvastatin", "Strong", "desired starting dose"),
    ("CYP3A5", "Normal Metabolizer", "tacrolimus", "Strong", "1.5 to 2 times"),
    ("CYP3A5", "Poor Metabolizer", "Prograf", "Strong", "usual dose"),
    ("TPMT", "Poor Metabolizer", "azathioprine", "Strong", "non-thiopurine"),
    ("TPMT", "Intermediate Metabolizer", "mercaptopurine", "Strong", "30-80%"),
    ("NUDT15", "Poor Metabolizer", "Imuran", "Strong", "non-thiopurine"),
    ("NUDT15", "Intermediate Metabolizer", "Purixan", "Strong", "reduced dose"),
    ("DPYD", "1.5", "fluorouracil", "Moderate", "half"),
    ("DPYD", "1.0", "Xeloda", "Strong", "half"),
    ("DPYD", "0.0", "capecitabine", "Strong", "avoid"),
    ("DPYD", "Normal Metabolizer", "capecitabine", "Strong", "label dose"),
    ("UGT1A1", "Poor Metabolizer", "atazanavir", "Strong", "jaundice"),
    ("UGT1A1", "Intermediate Metabolizer", "Reyataz", "Strong", "jaundice"),
    ("HLA-B", "*57:01 positive", "abacavir", "Strong", "not be used"),
    ("HLA-B", "*57:01 negative", "Ziagen", "Strong", "usual dose"),
    ("HLA-B", "*57:01 positive; *15:02 negative; *58:01 negative", "Ziagen", "Strong", "hypersensitivity"),
    ("HLA-B", "*57:01 negative; *15:02 positive; *58:01 negative", "Tegretol", "Strong", "SJS/TEN"),
    ("HLA-A", "*31:01 positive", "carbamazepine", "Strong", "HLA-A*31:01"),
    ("HLA-B", "*58:01 positive", "Zyloprim", "Strong", "not be used"),
    ("HLA-B", "*58:01 negative", "allopurinol", "Strong", "usual dose"),
    ("CYP2C19", "Poor Metabolizer", "voriconazole", "Moderate", "antifungal"),
    ("CYP2C19", "Ultrarapid Metabolizer", "Prilosec", "Optional", "starting daily dose"),
    ("CYP2C19", "Poor Metabolizer", "pantoprazole", "Moderate", "halving"),
    ("CYP2C19", "Poor Metabolizer", "citalopram", "Strong", "half"),
    ("CYP2C19", "Rapid Metabolizer", "Lexapro", "Optional", "usual starting dose"),
    ("CYP2C19", "Intermediate Metabolizer", "Zoloft", "Moderate", "lower maintenance dose"),
]


@pytest.mark.parametrize(("gene", "phenotype", "drug", "classification", "words"), PAIRS)
def test_pairs(gene, phenotype, drug, classification, words):
    result = recommend(gene, phenotype, drug)
    assert result.classification == classification
    assert words.lower() in result.explanation.lower()
    assert result.guideline_url.startswith("https://cpicpgx.org/guidelines/")
    assert result.guideline_title
    assert result.explanation.endswith(SAFETY_NOTE)


def test_dpyd_intermediate_without_score_says_it_depends():
    result = recommend("DPYD", "Intermediate Metabolizer", "capecitabine")
    assert "depends on the activity score" in result.classification


def test_activity_score_maps_to_phenotype():
    result = recommend("CYP2D6", "≥3.0", "codeine")
    assert result.phenotype == "Ultrarapid Metabolizer"
    assert result.activity_score == "≥3.0"


@pytest.mark.parametrize(
    ("name", "generic"),
    [("Plavix", "clopidogrel"), ("coumadin", "warfarin"), ("Jantoven®", "warfarin"), ("ZOCOR", "simvastatin"),
     ("Lipitor", "atorvastatin"), ("Tegretol", "carbamazepine"), ("Zyloprim", "allopurinol"), ("Ziagen", "abacavir"),
     ("Xeloda", "capecitabine"), ("Tylenol #3", "codeine"), ("Prograf", "tacrolimus"), ("Celexa", "citalopram")],
)
def test_brand_names(name, generic):
    assert normalise_drug(name) == generic


@pytest.mark.parametrize(
    ("gene", "phenotype", "drug", "error"),
    [
        ("CYP2D6", "Poor Metabolizer", "clopidogrel", NoGuidelineError),
        ("CYP2C19", "Poor Metabolizer", "aspirin", UnknownDrugError),
        ("CYP2C19", "Very Slow", "clopidogrel", NoGuidelineError),
        ("HLA-B", "*44:02 positive", "abacavir", NoGuidelineError),
        ("FOO1", "Poor Metabolizer", "clopidogrel", InputError),
    ],
)
def test_errors(gene, phenotype, drug, error):
    with pytest.raises(error) as caught:
        recommend(gene, phenotype, drug)
    assert isinstance(caught.value, InputError)
    assert "\n" not in str(caught.value)


# Imperative advice to the patient must never appear in an explanation (the fixed safety note aside).
FORBIDDEN = re.compile(
    r"\b(stop taking|start taking|increase your|decrease your|reduce your|lower your|change your|switch to|"
    r"you should|you must|do not take|don't take|take (?:a|an|the|your|less|more)|ask for|your dose)\b",
    re.IGNORECASE,
)


def _all_rules():
    for drug, entry in _data()["drugs"].items():
        for gene, pairing in entry["genes"].items():
            for rule in pairing["rules"]:
                yield drug, gene, rule


@pytest.mark.parametrize(("drug", "gene", "rule"), list(_all_rules()), ids=lambda v: v if isinstance(v, str) else "")
def test_explanations_explain_and_never_instruct(drug, gene, rule):
    text = rule["explanation"]
    assert not FORBIDDEN.search(text), text
    assert "CPIC" in text
    assert not re.search(r"\byou\b", text, re.IGNORECASE)


def test_every_requested_pair_is_covered():
    drugs = supported_drugs()
    for drug, gene in [
        ("clopidogrel", "CYP2C19"), ("codeine", "CYP2D6"), ("tramadol", "CYP2D6"), ("warfarin", "CYP2C9"),
        ("warfarin", "VKORC1"), ("simvastatin", "SLCO1B1"), ("atorvastatin", "SLCO1B1"), ("tacrolimus", "CYP3A5"),
        ("azathioprine", "TPMT"), ("azathioprine", "NUDT15"), ("mercaptopurine", "TPMT"), ("mercaptopurine", "NUDT15"),
        ("fluorouracil", "DPYD"), ("capecitabine", "DPYD"), ("atazanavir", "UGT1A1"), ("abacavir", "HLA-B"),
        ("carbamazepine", "HLA-B"), ("carbamazepine", "HLA-A"), ("allopurinol", "HLA-B"), ("ondansetron", "CYP2D6"),
        ("voriconazole", "CYP2C19"), ("omeprazole", "CYP2C19"), ("citalopram", "CYP2C19"),
    ]:
        assert gene in drugs[drug], (drug, gene)
