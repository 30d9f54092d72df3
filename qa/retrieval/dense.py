"""FAISS index over L2-normalised vectors, and the on-disk embedding cache.

IndexFlatIP is exact and, at a few thousand chunks, searches in microseconds. Past
`QA_DENSE_EXACT_MAX` vectors (default 200,000: 300 MB of float32 at 384 dimensions) the index
is quantized (`QA_DENSE_QUANTIZED`): IVF with 8-bit scalar quantization (`ivf_sq8`, a quarter of
the memory, no graph) or HNSW over 8-bit codes (`hnsw_sq8`). A quantized index is tuned at build
time: the smallest nprobe / efSearch whose recall@5 against exact search reaches RECALL_TARGET on
probe queries (indexed vectors looking for their nearest others, and midpoints of pairs, which
on this corpus predict recall on real questions: at the nprobe where passages alone reach 0.95,
questions reach 0.80), and `describe` reports the kind, its parameters,
size and that measured recall for the index params (bench/bench_vectors.py compares the kinds).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import faiss
import numpy as np

from qa import settings

EXACT = "flat"
QUANTIZED = ("ivf_sq8", "hnsw_sq8")
HNSW_M = 32
IVF_TRAIN_PER_LIST = 64  # k-means sample per list (faiss's default 256 took 6 min at 300k on 2 cores)
RECALL_TARGET = 0.97
RECALL_K = 5
PROBE_QUERIES = 200
STORE_BATCH = 64


def _threads() -> None:
    faiss.omp_set_num_threads(int(settings.get("threads")))


def index_kind(n: int, threshold: int | None = None, quantized: str | None = None) -> str:
    """`flat` up to `threshold` vectors (QA_DENSE_EXACT_MAX), else the quantized kind (QA_DENSE_QUANTIZED)."""
    threshold = int(settings.get("dense_exact_max")) if threshold is None else threshold
    if n <= threshold:
        return EXACT
    kind = quantized or str(settings.get("dense_quantized"))
    if kind not in QUANTIZED:
        raise ValueError(f"QA_DENSE_QUANTIZED must be one of {', '.join(QUANTIZED)}, not {kind!r}")
    return kind


def ivf_lists(n: int) -> int:
    """IVF lists for `n` vectors: about 4·sqrt(n), with at least 39 training vectors per list."""
    return max(1, min(int(4 * np.sqrt(n)), n // 39))


def empty_index(kind: str, dim: int, n: int) -> faiss.Index:
    """An untrained index of `kind` for `n` vectors of `dim` dimensions (inner product)."""
    if kind == EXACT:
        return faiss.IndexFlatIP(dim)
    if kind == "ivf_sq8":
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, ivf_lists(n),
                                              faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        index.cp.max_points_per_centroid = IVF_TRAIN_PER_LIST
        return index
    if kind == "hnsw_sq8":
        return faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    raise ValueError(f"unknown dense index kind {kind!r}")


def build(vectors: np.ndarray, threshold: int | None = None, kind: str | None = None) -> tuple[faiss.Index, dict]:
    """The index of `vectors` (exact, or past `threshold` quantized and tuned to RECALL_TARGET) and
    its description for the index params (`describe`, with the measured recall@5 vs exact)."""
    _threads()
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or index_kind(len(vectors), threshold)
    index = empty_index(kind, vectors.shape[1], len(vectors))
    if not index.is_trained:
        index.train(vectors)
    index.add(vectors)
    recall = tune(index, vectors) if kind != EXACT else None
    return index, describe(index, recall)


def build_index(vectors: np.ndarray, threshold: int | None = None, kind: str | None = None) -> faiss.Index:
    """Exact inner-product index, or past `threshold` vectors a quantized one (see `build`)."""
    return build(vectors, threshold, kind)[0]


def kind_of(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return "ivf_sq8"
    if isinstance(index, faiss.IndexHNSWSQ):
        return "hnsw_sq8"
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw_flat"
    return EXACT


def _knob(index: faiss.Index) -> str | None:
    """The search-time parameter trading speed for recall: nprobe (IVF), efSearch (HNSW)."""
    return {"ivf_sq8": "nprobe", "hnsw_sq8": "efSearch", "hnsw_flat": "efSearch"}.get(kind_of(index))


def _set_knob(index: faiss.Index, value: int) -> None:
    if isinstance(index, faiss.IndexIVF):
        index.nprobe = int(value)
    else:
        index.hnsw.efSearch = int(value)


def probe_ids(n: int, m: int = PROBE_QUERIES, seed: int = 0) -> np.ndarray:
    """Positions of the indexed vectors that serve as probe queries when tuning."""
    return np.random.default_rng(seed).choice(n, size=min(m, n), replace=False)


def midpoints(vectors: np.ndarray, m: int = PROBE_QUERIES, seed: int = 1) -> np.ndarray:
    """Normalised midpoints of random pairs of indexed vectors: probes lying between passages, as
    questions do (on the corpus, recall on questions tracks recall on these, not on the passages)."""
    pairs = np.random.default_rng(seed).integers(0, len(vectors), size=(m, 2))
    mid = vectors[pairs[:, 0]] + vectors[pairs[:, 1]]
    return (mid / np.maximum(np.linalg.norm(mid, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int = RECALL_K) -> np.ndarray:
    """Ids of the exact top `k` (inner product) of every query, by brute force."""
    _, ids = faiss.knn(np.ascontiguousarray(queries, dtype=np.float32), np.ascontiguousarray(vectors),
                       min(k, len(vectors)), metric=faiss.METRIC_INNER_PRODUCT)
    return ids


def _without(ids: np.ndarray, own: np.ndarray | None, k: int) -> list[set]:
    """The first `k` ids of every row, leaving out the row's own position (a probe finds itself)."""
    own = np.full(len(ids), -2) if own is None else own
    return [set([i for i in row if i >= 0 and i != o][:k]) for row, o in zip(ids, own, strict=True)]


