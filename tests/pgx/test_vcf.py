"""VCF calls on the shared PharmCAT examples, and what the caller refuses or cannot call."""

from __future__ import annotations

import csv

import pytest

from assistant.errors import ResultsImportError
from assistant.pgx import call_vcf
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.unit

PGX = SHARED_DATA / "pgx"
EXPECTED = list(csv.DictReader((PGX / "expected_calls.csv").open(encoding="utf-8"))) if PGX.is_dir() else []
needs_shared = pytest.mark.skipif(not PGX.is_dir(), reason="shared pgx data not found")


def _by_gene(results):
    return {r.gene: r for r in results}


@needs_shared
@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: r["file"])
def test_expected_calls(row):
    results = _by_gene(call_vcf(PGX / row["file"]))
    result = results[row["gene"]]
    assert result.status == "called"
    assert result.diplotype == row["diplotype"]
    assert result.phenotype == row["phenotype"]
    # the unit-test files only hold their own gene: every other VCF gene is not tested, never reference
    for gene, other in results.items():
        if gene != row["gene"] and gene not in ("CYP2D6", "HLA-A", "HLA-B"):
            assert other.status == "not_tested" and other.diplotype is None and other.phenotype is None


@needs_shared
def test_missing_position_is_reported():
    result = _by_gene(call_vcf(PGX / "CYP3A5_s1s7missing.vcf"))["CYP3A5"]
    assert "rs41303343" in result.reason
    assert result.missing_positions


@needs_shared
def test_pharmcat_example_matches_pharmcat_report():
    report = {}
    lines = (PGX / "pharmcat.example.report.tsv").read_text(encoding="utf-8").splitlines()[2:]
    for line in lines:
        cells = line.split("\t")
        report[cells[0]] = (cells[1], cells[2])
    results = _by_gene(call_vcf(PGX / "pharmcat.example.vcf"))
    for gene in ("CYP2C19", "CYP2C9", "CYP3A5", "DPYD", "NUDT15", "SLCO1B1", "TPMT", "UGT1A1", "VKORC1"):
        assert (results[gene].diplotype, results[gene].phenotype) == report[gene], gene
        assert results[gene].status == "called"
    for gene in ("CYP2D6", "HLA-A", "HLA-B"):
        assert results[gene].status == "not_called"
        assert "outside call" in results[gene].reason


HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"


def _vcf(tmp_path, body, header=HEADER, name="t.vcf"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def _cyp2c19(gts):
    """All 35 CYP2C19 positions as reference, with genotype overrides {pos: (ALT, GT)}."""
    from assistant.pgx.vcf import _definition

    rows = []
    for p in _definition("CYP2C19").positions:
        alt, gt = gts.get(p.pos, (",".join(p.alts), "0/0"))
        rows.append(f"chr10\t{p.pos}\t.\t{p.ref}\t{alt}\t.\tPASS\t.\tGT\t{gt}\n")
    return "".join(rows)


def test_single_het_star17_is_called(tmp_path):
    result = _by_gene(call_vcf(_vcf(tmp_path, _cyp2c19({94761900: ("T", "0/1"), 94842866: ("G", "0/1")}))))["CYP2C19"]
    assert (result.status, result.diplotype, result.phenotype) == ("called", "*17/*38", "Rapid Metabolizer")


def test_unphased_hets_with_one_explanation_are_called_with_a_note(tmp_path):
    body = _cyp2c19({94761900: ("T", "0/1"), 94781859: ("A", "0/1"), 94775507: ("A", "0/1"), 94775367: ("G", "0/1"),
                     94842866: ("G", "1/1")})
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["CYP2C19"]
    assert (result.status, result.diplotype, result.phenotype) == ("called", "*2/*17", "Intermediate Metabolizer")
    assert "unphased" in result.reason


def test_missing_position_leaving_a_tie_is_not_called(tmp_path):
    # *38 and *1 differ only at 94842866; without it, several diplotypes fit equally well
    body = "".join(l for l in _cyp2c19({}).splitlines(keepends=True) if "\t94842866\t" not in l)
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["CYP2C19"]
    assert result.status == "not_called" and result.diplotype is None
    assert "*38/*1" in result.candidates and "rs3758581" in result.reason


def test_genotypes_no_named_pair_explains_are_not_called(tmp_path):
    body = _cyp2c19({94761900: ("T", "0/1"), 94781859: ("A", "0/1"), 94775507: ("A", "0/1"), 94775367: ("G", "0/1"),
                     94842866: ("G", "0/1")})
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["CYP2C19"]
    assert result.status == "not_called" and "novel" in result.reason


def test_all_positions_no_call_is_not_tested(tmp_path):
    body = _cyp2c19({}).replace("\t0/0\n", "\t./.\n")
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["CYP2C19"]
    assert result.status == "not_tested"


def test_novel_allele_is_not_called(tmp_path):
    body = "chr16\t31096368\trs9923231\tC\tG\t.\tPASS\t.\tGT\t0/1\n"
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["VKORC1"]
    assert result.status == "not_called"
    assert "not part of any named" in result.reason


def test_ref_mismatch_is_not_called(tmp_path):
    body = "chr16\t31096368\trs9923231\tA\tT\t.\tPASS\t.\tGT\t0/1\n"
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["VKORC1"]
    assert result.status == "not_called" and "GRCh38" in result.reason


def test_info_hints_are_ignored_and_chrom_without_prefix_accepted(tmp_path):
    body = "16\t31096368\trs9923231\tC\tT\t.\tLowQual\thomo;assume-default\tGT\t0|1\n"
    result = _by_gene(call_vcf(_vcf(tmp_path, body)))["VKORC1"]
    assert result.phenotype == "-1639 AG"


@pytest.mark.parametrize(
    ("body", "header", "message"),
    [
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tGT\n", HEADER, "line 3"),
        ("chr16\tabc\trs9923231\tC\tT\t.\tPASS\t.\tGT\t0/1\n", HEADER, "line 3"),
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tGT\t0/2\n", HEADER, "line 3"),
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tGT\tzz\n", HEADER, "line 3"),
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tDP\t7\n", HEADER, "line 3"),
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tGT\t0/1\n" * 2, HEADER, "line 4"),
        ("chr16\t31096368\trs9923231\tC\tT\t.\tPASS\t.\tGT\t0/1\n", "", "line 1"),
        ("", "##fileformat=VCFv4.2\n##reference=GRCh37\n", "GRCh37"),
        ("", "", "no #CHROM header"),
        ("", "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n", "2 samples"),
    ],
)
def test_malformed_files_raise_naming_file_and_line(tmp_path, body, header, message):
    path = _vcf(tmp_path, body, header=header, name="bad.vcf")
    with pytest.raises(ResultsImportError) as caught:
        call_vcf(path)
    assert "bad.vcf" in str(caught.value)
    assert message in str(caught.value)
