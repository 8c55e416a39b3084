"""Editing the knowledge base safely: versions, a second person's approval, the live index.

The database is the record of every article version and of which one is live; the
running pipeline's index is rebuilt incrementally and swapped in when an article is
published or retired, without a restart. See docs/editorial.md for the whole design.

Roles: editors and admins write (save, roll back, retire); editors, staff and admins
review, but never their own version. Every action writes an audit event with ids and
version numbers only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import datetime as dt
import difflib
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from assistant.answer_scoring import load_eval_set
from assistant.compose import ExtractiveComposer
from assistant.errors import (
    AuthorizationError,
    ConfigurationError,
    ConflictError,
    InputError,
    KnowledgeBaseError,
    PublishBlockedError,
)
from assistant.kb_check import Finding, check_article
from assistant.pipeline import AnswerPipeline
from assistant.publish_gate import GateReport, PublishGate
from assistant.readability import flesch_kincaid_grade, plain_text
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.index import BuildReport, SearchIndex, build_incremental
from assistant.retrieval.loader import Article, article_from_parts
from assistant.roles import EDITOR_ROLES, REVIEWER_ROLES, require
from assistant.storage import Database, accounts, audit
from assistant.storage import articles as store
from assistant.storage.models import KnowledgeArticleVersion, KnowledgeReview, as_utc
from assistant.types import Principal, Role, Source

log = logging.getLogger(__name__)

DEFAULT_REVIEWED_BY = "Tailor clinical content team"
BASELINE_AUTHOR = "knowledge/ baseline"
MIN_OVERRIDE_REASON_CHARS = 10
FRONT_MATTER_ORDER = ("id", "title", "summary", "sources", "reviewed_by", "reviewed_on", "version", "tags")


# --- values ---------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleDraft:
    """What the editor form holds: front matter and markdown body."""

    article_id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    body: str
    reviewed_by: str = DEFAULT_REVIEWED_BY


@dataclass(frozen=True)
class DraftCheck:
    """The `tailor kb check` findings for a draft, and its reading grades."""

    findings: tuple[Finding, ...]
    reading_grade: float
    summary_grade: float

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class VersionView:
    article_id: str
    number: int
    title: str
    summary: str
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    body: str
    reviewed_by: str
    state: str  # pending | published | superseded | rejected
    origin: str  # seed | edit | import | rollback
    based_on: int | None
    author: str
    author_user_id: int | None
    created_at: datetime
    reading_grade: float

    def as_draft(self) -> ArticleDraft:
        return ArticleDraft(self.article_id, self.title, self.summary, self.sources, self.tags, self.body,
                            self.reviewed_by)


@dataclass(frozen=True)
class ArticleStatus:
    article_id: str
    title: str
    status: str  # draft | published | retired
    published_version: int | None
    latest_version: int
    latest_state: str
    revision: int


@dataclass(frozen=True)
class ReviewView:
    version: int
    reviewer: str
    decision: str
    regressions: int
    override_reason: str | None
    created_at: datetime


@dataclass(frozen=True)
class PublishResult:
    article_id: str
    version: int
    report: GateReport
    build: BuildReport
    overridden: bool


@dataclass
class _Candidate:
    """A gate run's candidate index, reusable by the approval that follows it."""

    key: tuple[int, str]  # (version row id, live kb_version)
    articles: list[Article]
    index: SearchIndex
    build: BuildReport
    report: GateReport


# --- conversions ----------------------------------------------------------------


def normalise_body(body: str) -> str:
    return body.replace("\r\n", "\n").strip()


def _front_matter(article_id: str, title: str, summary: str, sources, reviewed_by: str,
                  reviewed_on: dt.date, version: int, tags) -> dict:
    return {
        "id": article_id,
        "title": title,
        "summary": summary,
        "sources": [{"title": source.title, "url": source.url} for source in sources],
        "reviewed_by": reviewed_by,
        "reviewed_on": reviewed_on,
        "version": version,
        "tags": list(tags),
    }


