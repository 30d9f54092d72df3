"""FAISS index over L2-normalised vectors, and the on-disk embedding cache.

IndexFlatIP is exact and, at a few thousand chunks, searches in microseconds. Past
HNSW_THRESHOLD vectors a flat scan starts to cost milliseconds per query, so the
index switches to HNSW (approximate, no training step, inner-product metric).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import faiss
import numpy as np

from qa import settings

HNSW_THRESHOLD = 200_000
HNSW_M = 32
STORE_BATCH = 64


def _threads() -> None:
    faiss.omp_set_num_threads(int(settings.get("threads")))


def build_index(vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> faiss.Index:
    """Exact inner-product index, or HNSW when there are more than `threshold` vectors."""
    _threads()
    dim = vectors.shape[1]
    if len(vectors) > threshold:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_index(index: faiss.Index, path: Path) -> None:
    """Write the index to `path`."""
    faiss.write_index(index, str(path))


def load_index(path: Path) -> faiss.Index:
    """Read an index written by `save_index`."""
    _threads()
    return faiss.read_index(str(path))


def search(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Top `k` (position, cosine) pairs; `allowed` restricts the search to those positions."""
    if index.ntotal == 0 or k <= 0:
        return []
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return []
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
    scores, ids = index.search(query.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


class EmbeddingCache:
    """One .npy file per (model, text): an incremental build embeds only texts it has not seen.

    Keyed by sha256 of model id + text, so a different model never reuses vectors.
    """

    def __init__(self, folder: Path, model_id: str):
        self.folder = Path(folder)
        self.model_id = model_id

    def _path(self, text: str) -> Path:
        key = hashlib.sha256(f"{self.model_id}\n{text}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.npy"

    def embed(self, texts: list[str], embed_fn, dim: int, on_embedded=None) -> tuple[np.ndarray, int, int]:
        """Vectors for `texts` (cached ones read, the rest computed by `embed_fn` and stored).

        `on_embedded(done, total)` (optional) follows the new texts batch by batch.
        Returns (vectors, embedded, cached).
        """
        paths = [self._path(t) for t in texts]
        out: list[np.ndarray | None] = []
        for p in paths:
            try:
                out.append(np.load(p))
            except (OSError, ValueError):
                out.append(None)
        todo = [i for i, v in enumerate(out) if v is None]
        # The same text twice (e.g. a boilerplate paragraph) is embedded once.
        unique = dict.fromkeys(texts[i] for i in todo)
        pending = list(unique)
        fresh: dict[str, np.ndarray] = {}
        if on_embedded is not None and pending:
            on_embedded(0, len(pending))
        # Stored batch by batch: an interrupted build keeps what it has embedded so far.
        for start in range(0, len(pending), STORE_BATCH):
            batch = pending[start : start + STORE_BATCH]
            for text, vec in zip(batch, embed_fn(batch), strict=True):
                self._store(self._path(text), vec)
                fresh[text] = vec
            if on_embedded is not None:
                on_embedded(len(fresh), len(pending))
        for i in todo:
            out[i] = fresh[texts[i]]
        vectors = np.vstack(out).astype(np.float32) if out else np.zeros((0, dim), dtype=np.float32)
        return vectors, len(unique), len(texts) - len(todo)

    @staticmethod
    def _store(path: Path, vec: np.ndarray) -> None:
        # Written to a temporary name then renamed: a concurrent build never reads half a file.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.save(f, np.asarray(vec, dtype=np.float32))
        os.replace(tmp, path)
