"""Incremental retrieval indexes: a base, delta segments and tombstones.

A generation's retrieval files are a base (`chunks.jsonl`, `bm25/`, `dense.faiss` at its root, as
a full build writes them) and, after incremental builds, delta segments `segments/<n>/` holding
the same three files for the chunks of the documents added or changed since. `segments.json`
lists the parts, the global chunk positions of every live document (a document's chunks are
contiguous in one part) and the dead ranges: chunks of documents changed or removed after their
part was written. Positions are global: the base's first, then each segment's.

An incremental build hard-links the previous generation's retrieval files (written once, never
modified) into its staging folder, marks the retired documents' chunks dead and writes one new
segment with the new chunks: adding one document costs that document, not the corpus, and the
generation swap stays one atomic rename. Readers merge the parts in memory leaving the dead
chunks out (`load`): the chunks, BM25 postings and vectors a full build of the live documents
would hold, only in another order. Past MAX_SEGMENTS segments or DEAD_SHARE dead chunks a build
compacts: the merged index becomes the base again (merged postings and stored vectors: nothing is
tokenised or embedded again).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import faiss
import numpy as np

from qa.retrieval import dense
from qa.retrieval.bm25 import BM25

LAYOUT_FILE = "segments.json"
CHUNKS_FILE = "chunks.jsonl"
DENSE_FILE = "dense.faiss"
BM25_DIR = "bm25"
SEGMENTS_DIR = "segments"
BASE = "."
MAX_SEGMENTS = 8
DEAD_SHARE = 0.25


def doc_ranges(doc_ids: list[str], start: int = 0) -> dict[str, list[int]]:
    """doc_id -> [first, end) global positions of its chunks, given each chunk's doc id in order."""
    out: dict[str, list[int]] = {}
    for i, doc_id in enumerate(doc_ids, start):
        span = out.setdefault(doc_id, [i, i])
        span[1] = i + 1
    return out


def base_layout(doc_ids: list[str]) -> dict:
    """The layout of a full build: the base alone, nothing dead."""
    return {"parts": [{"path": BASE, "chunks": len(doc_ids)}], "docs": doc_ranges(doc_ids), "dead": []}


def write_layout(folder: Path, layout: dict) -> None:
    (Path(folder) / LAYOUT_FILE).write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")


