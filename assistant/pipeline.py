"""The question-answering pipeline: de-identify → triage → retrieve → compose.

Stateless and free of storage, so the CLI, the pages and the benchmark share it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.compose import ExtractiveComposer, LeadSentence
from assistant.results.catalog import LabCatalog, LabTest
from assistant.results.explain import explain
from assistant.results.flags import Flag
from assistant.results.summary import ResultSummary
from assistant.errors import InputError
from assistant.pgx import explain as pgx
from assistant.pgx.recommendations import SAFETY_NOTE
from assistant.question_subject import about_someone_else, is_personal
from assistant.privacy import Deidentifier, PseudonymMap, without_numbers
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.text import sentences as split_sentences
from assistant.safety import triage
from assistant.safety.guidance import guidance_for
from assistant.types import Answer, ResultUsed, RetrievedPassage, SafetyAssessment, Source, TriageLevel

# Given the tests a question names, the patient's latest result for each (None: no result).
ResultsLookup = Callable[[list[LabTest]], list[tuple[LabTest, ResultSummary | None]]]
# The patient's pharmacogenomic results by gene, and whether their explanation is on hold.
GeneticsLookup = Callable[[], tuple[dict[str, object], bool]]
CRITICAL_FLAGS = {Flag.CRITICAL_HIGH, Flag.CRITICAL_LOW}


@dataclass
class StageTimings:
    """Seconds per stage of one question (for the benchmark and structured logs)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def measure(self, stage: str) -> _Stopwatch:
        return _Stopwatch(self, stage)


class _Stopwatch:
    def __init__(self, timings: StageTimings, stage: str) -> None:
        self.timings, self.stage = timings, stage

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *_exc) -> None:
        self.timings.seconds[self.stage] = time.perf_counter() - self.started


@dataclass(frozen=True)
class PipelineTrace:
    """Why an answer came out as it did, for staff preview. De-identified text only.

    `entity_types` names what de-identification replaced (never the replaced text);
    `query` is the question as the rankers saw it (placeholders out, lay terms named);
    `passages` carry each ranker's rank and score and the fused RRF score.
    """

    question_deidentified: str
    entity_types: tuple[str, ...]
    triage: SafetyAssessment
    query: str
    passages: tuple[RetrievedPassage, ...]
    used_genetics: bool = False


@dataclass(frozen=True)
class PipelineResult:
    answer: Answer
    passages: tuple[RetrievedPassage, ...]
    trace: PipelineTrace | None = None


