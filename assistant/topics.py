"""Answer topics: which subject a question and its answer are about.

A topic is decided from what the answer rests on, never from the patient's words:

1. the tags of the articles the answer cites (an article tagged `brca` makes the
   answer a `cancer-risk` answer), and
2. the patient's own record the pipeline used: an answer that opened with the
   patient's pharmacogenomic results is a `genetic-results` answer, one that used
   lab results is a `lab-results` answer.

An answer can have several topics; the first in `TOPICS` order is its primary topic
(used to group the gaps report). An answer that cites nothing (Tailor abstained) is
grouped by the article that came closest (`nearest_article`), or `other`.
Pure: no storage, no models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.errors import ConfigurationError

OTHER_TOPIC = "other"


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    tags: frozenset[str]
    genetics_used: bool = False  # the answer used the patient's own gene results
    results_used: bool = False  # the answer used the patient's own lab results


# Ordered: the first matching topic is an answer's primary topic.
TOPICS: tuple[Topic, ...] = (
    Topic("genetic-results", "The patient's own or a genetic test's results, variants, VUS.",
          frozenset({"test-results", "vus", "genetic-testing", "carrier-screening"}),
          genetics_used=True),
    Topic("cancer-risk", "Hereditary cancer, cancer screening and cancer markers.",
          frozenset({"cancer", "hereditary-cancer", "brca", "lynch-syndrome", "colorectal-cancer", "psa",
                     "prostate", "targeted-therapy"})),
    Topic("pharmacogenomics", "How genes change the way medicines work.",
          frozenset({"pharmacogenomics", "metabolizer", "drug-reactions"}), genetics_used=True),
    Topic("genetics", "Genetics and genomics in general.",
          frozenset({"genetics", "genomics", "polygenic-risk-score", "familial-hypercholesterolemia", "sequencing"})),
    Topic("lab-results", "Routine laboratory tests and what they measure.",
          frozenset({"lab-results", "reference-range"}), results_used=True),
    Topic("privacy-and-cost", "Privacy, consent, insurance and cost.",
          frozenset({"privacy", "consent", "insurance", "cost", "gina", "hipaa", "coverage"})),
)
TOPIC_NAMES = tuple(topic.name for topic in TOPICS)


def validate_topics(names: Iterable[str]) -> tuple[str, ...]:
    """The configured approval topics, or a ConfigurationError naming the known ones."""
    chosen = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))
    unknown = [name for name in chosen if name not in TOPIC_NAMES]
    if unknown:
        raise ConfigurationError(
            f"unknown approval topic(s) {', '.join(unknown)}; known topics: {', '.join(TOPIC_NAMES)}")
    return chosen


def topics_for(article_tags: Iterable[Iterable[str]], *, genetics_used: bool = False,
               results_used: bool = False) -> tuple[str, ...]:
    """Every topic an answer belongs to, in `TOPICS` order."""
    tags = {tag for tags in article_tags for tag in tags}
    return tuple(
        topic.name for topic in TOPICS
        if topic.tags & tags or (genetics_used and topic.genetics_used) or (results_used and topic.results_used)
    )


def cited_article_tags(article_ids: Iterable[str], articles: Mapping[str, object]) -> list[tuple[str, ...]]:
    """Tags of the cited articles that still exist (a retired article contributes none)."""
    return [tuple(articles[article_id].tags) for article_id in article_ids if article_id in articles]


def primary_topic(topics: tuple[str, ...]) -> str:
    return topics[0] if topics else OTHER_TOPIC


def answer_topics(answer, articles: Mapping[str, object], genetics_used: bool) -> tuple[str, ...]:
    """Topics of a pipeline `Answer`: its cited articles' tags and the record it used."""
    tags = cited_article_tags([citation.article_id for citation in answer.citations], articles)
    return topics_for(tags, genetics_used=genetics_used, results_used=bool(answer.results_used))
