"""Knowledge-base articles, their versions and reviews (the editorial record)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from assistant.errors import ConflictError, NotFoundError
from assistant.storage.models import (
    KnowledgeArticle,
    KnowledgeArticleVersion,
    KnowledgeReview,
    utcnow,
)


def count_articles(session: Session) -> int:
    return len(session.exec(select(KnowledgeArticle.id)).all())


def get_article(session: Session, article_id: str) -> KnowledgeArticle:
    article = session.get(KnowledgeArticle, article_id)
    if article is None:
        raise NotFoundError(f"article '{article_id}' does not exist")
    return article


def find_article(session: Session, article_id: str) -> KnowledgeArticle | None:
    return session.get(KnowledgeArticle, article_id)


def all_articles(session: Session) -> list[KnowledgeArticle]:
    return list(session.exec(select(KnowledgeArticle).order_by(col(KnowledgeArticle.id))).all())


def create_article(session: Session, article_id: str) -> KnowledgeArticle:
    article = KnowledgeArticle(id=article_id)
    session.add(article)
    session.flush()
    return article


def versions(session: Session, article_id: str) -> list[KnowledgeArticleVersion]:
    statement = (
        select(KnowledgeArticleVersion)
        .where(KnowledgeArticleVersion.article_id == article_id)
        .order_by(col(KnowledgeArticleVersion.number))
    )
    return list(session.exec(statement).all())


def latest_version(session: Session, article_id: str) -> KnowledgeArticleVersion | None:
    statement = (
        select(KnowledgeArticleVersion)
        .where(KnowledgeArticleVersion.article_id == article_id)
        .order_by(col(KnowledgeArticleVersion.number).desc())
    )
    return session.exec(statement).first()


def get_version(session: Session, article_id: str, number: int) -> KnowledgeArticleVersion:
    statement = select(KnowledgeArticleVersion).where(
        KnowledgeArticleVersion.article_id == article_id, KnowledgeArticleVersion.number == number
    )
    version = session.exec(statement).first()
    if version is None:
        raise NotFoundError(f"article '{article_id}' has no version {number}")
    return version


def published_versions(session: Session) -> list[KnowledgeArticleVersion]:
    """The live version of every published article, by article id."""
    statement = (
        select(KnowledgeArticleVersion)
        .join(KnowledgeArticle, col(KnowledgeArticle.id) == col(KnowledgeArticleVersion.article_id))
        .where(
            KnowledgeArticle.status == "published",
            col(KnowledgeArticleVersion.number) == col(KnowledgeArticle.published_version),
        )
        .order_by(col(KnowledgeArticleVersion.article_id))
    )
    return list(session.exec(statement).all())


def retired_article_ids(session: Session, article_ids: set[str] | None = None) -> set[str]:
    statement = select(KnowledgeArticle.id).where(KnowledgeArticle.status == "retired")
    if article_ids is not None:
        if not article_ids:
            return set()
        statement = statement.where(col(KnowledgeArticle.id).in_(sorted(article_ids)))
    return set(session.exec(statement).all())


def add_version(session: Session, version: KnowledgeArticleVersion) -> KnowledgeArticleVersion:
    """Store a new version; earlier versions still awaiting review are superseded by it."""
    session.exec(
        update(KnowledgeArticleVersion)
        .where(
            col(KnowledgeArticleVersion.article_id) == version.article_id,
            col(KnowledgeArticleVersion.state) == "pending",
        )
        .values(state="superseded")
    )
    session.add(version)
    session.flush()
    return version


def claim_article(session: Session, article_id: str, expected_revision: int) -> KnowledgeArticle:
    """Take the article for this unit of work (a conditional update), or raise ConflictError.

    Two reviewers publishing at once, or a save racing a publish: the second one finds
    `revision` changed and must reload.
    """
    result = session.exec(
        update(KnowledgeArticle)
        .where(col(KnowledgeArticle.id) == article_id, col(KnowledgeArticle.revision) == expected_revision)
        .values(revision=expected_revision + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise ConflictError(f"article '{article_id}' was changed by someone else; reload and try again")
    article = get_article(session, article_id)
    session.refresh(article)
    return article


def publish(session: Session, article: KnowledgeArticle, version: KnowledgeArticleVersion) -> None:
    now = utcnow()
    if article.published_version is not None and article.published_version != version.number:
        previous = get_version(session, article.id, article.published_version)
        previous.state = "superseded"
        session.add(previous)
    version.state, version.published_at = "published", now
    article.status, article.published_version = "published", version.number
    article.retired_at = article.retired_by = None
    session.add(version)
    session.add(article)
    session.flush()


def retire(session: Session, article: KnowledgeArticle, user_id: int | None) -> None:
    article.status, article.retired_at, article.retired_by = "retired", utcnow(), user_id
    session.add(article)
    session.flush()


def add_review(session: Session, review: KnowledgeReview) -> KnowledgeReview:
    session.add(review)
    session.flush()
    return review


def reviews(session: Session, article_id: str) -> list[tuple[KnowledgeReview, int]]:
    """(review, version number) for every decision on the article, oldest first."""
    statement = (
        select(KnowledgeReview, KnowledgeArticleVersion.number)
        .join(KnowledgeArticleVersion, col(KnowledgeArticleVersion.id) == col(KnowledgeReview.version_id))
        .where(KnowledgeArticleVersion.article_id == article_id)
        .order_by(col(KnowledgeReview.id))
    )
    return [(review, number) for review, number in session.exec(statement).all()]
