"""Pipe tables: markdown (`| a | b |` with a `|---|` separator), HTML `<table>` blocks, and
the bare pipe rows web pages print ("项目 | 预算数 | 决算数 | ||||": no leading pipe, no rule,
empty cells collapsed to "||", a merged header cell written once).

Bare rows make a table when at least two of them hold two cells or more and the run holds
figures (a metadata block "索引号 | … | 发文字号 | …", printed twice, holds none). A row of a
single title cell ("…自评表(2023年度) | ||||") starts the next table. Their header rows (the
leading rows without a figure) are fitted to the body's width level by level
(qa/ingest/levels.py); when they do not fit, the rows go to the generic grid as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from qa.ingest.captions import find_caption, title_of
from qa.ingest.detect import is_pipe_row
from qa.ingest.grid import make_table
from qa.ingest.levels import fit_header
from qa.ingest.normalize import bracket_groups, clean_cell, is_number
from qa.types import Table

# Converters emit separator cells shorter than the three dashes markdown asks for ("|--|").
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MAX_HEADER_ROWS = 3
_MIN_FIGURES = 2


def split_pipe_row(line: str) -> list[str]:
    """Cells of `| a | b |` as raw strings; a `<br>` inside a cell is a wrap, not a break."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_BR.sub("", c) for c in inner.split("|")]


def find_tables(lines) -> list[Table]:
    """Every markdown pipe table, HTML table and run of bare pipe rows in `lines`."""
    return sorted(_markdown_tables(lines) + _bare_tables(lines), key=lambda t: t.line_start)


def _markdown_tables(lines) -> list[Table]:
    tables = []
    prev_end = -1
    i = 0
    while i < len(lines):
        if is_pipe_row(lines[i]) and not _SEPARATOR.match(lines[i]):
            has_header = i + 1 < len(lines) and bool(_SEPARATOR.match(lines[i + 1]))
            j = i
            rows, row_lines = [], []
            while j < len(lines) and is_pipe_row(lines[j]):
                if not _SEPARATOR.match(lines[j]):
                    rows.append(split_pipe_row(lines[j]))
                    row_lines.append(j + 1)
                j += 1
            if any(c.strip() for r in rows for c in r):  # not a run of bare "||" lines
                caption = find_caption(lines, i, prev_end)
                tables.append(make_table(rows, row_lines, caption, line_end=j, header_rows=int(has_header)))
                prev_end = j - 1
            i = j
        elif "<table" in lines[i].lower():
            end = _html_end(lines, i)
            table = _html_table(lines, i, end, find_caption(lines, i, prev_end))
            if table:
                tables.append(table)
            prev_end = end
            i = end + 1
        else:
            i += 1
    return tables


def _html_end(lines, start: int) -> int:
    for j in range(start, len(lines)):
        if "</table>" in lines[j].lower():
            return j
    return len(lines) - 1


class _Rows(HTMLParser):
    """Collects <tr>/<td>/<th> cells with the source line of each row; colspan padded with "",
    rowspan carried down as "" so later cells stay in their columns."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.lines: list[int] = []
        self.header_rows = 0
        self._cell: list[str] | None = None
        self._span = 1
        self._pending: dict[int, tuple[int, int]] = {}  # column -> (last row covered, row of origin)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.rows.append([])
            self.lines.append(self.getpos()[0])
        elif tag in ("td", "th") and self.rows:
            self._fill_spans()
            col = len(self.rows[-1])
            here = len(self.rows) - 1
            rowspan = int(a.get("rowspan") or 1)
            self._span = int(a.get("colspan") or 1)
            for c in range(col, col + self._span):
                if rowspan > 1:
                    self._pending[c] = (here + rowspan - 1, here)
            self._cell = []
            if tag == "th" and len(self.rows) == self.header_rows + 1:
                self.header_rows = len(self.rows)

    def handle_endtag(self, tag):
        if tag == "tr" and self.rows:
            self._fill_spans()
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].extend(["".join(self._cell)] + [""] * (self._span - 1))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def _fill_spans(self):
        here = len(self.rows) - 1
        row = self.rows[-1]
        while len(row) in self._pending:
            last, origin = self._pending[len(row)]
            if not origin < here <= last:
                break
            row.append("")


def _html_table(lines, start: int, end: int, caption) -> Table | None:
    parser = _Rows()
    parser.feed("\n".join(lines[start : end + 1]))
    if not parser.rows:
        return None
    row_lines = [start + ln for ln in parser.lines]
    return make_table(parser.rows, row_lines, caption, line_end=end + 1, header_rows=parser.header_rows)


def is_bare_row(line: str) -> bool:
    """A web page's pipe row: cells split by "|", without the markdown row's leading pipe."""
    text = line.strip()
    return "|" in text and "\t" not in line and not text.startswith("|") and not is_pipe_row(line)


def _bare_cells(line: str) -> list[str]:
    """Cells of a bare row, trailing empty cells (collapsed "||||") dropped."""
    cells = [clean_cell(c) for c in split_pipe_row(line)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_title_row(cells: list[str]) -> bool:
    """A row of one cell that titles the next table ("…自评表(2023年度)": period remark allowed)."""
    if len(cells) != 1:
        return False
    groups = bracket_groups(cells[0])
    text = cells[0][: groups[-1][0]] if groups and groups[-1][1] == len(cells[0]) else cells[0]
    return title_of(text) is not None


def _bare_tables(lines) -> list[Table]:
    tables, prev_end, i = [], -1, 0
    while i < len(lines):
        if not is_bare_row(lines[i]):
            i += 1
            continue
        j = i
        while (
            j < len(lines) and is_bare_row(lines[j]) and (j == i or not _is_title_row(_bare_cells(lines[j])))
        ):
            j += 1
        table = _bare_table(lines, i, j, prev_end)
        if table is not None:
            tables.append(table)
            prev_end = j - 1
        i = j
    return tables


def _tabular(rows: list[list[str]]) -> bool:
    """At least two rows of two cells or more, and enough figures."""
    figures = sum(1 for r in rows for c in r if is_number(c))
    return sum(1 for r in rows if len(r) >= 2) >= 2 and figures >= _MIN_FIGURES


def _fitted_header(rows: list[list[str]], n_header: int):
    """The leading `n_header` rows' filled cells fitted over the body's columns (None when there are none)."""
    if not n_header:
        return None
    width = max(len(r) for r in rows[n_header:]) if n_header < len(rows) else 0
    return fit_header([[c for c in r if c] for r in rows[:n_header]], width)


def _leading_header_rows(rows: list[list[str]]) -> int:
    """How many leading rows (at most _MAX_HEADER_ROWS) write no number."""
    n = 0
    while n < min(_MAX_HEADER_ROWS, len(rows)) and not any(is_number(c) for c in rows[n]):
        n += 1
    return n


def _bare_table(lines, start: int, stop: int, prev_end: int) -> Table | None:
    first = start + 1 if _is_title_row(_bare_cells(lines[start])) else start
    rows = [_bare_cells(lines[k]) for k in range(first, stop)]
    row_lines = list(range(first + 1, stop + 1))
    if not _tabular(rows):
        return None
    caption = find_caption(lines, first, prev_end)
    n_header = _leading_header_rows(rows)
    header = _fitted_header(rows, n_header)
    if header is None:
        return make_table(rows, row_lines, caption, line_end=stop)
    return make_table(rows[n_header:], row_lines[n_header:], caption, line_end=stop, header=header)
