"""A second opinion on answer sentences, learnt from the clinic's own development questions.

The packaged MiniLM was trained to tell whether two texts are about the same thing, so
every sentence of the right article looks much alike to it. Fine-tuned here on questions
whose answers we know (each question, the sentences of its article, which of them state
the key facts), a copy of it learns which sentence answers an ask: "can it go away" ->
"prediabetes can often be turned around". It only re-orders sentences the composer already
found; retrieval and every word of the answer stay as they were.

Training data are the development splits of the answer evaluation set; the batches kept
clean are never trained on, so they measure what the ranker does for questions nobody saw
(docs/retrieval.md).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ConfigurationError, InputError

MANIFEST = "answer_ranker.json"
SENTENCE_VECTORS = "sentence_vectors.npz"
# Rows of the answer evaluation set that may be trained on. Rows without a split are the
# first 203 questions; blind-dev, blind-2, blind-5 and blind-7 were read while tuning anyway.
# blind-test, blind-3, blind-4, blind-6, blind-8, blind-9 and blind-10 are never trained on.
DEVELOPMENT_SPLITS = frozenset({None, "blind-dev", "blind-2", "blind-5", "blind-7"})
NEGATIVES_PER_QUESTION = 15
TEMPERATURE = 0.05
_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class TrainingExample:
    question: str  # as the rankers see it (spelling mended, lay terms named)
    sentences: tuple[str, ...]
    answers: tuple[bool, ...]  # which sentences state a key fact


@dataclass(frozen=True)
class TrainingSettings:
    epochs: int = 2
    learning_rate: float = 4e-5
    seed: int = 0
    # The lower layers (and the word embeddings) stay as packaged: training is about twice
    # as fast, and what the model knows about words is kept.
    frozen_layers: int = 3


def development_rows(path: Path) -> list[dict]:
    """The content questions of the development splits; an InputError when there are none."""
    try:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        kept = [row for row in rows if row["kind"] == "content" and row.get("split") in DEVELOPMENT_SPLITS]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"cannot read training questions from {path} ({type(error).__name__}); "
                         "set TAILOR_ANSWER_EVAL_SET to the answer evaluation set") from None
    if not kept:
        raise InputError(f"{path} has no development questions to train the answer ranker on")
    return kept


def training_examples(
    rows: Iterable[dict], sentences_by_article: Mapping[str, Sequence[str]], rewrite: Callable[[str], str]
) -> list[TrainingExample]:
    """One example per question whose article has both answering and other sentences."""
    examples = []
    for row in rows:
        sentences = tuple(s for article_id in row["article_ids"] for s in sentences_by_article.get(article_id, ()))
        answers = tuple(any(re.search(fact, s, re.IGNORECASE) for fact in row["key_facts"]) for s in sentences)
        if any(answers) and not all(answers):
            examples.append(TrainingExample(rewrite(row["question"]), sentences, answers))
    return examples


def fingerprint(examples: Sequence[TrainingExample], base_model: str, settings: TrainingSettings) -> str:
    digest = hashlib.sha256(f"{base_model}|{settings}".encode())
    for example in examples:
        digest.update(json.dumps([example.question, example.sentences, example.answers]).encode())
    return digest.hexdigest()


def trained_fingerprint(directory: Path) -> str | None:
    try:
        return json.loads((directory / MANIFEST).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def train(
    examples: Sequence[TrainingExample],
    base_model_path: Path,
    directory: Path,
    settings: TrainingSettings = TrainingSettings(),
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Fine-tune a copy of the base model and save it to `directory` with its manifest.

    Listwise: for each question, the softmax over its article's sentences (the answering
    ones and up to NEGATIVES_PER_QUESTION others) should put its mass on the answering ones.
    """
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(settings.seed)
    shuffle = random.Random(settings.seed)
    model = SentenceTransformer(str(base_model_path), device="cpu")
    transformer = model[0].auto_model
    for part in (transformer.embeddings, *transformer.encoder.layer[: settings.frozen_layers]):
        part.requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate)

    def encode(texts: Sequence[str]) -> torch.Tensor:
        features = model.preprocess(list(texts))
        return torch.nn.functional.normalize(model(features)["sentence_embedding"], dim=-1)

    model.train()
    order = list(examples)
    steps, done = settings.epochs * len(order), 0
    for _epoch in range(settings.epochs):
        shuffle.shuffle(order)
        for example in order:
            answering = [s for s, yes in zip(example.sentences, example.answers) if yes]
            others = [s for s, yes in zip(example.sentences, example.answers) if not yes]
            others = shuffle.sample(others, min(NEGATIVES_PER_QUESTION, len(others)))
            logits = (encode(answering + others) @ encode([example.question]).T).squeeze(-1) / TEMPERATURE
            loss = torch.logsumexp(logits, 0) - torch.logsumexp(logits[: len(answering)], 0)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            done += 1
            if progress:
                progress(done, steps)
    manifest = {"fingerprint": fingerprint(examples, base_model_path.name, settings),
                "examples": len(examples), "base_model": base_model_path.name, "epochs": settings.epochs}
    _save(model, manifest, directory)


