"""Wire the components together from settings. Heavy models load here, once."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from assistant.compose import ExtractiveComposer
from assistant.config import Settings, apply_offline_environment, get_settings
from assistant.pipeline import AnswerPipeline, article_url_factory
from assistant.privacy import Deidentifier
from assistant.results.catalog import default_catalog
from assistant.retrieval.answer_ranker import AnswerRanker
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.index import BuildReport, SearchIndex, build_or_load
from assistant.retrieval.loader import Article, load_knowledge_base
from assistant.production import check_production
from assistant.service import TailorService
from assistant.sessions import SessionPolicy
from assistant.storage import Database

log = logging.getLogger(__name__)


def settings_for_model(settings: Settings, model: str | None, index_dir: Path) -> Settings:
    """`settings` with another embedding model and its own index folder (for evaluations).

    The model's own calibrated threshold applies unless TAILOR_MIN_ANSWER_SIMILARITY is set.
    """
    if model is None:
        return settings
    from assistant.retrieval.models import packaged_model

    packaged_model(model)  # an unknown name fails here, before anything is built
    return settings.model_copy(update={"embedding_model": model, "index_dir": index_dir})


def build_index(
    settings: Settings, embedder: Embedder, *, force: bool = False, articles: list[Article] | None = None
) -> tuple[list[Article], SearchIndex, BuildReport]:
    """Index `articles` (default: the files in knowledge/); only changed chunks are embedded."""
    articles = articles if articles is not None else load_knowledge_base(settings.knowledge_dir)
    index, report = build_or_load(articles, embedder, settings.resolved_index_dir, force=force)
    return articles, index, report


def build_pipeline(
    settings: Settings,
    *,
    deidentifier: Deidentifier | None = None,
    embedder: Embedder | None = None,
    articles: list[Article] | None = None,
) -> AnswerPipeline:
    apply_offline_environment()
    embedder = embedder or Embedder(settings.embedding_model, cache_dir=settings.resolved_model_cache_dir)
    articles, index, _report = build_index(settings, embedder, articles=articles)
    ranker = AnswerRanker.load(settings.resolved_answer_ranker_dir)
    if ranker is None:
        # Answers still work, ranked as before the ranker; `tailor train-ranker` trains one.
        log.warning("answer_ranker_missing", extra={"directory": str(settings.resolved_answer_ranker_dir)})
    composer = ExtractiveComposer(
        index,
        {article.id: article for article in articles},
        article_url_factory(settings.public_base_url),
        min_similarity=settings.resolved_min_answer_similarity,
        max_sentences=settings.answer_max_sentences,
        ranker=ranker,
    )
    pipeline = AnswerPipeline(
        deidentifier or Deidentifier(settings.spacy_model, settings.deid_score_threshold),
        HybridRetriever(index, embedder, settings.rrf_k),
        composer,
        catalog=default_catalog(),
        top_k=settings.retrieval_top_k,
        max_message_chars=settings.max_message_chars,
    )
    pipeline.warm_up()
    return pipeline


def build_database(settings: Settings) -> Database:
    database = Database(settings.resolved_database_url)
    database.create_schema()
    return database


def live_articles(settings: Settings, database: Database) -> list[Article]:
    """The published articles: the database's, after seeding it from knowledge/ when it has none."""
    from assistant.editorial import published_articles, seed_baseline

    seed_baseline(database, load_knowledge_base(settings.knowledge_dir))
    return published_articles(database)


def build_service(settings: Settings | None = None, **components) -> TailorService:
    settings = settings or get_settings()
    database = build_database(settings)
    check_production(settings, database, settings.oidc_secrets_file)  # before any model loads
    components.setdefault("articles", live_articles(settings, database))
    service = TailorService(
        build_pipeline(settings, **components), database,
        session_policy=SessionPolicy(idle=timedelta(minutes=settings.session_idle_minutes),
                                     absolute=timedelta(hours=settings.session_absolute_hours)),
        retention_days=settings.conversation_retention_days,
        approval_topics=tuple(settings.approval_topics),
    )
    service.editorial.index_dir = settings.resolved_index_dir
    service.editorial.eval_set = settings.answer_eval_set
    return service
