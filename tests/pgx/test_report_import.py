"""Outside calls / lab report TSV-CSV import."""

from __future__ import annotations

import pytest

from assistant.errors import ResultsImportError
from assistant.pgx import import_outside_calls
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.unit
PGX = SHARED_DATA / "pgx"
needs_shared = pytest.mark.skipif(not PGX.is_dir(), reason="shared pgx data not found")


@needs_shared
def test_pharmcat_outside_call_example():
    results = {r.gene: r for r in import_outside_calls(PGX / "pharmcat.example.outsideCall.tsv")}
    assert (results["CYP2D6"].diplotype, results["CYP2D6"].phenotype, results["CYP2D6"].activity_score) == (
        "*1/*3", "Intermediate Metabolizer", "1.0")
    assert results["HLA-B"].phenotype == "*57:01 positive; *15:02 positive; *58:01 negative"
    assert results["MT-RNR1"].status == "not_called"  # kept, never shown as normal


@needs_shared
def test_pharmcat_calls_only_report():
    results = {r.gene: r for r in import_outside_calls(PGX / "pharmcat.example.report.tsv")}
    assert results["CYP2C19"].phenotype == "Normal Metabolizer"
    assert results["DPYD"].activity_score == "2.0"
    assert results["VKORC1"].phenotype == "-1639 GG"
    assert results["G6PD"].status == "not_called"


def test_phenotype_only_score_only_and_hla(tmp_path):
    path = tmp_path / "calls.tsv"
    path.write_text(
        "HLA-B\t\t*57:01 positive\nCYP2C9\t\t\t1.5\nCYP2C19\t\tpoor metaboliser\nTPMT\tnot tested\n"
        "HLA-A\t*31:01/*02:01\n", encoding="utf-8")
    results = {r.gene: r for r in import_outside_calls(path)}
    assert results["HLA-B"].phenotype == "*57:01 positive"
    assert results["CYP2C9"].phenotype == "Intermediate Metabolizer"
    assert results["CYP2C19"].phenotype == "Poor Metabolizer"
    assert results["TPMT"].status == "not_tested" and results["TPMT"].phenotype is None
    assert results["HLA-A"].phenotype == "*31:01 positive"


def test_csv_with_header(tmp_path):
    path = tmp_path / "lab.csv"
    path.write_text("Gene,Diplotype,Phenotype\nCYP2C19,*2/*1,Intermediate Metabolizer\nCYP2D6,\"*1/*4x2\",\n", encoding="utf-8")
    results = import_outside_calls(path)
    assert [(r.gene, r.diplotype, r.phenotype) for r in results] == [
        ("CYP2C19", "*1/*2", "Intermediate Metabolizer"), ("CYP2D6", "*1/*4x2", "Intermediate Metabolizer")]


def test_report_phenotype_disagreeing_with_cpic_is_flagged(tmp_path):
    path = tmp_path / "lab.tsv"
    path.write_text("CYP2C19\t*1/*2\tNormal Metabolizer\n", encoding="utf-8")
    (result,) = import_outside_calls(path)
    assert "CPIC's table gives" in result.reason


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("CYP2C19\t*1/*99\n", "line 1"),
        ("CYP2C19\t*1/*2\nCYP2C19\t*1/*1\n", "line 2"),
        ("CYP2C19\t*1/*2\n\tx\n", "line 2"),
        ("TPMT\t\tGreat Metabolizer\n", "line 1"),
        ("SLCO1B1\t\t\t2.0\n", "line 1"),
        ("CYP2C9\n", "line 1"),
        ("a\tb\tc\td\te\n", "line 1"),
    ],
)
def test_malformed_rows_raise(tmp_path, content, line):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResultsImportError) as caught:
        import_outside_calls(path)
    assert "bad.tsv" in str(caught.value) and line in str(caught.value)
