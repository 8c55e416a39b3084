"""The index is saved with a manifest and rebuilt only when the knowledge base changes."""

import json
import shutil

import pytest

from assistant.retrieval.index import SearchIndex, build_or_load, read_manifest
from assistant.retrieval.loader import load_knowledge_base
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def knowledge_copy(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", folder)
    return folder


@pytest.fixture(scope="session")
def shared_index_dir(settings, embedder):
    """The session's index of the shipped knowledge base (embedding it is the slow part)."""
    from assistant.bootstrap import build_index

    build_index(settings, embedder)
    return settings.resolved_index_dir


@pytest.fixture
def index_dir(shared_index_dir, tmp_path):
    """A private copy of the session index, so a test's rebuild reuses stored vectors."""
    target = tmp_path / "index"
    shutil.copytree(shared_index_dir, target)
    return target


@pytest.fixture
def one_article_knowledge(knowledge_copy):
    """A knowledge base of one article: quick to embed from nothing."""
    for other in knowledge_copy.glob("*.md"):
        if other.name != "thyroid-tests.md":
            other.unlink()
    return knowledge_copy


def test_build_writes_a_manifest_with_model_dimension_and_chunk_hashes(one_article_knowledge, embedder, tmp_path):
    index, report = build_or_load(load_knowledge_base(one_article_knowledge), embedder, tmp_path / "index")
    manifest = read_manifest(tmp_path / "index")
    assert report.rebuilt and report.embedded_chunks == report.chunks == len(index.chunks)
    assert (manifest.model, manifest.dimension) == ("all-MiniLM-L6-v2", 384)
    assert manifest.chunk_hashes == {c.chunk_id: c.content_hash for c in index.chunks}
    assert index.chunk_index.ntotal == len(index.chunks)
    assert len(index.sentence_records) == len(index.sentence_vectors) > len(index.chunks)


def test_an_unchanged_knowledge_base_is_not_rebuilt(knowledge_copy, embedder, index_dir):
    build_or_load(load_knowledge_base(knowledge_copy), embedder, index_dir)
    _, report = build_or_load(load_knowledge_base(knowledge_copy), embedder, index_dir)
    assert not report.rebuilt


def test_an_edit_reembeds_only_the_changed_chunk(knowledge_copy, embedder, index_dir):
    first, _ = build_or_load(load_knowledge_base(knowledge_copy), embedder, index_dir)
    article = knowledge_copy / "cholesterol-and-ldl.md"
    article.write_text(article.read_text().replace(
        "HDL stands for high-density lipoprotein.", "HDL stands for high-density lipoprotein, a carrier."))
    second, report = build_or_load(load_knowledge_base(knowledge_copy), embedder, index_dir)
    assert report.rebuilt
    assert report.embedded_chunks == 1
    # The edited sentence and its neighbours (their embedded windows hold it), nothing else.
    row = next(i for i, r in enumerate(second.sentence_records) if r.text.endswith("a carrier."))
    rows = second.sentence_rows_by_chunk[second.sentence_records[row].chunk_index]
    position = rows.index(row)
    assert report.embedded_sentences == 1 + (position > 0) + (position < len(rows) - 1)
    assert first.manifest.kb_version != second.manifest.kb_version


def test_a_damaged_index_is_rebuilt_rather_than_trusted(one_article_knowledge, embedder, tmp_path):
    index_dir = tmp_path / "index"
    build_or_load(load_knowledge_base(one_article_knowledge), embedder, index_dir)
    (index_dir / "chunks.jsonl").write_text("")
    index, report = build_or_load(load_knowledge_base(one_article_knowledge), embedder, index_dir)
    assert report.rebuilt
    assert len(index.chunks) > 1
    assert len(SearchIndex.load(index_dir).chunks) == len(index.chunks)


def test_a_missing_index_says_how_to_fix_it(tmp_path):
    from assistant.errors import SearchIndexError

    with pytest.raises(SearchIndexError, match="tailor index"):
        SearchIndex.load(tmp_path / "nowhere")


def test_manifest_is_plain_json(knowledge_copy, embedder, index_dir):
    build_or_load(load_knowledge_base(knowledge_copy), embedder, index_dir)
    data = json.loads((index_dir / "manifest.json").read_text())
    assert set(data) == {"format", "model", "dimension", "kb_version", "chunk_hashes", "built_at"}
