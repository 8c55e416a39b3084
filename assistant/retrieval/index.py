"""The saved search index: chunk vectors in FAISS, sentence vectors for answers, a manifest.

A sentence is embedded with its article's title in front and the sentences either side of
it in its section ("Potassium Blood Test: <before> Many labs use a range of about 3.5 to
5.0 mmol/L. <after>"), so a sentence that leaves its topic implicit ("It can also rise
after ...") still matches a question that names it. Only the sentence itself is quoted.

The manifest records the embedding model, dimension, KB version and each chunk's
content hash, so `build_or_load` rebuilds only when the knowledge base (or model)
changed and, when it does, re-embeds only the chunks whose text changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from assistant.errors import SearchIndexError
from assistant.retrieval.chunker import chunk_articles
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.files import staged_folder
from assistant.retrieval.loader import Article
from assistant.retrieval.text import sentences
from assistant.types import Chunk

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 3  # 2: sentence vectors carry the article title; 3: and the neighbouring sentences
_FILES = ("manifest.json", "chunks.jsonl", "chunks.faiss", "sentences.jsonl", "sentences.npy")


@dataclass(frozen=True)
class Manifest:
    format: int
    model: str
    dimension: int
    kb_version: str
    chunk_hashes: dict[str, str]
    built_at: float


@dataclass(frozen=True)
class SentenceRecord:
    chunk_index: int
    text: str


class SearchIndex:
    """In-memory view of a built index. Immutable once made."""

    def __init__(
        self,
        manifest: Manifest,
        chunks: list[Chunk],
        chunk_index: faiss.Index,
        sentence_records: list[SentenceRecord],
        sentence_vectors: np.ndarray,
    ) -> None:
        self.manifest = manifest
        self.chunks = chunks
        self.chunk_index = chunk_index
        self.sentence_records = sentence_records
        self.sentence_vectors = sentence_vectors
        self.sentence_rows_by_chunk: dict[int, list[int]] = {}
        for row, record in enumerate(sentence_records):
            self.sentence_rows_by_chunk.setdefault(record.chunk_index, []).append(row)

    def chunk_vectors(self) -> np.ndarray:
        return self.chunk_index.reconstruct_n(0, self.chunk_index.ntotal)

    # --- persistence -------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write to a temporary sibling and swap it in, so readers never see half an index."""
        with staged_folder(directory) as staging:
            (staging / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=1))
            with (staging / "chunks.jsonl").open("w") as handle:
                for chunk in self.chunks:
                    handle.write(json.dumps(asdict(chunk)) + "\n")
            faiss.write_index(self.chunk_index, str(staging / "chunks.faiss"))
            with (staging / "sentences.jsonl").open("w") as handle:
                for record in self.sentence_records:
                    handle.write(json.dumps(asdict(record)) + "\n")
            np.save(staging / "sentences.npy", self.sentence_vectors)

    @classmethod
    def load(cls, directory: Path) -> SearchIndex:
        missing = [name for name in _FILES if not (directory / name).exists()]
        if missing:
            raise SearchIndexError(
                f"search index at {directory} is missing {', '.join(missing)}; run `tailor index`"
            )
        try:
            manifest = Manifest(**json.loads((directory / "manifest.json").read_text()))
            chunks = [Chunk(**json.loads(line)) for line in (directory / "chunks.jsonl").open()]
            chunk_index = faiss.read_index(str(directory / "chunks.faiss"))
            records = [
                SentenceRecord(**json.loads(line)) for line in (directory / "sentences.jsonl").open()
            ]
            vectors = np.load(directory / "sentences.npy")
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            raise SearchIndexError(f"search index at {directory} is unreadable ({error}); run `tailor index`") from error
        if manifest.format != MANIFEST_FORMAT or chunk_index.ntotal != len(chunks) or len(records) != len(vectors):
            raise SearchIndexError(f"search index at {directory} is inconsistent; run `tailor index`")
        return cls(manifest, chunks, chunk_index, records, vectors)


def kb_version(chunks: list[Chunk], model: str) -> str:
    digest = hashlib.sha256(model.encode())
    for chunk in sorted(chunks, key=lambda c: c.chunk_id):
        digest.update(f"{chunk.chunk_id}={chunk.content_hash};".encode())
    return digest.hexdigest()[:16]


