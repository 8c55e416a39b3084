"""A patient's pharmacogenomic results: import, answers, holds, isolation; SQLite and PostgreSQL."""

import re

import pytest
from sqlmodel import select

from assistant.errors import AuthorizationError, ResultsImportError
from assistant.passwords import hash_password
from assistant.pgx.card import render_card
from assistant.pgx.importer import import_pgx
from assistant.storage import accounts
from assistant.storage.models import GeneticResult
from tests.conftest import SHARED_DATA, with_consenting_patients

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"
PGX = SHARED_DATA / "pgx"


@pytest.fixture
def service(pipeline, database, settings):
    from assistant.demo import seed_demo
    from assistant.service import TailorService

    seed_demo(settings, database)  # the demo patient has synthetic outside calls
    return with_consenting_patients(TailorService(pipeline, database))


@pytest.fixture
def patient(service):
    return service.login("demo.patient", PASSWORD)


def genes(database, patient_id):
    with database.session() as session:
        rows = session.exec(select(GeneticResult).where(GeneticResult.patient_id == patient_id)).all()
        return {row.gene: (row.diplotype, row.phenotype, row.status) for row in rows}


def test_outside_calls_import_and_reimport_unchanged(service):
    stored = genes(service.database, "demo-patient-1")
    assert stored["CYP2C19"] == ("*1/*2", "Intermediate Metabolizer", "called")
    again = import_pgx(service.database, __import__("assistant.demo", fromlist=["DEMO_PGX"]).DEMO_PGX, "demo-patient-1")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_a_vcf_cannot_erase_an_outside_call(service):
    report = import_pgx(service.database, PGX / "TPMT_s1s1.vcf", "demo-patient-1")
    stored = genes(service.database, "demo-patient-1")
    assert stored["TPMT"][2] == "called" and stored["TPMT"][0] == "*1/*1"
    assert stored["CYP2D6"] == ("*1/*4", "Intermediate Metabolizer", "called")  # kept, not "needs an outside call"
    assert stored["CYP2C19"][2] == "called"
    assert report.called >= 1


def test_a_bad_file_writes_nothing(service, tmp_path):
    bad = tmp_path / "calls.tsv"
    bad.write_text("TPMT\t*1/*3A\nCYP2D6\t*1/*999\n")
    with pytest.raises(ResultsImportError, match="calls.tsv"):
        import_pgx(service.database, bad, "demo-patient-1")
    with pytest.raises(ResultsImportError, match="does not exist"):
        import_pgx(service.database, PGX / "TPMT_s1s1.vcf", "nobody")
    assert "TPMT" not in genes(service.database, "demo-patient-1")


def test_my_genetics_shows_untested_genes_as_untested_never_normal(service, patient):
    by_gene = {view.gene: view for view in service.my_genetics(patient)}
    assert by_gene["CYP2C19"].phenotype == "Intermediate Metabolizer" and "clopidogrel" in by_gene["CYP2C19"].drugs
    assert by_gene["DPYD"].status == "not_tested" and by_gene["DPYD"].phenotype is None
    card = render_card(list(by_gene.values()))
    assert "not tested" in card and "Intermediate Metabolizer" in card and "not a prescription" in card


def test_the_card_escapes_everything():
    from assistant.service import GeneticView

    hostile = GeneticView(1, "CYP2C19", "<script>alert(1)</script>", "Poor", "called", None, ("x<y",), False)
    card = render_card([hostile])
    assert "<script>" not in card and "&lt;script&gt;" in card and "x&lt;y" in card


def test_a_drug_question_uses_my_phenotype_and_cites_the_guideline(service, patient):
    answer = service.ask(patient, "Can I take Plavix?")
    assert "Your CYP2C19 result (*1/*2) means you are an intermediate metabolizer. [1]" in answer.answer
    assert "This is not a prescription." in answer.answer
    assert answer.escalate  # routed to the care team as a medication question
    sources = [source.url for citation in answer.citations for source in citation.sources]
    assert "https://cpicpgx.org/guidelines/guideline-for-clopidogrel-and-cyp2c19/" in sources
    assert answer.citations[0].article_id == "cyp2c19-and-clopidogrel"


