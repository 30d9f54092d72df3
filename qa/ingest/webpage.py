"""HTML pages and spreadsheets (.html/.htm, .xlsx/.xls, .csv) as lines and tables.

Lines follow the DOCX reader's conventions (qa/ingest/docx.py): each block of text (a
paragraph, heading, list item, div) is one line followed by an empty line; each table
row is one tab-separated line, the table followed by an empty line. A merged cell's text
stands in its first grid cell and the cells it spans are "" (colspan: the further
columns; rowspan: the rows below). Captions and header rows are read as for every other
layout (`captions.find_caption`, `grid.make_table`).

HTML goes through lxml's HTML parser (scripts, styles and comments dropped); workbooks
through python-calamine (every sheet, merged ranges honoured); CSV through the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from qa.errors import DocumentError
from qa.ingest.captions import find_caption
from qa.ingest.flat_tables import cell_like
from qa.ingest.grid import make_table
from qa.ingest.reader import decode_text, read_bytes
from qa.types import Table

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "ul",
    ]
)
_SKIP = frozenset(["script", "style", "noscript", "template", "head", "iframe", "svg"])
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


class _Writer:
    """Lines and tables being written, in reading order."""

    def __init__(self):
        self.lines: list[str] = []
        self.tables: list[Table] = []

    def text(self, text: str) -> None:
        text = _inline(text)
        if text:
            self.lines.extend([text, ""])

    def table(self, rows: list[list[str]]) -> None:
        rows = [[_inline(c) for c in r] for r in rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        if sum(1 for c in rows[0] if c) <= 1 and len(rows) == 1:
            self.text(rows[0][0] if rows[0] else "")
            return
        stop = self.tables[-1].line_end - 1 if self.tables else -1  # captions end at the previous table
        caption = find_caption(self.lines, len(self.lines), stop)
        row_lines = []
        for row in rows:
            self.lines.append("\t".join(row))
            row_lines.append(len(self.lines))
        self.lines.append("")
        self.tables.append(make_table(rows, row_lines, caption, row_lines[-1]))


def _inline(text: str) -> str:
    """Cell or block text on one line: runs of whitespace one space, none between CJK."""
    return _CJK_GAP.sub("", _SPACES.sub(" ", text.replace("\u00a0", " "))).strip()


# --- HTML -------------------------------------------------------------------------------


def extract_html(path: Path | str) -> tuple[list[str], list[Table]]:
    """(lines, tables) of an HTML page; raises DocumentError when it holds no text."""
    import lxml.html
    from lxml import etree

    path = Path(path)
    data, _ = read_bytes(path)
    text = _XML_DECL.sub("", decode_text(data, path))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as err:
        raise DocumentError(str(path), f"HTML 无法解析（{type(err).__name__}）") from err
    out = _Writer()
    buffer: list[str] = []
    _walk(root, out, buffer)
    out.text("".join(buffer))
    if not any(out.lines):
        raise DocumentError(str(path), "HTML 页面没有正文文字")
    return out.lines, out.tables


def _walk(el, out: _Writer, buffer: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag or tag in _SKIP:  # comments, processing instructions, scripts
        return
    if tag == "table":
        _flush(out, buffer)
        out.table(_html_rows(el))
        return
    if tag in _BLOCK or tag == "br":
        _flush(out, buffer)
    if el.text:
        buffer.append(el.text)
    for child in el:
        _walk(child, out, buffer)
        if child.tail:
            buffer.append(child.tail)
    if tag in _BLOCK:
        _flush(out, buffer)


def _flush(out: _Writer, buffer: list[str]) -> None:
    out.text("".join(buffer))
    buffer.clear()


def _cell_text(cell) -> str:
    return " ".join(cell.itertext())


def _html_rows(table) -> list[list[str]]:
    """The table's grid: rowspan/colspan cells stand in their first grid cell, "" elsewhere."""
    grid: dict[tuple[int, int], str] = {}
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for r, tr in enumerate(trs):
        col = 0
        for cell in tr.xpath("./td | ./th"):
            while (r, col) in grid:
                col += 1
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, col + dc)] = ""
            grid[(r, col)] = _cell_text(cell)
            col += colspan
    if not grid:
        return []
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(trs))]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


# --- spreadsheets ----------------------------------------------------------------------


def extract_workbook(path: Path | str) -> tuple[list[str], list[Table]]:
    """(lines, tables) of an .xlsx/.xls workbook, sheet by sheet."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    read_bytes(path)  # the size and emptiness refusals every input gets
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine raises its own error classes for damaged files
        raise DocumentError(str(path), f"电子表格损坏或无法读取（{type(err).__name__}）") from err
    out = _Writer()
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = [[_value_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        _write_rows(out, rows)
    if not any(out.lines):
        raise DocumentError(str(path), "电子表格没有内容")
    return out.lines, out.tables


def extract_csv(path: Path | str) -> tuple[list[str], list[Table]]:
    """(lines, tables) of a CSV file (UTF-8 or GB18030, comma or tab separated)."""
    path = Path(path)
    data, _ = read_bytes(path)
    text = decode_text(data, path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    out = _Writer()
    _write_rows(out, [list(r) for r in csv.reader(io.StringIO(text), dialect)])
    return out.lines, out.tables


def _write_rows(out: _Writer, rows: list[list[str]]) -> None:
    """Rows of one sheet: a run of rows with two cells or more is a table; a row of one
    cell (a title, 单位：万元, a note) is a line of text, unless it is a label in the first
    column of an open table (a row whose figures are all empty)."""
    run: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c.strip()]
        if len(filled) >= 2 or (run and filled and row[0].strip() and cell_like(row[0])):
            run.append(row)
            continue
        if run:
            out.table(run)
            run = []
        out.text(next((c for c in row if c.strip()), ""))
    if run:
        out.table(run)


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
