"""Where the per-document steps of a build run: in this process, or as Ray tasks.

`qa build` hands three kinds of work to a runner: reading a new or changed document, extracting
and checking its facts and cutting its chunks (`process_file`, per document), chunking documents
carried over when the index is built whole, and embedding batches of chunk texts. The build itself (qa/build.py) stays the only writer: it consumes the results in
document order, writes the fact store, the FAISS and BM25 indexes and the embedding cache in
its staging folder and swaps the generation in, so a Ray build keeps the plain build's
incremental reuse and atomic swap and produces the same index.

`LocalRunner` does the work in order, in this process (the plain build). `RayRunner`
(`qa build --ray [ADDRESS]`) sends it to a Ray cluster: a local one started for the build by
default, or the cluster at ADDRESS (`auto`, `ray://host:10001`). Files travel as bytes, so
the workers need no shared file system, only the `qa` package installed; documents are
processed as tasks (at most a few per worker in flight, results taken in order) and embedding
runs on one actor per worker that loads the model once and embeds batch after batch.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np

from qa import settings
from qa.chunking import chunk_document
from qa.errors import DocumentError, QAError
from qa.types import Chunk, Document

IN_FLIGHT_PER_WORKER = 4  # document tasks queued per worker: workers stay busy, memory stays bounded
Batches = list[list[str]]


class Processed(NamedTuple):
    """Everything the build needs of one new or changed document."""

    doc: Document
    facts: list
    coverage: dict
    findings: list[dict]  # its audit findings as `qa audit` prints them
    chunks: list[Chunk]


def process_file(path: Path, doc_id: str) -> Processed:
    """One corpus file read, its facts extracted and checked, its chunks cut (DocumentError when
    unreadable)."""
    from qa.facts import audit_document, coverage, extract_facts
    from qa.ingest import load_document
    from qa.jsonout import finding_json

    doc = load_document(path, doc_id)
    facts = extract_facts(doc)
    return Processed(doc, facts, coverage(doc, facts), [finding_json(f) for f in audit_document(doc, facts)],
                     chunk_document(doc))


def _outcome(path: Path, doc_id: str):
    """`process_file`'s result, or the DocumentError it raised."""
    try:
        return process_file(path, doc_id)
    except DocumentError as err:
        return err


class LocalRunner:
    """Every step in this process, one after the other (the plain build)."""

    workers = 1
    name = "local"

    def documents(self, jobs: Iterable[tuple[str, Path]]) -> Iterator[Processed | DocumentError]:
        """What `process_file` makes of each (doc_id, path) job, or its DocumentError, in job order, lazily."""
        return (_outcome(path, doc_id) for doc_id, path in jobs)

    def chunks(self, docs: list[Document]) -> list[list[Chunk]]:
        """The chunks of each document, in document order."""
        return [chunk_document(d) for d in docs]

    def embed_batches(self, embedder, batches: Batches) -> Iterator[tuple[int, np.ndarray]]:
        """(batch number, vectors) of each batch of texts."""
        return ((i, embedder.embed_passages(b)) for i, b in enumerate(batches))

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _ray():
    try:
        import ray
    except ImportError as err:
        raise QAError("`qa build --ray` 需要 Ray：pip install '.[ray]'（或 pip install ray）") from err
    return ray


def _env_vars() -> dict[str, str]:
    """The QA_* settings of this process, handed to the workers so they parse alike."""
    return {k: v for k, v in os.environ.items() if k.startswith("QA_")}


class Unreadable(NamedTuple):
    """A DocumentError on its way back from a worker (the driver names the corpus file)."""

    reason: str


def _portable(outcome: Processed | DocumentError) -> Processed | Unreadable:
    return Unreadable(outcome.reason) if isinstance(outcome, DocumentError) else outcome