def draft_article(draft: ArticleDraft, version: int, reviewed_on: dt.date) -> Article:
    """Validate a draft exactly as a file in knowledge/ is validated (raises KnowledgeBaseError)."""
    metadata = _front_matter(draft.article_id, draft.title.strip(), draft.summary.strip(), draft.sources,
                             draft.reviewed_by.strip(), reviewed_on, version, draft.tags)
    return article_from_parts(metadata, normalise_body(draft.body), Path(f"{draft.article_id or 'untitled'}.md"))


def version_article(row: KnowledgeArticleVersion) -> Article:
    return Article(
        id=row.article_id, title=row.title, summary=row.summary, sources=_sources(row.sources_json),
        reviewed_by=row.reviewed_by, reviewed_on=row.reviewed_on, version=row.number,
        tags=tuple(json.loads(row.tags_json)), body=row.body, path=Path(f"{row.article_id}.md"),
    )


def to_markdown(article: Article) -> str:
    """The article as a knowledge/ file: YAML front matter, then the markdown body."""
    metadata = _front_matter(article.id, article.title, article.summary, article.sources, article.reviewed_by,
                             article.reviewed_on, article.version, article.tags)
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{header}---\n{normalise_body(article.body)}\n"


def _sources(sources_json: str) -> tuple[Source, ...]:
    return tuple(Source(**source) for source in json.loads(sources_json))


