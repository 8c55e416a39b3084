"""External corpora: JSON-lines import into its own index folder, incremental, and hybrid search."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.errors import SearchIndexError
from assistant.retrieval import corpus_cli
from assistant.retrieval.corpus import (
    CorpusImportError,
    CorpusSearcher,
    corpus_tokenize,
    import_corpus,
    read_corpus,
    read_corpus_manifest,
)

TOPICS = [
    ("hba1c", "The HbA1c blood test", "HbA1c shows your average blood sugar over the past two to three months. It is used to diagnose and monitor diabetes."),
    ("ldl", "LDL cholesterol", "LDL carries cholesterol to the arteries, where it can build up as plaque. Statins lower LDL and the risk of heart attack."),
    ("warfarin", "Warfarin and bleeding", "Warfarin is an anticoagulant that stops clots from forming. The INR blood test checks that the dose is right; too high raises bleeding risk."),
    ("diuretic", "Diuretics", "Diuretics make the kidneys remove more salt and water in urine. They treat high blood pressure and swelling in the legs."),
    ("brca", "BRCA1 and BRCA2", "Inherited changes in the BRCA1 or BRCA2 genes raise the risk of breast and ovarian cancer. Families with many such cancers may be offered testing."),
    ("vus", "Variants of uncertain significance", "A variant of uncertain significance is a genetic change whose effect on health is not yet known. It should not change medical care on its own."),
    ("gina", "Genetic privacy and GINA", "The Genetic Information Nondiscrimination Act stops health insurers and employers from using genetic test results against you. It does not cover life insurance."),
    ("tsh", "TSH thyroid test", "Thyroid stimulating hormone rises when the thyroid gland is underactive and falls when it is overactive. It is the first test for thyroid problems."),
    ("egfr", "eGFR and kidney function", "The estimated glomerular filtration rate tells how well the kidneys filter waste from the blood. A value under 60 for three months suggests chronic kidney disease."),
    ("clopidogrel", "CYP2C19 and clopidogrel", "People with two non-working CYP2C19 copies cannot activate clopidogrel well, so the drug may not protect them from clots after a stent."),
    ("colonoscopy", "Colon cancer screening", "A colonoscopy looks inside the large bowel with a camera and removes polyps before they turn into cancer. Screening usually starts at age 45."),
    ("mammogram", "Mammograms", "A mammogram is an X-ray picture of the breast that can find tumours too small to feel. Women are advised to have one every one or two years."),
    ("secondopinion", "Getting a second opinion", "Asking another doctor to review your diagnosis or treatment plan is common and your doctor will not be offended. Bring your records and test results."),
    ("visitprep", "Preparing for a doctor visit", "Write down your symptoms, your medicines and your questions before the appointment, and bring someone along to take notes."),
    ("familyhistory", "Family health history", "Knowing which illnesses your parents, siblings and grandparents had helps your doctor judge your risk of heart disease, diabetes and some cancers."),
    ("tumortesting", "Tumour genomic testing", "Testing the DNA of a tumour can show mutations that targeted drugs act on. These changes are in the cancer cells and are usually not inherited."),
    ("potassium", "Potassium in the blood", "Potassium keeps the heart beating in a steady rhythm. Levels that are too high or too low can cause dangerous heart rhythm problems."),
    ("vitd", "Vitamin D", "Vitamin D helps the body absorb calcium for strong bones. Little sunlight exposure can lead to low levels, which a blood test can measure."),
    ("ferritin", "Ferritin and iron stores", "Ferritin is a protein that stores iron. A low ferritin level is the earliest sign of iron deficiency and can explain tiredness and anaemia."),
    ("psa", "PSA test", "Prostate-specific antigen is made by the prostate gland. A raised PSA can mean prostate cancer but also an enlarged prostate or infection."),
    ("insurance", "Cost and coverage of genetic tests", "Many health plans pay for genetic testing when there is a strong family history. Ask your insurer for prior authorisation before the test to avoid a surprise bill."),
    ("consent", "Consent and data sharing", "Before a genetic test you decide whether your sample and data may be shared with researchers, and you can withdraw that consent later."),
    ("ai", "Artificial intelligence in medicine", "Computer models trained on large health datasets can help read scans and predict risk, but doctors still check their suggestions."),
    ("statins", "Statin side effects", "Statins sometimes cause muscle aches. Tell your doctor if your muscles hurt, but do not stop the medicine without talking to them."),
    ("hypoglycemia", "Low blood sugar", "Shakiness, sweating and confusion can mean blood glucose has dropped too low. Eating fast-acting sugar such as juice helps within minutes."),
    ("carrier", "Carrier screening", "Carrier screening checks whether parents carry a gene change for conditions like cystic fibrosis that they could pass to a baby."),
    ("pharmacogenomics", "Pharmacogenomics", "Your genes can affect how your body breaks down some medicines, which can change the right dose or drug for you."),
    ("equity", "Equity in genomic medicine", "Most genetic research has studied people of European ancestry, so results can be less certain for other groups."),
    ("careteam", "Contacting your care team", "Use the patient portal message service for routine questions; call the clinic for anything urgent, and call emergency services in an emergency."),
    ("hypertension", "High blood pressure", "Blood pressure above 130 over 80 is considered high. Less salt, regular exercise and medicines lower it and protect the heart and brain."),
]

PARAPHRASES = [
    ("what does my sugar test over 3 months show", "hba1c"),
    ("is my bad cholesterol too high, what lowers it", "ldl"),
    ("my blood thinner dose and the inr check", "warfarin"),
    ("the water pill makes me pee a lot why", "diuretic"),
    ("my genetic result came back as uncertain what now", "vus"),
    ("can my employer use my DNA results against me", "gina"),
    ("can a tumor mutation be passed to my kids", "tumortesting"),
    ("how well are my kidneys filtering", "egfr"),
    ("my genes stop my heart stent clot medicine from working", "clopidogrel"),
    ("should I ask a different doctor to look at my diagnosis", "secondopinion"),
    ("i feel shaky and sweaty, is my glucose too low", "hypoglycemia"),
    ("will my health plan pay for a gene test", "insurance"),
    ("my muscles hurt since I started my cholesterol pill", "statins"),
    ("underactive thyroid hormone level", "tsh"),
]


def _records(topics=TOPICS) -> list[dict]:
    return [
        {"id": f"doc-{key}", "title": title, "text": text, "url": f"https://example.org/{key}"}
        for key, title, text in topics
    ]


def _write(path, records) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.jsonl"
    _write(path, _records())
    return path


# --- unit: reading and tokens ----------------------------------------------------------


@pytest.mark.unit
def test_reading_a_corpus_keeps_every_record_in_order(corpus_file):
    records = read_corpus(corpus_file)
    assert [r.id for r in records] == [f"doc-{key}" for key, _, _ in TOPICS]
    assert records[0].url == "https://example.org/hba1c"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"title": "t", "text": "x", "url": ""}', '"id" must be a non-empty string'),
        ('{"id": "x", "title": "t", "text": "   ", "url": ""}', '"text" must be a non-empty string'),
        ('{"id": "x", "title": 3, "text": "words", "url": ""}', '"title" must be a string'),
        ('{"id": "doc-ldl", "title": "t", "text": "again", "url": ""}', "duplicate id 'doc-ldl' (first on line 2)"),
    ],
)
def test_a_bad_line_fails_the_whole_file_naming_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = [json.dumps(record) for record in _records()[:5]]
    path.write_text("\n".join([*good[:3], line, *good[3:]]) + "\n")
    with pytest.raises(CorpusImportError) as caught:
        read_corpus(path)
    assert "bad.jsonl line 4" in str(caught.value) and message in str(caught.value)


@pytest.mark.unit
def test_an_empty_corpus_is_refused(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    with pytest.raises(CorpusImportError, match="no records"):
        read_corpus(path)


@pytest.mark.unit
def test_bm25_tokens_are_stemmed_with_a_real_stemmer():
    assert corpus_tokenize("Running tests on the kidneys, <PERSON> filtering") == ["run", "test", "kidney", "filter"]
    assert corpus_tokenize("CYP2C19 and clopidogrel") == ["cyp2c19", "clopidogrel"]


@pytest.mark.unit
def test_a_folder_that_is_not_a_corpus_index_is_never_replaced(tmp_path, corpus_file):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(CorpusImportError, match="not a corpus index"):
        import_corpus(corpus_file, precious, embedder=None)
    assert (precious / "notes.txt").read_text() == "keep me"


@pytest.mark.unit
def test_searching_a_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(SearchIndexError, match="import-jsonl"):
        CorpusSearcher(tmp_path / "nowhere")


# --- integration: the model ------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder):
    """One imported corpus for the module (embedding is the slow part); tests copy it."""
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "corpus.jsonl"
    _write(path, _records())
    report = import_corpus(path, folder / "index", embedder)
    return folder / "index", report


@pytest.fixture
def index_dir(built, tmp_path):
    import shutil

    target = tmp_path / "index"
    shutil.copytree(built[0], target)
    return target


@pytest.mark.integration
def test_import_writes_a_manifest_with_model_dimension_and_record_hashes(built):
    directory, report = built
    manifest = read_corpus_manifest(directory)
    assert (report.records, report.embedded, report.reused) == (len(TOPICS), len(TOPICS), 0)
    assert (manifest.model, manifest.dimension) == ("all-MiniLM-L6-v2", 384)
    assert sorted(manifest.record_hashes) == sorted(f"doc-{key}" for key, _, _ in TOPICS)
    assert not list(directory.parent.glob(".index-*"))  # no staging folder left behind


@pytest.mark.integration
def test_paraphrased_questions_find_their_record(built, embedder):
    import torch

    threads = torch.get_num_threads()
    searcher = CorpusSearcher(built[0], embedder)
    for question, expected in PARAPHRASES:
        ranked = searcher.search(question)
        assert len(ranked) == 10 and len(set(ranked)) == 10
        assert f"doc-{expected}" in ranked[:3], (question, ranked[:3])
    top1 = sum(searcher.search(q)[0] == f"doc-{e}" for q, e in PARAPHRASES)
    assert top1 >= len(PARAPHRASES) - 2
    assert torch.get_num_threads() == threads  # the one-thread query path restores torch's setting
    assert searcher.search_many([q for q, _ in PARAPHRASES]) == [searcher.search(q) for q, _ in PARAPHRASES]


@pytest.mark.integration
def test_reimporting_an_unchanged_corpus_embeds_nothing(index_dir, corpus_file, embedder):
    before = (index_dir / "manifest.json").read_text()
    report = import_corpus(corpus_file, index_dir, embedder)
    assert report.unchanged and report.embedded == 0 and report.seconds < 5
    assert (index_dir / "manifest.json").read_text() == before


@pytest.mark.integration
def test_changing_one_record_reembeds_exactly_that_one(index_dir, tmp_path, embedder):
    records = _records()
    records[5]["text"] += " Ask a genetic counsellor to explain it."
    records[7]["url"] = "https://example.org/moved"  # metadata only: nothing to embed
    path = tmp_path / "changed.jsonl"
    _write(path, records)
    report = import_corpus(path, index_dir, embedder)
    assert (report.embedded, report.reused, report.removed) == (1, len(records) - 1, 0)
    stored = [json.loads(line) for line in (index_dir / "records.jsonl").open()]
    assert stored[7]["url"] == "https://example.org/moved"
    assert CorpusSearcher(index_dir, embedder).search("uncertain genetic variant counsellor")[0] == "doc-vus"


@pytest.mark.integration
def test_a_removed_record_is_dropped_and_new_ones_are_embedded(index_dir, tmp_path, embedder):
    records = [r for r in _records() if r["id"] != "doc-gina"]
    records.append({"id": "doc-new", "title": "Pulse oximeter", "text": "A clip on the finger measures oxygen in the blood.", "url": ""})
    path = tmp_path / "shrunk.jsonl"
    _write(path, records)
    report = import_corpus(path, index_dir, embedder)
    assert (report.embedded, report.removed, report.records) == (1, 1, len(TOPICS))
    searcher = CorpusSearcher(index_dir, embedder)
    assert "doc-gina" not in searcher.ids and "doc-gina" not in read_corpus_manifest(index_dir).record_hashes
    assert "doc-gina" not in searcher.search("genetic discrimination by employers")
    assert searcher.search("finger clip oxygen level")[0] == "doc-new"


@pytest.mark.integration
def test_a_bad_line_writes_nothing(index_dir, tmp_path, embedder):
    before = {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir()}
    path = tmp_path / "bad.jsonl"
    _write(path, _records()[:3])
    with path.open("a") as handle:
        handle.write('{"id": "x", "title": "t"}\n')
    with pytest.raises(CorpusImportError, match="bad.jsonl line 4"):
        import_corpus(path, index_dir, embedder)
    with pytest.raises(CorpusImportError):
        import_corpus(path, tmp_path / "fresh", embedder)
    assert {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir()} == before
    assert not (tmp_path / "fresh").exists()


# --- integration: the commands ---------------------------------------------------------


@pytest.fixture
def runner(monkeypatch, embedder):
    monkeypatch.setattr(corpus_cli, "make_embedder", lambda name: embedder)
    return CliRunner()


@pytest.mark.integration
def test_import_command_reports_counts_and_is_incremental(runner, corpus_file, tmp_path):
    app = corpus_cli.build_app()
    target = tmp_path / "cli-index"
    first = runner.invoke(app, ["kb", "import-jsonl", str(corpus_file), "--index-dir", str(target), "--no-progress"])
    assert first.exit_code == 0, first.output
    assert f"{len(TOPICS)} records, {len(TOPICS)} embedded, 0 reused" in first.stdout
    again = runner.invoke(app, ["kb", "import-jsonl", str(corpus_file), "--index-dir", str(target)])
    assert again.exit_code == 0 and "corpus unchanged" in again.stdout


@pytest.mark.integration
def test_search_command_writes_ranked_ids_per_line_in_order(runner, index_dir):
    questions = [{"id": n, "question": q} for n, (q, _) in enumerate(PARAPHRASES)]
    questions.insert(1, {"id": "q-str", "question": "<PERSON> asks about mammograms"})
    stdin = "".join(json.dumps(q) + "\n" for q in questions)
    result = runner.invoke(corpus_cli.build_app(), ["search", "--index-dir", str(index_dir), "--jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [q["id"] for q in questions]
    assert all(set(line) == {"id", "ranked"} and len(line["ranked"]) == 10 for line in lines)
    assert lines[1]["ranked"][0] == "doc-mammogram"
    assert lines[0]["ranked"][0] == f"doc-{PARAPHRASES[0][1]}"


@pytest.mark.integration
def test_search_command_rejects_a_bad_question_line(runner, index_dir):
    result = runner.invoke(
        corpus_cli.build_app(), ["search", "--index-dir", str(index_dir), "--jsonl"], input='{"id": 1, "question": "ok"}\n{"id": 2}\n'
    )
    assert result.exit_code != 0
    assert "stdin line 2" in str(result.exception)
