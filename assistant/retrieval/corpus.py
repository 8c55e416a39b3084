"""External corpora: index any JSON-lines corpus `{"id","title","text","url"}` into its own folder.

One record is one passage (its title and text are embedded together; the model truncates
very long texts at its own limit). The folder holds a manifest (model, dimension, each
record's content hash), the records, the FAISS vectors and a stemmed BM25 index. Importing
again embeds only records whose title or text changed; records that are gone are dropped,
and an unchanged corpus is recognised from its digest without loading the model at all.

Search is hybrid like the knowledge base's: BM25 (PyStemmer's English Snowball stemmer) and
dense cosine rankings fused by reciprocal-rank fusion.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import InputError, SearchIndexError
from assistant.retrieval.files import staged_folder
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.text import STOPWORDS, strip_placeholders

log = logging.getLogger(__name__)

CORPUS_FORMAT = 1
CORPUS_KIND = "external-corpus"
EMBED_BATCH = 64  # texts per embedder call (the model batches by 32 inside); sets the progress step
CANDIDATES = 100  # per ranker, before fusion
RRF_K = 60
TOP_K = 10
MAX_ID_LENGTH = 512

_MANIFEST = "manifest.json"
_RECORDS = "records.jsonl"
_VECTORS = "passages.faiss"
_BM25 = "bm25"
_FILES = (_MANIFEST, _RECORDS, _VECTORS, _BM25)
_TOKEN = re.compile(r"[a-z0-9]+(?:[*:/.-][a-z0-9]+)*")


class CorpusImportError(InputError):
    """A corpus file was rejected; nothing was written."""


# --- records -------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusRecord:
    id: str
    title: str
    text: str
    url: str

    @property
    def embedding_text(self) -> str:
        return f"{self.title}. {self.text}" if self.title else self.text

    @property
    def content_hash(self) -> str:
        """What the vector depends on: title and text (a new url re-embeds nothing)."""
        return hashlib.sha256(f"{self.title}\x1f{self.text}".encode()).hexdigest()[:16]


def _record_from(value: object, where: str) -> CorpusRecord:
    if not isinstance(value, dict):
        raise CorpusImportError(f'{where}: expected a JSON object with "id", "title", "text", "url"')
    record_id = value.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) or not str(record_id).strip():
        raise CorpusImportError(f'{where}: "id" must be a non-empty string')
    if len(str(record_id)) > MAX_ID_LENGTH:
        raise CorpusImportError(f'{where}: "id" is longer than {MAX_ID_LENGTH} characters')
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusImportError(f'{where}: "text" must be a non-empty string')
    fields = {}
    for name in ("title", "url"):
        field = value.get(name, "")
        if field is None:
            field = ""
        if not isinstance(field, str):
            raise CorpusImportError(f'{where}: "{name}" must be a string')
        fields[name] = field.strip()
    return CorpusRecord(id=str(record_id), title=fields["title"], text=text.strip(), url=fields["url"])


def read_corpus(path: Path) -> list[CorpusRecord]:
    """Every record of a JSON-lines corpus; any bad line or duplicate id fails the whole file."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise CorpusImportError(f"cannot read {path} ({error.strerror or error})") from None
    records: list[CorpusRecord] = []
    first_line: dict[str, int] = {}
    with handle:
        try:
            for line_number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path.name} line {line_number}"
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CorpusImportError(f"{where}: not valid JSON ({error.msg})") from None
                record = _record_from(value, where)
                if record.id in first_line:
                    raise CorpusImportError(
                        f"{where}: duplicate id '{record.id}' (first on line {first_line[record.id]})"
                    )
                first_line[record.id] = line_number
                records.append(record)
        except UnicodeDecodeError:
            raise CorpusImportError(f"{path.name}: not UTF-8 text") from None
    if not records:
        raise CorpusImportError(f"{path.name}: no records")
    return records


# --- BM25 tokens ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball English, C speed

    return Stemmer.Stemmer("english")


def corpus_tokenize(text: str) -> list[str]:
    """Lower-cased words minus stop words and placeholders, Snowball-stemmed."""
    tokens = [t for t in _TOKEN.findall(strip_placeholders(text).lower()) if t not in STOPWORDS]
    return _stemmer().stemWords(tokens) if tokens else []


def _bm25_text(record: CorpusRecord) -> str:
    return f"{record.title} {record.text}"


# --- manifest and persistence --------------------------------------------------------


@dataclass(frozen=True)
class CorpusManifest:
    format: int
    kind: str
    model: str
    dimension: int
    corpus_digest: str
    record_hashes: dict[str, str]
    built_at: float


