"""`python app.py` serves the CONTRACT API: gradio_client gets the qa ask / qa search JSON."""

from __future__ import annotations

import pytest

from qa.web.local_server import LocalServer

pytestmark = pytest.mark.slow

ASK_KEYS = {"status", "answer", "value", "unit", "citations", "ms"}
CITATION_KEYS = {"doc", "section", "table", "line_start", "line_end", "quote"}
HIT_KEYS = {"doc", "section", "table", "line_start", "line_end", "score", "text"}


@pytest.fixture(scope="module")
def client(built_index, tmp_path_factory):
    from gradio_client import Client

    log = tmp_path_factory.mktemp("api") / "server.log"
    with LocalServer(built_index, built_index.parent / "corpus", log) as url:
        yield Client(url, verbose=False)


def test_ask_returns_the_contract_object(client):
    out = client.predict("昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？", api_name="/ask")
    assert isinstance(out, dict) and out.keys() >= ASK_KEYS
    assert out["status"] == "answered", out["answer"]
    assert out["value"] == pytest.approx(2.28) and out["unit"] == "万元"
    assert out["citations"] and all(c.keys() >= CITATION_KEYS for c in out["citations"])
    assert out["citations"][0]["doc"] == "changji-hrss-center-2025-budget"


def test_ask_outside_the_corpus_is_not_found(client):
    out = client.predict("巴州人社局2025年“三公”经费预算是多少？", api_name="/ask")  # no such document
    assert out["status"] == "not_found" and out["value"] is None


def test_search_returns_the_contract_list(client):
    hits = client.predict("三公经费 公务用车", api_name="/search")
    assert isinstance(hits, list) and hits
    assert all(h.keys() >= HIT_KEYS for h in hits)
    assert all(h["line_start"] <= h["line_end"] for h in hits)


def test_only_ask_and_search_are_public(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask", "/search"}
