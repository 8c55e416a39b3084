"""The `tailor` console script: output shapes, and one-line errors on bad input."""

import io
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT, SHARED_DATA
from tests.support.offline import GuardLog, guarded_environment

TAILOR = [sys.executable, "-m", "assistant.cli"]


@pytest.fixture
def run_cli(monkeypatch, capsys, service, session_deidentifier):
    """Run `main()` in-process with the session's warm models."""
    import assistant.bootstrap
    import assistant.privacy

    monkeypatch.setattr(assistant.bootstrap, "build_service", lambda *_a, **_k: service)
    monkeypatch.setattr(assistant.privacy, "Deidentifier", lambda *_a, **_k: session_deidentifier)

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        from assistant.cli import main

        monkeypatch.setattr(sys, "argv", ["tailor", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.integration
def test_ask_json_has_the_documented_shape(run_cli):
    code, out, _ = run_cli("ask", "What is a biomarker?", "--json")
    payload = json.loads(out)
    assert code == 0
    assert set(payload) == {"answer", "citations", "escalate", "reason", "question_deidentified"}
    citation = payload["citations"][0]
    assert set(citation) == {"n", "article_id", "title", "url", "sources"}
    assert citation["n"] == 1 and citation["article_id"] == "biomarkers"
    assert set(citation["sources"][0]) == {"title", "url"}
    assert payload["escalate"] is False and payload["reason"] == "answered"


@pytest.mark.integration
def test_ask_for_a_patient_stores_the_exchange(run_cli, service):
    code, out, _ = run_cli("ask", "What is eGFR?", "--patient", "demo-patient-1")
    assert code == 0 and "[1]" in out
    turns = service.conversation(service.login("demo.patient", "demo-password-for-tests"))
    assert [t.author for t in turns] == ["patient", "assistant"]


@pytest.mark.integration
def test_ask_for_a_patient_json_includes_the_results_used(run_cli):
    code, out, _ = run_cli("ask", "what does my LDL mean?", "--patient", "demo-patient-1", "--json")
    payload = json.loads(out)
    assert code == 0
    assert payload["results_used"] == [
        {"loinc": "18262-6", "name": "LDL cholesterol", "value": 162, "unit": "mg/dL", "date": "2025-03-18", "flag": "high"}]


@pytest.mark.integration
def test_import_fhir_reports_counts_and_is_idempotent(run_cli, monkeypatch, service):
    import assistant.bootstrap

    monkeypatch.setattr(assistant.bootstrap, "build_database", lambda *_a, **_k: service.database)
    bundle = str(next((SHARED_DATA / "fhir").glob("Jordan_Cruickshank_*.json")))
    code, out, _ = run_cli("import-fhir", bundle, "--patient", "jordan")
    assert code == 0 and out.startswith("imported 1 file(s) for jordan:") and " 0 updated" in out
    code, out, _ = run_cli("import-fhir", bundle, "--patient", "jordan")
    assert code == 0 and ": 0 new, 0 updated," in out


@pytest.mark.integration
def test_pgx_commands_are_part_of_tailor(run_cli, monkeypatch, service):
    import assistant.bootstrap

    code, out, _ = run_cli("pgx", "phenotype", "CYP2C19", "*2/*1", "--json")
    assert code == 0 and json.loads(out)["phenotype"] == "Intermediate Metabolizer"
    monkeypatch.setattr(assistant.bootstrap, "build_database", lambda *_a, **_k: service.database)
    code, out, _ = run_cli("import-pgx", str(SHARED_DATA / "pgx" / "TPMT_s1s1.vcf"), "--patient", "demo-patient-1")
    assert code == 0 and out.startswith("imported ") and "for demo-patient-1" in out


@pytest.mark.integration
def test_deid_prints_the_deidentified_text(run_cli):
    code, out, _ = run_cli("deid", "Call Jane Doe at 555-123-4567")
    assert code == 0
    assert "Jane" not in out and "555-123-4567" not in out and "<PHONE>" in out


@pytest.mark.integration
def test_deid_jsonl_keeps_ids_and_order(run_cli):
    lines = [{"id": 7, "text": "Email me at jo@example.com"}, {"id": "b", "text": "What is LDL?"}, {"id": 3, "text": ""}]
    code, out, _ = run_cli("deid", "--jsonl", stdin="\n".join(json.dumps(line) for line in lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["id"] for r in results] == [7, "b", 3]
    assert results[0]["text"] == "Email me at <EMAIL>" and results[1]["text"] == "What is LDL?"


@pytest.mark.integration
def test_triage_jsonl_keeps_ids_and_order(run_cli):
    lines = [
        {"id": "a", "text": "I'm Rosa Diaz and I have crushing chest pain right now"},
        {"id": "b", "text": "Should I stop my warfarin?"},
        {"id": "c", "text": "no chest pain since Tuesday"},
    ]
    code, out, _ = run_cli("triage", "--jsonl", stdin="\n".join(json.dumps(line) for line in lines))
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["level"]) for r in results] == [("a", "emergency"), ("b", "medication"), ("c", "routine")]
    assert results[0]["reasons"] == ["chest_pain"] and results[1]["reasons"] and results[2]["reasons"] == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["deid", "--jsonl"], '{"id": 1, "text": "ok"}\nnot json\n', "error: line 2: not valid JSON"),
        (["deid", "--jsonl"], '{"text": "no id"}\n', 'error: line 1: expected an object with "id"'),
        (["deid"], "", "error: give the text to de-identify"),
        (["triage"], "", "error: give a message to triage"),
        (["triage", "--jsonl"], "[1, 2]\n", 'error: line 1: expected an object with "id"'),
        (["ask", "   "], "", "error: the question is empty"),
        (["ask", "What is LDL?", "--patient", "ghost"], "", "error: patient 'ghost' does not exist"),
        (["ask"], "", "error: Missing argument"),
        (["nonsense"], "", "error: No such command"),
        (["import-fhir", "/nowhere/bundle.json"], "", "error: /nowhere/bundle.json: no such file or folder"),
        (["pgx", "phenotype", "CYP2C19", "*1/*99"], "", "error: "),
        (["import-pgx", "/nowhere.tsv", "--patient", "demo-patient-1"], "", "error: /nowhere.tsv: no such file"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(run_cli, args, stdin, message):
    code, out, err = run_cli(*args, stdin=stdin)
    assert code != 0
    assert err.strip().splitlines() == [err.strip()] and err.startswith(message)
    assert "Traceback" not in err + out


@pytest.mark.slow
def test_a_real_process_prints_no_traceback_on_bad_input():
    result = subprocess.run(
        [*TAILOR, "deid", "--jsonl"], input="{broken", capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "error: line 1: not valid JSON (Expecting property name enclosed in double quotes)"


@pytest.mark.slow
def test_ask_opens_no_socket_beyond_loopback(pipeline, tmp_path):
    """A fresh process (model loading included) answers with the network refused."""
    log_path = tmp_path / "network-guard.log"
    result = subprocess.run(
        [*TAILOR, "ask", "What is HbA1c?", "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=300, env=guarded_environment(log_path),
    )
    guard = GuardLog.read(log_path)
    assert guard.guarded, "the offline guard did not load"
    assert guard.refused == []
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["citations"]


@pytest.mark.integration
def test_kb_export_and_import_round_trip_through_the_database(run_cli, monkeypatch, service, tmp_path):
    import assistant.bootstrap

    monkeypatch.setattr(assistant.bootstrap, "build_database", lambda *_a, **_k: service.database)
    out_dir = tmp_path / "exported"
    code, out, _ = run_cli("kb", "export", "--out", str(out_dir))
    articles = len(list((REPO_ROOT / "knowledge").glob("*.md")))
    assert code == 0 and f"{articles} written, 0 unchanged" in out
    code, out, _ = run_cli("kb", "import", str(out_dir), "--author", "demo.editor")
    assert code == 0 and out.strip() == f"imported 0 new version(s); {articles} unchanged"

    path = out_dir / "thyroid-tests.md"
    path.write_text(path.read_text().replace("\n## ", "\nA new short line.\n\n## ", 1))
    code, out, _ = run_cli("kb", "import", str(path), "--author", "demo.editor")
    assert code == 0 and out.splitlines()[0] == "thyroid-tests: v2 awaiting review"
    code, _, err = run_cli("kb", "import", str(path), "--author", "demo.patient")
    assert code == 1 and err.strip() == "error: 'demo.patient' is not an editor or admin account"
    code, out, _ = run_cli("kb", "export", "--out", str(out_dir))  # v2 is not published yet: v1 is written back
    assert code == 0 and "1 written" in out and "A new short line." not in path.read_text()