def content_hash(article: Article) -> str:
    payload = json.dumps([article.title, article.summary, [s.__dict__ for s in article.sources], list(article.tags),
                          article.reviewed_by, normalise_body(article.body)], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def version_row(article: Article, number: int, origin: str, author_user_id: int | None,
                 based_on: int | None, state: str = "pending") -> KnowledgeArticleVersion:
    return KnowledgeArticleVersion(
        article_id=article.id, number=number, title=article.title, summary=article.summary,
        sources_json=json.dumps([s.__dict__ for s in article.sources], ensure_ascii=False),
        tags_json=json.dumps(list(article.tags), ensure_ascii=False), body=normalise_body(article.body),
        reviewed_by=article.reviewed_by, reviewed_on=article.reviewed_on, origin=origin, based_on=based_on,
        author_user_id=author_user_id, state=state, content_hash=content_hash(article),
    )


def check_draft_article(article: Article, known_ids: set[str], today: dt.date | None = None) -> DraftCheck:
    findings = check_article(article, known_ids | {article.id}, today)
    return DraftCheck(tuple(findings), flesch_kincaid_grade(plain_text(article.body)),
                      flesch_kincaid_grade(article.summary))


# --- the baseline and the published set (no principal: start-up and the CLI) --------


def seed_baseline(database: Database, articles: list[Article]) -> int:
    """On a database without articles, make `articles` (knowledge/) the published baseline.

    Each becomes its front-matter version (1 for every shipped article), published, with
    no author. Returns how many were seeded (0 when the database already has articles).
    """
    with database.session() as session:
        if store.count_articles(session):
            return 0
        for article in articles:
            record = store.create_article(session, article.id)
            row = store.add_version(session, version_row(article, article.version, "seed", None, None, "published"))
            store.publish(session, record, row)
            audit.record(session, "article.seed", record_type="kb_article_version", record_id=row.id)
    log.info("knowledge_base_seeded", extra={"articles": len(articles)})
    return len(articles)


def published_articles(database: Database) -> list[Article]:
    with database.session() as session:
        return [version_article(row) for row in store.published_versions(session)]


# --- the desk: what the editor and review pages call through the service ----------


class EditorialDesk:
    """Role-checked editorial actions on one database and one live pipeline."""

    def __init__(self, database: Database, pipeline: AnswerPipeline, *, index_dir: Path | None = None,
                 eval_set: Path | None = None, gate: PublishGate | None = None,
                 authenticate: Callable[[Principal], None] | None = None) -> None:
        self.database = database
        # The service's session gate (a live server-side session); every call passes it first.
        self._authenticate = authenticate
        self.pipeline = pipeline
        self.index_dir = index_dir  # where the live index is saved after a change (None: memory only)
        self.eval_set = eval_set
        self._gate = gate  # built from `eval_set` on first use; pass one to share its caches
        self._candidate: _Candidate | None = None
        # One publish, retire or gate run at a time in this process.
        self._lock = threading.RLock()
        self._seeded = False

    def _require(self, principal: Principal, allowed: Collection[Role]) -> None:
        if self._authenticate is not None:
            self._authenticate(principal)
        require(principal, allowed, "do this")

    # --- reading ------------------------------------------------------------------

    def articles(self, principal: Principal) -> list[ArticleStatus]:
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            result = []
            for record in store.all_articles(session):
                latest = store.latest_version(session, record.id)
                result.append(ArticleStatus(record.id, latest.title, record.status, record.published_version,
                                            latest.number, latest.state, record.revision))
        return sorted(result, key=lambda status: status.title.lower())

    def history(self, principal: Principal, article_id: str) -> list[VersionView]:
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            store.get_article(session, article_id)
            rows = store.versions(session, article_id)
            names = self._usernames(session, {row.author_user_id for row in rows})
            audit.record(session, "article.history", actor_user_id=principal.user_id,
                         record_type="kb_article", record_id=article_id)
        return [_version_view(row, names) for row in rows]

    def reviews(self, principal: Principal, article_id: str) -> list[ReviewView]:
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            rows = store.reviews(session, article_id)
            names = self._usernames(session, {review.reviewer_user_id for review, _ in rows})
        return [ReviewView(number, names.get(review.reviewer_user_id, "?"), review.decision, review.regressions,
                           review.override_reason, as_utc(review.created_at)) for review, number in rows]

    def diff(self, principal: Principal, article_id: str, from_version: int, to_version: int) -> str:
        """A unified diff of two versions as knowledge/ files (front matter and body)."""
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            old = version_article(store.get_version(session, article_id, from_version))
            new = version_article(store.get_version(session, article_id, to_version))
        return "".join(difflib.unified_diff(
            to_markdown(old).splitlines(keepends=True), to_markdown(new).splitlines(keepends=True),
            fromfile=f"{article_id} v{from_version}", tofile=f"{article_id} v{to_version}"))

    def check_draft(self, principal: Principal, draft: ArticleDraft) -> DraftCheck:
        """The `tailor kb check` findings and reading grades of an unsaved draft (the live meter)."""
        self._require(principal, EDITOR_ROLES)
        self._ensure_seeded()
        try:
            article = draft_article(draft, 1, dt.date.today())
        except KnowledgeBaseError as error:
            grade = flesch_kincaid_grade(plain_text(draft.body))
            return DraftCheck((Finding("error", draft.article_id, str(error)),), grade,
                              flesch_kincaid_grade(draft.summary))
        return check_draft_article(article, self._known_ids())

    # --- writing ------------------------------------------------------------------

    def save(self, principal: Principal, draft: ArticleDraft, based_on: int | None) -> VersionView:
        """Save a new version awaiting review. `based_on` is the version the editor started
        from (None for a new article); if someone saved since, ConflictError."""
        self._require(principal, EDITOR_ROLES)
        self._ensure_seeded()
        article = self._validated(draft)
        with self.database.session() as session:
            record = store.find_article(session, draft.article_id)
            latest = store.latest_version(session, draft.article_id) if record else None
            if based_on is None and record is not None:
                raise ConflictError(f"an article with id '{draft.article_id}' already exists; edit it instead")
            if record is not None and (latest is None or latest.number != based_on):
                raise ConflictError(
                    f"'{draft.article_id}' has a newer version (v{latest.number if latest else '?'}) than the "
                    f"v{based_on} you edited; reload it and apply your change again")
            if latest is not None and latest.content_hash == content_hash(article):
                raise InputError("nothing changed since the latest version")
            record = record or store.create_article(session, draft.article_id)
            number = (latest.number if latest else 0) + 1
            return self._add_version(session, principal, record, article.model_copy(update={"version": number}),
                                     "edit", based_on)

    def rollback(self, principal: Principal, article_id: str, to_version: int) -> VersionView:
        """A new version with the content of `to_version`; like any version it needs review."""
        self._require(principal, EDITOR_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            record = store.get_article(session, article_id)
            old = store.get_version(session, article_id, to_version)
            latest = store.latest_version(session, article_id)
            if latest.content_hash == old.content_hash:
                raise InputError(f"the latest version already has the content of v{to_version}")
            article = version_article(old).model_copy(
                update={"version": latest.number + 1, "reviewed_on": dt.date.today()})
            return self._add_version(session, principal, record, article, "rollback", to_version)

    def _add_version(self, session, principal: Principal, record, article: Article, origin: str,
                     based_on: int | None) -> VersionView:
        """Store `article` as the next version awaiting review, claim the article, audit it."""
        row = store.add_version(session, version_row(article, article.version, origin, principal.user_id, based_on))
        store.claim_article(session, record.id, record.revision)
        action = "article.save" if origin == "edit" else "article.rollback"
        audit.record(session, action, actor_user_id=principal.user_id,
                     record_type="kb_article_version", record_id=row.id)
        return _version_view(row, self._usernames(session, {principal.user_id}))

    def reject(self, principal: Principal, article_id: str, number: int) -> None:
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self.database.session() as session:
            record = store.get_article(session, article_id)
            row = self._reviewable(session, principal, article_id, number)
            row.state = "rejected"
            session.add(row)
            store.add_review(session, KnowledgeReview(version_id=row.id, reviewer_user_id=principal.user_id,
                                                      decision="rejected"))
            store.claim_article(session, record.id, record.revision)
            audit.record(session, "article.reject", actor_user_id=principal.user_id,
                         record_type="kb_article_version", record_id=row.id)

    # --- the gate, publishing and retiring ------------------------------------------

    def gate(self, principal: Principal, article_id: str, number: int) -> GateReport:
        """Run the answer set against a candidate index holding this version (not yet live)."""
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        with self._lock:
            with self.database.session() as session:
                row = store.get_version(session, article_id, number)
            candidate = self._candidate_for(row)
            with self.database.session() as session:
                audit.record(session, "article.gate", actor_user_id=principal.user_id,
                             record_type="kb_article_version", record_id=row.id,
                             outcome="ok" if candidate.report.passed else "regression")
            return candidate.report

    def approve(self, principal: Principal, article_id: str, number: int,
                override_reason: str | None = None) -> PublishResult:
        """A second person approves a version; it passes the gate (or is overridden) and goes live."""
        self._require(principal, REVIEWER_ROLES)
        self._ensure_seeded()
        reason = (override_reason or "").strip() or None
        with self._lock:
            with self.database.session() as session:
                row = self._reviewable(session, principal, article_id, number)
            candidate = self._candidate_for(row)
            report = candidate.report
            if not report.passed and reason is None:
                with self.database.session() as session:
                    audit.record(session, "article.publish", actor_user_id=principal.user_id,
                                 record_type="kb_article_version", record_id=row.id, outcome="blocked")
                raise PublishBlockedError(
                    f"publishing v{number} of '{article_id}' is blocked: {len(report.regressions)} answer(s) "
                    "regressed; fix the article, or override with a reason", report)
            if reason is not None and len(reason) < MIN_OVERRIDE_REASON_CHARS:
                raise InputError(f"give a reason of at least {MIN_OVERRIDE_REASON_CHARS} characters for the override")
            overridden = not report.passed
            # Everything that can fail is built before the transaction; after it, only the swap.
            live_pair = self._search_pair(candidate.index, {a.id: a for a in candidate.articles},
                                          self.pipeline.search_components()[0].embedder)
            with self.database.session() as session:
                record = store.get_article(session, article_id)
                row = self._reviewable(session, principal, article_id, number)
                store.claim_article(session, record.id, record.revision)
                store.add_review(session, KnowledgeReview(
                    version_id=row.id, reviewer_user_id=principal.user_id, decision="approved",
                    regressions=len(report.regressions), override_reason=reason if overridden else None,
                    gate_json=json.dumps(report.summary())))
                store.publish(session, record, row)
                audit.record(session, "article.approve", actor_user_id=principal.user_id,
                             record_type="kb_article_version", record_id=row.id)
                if overridden:
                    audit.record(session, "article.publish_override", actor_user_id=principal.user_id,
                                 record_type="kb_article_version", record_id=row.id)
                audit.record(session, "article.publish", actor_user_id=principal.user_id,
                             record_type="kb_article_version", record_id=row.id)
            self._go_live(live_pair, candidate.index)
            self._candidate = None
        log.info("article_published", extra={"article_id": article_id, "version": number,
                                             "embedded_chunks": candidate.build.embedded_chunks})
        return PublishResult(article_id, number, report, candidate.build, overridden)

    def retire(self, principal: Principal, article_id: str) -> BuildReport:
        """Take an article out of retrieval now; old answers that cited it show it as retired."""
        self._require(principal, EDITOR_ROLES)
        self._ensure_seeded()
        with self._lock:
            articles = [a for a in self._live_articles() if a.id != article_id]
            retriever, _ = self.pipeline.search_components()
            index, build = build_incremental(articles, retriever.embedder, retriever.index)
            live_pair = self._search_pair(index, {a.id: a for a in articles}, retriever.embedder)
            with self.database.session() as session:
                record = store.get_article(session, article_id)
                if record.status != "published":
                    raise InputError(f"'{article_id}' is not published, so there is nothing to retire")
                store.claim_article(session, record.id, record.revision)
                store.retire(session, record, principal.user_id)
                audit.record(session, "article.retire", actor_user_id=principal.user_id,
                             record_type="kb_article", record_id=article_id)
            self._go_live(live_pair, index)
            self._candidate = None
        log.info("article_retired", extra={"article_id": article_id})
        return build

    # --- internals ----------------------------------------------------------------

    def _ensure_seeded(self) -> None:
        if not self._seeded:
            seed_baseline(self.database, self._live_articles())
            self._seeded = True

    def _live_articles(self) -> list[Article]:
        _, composer = self.pipeline.search_components()
        return sorted(composer.articles.values(), key=lambda article: article.id)

    def _known_ids(self) -> set[str]:
        with self.database.session() as session:
            return {record.id for record in store.all_articles(session)} | set(self.pipeline.articles)

    def _validated(self, draft: ArticleDraft) -> Article:
        try:
            article = draft_article(draft, 1, dt.date.today())
        except KnowledgeBaseError as error:
            raise InputError(str(error)) from error
        errors = check_draft_article(article, self._known_ids()).errors
        if errors:
            raise InputError("; ".join(finding.message for finding in errors))
        return article

    def _reviewable(self, session, principal: Principal, article_id: str, number: int) -> KnowledgeArticleVersion:
        row = store.get_version(session, article_id, number)
        if row.author_user_id == principal.user_id:
            raise AuthorizationError("you wrote this version; another editor or a staff reviewer must approve it")
        latest = store.latest_version(session, article_id)
        if row.number != latest.number:
            raise ConflictError(f"v{number} is not the latest version of '{article_id}' (v{latest.number} is)")
        if row.state != "pending":
            raise ConflictError(f"v{number} of '{article_id}' is {row.state}, not awaiting review")
        return row

    def _candidate_for(self, row: KnowledgeArticleVersion) -> _Candidate:
        retriever, composer = self.pipeline.search_components()
        live_key = retriever.index.manifest.kb_version
        key = (row.id, live_key)
        if self._candidate is not None and self._candidate.key == key:
            return self._candidate
        new = version_article(row)
        articles = sorted([a for a in self._live_articles() if a.id != new.id] + [new], key=lambda a: a.id)
        index, build = build_incremental(articles, retriever.embedder, retriever.index)
        gate = self._publish_gate()
        deidentifier, embedder = gate.caching(self.pipeline.deidentifier, retriever.embedder)
        live = self._gate_pipeline(retriever.index, composer.articles, deidentifier, embedder)
        trial = self._gate_pipeline(index, {a.id: a for a in articles}, deidentifier, embedder)
        report = gate.run(live, live_key, trial)
        self._candidate = _Candidate(key, articles, index, build, report)
        return self._candidate

    def _publish_gate(self) -> PublishGate:
        if self._gate is None:
            from assistant.config import get_settings

            path = self.eval_set or get_settings().answer_eval_set
            if not path.is_file():
                raise ConfigurationError(
                    f"the publish gate's answer set is missing at {path}; set TAILOR_ANSWER_EVAL_SET")
            self._gate = PublishGate(load_eval_set(path))
        return self._gate

    def _search_pair(self, index: SearchIndex, articles: dict[str, Article], embedder):
        retriever, composer = self.pipeline.search_components()
        return (
            HybridRetriever(index, embedder, retriever.rrf_k, rewrite=retriever.rewriter is not None),
            ExtractiveComposer(index, articles, composer.article_url, composer.min_similarity, composer.max_sentences,
                               ranker=composer.ranker),
        )

    def _gate_pipeline(self, index, articles, deidentifier, embedder) -> AnswerPipeline:
        retriever, composer = self._search_pair(index, articles, embedder)
        return AnswerPipeline(deidentifier, retriever, composer, catalog=self.pipeline.catalog,
                              top_k=self.pipeline.top_k, max_message_chars=self.pipeline.max_message_chars)

    def _go_live(self, pair: tuple[HybridRetriever, ExtractiveComposer], index: SearchIndex) -> None:
        self.pipeline.swap_search(*pair)
        if self.index_dir is not None:
            try:
                index.save(self.index_dir)  # a cache for the next start; the database is the record
            except OSError as error:
                log.warning("index_save_failed", extra={"error_type": type(error).__name__})

    @staticmethod
    def _usernames(session, user_ids: set[int | None]) -> dict[int, str]:
        names = {}
        for user_id in user_ids - {None}:
            user = accounts.get_user(session, user_id)
            names[user_id] = user.username if user else f"user {user_id}"
        return names


def _version_view(row: KnowledgeArticleVersion, names: dict[int, str]) -> VersionView:
    return VersionView(
        article_id=row.article_id, number=row.number, title=row.title, summary=row.summary,
        sources=_sources(row.sources_json), tags=tuple(json.loads(row.tags_json)), body=row.body,
        reviewed_by=row.reviewed_by, state=row.state, origin=row.origin, based_on=row.based_on,
        author=names.get(row.author_user_id, BASELINE_AUTHOR) if row.author_user_id else BASELINE_AUTHOR,
        author_user_id=row.author_user_id, created_at=as_utc(row.created_at),
        reading_grade=flesch_kincaid_grade(plain_text(row.body)),
    )


__all__ = [
    "ArticleDraft", "ArticleStatus", "DraftCheck", "EditorialDesk",
    "PublishResult", "ReviewView", "VersionView", "published_articles",
    "seed_baseline", "to_markdown",
]


def parse_sources(text: str) -> tuple[Source, ...]:
    """Sources from the editor's box: one `Title | https://url` per line."""
    sources = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, separator, url = line.rpartition("|")
        if not separator or not title.strip() or not url.strip():
            raise InputError(f"source line {line_number}: write it as 'Title | https://address'")
        sources.append(Source(title.strip(), url.strip()))
    return tuple(sources)


def format_sources(sources: tuple[Source, ...]) -> str:
    return "\n".join(f"{source.title} | {source.url}" for source in sources)


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))
