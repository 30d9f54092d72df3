"""The public page: no upload anywhere, no server path, a viewer that opens only corpus ids."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from qa.errors import UnknownDocumentError
from qa.web import viewer
from qa.web.server import create_app, fresh_lists, open_from_link

# Components through which a browser can send a file to the server.
UPLOADING = {"file", "uploadbutton", "image", "video", "audio", "gallery", "model3d", "imageeditor",
             "multimodaltextbox", "simpleimage", "annotatedimage", "dataset_file"}
TRAVERSAL = "../../etc/passwd"


@pytest.fixture(scope="module")
def client(served):
    return served[1]


@pytest.fixture(scope="module")
def public_config(client) -> dict:
    """The page configuration exactly as the browser receives it."""
    resp = client.get("/config")
    assert resp.status_code == 200
    return resp.json()


def test_public_page_has_no_upload_component(public_config):
    types = {c["type"] for c in public_config["components"]}
    assert {"chatbot", "textbox", "html"} <= types
    assert not types & UPLOADING


def test_public_page_shows_no_server_path(public_config, engine):
    text = json.dumps(public_config, ensure_ascii=False)
    for path in (engine.index_dir.resolve(), engine.corpus_dir.resolve()):
        assert str(path) not in text
    assert "/tmp/" not in text


def test_viewer_refuses_ids_outside_the_corpus(engine):
    with pytest.raises(UnknownDocumentError):
        engine.document(TRAVERSAL)
    header, lines, tables = viewer.view(engine, TRAVERSAL, 1, 5)
    assert "没有文档" in header and lines == "" and tables == ""
    assert "root:" not in header


def test_link_with_a_foreign_id_opens_nothing(engine):
    request = SimpleNamespace(query_params={"doc": TRAVERSAL, "lines": "1-5"})
    updates = open_from_link(engine, request)
    assert updates[1]["value"] is None  # the dropdown never holds the foreign string
    assert "没有文档" in updates[4] and updates[5] == ""


def test_viewer_opens_a_cited_span_with_its_table(engine):
    doc = engine.documents()[0]["doc"]
    table = next(t for t in engine.document(doc).tables if t.rows)
    header, lines, tables = viewer.view(engine, doc, table.line_start, table.line_start)
    assert f'id="L{table.line_start}"' in lines and 'class="cited"' in lines
    assert "<table>" in tables


def test_page_load_refreshes_lists(engine):
    issuers, years, types, docs, audit = fresh_lists(engine)
    assert len(docs["choices"]) == len(engine.documents()) + 1  # 全部 + every document
    assert issuers["choices"] and years["choices"] and types["choices"]
    assert "qa-hit" in audit or "qa-notice" in audit


def test_public_upload_route_is_closed(client):
    resp = client.post("/gradio_api/upload", files={"files": ("x.txt", b"hello", "text/plain")})
    assert resp.status_code == 403


def test_staff_page_needs_login(client):
    assert client.get("/staff", follow_redirects=False).status_code in (302, 307)
    assert client.get("/staff/config").status_code == 401


def test_facts_csv_export(client, engine):
    doc = engine.documents()[0]["doc"]
    resp = client.get("/export/facts.csv", params={"doc": doc})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = resp.text.lstrip("\ufeff").splitlines()
    assert rows[0].startswith("doc,year,issuer") and len(rows) > 1
    assert all(r.startswith(doc) for r in rows[1:] if r[:1].isalpha())


def _layers(app):
    """The middleware instances of a built Starlette app, outermost first."""
    layer = app.middleware_stack or app.build_middleware_stack()
    while hasattr(layer, "app"):
        yield layer
        layer = layer.app


async def _passes_untouched(layer, method: str, path: str) -> bool:
    """Whether `layer` hands a request to the app below with the server's own `receive`."""
    seen = {}

    async def below(scope, receive, send):
        seen["receive"] = receive

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "headers": [], "scheme": "http", "server": ("127.0.0.1", 80)}
    inner, layer.app = layer.app, below
    try:
        await layer(scope, receive, send)
    except RuntimeError:  # a wrapping middleware wants a response from `below`, which sends none
        pass
    finally:
        layer.app = inner
    return seen.get("receive") is receive


@pytest.mark.parametrize("path", ["/gradio_api/queue/data", "/staff/gradio_api/queue/data", "/config"])
def test_reads_and_event_streams_pass_the_request_checks_untouched(client, path):
    """A GET (an answer's event stream above all) reaches Gradio unwrapped: a BaseHTTPMiddleware
    copies every streamed chunk through its own task group, which was most of a question's
    serving cost under load. The checks themselves stay on (tests/test_app_security.py)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.middleware.base import BaseHTTPMiddleware

    ours = [m for m in _layers(client.app)
            if isinstance(m, BaseHTTPMiddleware) or type(m).__module__.startswith("qa.")]
    assert ours  # the guard and the upload block are installed
    def passes(layer, method: str, where: str) -> bool:  # in a thread: a browser test may hold a loop
        with ThreadPoolExecutor(1) as one:
            return one.submit(asyncio.run, _passes_untouched(layer, method, where)).result()

    assert all(passes(m, "GET", path) for m in ours)
    # a POST still goes through every check (the guard reads its body)
    assert not all(passes(m, "POST", "/gradio_api/queue/join") for m in ours)


def test_viewer_opens_without_a_span_and_takes_line_text(engine):
    """The line fields are text: empty, 0 or words open the first page with nothing marked (no red
    field), a number alone marks that line."""
    doc = engine.documents()[0]["doc"]
    for start, end in (("", ""), ("0", "0"), ("abc", None), (None, None), (-5, 3)):
        header, lines, _ = viewer.view(engine, doc, start, end)
        assert 'id="L1"' in lines and "cited" not in lines and "输入行号" in header
    _, lines, _ = viewer.view(engine, doc, "3", "")
    assert re.search(r'class="[^"]*cited[^"]*" id="L3"|id="L3" class="cited"', lines)


def test_upload_refusal_names_staff_only_when_it_exists(engine, client, monkeypatch):
    upload = {"files": ("x.txt", b"hello", "text/plain")}
    assert "/staff" in client.post("/gradio_api/upload", files=upload).json()["error"]
    monkeypatch.delenv("QA_STAFF_USER", raising=False)
    monkeypatch.delenv("QA_STAFF_PASSWORD", raising=False)
    with TestClient(create_app(engine)) as bare:
        refused = bare.post("/gradio_api/upload", files=upload)
        assert refused.status_code == 403 and "/staff" not in refused.json()["error"]
        assert "staff" not in json.dumps(bare.get("/config").json(), ensure_ascii=False).lower()


def test_process_is_warmed_before_the_first_visitor(engine):
    """Gradio switches matplotlib's backend around every event; the first switch imports matplotlib
    (~0.5 s with the event loop stalled), so create_app does it once, up front, in a fresh process."""
    import subprocess
    import sys

    probe = ("import sys; from pathlib import Path; from qa.web.engine import Engine; "
             "from qa.web.server import create_app; "
             f"create_app(Engine(Path({str(engine.index_dir)!r}), Path({str(engine.corpus_dir)!r}))); "
             "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip().endswith("True")
