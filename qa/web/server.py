"""Assembles the process: one Engine, the public page at /, the staff page at /staff.

Design: two gr.Blocks mounted on one FastAPI app. Gradio's `auth=` applies to a
whole mounted Blocks, so the staff upload lives in its own Blocks with
auth=(QA_STAFF_USER, QA_STAFF_PASSWORD) and the public Blocks has no upload
component at all; a middleware also refuses Gradio's generic upload route for the
public mount, so nothing can be uploaded without logging in. `qa.web.guard` refuses
file-shaped event payloads, switches Gradio's path checks on for the mounted Blocks,
throttles and tightens the staff login, and closes the monitoring routes.
"""

from __future__ import annotations

import contextlib

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Mount

from qa import settings
from qa.errors import QAError
from qa.web import api, chat, facts_browser, guard, render, search, staff, viewer
from qa.web.engine import Engine

PUBLIC_UPLOAD = "/gradio_api/upload"
STATUS_EVERY = 1.0  # seconds between the queue's position updates to waiting visitors


def open_from_link(engine: Engine, request: gr.Request | None) -> list:
    """On page load: `?doc=ID&lines=A-B` (the sources' links) opens the viewer there.

    Returns updates for [tabs, viewer doc, start, end, header, lines, tables].
    """
    params = dict(request.query_params) if request else {}
    doc_id, span = params.get("doc"), viewer.parse_lines(params.get("lines"))
    choices = viewer.doc_choices(engine)
    if not doc_id:
        return [gr.Tabs(), gr.update(choices=choices), *[gr.update()] * 5]
    start, end = span or (None, None)
    header, lines, tables = viewer.view(engine, doc_id, start, end)
    known = doc_id in engine.current.doc_ids  # never put an unknown string into the dropdown
    return [gr.Tabs(selected="viewer"), gr.update(choices=choices, value=doc_id if known else None),
            start, end, header, lines, tables]


def fresh_lists(engine: Engine) -> list:
    """Dropdown choices and the audit list as of now (a staff upload may have added a document)."""
    issuers, years, types = search.filter_choices(engine)
    return [gr.update(choices=issuers), gr.update(choices=years), gr.update(choices=types),
            gr.update(choices=facts_browser.doc_choices(engine)), facts_browser.audit_html(engine, None)]


def build_public(engine: Engine) -> gr.Blocks:
    with gr.Blocks(analytics_enabled=False, title="预算公开问答") as demo:
        gr.Markdown("# 预算公开问答\n根据政府部门公开的预算、决算和绩效目标文件作答；每个数字都标明出处，可展开核对原文。")
        status = gr.Markdown()  # "正在建立索引…" while the vectors are computed (first run)
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="chat"):
                chat.build(engine)
            with gr.Tab("检索", id="search"):
                filters = search.build(engine)
            with gr.Tab("原文", id="viewer"):
                view = viewer.build(engine)
            with gr.Tab("数据与核对", id="facts"):
                facts = facts_browser.build(engine)
        api.register(engine)
        demo.load(engine.status_text, None, status, api_visibility="private")

        def on_load(request: gr.Request):
            return open_from_link(engine, request) + fresh_lists(engine)

        demo.load(on_load, None,
                  [tabs, view["doc"], view["start"], view["end"], view["header"], view["lines"], view["tables"],
                   filters["issuer"], filters["year"], filters["doc_type"], facts["doc"], facts["audit"]],
                  api_visibility="private")
    return demo


class NoPublicUpload:
    """Refuses Gradio's upload route of the public mount; a plain ASGI middleware, so the other
    requests (event streams above all) pass through untouched."""

    def __init__(self, app, staff: bool = False):
        self.app = app
        # /staff is named only when it exists (staff login configured).
        self.message = "公开页面不接受上传" + ("；员工请在 /staff 登录后上传。" if staff else "。")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == PUBLIC_UPLOAD:
            refused = JSONResponse({"error": self.message}, status_code=403)
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


def warm(app: FastAPI, engine: Engine) -> None:
    """Once per process, before the first visitor: Gradio switches matplotlib to the agg backend
    around every event, and the first switch imports matplotlib (~0.5 s on the event loop, every
    waiting request stalled); FastAPI builds the routes of each mounted app at its first request
    (~1 s for Gradio's); the answerer's first question builds lazily loaded parts."""
    with contextlib.suppress(ImportError):
        import matplotlib

        matplotlib.use("agg")
    warm_routes(app)
    with contextlib.suppress(QAError):
        engine.answerer.ask(chat.EXAMPLES[0])


def warm_routes(app) -> None:
    """Match one request against every route of `app` and of the apps mounted in it: FastAPI
    prepares an included router's routes (dependants, validators) at the first match, which
    otherwise is the first visitor's, with the event loop stalled."""
    scope = {"type": "http", "method": "GET", "path": "/", "root_path": "", "headers": [], "query_string": b""}
    for route in getattr(getattr(app, "router", None), "routes", ()):
        route.matches(scope)
        if isinstance(route, Mount):
            warm_routes(route.app)


def quiet_queue(blocks: gr.Blocks) -> gr.Blocks:
    """Stop the queue's per-event analytics. After every event Gradio rebuilt a pandas DataFrame
    of the last 10,000 events for its monitoring summary (10 ms an event at 500 events, 30 ms at
    10,000: a server slowing down with its age); the monitoring routes are closed (guard), so
    nothing reads it. With no event kept, the summary is never computed."""
    blocks._queue.ANALYTICS_MAX_EVENTS = 0
    return blocks


def _staff_disabled() -> HTMLResponse:
    return HTMLResponse("<p>员工上传未启用：请设置环境变量 QA_STAFF_USER 和 QA_STAFF_PASSWORD 后重启。</p>",
                        status_code=404)


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="预算公开问答")

    user, password = settings.get("staff_user"), settings.get("staff_password")
    app.add_middleware(NoPublicUpload, staff=bool(user and password))

    @app.exception_handler(QAError)
    async def qa_error(_request: Request, err: QAError) -> JSONResponse:
        return JSONResponse({"error": str(err), "code": err.code}, status_code=400)

    facts_browser.add_csv_route(app, engine)
    # Queue positions are sent every STATUS_EVERY seconds, not to every waiting visitor at each
    # start of an event ("auto"): with many short questions those broadcasts cost more than answering.
    queue = {"default_concurrency_limit": int(settings.get("concurrency")), "status_update_rate": STATUS_EVERY}
    served = (engine.index_dir, engine.corpus_dir)
    common = {"css": render.CSS, "footer_links": ["api"], "run_history": False, "enable_monitoring": False}
    guard.install(app, "/staff", user or "")
    if user and password:
        # The mount answers /staff/ only; without this the bare /staff fell through to the public app.
        app.get("/staff", include_in_schema=False)(lambda: RedirectResponse("/staff/"))
        staff_blocks = quiet_queue(staff.build_blocks(engine).queue(**queue))
        gr.mount_gradio_app(app, staff_blocks, "/staff", auth=guard.StaffAuth(user, password),
                            auth_message="员工登录", max_file_size=f"{settings.get('max_file_mb')}mb", **common)
        guard.lock_paths(staff_blocks, *served)
    else:
        app.get("/staff")(_staff_disabled)
    public = quiet_queue(build_public(engine).queue(**queue))
    gr.mount_gradio_app(app, public, "/", **common)
    guard.lock_paths(public, *served)
    warm(app, engine)
    return app
