import textwrap

import pytest

from assistant.errors import KnowledgeBaseError
from assistant.retrieval.loader import load_article, load_knowledge_base

pytestmark = pytest.mark.unit

GOOD = """\
---
id: {id}
title: A test article
summary: A short summary of the article.
sources:
  - title: MedlinePlus
    url: https://medlineplus.gov/
reviewed_by: Tester
reviewed_on: 2026-11-01
version: 2
tags: [test]
---
# A test article

Intro text.

## First section

Body text.
"""


def write(folder, name, text):
    path = folder / f"{name}.md"
    path.write_text(textwrap.dedent(text))
    return path


def test_a_valid_article_loads_with_its_sources(tmp_path):
    article = load_article(write(tmp_path, "good-one", GOOD.format(id="good-one")))
    assert article.version == 2
    assert article.sources[0].url == "https://medlineplus.gov/"


@pytest.mark.parametrize(
    "mutation, message",
    [
        (lambda t: t.replace("version: 2", "version: zero"), "version"),
        (lambda t: t.replace("    url: https://medlineplus.gov/", "    url: not a url"), "sources.0.url"),
        (lambda t: t.replace("summary: A short summary of the article.", "summary: One. Two sentences."), "summary"),
        (lambda t: t.replace("reviewed_by: Tester\n", ""), "reviewed_by"),
        (lambda t: t.replace("id: bad-one", "id: other-name"), "must match the file name"),
        (lambda t: t.replace("tags: [test]", "tags: [test]\nextra: 1"), "extra"),
    ],
)
def test_a_bad_article_names_the_file_and_the_field(tmp_path, mutation, message):
    path = write(tmp_path, "bad-one", mutation(GOOD.format(id="bad-one")))
    with pytest.raises(KnowledgeBaseError) as error:
        load_article(path)
    assert "bad-one.md" in str(error.value)
    assert message in str(error.value)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="no articles"):
        load_knowledge_base(tmp_path)


def test_the_shipped_knowledge_base_loads():
    from tests.conftest import REPO_ROOT

    articles = load_knowledge_base(REPO_ROOT / "knowledge")
    assert len(articles) >= 15
