"""The one per-process holder of everything the pages read: answerer, searcher, documents, audit.

Loaded once at start; `reload()` after a staff upload builds fresh objects and swaps
them in whole, so a request in flight keeps the consistent set it started with. An index
without vectors yet (the app's first run) answers from facts and BM25 while
`complete_index()` embeds in the background and swaps the full generation in.

Replicas: several processes may serve one index folder. `follow()` watches `index/current`
and, when another process (a `qa build`, a staff upload on another replica) has pointed it at
a new generation, loads that one and swaps it in; requests keep the old one until then.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from qa.errors import IndexMissingError, QAError, UnknownDocumentError
from qa.types import Document, Fact

FOLLOW_EVERY = 1.0  # seconds between two looks at index/current (one readlink)


@dataclass(frozen=True)
class Loaded:
    """One consistent generation of the index as loaded in memory."""

    answerer: object
    searcher: object
    audit: Callable[[str | None], list[dict]]  # a document's audit findings (None: every document's)
    doc_ids: frozenset[str] = field(default_factory=frozenset)
    generation: Path = Path()  # the folder every later read (documents, facts) comes from
    documents: tuple[dict, ...] = ()  # manifest entries sorted by id, once per generation
    titles: dict[str, str] = field(default_factory=dict)  # doc id -> title, for every answer shown


class WriteLock:
    """Serialises the writes to one index (staff uploads, the background embedding): among the
    threads of this process, and among the replicas serving the same index folder (an exclusive
    flock on `index/.write.lock`). Two builds at once would each publish a generation without
    the other's document."""

    FILE = ".write.lock"

    def __init__(self, index_dir: Path):
        self._path = Path(index_dir) / self.FILE
        self._thread = threading.Lock()
        self._file = None

    def acquire(self, blocking: bool = True) -> bool:
        import fcntl

        if not self._thread.acquire(blocking):
            return False
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self._path.open("a+b")
            fcntl.flock(self._file, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            self._close()
            return False
        except BaseException:
            self._close()
            raise
        return True

    def release(self) -> None:
        self._close()  # closing the file releases the flock

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._thread.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class Engine:
    def __init__(self, index_dir: Path, corpus_dir: Path):
        self.index_dir = Path(index_dir)
        self.corpus_dir = Path(corpus_dir)
        # Serialises uploads: two concurrent incremental builds would race on the index swap.
        self.write_lock = WriteLock(self.index_dir)
        self._reload_lock = threading.Lock()  # one load at a time: an upload's and the watcher's
        self._current: Loaded | None = None
        self.progress = ""  # what the background build is doing, for the page's status line
        self.reload()

    def reload(self) -> None:
        """(Re)load answerer, searcher, documents and audit from the index's current generation and swap
        them in; the generation is resolved once, so one request sees one generation."""
        with self._reload_lock:
            self._load(self._published())

    def _published(self) -> Path:
        """The generation `index/current` points at now."""
        from qa.indexdir import resolve

        return resolve(self.index_dir)

    def _load(self, generation: Path) -> None:
        from qa.answer import Answerer
        from qa.answer.catalog_index import entries_and_audit

        if not (generation / "manifest.json").is_file():
            raise IndexMissingError(str(self.index_dir))
        answerer = Answerer.load(generation)
        # The entries and findings from the answerer's catalog index: the manifest is not parsed.
        entries, audit = entries_and_audit(generation, answerer.keys)
        documents = tuple(sorted(entries, key=lambda d: d["doc"]))
        ids = frozenset(d["doc"] for d in documents)
        titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
        # The answerer's Searcher has the embedder loaded: reuse it, one model in memory.
        loaded = Loaded(answerer, answerer.searcher, audit, ids, generation, documents, titles)
        self._current = loaded  # one reference assignment: readers see old or new, never a mix
        self._document.cache_clear()

    def refresh(self) -> bool:
        """Load the published generation when it is not the one loaded; True when it was swapped in.

        The generation in use keeps serving until the new one is loaded whole."""
        with self._reload_lock:
            generation = self._published()
            if generation == self._current.generation or not (generation / "manifest.json").is_file():
                return False
            self._load(generation)
        return True

    def follow(self, every: float = FOLLOW_EVERY, log=None) -> threading.Thread:
        """Start a daemon thread that calls `refresh()` every `every` seconds (a replica's watch on
        the index other processes publish); a generation that fails to load is logged and retried."""
        log = log or (lambda m: print(m, file=sys.stderr, flush=True))

        def watch() -> None:
            while True:
                time.sleep(every)
                try:
                    if self.refresh():
                        log(f"已切换到新的索引版本 {self._current.generation.name}")
                except (QAError, OSError) as err:
                    log(f"新的索引版本暂不能加载：{err}；继续使用 {self._current.generation.name}")

        thread = threading.Thread(target=watch, name="qa-follow", daemon=True)
        thread.start()
        return thread

    @property
    def current(self) -> Loaded:
        return self._current

    @property
    def dense_ready(self) -> bool:
        """Whether the loaded index has its vectors (else searches rank by BM25 alone)."""
        return bool(getattr(self._current.searcher, "dense_ready", True))

    def status_text(self) -> str:
        """One Markdown line for the page while the index is incomplete; empty once it is whole."""
        if self.dense_ready:
            return ""
        doing = f"（{self.progress}）" if self.progress else ""
        return f"**正在建立索引**{doing}：向量检索稍后就绪，此间按数据库与关键词检索作答；刷新页面可查看进度。"

    def complete_index(self, log=None) -> bool:
        """Build the full index (vectors included) and swap it in; True when it was built.

        Runs under `write_lock` (a staff upload waits, then builds on the full index); a failure
        is logged and the engine keeps answering from what it has."""
        from qa.build import build_index

        log = log or (lambda m: print(m, file=sys.stderr, flush=True))
        with self.write_lock:
            if self.dense_ready:
                return False
            log("正在后台计算向量（页面已可作答，其间按关键词检索）……")
            try:
                build_index(self.corpus_dir, self.index_dir, progress=log, on_embedded=self._embedding())
                self.refresh()
            except Exception as err:  # noqa: BLE001 - the page keeps serving; the log says why
                log(f"后台建立向量索引失败：{type(err).__name__}: {err}；页面继续按关键词检索作答，可稍后运行 `qa build`")
                self.progress = "失败，见服务日志"
                return False
        self.progress = ""
        log("向量索引已就绪，检索改为向量与关键词融合")
        return True

    def _embedding(self):
        """A callback that keeps `progress` at "已嵌入 n/total 个块，约剩 s 秒"."""
        started = [time.monotonic()]

        def update(done: int, total: int) -> None:
            if done == 0:
                started[0] = time.monotonic()
            elapsed = time.monotonic() - started[0]
            left = f"，约剩 {elapsed / done * (total - done):.0f} 秒" if done else ""
            self.progress = f"已嵌入 {done}/{total} 个块{left}"

        return update

    @property
    def answerer(self):
        return self._readable().answerer

    @property
    def searcher(self):
        return self._readable().searcher

    def new_session(self):
        """Follow-up context for one browser session (kept in that session's gr.State)."""
        from qa.answer import Session

        return Session()

    def documents(self) -> list[dict]:
        """Manifest entries (doc, title, issuer, region, year, doc_type, …) sorted by id."""
        return list(self._current.documents)

    def titles(self) -> dict[str, str]:
        """Document titles by id (read-only: shared by every request of the generation)."""
        return self._current.titles

    def audit(self, doc: str | None = None) -> list[dict]:
        """The audit findings of `doc` (None: of every document), in the manifest's order."""
        return self._current.audit(doc)

    def _readable(self) -> Loaded:
        """The loaded generation, reloaded first when builds outside this process (`qa build`)
        have since removed its folder: a build keeps only the current and the previous one, and
        the answerer reads facts from its folder per question."""
        if not self._current.generation.is_dir():
            self.refresh()
        return self._current

    def document(self, doc_id: str) -> Document:
        """The stored Document of a corpus id; any other string is refused before a path is built."""
        if doc_id not in self._readable().doc_ids:
            raise UnknownDocumentError(doc_id)
        return self._document(doc_id, self._current.generation)

    @lru_cache(maxsize=16)  # noqa: B019 - the engine lives for the whole process
    def _document(self, doc_id: str, generation: Path) -> Document:
        from qa.build import load_built_document

        doc = load_built_document(generation, doc_id)
        if doc is None:
            raise UnknownDocumentError(doc_id)
        return doc

    def facts(self, doc: str | None = None, metric: str | None = None, year: int | None = None,
              limit: int | None = None) -> list[Fact]:
        """Fact-store query; a fresh store per call because SQLite handles are per thread."""
        from qa.facts import open_store

        store = open_store(self._readable().generation / "facts.sqlite", readonly=True)
        return store.query(doc=doc, metric=metric, year=year, limit=limit)
