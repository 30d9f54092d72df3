"""Dense index kinds at scale: exact (IndexFlatIP), IVF-SQ8 and HNSW-SQ8 (and the former HNSW-Flat).

    python bench/bench_vectors.py [--sizes 10000 100000 300000] [--dim 384] [--data clustered|uniform]
    python bench/bench_vectors.py --real index     # the corpus's own vectors and the gold questions

For each size: N synthetic unit vectors (`clustered`: one topic per 100 vectors, with noise, closer to text
embeddings; `uniform`: random directions, the hardest case for any approximate index) and 500
held-out queries from the same distribution. Each kind is built with qa/retrieval/dense.py
exactly as `qa build` builds it (a quantized index tuned at build time to recall@5 >= 0.95 on
probe queries from its own vectors); reported: build seconds (training, adding, tuning), index
bytes, single-query latency p50/p95 in ms (one query at a time, as the app searches) and recall@5
against exact search on the held-out queries. `--real INDEX` does the same on the chunk vectors
of a built (exact) index with the gold questions embedded by its model as the queries.
Threads: QA_THREADS (default 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.retrieval import dense  # noqa: E402

KINDS = ("flat", "ivf_sq8", "hnsw_sq8", "hnsw_flat")
QUERIES = 500
POINTS_PER_TOPIC = 100


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def synthetic(n: int, dim: int, data: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`n` base vectors and QUERIES held-out queries, unit length."""
    if data == "uniform":
        return unit(rng.normal(size=(n, dim))), unit(rng.normal(size=(QUERIES, dim)))
    topics = max(1, n // POINTS_PER_TOPIC)
    centers = unit(rng.normal(size=(topics, dim)))

    def draw(m: int) -> np.ndarray:
        return unit(centers[rng.integers(0, topics, m)] + rng.normal(scale=0.9 / np.sqrt(dim), size=(m, dim)))

    return draw(n), draw(QUERIES)


def build_kind(kind: str, vectors: np.ndarray):
    if kind == "hnsw_flat":  # the index used past the threshold before quantization, for comparison
        import faiss

        index = faiss.IndexHNSWFlat(vectors.shape[1], dense.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.add(vectors)
        return index, dense.describe(index, dense.tune(index, vectors))
    return dense.build(vectors, kind=kind)


def measure(kind: str, vectors: np.ndarray, queries: np.ndarray, exact: np.ndarray) -> dict:
    t0 = time.perf_counter()
    index, info = build_kind(kind, vectors)
    seconds = time.perf_counter() - t0
    times = []
    for q in queries:
        t = time.perf_counter()
        dense.search(index, q, dense.RECALL_K)
        times.append((time.perf_counter() - t) * 1000)
    return {"kind": kind, "build_s": round(seconds, 2), "bytes": info["bytes"],
            "mb": round(info["bytes"] / 1e6, 1), "p50_ms": round(float(np.percentile(times, 50)), 3),
            "p95_ms": round(float(np.percentile(times, 95)), 3),
            "recall@5": round(dense.recall_at_k(index, queries, exact), 4),
            "param": {k: info[k] for k in ("nlist", "nprobe", "efSearch") if k in info},
            "tuned_recall@5": info.get("recall_at_5_vs_exact")}


def real_vectors(index_dir: str) -> tuple[np.ndarray, np.ndarray]:
    """The chunk vectors of a built exact index and the gold questions embedded as queries."""
    from qa.retrieval import Searcher

    searcher = Searcher.load(index_dir)
    gold = Path(__file__).resolve().parents[1] / "tests" / "gold" / "gold.jsonl"
    questions = [json.loads(line)["question"] for line in gold.open(encoding="utf-8") if line.strip()]
    queries = np.vstack([searcher.embedder.embed_query(q) for q in questions]).astype(np.float32)
    return searcher.index.reconstruct_n(0, searcher.index.ntotal), queries


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--data", choices=("clustered", "uniform"), default="clustered")
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    ap.add_argument("--real", metavar="INDEX", help="a built index: its vectors, gold questions as queries")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    rows = []
    sets = [real_vectors(a.real)] if a.real else (synthetic(n, a.dim, a.data, np.random.default_rng(n)) for n in a.sizes)
    if a.real:
        a.data = "real"
    for vectors, queries in sets:
        n = len(vectors)
        exact = dense.exact_top(vectors, queries)
        for kind in a.kinds:
            row = {"n": n, "data": a.data, **measure(kind, vectors, queries, exact)}
            rows.append(row)
            if not a.json:
                print(f"{n:>8} {a.data:9} {row['kind']:9} build {row['build_s']:7.2f} s  {row['mb']:7.1f} MB  "
                      f"p50 {row['p50_ms']:7.3f} ms  p95 {row['p95_ms']:7.3f} ms  recall@5 {row['recall@5']:.3f}  "
                      f"{row['param']}", flush=True)
    if a.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
