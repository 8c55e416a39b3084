"""Heading-aware chunking: one chunk per `##` section, long sections split at paragraphs.

Section boundaries are where authors change topic, so a chunk never mixes two
questions; the heading travels with the text because patients' questions often
match the heading better than the body.
"""

from __future__ import annotations

import hashlib
import re

from assistant.retrieval.loader import Article
from assistant.types import Chunk

MAX_CHUNK_WORDS = 180
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "section"


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) pairs; text before the first `##` belongs to the article intro."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) >= 2:
            sections.append((match.group(2).strip(), []))
        elif match:  # the `#` title repeats the front matter; keep it out of the text
            continue
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines).strip()) for heading, lines in sections if "\n".join(lines).strip()]


def _split_long(text: str) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    parts: list[str] = []
    current: list[str] = []
    for paragraph in paragraphs:
        words_so_far = sum(len(p.split()) for p in current)
        if current and words_so_far + len(paragraph.split()) > MAX_CHUNK_WORDS:
            parts.append("\n\n".join(current))
            current = []
        current.append(paragraph)
    if current:
        parts.append("\n\n".join(current))
    return parts


def content_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def chunk_article(article: Article) -> list[Chunk]:
    chunks: list[Chunk] = []
    for heading, text in _sections(article.body):
        for part_number, part in enumerate(_split_long(text)):
            heading_slug = _slug(heading) if heading else "intro"
            chunk_id = f"{article.id}#{heading_slug}-{part_number}"
            chunks.append(
                Chunk(
                    chunk_id=chunk_id,
                    article_id=article.id,
                    article_version=article.version,
                    article_title=article.title,
                    heading=heading,
                    text=part,
                    content_hash=content_hash(article.title, heading, part, str(article.version)),
                )
            )
    return chunks


def chunk_articles(articles: list[Article]) -> list[Chunk]:
    return [chunk for article in articles for chunk in chunk_article(article)]