def test_a_drug_with_two_genes_gives_both_results_and_the_safety_note_once(service, patient):
    answer = service.ask(patient, "how do my genes affect my warfarin dose?").answer
    assert "Your CYP2C9 result" in answer and "Your VKORC1 result" in answer
    assert answer.count("This is not a prescription.") == 1
    # The note follows all the guidance, not just the first gene's.
    assert answer.index("This is not a prescription.") > answer.index("This VKORC1 result")
    # Both genes' guidance names the dosing formula; it is said once, and the INR advice stays.
    assert answer.count("validated dosing formula") == 1
    assert "The INR blood test is checked closely." in answer


def test_an_untested_gene_is_said_so(service, patient):
    answer = service.ask(patient, "is capecitabine safe for me given my genes?")
    # Once, with the drug asked about: two sentences saying it took the explanation's room.
    assert ("Your DPYD gene was not tested, so Tailor cannot say what the guideline suggests about "
            "capecitabine for you.") in answer.answer
    assert answer.answer.count("not tested") == 1 and "Without a DPYD result" not in answer.answer


def test_a_question_about_a_lab_test_is_not_answered_with_gene_guidance(service, patient):
    # The drug is named as context; the question is about the INR.
    about_inr = service.ask(patient, "why is my INR supposed to be higher than other people's since I'm on warfarin?")
    assert "CPIC suggests" not in about_inr.answer and "INR" in about_inr.answer
    # Named genes make it a question about genes again.
    about_genes = service.ask(patient, "my INR is high on warfarin, is that because of my CYP2C9 gene?")
    assert "Your CYP2C9 result (*1/*1)" in about_genes.answer


def test_genetic_explanations_wait_for_review_when_the_patient_asks(service, patient):
    service.set_review_preference(patient, "genetic", True)
    held = service.ask(patient, "what does my CYP2C19 result mean for clopidogrel?")
    assert "have not reviewed this one yet" in held.answer and "CPIC suggests" not in held.answer
    assert "*1/*2" in held.answer  # the result itself is never hidden
    staff = service.login("demo.staff", PASSWORD)
    pending = service.genetics_awaiting_review(staff)
    assert {view.gene for _, view in pending} >= {"CYP2C19", "CYP2D6"}
    service.mark_genetics_reviewed(staff, [view.id for _, view in pending])
    assert "CPIC suggests" in service.ask(patient, "what does my CYP2C19 result mean for clopidogrel?").answer


def test_genetics_are_per_patient(service, patient):
    with service.database.session() as session:
        accounts.ensure_patient(session, "other", "P-7777")
        accounts.upsert_user(session, "other.patient", hash_password(PASSWORD), "patient", "other")
    other = service.login("other.patient", PASSWORD)
    assert all(view.status == "not_tested" for view in service.my_genetics(other))
    assert "was not tested" in service.ask(other, "can I take Plavix?").answer
    with pytest.raises(AuthorizationError):
        service.genetics_awaiting_review(patient)
    with pytest.raises(AuthorizationError):
        service.my_genetics(service.login("demo.staff", PASSWORD))


def test_every_gene_and_drug_article_exists():
    from assistant.pgx.explain import DRUG_ARTICLES, GENE_ARTICLES, GENERAL_ARTICLE
    from assistant.retrieval.loader import load_knowledge_base
    from tests.conftest import REPO_ROOT

    articles = {article.id for article in load_knowledge_base(REPO_ROOT / "knowledge")}
    assert {*GENE_ARTICLES.values(), *DRUG_ARTICLES.values(), GENERAL_ARTICLE} <= articles


def test_a_ppi_question_cites_the_ppi_article(service, patient):
    answer = service.ask(patient, "does my CYP2C19 result matter for omeprazole?")
    assert answer.citations[0].article_id == "cyp2c19-ppis-and-antidepressants"


def test_a_general_drug_question_gets_the_patients_result_and_the_general_answer(service, patient):
    general = service.ask(patient, "why are CYP2D6 ultrarapid metabolizers at risk with codeine?")
    assert "Your CYP2D6 result (*1/*4)" in general.answer and "This is not a prescription." in general.answer
    assert general.citations[0].article_id == "cyp2d6-codeine-and-tramadol"
    # The question names ultrarapid metabolizers, so the explanation may speak of them.
    explanation = general.answer.split("This is not a prescription.", 1)[1]
    assert "ultrarapid" in explanation.lower()


