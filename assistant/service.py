"""The service layer: what pages and the CLI call. Authorization lives here.

Every method takes the calling `Principal` (or authenticates one) and opens one
database unit of work; nothing here holds a session between calls.
"""

from __future__ import annotations

import json
import logging
from functools import cached_property
from dataclasses import dataclass
from datetime import datetime

from assistant.errors import AuthenticationError, AuthorizationError, InputError, NotFoundError
from assistant.escalation import (
    PRIORITY_FOR_REASON,
    EscalationReason,
    EscalationState,
    Priority,
    due_at,
    is_overdue,
    reason_for_triage,
)
from assistant import lockout
from assistant.passwords import verify_password
from assistant.privacy import PseudonymMap
from assistant.pipeline import AnswerPipeline, PipelineResult, StageTimings
from assistant.retrieval.loader import Article
from assistant.results.catalog import LabTest
from assistant.results.reference_ranges import ReferenceRangeTable
from assistant.results.summary import ResultSummary, summarize
from assistant.storage import Database, accounts, audit, conversations, escalations
from assistant.storage import genetics
from assistant.storage import articles as article_store
from assistant.storage import results as result_store
from assistant.pgx import SUPPORTED_GENES, drugs_for_gene
from assistant.storage.models import as_utc, utcnow
from assistant.types import Answer, Citation, Principal, Role, Source

log = logging.getLogger(__name__)

TRANSCRIPT_MESSAGES = 12
STAFF_ROLES = {Role.STAFF, Role.ADMIN}
MAX_REPLY_CHARS = 4000
LOGIN_FAILED = "unknown username or wrong password"
# Result categories a patient may ask to hold for clinician review before Tailor explains them.
HOLD_CATEGORIES = ("lab", "cancer_marker", "genetic")


@dataclass(frozen=True)
class ChatTurn:
    author: str
    text: str
    created_at: datetime
    citations: tuple[Citation, ...] = ()
    # Cited articles an editor has since retired (the chat marks them).
    retired_article_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EscalationView:
    """One queue item as staff see it: de-identified, pseudonymous."""

    id: int
    patient_pseudonym: str
    reason: str
    reason_codes: str
    priority: Priority
    state: EscalationState
    version: int
    transcript: str
    created_at: datetime
    due_at: datetime
    overdue: bool
    claimed_by: str | None


@dataclass(frozen=True)
class RequestStatus:
    """One of a patient's own requests, as the patient sees it."""

    id: int
    reason: str
    state: EscalationState
    created_at: datetime
    answered_at: datetime | None


