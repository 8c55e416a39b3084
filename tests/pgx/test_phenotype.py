"""Phenotype calling against CPIC table rows, spellings, copy numbers, HLA and errors."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.pgx import (
    DiplotypeFormatError,
    UnknownAlleleError,
    UnknownGeneError,
    call_phenotype,
)
from tests.pgx.cpic_rows import CPIC_ROWS

pytestmark = pytest.mark.unit


def _score(text):
    return None if text in (None, "n/a") else float(text.lstrip("≥"))


@pytest.mark.parametrize(("gene", "diplotype", "phenotype", "score"), CPIC_ROWS, ids=lambda v: str(v))
def test_cpic_rows(gene, diplotype, phenotype, score):
    call = call_phenotype(gene, diplotype)
    assert call.phenotype == phenotype
    assert call.activity_score == _score(score)
    if gene in ("CYP2D6", "CYP2C9", "DPYD") and score not in (None, "n/a"):
        assert call.activity_score_text == score


@pytest.mark.parametrize(("gene", "diplotype", "phenotype", "score"), CPIC_ROWS[::3], ids=lambda v: str(v))
def test_cpic_rows_reversed_and_prefixed(gene, diplotype, phenotype, score):
    first, second = diplotype.split("/")
    call = call_phenotype(gene.lower(), f"{gene} {second}/{first}")
    assert call.phenotype == phenotype


def test_every_gene_and_phenotype_is_sampled():
    genes = {row[0] for row in CPIC_ROWS}
    assert genes == {"CYP2C19", "CYP2C9", "CYP2D6", "CYP3A5", "TPMT", "NUDT15", "DPYD", "SLCO1B1", "UGT1A1", "VKORC1"}
    assert {row[2] for row in CPIC_ROWS if row[0] == "CYP2C19"} >= {
        "Ultrarapid Metabolizer", "Rapid Metabolizer", "Normal Metabolizer", "Likely Intermediate Metabolizer",
        "Intermediate Metabolizer", "Likely Poor Metabolizer", "Poor Metabolizer", "Indeterminate",
    }


@pytest.mark.parametrize(
    ("gene", "text", "normalised", "phenotype"),
    [
        ("CYP2C19", "*1/*2", "*1/*2", "Intermediate Metabolizer"),
        ("CYP2C19", "*2/*1", "*1/*2", "Intermediate Metabolizer"),
        ("CYP2C19", "CYP2C19 *1/*17", "*1/*17", "Rapid Metabolizer"),
        ("CYP2C19", "CYP2C19*17/CYP2C19*17", "*17/*17", "Ultrarapid Metabolizer"),
        ("cyp2c19", " 1 / 2 ", "*1/*2", "Intermediate Metabolizer"),
        ("TPMT", "*3A/*1", "*1/*3A", "Intermediate Metabolizer"),
        ("UGT1A1", "*80+*28/*1", "*1/*80+*28", "Intermediate Metabolizer"),
        ("DPYD", "c.1905+1G>A/Reference", "Reference/c.1905+1G>A (*2A)", "Intermediate Metabolizer"),
        ("DPYD", "*2A/HapB3", "c.1129-5923C>G, c.1236G>A (HapB3)/c.1905+1G>A (*2A)", "Poor Metabolizer"),
        ("VKORC1", "-1639 AG", "rs9923231 reference (C)/rs9923231 variant (T)", "-1639 AG"),
        ("VKORC1", "GG", "rs9923231 reference (C)/rs9923231 reference (C)", "-1639 GG"),
        ("VKORC1", "T/T", "rs9923231 variant (T)/rs9923231 variant (T)", "-1639 AA"),
    ],
)
def test_spellings(gene, text, normalised, phenotype):
    call = call_phenotype(gene, text)
    assert (call.diplotype_normalised, call.phenotype) == (normalised, phenotype)


@pytest.mark.parametrize(
    ("text", "normalised", "phenotype", "score"),
    [
        ("*1/*4x2", "*1/*4x2", "Intermediate Metabolizer", "1.0"),
        ("*4x2/*1", "*1/*4x2", "Intermediate Metabolizer", "1.0"),
        ("*1/*1x2", "*1/*1x2", "Ultrarapid Metabolizer", "3.0"),
        ("*1X2/*2", "*1x2/*2", "Ultrarapid Metabolizer", "3.0"),
        ("*1/*1x3", "*1/*1x3", "Ultrarapid Metabolizer", "4.0"),
        ("*1/*1x>=3", "*1/*1x≥3", "Ultrarapid Metabolizer", "≥4.0"),
        ("*10x2/*4", "*4/*10x2", "Intermediate Metabolizer", "0.5"),
        ("*1/*41", "*1/*41", "Normal Metabolizer", "1.25"),
        ("*4/*4", "*4/*4", "Poor Metabolizer", "0.0"),
    ],
)
def test_cyp2d6_copy_numbers(text, normalised, phenotype, score):
    call = call_phenotype("CYP2D6", text)
    assert (call.diplotype_normalised, call.phenotype, call.activity_score_text) == (normalised, phenotype, score)


def test_cyp2d6_xn_same_phenotype_either_way():
    call = call_phenotype("CYP2D6", "*1/*1xN")
    assert call.phenotype == "Ultrarapid Metabolizer"
    assert call.note and "xN" in call.note


def test_cyp2d6_xn_ambiguous_is_indeterminate_with_note():
    call = call_phenotype("CYP2D6", "*1xN/*4")
    assert call.phenotype == "Indeterminate"
    assert call.activity_score is None
    assert "Normal Metabolizer" in call.note and "Ultrarapid Metabolizer" in call.note


@pytest.mark.parametrize(
    ("gene", "text", "phenotype"),
    [
        ("HLA-B", "*57:01/*08:01", "*57:01 positive; *15:02 negative; *58:01 negative"),
        ("HLA-B", "HLA-B*15:02/HLA-B*58:01:01", "*57:01 negative; *15:02 positive; *58:01 positive"),
        ("hla_b", "*44:02/*07:02", "*57:01 negative; *15:02 negative; *58:01 negative"),
        ("HLA-A", "*31:01/*02:01", "*31:01 positive"),
        ("HLA-A", "*24:02/*02:01", "*31:01 negative"),
    ],
)
def test_hla(gene, text, phenotype):
    assert call_phenotype(gene, text).phenotype == phenotype


@pytest.mark.parametrize(
    ("gene", "text", "error"),
    [
        ("CYP9Z9", "*1/*1", UnknownGeneError),
        ("", "*1/*1", UnknownGeneError),
        ("CYP2C19", "*1/*99", UnknownAlleleError),
        ("CYP2D6", "*1/*999x2", UnknownAlleleError),
        ("CYP2C19", "*1", DiplotypeFormatError),
        ("CYP2C19", "*1/*2/*3", DiplotypeFormatError),
        ("CYP2C19", "", DiplotypeFormatError),
        ("VKORC1", "GT", DiplotypeFormatError),
        ("HLA-B", "*57:01 positive", DiplotypeFormatError),
        ("HLA-B", "*5x/*08:01", UnknownAlleleError),
        ("CYP2C19", "*1/" + "*2" * 200, DiplotypeFormatError),
    ],
)
def test_errors_are_input_errors_with_one_line(gene, text, error):
    with pytest.raises(error) as caught:
        call_phenotype(gene, text)
    assert isinstance(caught.value, InputError)
    assert "\n" not in str(caught.value)
