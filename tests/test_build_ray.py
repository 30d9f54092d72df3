"""`qa build --ray`: the same index as the plain build, parsed, extracted, chunked and embedded by
a local two-worker Ray, with the plain build's incremental reuse and problem reports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import faiss
import numpy as np
import pytest

from qa.build import build_index
from qa.distributed import RayRunner
from qa.facts import open_store
from qa.indexdir import resolve
from qa.retrieval import dense
from tests.conftest import CORPUS, DOC_IDS, ROOT

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install '.[ray]' for `qa build --ray`")

# The document the Ray workers embed from scratch (78 chunks: two batches, one per worker).
EMBEDDED_DOC = "changji-hrss-center-2025-budget"
SAME_FILES = ("chunks.jsonl", "manifest.json", "params.json", "retrieval.json", "places.json",
              "bm25/vocab.json", "bm25/userdict.txt")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _vectors(index_dir):
    index = faiss.read_index(str(resolve(index_dir) / "dense.faiss"))
    return index.reconstruct_n(0, index.ntotal)


def _chunks(index_dir) -> list[dict]:
    with (resolve(index_dir) / "chunks.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _cache_all_but(doc_id: str, index_dir, cache_dir) -> int:
    """A fresh embedding cache holding the plain build's vectors of every chunk except `doc_id`'s;
    returns how many chunks of `doc_id` are left for the workers to embed."""
    params = json.loads((resolve(index_dir) / "retrieval.json").read_text(encoding="utf-8"))
    cache = dense.EmbeddingCache(cache_dir, params["embedder"]["model_id"])
    left = 0
    for chunk, vec in zip(_chunks(index_dir), _vectors(index_dir), strict=True):
        if chunk["doc_id"] == doc_id:
            left += 1
        else:
            cache.put(chunk["embed_text"], vec)
    return left


def test_ray_build_equals_the_plain_build(built_index, tmp_path, monkeypatch, local_ray):
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.setenv("QA_CACHE", str(tmp_path / "cache"))
    left = _cache_all_but(EMBEDDED_DOC, built_index, tmp_path / "cache")
    report = build_index(corpus, tmp_path / "index", progress=None, runner=RayRunner(workers=2))
    assert report["processed"] == len(DOC_IDS) and report["reused"] == 0
    assert report["embedded"] == left > 64  # more than one batch: both workers embedded
    plain, got = resolve(built_index), resolve(tmp_path / "index")
    for name in SAME_FILES:
        assert (got / name).read_bytes() == (plain / name).read_bytes(), name
    with np.load(plain / "bm25" / "postings.npz") as a, np.load(got / "bm25" / "postings.npz") as b:
        assert all(np.array_equal(a[k], b[k]) for k in a.files)
    assert np.allclose(_vectors(tmp_path / "index"), _vectors(built_index), atol=1e-4)
    for doc_id in DOC_IDS:
        assert open_store(got / "facts.sqlite").query(doc=doc_id) == open_store(plain / "facts.sqlite").query(doc=doc_id)


def test_ray_rebuild_reuses_unchanged_documents_and_names_bad_files(tmp_path, local_ray):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id in ("bayingol-hrss-bureau-2022-performance-targets", EMBEDDED_DOC):
        shutil.copy(CORPUS / f"{doc_id}.txt", corpus)
    index = tmp_path / "index"
    first = build_index(corpus, index, progress=None, runner=RayRunner(workers=2))
    assert first["processed"] == 2 and not first["problems"]
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.docx").write_bytes(b"")
    second = build_index(corpus, index, progress=None, runner=RayRunner(workers=2))
    assert second["processed"] == 0 and second["reused"] == 2 and second["embedded"] == 0
    bad = {p["file"]: p["message"] for p in second["problems"]}
    assert set(bad) == {"binary.txt", "empty.docx"}
    assert all(str(corpus / name) in msg for name, msg in bad.items()), bad  # the corpus file, not a worker's copy


def test_cli_ray_flag_builds_the_index(built_index, tmp_path):
    # Its own Ray (a child process): started for the build and stopped after it.
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    out = subprocess.run([sys.executable, "-m", "qa", "build", "--corpus", str(corpus), "--index",
                          str(tmp_path / "index"), "--ray", "--ray-workers", "2", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout)
    assert report["documents"] == len(DOC_IDS) and report["embedded"] == 0
    assert _chunks(tmp_path / "index") == _chunks(built_index)


def test_cli_refuses_a_bad_worker_count(tmp_path):
    out = subprocess.run([sys.executable, "-m", "qa", "build", "--index", str(tmp_path / "index"),
                          "--ray", "--ray-workers", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "--ray-workers" in out.stderr  # a refused input
    assert not (tmp_path / "index").exists()
