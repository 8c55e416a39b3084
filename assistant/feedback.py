"""Patients' ratings of answers, and the editors' gaps report built from them.

`TailorService` delegates here. A patient rates only their own assistant answers
(free text is de-identified before storage); editors and admins read the report of
abstained, declined and thumbs-down questions (de-identified text only) grouped by
topic, and export it as CSV. Staff do not get the report: it is for fixing content.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from assistant import roles
from assistant.csv_cells import formula_safe
from assistant.errors import InputError, NotFoundError
from assistant.storage import audit
from assistant.storage import feedback as feedback_store
from assistant.topics import OTHER_TOPIC, cited_article_tags, primary_topic, topics_for
from assistant.types import Principal

# Why an answer did not help; the patient picks at most one.
REASONS = {
    "not_relevant": "It did not answer my question",
    "hard_to_read": "Hard to understand",
    "incomplete": "Missing information",
    "incorrect": "Seems wrong or out of date",
    "other": "Something else",
}
MAX_COMMENT_CHARS = 500
# Assistant messages that mean Tailor could not (abstained) or would not (declined) answer.
GAP_KINDS = {"low_confidence": "abstained", "medication_question": "declined"}
CSV_COLUMNS = ("topic", "kind", "asked_on", "question_deidentified", "rating", "rating_reason",
               "comment_deidentified", "confidence", "cited_articles", "article_links")


@dataclass(frozen=True)
class GapItem:
    topic: str
    kind: str  # abstained | declined | thumbs_down
    asked_on: date
    question: str  # de-identified
    rating: str | None  # up | down | None
    rating_reason: str | None
    comment: str | None  # de-identified
    confidence: float | None
    cited_articles: tuple[tuple[str, str, str], ...]  # (article id, title, link)
    nearest_article: tuple[str, str, str] | None  # for an abstention: the closest article, if any


@dataclass(frozen=True)
class GapsReport:
    items: tuple[GapItem, ...]

    def to_csv(self) -> str:
        return report_csv(self)

    def by_topic(self) -> dict[str, list[GapItem]]:
        grouped: dict[str, list[GapItem]] = {}
        for item in sorted(self.items, key=lambda item: (item.topic == OTHER_TOPIC, item.topic)):
            grouped.setdefault(item.topic, []).append(item)
        return grouped


def rate(service, principal: Principal, message_id: int, helpful: bool, reason: str | None = None,
         comment: str | None = None) -> None:
    patient_id = roles.own_patient(principal, "rate answers")
    if reason is not None and reason not in REASONS:
        raise InputError(f"unknown feedback reason '{reason}'; choose one of {', '.join(REASONS)}")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT_CHARS:
        raise InputError(f"the comment is too long (limit {MAX_COMMENT_CHARS} characters)")
    with service.database.session() as session:
        _own_answer(session, message_id, patient_id)
    # The comment is the patient's own words: de-identified before it is stored.
    comment_deidentified = service.pipeline.deidentifier.run(comment).text if comment else None
    with service.database.session() as session:
        _own_answer(session, message_id, patient_id)
        feedback_store.rate(session, message_id, patient_id, helpful, reason, comment_deidentified)
        audit.record(session, f"feedback.{'up' if helpful else 'down'}", actor_user_id=principal.user_id,
                     record_type="message", record_id=message_id)


def my_ratings(service, principal: Principal, message_ids: list[int]) -> dict[int, bool]:
    """message id -> helpful, for the caller's own rated answers among `message_ids`."""
    patient_id = roles.own_patient(principal, "see their ratings")
    with service.database.session() as session:
        ratings = feedback_store.ratings_for(session, message_ids)
    return {message_id: row.helpful for message_id, row in ratings.items() if row.patient_id == patient_id}


def gaps_report(service, principal: Principal) -> GapsReport:
    roles.require(principal, roles.EDITOR_ROLES, "read the gaps report")
    with service.database.session() as session:
        rows = feedback_store.gaps(session, list(GAP_KINDS))
        audit.record(session, "gaps.view", actor_user_id=principal.user_id)
    nearest: dict[str, tuple[str, str, str] | None] = {}  # one search per distinct question
    return GapsReport(tuple(_item(service, row, nearest) for row in rows))


def gaps_csv(service, principal: Principal) -> str:
    """The gaps report as CSV (de-identified text only; no patient ids or pseudonyms)."""
    report = gaps_report(service, principal)
    with service.database.session() as session:
        audit.record(session, "gaps.export", actor_user_id=principal.user_id)
    return report_csv(report)


def report_csv(report: GapsReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for topic, items in report.by_topic().items():
        for item in items:
            articles = item.cited_articles or ((item.nearest_article,) if item.nearest_article else ())
            writer.writerow([
                topic, item.kind, item.asked_on.isoformat(), formula_safe(item.question), item.rating or "",
                item.rating_reason or "", formula_safe(item.comment or ""),
                "" if item.confidence is None else f"{item.confidence:.3f}",
                ";".join(article_id for article_id, _, _ in articles),
                ";".join(link for _, _, link in articles),
            ])
    return buffer.getvalue()


def _own_answer(session, message_id: int, patient_id: str) -> None:
    found = feedback_store.message_owner(session, message_id)
    if found is None or found[1] != patient_id or found[0].author != "assistant" or found[0].reason == "pending_review":
        # Same answer for someone else's message as for a missing one.
        raise NotFoundError(f"answer {message_id} does not exist or cannot be rated")


def _nearest_article(service, question: str) -> tuple[str, str, str] | None:
    passages = service.pipeline.retriever.run(question, top_k=1)
    if not passages:
        return None
    chunk = passages[0].chunk
    return chunk.article_id, chunk.article_title, service.pipeline.composer.article_url(chunk.article_id)


def _item(service, row, nearest_cache: dict) -> GapItem:
    articles = service.pipeline.articles
    link = service.pipeline.composer.article_url
    cited = tuple((a, articles[a].title if a in articles else a, link(a)) for a in row.cited_article_ids)
    nearest = None
    tags = cited_article_tags(row.cited_article_ids, articles)
    if not cited and row.question_deidentified:
        # Nothing was cited: group by the article that came closest, so the editor knows where to look.
        question = row.question_deidentified
        if question not in nearest_cache:
            nearest_cache[question] = _nearest_article(service, question)
        nearest = nearest_cache[question]
        if nearest is not None:
            tags = cited_article_tags([nearest[0]], articles)
    rating = row.feedback
    kind = GAP_KINDS.get(row.message.reason or "", "thumbs_down")
    return GapItem(
        topic=primary_topic(topics_for(tags)), kind=kind,
        asked_on=row.message.created_at.date(), question=row.question_deidentified,
        rating=None if rating is None else ("up" if rating.helpful else "down"),
        rating_reason=rating.reason if rating else None, comment=rating.comment_deidentified if rating else None,
        confidence=row.message.confidence, cited_articles=cited, nearest_article=nearest,
    )
