"""Fact browser (filter by document, metric, year) with CSV export, and the audit findings list.

The CSV is served by a plain GET route (`/export/facts.csv?doc=…&metric=…&year=…`)
rather than a gr.File, so the page never shows a server file path.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import gradio as gr
from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse, Response

from qa import arguments
from qa.arguments import BadArgumentError
from qa.jsonout import fact_json
from qa.types import Fact
from qa.web import render
from qa.web.engine import Engine

SHOWN = 500  # rows in the on-page table; the CSV has them all
CSV_COLUMNS = ("doc", "year", "issuer", "doc_type", "metric", "value", "unit", "period", "aspect",
               "origin", "table", "line_start", "line_end", "quote")
PAGE_COLUMNS = ("doc", "year", "metric", "value", "unit", "period", "line_start", "quote")
PAGE_LABELS = ("文档", "年度", "指标", "数值", "单位", "口径", "行", "原文")
AUDIT_KINDS = {
    "sum_mismatch": "分项之和与合计不符", "table_text_mismatch": "表格与说明不符",
    "duplicate_mismatch": "同一数字前后不一", "rate_mismatch": "增减率与数字不符",
    "rounding": "四舍五入差异", "bad_date": "日期有误", "unit_mismatch": "单位不一致",
}


def _filters(doc: str | None, metric: str | None, year: str | int | None) -> dict:
    return {"doc": doc or None, "metric": (metric or "").strip() or None, "year": _page_year(year)}


def _page_year(year: str | int | None) -> int | None:
    """The page's year box: a year filters, anything else (blank, "abc", 99999999999) does not."""
    try:
        return arguments.year(year)
    except BadArgumentError:
        return None


def csv_filters(engine: Engine, doc: str | None, metric: str | None, year: str | None,
                limit: str | None) -> dict:
    """The CSV link's query parameters checked (a blank one is absent); BadArgumentError names a bad one."""
    given = {k: v for k, v in {"doc": doc, "metric": metric, "year": year, "limit": limit}.items()
             if v is not None and v.strip()}
    checks = {"doc": lambda v: arguments.known_doc(arguments.filter_text(v, "doc"),
                                                   [d["doc"] for d in engine.documents()], "doc"),
              "metric": lambda v: arguments.filter_text(v, "metric"),
              "year": lambda v: arguments.year(v, "year"),
              "limit": lambda v: arguments.count(v, "limit", arguments.LIMIT_MAX)}
    return {k: checks[k](v) for k, v in given.items()}


def fact_rows(facts: list[Fact], columns: tuple[str, ...]) -> list[list]:
    """`columns` of each fact, named as in `qa facts --json`."""
    return [[d[c] for c in columns] for d in map(fact_json, facts)]


def facts_csv(facts: list[Fact]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(fact_rows(facts, CSV_COLUMNS))
    return buf.getvalue()


def browse(engine: Engine, doc: str | None, metric: str | None, year: str | None) -> tuple[list, str]:
    """(table rows, summary + CSV link HTML) for the filters."""
    filters = _filters(doc, metric, year)
    facts = engine.facts(**filters)
    query = urlencode({k: v for k, v in filters.items() if v is not None})
    summary = (f'<div class="qa-meta">共 {len(facts)} 条{f"，表中显示前 {SHOWN} 条" if len(facts) > SHOWN else ""} · '
               f'<a href="/export/facts.csv?{render.esc(query)}" download="facts.csv" id="facts-csv">导出 CSV</a></div>')
    return fact_rows(facts[:SHOWN], PAGE_COLUMNS), summary


def audit_html(engine: Engine, doc: str | None) -> str:
    findings = engine.audit(doc or None)
    if not findings:
        return render.notice_html("没有发现前后不一致之处。")
    titles = engine.titles()
    parts = []
    for f in findings:
        cites = "".join(
            f'<li>{render.line_label(c["line_start"], c["line_end"])}：{render.mark_figure(c.get("quote", ""), None)} '
            f'<a href="{render.esc(render.viewer_link(f["doc"], c["line_start"], c["line_end"]))}" target="_blank">查看</a></li>'
            for c in f.get("citations", [])
        )
        sev = "在舍入误差内" if f.get("severity") == "rounding" else "矛盾"
        parts.append(
            f'<div class="qa-hit"><div class="qa-meta">{render.esc(titles.get(f["doc"], f["doc"]))} · '
            f'{render.esc(AUDIT_KINDS.get(f.get("kind", ""), f.get("kind", "")))} · {sev}</div><div>{render.esc(f.get("message", ""))}</div>'
            f"<ul>{cites}</ul></div>"
        )
    kinds: dict[str, int] = {}
    for f in findings:
        label = AUDIT_KINDS.get(f.get("kind", ""), f.get("kind", ""))
        kinds[label] = kinds.get(label, 0) + 1
    counts = "，".join(f"{k} {n} 处" for k, n in kinds.items())
    # A long list scrolls inside its box instead of stretching the page.
    return (f'<div class="qa-meta">共 {len(findings)} 处：{render.esc(counts)}</div>'
            f'<div class="qa-scroll">{"".join(parts)}</div>')


def add_csv_route(app: FastAPI, engine: Engine) -> None:
    @app.get("/export/facts.csv")
    def export_facts(doc: str | None = Query(None), metric: str | None = Query(None),
                     year: str | None = Query(None), limit: str | None = Query(None)) -> Response:
        try:
            filters = csv_filters(engine, doc, metric, year, limit)
        except BadArgumentError as err:  # a bad parameter is the asker's mistake: 400 with the reason
            return JSONResponse({"error": str(err)}, status_code=400)
        body = facts_csv(engine.facts(**filters))
        # BOM so that Excel opens the UTF-8 Chinese text correctly.
        return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="facts.csv"'})


def doc_choices(engine: Engine) -> list[tuple[str, str]]:
    return [("全部", ""), *[(d.get("title") or d["doc"], d["doc"]) for d in engine.documents()]]


def build(engine: Engine) -> dict:
    with gr.Row():
        doc = gr.Dropdown(doc_choices(engine), value="", label="文档", scale=3, elem_id="facts-doc")
        metric = gr.Textbox(label="指标（包含）", placeholder="例如：三公", scale=2, elem_id="facts-metric")
        year = gr.Textbox(label="年度", placeholder="2025", scale=1, elem_id="facts-year")
        go = gr.Button("筛选", variant="primary", scale=1, elem_id="facts-btn")
    summary = gr.HTML()
    table = gr.Dataframe(headers=list(PAGE_LABELS), value=[], interactive=False, wrap=True,
                         column_widths=["14%", "6%", "18%", "8%", "6%", "8%", "5%", "35%"],
                         max_height=600, elem_id="facts-table")
    gr.Markdown("### 核对发现（表格与说明、分项与合计不一致之处）")
    audit = gr.HTML(elem_id="audit-list")  # filled on page load, so it follows uploads

    def on_browse(d, m, y):
        rows, text = browse(engine, d, m, y)
        return rows, text, audit_html(engine, d)

    gr.on([go.click, metric.submit, year.submit], on_browse, [doc, metric, year], [table, summary, audit],
          api_visibility="private")
    return {"doc": doc, "audit": audit}
