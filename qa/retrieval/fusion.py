"""Combining the dense and the BM25 ranking into one score.

Each list's scores are min-max normalised over its own candidates (best = 1, the
last candidate = 0) and mixed: fused = 0.6 · bm25 + 0.4 · dense; a chunk missing
from a list gets 0 from it. On this corpus BM25 is the stronger retriever (the
questions name metrics, issuers and years that match exactly, while the small e5
model scores many near-identical budget sentences alike), so plain reciprocal-rank
fusion, which gives both lists an equal vote, let the weak dense list pull right
BM25 hits down. Measured on the 389 gold questions (bench/bench_retrieval.py),
recall@5 / MRR: dense alone 0.645 / 0.456, BM25 alone 0.874 / 0.699, RRF k=60
equal weights 0.864 / 0.680, RRF with BM25 weight 5 0.905 / 0.739, this mix with
BM25 weight 0.5 / 0.6 / 0.7 / 0.8: 0.913 / 0.755, 0.913 / 0.756, 0.915 / 0.746,
0.907 / 0.740 (0.6 also led on a second, hand-written set of 43 questions).
"""

from __future__ import annotations

BM25_WEIGHT = 0.6


def _minmax(ranked: list[tuple[int, float]]) -> dict[int, float]:
    if not ranked:
        return {}
    hi, lo = max(s for _, s in ranked), min(s for _, s in ranked)
    # One candidate, or all tied: each is as good as the best.
    return {i: (s - lo) / (hi - lo) if hi > lo else 1.0 for i, s in ranked}


def mix(dense: list[tuple[int, float]], bm25: list[tuple[int, float]], bm25_weight: float = BM25_WEIGHT
        ) -> dict[int, float]:
    """Fused score in [0, 1] of every candidate of either (position, score) list."""
    fused = {i: bm25_weight * s for i, s in _minmax(bm25).items()}
    for i, s in _minmax(dense).items():
        fused[i] = fused.get(i, 0.0) + (1.0 - bm25_weight) * s
    return fused