class TailorService:
    def __init__(self, pipeline: AnswerPipeline, database: Database) -> None:
        self.pipeline = pipeline
        self.database = database

    @cached_property
    def ranges(self) -> ReferenceRangeTable:
        return ReferenceRangeTable.load()

    # --- authentication --------------------------------------------------------

    def login(self, username: str, password: str) -> Principal:
        """Check a password; repeated failures lock the account for a growing while.

        The attempt is recorded (and the failure counted) before any error is raised,
        so a denied login is never rolled back out of the audit trail.
        """
        now = utcnow()
        principal: Principal | None = None
        with self.database.session() as session:
            user = accounts.get_user_by_username(session, username.strip())
            locked = user is not None and lockout.is_locked(
                as_utc(user.locked_until) if user.locked_until else None, now)
            # Verify even when locked or unknown, so timing says nothing about the account.
            ok = verify_password(user.password_hash if user else None, password) and not locked
            if user is not None:
                _count_attempt(user, ok, now)
                session.add(user)
                if ok:
                    principal = Principal(user.id, user.username, Role(user.role), user.patient_id)
            audit.record(session, "auth.login", actor_user_id=user.id if user else None,
                         outcome="ok" if ok else "locked" if locked else "denied")
        if principal is None:
            raise AuthenticationError(LOGIN_FAILED)
        return principal

    # --- patients --------------------------------------------------------------

    def answer_question(self, question: str, timings: StageTimings | None = None) -> PipelineResult:
        """Answer without storing anything (CLI without a patient, benchmark)."""
        result = self.pipeline.run(question, timings)
        log.info("question_answered", extra=_answer_fields(result.answer))
        return result

    def ask(self, principal: Principal, question: str, pseudonyms: PseudonymMap | None = None) -> Answer:
        """A patient's chat message. Pass the conversation's `pseudonyms` to number placeholders."""
        return self._ask_and_store(self._own_patient(principal), question, principal.user_id, pseudonyms)

    def ask_as_operator(self, patient_id: str, question: str) -> Answer:
        """The shell's `tailor ask --patient`: a local operator asking on a patient's behalf."""
        with self.database.session() as session:
            if accounts.get_patient(session, patient_id) is None:
                raise NotFoundError(f"patient '{patient_id}' does not exist")
        return self._ask_and_store(patient_id, question, None)

    def _ask_and_store(self, patient_id: str, question: str, actor_user_id: int | None,
                       pseudonyms: PseudonymMap | None = None) -> Answer:
        # The patient's results are joined by patient id, never found by text.
        answer = self.pipeline.run(
            question, patient_results=self._results_lookup(patient_id), pseudonyms=pseudonyms,
            patient_genetics=self._genetics_lookup(patient_id)).answer
        with self.database.session() as session:
            conversation = conversations.get_or_start_conversation(session, patient_id)
            conversations.add_message(
                session, conversation.id, "patient", answer.question_deidentified,
                triage_level=answer.triage.level.value,
            )
            message = conversations.add_message(
                session, conversation.id, "assistant", answer.answer,
                confidence=answer.confidence, reason=answer.reason, citations=answer.citations,
            )
            audit.record(session, "chat.ask", actor_user_id=actor_user_id,
                         record_type="message", record_id=message.id)
            reason = reason_for_triage(answer.triage.level)
            if reason is not None:
                self._escalate(session, actor_user_id, patient_id, conversation.id, reason,
                               ",".join(answer.triage.reasons))
        log.info("question_answered", extra=_answer_fields(answer))
        return answer

    def conversation(self, principal: Principal) -> list[ChatTurn]:
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            conversation = conversations.latest_conversation(session, patient_id)
            if conversation is None:
                return []
            rows = conversations.messages_with_citations(session, conversation.id)
            retired = frozenset(article_store.retired_article_ids(
                session, {c.article_id for _, cites in rows for c in cites}))
            audit.record(session, "chat.view", actor_user_id=principal.user_id,
                         record_type="conversation", record_id=conversation.id)
        return [
            ChatTurn(
                message.author,
                message.text_deidentified,
                as_utc(message.created_at),
                tuple(_citation_value(c) for c in cites),
                retired & {c.article_id for c in cites},
            )
            for message, cites in rows
        ]

    def escalate(self, principal: Principal) -> int:
        """"Ask my care team": file the current conversation (de-identified) for staff."""
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            conversation = conversations.latest_conversation(session, patient_id)
            reason = EscalationReason.PATIENT_REQUEST
            if conversation is not None:
                last = conversations.last_assistant_message(session, conversation.id)
                if last is not None and last.reason == EscalationReason.LOW_CONFIDENCE.value:
                    reason = EscalationReason.LOW_CONFIDENCE  # Tailor could not answer; a person should
            return self._escalate(
                session, principal.user_id, patient_id, conversation.id if conversation else None, reason)

    def my_requests(self, principal: Principal) -> list[RequestStatus]:
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            rows = escalations.for_patient(session, patient_id)
        return [
            RequestStatus(
                e.id, e.reason, EscalationState(e.state), as_utc(e.created_at),
                as_utc(e.answered_at) if e.answered_at else None,
            )
            for e in rows
        ]

    def cancel_request(self, principal: Principal, escalation_id: int) -> None:
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            escalation = escalations.get_escalation(session, escalation_id)
            if escalation.patient_id != patient_id:
                # Same answer as for a missing record: don't confirm other patients' ids.
                raise NotFoundError(f"escalation {escalation_id} does not exist")
            escalations.transition(session, escalation_id, "cancel", escalation.version)
            self._audit(session, principal, "escalation.cancel", escalation_id)

    # --- results ---------------------------------------------------------------

    def my_results(self, principal: Principal) -> list[ResultSummary]:
        patient_id = self._own_patient(principal)
        return self._latest_results(principal, patient_id, "results.view")

    def patient_results(self, principal: Principal, patient_id: str) -> list[ResultSummary]:
        """Staff access to a patient's results: allowed, and always audited."""
        self._require(principal, STAFF_ROLES)
        return self._latest_results(principal, patient_id, "results.view_as_staff")

    def result_history(self, principal: Principal, loinc: str) -> list[tuple[datetime, float, str]]:
        """(time, value, unit) points of one test for the caller's own chart."""
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            rows = result_store.results_for_patient(session, patient_id, loinc)
            audit.record(session, "results.view_history", actor_user_id=principal.user_id,
                         record_type="patient", record_id=patient_id)
        return [(as_utc(row.effective_at), row.value, row.unit) for row in rows if row.value is not None]

    def review_preferences(self, principal: Principal) -> dict[str, bool]:
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            return result_store.review_preferences(session, patient_id)

    def set_review_preference(self, principal: Principal, category: str, wait: bool) -> None:
        patient_id = self._own_patient(principal)
        if category not in HOLD_CATEGORIES:
            raise InputError(f"unknown result category '{category}'")
        with self.database.session() as session:
            result_store.set_review_preference(session, patient_id, category, wait)
            audit.record(session, f"results.hold_{'on' if wait else 'off'}.{category}",
                         actor_user_id=principal.user_id, record_type="patient", record_id=patient_id)

    def results_awaiting_review(self, principal: Principal) -> list[tuple[str, ResultSummary]]:
        """(patient pseudonym, result) for every result a patient is waiting on us to review."""
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            rows = result_store.awaiting_review(session, result_store.waiting_patients(session))
            patients = {row.patient_id: accounts.get_patient(session, row.patient_id) for row in rows}
            audit.record(session, "results.review_queue", actor_user_id=principal.user_id)
        return [
            (patients[row.patient_id].pseudonym,
             self._summarize([row], patients[row.patient_id], {row.result_category}))
            for row in rows
        ]

    def mark_results_reviewed(self, principal: Principal, result_ids: list[int]) -> int:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            count = result_store.mark_reviewed(session, result_ids, principal.user_id)
            for result_id in result_ids:
                audit.record(session, "results.reviewed", actor_user_id=principal.user_id,
                             record_type="lab_result", record_id=result_id)
        return count

    # --- genetics --------------------------------------------------------------

    def my_genetics(self, principal: Principal) -> list[GeneticView]:
        """Every supported gene: called, not called, or not tested (never shown as normal)."""
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            rows = {row.gene: row for row in genetics.genetic_results(session, patient_id)}
            held = result_store.review_preferences(session, patient_id).get("genetic", False)
            audit.record(session, "genetics.view", actor_user_id=principal.user_id,
                         record_type="patient", record_id=patient_id)
        return [_genetic_view(gene, rows.get(gene), held) for gene in SUPPORTED_GENES]

    def genetics_awaiting_review(self, principal: Principal) -> list[tuple[str, GeneticView]]:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            waiting = [pid for pid, cats in result_store.waiting_patients(session).items() if "genetic" in cats]
            rows = genetics.unreviewed_genetic_results(session, waiting)
            pseudonyms = {row.patient_id: accounts.get_patient(session, row.patient_id).pseudonym for row in rows}
            audit.record(session, "genetics.review_queue", actor_user_id=principal.user_id)
        return [(pseudonyms[row.patient_id], _genetic_view(row.gene, row, True)) for row in rows]

    def mark_genetics_reviewed(self, principal: Principal, result_ids: list[int]) -> int:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            count = genetics.mark_genetic_reviewed(session, result_ids, principal.user_id)
            for result_id in result_ids:
                audit.record(session, "genetics.reviewed", actor_user_id=principal.user_id,
                             record_type="genetic_result", record_id=result_id)
        return count

    def _genetics_lookup(self, patient_id: str):
        def lookup() -> tuple[dict, bool]:
            with self.database.session() as session:
                rows = {row.gene: row for row in genetics.genetic_results(session, patient_id)}
                wants_review = result_store.review_preferences(session, patient_id).get("genetic", False)
            held = wants_review and any(row.reviewed_at is None and row.status == "called" for row in rows.values())
            return rows, held

        return lookup

    def _results_lookup(self, patient_id: str):
        def lookup(tests: list[LabTest]) -> list[tuple[LabTest, ResultSummary | None]]:
            with self.database.session() as session:
                patient = accounts.get_patient(session, patient_id)
                waiting = {c for c, wait in result_store.review_preferences(session, patient_id).items() if wait}
                found = []
                for test in tests:
                    rows = [row for code in test.loinc_codes
                            for row in result_store.results_for_patient(session, patient_id, code)]
                    found.append((test, self._summarize(rows, patient, waiting) if rows else None))
            return found

        return lookup

    def _latest_results(self, principal: Principal, patient_id: str, action: str) -> list[ResultSummary]:
        with self.database.session() as session:
            patient = accounts.get_patient(session, patient_id)
            if patient is None:
                raise NotFoundError(f"patient '{patient_id}' does not exist")
            waiting = {c for c, wait in result_store.review_preferences(session, patient_id).items() if wait}
            by_test: dict[str, list] = {}
            for row in result_store.results_for_patient(session, patient_id):
                by_test.setdefault(row.loinc, []).append(row)
            audit.record(session, action, actor_user_id=principal.user_id, record_type="patient", record_id=patient_id)
        summaries = [self._summarize(rows, patient, waiting) for rows in by_test.values()]
        return sorted(summaries, key=lambda summary: summary.name.lower())

    def _summarize(self, rows, patient, waiting: set[str]) -> ResultSummary:
        return summarize(rows, sex=patient.sex, birth_date=patient.birth_date, ranges=self.ranges,
                         catalog=self.pipeline.catalog, waiting_categories=waiting)

    # --- staff -----------------------------------------------------------------

    def escalation_queue(
        self,
        principal: Principal,
        states: tuple[EscalationState, ...] = (EscalationState.OPEN, EscalationState.CLAIMED),
        reasons: tuple[str, ...] = (),
        priorities: tuple[int, ...] = (),
    ) -> list[EscalationView]:
        """The care team's queue: most urgent first, then oldest."""
        self._require(principal, STAFF_ROLES)
        now = utcnow()
        with self.database.session() as session:
            rows = escalations.queue(session, [s.value for s in states], reasons, priorities)
            audit.record(session, "escalation.list", actor_user_id=principal.user_id)
        return [_escalation_view(e, pseudonym, claimant, now) for e, pseudonym, claimant in rows]

    def open_escalations(self, principal: Principal) -> list[EscalationView]:
        return self.escalation_queue(principal, (EscalationState.OPEN,))

    def claim_escalation(self, principal: Principal, escalation_id: int, expected_version: int) -> None:
        """Take an item; of two staff claiming at once exactly one succeeds."""
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            escalations.transition(session, escalation_id, "claim", expected_version,
                                   claimed_by=principal.user_id)
            self._audit(session, principal, "escalation.claim", escalation_id)

    def release_escalation(self, principal: Principal, escalation_id: int) -> None:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            escalation = self._claimed_by_caller(session, principal, escalation_id)
            escalations.transition(session, escalation_id, "release", escalation.version, claimed_by=None)
            self._audit(session, principal, "escalation.release", escalation_id)

    def reply_to_escalation(self, principal: Principal, escalation_id: int, reply: str) -> None:
        """The claimant's reply appears in the patient's conversation, from the care team."""
        self._require(principal, STAFF_ROLES)
        if not reply.strip():
            raise InputError("the reply is empty")
        if len(reply) > MAX_REPLY_CHARS:
            raise InputError(f"the reply is too long (limit {MAX_REPLY_CHARS} characters)")
        # Staff replies are stored like everything else: de-identified.
        reply_deidentified = self.pipeline.deidentifier.run(reply).text
        with self.database.session() as session:
            escalation = self._claimed_by_caller(session, principal, escalation_id)
            conversation_id = escalation.conversation_id or conversations.get_or_start_conversation(
                session, escalation.patient_id).id
            message = conversations.add_message(session, conversation_id, "staff", reply_deidentified)
            escalations.transition(session, escalation_id, "answer", escalation.version)
            self._audit(session, principal, "escalation.answer", escalation_id)
            audit.record(session, "message.staff_reply", actor_user_id=principal.user_id,
                         record_type="message", record_id=message.id)

    def close_escalation(self, principal: Principal, escalation_id: int) -> None:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            escalation = escalations.get_escalation(session, escalation_id)
            escalations.transition(session, escalation_id, "close", escalation.version)
            self._audit(session, principal, "escalation.close", escalation_id)

    def escalation_results(self, principal: Principal, escalation_id: int) -> list[ResultSummary]:
        """The escalated patient's latest results outside the usual range (audited read)."""
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            patient_id = escalations.get_escalation(session, escalation_id).patient_id
        results = self._latest_results(principal, patient_id, "results.view_as_staff")
        return [summary for summary in results if summary.flag.value not in ("normal", "unknown")]

    def escalation_detail(self, principal: Principal, escalation_id: int) -> EscalationView:
        """Read one item in full; reading a patient's conversation is audited."""
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            escalation = escalations.get_escalation(session, escalation_id)
            patient = accounts.get_patient(session, escalation.patient_id)
            claimant = accounts.get_user(session, escalation.claimed_by) if escalation.claimed_by else None
            self._audit(session, principal, "escalation.view", escalation_id)
        return _escalation_view(escalation, patient.pseudonym, claimant.username if claimant else None, utcnow())

    # --- library (public content: no patient data, so no role check) ----------

    def list_articles(self) -> list[Article]:
        return sorted(self.pipeline.articles.values(), key=lambda article: article.title)

    def get_article(self, article_id: str) -> Article:
        article = self.pipeline.articles.get(article_id)
        if article is None:
            with self.database.session() as session:
                retired = article_store.retired_article_ids(session, {article_id})
            if retired:
                raise NotFoundError(f"article '{article_id}' was retired and is no longer used in answers")
            raise NotFoundError(f"article '{article_id}' does not exist")
        return article

    # --- editorial (issue 8): the logic lives in assistant/editorial.py ---------

    @cached_property
    def editorial(self):
        """Editing, review, publishing and retiring of articles; every method checks the role."""
        from assistant.editorial import EditorialDesk

        return EditorialDesk(self.database, self.pipeline)

    # --- helpers ---------------------------------------------------------------

    def _escalate(self, session, actor_user_id: int | None, patient_id: str,
                  conversation_id: int | None, reason: EscalationReason, reason_codes: str = "") -> int:
        transcript = ""
        if conversation_id is not None:
            rows = conversations.messages_with_citations(session, conversation_id)
            transcript = "\n".join(
                f"{message.author.capitalize()}: {message.text_deidentified}"
                for message, _ in rows[-TRANSCRIPT_MESSAGES:]
            )
        escalation = escalations.open_escalation(
            session, patient_id, conversation_id, reason.value, PRIORITY_FOR_REASON[reason].value,
            transcript, reason_codes,
        )
        audit.record(session, "escalation.open", actor_user_id=actor_user_id,
                     record_type="escalation", record_id=escalation.id)
        log.info("escalation_opened", extra={"escalation_id": escalation.id, "reason": reason.value})
        return escalation.id

    @staticmethod
    def _audit(session, principal: Principal, action: str, escalation_id: int) -> None:
        audit.record(session, action, actor_user_id=principal.user_id,
                     record_type="escalation", record_id=escalation_id)

    @staticmethod
    def _claimed_by_caller(session, principal: Principal, escalation_id: int):
        escalation = escalations.get_escalation(session, escalation_id)
        if escalation.claimed_by != principal.user_id and principal.role is not Role.ADMIN:
            raise AuthorizationError(f"escalation {escalation_id} is not claimed by you; claim it first")
        return escalation

    @staticmethod
    def _require(principal: Principal, roles: set[Role]) -> None:
        if principal.role not in roles:
            raise AuthorizationError(f"the {principal.role.value} role cannot do this")

    def _own_patient(self, principal: Principal) -> str:
        if principal.role is not Role.PATIENT or not principal.patient_id:
            raise AuthorizationError("only a patient can use the patient chat")
        return principal.patient_id


