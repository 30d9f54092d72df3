"""Serving overheads removed at their root: per-event work whose cost grows with the process's age,
and per-process preparation left to the first visitors. (Timings: bench/bench_load.py.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from qa.web.server import create_app

QUESTIONS = ("巴州人社局2024年部门预算收入合计是多少？", "昌吉州人社局2022年部门预算支出合计是多少？",
             "北京市2025年财政预算是多少？")




def _queues(app) -> dict:
    return {r.path: r.app.get_blocks()._queue for r in app.routes if isinstance(r, Mount)}


def _ask(client, question: str) -> dict:
    event = client.post("/gradio_api/call/ask", json={"data": [question]}).json()["event_id"]
    stream = client.get(f"/gradio_api/call/ask/{event}").text
    assert "event: complete" in stream, stream[:300]
    return stream


def test_queue_keeps_no_per_event_history(served):
    """Gradio rebuilt a DataFrame of its last 10,000 events after each event, for a monitoring
    summary nothing reads here: a cost that grew with the server's age. No event is kept, on the
    public queue and on the staff one, and the summary stays empty."""
    app, client = served
    for q in QUESTIONS:
        _ask(client, q)
    queues = _queues(app)
    assert set(queues) == {"", "/staff"}
    for queue in queues.values():
        assert queue.event_analytics == {} and queue.cached_event_analytics_summary == {"functions": {}}


def test_routes_are_prepared_before_the_first_visitor(engine, monkeypatch):
    """FastAPI prepares an included router's routes at its first match (~1 s for Gradio's, the event
    loop stalled); create_app does it up front, so no visitor's request prepares any route, on the
    public mount or the staff one."""
    import fastapi.routing as routing

    monkeypatch.setenv("QA_STAFF_USER", "staff")
    monkeypatch.setenv("QA_STAFF_PASSWORD", "secret")
    fresh = create_app(engine)
    prepared = []
    original = routing._IncludedRouter._build_effective_context
    monkeypatch.setattr(routing._IncludedRouter, "_build_effective_context",
                        lambda self, route: prepared.append(route) or original(self, route))
    with TestClient(fresh) as client:
        assert client.get("/config").status_code == 200
        assert client.get("/staff/config").status_code in {200, 401, 403}
        _ask(client, QUESTIONS[0])
    assert prepared == []


def test_document_lists_are_made_once_per_generation(engine):
    """Every answer shown names its documents' titles: the titles (and the sorted manifest entries)
    are made when a generation is loaded, not per question (a sort of every document)."""
    assert engine.titles() is engine.titles()
    docs = engine.documents()
    assert [d["doc"] for d in docs] == sorted(engine.current.doc_ids) == sorted(engine.titles())
    docs.clear()  # a caller's copy: the engine's list is untouched
    assert engine.documents()


@pytest.mark.parametrize("setting, limit", [(None, 1), ("2", 2)])
def test_each_event_answers_one_request_at_a_time_unless_set(engine, monkeypatch, setting, limit):
    """Answering holds the GIL: threads of one event only contend (the server's CPU a request grew
    from ~10.6 ms at 1 to ~14.7 ms at 4 in bench/bench_load.py), so the default is 1 and more
    cores are used by replicas; QA_CONCURRENCY still sets it."""
    if setting is None:
        monkeypatch.delenv("QA_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("QA_CONCURRENCY", setting)
    queue = _queues(create_app(engine))[""]
    assert queue.default_concurrency_limit == limit
