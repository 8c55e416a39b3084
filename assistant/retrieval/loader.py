"""Read knowledge-base articles (markdown with YAML front matter) into typed records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from assistant.errors import KnowledgeBaseError
from assistant.types import Source

ARTICLE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    url: HttpUrl


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ARTICLE_ID_PATTERN, max_length=128)
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=10, max_length=400)
    sources: list[SourceModel] = Field(min_length=1)
    reviewed_by: str = Field(min_length=2)
    reviewed_on: dt.date
    version: int = Field(ge=1)
    tags: list[str] = Field(default_factory=list)

    @field_validator("summary")
    @classmethod
    def _one_sentence(cls, summary: str) -> str:
        if re.search(r"[.!?]\s+[A-Z]", summary.strip()):
            raise ValueError("summary must be one sentence")
        return summary


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    reviewed_by: str
    reviewed_on: dt.date
    version: int
    tags: tuple[str, ...]
    body: str
    path: Path

    @property
    def body_without_title(self) -> str:
        """The body minus a leading `# Title` line, which repeats the front-matter title."""
        lines = self.body.lstrip().splitlines()
        if lines and re.match(r"#\s", lines[0]):
            lines = lines[1:]
        return "\n".join(lines).strip()


def load_article(path: Path) -> Article:
    try:
        post = frontmatter.load(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KnowledgeBaseError(f"{path.name}: cannot read article ({error})") from error
    return article_from_parts(post.metadata, post.content, path)


def article_from_parts(metadata: dict, body: str, path: Path) -> Article:
    """Validate front matter and body (from a file or the editor) into an Article.

    `path` names the article's file; its stem must be the article id.
    """
    try:
        meta = FrontMatter.model_validate(metadata)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise KnowledgeBaseError(f"{path.name}: front matter '{where}': {first['msg']}") from error
    if meta.id != path.stem:
        raise KnowledgeBaseError(f"{path.name}: id '{meta.id}' must match the file name")
    if not body.strip():
        raise KnowledgeBaseError(f"{path.name}: article body is empty")
    return Article(
        id=meta.id,
        title=meta.title,
        summary=meta.summary,
        sources=tuple(Source(title=s.title, url=str(s.url)) for s in meta.sources),
        reviewed_by=meta.reviewed_by,
        reviewed_on=meta.reviewed_on,
        version=meta.version,
        tags=tuple(meta.tags),
        body=body,
        path=path,
    )


def load_knowledge_base(directory: Path) -> list[Article]:
    """All articles in `directory`, sorted by id; any bad article fails the whole load."""
    if not directory.is_dir():
        raise KnowledgeBaseError(f"knowledge base folder not found: {directory}")
    articles = [load_article(path) for path in sorted(directory.glob("*.md"))]
    if not articles:
        raise KnowledgeBaseError(f"no articles (*.md) in {directory}")
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise KnowledgeBaseError(f"duplicate article id '{article.id}'")
        seen.add(article.id)
    return articles