@dataclass(frozen=True)
class GeneticView:
    id: int | None
    gene: str
    diplotype: str | None
    phenotype: str | None
    status: str  # called | not_called | not_tested
    reason: str | None
    drugs: tuple[str, ...]
    held: bool  # the patient asked to wait for review, and it is not reviewed yet


def _genetic_view(gene: str, row, wants_review: bool) -> GeneticView:
    if row is None:
        return GeneticView(None, gene, None, None, "not_tested", "Not in any imported result.",
                           tuple(drugs_for_gene(gene)), False)
    held = wants_review and row.status == "called" and row.reviewed_at is None
    return GeneticView(row.id, gene, row.diplotype, row.phenotype, row.status, row.reason,
                       tuple(drugs_for_gene(gene)), held)


def _count_attempt(user, ok: bool, now: datetime) -> None:
    if ok:
        user.failed_logins, user.locked_until = 0, None
        return
    user.failed_logins += 1
    duration = lockout.lock_duration(user.failed_logins)
    if duration is not None:
        user.locked_until = now + duration


def _escalation_view(escalation, pseudonym: str, claimant: str | None, now: datetime) -> EscalationView:
    created = as_utc(escalation.created_at)
    priority, state = Priority(escalation.priority), EscalationState(escalation.state)
    return EscalationView(
        id=escalation.id, patient_pseudonym=pseudonym, reason=escalation.reason,
        reason_codes=escalation.reason_codes, priority=priority, state=state,
        version=escalation.version, transcript=escalation.transcript_deidentified,
        created_at=created, due_at=due_at(priority, created),
        overdue=is_overdue(priority, state, created, now), claimed_by=claimant,
    )


def _citation_value(row) -> Citation:
    return Citation(
        n=row.n, article_id=row.article_id, article_version=row.article_version,
        title=row.title, url=row.url,
        sources=tuple(Source(**source) for source in json.loads(row.sources_json)),
    )


def _answer_fields(answer: Answer) -> dict:
    return {
        "triage": answer.triage.level.value,
        "reason": answer.reason,
        "escalate": answer.escalate,
        "confidence": answer.confidence,
        "citations": len(answer.citations),
    }
