"""The first `python app.py`: the page answers from facts and BM25 while the vectors are computed.

Real parts throughout: the seed corpus copied, an empty index and an empty embedding cache
(QA_CACHE), app.py's own steps, the real Gradio server on a loopback port and gradio_client.
The background embedding waits on the engine's write lock (the lock a staff upload takes)
while the page is asked, so "answers before embedding finished" holds by construction, not
by timing.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow

spec = importlib.util.spec_from_file_location("app", ROOT / "app.py")
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)

THREE_PUBLIC = "昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？"
# A second kind of question: a reason read from the text, found by retrieval, not the fact store.
PASSAGE_DOC = "changji-hrss-center-2025-budget"


class _Server:
    """uvicorn serving `app` on a free loopback port in a thread (stopped on exit)."""

    def __init__(self, asgi):
        import uvicorn

        from qa.web.local_server import free_port

        self.url = f"http://127.0.0.1:{(port := free_port())}"
        self.server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        for _ in range(600):
            if self.server.started:
                return self.url
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A copied corpus (two of the seed documents: the embedding from an empty cache is the
    slow part of the suite, and two documents show the same behaviour), no index, an empty
    embedding cache."""
    work = tmp_path_factory.mktemp("first-run")
    (work / "corpus").mkdir()
    for name in (PASSAGE_DOC, "bayingol-hrss-bureau-2022-performance-targets"):
        shutil.copy2(CORPUS / f"{name}.txt", work / "corpus" / f"{name}.txt")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE", str(work / "empty-cache"))
    yield work
    mp.undo()


def test_page_answers_while_vectors_are_built_then_swaps_them_in(fresh):
    from gradio_client import Client

    from qa.web.engine import Engine
    from qa.web.server import create_app

    corpus, index = fresh / "corpus", fresh / "index"
    app.ensure_index(corpus, index)
    engine = Engine(index, corpus)
    assert not engine.dense_ready
    assert "正在建立索引" in engine.status_text()
    assert not any((fresh / "empty-cache").rglob("*.npy")), "nothing embedded before the page serves"

    with engine.write_lock:  # the background build waits here, as it would behind a staff upload
        worker = app.complete_in_background(engine)
        assert worker is not None and worker.is_alive()
        with _Server(create_app(engine)) as url:
            client = Client(url, verbose=False)
            out = client.predict(THREE_PUBLIC, api_name="/ask")
            assert out["status"] == "answered" and out["value"] == pytest.approx(2.28), out["answer"]
            assert out["citations"][0]["doc"] == PASSAGE_DOC
            hits = client.predict("三公经费 公务用车", api_name="/search")
            assert hits and all(h["doc"] for h in hits)
            assert not engine.dense_ready, "answered before the vectors existed"
    worker.join(timeout=900)
    assert not worker.is_alive()
    assert engine.dense_ready and engine.status_text() == ""
    assert any((fresh / "empty-cache").rglob("*.npy"))
    hit = engine.searcher.search("三公经费 公务用车", k=1, mode="dense")
    assert hit and hit[0].dense_rank == 1
    again = engine.answerer.ask(THREE_PUBLIC)
    assert again.status == "answered" and again.value == pytest.approx(2.28)
    assert app.complete_in_background(engine) is None, "a complete index starts no background build"


def test_cli_answers_and_searches_from_an_index_without_vectors(fresh, tmp_path):
    """`qa` on an index the app left without vectors: BM25-only search, figures from facts."""
    from qa.build import build_index

    index = tmp_path / "index"
    report = build_index(fresh / "corpus", index, progress=None, embed=False)
    assert report["dense"] is False and report["embedded"] == 0
    base = [sys.executable, "-m", "qa"]
    ask = subprocess.run([*base, "ask", THREE_PUBLIC, "--index", str(index), "--json"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert ask.returncode == 0, ask.stderr
    assert '"value": 2.28' in ask.stdout
    for mode in ("fused", "bm25"):
        search = subprocess.run([*base, "search", "培训费", "--index", str(index), "--mode", mode, "--json"],
                                capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert search.returncode == 0 and '"doc"' in search.stdout, search.stderr


def test_build_shows_progress_bars_on_stderr(fresh, tmp_path):
    """`qa build` draws a bar per long step: parsing per file (and embedding per batch when it embeds)."""
    out = subprocess.run([sys.executable, "-m", "qa", "build", "--corpus", str(fresh / "corpus"),
                          "--index", str(tmp_path / "index"), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert out.returncode == 0, out.stderr
    assert "解析与抽取" in out.stderr and ("文件/s" in out.stderr or "s/文件" in out.stderr), out.stderr
    assert out.stdout.lstrip().startswith("{"), "stdout carries the JSON only"


def test_a_changed_document_format_reprocesses_cached_documents(fresh, tmp_path, monkeypatch):
    """The cache key holds the pipeline version and the document format: either changing re-parses."""
    from qa import build

    index = tmp_path / "index"
    build.build_index(fresh / "corpus", index, progress=None, embed=False)
    assert build.build_index(fresh / "corpus", index, progress=None, embed=False)["processed"] == 0
    monkeypatch.setattr(build, "FORMAT", build.FORMAT + 1)
    assert build.build_index(fresh / "corpus", index, progress=None, embed=False)["reused"] == 0
    monkeypatch.setattr(build, "PIPELINE_VERSION", build.PIPELINE_VERSION + 1)
    assert build.build_index(fresh / "corpus", index, progress=None, embed=False)["reused"] == 0
