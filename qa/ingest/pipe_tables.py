"""Markdown pipe tables (`| a | b |` with a `|---|` separator) and HTML `<table>` blocks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from qa.ingest.captions import find_caption
from qa.ingest.detect import is_pipe_row
from qa.ingest.grid import make_table
from qa.types import Table

# Converters emit separator cells shorter than the three dashes markdown asks for ("|--|").
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def split_pipe_row(line: str) -> list[str]:
    """Cells of `| a | b |` as raw strings; a `<br>` inside a cell is a wrap, not a break."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_BR.sub("", c) for c in inner.split("|")]


def find_tables(lines) -> list[Table]:
    """Every markdown pipe table and HTML table in `lines`."""
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
