"""The service layer: what pages and the CLI call. Authorization lives here.

Every method takes the calling `Principal` (or authenticates one) and opens one
database unit of work; nothing here holds a session between calls.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection
from functools import cached_property
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.consent import CONSENT_VERSION, Disclosure, disclosure_paragraphs
from assistant.errors import (
    AuthenticationError,
    AuthorizationError,
    ConsentRequiredError,
    InputError,
    NotFoundError,
    SessionEndedError,
)
from assistant.escalation import (
    PRIORITY_FOR_REASON,
    EscalationReason,
    EscalationState,
    Priority,
    due_at,
    is_overdue,
    reason_for_triage,
)
from assistant import approval_queue, feedback, lockout, preview
from assistant.approval import held_topics
from assistant.sessions import ENDED_MESSAGES, SessionPolicy, end_reason, new_token, token_hash
from assistant.topics import answer_topics, validate_topics
from assistant.passwords import verify_password
from assistant.privacy import PseudonymMap
from assistant.pipeline import AnswerPipeline, PipelineResult, StageTimings
from assistant.retrieval.loader import Article
from assistant.roles import STAFF_ROLES, require
from assistant.results.catalog import LabTest
from assistant.results.reference_ranges import ReferenceRangeTable
from assistant.results.summary import ResultSummary, summarize
from assistant.storage import Database, accounts, audit, consents, conversations, escalations
from assistant.storage import retention
from assistant.storage import sessions as user_sessions
from assistant.storage.export import gather_patient_export
from assistant.patient_export import PatientExport
from assistant.storage import genetics
from assistant.storage import articles as article_store
from assistant.storage import results as result_store
from assistant.pgx import SUPPORTED_GENES, drugs_for_gene
from assistant.storage.models import as_utc, utcnow
from assistant.types import Answer, Citation, Principal, Role, Source

log = logging.getLogger(__name__)

TRANSCRIPT_MESSAGES = 12
MAX_REPLY_CHARS = 4000
LOGIN_FAILED = "unknown username or wrong password"
# Result categories a patient may ask to hold for clinician review before Tailor explains them.
HOLD_CATEGORIES = ("lab", "cancer_marker", "genetic")
EXTERNAL_LOGIN_FRESHNESS = timedelta(minutes=5)


@dataclass(frozen=True)
class LibraryArticle:
    """An article as the library shows it; `current_version` is None once it is retired."""

    article: Article
    current_version: int | None

    @property
    def is_current(self) -> bool:
        return self.current_version == self.article.version


@dataclass(frozen=True)
class ChatTurn:
    author: str
    text: str
    created_at: datetime
    citations: tuple[Citation, ...] = ()
    message_id: int | None = None
    reason: str | None = None  # the pipeline's reason on assistant messages ("pending_review" while held)
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
    def __init__(self, pipeline: AnswerPipeline, database: Database, *,
                 session_policy: SessionPolicy | None = None, retention_days: int = 365,
                 approval_topics: tuple[str, ...] = ()) -> None:
        self.pipeline = pipeline
        self.database = database
        self.session_policy = session_policy or SessionPolicy()
        self.retention_days = retention_days
        self.clock = utcnow  # replaced in tests to move time
        # Approval mode (docs/approval.md): answers on these topics wait for staff.
        self.approval_topics = validate_topics(approval_topics)

    @cached_property
    def ranges(self) -> ReferenceRangeTable:
        return ReferenceRangeTable.load()

    # --- authentication --------------------------------------------------------

    def login(self, username: str, password: str) -> Principal:
        """Check a password; repeated failures lock the account for a growing while.

        The attempt is recorded (and the failure counted) before any error is raised,
        so a denied login is never rolled back out of the audit trail.
        """
        now = self.clock()
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
                    principal = self._start_session(session, user, now)
            audit.record(session, "auth.login", actor_user_id=user.id if user else None,
                         outcome="ok" if ok else "locked" if locked else "denied")
        if principal is None:
            raise AuthenticationError(LOGIN_FAILED)
        return principal

    def login_external(self, issuer: str, subject: str, issued_at: datetime) -> Principal:
        """Log in a user the clinic's identity provider (OIDC, via st.login) has vouched for.

        Only accounts an administrator linked to that issuer and subject may enter, and
        only with a freshly issued identity: Streamlit's identity cookie outlives our
        sessions, and must not quietly reopen one that ended (idle or time limit).
        """
        now = self.clock()
        fresh = timedelta(0) <= now - as_utc(issued_at) <= EXTERNAL_LOGIN_FRESHNESS
        with self.database.session() as session:
            user = accounts.get_user_by_external_subject(session, issuer, subject) if fresh else None
            principal = self._start_session(session, user, now) if user is not None else None
            audit.record(session, "auth.login_oidc", actor_user_id=user.id if user else None,
                         outcome="ok" if principal else "denied")
        if principal is None:
            raise AuthenticationError("this clinic account is not linked to a Tailor account; ask the clinic")
        return principal

    def check_session(self, principal: Principal) -> Principal:
        """Raise SessionEndedError unless the caller's session is alive; counts as activity."""
        self._authenticated(principal)
        return principal

    def logout(self, principal: Principal) -> None:
        now = self.clock()
        with self.database.session() as session:
            row = user_sessions.get(session, token_hash(principal.session_token or ""))
            if row is not None and row.user_id == principal.user_id and row.ended_at is None:
                user_sessions.end(session, row, now, "logout")
                audit.record(session, "auth.logout", actor_user_id=principal.user_id)

    def logout_everywhere(self, principal: Principal) -> int:
        """End every session of the caller's account, on every device; returns how many."""
        self._authenticated(principal)
        with self.database.session() as session:
            count = user_sessions.end_all_for_user(session, principal.user_id, self.clock(), "logout_all")
            audit.record(session, "auth.logout_everywhere", actor_user_id=principal.user_id,
                         record_type="user", record_id=principal.user_id)
        return count

    def _start_session(self, session, user, now: datetime) -> Principal:
        token = new_token()
        user_sessions.start(session, token_hash(token), user.id, now, now + self.session_policy.absolute)
        return Principal(user.id, user.username, Role(user.role), user.patient_id, session_token=token)

    def _authenticated(self, principal: Principal, *, consent: bool = False) -> None:
        """The one gate every protected call passes: a live server-side session whose
        account still has the caller's role, and, where asked, the patient's consent."""
        now = self.clock()
        reason: str | None = "missing"
        consented = True
        with self.database.session() as session:
            row = user_sessions.get(session, token_hash(principal.session_token or ""))
            if row is not None and row.user_id == principal.user_id:
                reason = row.end_reason if row.ended_at else end_reason(
                    as_utc(row.last_seen_at), as_utc(row.expires_at), now, self.session_policy)
                if row.ended_at is None and reason is not None:
                    user_sessions.end(session, row, now, reason)
                    audit.record(session, "auth.session_end", actor_user_id=row.user_id, outcome=reason)
                elif reason is None:
                    user = accounts.get_user(session, row.user_id)
                    if user is None or (Role(user.role), user.patient_id) != (principal.role, principal.patient_id):
                        reason = "missing"
                    else:
                        row.last_seen_at = now
                        session.add(row)
                        consented = not consent or consents.has_accepted(session, user.id, CONSENT_VERSION)
        if reason is not None:
            raise SessionEndedError(ENDED_MESSAGES.get(reason, ENDED_MESSAGES["missing"]))
        if not consented:
            raise ConsentRequiredError("please read and accept how Tailor works before using it")

    # --- consent ---------------------------------------------------------------

    def disclosure(self, principal: Principal) -> Disclosure:
        """What a patient must read and accept before the first question."""
        self._own_patient(principal, consent=False)
        with self.database.session() as session:
            accepted = consents.has_accepted(session, principal.user_id, CONSENT_VERSION)
        return Disclosure(CONSENT_VERSION, disclosure_paragraphs(self.retention_days), accepted)

    def accept_disclosure(self, principal: Principal, version: str) -> None:
        self._own_patient(principal, consent=False)
        if version != CONSENT_VERSION:
            raise InputError("the disclosure has changed; please read the current one")
        with self.database.session() as session:
            if not consents.has_accepted(session, principal.user_id, version):
                consents.accept(session, principal.user_id, version, self.clock())
                audit.record(session, "consent.accept", actor_user_id=principal.user_id,
                             record_type="consent", record_id=version)

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
        result = self.pipeline.run(
            question, patient_results=self._results_lookup(patient_id), pseudonyms=pseudonyms,
            patient_genetics=self._genetics_lookup(patient_id))
        answer = result.answer
        held_for = held_topics(answer, answer_topics(answer, self.pipeline.articles, result.trace.used_genetics),
                               self.approval_topics)
        shown = approval_queue.as_held(answer) if held_for else answer
        with self.database.session() as session:
            conversation = conversations.get_or_start_conversation(session, patient_id)
            conversations.add_message(
                session, conversation.id, "patient", answer.question_deidentified,
                triage_level=answer.triage.level.value,
            )
            message = conversations.add_message(
                session, conversation.id, "assistant", shown.answer,
                confidence=answer.confidence, reason=shown.reason, citations=shown.citations,
            )
            if held_for:
                approval_queue.hold(session, message.id, patient_id, held_for, answer, actor_user_id)
            audit.record(session, "chat.ask", actor_user_id=actor_user_id,
                         record_type="message", record_id=message.id)
            reason = reason_for_triage(answer.triage.level)
            if reason is not None:
                self._escalate(session, actor_user_id, patient_id, conversation.id, reason,
                               ",".join(answer.triage.reasons))
        log.info("question_answered", extra=_answer_fields(shown))
        return shown

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
                message.id,
                message.reason,
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

    # --- patient rights, retention, audit ---------------------------------------

    def export_my_data(self, principal: Principal) -> PatientExport:
        """Everything held about the caller (works before consent, too); audited."""
        patient_id = self._own_patient(principal, consent=False)
        with self.database.session() as session:
            export = gather_patient_export(session, principal.user_id, patient_id, self.clock())
            audit.record(session, "patient.export", actor_user_id=principal.user_id,
                         record_type="patient", record_id=patient_id)
        return export

    def delete_my_conversations(self, principal: Principal) -> int:
        """Delete the caller's conversations (escalations stay with the care team); audited."""
        patient_id = self._own_patient(principal, consent=False)
        with self.database.session() as session:
            deleted, _messages = retention.delete_conversations(
                session, retention.conversations_of_patient(session, patient_id))
            audit.record(session, "patient.delete_conversations", actor_user_id=principal.user_id,
                         record_type="patient", record_id=patient_id)
        return deleted

    def purge_expired_conversations(self, *, dry_run: bool = False) -> PurgeReport:
        """The retention schedule; see the module-level function the operator's shell runs."""
        return purge_expired_conversations(self.database, self.retention_days, self.clock(), dry_run=dry_run)

    def search_audit(self, principal: Principal, query: audit.AuditQuery) -> list[AuditEntry]:
        """Staff and admins search the audit trail; the search itself is audited."""
        self._require(principal, STAFF_ROLES)
        if not 1 <= query.limit <= 1000:
            raise InputError("the limit must be between 1 and 1000")
        with self.database.session() as session:
            rows = audit.search(session, query)
            audit.record(session, "audit.search", actor_user_id=principal.user_id)
        return [AuditEntry(e.id, as_utc(e.at), username, e.action, e.record_type, e.record_id, e.outcome)
                for e, username in rows]

    def verify_audit_chain(self, principal: Principal | None = None) -> audit.ChainReport:
        """Admins (or the operator's `tailor audit verify`) check the hash chain."""
        if principal is not None:
            self._require(principal, {Role.ADMIN})
        with self.database.session() as session:
            report = audit.verify_chain(session)
            audit.record(session, "audit.verify", actor_user_id=principal.user_id if principal else None,
                         outcome="ok" if report.ok else "tampered")
        return report
    # --- preview, approval mode, feedback (issue 8; logic in their own modules) ---
    # Each call first passes the session gate; the modules then check role and ownership.

    def preview_patients(self, principal: Principal) -> list[preview.PreviewPatient]:
        self._authenticated(principal)
        return preview.patients(self, principal)

    def preview(self, principal: Principal, question: str, patient_id: str | None = None) -> preview.Preview:
        """Staff: what `patient_id` (or anyone, with None) would get, and why. Audited, never stored."""
        self._authenticated(principal)
        return preview.run(self, principal, question, patient_id)

    def held_answers(self, principal: Principal) -> list[approval_queue.HeldAnswer]:
        self._authenticated(principal)
        return approval_queue.queue(self, principal)

    def approve_answer(self, principal: Principal, held_id: int, expected_version: int) -> None:
        self._authenticated(principal)
        approval_queue.approve(self, principal, held_id, expected_version)

    def edit_answer(self, principal: Principal, held_id: int, expected_version: int, text: str) -> None:
        self._authenticated(principal)
        approval_queue.edit(self, principal, held_id, expected_version, text)

    def replace_answer(self, principal: Principal, held_id: int, expected_version: int, reply: str) -> None:
        self._authenticated(principal)
        approval_queue.replace(self, principal, held_id, expected_version, reply)

    def rate_answer(self, principal: Principal, message_id: int, helpful: bool,
                    reason: str | None = None, comment: str | None = None) -> None:
        self._authenticated(principal, consent=principal.role is Role.PATIENT)
        feedback.rate(self, principal, message_id, helpful, reason, comment)

    def my_ratings(self, principal: Principal, message_ids: list[int]) -> dict[int, bool]:
        self._authenticated(principal, consent=principal.role is Role.PATIENT)
        return feedback.my_ratings(self, principal, message_ids)

    def gaps_report(self, principal: Principal) -> feedback.GapsReport:
        self._authenticated(principal)
        return feedback.gaps_report(self, principal)

    def gaps_csv(self, principal: Principal) -> str:
        self._authenticated(principal)
        return feedback.gaps_csv(self, principal)

    # --- library (public content: no patient data, so no role check) ----------

    def list_articles(self) -> list[Article]:
        return sorted(self.pipeline.articles.values(), key=lambda article: article.title)

    def library_article(self, article_id: str, version: int | None = None) -> LibraryArticle:
        """An article for the library: the live version, or the version an answer cited.

        A cited version stays readable after a newer one is published or the article is
        retired, so a patient can see the text an old answer quoted. Versions that were
        never published (drafts, rejected ones) are not shown.
        """
        live = self.pipeline.articles.get(article_id)
        if version is None or (live is not None and live.version == version):
            return LibraryArticle(self.get_article(article_id), live.version if live else None)
        from assistant.editorial import version_article

        with self.database.session() as session:
            row = article_store.get_version(session, article_id, version)
            if row.published_at is None:
                raise NotFoundError(f"version {version} of article '{article_id}' was never published")
            return LibraryArticle(version_article(row), live.version if live else None)

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

        return EditorialDesk(self.database, self.pipeline, authenticate=self._authenticated)

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

    def _require(self, principal: Principal, allowed: Collection[Role]) -> None:
        self._authenticated(principal)
        require(principal, allowed, "do this")

    def _own_patient(self, principal: Principal, *, consent: bool = True) -> str:
        """The caller's own patient id; patients only, and (by default) after consent."""
        if principal.role is not Role.PATIENT or not principal.patient_id:
            self._authenticated(principal)
            raise AuthorizationError("only a patient can do this, for their own records")
        self._authenticated(principal, consent=consent)
        return principal.patient_id


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    conversations: int
    messages: int
    dry_run: bool = False


def purge_expired_conversations(database: Database, retention_days: int, now: datetime | None = None, *,
                                dry_run: bool = False) -> PurgeReport:
    """`tailor purge` (an operator's scheduled job, no caller to check): delete conversations
    idle for longer than the retention period. Needs no models, so it loads none."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    with database.session() as session:
        ids = retention.conversations_idle_since(session, cutoff)
        if dry_run:
            return PurgeReport(cutoff, len(ids), 0, dry_run=True)
        conversations_deleted, messages_deleted = retention.delete_conversations(session, ids)
        audit.record(session, "retention.purge", record_type="conversations", record_id=conversations_deleted)
    return PurgeReport(cutoff, conversations_deleted, messages_deleted)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str | None
    action: str
    record_type: str | None
    record_id: str | None
    outcome: str


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
