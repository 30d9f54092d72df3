"""HTML fragments shared by the pages: figures, citations, highlighted text, tables.

Every string that came from a document or a user passes through `html.escape`
before it reaches the page; markup is only ever added around escaped text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from qa.types import DOC_TYPE_LABELS, Answer, Citation, Document, Table

CSS = """
.qa-answer { font-size: 1rem; line-height: 1.7; }
.qa-figure { font-size: 2rem; font-weight: 700; color: #b45309; margin: .2rem 0 .4rem; }
.qa-figure .qa-unit { font-size: 1.1rem; font-weight: 600; margin-left: .3rem; color: #92400e; }
.qa-notice { background: #eff6ff; border-left: 4px solid #3b82f6; padding: .5rem .8rem; }
.qa-sources { margin-top: .6rem; }
.qa-src { border: 1px solid #e5e7eb; border-radius: 6px; margin: .3rem 0; padding: .2rem .6rem; }
.qa-src summary { cursor: pointer; font-size: .9rem; color: #374151; }
.qa-src blockquote { margin: .4rem 0; padding-left: .6rem; border-left: 3px solid #d1d5db; white-space: pre-wrap; }
.qa-meta { color: #6b7280; font-size: .85rem; }
mark { background: #fde68a; padding: 0 .1em; }
.qa-scroll { max-height: 60vh; overflow: auto; }
.qa-hit { border-bottom: 1px solid #e5e7eb; padding: .5rem 0; }
.qa-hit pre { white-space: pre-wrap; margin: 0; font-family: inherit; }
.qa-lines { font-size: .9rem; line-height: 1.6; max-height: 70vh; overflow: auto; }
.qa-lines > div { padding-left: 3.5em; text-indent: -3.5em; white-space: pre-wrap; min-height: 1.6em; }
.qa-lines .ln { color: #9ca3af; display: inline-block; min-width: 3.5em; text-indent: 0; user-select: none;
  font-weight: 400; font-size: .8rem; }
.qa-lines .cited, .qa-lines tr.cited td, .qa-table tr.cited td { background: #fef3c7; }
.qa-lines .qa-h { font-weight: 700; margin-top: .4em; }
.qa-lines .qa-rule { border-bottom: 1px solid #e5e7eb; min-height: .9em; }
.qa-lines .qa-h1 { font-size: 1.3rem; } .qa-lines .qa-h2 { font-size: 1.15rem; }
.qa-lines .qa-h3 { font-size: 1.05rem; }
.qa-src-table { border-collapse: collapse; font-size: .85rem; margin: .3rem 0 .6rem; }
.qa-src-table th, .qa-src-table td { border: 1px solid #d1d5db; padding: .1rem .4rem; }
.qa-src-table th { background: #f3f4f6; }
.qa-src-table td.num { text-align: right; }
.qa-src-table td.ln { border: none; padding-left: 0; text-align: left; }
/* Gradio's "scroll to the latest message" arrow floats over the middle of the chat's bottom edge:
   it goes to the right margin, and the last message gets room below it, so no source is covered. */
#chat .bubble-wrap { padding-bottom: 3.5rem; }
#chat .scroll-down-button-container { left: auto; right: 1rem; transform: none; }
.qa-table table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0 1rem; }
.qa-table th, .qa-table td { border: 1px solid #d1d5db; padding: .15rem .4rem; }
.qa-table th { background: #f3f4f6; }
.qa-table td.num { text-align: right; }
"""

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def format_number(value: float) -> str:
    """2.28 -> "2.28", 1583.1 -> "1,583.1", 12.0 -> "12": never more digits than needed."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text or "0"


def mark(text: str, pattern: re.Pattern | None) -> str:
    """Escaped `text` with every match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return esc(text)
    out, pos = [], 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        out.append(esc(text[pos : m.start()]))
        out.append(f"<mark>{esc(m.group(0))}</mark>")
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def terms_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """One regex matching any of `terms`, longest first so 三公经费 wins over 三公."""
    uniq = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in uniq)) if uniq else None


def mark_figure(text: str, value: float | None) -> str:
    """Escaped `text` with the numbers equal to `value` (however written: 1,583.14) marked."""
    if value is None:
        return esc(text)
    out, pos = [], 0
    for m in _NUMBER.finditer(text):
        try:
            same = abs(float(m.group(0).replace(",", "")) - value) < 1e-9
        except ValueError:
            same = False
        if same:
            out.append(esc(text[pos : m.start()]))
            out.append(f"<mark>{esc(m.group(0))}</mark>")
            pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def viewer_link(doc: str, line_start: int, line_end: int) -> str:
    """Relative link that reopens the public page with the viewer at these lines."""
    query = urlencode({"doc": doc, "lines": f"{line_start}-{line_end}"})
    return f"?{query}"


def line_label(line_start: int, line_end: int) -> str:
    return f"第{line_start}行" if line_start == line_end else f"第{line_start}–{line_end}行"


def citation_html(c: Citation, value: float | None, number: int, title: str) -> str:
    """One expandable source: title, section or table, lines; the quote with the figure marked."""
    where = c.table or c.section or ""
    summary = " · ".join(x for x in (f"来源{number}", title or c.doc, where, line_label(c.line_start, c.line_end)) if x)
    link = viewer_link(c.doc, c.line_start, c.line_end)
    return (
        f'<details class="qa-src"><summary>{esc(summary)}</summary>'
        f"<blockquote>{mark_figure(c.quote, value)}</blockquote>"
        f'<div class="qa-meta">文档 {esc(c.doc)} · <a href="{esc(link)}" target="_blank">在原文中查看</a></div>'
        "</details>"
    )


def answer_html(answer: Answer, titles: dict[str, str]) -> str:
    """The chat bubble of one answer: the figure first, then the sentence, then the sources."""
    parts = ['<div class="qa-answer">']
    if answer.status == "answered" and answer.value is not None:
        unit = f'<span class="qa-unit">{esc(answer.unit)}</span>' if answer.unit else ""
        parts.append(f'<div class="qa-figure">{esc(format_number(answer.value))}{unit}</div>')
    if answer.status == "not_found":
        parts.append(f'<div class="qa-notice">{esc(answer.answer)}</div>')
        parts.append('<div class="qa-meta">可以换个说法，或写明单位名称、年份和预算/决算。</div>')
    elif answer.status == "ambiguous":
        parts.append(f'<div class="qa-notice">{esc(answer.answer)}</div>')
        if answer.candidates:
            parts.append('<div class="qa-meta">请点击下方按钮选择其一。</div>')
    else:
        parts.append(f"<div>{mark_figure(answer.answer, answer.value)}</div>")
    if answer.citations:
        parts.append('<div class="qa-sources">')
        for i, c in enumerate(answer.citations, 1):
            parts.append(citation_html(c, answer.value, i, c.title or titles.get(c.doc, "")))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def notice_html(message: str) -> str:
    """A calm in-page message (not an error toast): empty input, a user-facing QAError."""
    return f'<div class="qa-answer"><div class="qa-notice">{esc(message)}</div></div>'


def _cell(text: str) -> str:
    numeric = bool(text) and _NUMBER.fullmatch(text.replace(" ", "").lstrip("-")) is not None
    return f'<td class="num">{esc(text)}</td>' if numeric else f"<td>{esc(text)}</td>"


def table_html(table: Table, highlight_lines: range | None = None) -> str:
    """A Table as an HTML table: title, unit, header rows, body rows (cited rows marked)."""
    head = "".join("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in row) + "</tr>" for row in table.header)
    body = []
    for row, line in zip(table.rows, table.row_lines, strict=False):
        cls = ' class="cited"' if highlight_lines and line in highlight_lines else ""
        body.append(f'<tr{cls} title="第{line}行">' + "".join(_cell(c) for c in row) + "</tr>")
    unit = f"（单位：{esc(table.unit)}）" if table.unit else ""
    caption = f"{esc(table.label)}{unit} · {line_label(table.line_start, table.line_end)}"
    return (
        f'<div class="qa-table"><div><b>{caption}</b></div>'
        f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_RULE_LINE = re.compile(r"^\s*[|:=+\-\s]*[|\-]\s*$")  # "|", "---", "|---|": a separator, drawn as a rule
# Markup inside a line, matched on the escaped text: bold pairs become <b>, a line break <br>;
# any marker left over (an unpaired ** or <b>, a <p>) is dropped, never shown.
_BOLD = re.compile(r"\*\*(.+?)\*\*|&lt;b&gt;(.*?)&lt;/b&gt;")
_BREAK = re.compile(r"&lt;br\s*/?&gt;")
_LEFTOVER = re.compile(r"\*\*|&lt;/?(?:b|p|strong)&gt;")


def inline_html(text: str) -> str:
    """One line of a document as HTML: escaped, with its bold and line-break markup applied."""
    out = _BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", esc(text))
    return _LEFTOVER.sub("", _BREAK.sub("<br>", out))


def plain_text(text: str) -> str:
    """A line without its markdown and HTML markers (for a quote or a table cell)."""
    return html.unescape(re.sub(r"<[^>]+>", "", inline_html(text)))


def _row_cells(text: str) -> list[str] | None:
    """The cells of a table line (`| a | b |`, or tab-separated as pasted from a spreadsheet); else None."""
    if _PIPE_ROW.match(text):
        return text.strip().strip("|").split("|")
    if "\t" in text.strip("\t \r") or (text.startswith("\t") and text.strip()):
        return text.rstrip().split("\t")
    return None


def _is_rule(cells: list[str]) -> bool:
    return all(_RULE_CELL.match(c) for c in cells)


def _md_cell(text: str, tag: str) -> str:
    shown = inline_html(text.strip())
    numeric = _NUMBER.fullmatch(plain_text(text).replace(" ", "").lstrip("-")) is not None
    return f'<{tag} class="num">{shown}</{tag}>' if numeric and tag == "td" else f"<{tag}>{shown}</{tag}>"


def _source_table(rows: list[tuple[int, list[str], str]]) -> str:
    """Consecutive table lines as one table; each row keeps its line number and anchor.
    A row followed by a `|---|` rule is a header row; the rule itself is not shown."""
    body = []
    for i, (n, cells, cls) in enumerate(rows):
        if _is_rule(cells):
            continue
        header = i + 1 < len(rows) and _is_rule(rows[i + 1][1])
        shown = "".join(_md_cell(c, "th" if header else "td") for c in cells)
        attr = f' class="{cls}"' if cls else ""
        body.append(f'<tr id="L{n}"{attr}><td class="ln">{n}</td>{shown}</tr>')
    return f'<table class="qa-src-table"><tbody>{"".join(body)}</tbody></table>'


def _line_div(n: int, text: str, cls: str) -> str:
    """One source line that is not a table row: a heading as a heading, a list item with a bullet."""
    heading, item = _HEADING.match(text), _LIST_ITEM.match(text)
    if _RULE_LINE.match(text):
        cls, shown = f"{cls} qa-rule", ""
    elif heading:
        cls, shown = f"{cls} qa-h qa-h{len(heading.group(1))}", inline_html(heading.group(2))
    elif item:
        shown = "• " + inline_html(item.group(1))
    else:
        shown = inline_html(text)
    return f'<div class="{cls.strip()}" id="L{n}"><span class="ln">{n}</span>{shown}</div>'


def lines_html(doc: Document, first: int, last: int, cited: range | None = None) -> str:
    """Source lines first..last (1-based, clipped) rendered: headings as headings, pipe and tab
    tables as tables, bold as bold, no markdown marker shown; every line keeps its number and `L<n>` anchor,
    cited lines are marked."""
    first, last = max(1, first), min(len(doc.lines), last)
    parts: list[str] = []
    table: list[tuple[int, list[str], str]] = []
    for n in range(first, last + 1):
        text, cls = doc.lines[n - 1], "cited" if cited and n in cited else ""
        cells = _row_cells(text)
        if cells is not None:
            table.append((n, cells, cls))
            continue
        if table:
            parts.append(_source_table(table))
            table = []
        parts.append(_line_div(n, text, cls))
    if table:
        parts.append(_source_table(table))
    return f'<div class="qa-lines">{"".join(parts)}</div>'


def doc_meta_html(doc: Document) -> str:
    """Metadata of a loaded document as a one-row table."""
    items = [
        ("文档 id", doc.doc_id),
        ("标题", doc.title),
        ("发布单位", doc.issuer),
        ("地区", doc.region),
        ("年度", doc.year if doc.year is not None else "未识别"),
        ("类型", DOC_TYPE_LABELS.get(doc.doc_type, doc.doc_type)),
        ("版式", doc.layout),
        ("行数", len(doc.lines)),
        ("表格数", len(doc.tables)),
    ]
    head = "".join(f"<th>{esc(k)}</th>" for k, _ in items)
    row = "".join(f"<td>{esc(v)}</td>" for _, v in items)
    return f'<div class="qa-table"><table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table></div>'