def _save(model, manifest: dict, directory: Path) -> None:
    """Write the new ranker beside the old one, then swap: a failed save leaves the old one whole."""
    staging = directory.with_name(f".{directory.name}.staging")
    retired = directory.with_name(f".{directory.name}.retired")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    staging.mkdir(parents=True)
    model.save(str(staging))
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
    if directory.exists():
        directory.rename(retired)
    staging.rename(directory)
    shutil.rmtree(retired, ignore_errors=True)


_LOADED: dict[tuple[Path, str], AnswerRanker] = {}
_LOADING = threading.Lock()


class AnswerRanker:
    """Cosine similarity of a question and sentences under the fine-tuned model.

    Sentence vectors are cached by text and saved beside the model for the articles it was
    trained with (`save_sentence_vectors`): articles change rarely, so a question usually
    costs one encoding, and a sentence published later is encoded the first time it is a
    candidate.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._model = None
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()  # pages answer on several threads

    @classmethod
    def load(cls, directory: Path) -> AnswerRanker | None:
        """The trained ranker in `directory`, warmed up, or None when none has been trained there.

        One per process and training: every pipeline built from the same folder shares it.
        """
        trained = trained_fingerprint(directory)
        if trained is None:
            return None
        with _LOADING:
            key = (directory.resolve(), trained)
            if key not in _LOADED:
                ranker = cls(directory)
                ranker.warm_up()
                ranker._vectors.update(_saved_vectors(directory))
                _LOADED[key] = ranker
            return _LOADED[key]

    def warm_up(self) -> None:
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(str(self.directory), device="cpu")
            except (OSError, ValueError) as error:
                raise ConfigurationError(f"answer ranker in {self.directory} cannot be loaded: {error}") from error

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        return self._model.encode(list(texts), normalize_embeddings=True, batch_size=64, show_progress_bar=False)

    def save_sentence_vectors(self, sentences: Iterable[str]) -> None:
        """Encode the knowledge base's sentences once, so no answer waits for them."""
        texts = sorted(set(sentences))
        vectors = self._encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        np.savez(self.directory / SENTENCE_VECTORS, texts=np.array(texts, dtype=str), vectors=vectors)
        with self._lock:
            self._vectors.update(zip(texts, vectors))

    def knows(self, sentences: Iterable[str]) -> bool:
        with self._lock:
            return all(sentence in self._vectors for sentence in sentences)

    def similarities(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            known = {s: self._vectors[s] for s in sentences if s in self._vectors}
        missing = list(dict.fromkeys(s for s in sentences if s not in known))
        if missing:
            fresh = dict(zip(missing, self._encode(missing)))
            known.update(fresh)
            with self._lock:
                if len(self._vectors) + len(fresh) > _CACHE_LIMIT:
                    self._vectors.clear()
                self._vectors.update(fresh)
        query = self._encode([question])[0]
        return np.array([known[s] @ query for s in sentences], dtype=np.float32)


def _saved_vectors(directory: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(directory / SENTENCE_VECTORS) as saved:
            return dict(zip(saved["texts"].tolist(), saved["vectors"]))
    except (OSError, ValueError, KeyError):
        return {}
