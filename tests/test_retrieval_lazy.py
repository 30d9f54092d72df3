"""The searcher at many disclosures: a chunk's text is read from chunks.jsonl when a hit needs it
(ChunkFile keeps only line spans and documents), BM25's postings are memory-mapped, and the
hits are those of every chunk held in memory."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa.eval.gold import load_gold
from qa.retrieval import Searcher, segments
from qa.retrieval.bm25 import BM25
from qa.retrieval.chunkstore import ChunkFile
from qa.retrieval.searcher import chunk_from_dict
from tests.conftest import ROOT
from tests.test_facts_extract import CENTER


@pytest.mark.slow  # builds the seed index (session fixture)
def test_a_searcher_parses_no_chunk_at_start_and_finds_the_same_hits(built_index):
    lazy = Searcher.load(built_index)
    assert isinstance(lazy.chunks, ChunkFile) and lazy.chunks.parsed == 0
    assert isinstance(lazy.bm25.docs, np.memmap)  # postings read from the file as queries touch them
    lines = segments.merged(lazy.index_dir, segments.read_layout(lazy.index_dir), False)[0]
    eager = Searcher(lazy.index_dir, lazy.params, [chunk_from_dict(json.loads(line)) for line in lines],
                     BM25.load(lazy.index_dir / "bm25"), lazy.tokenizer, lazy.index, lazy.embedder)
    assert len(lazy.chunks) == len(eager.chunks) and lazy.chunks[5] == eager.chunks[5]
    for item in load_gold(ROOT / "tests" / "gold" / "gold.jsonl")[:60]:
        for filters in ({}, {"doc": CENTER}, {"year": 2023}, {"issuer": "巴州"}):
            got = [(h.chunk, h.score) for h in lazy.search(item["question"], k=5, mode="bm25", **filters)]
            assert got == [(h.chunk, h.score) for h in eager.search(item["question"], k=5, mode="bm25", **filters)]
    assert 0 < lazy.chunks.parsed < len(lazy.chunks)  # only the hits' chunks were read
