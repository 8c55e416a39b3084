"""The service layer: what pages and the CLI call. Authorization lives here.

Every method takes the calling `Principal` (or authenticates one) and opens one
database unit of work; nothing here holds a session between calls.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from assistant.errors import AuthenticationError, AuthorizationError, NotFoundError
from assistant.passwords import verify_password
from assistant.retrieval.loader import Article
from assistant.pipeline import AnswerPipeline, PipelineResult, StageTimings
from assistant.storage import Database
from assistant.storage import accounts, audit, conversations, escalations
from assistant.storage.models import as_utc
from assistant.types import Answer, Citation, Principal, Role, Source, TriageLevel

log = logging.getLogger(__name__)

TRANSCRIPT_MESSAGES = 12
AUTO_ESCALATE = {TriageLevel.EMERGENCY, TriageLevel.URGENT}
STAFF_ROLES = {Role.STAFF, Role.ADMIN}


@dataclass(frozen=True)
class ChatTurn:
    author: str
    text: str
    created_at: datetime
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class EscalationView:
    id: int
    patient_pseudonym: str
    reason: str
    transcript: str
    created_at: datetime


class TailorService:
    def __init__(self, pipeline: AnswerPipeline, database: Database) -> None:
        self.pipeline = pipeline
        self.database = database

    # --- authentication --------------------------------------------------------

    def login(self, username: str, password: str) -> Principal:
        with self.database.session() as session:
            user = accounts.get_user_by_username(session, username.strip())
            ok = verify_password(user.password_hash if user else None, password)
            audit.record(
                session,
                "auth.login",
                actor_user_id=user.id if user else None,
                outcome="ok" if ok else "denied",
            )
            if not ok or user is None:
                raise AuthenticationError("unknown username or wrong password")
            return Principal(user.id, user.username, Role(user.role), user.patient_id)

    # --- patients --------------------------------------------------------------

    def answer_question(self, question: str, timings: StageTimings | None = None) -> PipelineResult:
        """Answer without storing anything (CLI without a patient, benchmark)."""
        result = self.pipeline.run(question, timings)
        log.info("question_answered", extra=_answer_fields(result.answer))
        return result

    def ask(self, principal: Principal, question: str) -> Answer:
        return self._ask_and_store(self._own_patient(principal), question, principal.user_id)

    def ask_as_operator(self, patient_id: str, question: str) -> Answer:
        """The shell's `tailor ask --patient`: a local operator asking on a patient's behalf."""
        with self.database.session() as session:
            if accounts.get_patient(session, patient_id) is None:
                raise NotFoundError(f"patient '{patient_id}' does not exist")
        return self._ask_and_store(patient_id, question, None)

    def _ask_and_store(self, patient_id: str, question: str, actor_user_id: int | None) -> Answer:
        answer = self.pipeline.run(question).answer
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
            if answer.triage.level in AUTO_ESCALATE:
                self._escalate(session, actor_user_id, patient_id, conversation.id, answer.reason)
        log.info("question_answered", extra=_answer_fields(answer))
        return answer

    def conversation(self, principal: Principal) -> list[ChatTurn]:
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            conversation = conversations.latest_conversation(session, patient_id)
            if conversation is None:
                return []
            rows = conversations.messages_with_citations(session, conversation.id)
            audit.record(session, "chat.view", actor_user_id=principal.user_id,
                         record_type="conversation", record_id=conversation.id)
        return [
            ChatTurn(
                message.author,
                message.text_deidentified,
                as_utc(message.created_at),
                tuple(_citation_value(c) for c in cites),
            )
            for message, cites in rows
        ]

    def escalate(self, principal: Principal, reason: str = "patient_request") -> int:
        """File the patient's current conversation (de-identified) for the care team."""
        patient_id = self._own_patient(principal)
        with self.database.session() as session:
            conversation = conversations.latest_conversation(session, patient_id)
            return self._escalate(
                session, principal.user_id, patient_id, conversation.id if conversation else None, reason
            )

    # --- staff -----------------------------------------------------------------

    def open_escalations(self, principal: Principal) -> list[EscalationView]:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            rows = escalations.list_escalations(session, "open")
            audit.record(session, "escalation.list", actor_user_id=principal.user_id)
        return [
            EscalationView(e.id, pseudonym, e.reason, e.transcript_deidentified, as_utc(e.created_at))
            for e, pseudonym in rows
        ]

    def mark_escalation_handled(self, principal: Principal, escalation_id: int) -> None:
        self._require(principal, STAFF_ROLES)
        with self.database.session() as session:
            if escalations.mark_handled(session, escalation_id, principal.user_id) is None:
                raise NotFoundError(f"escalation {escalation_id} does not exist")
            audit.record(session, "escalation.handled", actor_user_id=principal.user_id,
                         record_type="escalation", record_id=escalation_id)

    # --- library (public content: no patient data, so no role check) ----------

    def list_articles(self) -> list[Article]:
        return sorted(self.pipeline.articles.values(), key=lambda article: article.title)

    def get_article(self, article_id: str) -> Article:
        article = self.pipeline.articles.get(article_id)
        if article is None:
            raise NotFoundError(f"article '{article_id}' does not exist")
        return article

    # --- helpers ---------------------------------------------------------------

    def _escalate(self, session, actor_user_id: int | None, patient_id: str,
                  conversation_id: int | None, reason: str) -> int:
        transcript = ""
        if conversation_id is not None:
            rows = conversations.messages_with_citations(session, conversation_id)
            transcript = "\n".join(
                f"{message.author.capitalize()}: {message.text_deidentified}"
                for message, _ in rows[-TRANSCRIPT_MESSAGES:]
            )
        escalation = escalations.open_escalation(session, patient_id, conversation_id, reason, transcript)
        audit.record(session, "escalation.open", actor_user_id=actor_user_id,
                     record_type="escalation", record_id=escalation.id)
        log.info("escalation_opened", extra={"escalation_id": escalation.id, "reason": reason})
        return escalation.id

    @staticmethod
    def _require(principal: Principal, roles: set[Role]) -> None:
        if principal.role not in roles:
            raise AuthorizationError(f"the {principal.role.value} role cannot do this")

    def _own_patient(self, principal: Principal) -> str:
        if principal.role is not Role.PATIENT or not principal.patient_id:
            raise AuthorizationError("only a patient can use the patient chat")
        return principal.patient_id


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