def read_layout(folder: Path) -> dict | None:
    """The layout of a generation; None for an index written before segments (built whole again)."""
    try:
        return json.loads((Path(folder) / LAYOUT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def total(layout: dict) -> int:
    return sum(p["chunks"] for p in layout["parts"])


def keep_mask(layout: dict) -> np.ndarray:
    """True at every live global position."""
    keep = np.ones(total(layout), dtype=bool)
    for start, end in layout["dead"]:
        keep[start:end] = False
    return keep


def live_count(layout: dict) -> int:
    return total(layout) - sum(end - start for start, end in layout["dead"])


def is_plain(layout: dict | None) -> bool:
    """A base alone with nothing dead: its files are read as they are."""
    return layout is None or (len(layout["parts"]) == 1 and not layout["dead"])


def retire(layout: dict, doc_ids: set[str]) -> dict:
    """The layout with the chunks of `doc_ids` dead and the documents gone."""
    gone = [layout["docs"][d] for d in sorted(doc_ids) if d in layout["docs"]]
    return {**layout, "docs": {d: r for d, r in layout["docs"].items() if d not in doc_ids},
            "dead": sorted([*layout["dead"], *gone])}


def with_segment(layout: dict, name: str, doc_ids: list[str]) -> dict:
    """The layout with one more part at the end holding chunks of `doc_ids` (one id per chunk)."""
    start = total(layout)
    return {"parts": [*layout["parts"], {"path": f"{SEGMENTS_DIR}/{name}", "chunks": len(doc_ids)}],
            "docs": {**layout["docs"], **doc_ranges(doc_ids, start)}, "dead": layout["dead"]}


def next_segment_name(layout: dict) -> str:
    numbers = [int(p["path"].rsplit("/", 1)[1]) for p in layout["parts"] if p["path"] != BASE]
    return f"{max(numbers, default=0) + 1:06d}"


def needs_compaction(layout: dict) -> bool:
    return len(layout["parts"]) - 1 > MAX_SEGMENTS or total(layout) - live_count(layout) > DEAD_SHARE * total(layout)


def link_parts(src: Path, dst: Path, layout: dict) -> None:
    """Hard-link (else copy) the retrieval files of every part of `layout` from generation `src`
    into `dst`: they are never modified after being written, so two generations may share them."""
    for part in layout["parts"]:
        for name in (CHUNKS_FILE, DENSE_FILE, BM25_DIR):
            _link(src / part["path"] / name, dst / part["path"] / name)


def _link(src: Path, dst: Path) -> None:
    if src.is_dir():
        for child in src.iterdir():
            _link(child, dst / child.name)
    elif src.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def write_part(folder: Path, chunk_lines: list[str], bm25: BM25, index: faiss.Index | None) -> None:
    """One part's files: chunks (one JSON line each), BM25, and the vectors when there are any."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / CHUNKS_FILE).open("w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in chunk_lines)
    bm25.save(folder / BM25_DIR)
    if index is not None:
        dense.save_index(index, folder / DENSE_FILE)


def _chunk_lines(folder: Path) -> list[str]:
    with (folder / CHUNKS_FILE).open(encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def _vectors(folder: Path) -> np.ndarray:
    index = dense.load_index(folder / DENSE_FILE)
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), dtype=np.float32)


def merged(folder: Path, layout: dict | None, with_dense: bool) -> tuple[list[str], BM25, faiss.Index | None]:
    """The live chunks (JSON lines), BM25 and vectors of a generation, its parts merged."""
    folder = Path(folder)
    if is_plain(layout):
        lines = _chunk_lines(folder)
    else:
        keep = keep_mask(layout)
        lines = [line for part in chunk_files(folder, layout) for line in _chunk_lines(part.parent)]
        lines = [line for line, k in zip(lines, keep, strict=True) if k]
    return (lines, *merged_search(folder, layout, with_dense))


def chunk_files(folder: Path, layout: dict | None) -> list[Path]:
    """The chunks.jsonl of every part, in order (their live lines are the chunks, keep_mask)."""
    parts = layout["parts"] if layout is not None else [{"path": BASE}]
    return [Path(folder) / p["path"] / CHUNKS_FILE for p in parts]


def merged_search(folder: Path, layout: dict | None, with_dense: bool) -> tuple[BM25, faiss.Index | None]:
    """The BM25 and vectors of a generation's live chunks, its parts merged."""
    folder = Path(folder)
    if is_plain(layout):  # one part, nothing dead: the files as they are (the vectors maybe quantized)
        index = dense.load_index(folder / DENSE_FILE) if with_dense else None
        return BM25.load(folder / BM25_DIR), index
    keep = keep_mask(layout)
    parts = [folder / p["path"] for p in layout["parts"]]
    bm25 = BM25.merge([BM25.load(part / BM25_DIR) for part in parts], keep)
    index = None
    if with_dense:
        vectors = np.vstack([_vectors(part) for part in parts])[keep]
        index = dense.empty_index(dense.EXACT, vectors.shape[1], len(vectors))
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return bm25, index


def compact(folder: Path, layout: dict, with_dense: bool) -> dict:
    """Write the merged parts of `folder` as its base and drop the segments; returns the new layout."""
    lines, bm25, index = merged(folder, layout, with_dense)
    doc_ids = [json.loads(line)["doc_id"] for line in lines]
    staging = folder / ".compacted"
    write_part(staging, lines, bm25, index)
    shutil.copy2(folder / BM25_DIR / "userdict.txt", staging / BM25_DIR / "userdict.txt")
    for name in (CHUNKS_FILE, DENSE_FILE, BM25_DIR, SEGMENTS_DIR):
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    for child in staging.iterdir():
        os.replace(child, folder / child.name)
    staging.rmdir()
    return base_layout(doc_ids)
