"""The built documents of an index, read when the answer stage first needs one.

`Documents(ids, load)` is a read-only mapping doc_id -> Document over the ids of the manifest:
a document's lines are read (`load(doc_id)`, docs/<id>.json) the first time a citation, a
passage or a part of a total needs them, and at most `capacity` are kept (least recently used
leaves first), so the answerer's start and memory do not grow with the corpus. Safe to share
between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping

from qa.types import Document

# Documents kept in memory (a citation, a passage or a reason reads one or a few).
CACHED_DOCUMENTS = 64


class Documents(Mapping[str, Document]):
    """doc_id -> Document, loaded on demand and kept in a bounded LRU."""

    def __init__(self, ids: Iterable[str], load: Callable[[str], Document | None],
                 capacity: int | None = CACHED_DOCUMENTS):
        self._ids = tuple(dict.fromkeys(ids))
        self._known = frozenset(self._ids)
        self._load, self.capacity = load, capacity
        self._held: OrderedDict[str, Document | None] = OrderedDict()
        self._lock = threading.Lock()
        self.loads = 0  # documents read so far (one evicted and asked for again counts twice)

    def __getitem__(self, doc_id: str) -> Document:
        doc = self._get(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        return doc

    def _get(self, doc_id: str) -> Document | None:
        if doc_id not in self._known:
            return None
        with self._lock:
            if doc_id in self._held:
                self._held.move_to_end(doc_id)
                return self._held[doc_id]
        doc = self._load(doc_id)
        with self._lock:
            self.loads += 1
            self._held[doc_id] = doc
            while self.capacity is not None and len(self._held) > self.capacity:
                self._held.popitem(last=False)
        return doc

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def loaded(self) -> list[str]:
        """Ids of the documents in memory now, least recently used first."""
        with self._lock:
            return list(self._held)