def recall_at_k(index: faiss.Index, queries: np.ndarray, exact: np.ndarray, k: int = RECALL_K,
                own: np.ndarray | None = None) -> float:
    """Share of the exact top `k` that `index` returns in its own top `k`, over `queries`; with
    `own` (each query's position in the index) the query itself is left out of both lists."""
    extra = 0 if own is None else 1
    k = min(k, exact.shape[1] - extra)
    _, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k + extra)
    got, truth = _without(ids, own, k), _without(exact, own, k)
    return sum(len(g & t) for g, t in zip(got, truth, strict=True)) / max(1, sum(len(t) for t in truth))


def probe_sets(vectors: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
    """(queries, exact top ids, own positions) of both probe sets: indexed vectors looking for
    their nearest others, and midpoints of pairs."""
    own = probe_ids(len(vectors))
    mids = midpoints(vectors)
    return [(vectors[own], exact_top(vectors, vectors[own], RECALL_K + 1), own),
            (mids, exact_top(vectors, mids), None)]


def probe_recall(index: faiss.Index, probes) -> float:
    """recall@5 vs exact of `index` on the weaker of the probe sets."""
    return min(recall_at_k(index, queries, exact, own=own) for queries, exact, own in probes)


def tune(index: faiss.Index, vectors: np.ndarray, target: float = RECALL_TARGET) -> float:
    """Set the smallest nprobe / efSearch (doubling) whose recall@5 vs exact reaches `target` on
    both probe sets; returns that recall (the lower of the two)."""
    probes = probe_sets(vectors)
    top = index.nlist if isinstance(index, faiss.IndexIVF) else 4096
    value = 1 if isinstance(index, faiss.IndexIVF) else 16
    while True:
        _set_knob(index, min(value, top))
        recall = probe_recall(index, probes)
        if recall >= target or value >= top:
            return recall
        value *= 2


def describe(index: faiss.Index, recall: float | None = None) -> dict:
    """What the index params record: kind, vectors, bytes, the search parameter, measured recall@5."""
    kind = kind_of(index)
    info = {"kind": kind, "vectors": int(index.ntotal), "dim": int(index.d),
            "bytes": int(faiss.serialize_index(index).nbytes)}
    if isinstance(index, faiss.IndexIVF):
        info.update(nlist=int(index.nlist), nprobe=int(index.nprobe), codes="sq8")
    elif isinstance(index, faiss.IndexHNSW):
        info.update(M=HNSW_M, efSearch=int(index.hnsw.efSearch), codes="sq8" if kind == "hnsw_sq8" else "float32")
    if kind != EXACT:
        info["recall_at_5_vs_exact"] = None if recall is None else round(recall, 4)
    return info


def save_index(index: faiss.Index, path: Path) -> None:
    """Write the index to `path`."""
    faiss.write_index(index, str(path))


def load_index(path: Path) -> faiss.Index:
    """Read an index written by `save_index` (nprobe / efSearch are stored with it)."""
    _threads()
    return faiss.read_index(str(path))


def filtered_ef(index: faiss.Index, k: int, allowed: int) -> int:
    """HNSW's candidate list for a search kept to `allowed` of the vectors: the graph walk passes
    through the others too, so it is widened by the share left out (k · n / allowed), at most n."""
    wanted = int(np.ceil(max(k, RECALL_K) * index.ntotal / max(1, allowed)))
    return int(min(index.ntotal, max(index.hnsw.efSearch, wanted)))


def _search_parameters(index: faiss.Index, allowed: np.ndarray, k: int):
    """Parameters restricting a search to `allowed` positions, of the type the index needs. An
    IVF index probes every list then: a filter's few vectors may sit in lists it would skip."""
    sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=sel, nprobe=int(index.nlist))
    if isinstance(index, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=sel, efSearch=filtered_ef(index, k, len(allowed)))
    return faiss.SearchParameters(sel=sel)