def corpus_digest(records: list[CorpusRecord], model: str) -> str:
    """Changes when any record (including its url or position) or the model changes."""
    digest = hashlib.sha256(f"{CORPUS_FORMAT};{model};".encode())
    for record in records:
        digest.update(json.dumps(asdict(record), ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def read_corpus_manifest(directory: Path) -> CorpusManifest | None:
    try:
        manifest = CorpusManifest(**json.loads((directory / _MANIFEST).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return manifest if manifest.kind == CORPUS_KIND else None


def _complete(directory: Path) -> bool:
    return all((directory / name).exists() for name in _FILES)


def _check_target(directory: Path) -> None:
    """Refuse to replace a folder that is not one of ours (the swap deletes the old folder)."""
    if directory.exists() and not directory.is_dir():
        raise CorpusImportError(f"--index-dir {directory} is a file, not a folder")
    if directory.is_dir() and any(directory.iterdir()) and read_corpus_manifest(directory) is None:
        raise CorpusImportError(
            f"--index-dir {directory} is not empty and is not a corpus index; choose a new or empty folder"
        )


def _save(directory: Path, manifest: CorpusManifest, records: list[CorpusRecord], vectors: np.ndarray, bm25) -> None:
    """Write to a temporary sibling and swap it in, so readers never see half an index."""
    import faiss

    with staged_folder(directory) as staging:
        with (staging / _RECORDS).open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        flat = faiss.IndexFlatIP(manifest.dimension)
        flat.add(vectors)
        faiss.write_index(flat, str(staging / _VECTORS))
        bm25.save(str(staging / _BM25), show_progress=False)
        # The manifest goes last: a folder without one is never taken for a finished index.
        (staging / _MANIFEST).write_text(json.dumps(asdict(manifest), indent=1))


def _previous_vectors(directory: Path, manifest: CorpusManifest | None, model: str) -> dict[str, np.ndarray]:
    """content hash -> stored vector, from the folder's current index (same model only)."""
    if manifest is None or manifest.model != model or not _complete(directory):
        return {}
    import faiss

    try:
        ids = [json.loads(line)["id"] for line in (directory / _RECORDS).open(encoding="utf-8")]
        flat = faiss.read_index(str(directory / _VECTORS))
    except (OSError, ValueError, KeyError, RuntimeError):
        log.warning("corpus_index_unreadable_reembedding")
        return {}
    if flat.ntotal != len(ids) or flat.d != manifest.dimension:
        return {}
    vectors = flat.reconstruct_n(0, flat.ntotal)
    return {
        manifest.record_hashes[record_id]: vectors[row]
        for row, record_id in enumerate(ids)
        if record_id in manifest.record_hashes
    }


# --- import --------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    records: int
    embedded: int
    reused: int
    removed: int
    unchanged: bool
    seconds: float
    embed_seconds: float


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total, desc="embedding", unit="passage", file=sys.stderr, disable=not enabled,
        mininterval=0.5, dynamic_ncols=True,
    )


def embed_texts(embedder: Embedder, texts: list[str], *, progress: bool = False, batch: int = EMBED_BATCH) -> np.ndarray:
    """Vectors for `texts`, in order; batched (longest first, as the model would) with a progress bar."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    with _progress(len(texts), progress) as bar:
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            vectors[rows] = embedder.run([texts[i] for i in rows])
            bar.update(len(rows))
    return vectors


def import_corpus(
    path: Path,
    directory: Path,
    embedder: Embedder,
    *,
    force: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Index `path` into `directory`: validate all, embed what changed, swap the folder in."""
    started = time.perf_counter()
    records = read_corpus(path)  # raises before anything is touched
    _check_target(directory)
    model = embedder.model_name
    digest = corpus_digest(records, model)
    manifest = read_corpus_manifest(directory)
    old_hashes = manifest.record_hashes if manifest else {}
    current_ids = {record.id for record in records}
    removed = sum(1 for record_id in old_hashes if record_id not in current_ids)

    if not force and manifest and manifest.corpus_digest == digest and manifest.format == CORPUS_FORMAT and _complete(directory):
        seconds = time.perf_counter() - started
        log.info("corpus_unchanged", extra={"records": len(records)})
        return ImportReport(len(records), 0, len(records), 0, True, seconds, 0.0)

    reusable = {} if force else _previous_vectors(directory, manifest, model)
    todo = [i for i, record in enumerate(records) if record.content_hash not in reusable]
    dimension = embedder.dimension if todo or not reusable else manifest.dimension
    vectors = np.zeros((len(records), dimension), dtype=np.float32)
    embed_started = time.perf_counter()
    if todo:
        vectors[todo] = embed_texts(embedder, [records[i].embedding_text for i in todo], progress=progress)
    embed_seconds = time.perf_counter() - embed_started
    for i, record in enumerate(records):
        if record.content_hash in reusable:
            vectors[i] = reusable[record.content_hash]

    import bm25s

    bm25 = bm25s.BM25()
    bm25.index([corpus_tokenize(_bm25_text(record)) for record in records], show_progress=False)
    new_manifest = CorpusManifest(
        format=CORPUS_FORMAT,
        kind=CORPUS_KIND,
        model=model,
        dimension=dimension,
        corpus_digest=digest,
        record_hashes={record.id: record.content_hash for record in records},
        built_at=time.time(),
    )
    try:
        _save(directory, new_manifest, records, vectors, bm25)
    except OSError as error:
        raise CorpusImportError(f"cannot write the index to {directory} ({error.strerror or error})") from None
    report = ImportReport(
        records=len(records),
        embedded=len(todo),
        reused=len(records) - len(todo),
        removed=removed,
        unchanged=False,
        seconds=time.perf_counter() - started,
        embed_seconds=embed_seconds,
    )
    log.info("corpus_imported", extra={"records": report.records, "embedded": report.embedded, "removed": removed})
    return report


# --- search --------------------------------------------------------------------------


@contextmanager
def _torch_threads(count: int | None):
    """Run torch with `count` intra-op threads, then restore (None: leave as is).

    One short query is too small to gain from parallel threads, and on a busy 2-core
    machine the threads wait on each other: measured p95 for one query was ~500 ms
    with 2 threads against ~20 ms with 1. The setting is process-wide; setting it
    costs under a microsecond.
    """
    if count is None:
        yield
        return
    import torch

    previous = torch.get_num_threads()
    if previous == count:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class CorpusSearcher:
    """Hybrid search over a saved corpus index: BM25 + dense, fused by RRF.

    Single questions are embedded on one torch thread (`query_threads`, None to leave
    torch alone); batches (`search_many`) use torch's default threads.
    """

    def __init__(
        self,
        directory: Path,
        embedder: Embedder | None = None,
        *,
        rrf_k: int = RRF_K,
        query_threads: int | None = 1,
    ) -> None:
        import bm25s
        import faiss

        manifest = read_corpus_manifest(directory)
        if manifest is None or not _complete(directory):
            raise SearchIndexError(
                f"no corpus index at {directory}; run `tailor kb import-jsonl FILE --index-dir {directory}`"
            )
        if manifest.format != CORPUS_FORMAT:
            raise SearchIndexError(f"corpus index at {directory} has an old format; import the corpus again")
        if embedder is not None and embedder.model_name != manifest.model:
            raise SearchIndexError(
                f"corpus index at {directory} was built with {manifest.model}, not {embedder.model_name}"
            )
        try:
            self.ids = [json.loads(line)["id"] for line in (directory / _RECORDS).open(encoding="utf-8")]
            self.vectors = faiss.read_index(str(directory / _VECTORS))
            self.bm25 = bm25s.BM25.load(str(directory / _BM25), show_progress=False)
        except (OSError, ValueError, KeyError, RuntimeError) as error:
            raise SearchIndexError(f"corpus index at {directory} is unreadable ({error}); import it again") from None
        if self.vectors.ntotal != len(self.ids) or self.vectors.d != manifest.dimension:
            raise SearchIndexError(f"corpus index at {directory} is inconsistent; import it again")
        self.manifest = manifest
        self.embedder = embedder or Embedder(manifest.model)
        self.rrf_k = rrf_k
        self.query_threads = query_threads

    def __len__(self) -> int:
        return len(self.ids)

    def embed_queries(self, questions: list[str], *, batch: int = EMBED_BATCH) -> np.ndarray:
        texts = [strip_placeholders(q).strip() or q for q in questions]
        if not texts:
            return np.zeros((0, self.manifest.dimension), dtype=np.float32)
        return np.concatenate([self.embedder.run(texts[s : s + batch]) for s in range(0, len(texts), batch)])

    def _bm25_order(self, question: str, limit: int) -> list[int]:
        token_ids = self.bm25.get_tokens_ids(corpus_tokenize(question))
        if not token_ids:
            return []
        scores = np.asarray(self.bm25.get_scores(token_ids))
        if limit < len(scores):
            top = np.argpartition(-scores, limit)[:limit]
        else:
            top = np.arange(len(scores))
        top = top[np.lexsort((top, -scores[top]))]  # best first, ties by position
        return [int(i) for i in top if scores[i] > 0]

    def search(self, question: str, k: int = TOP_K, query_vector: np.ndarray | None = None) -> list[str]:
        """Ids of the `k` best records for a question, best first."""
        if query_vector is None:
            self.embedder.warm_up()
            with _torch_threads(self.query_threads):
                query_vector = self.embed_queries([question])[0]
        limit = min(max(CANDIDATES, k), len(self.ids))
        _, dense = self.vectors.search(np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32), limit)
        fused: dict[int, float] = {}
        for ranking in ([int(i) for i in dense[0] if i >= 0], self._bm25_order(question, limit)):
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [self.ids[i] for i in best]

    def search_many(self, questions: list[str], k: int = TOP_K) -> list[list[str]]:
        vectors = self.embed_queries(questions)
        return [self.search(q, k, vectors[n]) for n, q in enumerate(questions)]


def iter_questions(lines: Iterable[str], source: str = "stdin") -> list[tuple[object, str]]:
    """`{"id","question"}` lines, all validated before any search runs."""
    questions: list[tuple[object, str]] = []
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{source} line {line_number}: not valid JSON ({error.msg})") from None
        if not isinstance(value, dict) or "id" not in value or not isinstance(value.get("question"), str):
            raise InputError(f'{source} line {line_number}: expected an object with "id" and a string "question"')
        questions.append((value["id"], value["question"]))
    return questions

