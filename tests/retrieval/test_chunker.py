import datetime as dt
from pathlib import Path

import pytest

from assistant.retrieval.chunker import MAX_CHUNK_WORDS, chunk_article
from assistant.retrieval.loader import Article
from assistant.types import Source

pytestmark = pytest.mark.unit


def article(body: str, version: int = 1) -> Article:
    return Article(
        id="demo", title="Demo", summary="Demo summary.", sources=(Source("S", "https://example.org"),),
        reviewed_by="T", reviewed_on=dt.date(2026, 11, 1), version=version, tags=(), body=body, path=Path("demo.md"),
    )


BODY = "# Demo\n\nIntro sentence.\n\n## What is LDL?\n\nLDL text.\n\n### Detail\n\nDetail text.\n\n## What is HDL?\n\nHDL text.\n"


def test_one_chunk_per_second_level_section_and_the_intro():
    chunks = chunk_article(article(BODY))
    assert [(c.heading, c.text) for c in chunks] == [
        ("", "Intro sentence."),
        ("What is LDL?", "LDL text."),
        ("Detail", "Detail text."),
        ("What is HDL?", "HDL text."),
    ]
    assert [c.chunk_id for c in chunks] == ["demo#intro-0", "demo#what-is-ldl-0", "demo#detail-0", "demo#what-is-hdl-0"]


def test_the_title_heading_is_not_part_of_any_chunk():
    assert all("# Demo" not in c.text for c in chunk_article(article(BODY)))


def test_a_long_section_splits_at_paragraph_boundaries():
    paragraph = " ".join(["word"] * 70)
    body = "## Long\n\n" + "\n\n".join([paragraph] * 5)
    chunks = chunk_article(article(body))
    assert len(chunks) == 3
    assert all(len(c.text.split()) <= MAX_CHUNK_WORDS for c in chunks)
    assert [c.chunk_id for c in chunks] == ["demo#long-0", "demo#long-1", "demo#long-2"]


def test_content_hash_changes_only_for_the_edited_section():
    before = {c.chunk_id: c.content_hash for c in chunk_article(article(BODY))}
    after = {c.chunk_id: c.content_hash for c in chunk_article(article(BODY.replace("HDL text.", "New HDL text.")))}
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"demo#what-is-hdl-0"}
