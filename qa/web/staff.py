"""Staff page (mounted at /staff behind Gradio's login): add a disclosure to the live index.

The upload is validated and merged by `qa.build.add_document` (incremental, atomic:
a broken file raises DocumentError and leaves corpus and index untouched); then the
Engine reloads, so the public page answers from the new document without a restart.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from qa.errors import DocumentError, QAError
from qa.web import facts_browser, render
from qa.web.engine import Engine

ACCEPTED = [".pdf", ".docx", ".txt"]
FACTS_SHOWN = 30


def documents_html(engine: Engine) -> str:
    rows = "".join(
        f"<tr><td>{render.esc(d['doc'])}</td><td>{render.esc(d.get('title', ''))}</td>"
        f"<td>{render.esc(d.get('year') or '')}</td><td>{render.esc(d.get('doc_type', ''))}</td></tr>"
        for d in engine.documents()
    )
    return (f'<div class="qa-table"><table><thead><tr><th>文档 id</th><th>标题</th><th>年度</th><th>类型</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div>")


def report_html(engine: Engine, doc_id: str, summary: dict) -> str:
    """What the pipeline made of the new document: metadata, tables, facts, problems, audit."""
    doc = engine.document(doc_id)
    facts = engine.facts(doc=doc_id)
    parts = [f'<div class="qa-notice">已加入索引：{render.esc(doc.title)}（{render.esc(doc_id)}）。'
             f"公开页面现在即可回答关于它的问题。</div>", render.doc_meta_html(doc)]
    parts.append(f"<h4>表格（{len(doc.tables)}）</h4><ul>")
    parts += [f"<li>{render.esc(t.label)} · {render.line_label(t.line_start, t.line_end)} · {len(t.rows)} 行</li>"
              for t in doc.tables]
    parts.append("</ul>")
    parts += [render.table_html(t) for t in doc.tables[:2]]
    parts.append(f"<h4>数据（{len(facts)} 条，显示前 {min(len(facts), FACTS_SHOWN)} 条）</h4><ul>")
    parts += [f"<li>{render.esc(f.metric)}：{render.esc(render.format_number(f.value))} {render.esc(f.unit)}"
              f" · {render.line_label(f.line_start, f.line_end)}</li>" for f in facts[:FACTS_SHOWN]]
    parts.append(f"</ul><h4>解析问题（{len(doc.problems)}）</h4><ul>")
    parts += [f"<li>{render.esc(p.message)}{f'（第{p.line}行）' if p.line else ''}</li>" for p in doc.problems]
    parts.append("</ul><h4>核对发现</h4>")
    parts.append(facts_browser.audit_html(engine, doc_id))
    parts.append(f'<div class="qa-meta">索引已更新：{summary.get("documents")} 个文档，{summary.get("chunks")} 个块，'
                 f'{summary.get("facts")} 条数据（重新处理 {summary.get("processed")} 个，沿用 {summary.get("reused")} 个），'
                 f'用时 {summary.get("seconds")} 秒。</div>')
    return "".join(parts)


def _uploaded(path: Path) -> bool:
    """True for a file inside Gradio's upload folder (where the staff page's uploads land)."""
    from gradio.utils import get_upload_folder, is_in_or_equal

    return path.is_file() and not path.is_symlink() and is_in_or_equal(path.resolve(), get_upload_folder())


def add_upload(engine: Engine, path: str | None) -> tuple[str, str]:
    """Validate, add and index one uploaded file; (report, document list) HTML."""
    from qa.build import add_document

    if not path:
        return render.notice_html("请先选择一个 PDF、DOCX 或 TXT 文件。"), documents_html(engine)
    if Path(path).suffix.lower() not in ACCEPTED:
        return render.notice_html("只接受 PDF、DOCX 或 TXT 文件。"), documents_html(engine)
    with engine.write_lock:
        try:
            summary = add_document(Path(path), engine.corpus_dir, engine.index_dir)
        except DocumentError as err:  # rejected: the reason, and the index is as it was
            # err names the upload's temporary path; staff need only the file name.
            return (render.notice_html(f"未加入索引：{Path(path).name} 无法读取：{err.reason}"),
                    documents_html(engine))
        except QAError as err:
            return render.notice_html(f"未加入索引：{err}"), documents_html(engine)
        engine.refresh()  # unless this replica's watcher (Engine.follow) has loaded it already
    return report_html(engine, summary["added"]["doc"], summary), documents_html(engine)


def build_blocks(engine: Engine) -> gr.Blocks:
    with gr.Blocks(analytics_enabled=False, title="预算公开问答 · 员工") as staff:
        gr.Markdown("## 员工：添加公开文件\n上传 PDF / DOCX / TXT；文件名（去扩展名）即文档 id。"
                    "解析通过后加入语料并增量重建索引，无需重启。 [退出登录](/staff/logout)")
        upload = gr.File(label="公开文件", file_types=ACCEPTED, type="filepath", elem_id="upload")
        go = gr.Button("解析并加入索引", variant="primary", elem_id="upload-btn")
        report = gr.HTML(elem_id="upload-report")
        gr.Markdown("### 当前语料")
        docs = gr.HTML(elem_id="staff-docs")

        def on_upload(p):
            # Only bytes the browser uploaded, never a path on the server named by the client;
            # the file input is emptied after each attempt, ready for the next file.
            if p and not _uploaded(Path(p)):
                return render.notice_html("只接受本页上传的文件。"), documents_html(engine), None
            return (*add_upload(engine, p), None)

        go.click(on_upload, upload, [report, docs, upload], concurrency_limit=1, api_visibility="private")
        staff.load(lambda: documents_html(engine), None, docs, api_visibility="private")
    return staff
