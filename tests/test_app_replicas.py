"""Several app processes serve one index; a generation published by `qa build` reaches every one
of them without a restart (qa.web.engine.Engine.follow), and each keeps serving the generation
it has until the new one is loaded."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from qa.web.engine import Engine
from qa.web.local_server import LocalServer
from tests.conftest import CORPUS, ROOT

SEED = "changji-hrss-center-2025-budget"
QUERY = "三公经费 公务用车"
ASKED = "巴州人社局2024年部门预算收入合计是多少？"
WAIT = 180.0  # bound on waiting for a replica to follow (a shared box is slow); not a latency assertion


def copy_corpus(work: Path) -> Path:
    corpus = work / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus


def add_copy(corpus: Path, doc_id: str) -> None:
    """One more document: a seed disclosure under a new id."""
    shutil.copy2(corpus / f"{SEED}.txt", corpus / f"{doc_id}.txt")


def qa_build(corpus: Path, index: Path) -> None:
    """`qa build` in its own process, as an operator runs it beside the replicas."""
    subprocess.run([sys.executable, "-m", "qa", "build", "--corpus", str(corpus), "--index", str(index)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)


@pytest.fixture()
def index(tmp_path) -> tuple[Path, Path]:
    corpus = copy_corpus(tmp_path)
    qa_build(corpus, tmp_path / "index")
    return corpus, tmp_path / "index"


def test_engine_swaps_in_a_generation_published_beside_it(index):
    corpus, index_dir = index
    engine = Engine(index_dir, corpus)
    assert engine.refresh() is False  # nothing new: no reload
    for doc_id in ("replica-copy-a", "replica-copy-b"):  # two generations in turn
        before = engine.current
        add_copy(corpus, doc_id)
        qa_build(corpus, index_dir)
        # until refresh, the loaded generation serves
        assert doc_id not in engine.current.doc_ids and engine.answerer.ask(ASKED).status == "answered"
        assert engine.refresh() is True
        assert doc_id in engine.current.doc_ids and engine.current.generation != before.generation
        assert doc_id in engine.titles() and doc_id in {d["doc"] for d in engine.documents()}
        assert [h.chunk.doc_id for h in engine.searcher.search(QUERY, k=3, doc=doc_id)] == [doc_id] * 3
    assert engine.refresh() is False


def test_engine_reloads_when_its_generation_was_removed(index):
    """Two builds before the watcher looked: the generation loaded is gone (a build keeps the
    current one and the one before), and the next question is answered from the published one."""
    corpus, index_dir = index
    engine = Engine(index_dir, corpus)
    loaded = engine.current.generation
    for doc_id in ("replica-copy-c", "replica-copy-d"):
        add_copy(corpus, doc_id)
        qa_build(corpus, index_dir)
    assert not loaded.is_dir()
    assert engine.answerer.ask(ASKED).status == "answered"
    assert "replica-copy-d" in engine.current.doc_ids


def _serves(client, doc_id: str) -> bool:
    hits = client.predict(QUERY, 3, doc_id, api_name="/search")
    return bool(hits) and all(h["doc"] == doc_id for h in hits)


def _wait_until_served(client, doc_id: str) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if _serves(client, doc_id):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_two_replicas_follow_new_generations_without_restart(index, tmp_path):
    from gradio_client import Client

    corpus, index_dir = index
    with ExitStack() as stack:
        servers = [LocalServer(index_dir, corpus, tmp_path / f"replica-{i}.log") for i in range(2)]
        clients = [Client(stack.enter_context(s), verbose=False) for s in servers]
        pids = [s.proc.pid for s in servers]
        for doc_id in ("replica-copy-a", "replica-copy-b"):
            assert not any(_serves(c, doc_id) for c in clients)  # not in the generation they serve
            add_copy(corpus, doc_id)
            qa_build(corpus, index_dir)
            for server, client in zip(servers, clients, strict=True):
                assert _wait_until_served(client, doc_id), server.log()
        # the same processes all along, still answering
        assert [s.proc.pid for s in servers] == pids and all(s.proc.poll() is None for s in servers)
        out = clients[1].predict("昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？", api_name="/ask")
        assert out["status"] in {"answered", "ambiguous"}


def test_index_writes_are_serialised_across_replicas(tmp_path):
    """Uploads on two replicas of one index take turns: the write lock holds across engines of
    one process and across processes."""
    from qa.web.engine import WriteLock

    first, second = WriteLock(tmp_path), WriteLock(tmp_path)
    with first:
        assert second.acquire(blocking=False) is False
    assert second.acquire(blocking=False) is True
    second.release()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from qa.web.engine import WriteLock; "
         f"lock = WriteLock({str(tmp_path)!r}); lock.acquire(); print('held', flush=True); sys.stdin.read()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert first.acquire(blocking=False) is False  # another process holds it
    finally:
        holder.communicate("", timeout=60)  # the holder exits, its lock goes with it
    assert first.acquire() is True
    first.release()
