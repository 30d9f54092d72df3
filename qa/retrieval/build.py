"""Writing the retrieval part of an index: chunks, FAISS vectors, BM25 postings, params.

Files under `index_dir`:
- `chunks.jsonl`   one Chunk per line (the order is the FAISS / BM25 position);
- `dense.faiss`    normalised embed_text vectors (inner product = cosine): exact, or quantized
                   past QA_DENSE_EXACT_MAX vectors (qa/retrieval/dense.py);
- `bm25/`          vocab.json, postings.npz, params.json, userdict.txt (the jieba
                   words the chunks were tokenised with, reused for queries);
- `segments.json`  the parts (this base, then the delta segments of incremental builds), the
                   chunk positions of every live document and the dead ones (qa/retrieval/segments.py);
- `retrieval.json` version, embedder, the dense index chosen ("dense_index": kind, size,
                   search parameter, measured recall@5 vs exact), tokenizer, chunking, fusion
                   params and the metadata (issuer, year, doc type) of every document.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from qa.chunking import chunking_params
from qa.retrieval import dense, fusion, segments
from qa.retrieval.bm25 import BM25
from qa.retrieval.tokenize import Tokenizer
from qa.types import Chunk, Document, to_dict

RETRIEVAL_VERSION = 2
PARAMS_FILE = "retrieval.json"
# The column-name line of a table chunk (qa/chunking/tables.table_heading).
_COLUMNS = re.compile(r"^栏目：(.*)$", re.M)


def doc_metadata(doc: Document) -> dict:
    """What filters and boosts need to know about a document."""
    return {"title": doc.title, "issuer": doc.issuer, "region": doc.region, "year": doc.year,
            "doc_type": doc.doc_type}


def bm25_text(chunk: Chunk) -> str:
    """What BM25 indexes: the embed_text prefix (issuer, year, doc type, section title), the
    full text with every figure, and the whole section path (recall@5 0.87 vs 0.73 for the
    bare text). Table rows are compacted (compact_rows)."""
    prefix = chunk.embed_text.split("\n", 1)[0]
    text = compact_rows(chunk.text) if chunk.kind == "table" else chunk.text
    return f"{prefix}\n{text}\n{' '.join(chunk.section)}"


def compact_rows(text: str) -> str:
    """A table chunk with its column names once, in the 栏目 line, not again before each value.

    "30216 培训费：一般公共预算基本支出合计 5.40；公用经费 5.40" is indexed as
    "30216 培训费：5.40；5.40". Repeated per row, the column words made a table chunk
    several times longer than a paragraph about as much, so BM25's length norm buried
    the row label a question names (BM25 recall@5 0.907 -> 0.928, R@1 0.602 -> 0.635;
    fused MRR 0.777 -> 0.795 on the gold questions).
    """
    m = _COLUMNS.search(text)
    if not m:
        return text
    names = sorted({n.strip() for n in m.group(1).split("|") if n.strip()}, key=len, reverse=True)
    before = re.compile(f"(?<=[：；])(?:{'|'.join(map(re.escape, names))}) (?=\\S)")
    return text[: m.end()] + before.sub("", text[m.end():])


def build_retrieval(chunks: list[Chunk], index_dir: Path, embedder, cache_dir: Path,
                    docs: Iterable[Document] = (), chunking: dict | None = None, embed: bool = True,
                    on_embedded=None, map_batches=None) -> dict:
    """Write the dense and BM25 indexes of `chunks` under `index_dir` (the base of segments.json).

    `docs` supplies issuer/year/doc type for the search filters (documents without
    metadata can still be filtered by doc id). Embeddings come from `cache_dir` when
    the same embed_text was embedded by the same model before. With `embed` False no
    `dense.faiss` is written (retrieval.json says "dense": false): a BM25-only index that
    answers at once while the vectors are computed (the first run of the app).
    `on_embedded(n, total)` is called after each batch of new vectors; `map_batches` (optional,
    see EmbeddingCache.embed) embeds the batches elsewhere (Ray workers). Returns counts:
    chunks, embedded (new), cached (reused), seconds.
    """
    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    counts = {"embedded": 0, "cached": 0}
    dense_index = index = None
    if embed:
        vectors = _embed(chunks, embedder, cache_dir, on_embedded, map_batches, counts)
        index, dense_index = dense.build(vectors)
    tokenizer = Tokenizer()
    segments.write_part(index_dir, _lines(chunks), _bm25(chunks, tokenizer), index)
    (index_dir / "bm25" / "userdict.txt").write_text(tokenizer.dump(), encoding="utf-8")
    segments.write_layout(index_dir, segments.base_layout([c.doc_id for c in chunks]))
    _write_params(index_dir, embedder, embed, dense_index, tokenizer.signature, chunking, len(chunks),
                  {d.doc_id: doc_metadata(d) for d in docs})
    return {"chunks": len(chunks), **counts, "seconds": round(time.perf_counter() - t0, 2)}


def updatable(previous: Path, embedder, embed: bool, chunking: dict | None = None,
              added: int = 0) -> dict | None:
    """The segment layout of generation `previous` when `update_retrieval` can extend it: written
    with segments, by this retrieval version, embedder, tokenizer and chunking, with vectors exactly
    when `embed`, exact vectors that stay exact with `added` more chunks. None: build it whole."""
    layout = segments.read_layout(previous)
    try:
        params = json.loads((Path(previous) / PARAMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if layout is None or params.get("version") != RETRIEVAL_VERSION or params.get("dense") != embed:
        return None
    if params.get("embedder", {}).get("model_id") != embedder.model_id:
        return None
    if params.get("chunking") != (chunking or chunking_params()) or params.get("tokenizer") != Tokenizer().signature:
        return None
    exact = (params.get("dense_index") or {}).get("kind") == dense.EXACT
    if embed and not (exact and dense.index_kind(segments.live_count(layout) + added) == dense.EXACT):
        return None
    return layout


def update_retrieval(chunks: list[Chunk], index_dir: Path, previous: Path, layout: dict, retired: set[str],
                     embedder, cache_dir: Path, docs: dict[str, dict], chunking: dict | None = None,
                     embed: bool = True, on_embedded=None, map_batches=None) -> dict:
    """The retrieval files of generation `previous` (its `layout`, from `updatable`) in `index_dir`
    with the chunks of the `retired` documents dead and `chunks` (of the new or changed documents)
    in one new segment, compacted when too many segments or dead chunks piled up. Only the new
    chunks are tokenised and embedded; the other files are hard-linked. `docs`: doc_id -> metadata
    of every live document. Returns counts as `build_retrieval` does, plus segments."""
    t0 = time.perf_counter()
    index_dir, previous = Path(index_dir), Path(previous)
    segments.link_parts(previous, index_dir, layout)
    layout = segments.retire(layout, retired)
    counts = {"embedded": 0, "cached": 0}
    if chunks:
        index = None
        if embed:
            vectors = _embed(chunks, embedder, cache_dir, on_embedded, map_batches, counts)
            index = dense.empty_index(dense.EXACT, vectors.shape[1], len(vectors))
            index.add(vectors)
        tokenizer = Tokenizer.from_dump((index_dir / "bm25" / "userdict.txt").read_text(encoding="utf-8"))
        name = segments.next_segment_name(layout)
        segments.write_part(index_dir / segments.SEGMENTS_DIR / name, _lines(chunks), _bm25(chunks, tokenizer), index)
        layout = segments.with_segment(layout, name, [c.doc_id for c in chunks])
    if segments.needs_compaction(layout):
        layout = segments.compact(index_dir, layout, embed)
    segments.write_layout(index_dir, layout)
    live = segments.live_count(layout)
    old = json.loads((previous / PARAMS_FILE).read_text(encoding="utf-8"))
    dense_index = _exact_description(live, embedder.dim, len(layout["parts"]) - 1) if embed else None
    _write_params(index_dir, embedder, embed, dense_index, old["tokenizer"], chunking, live, docs)
    return {"chunks": live, **counts, "segments": len(layout["parts"]) - 1,
            "seconds": round(time.perf_counter() - t0, 2)}


def _exact_description(live: int, dim: int, delta_segments: int) -> dict:
    """The params' record of segmented exact vectors: what a whole build records for the same
    live vectors (one flat index: its header and the floats), plus the delta segments, if any,
    so that an update with nothing left to merge reads exactly like the whole build."""
    info = dense.describe(dense.empty_index(dense.EXACT, dim, 0))
    info.update(vectors=live, bytes=info["bytes"] + live * dim * 4)
    return {**info, "segments": delta_segments} if delta_segments else info


def _lines(chunks: list[Chunk]) -> list[str]:
    return [json.dumps(to_dict(c), ensure_ascii=False) for c in chunks]


def _bm25(chunks: list[Chunk], tokenizer: Tokenizer) -> BM25:
    return BM25.build([tokenizer.tokenize(bm25_text(c)) for c in chunks])


def _embed(chunks: list[Chunk], embedder, cache_dir: Path, on_embedded, map_batches, counts: dict) -> np.ndarray:
    """The vectors of `chunks` (cached or embedded now); adds the embedded / cached counts."""
    cache = dense.EmbeddingCache(Path(cache_dir), embedder.model_id)
    vectors, counts["embedded"], counts["cached"] = cache.embed(
        [c.embed_text for c in chunks], embedder.embed_passages, embedder.dim, on_embedded, map_batches)
    return vectors


def _write_params(index_dir: Path, embedder, embed: bool, dense_index: dict | None, tokenizer: dict,
                  chunking: dict | None, n_chunks: int, docs: dict[str, dict]) -> None:
    params = {
        "version": RETRIEVAL_VERSION,
        "embedder": {"name": embedder.name, "model_id": embedder.model_id, "dim": embedder.dim,
                     "model": getattr(embedder, "model", "")},
        "dense": embed,
        "dense_index": dense_index,  # kind (flat | ivf_sq8 | hnsw_sq8), size, nprobe/efSearch, recall@5 vs exact
        "tokenizer": tokenizer,
        "chunking": chunking or chunking_params(),
        "fusion": {"method": "minmax-mix", "bm25_weight": fusion.BM25_WEIGHT},
        "chunks": n_chunks,
        "docs": docs,
    }
    (index_dir / PARAMS_FILE).write_text(json.dumps(params, ensure_ascii=False, indent=1), encoding="utf-8")