class AnswerPipeline:
    def __init__(
        self,
        deidentifier: Deidentifier,
        retriever: HybridRetriever,
        composer: ExtractiveComposer,
        *,
        catalog: LabCatalog,
        top_k: int,
        max_message_chars: int,
    ) -> None:
        self.deidentifier = deidentifier
        self.retriever = retriever
        self.composer = composer
        self.catalog = catalog
        self.top_k = top_k
        self.max_message_chars = max_message_chars
        self._search_lock = threading.Lock()

    def swap_search(self, retriever: HybridRetriever, composer: ExtractiveComposer) -> None:
        """Put a new index live (publishing, retiring) while other sessions keep asking.

        The retriever and composer share one index, so they change together: a question
        already running finishes on the pair it started with.
        """
        with self._search_lock:
            self.retriever, self.composer = retriever, composer

    def search_components(self) -> tuple[HybridRetriever, ExtractiveComposer]:
        with self._search_lock:
            return self.retriever, self.composer

    @property
    def articles(self):
        """Published articles by id, as the composer cites them."""
        return self.composer.articles

    def warm_up(self) -> None:
        self.deidentifier.warm_up()
        self.retriever.embedder.warm_up()

    def run(
        self,
        question: str,
        timings: StageTimings | None = None,
        patient_results: ResultsLookup | None = None,
        pseudonyms: PseudonymMap | None = None,
        patient_genetics: GeneticsLookup | None = None,
    ) -> PipelineResult:
        """Answer one question.

        With `patient_results`, questions about "my X" use the patient's record; with
        `pseudonyms` (one per conversation, in memory only), the same name or number
        gets the same numbered placeholder each time.
        """
        timings = timings or StageTimings()
        self._validate(question)
        retriever, composer = self.search_components()
        with timings.measure("deidentification"):
            # Raises DeidentificationError: the question is refused, never passed on raw.
            deidentified = self.deidentifier.run(question, pseudonyms)
            question_deidentified = deidentified.text
        entity_types = tuple(sorted({entity.type for entity in deidentified.entities}))
        with timings.measure("triage"):
            assessment = triage(without_numbers(question_deidentified))
        if assessment.level is TriageLevel.EMERGENCY:
            answer = Answer(
                answer=guidance_for(assessment) or "",
                citations=(),
                escalate=True,
                reason="emergency:" + ",".join(assessment.reasons),
                question_deidentified=question_deidentified,
                confidence=1.0,
                triage=assessment,
            )
            trace = PipelineTrace(question_deidentified, entity_types, assessment, "", ())
            return PipelineResult(answer, (), trace)
        with timings.measure("results"):
            tests = self.catalog.mentioned(question_deidentified)
            # "Can my 10 year old take codeine?": the patient's own record is not the child's.
            for_patient = not about_someone_else(question_deidentified)
            personal = for_patient and is_personal(question_deidentified)
            lookups = patient_results(tests) if patient_results and tests and personal else []
            lead, used, explain_further = _results_lead(lookups)
            used_genetics = False
            # A drug Tailor knows gene guidance for makes the question personal ("can I take Plavix?").
            # Unless the question is about a lab test and not about genes: "why is my INR meant to be
            # higher on warfarin?" asks about the INR, and warfarin's gene guidance would crowd it out.
            about_lab_only = bool(tests) and not pgx.asks_about_genes(question_deidentified)
            about_genes = for_patient and not about_lab_only and (pgx.drugs_mentioned(question_deidentified) or (
                personal and pgx.is_pgx_question(question_deidentified)))
            own_phenotypes: frozenset[str] = frozenset()
            if patient_genetics is not None and about_genes:
                genetic_lead, genetic_explain, own_phenotypes = _genetics_lead(question_deidentified, *patient_genetics())
                lead, explain_further = lead + genetic_lead, explain_further and genetic_explain
                used_genetics = True
        # Naming the test steers retrieval to the article that explains it ("kidney number" -> eGFR).
        query = " ".join([question_deidentified, *(test.name for test in tests)])
        with timings.measure("embedding"):
            query_vector = retriever.embed_query(query)
        with timings.measure("search"):
            passages = retriever.run(query, self.top_k, query_vector)
        with timings.measure("composition"):
            # After the patient's own phenotype, sentences about other phenotypes only blur it; so they
            # do after the one the question names ("my daughter's TPMT came back intermediate").
            phenotypes = own_phenotypes or pgx.phenotype_labels(question_deidentified)
            avoid = (lambda sentence: pgx.about_other_phenotypes(sentence, phenotypes)) if phenotypes else None
            composed = composer.run(question_deidentified, query_vector, passages, lead, explain_further, avoid,
                                    ranking_query=retriever.rewrite(question_deidentified))
        answer = self._answer(question_deidentified, assessment, composed)
        if patient_results is not None:
            answer = replace(answer, results_used=used)
            if any(summary and summary.flag in CRITICAL_FLAGS for _, summary in lookups) and not answer.escalate:
                answer = replace(answer, escalate=True, reason="critical_value")
        trace = PipelineTrace(question_deidentified, entity_types, assessment,
                              self.retriever.rewrite(query), tuple(passages), used_genetics)
        return PipelineResult(answer, tuple(passages), trace)

    def _validate(self, question: str) -> None:
        if not question or not question.strip():
            raise InputError("the question is empty")
        if len(question) > self.max_message_chars:
            raise InputError(
                f"the question is too long ({len(question)} characters; the limit is {self.max_message_chars})"
            )

    @staticmethod
    def _answer(question_deidentified, assessment, composed) -> Answer:
        guidance = guidance_for(assessment)
        text = f"{guidance}\n\n{composed.text}" if guidance and composed.confident else (guidance or composed.text)
        if assessment.level is TriageLevel.URGENT:
            escalate, reason = True, "urgent:" + ",".join(assessment.reasons)
        elif assessment.level is TriageLevel.MEDICATION:
            escalate, reason = True, "medication_question"
        elif not composed.confident:
            escalate, reason = True, "low_confidence"
        else:
            escalate, reason = False, "answered"
        return Answer(
            answer=text,
            citations=composed.citations if composed.confident else (),
            escalate=escalate,
            reason=reason,
            question_deidentified=question_deidentified,
            confidence=round(composed.confidence, 4),
            triage=assessment,
        )


