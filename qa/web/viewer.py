"""Document viewer: a corpus document's original lines around the cited ones, tables as tables.

Only ids listed in the index manifest open (Engine.document); anything else — a
typo, "../../etc/passwd" — gets the UnknownDocumentError message and no file is read.
"""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.web import render
from qa.web.engine import Engine

CONTEXT = 15  # lines shown before and after the cited span
FIRST_PAGE = 200  # lines shown when no span is asked for


def parse_lines(text: str | None) -> tuple[int, int] | None:
    """"388-405" or "597" -> (388, 405) / (597, 597); None for anything else."""
    if not text:
        return None
    parts = str(text).replace("–", "-").split("-", 1)
    try:
        start = int(parts[0])
        end = int(parts[1]) if len(parts) == 2 else start
    except ValueError:
        return None
    return (start, end) if 0 < start <= end else None


def line_number(value) -> int | None:
    """A line field's value (the box's text, or a number from a link) as a line number; else None."""
    try:
        number = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number and number > 0 else None


def view(engine: Engine, doc_id: str | None, start=None, end=None) -> tuple[str, str, str]:
    """(header, lines, tables) HTML for `doc_id` at lines start..end (all optional but the id).

    The lines are the document rendered (headings, tables, bold; no markdown markers) with the
    cited span marked; `tables` are the tables the system read from that stretch."""
    if not doc_id:
        return render.notice_html("请选择一份文档。"), "", ""
    try:
        doc = engine.document(doc_id)
    except QAError as err:
        return render.notice_html(str(err)), "", ""
    start, end = line_number(start), line_number(end)
    end = end or start
    if start and end and start <= end:
        cited = range(start, end + 1)
        first, last = start - CONTEXT, end + CONTEXT
    else:
        cited, first, last = None, 1, FIRST_PAGE
    tables = [t for t in doc.tables if t.line_start <= last and t.line_end >= first]
    where = render.line_label(cited.start, cited.stop - 1) if cited else f"第1–{min(last, len(doc.lines))}行"
    header = (f"<div><b>{render.esc(doc.title)}</b></div>"
              f'<div class="qa-meta">{render.esc(doc.doc_id)} · 共 {len(doc.lines)} 行 · 显示{where}'
              f'{"附近（黄色为引用的行）" if cited else "；输入行号可跳到引用处"}</div>')
    read = "".join(render.table_html(t, cited) for t in tables)
    tables_html = (f'<div class="qa-meta">本段读出的表格（作答所用的数字）</div><div class="qa-lines">{read}</div>'
                   if read else "")
    return header, render.lines_html(doc, first, last, cited), tables_html


def doc_choices(engine: Engine) -> list[tuple[str, str]]:
    return [(f"{d.get('title') or d['doc']}（{d['doc']}）", d["doc"]) for d in engine.documents()]


def build(engine: Engine) -> dict:
    """Lay out the viewer, open on the first document; returns its components so the page can
    open it from a link. The line fields are text boxes: empty is valid (no red state)."""
    choices = doc_choices(engine)
    first = choices[0][1] if choices else None
    header0, lines0, tables0 = view(engine, first)
    with gr.Row():
        doc = gr.Dropdown(choices, value=first, label="文档", scale=4, elem_id="viewer-doc")
        start = gr.Textbox(label="起始行", placeholder="如 100（可空）", scale=1, elem_id="viewer-start")
        end = gr.Textbox(label="结束行", placeholder="如 120（可空）", scale=1, elem_id="viewer-end")
        go = gr.Button("打开", variant="primary", scale=1, elem_id="viewer-btn")
    header = gr.HTML(header0, elem_id="viewer-header")
    with gr.Row():
        with gr.Column(scale=3):
            lines = gr.HTML(lines0, elem_id="viewer-lines")
        with gr.Column(scale=2):
            tables = gr.HTML(tables0, elem_id="viewer-tables")

    def on_view(d, s, e):
        return view(engine, d, s, e)

    gr.on([go.click, start.submit, end.submit], on_view, [doc, start, end], [header, lines, tables],
          api_visibility="private")
    doc.input(lambda d: [*view(engine, d), "", ""], doc, [header, lines, tables, start, end],
              api_visibility="private")
    return {"doc": doc, "start": start, "end": end, "header": header, "lines": lines, "tables": tables}
