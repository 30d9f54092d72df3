"""Incremental indexes: adding, replacing or removing a document writes one more segment (or only
tombstones) instead of re-indexing the corpus, and searches as a whole build of the same corpus."""

from __future__ import annotations

import json
import random
import shutil

import numpy as np
import pytest

from qa.build import build_index, read_manifest
from qa.indexdir import resolve
from qa.retrieval import Searcher, segments
from qa.retrieval.bm25 import BM25
from qa.retrieval.build import bm25_text
from qa.retrieval.searcher import _chunk_from_dict
from qa.retrieval.tokenize import Tokenizer
from tests.conftest import CORPUS, DOC_IDS, ROOT

SMALL = "bayingol-hrss-bureau-2022-performance-targets"  # 7 chunks
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "tests/gold/gold.jsonl").open(encoding="utf-8")][::12]


def _corpus(tmp_path, doc_ids, name="corpus"):
    corpus = tmp_path / name
    corpus.mkdir()
    for doc_id in doc_ids:
        shutil.copy(CORPUS / f"{doc_id}.txt", corpus)
    return corpus


def _hits(index) -> list:
    searcher = Searcher.load(index)
    return [[(h.chunk.doc_id, h.chunk.line_start, h.chunk.line_end, round(h.score, 5))
             for h in searcher.search(q, k=5)] for q in QUESTIONS]


def _layout(index) -> dict:
    return segments.read_layout(resolve(index))


@pytest.mark.parametrize("seed", [0, 1])
def test_merged_postings_equal_postings_built_from_the_kept_chunks(built_index, seed):
    # Real chunks split into three parts, a random third of them dead.
    chunks = [json.loads(line) for line in (resolve(built_index) / "chunks.jsonl").open(encoding="utf-8")]
    tokenizer = Tokenizer()
    tokens = [tokenizer.tokenize(bm25_text(_chunk_from_dict(c))) for c in chunks]
    rng = random.Random(seed)
    cut1, cut2 = sorted(rng.sample(range(1, len(tokens)), 2))
    keep = np.array([rng.random() > 0.33 for _ in tokens])
    merged = BM25.merge([BM25.build(tokens[:cut1]), BM25.build(tokens[cut1:cut2]), BM25.build(tokens[cut2:])], keep)
    whole = BM25.build([t for t, k in zip(tokens, keep, strict=True) if k])
    assert merged.vocab == whole.vocab
    for name in ("indptr", "docs", "tfs", "lengths"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name


def test_adding_one_document_writes_one_segment_and_searches_as_a_whole_build(tmp_path):
    others = [d for d in DOC_IDS if d != SMALL]
    corpus = _corpus(tmp_path, others)
    index = tmp_path / "index"
    build_index(corpus, index, progress=None)
    base_inode = (resolve(index) / "chunks.jsonl").stat().st_ino
    shutil.copy(CORPUS / f"{SMALL}.txt", corpus)
    report = build_index(corpus, index, progress=None)
    assert report["processed"] == 1 and report["reused"] == len(others)
    layout = _layout(index)
    assert [p["chunks"] for p in layout["parts"]][1:] == [7] and layout["dead"] == []
    # The base is shared with the previous generation (hard links), not written again.
    assert (resolve(index) / "chunks.jsonl").stat().st_ino == base_inode
    whole = tmp_path / "whole"
    build_index(_corpus(tmp_path, DOC_IDS, "all"), whole, progress=None)
    assert _hits(index) == _hits(whole)
    assert read_manifest(index)["documents"] == read_manifest(whole)["documents"]


def test_replacing_and_removing_documents_leave_their_old_chunks_dead(tmp_path):
    corpus = _corpus(tmp_path, DOC_IDS)
    index = tmp_path / "index"
    build_index(corpus, index, progress=None)
    first = resolve(index)
    old_hits = _hits(first)
    # Replace one document (another version of it) and remove another.
    changed = "changji-hrss-center-2025-budget"
    path = corpus / f"{changed}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("2.28", "3.46"), encoding="utf-8")
    (corpus / f"{SMALL}.txt").unlink()
    report = build_index(corpus, index, progress=None)
    assert report["processed"] == 1 and report["reused"] == len(DOC_IDS) - 2
    layout = _layout(index)
    assert len(layout["parts"]) == 2 and len(layout["dead"]) == 2 and SMALL not in layout["docs"]
    searcher = Searcher.load(index)
    assert SMALL not in {c.doc_id for c in searcher.chunks}
    texts = [c.text for c in searcher.chunks if c.doc_id == changed]
    assert any("3.46" in t for t in texts) and not any("2.28" in t for t in texts)
    whole = tmp_path / "whole"
    build_index(shutil.copytree(corpus, tmp_path / "again"), whole, progress=None)
    assert _hits(index) == _hits(whole)
    assert _hits(first) == old_hits  # the previous generation, sharing the base files, reads as before


def test_segments_are_compacted_into_the_base(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "MAX_SEGMENTS", 1)
    corpus = _corpus(tmp_path, DOC_IDS[:2])
    index = tmp_path / "index"
    build_index(corpus, index, progress=None)
    shutil.copy(CORPUS / f"{DOC_IDS[2]}.txt", corpus)
    build_index(corpus, index, progress=None)
    assert len(_layout(index)["parts"]) == 2
    shutil.copy(CORPUS / f"{DOC_IDS[3]}.txt", corpus)
    report = build_index(corpus, index, progress=None)
    assert report["embedded"] == 0
    layout = _layout(index)
    assert len(layout["parts"]) == 1 and layout["dead"] == [] and not (resolve(index) / "segments").exists()
    whole = tmp_path / "whole"
    build_index(_corpus(tmp_path, DOC_IDS[:4], "all"), whole, progress=None)
    assert _hits(index) == _hits(whole)


def test_a_rebuild_with_nothing_changed_records_what_the_whole_build_recorded(tmp_path):
    """The params of an update with no delta segment describe the vectors as the whole build
    does (the flat index's header and floats, no segment count): a full build in the suite's
    session index followed by a no-change rebuild once read differently from a fresh build."""
    corpus = _corpus(tmp_path, [SMALL])
    build_index(corpus, tmp_path / "index", progress=None)
    whole = (resolve(tmp_path / "index") / "retrieval.json").read_bytes()
    build_index(corpus, tmp_path / "index", progress=None)
    assert (resolve(tmp_path / "index") / "retrieval.json").read_bytes() == whole
    shutil.copy(CORPUS / "changji-hrss-center-2025-budget.txt", corpus)
    build_index(corpus, tmp_path / "index", progress=None)
    recorded = json.loads((resolve(tmp_path / "index") / "retrieval.json").read_text(encoding="utf-8"))
    assert recorded["dense_index"]["segments"] == 1
    assert recorded["dense_index"]["bytes"] == 45 + recorded["dense_index"]["vectors"] * 384 * 4