def _results_lead(
    lookups: list[tuple[LabTest, ResultSummary | None]],
) -> tuple[tuple[LeadSentence, ...], tuple[ResultUsed, ...], bool]:
    """Sentences about the patient's own results, what was used, and whether to explain further."""
    lead: list[LeadSentence] = []
    used: list[ResultUsed] = []
    for test, summary in lookups:
        if summary is None:
            lead.append(LeadSentence(f"I don't see any {test.name} results in your records.", None))
            continue
        reference = summary.assessment.range if summary.assessment else None
        extra = (Source(f"Reference range: {reference.name}", reference.source_url),) if reference else ()
        lead.extend(LeadSentence(text, test.article_id, extra) for text in explain(summary))
        used.append(ResultUsed(
            loinc=summary.loinc, name=summary.name,
            value=summary.value if summary.value is not None else summary.value_text,
            unit=summary.unit, date=summary.effective_on.isoformat(), flag=summary.flag.value,
        ))
    held_only = bool(lookups) and all(summary is not None and summary.held for _, summary in lookups)
    return tuple(lead), tuple(used), not held_only


def _genetics_lead(question: str, by_gene: dict, held: bool) -> tuple[tuple[LeadSentence, ...], bool, frozenset[str]]:
    """Sentences about the patient's own gene results and the drugs the question names, whether
    to explain further, and the phenotypes the explanation may speak of (the patient's own
    and any the question names)."""
    drugs = pgx.drugs_mentioned(question)
    genes = list(dict.fromkeys([*pgx.genes_mentioned(question), *(g for d in drugs for g in pgx.genes_for(d))]))
    if not genes:
        genes = [gene for gene, row in by_gene.items() if row.status == "called"]
    untested_drugs = {gene: [drug for drug in drugs if gene in pgx.genes_for(drug)]
                      for gene in genes if pgx.not_tested(by_gene.get(gene))}
    lead: list[LeadSentence] = []
    for gene in genes:
        article = pgx.article_for(gene, drugs[0] if len(drugs) == 1 else None)
        sentence = (pgx.untested_sentence(gene, untested_drugs[gene]) if untested_drugs.get(gene)
                    else pgx.result_sentence(gene, by_gene.get(gene)))
        lead.append(LeadSentence(sentence, article))
    if held:
        return (*lead, LeadSentence(pgx.HELD, None)), False, frozenset()
    safety_note = False
    said: set[str] = set()
    for drug in drugs:
        for gene in pgx.genes_for(drug):
            if untested_drugs.get(gene):
                continue  # said with the result
            sentences, title, url = pgx.drug_sentences(drug, gene, by_gene.get(gene))
            extra = (Source(title, url),) if url else ()
            article = pgx.article_for(gene, drug)
            for sentence in sentences:
                safety_note |= sentence.endswith(SAFETY_NOTE)
                # Two genes of one drug (warfarin) share the dosing-formula sentence: say it once.
                fresh = [part for part in split_sentences(sentence.removesuffix(SAFETY_NOTE)) if part not in said]
                said.update(fresh)
                if fresh:
                    lead.append(LeadSentence(" ".join(fresh), article, extra))
    if safety_note:
        # Once, after all the guidance: a drug with two genes (warfarin) used to say it twice.
        lead.append(LeadSentence(SAFETY_NOTE, None))
    if drugs:
        lead.append(LeadSentence(
            "You can send this question to your clinician or pharmacist with the \"Ask my care team\" button.", None,
            closes=True))
    own = pgx.phenotype_labels(" ".join(
        [question, *(row.phenotype for gene in genes if (row := by_gene.get(gene)) is not None and row.phenotype)]))
    return tuple(lead), True, own


def article_url_factory(base_url: str) -> Callable[..., str]:
    """`article_url(article_id, version=None)`: the library page of an article, or of the version an answer cited."""
    base = base_url.rstrip("/")

    def article_url(article_id: str, version: int | None = None) -> str:
        url = f"{base}/library?article={article_id}"
        return url if version is None else f"{url}&version={version}"

    return article_url


__all__ = ["AnswerPipeline", "PipelineResult", "PipelineTrace", "StageTimings", "article_url_factory"]