def test_a_personal_drug_question_is_explained_only_for_the_patients_own_phenotype(service, patient):
    from assistant.pgx.explain import phenotype_labels

    personal = service.ask(patient, "what does my CYP2D6 result mean for codeine?")
    guidance, explanation = personal.answer.split("This is not a prescription.", 1)
    assert "intermediate metabolizer" in guidance
    sentences = [s for s in explanation.split("[1]") if phenotype_labels(s)]
    assert all(phenotype_labels(s) & {"intermediate metabolizer"} for s in sentences)
    assert personal.answer.count("[1]") > guidance.count("[1]")  # explained beyond the guideline


@pytest.mark.parametrize(
    "sentence, own, other",
    [
        ("Poor metabolizer: two copies do not work.", {"intermediate metabolizer"}, True),
        ("For poor and intermediate metabolizers, the prescriber may consider another drug.",
         {"intermediate metabolizer"}, False),
        ("Ultrarapid metabolizers turn codeine into morphine too fast.", {"intermediate metabolizer"}, True),
        ("Doctors call these people CYP3A5 expressers.", {"expresser"}, False),
        ("Codeine is changed into morphine in the body.", {"intermediate metabolizer"}, False),
    ],
)
def test_sentences_about_other_phenotypes_are_told_apart(sentence, own, other):
    from assistant.pgx.explain import about_other_phenotypes

    assert about_other_phenotypes(sentence, frozenset(own)) is other


def test_an_untested_gene_still_gets_the_general_explanation(service, patient):
    # No result means no guideline advice to blur: why the test matters is still explained.
    answer = service.ask(patient, "my oncologist wants to test my DPYD gene before capecitabine. why does that matter?")
    assert "Your DPYD gene was not tested" in answer.answer
    explained = answer.answer.split("for you.", 1)[1].split("\"Ask my care team\" button.", 1)[0]
    # Why it matters, from the article: what the gene does with the medicine (its DPD enzyme
    # breaks fluorouracil down), cited. What comes before the care-team line is the explanation,
    # so the way to the care team closes the answer.
    assert "\"Ask my care team\" button." in answer.answer and "[1]" in explained
    assert re.search(r"\bDPD\b|break\w* (it |them )?down", explained), explained


def test_a_question_about_someone_else_never_opens_with_the_patients_genes(service, patient):
    answer = service.ask(patient, "can my 10 year old take a cough syrup that has codeine in it?")
    assert "*1/*4" not in answer.answer and "metabolizer." not in answer.answer
    assert "under 12" in answer.answer
    assert answer.citations[0].article_id == "cyp2d6-codeine-and-tramadol"


@pytest.mark.parametrize(
    "question, about_drug_genes",
    [
        ("what do my gene results mean?", True),
        ("am i a poor metaboliser?", True),
        ("what does my pgx report say?", True),
        ("can I take Plavix?", True),
        # Another kind of gene test: the drug-gene results would answer a question not asked.
        ("my gene panel came back with a VUS, why?", False),
        ("my BRCA gene result is positive, what now?", False),
        ("what is my LDL?", False),
    ],
)
def test_questions_about_drug_genes_are_told_from_other_gene_tests(question, about_drug_genes):
    from assistant.pgx.explain import is_pgx_question

    assert is_pgx_question(question) is about_drug_genes


def test_a_question_about_another_gene_test_does_not_list_drug_gene_results(service, patient):
    answer = service.ask(patient, "my gene panel came back with a VUS. my counselor said that happens more for people like me, why?")
    assert "Your CYP2C19 result" not in answer.answer and "VUS" in answer.answer
    listed = service.ask(patient, "what do my gene results mean?")
    assert "Your CYP2C19 result (*1/*2)" in listed.answer


def test_a_phenotype_the_question_names_steers_the_explanation_for_someone_else(service, patient):
    # Not the patient's own genes, so no lead; the phenotype named still decides what is explained.
    answer = service.ask(patient, "my son's TPMT test says intermediate metabolizer. what does that mean for his azathioprine?")
    assert "Your TPMT" not in answer.answer
    assert "Intermediate metabolizer:" in answer.answer and "Poor metabolizer:" not in answer.answer
