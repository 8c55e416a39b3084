"""`tailor pgx` sub-app via CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.errors import InputError
from assistant.pgx.cli import pgx_app

pytestmark = pytest.mark.unit
runner = CliRunner()


def test_phenotype_text_and_json():
    result = runner.invoke(pgx_app, ["phenotype", "CYP2C19", "*2/*1"])
    assert result.exit_code == 0, result.output
    assert "CYP2C19 *1/*2: Intermediate Metabolizer" in result.output
    result = runner.invoke(pgx_app, ["phenotype", "CYP2D6", "*1/*4x2", "--json"])
    payload = json.loads(result.output)
    assert payload["phenotype"] == "Intermediate Metabolizer" and payload["activity_score"] == 1.0


def test_phenotype_jsonl_keeps_order_and_reports_errors_per_line():
    lines = [
        {"id": 1, "gene": "CYP2C19", "diplotype": "*1/*17"},
        {"id": "b", "gene": "CYP2C19", "diplotype": "*1/*99"},
        {"id": 3, "gene": "NOPE", "diplotype": "*1/*1"},
        {"id": 4, "gene": "CYP2D6", "diplotype": "*4/*4"},
    ]
    stdin = "\n".join(json.dumps(l) for l in lines) + "\nnot json\n" + json.dumps({"id": 6, "gene": "TPMT"}) + "\n"
    result = runner.invoke(pgx_app, ["phenotype", "--jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [1, "b", 3, 4, None, 6]
    assert out[0] == {"id": 1, "phenotype": "Rapid Metabolizer"}
    assert set(out[1]) == {"id", "error"} and "*99" in out[1]["error"]
    assert "unknown gene" in out[2]["error"]
    assert out[3] == {"id": 4, "phenotype": "Poor Metabolizer"}
    assert "line 5" in out[4]["error"]
    assert "error" in out[5]


def test_phenotype_errors_raise_tailor_errors():
    result = runner.invoke(pgx_app, ["phenotype", "CYP2C19", "*1/*99"])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)
    result = runner.invoke(pgx_app, ["phenotype", "CYP2C19"])
    assert isinstance(result.exception, InputError)


def test_recommend_text_and_json():
    result = runner.invoke(pgx_app, ["recommend", "CYP2C19", "Poor Metabolizer", "Plavix"])
    assert result.exit_code == 0, result.output
    assert "clopidogrel and CYP2C19 Poor Metabolizer: CPIC classification Strong" in result.output
    assert "cpicpgx.org" in result.output and "not a prescription" in result.output
    result = runner.invoke(pgx_app, ["recommend", "HLA-B", "*57:01 positive", "abacavir", "--json"])
    payload = json.loads(result.output)
    assert payload["classification"] == "Strong" and payload["drug"] == "abacavir"


def test_recommend_unknown_drug_is_input_error():
    result = runner.invoke(pgx_app, ["recommend", "CYP2C19", "Poor Metabolizer", "aspirin"])
    assert isinstance(result.exception, InputError)