def _process_bytes(name: str, data: bytes, doc_id: str) -> Processed | Unreadable:
    """A Ray task: `process_file` on a copy of the file under its own name in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="qa-ray-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return _portable(_outcome(path, doc_id))


def _chunk_task(doc: Document) -> list[Chunk]:
    return chunk_document(doc)


class EmbedWorker:
    """A Ray actor: one embedder, loaded on the first batch and kept for the next ones."""

    def __init__(self, name: str, model: str, threads: int):
        os.environ["QA_THREADS"] = str(threads)  # the model's threads: the CPUs this actor holds
        from qa.retrieval.embedders import get_embedder

        self.embedder = get_embedder(name, model)

    def model_id(self) -> str:
        return self.embedder.model_id

    def embed(self, number: int, texts: list[str]) -> tuple[int, np.ndarray]:
        return number, self.embedder.embed_passages(texts)


class RayRunner(LocalRunner):
    """Documents as Ray tasks, embedding on one actor per worker.

    `address` None starts a local Ray with `workers` CPUs (default: all) for this runner and
    stops it on close; an address connects to that cluster (`workers` default: its CPUs). A Ray
    already initialised in this process (a test, a notebook) is used as it is."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None):
        ray = _ray()
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            runtime = {"env_vars": _env_vars()}
            if address:
                ray.init(address=address, runtime_env=runtime, log_to_driver=False)
            else:
                ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, log_to_driver=False,
                         runtime_env=runtime)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(workers or cpus, cpus))
        self._process = ray.remote(num_cpus=1)(_process_bytes)
        self._chunk = ray.remote(num_cpus=1)(_chunk_task)
        self._actors: list = []

    def _ordered(self, submit: Callable, items: Iterable) -> Iterator:
        """Results of `submit(item)` in item order, at most IN_FLIGHT_PER_WORKER per worker pending."""
        pending: deque = deque()
        for item in items:
            pending.append(submit(item))
            if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield self._ray.get(pending.popleft())
        while pending:
            yield self._ray.get(pending.popleft())

    def documents(self, jobs):
        jobs = list(jobs)
        limit = float(settings.get("max_file_mb")) * 1024 * 1024

        def submit(job):
            doc_id, path = job
            if path.stat().st_size > limit:  # refused by the reader anyway: not shipped
                return self._ray.put(_portable(_outcome(path, doc_id)))
            return self._process.remote(path.name, path.read_bytes(), doc_id)

        for (_doc_id, path), result in zip(jobs, self._ordered(submit, jobs), strict=True):
            if isinstance(result, Unreadable):
                yield DocumentError(str(path), result.reason)
            else:
                yield result

    def chunks(self, docs):
        return list(self._ordered(self._chunk.remote, docs))

    def _embed_actors(self, embedder) -> list:
        """One actor per worker holding `embedder`'s model (created on the first call)."""
        if not self._actors:
            actor = self._ray.remote(num_cpus=1)(EmbedWorker)
            self._actors = [actor.remote(embedder.name, getattr(embedder, "model", "") or "", 1)
                            for _ in range(self.workers)]
            ids = set(self._ray.get([a.model_id.remote() for a in self._actors]))
            if ids != {embedder.model_id}:
                raise QAError(f"Ray 工作进程的嵌入模型 {'、'.join(sorted(ids))} 与本机的 {embedder.model_id} 不同："
                              "请在集群各节点安装相同版本的 qa 与模型")
        return self._actors

    def embed_batches(self, embedder, batches):
        from ray.util import ActorPool

        if not batches:
            return iter(())
        pool = ActorPool(self._embed_actors(embedder))
        return pool.map_unordered(lambda a, job: a.embed.remote(*job), list(enumerate(batches)))

    def close(self) -> None:
        for a in self._actors:
            self._ray.kill(a)
        self._actors = []
        if self._started:
            self._ray.shutdown()
            self._started = False


def runner_for(ray_address: str | None, workers: int | None = None) -> LocalRunner:
    """The runner `qa build` uses: local without `ray_address`, else Ray ("local" starts one here)."""
    if ray_address is None:
        return LocalRunner()
    return RayRunner(None if ray_address in ("", "local") else ray_address, workers)
