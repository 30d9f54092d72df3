"""The chunks of a generation, read from its chunks.jsonl files when a hit needs one.

At start only the byte span of every chunk's line (found by scanning the files for line ends,
two int64 a chunk) and its document (from the layout's doc ranges, an int32 a chunk) are kept,
so a searcher's start time and memory grow by bytes, not by the chunks' texts, with the corpus.
`ChunkFile[i]` parses line i (the live chunks of every part, in order) when asked.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.types import Chunk

_BLOCK = 1 << 24  # bytes read at a time while finding line ends
PARSED_KEPT = 4096  # chunks kept parsed (the hits of recent searches)


def chunk_from_dict(d: dict) -> Chunk:
    return Chunk(**{**d, "section": tuple(d["section"])})


def _line_spans(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends): the byte span of every non-empty line of `path`."""
    ends, base = [], 0
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            ends.append(np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + base)
            base += len(block)
    end = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
    if base and (not len(end) or end[-1] != base - 1):
        end = np.append(end, base)  # a last line without its newline
    start = np.concatenate([[0], end[:-1] + 1]).astype(np.int64) if len(end) else end
    full = end > start
    return start[full], end[full]


class ChunkFile(Sequence[Chunk]):
    """The live chunks of a generation's parts, parsed on demand; thread-safe."""

    def __init__(self, files: list[Path], keep: np.ndarray | None, doc_ranges: dict[str, list[int]]):
        spans = [_line_spans(f) for f in files]
        self._files = list(files)
        self._part = np.concatenate([np.full(len(s), i, dtype=np.int32) for i, (s, _e) in enumerate(spans)]) \
            if spans else np.zeros(0, dtype=np.int32)
        self._start = np.concatenate([s for s, _e in spans]) if spans else np.zeros(0, dtype=np.int64)
        self._end = np.concatenate([e for _s, e in spans]) if spans else np.zeros(0, dtype=np.int64)
        self.doc_ids = list(doc_ranges)
        doc_of = np.full(len(self._start), -1, dtype=np.int32)
        for n, (first, end) in enumerate(doc_ranges.values()):
            doc_of[first:end] = n
        if keep is not None:
            self._part, self._start, self._end, doc_of = (a[keep] for a in (self._part, self._start, self._end, doc_of))
        self._doc_of = doc_of
        self._lock = threading.Lock()
        self._handles: dict[int, object] = {}
        self._parsed = lru_cache(maxsize=PARSED_KEPT)(self._parse)
        self.parsed = 0  # chunks read from the files so far (one evicted and asked for again counts twice)

    def __len__(self) -> int:
        return len(self._start)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._parsed(int(i))

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))

    def _parse(self, i: int) -> Chunk:
        part, start, end = int(self._part[i]), int(self._start[i]), int(self._end[i])
        with self._lock:
            f = self._handles.get(part)
            if f is None:
                f = self._handles[part] = open(self._files[part], "rb")  # noqa: SIM115 - kept open while the searcher lives
            f.seek(start)
            line = f.read(end - start)
            self.parsed += 1
        return chunk_from_dict(json.loads(line))

    def doc_of(self, i: int) -> str | None:
        """The document of chunk i, without parsing it."""
        n = int(self._doc_of[i])
        return self.doc_ids[n] if n >= 0 else None

    def doc_numbers(self) -> np.ndarray:
        """Each chunk's index into `doc_ids` (-1 when the layout does not place it)."""
        return self._doc_of