def search(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Top `k` (position, cosine) pairs; `allowed` restricts the search to those positions."""
    if index.ntotal == 0 or k <= 0:
        return []
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return []
        params = _search_parameters(index, allowed, k)
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

    def embed(self, texts: list[str], embed_fn, dim: int, on_embedded=None,
              map_batches=None) -> tuple[np.ndarray, int, int]:
        """Vectors for `texts` (cached ones read, the rest computed by `embed_fn` and stored).

        `on_embedded(done, total)` (optional) follows the new texts batch by batch.
        `map_batches(batches)` (optional) computes the batches elsewhere (Ray workers), yielding
        (batch number, vectors) in any order; by default `embed_fn` embeds them one by one.
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
        batches = [pending[start : start + STORE_BATCH] for start in range(0, len(pending), STORE_BATCH)]
        done = map_batches(batches) if map_batches else ((i, embed_fn(b)) for i, b in enumerate(batches))
        # Stored batch by batch: an interrupted build keeps what it has embedded so far.
        for number, vectors in done:
            for text, vec in zip(batches[number], vectors, strict=True):
                self._store(self._path(text), vec)
                fresh[text] = vec
            if on_embedded is not None:
                on_embedded(len(fresh), len(pending))
        for i in todo:
            out[i] = fresh[texts[i]]
        vectors = np.vstack(out).astype(np.float32) if out else np.zeros((0, dim), dtype=np.float32)
        return vectors, len(unique), len(texts) - len(todo)

    def put(self, text: str, vec: np.ndarray) -> None:
        """Store the vector of `text` (as if this model had embedded it)."""
        self._store(self._path(text), vec)

    @staticmethod
    def _store(path: Path, vec: np.ndarray) -> None:
        # Written to a temporary name then renamed: a concurrent build never reads half a file.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.save(f, np.asarray(vec, dtype=np.float32))
        os.replace(tmp, path)
