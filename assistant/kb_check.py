"""Checks every article before it can be indexed: schema, reading grade, links, freshness."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import KnowledgeBaseError
from assistant.readability import flesch_kincaid_grade, plain_text
from assistant.retrieval.loader import Article, load_article

MAX_READING_GRADE = 8.0
REVIEW_VALID_DAYS = 365
_INTERNAL_LINK = re.compile(r"\]\(kb:([a-z0-9-]+)\)")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    article: str
    message: str


def check_article(article: Article, known_ids: set[str], today: dt.date | None = None) -> list[Finding]:
    """The checks `tailor kb check` runs, on one (possibly unsaved) article."""
    today = today or dt.date.today()
    findings: list[Finding] = []
    grade = flesch_kincaid_grade(plain_text(article.body))
    if grade > MAX_READING_GRADE:
        findings.append(Finding("error", article.id, f"reading grade {grade} is above {MAX_READING_GRADE}"))
    summary_grade = flesch_kincaid_grade(article.summary)
    if summary_grade > MAX_READING_GRADE:
        findings.append(Finding("error", article.id, f"summary reading grade {summary_grade} is above {MAX_READING_GRADE}"))
    for source in article.sources:
        if not source.url.startswith("https://"):
            findings.append(Finding("error", article.id, f"source URL is not https: {source.url}"))
    for target in _INTERNAL_LINK.findall(article.body):
        if target not in known_ids:
            findings.append(Finding("error", article.id, f"broken internal link to '{target}'"))
    if (today - article.reviewed_on).days > REVIEW_VALID_DAYS:
        findings.append(Finding("warning", article.id, f"last reviewed {article.reviewed_on}; review is due"))
    if article.reviewed_on > today:
        findings.append(Finding("error", article.id, f"reviewed_on {article.reviewed_on} is in the future"))
    return findings


def check_knowledge_base(directory: Path, today: dt.date | None = None) -> list[Finding]:
    """Every problem in the knowledge base; an unreadable article is an error, not a crash."""
    today = today or dt.date.today()
    paths = sorted(directory.glob("*.md")) if directory.is_dir() else []
    if not paths:
        return [Finding("error", str(directory), "no articles found")]
    articles: list[Article] = []
    findings: list[Finding] = []
    for path in paths:
        try:
            articles.append(load_article(path))
        except KnowledgeBaseError as error:
            findings.append(Finding("error", path.stem, str(error)))
    ids = [article.id for article in articles]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        findings.append(Finding("error", duplicate, "duplicate article id"))
    for article in articles:
        findings.extend(check_article(article, set(ids), today))
    return findings
