"""Search tab: query + filters (issuer, year, doc type); hits with the query terms marked."""

from __future__ import annotations

import gradio as gr
import jieba

from qa.errors import QAError
from qa.types import DOC_TYPE_LABELS, Hit
from qa.web import render
from qa.web.engine import Engine

ALL = ""  # dropdown value meaning "no filter"
# Question words that match everywhere and would only add noise to the highlighting.
_NOISE = {"多少", "什么", "哪些", "是否", "怎么", "情况", "公开", "部门"}


def query_terms(query: str) -> list[str]:
    """Words of `query` worth marking in a hit: jieba's search-mode tokens of 2+ chars, and numbers."""
    terms = []
    for tok in jieba.lcut_for_search(query):
        tok = tok.strip()
        if tok and tok not in _NOISE and (len(tok) >= 2 or tok.isdigit()):
            terms.append(tok)
    return terms


def hits_html(hits: list[Hit], query: str, titles: dict[str, str]) -> str:
    if not hits:
        return render.notice_html("没有找到相关段落。可以换个关键词，或放宽筛选条件。")
    pattern = render.terms_pattern(query_terms(query))
    parts = []
    for i, h in enumerate(hits, 1):
        c = h.chunk
        where = c.table or " / ".join(c.section)
        head = " · ".join(x for x in (f"{i}.", titles.get(c.doc_id, c.doc_id), where,
                                       render.line_label(c.line_start, c.line_end), f"得分 {h.score:.3f}") if x)
        link = render.viewer_link(c.doc_id, c.line_start, c.line_end)
        parts.append(
            f'<div class="qa-hit"><div class="qa-meta">{render.esc(head)} · '
            f'<a href="{render.esc(link)}" target="_blank">在原文中查看</a></div>'
            f"<pre>{render.mark(c.text, pattern)}</pre></div>"
        )
    return "".join(parts)


def run_search(engine: Engine, query: str, issuer: str, year: str, doc_type: str, k: int) -> str:
    query = (query or "").strip()
    if not query:
        return render.notice_html("请输入检索词。")
    try:
        hits = engine.searcher.search(query, k=int(k), issuer=issuer or None,
                                      year=int(year) if year else None, doc_type=doc_type or None)
    except QAError as err:
        return render.notice_html(str(err))
    return hits_html(hits, query, engine.titles())


def filter_choices(engine: Engine) -> tuple[list, list, list]:
    """(issuer, year, doc type) dropdown choices from the manifest, each led by 全部."""
    docs = engine.documents()
    issuers = sorted({d.get("issuer") or "" for d in docs} - {""})
    years = sorted({str(d["year"]) for d in docs if d.get("year")}, reverse=True)
    types = sorted({d.get("doc_type") or "" for d in docs} - {""})
    return (
        [("全部", ALL), *[(x, x) for x in issuers]],
        [("全部", ALL), *[(y, y) for y in years]],
        [("全部", ALL), *[(DOC_TYPE_LABELS.get(t, t), t) for t in types]],
    )


def build(engine: Engine) -> dict:
    issuers, years, types = filter_choices(engine)
    with gr.Row():
        query = gr.Textbox(label="检索词", placeholder="例如：三公经费 公务用车", scale=4, elem_id="search-query")
        k = gr.Slider(1, 30, value=10, step=1, label="结果数", scale=1)
    with gr.Row():
        issuer = gr.Dropdown(issuers, value=ALL, label="发布单位", elem_id="search-issuer")
        year = gr.Dropdown(years, value=ALL, label="年度", elem_id="search-year")
        doc_type = gr.Dropdown(types, value=ALL, label="文件类型", elem_id="search-doctype")
        go = gr.Button("检索", variant="primary", elem_id="search-btn")
    results = gr.HTML(elem_id="search-results")

    def on_search(q, i, y, t, n):
        return run_search(engine, q, i, y, t, n)

    gr.on([go.click, query.submit], on_search, [query, issuer, year, doc_type, k], results,
          api_visibility="private")
    return {"issuer": issuer, "year": year, "doc_type": doc_type}