def read_manifest(directory: Path) -> Manifest | None:
    try:
        return Manifest(**json.loads((directory / "manifest.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _embed_with_reuse(
    texts: list[str], keys: list[str], embedder: Embedder, reusable: dict[str, np.ndarray]
) -> tuple[np.ndarray, int]:
    """Embed only texts whose key has no stored vector; returns (vectors, newly embedded)."""
    todo = [i for i, key in enumerate(keys) if key not in reusable]
    fresh = embedder.run([texts[i] for i in todo]) if todo else np.zeros((0, embedder.dimension), np.float32)
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for position, i in enumerate(todo):
        vectors[i] = fresh[position]
    for i, key in enumerate(keys):
        if key in reusable:
            vectors[i] = reusable[key]
    return vectors, len(todo)


def _sentence_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sentence_embedding_texts(chunk: Chunk, chunk_sentences: list[str]) -> list[str]:
    """What is embedded for each sentence of a chunk: the title, then the sentence between its neighbours.

    Measured on the answer evaluation (docs/retrieval.md): the neighbours tell the model
    what a short or referring sentence is about, and lift the key facts a five-sentence
    answer states on new questions.
    """
    texts = []
    for position, sentence in enumerate(chunk_sentences):
        window = chunk_sentences[max(0, position - 1): position + 2]
        texts.append(f"{chunk.article_title}: {' '.join(window)}")
    return texts


def chunk_embedding_text(chunk: Chunk) -> str:
    return f"{chunk.article_title}. {chunk.heading}. {chunk.text}" if chunk.heading else f"{chunk.article_title}. {chunk.text}"


def _embedding_key(chunk: Chunk) -> str:
    # What is embedded, not the chunk's identity: a new article version whose section
    # reads the same reuses that section's vector.
    return _sentence_key(chunk_embedding_text(chunk))


def reusable_vectors(index: SearchIndex | None, model: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Stored vectors of `index` by embedded text (chunks, sentences), if made by `model`."""
    if index is None or index.manifest.model != model:
        return {}, {}
    chunk_vectors = index.chunk_vectors()
    by_chunk = {_embedding_key(chunk): chunk_vectors[i] for i, chunk in enumerate(index.chunks)}
    by_sentence = {}
    for chunk_index, rows in index.sentence_rows_by_chunk.items():
        texts = sentence_embedding_texts(index.chunks[chunk_index], [index.sentence_records[row].text for row in rows])
        by_sentence.update((_sentence_key(text), index.sentence_vectors[row]) for row, text in zip(rows, texts))
    return by_chunk, by_sentence


def _previous_vectors(directory: Path, model: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    try:
        old = SearchIndex.load(directory)
    except SearchIndexError:
        return {}, {}
    return reusable_vectors(old, model)


@dataclass(frozen=True)
class BuildReport:
    rebuilt: bool
    chunks: int
    embedded_chunks: int
    embedded_sentences: int
    seconds: float


def build_or_load(
    articles: list[Article], embedder: Embedder, directory: Path, *, force: bool = False
) -> tuple[SearchIndex, BuildReport]:
    started = time.perf_counter()
    chunks = chunk_articles(articles)
    version = kb_version(chunks, embedder.model_name)
    manifest = read_manifest(directory)
    if not force and manifest and manifest.kb_version == version and manifest.format == MANIFEST_FORMAT:
        try:
            index = SearchIndex.load(directory)
            return index, BuildReport(False, len(chunks), 0, 0, time.perf_counter() - started)
        except SearchIndexError:
            log.warning("index_unreadable_rebuilding")

    old_chunks, old_sentences = _previous_vectors(directory, embedder.model_name) if not force else ({}, {})
    index, report = _build(chunks, embedder, old_chunks, old_sentences, started)
    index.save(directory)
    return index, report


def build_incremental(
    articles: list[Article], embedder: Embedder, previous: SearchIndex | None
) -> tuple[SearchIndex, BuildReport]:
    """Build in memory, embedding only chunks and sentences `previous` has no vector for."""
    started = time.perf_counter()
    old_chunks, old_sentences = reusable_vectors(previous, embedder.model_name)
    return _build(chunk_articles(articles), embedder, old_chunks, old_sentences, started)


def _build(
    chunks: list[Chunk],
    embedder: Embedder,
    old_chunks: dict[str, np.ndarray],
    old_sentences: dict[str, np.ndarray],
    started: float,
) -> tuple[SearchIndex, BuildReport]:
    chunk_vectors, embedded_chunks = _embed_with_reuse(
        [chunk_embedding_text(c) for c in chunks], [_embedding_key(c) for c in chunks], embedder, old_chunks
    )
    records: list[SentenceRecord] = []
    sentence_texts: list[str] = []
    for i, chunk in enumerate(chunks):
        chunk_sentences = sentences(chunk.text)
        records.extend(SentenceRecord(chunk_index=i, text=sentence) for sentence in chunk_sentences)
        sentence_texts.extend(sentence_embedding_texts(chunk, chunk_sentences))
    sentence_vectors, embedded_sentences = _embed_with_reuse(
        sentence_texts, [_sentence_key(text) for text in sentence_texts], embedder, old_sentences
    )
    faiss_index = faiss.IndexFlatIP(embedder.dimension)
    faiss_index.add(chunk_vectors)
    new_manifest = Manifest(
        format=MANIFEST_FORMAT,
        model=embedder.model_name,
        dimension=embedder.dimension,
        kb_version=kb_version(chunks, embedder.model_name),
        chunk_hashes={c.chunk_id: c.content_hash for c in chunks},
        built_at=time.time(),
    )
    index = SearchIndex(new_manifest, chunks, faiss_index, records, sentence_vectors)
    report = BuildReport(True, len(chunks), embedded_chunks, embedded_sentences, time.perf_counter() - started)
    log.info("index_built", extra={"chunks": report.chunks, "embedded_chunks": embedded_chunks, "embedded_sentences": embedded_sentences})
    return index, report
