"""Raw rows to a Table: cells cleaned, rows made rectangular, header rows split off.

Shared by every text-layout detector, so the same rules hold whatever the layout:
- a row with explicit blank leading cells (merged cells) keeps them blank;
- a row with fewer cells than the table is padded on the right, unless it belongs to a
  run of equally short rows whose cells clearly fit the table's column grid further
  right (a PDF export that left the merged leading cells out entirely);
- header rows are the leading rows up to a column-number row (※ | 1 | 2 …), or else
  up to three leading rows that hold no figure and are not form rows (预算单位 | …);
  they are then lined up with the body's columns (qa/ingest/header.py).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from qa import lexicon
from qa.ingest.captions import Caption
from qa.ingest.header import align_header, is_column_number_row
from qa.ingest.normalize import clean_cell, is_number, normalize_for_match
from qa.types import Table

_MAX_HEADER_ROWS = 3  # without a column-number row
_COLUMN_NUMBER_SCAN = 6  # rows searched for a column-number row
_MIN_GRID_ROWS = 3  # full-width rows needed before short rows are aligned by shape
_MIN_RUN = 3  # consecutive equally short rows: a systematic export gap, not a ragged row
_OPERATOR = re.compile(r"^[<>=≤≥＜＞＝]")

Row = tuple[str, ...]


@cache
def _form_labels() -> tuple[str, ...]:
    return tuple(normalize_for_match(x) for x in lexicon.load("sections")["form_row_labels"])


def make_table(
    raw_rows: list[list[str]],
    row_lines: list[int],
    caption: Caption,
    line_end: int,
    header_rows: int = 0,
    header: list[Row] | None = None,
) -> Table:
    """A Table from raw cell strings; `row_lines` are 1-based source lines, `header_rows` the
    rows the layout itself marks as header (the markdown row above `|---|`). A `header`
    already lined up with the columns (qa/ingest/levels.py) makes every raw row a body row."""
    if header is not None:
        return _with_header(raw_rows, row_lines, caption, line_end, header)
    cleaned = [[clean_cell(c) for c in r] for r in raw_rows]
    rows = _rectangular(cleaned)
    lines = list(row_lines)
    if header_rows and not any(rows[0]):
        # an empty markdown header row
        rows, lines, cleaned, header_rows = rows[1:], lines[1:], cleaned[1:], 0
    n_header = split_header(rows, header_rows)
    body = [(r, ln) for r, ln in zip(rows[n_header:], lines[n_header:], strict=True) if any(r)]
    # the header as written (a row may hold one entry per merged cell), lined up with the body
    header = align_header(cleaned[:n_header], [r for r, _ in body], len(rows[0]) if rows else 0)
    width = _used_width(header + [r for r, _ in body])
    return _captioned(caption, line_end, [r[:width] for r in header], [r[:width] for r, _ in body],
                      [ln for _, ln in body])


def _used_width(rows: list[Row]) -> int:
    """The table's width: columns empty everywhere at the right end are export padding, not columns."""
    return max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)


def _with_header(raw_rows, row_lines, caption: Caption, line_end: int, header: list[Row]) -> Table:
    width = max([len(r) for r in header] + [len(r) for r in raw_rows] + [0])
    body = [tuple(r) + ("",) * (width - len(r)) for r in ([clean_cell(c) for c in row] for row in raw_rows)]
    head = [tuple(clean_cell(c) for c in r) + ("",) * (width - len(r)) for r in header]
    return _captioned(caption, line_end, head, body, row_lines)


def _captioned(caption: Caption, line_end: int, header, rows, row_lines) -> Table:
    """The Table under `caption`: number, title, unit and first line from the caption."""
    return Table(number=caption.number, title=caption.title, line_start=caption.start + 1, line_end=line_end,
                 unit=caption.unit, header=tuple(tuple(r) for r in header), rows=tuple(tuple(r) for r in rows),
                 row_lines=tuple(row_lines))


def split_header(rows: list[Row], start: int = 0) -> int:
    """How many leading rows of `rows` are header rows (at least `start`)."""
    for k in range(start, min(len(rows), start + _COLUMN_NUMBER_SCAN)):
        if is_column_number_row(rows[k]):
            return k + 1
    n = start
    while n < len(rows) and n - start < _MAX_HEADER_ROWS and _header_like(rows[n]):
        n += 1
    if n == len(rows) and start == 0 and rows:
        return 1  # a table of words only: its first row names the columns
    return n


def _header_like(row: Row) -> bool:
    first = next((c for c in row if c), "")
    if not first or any(is_number(c) for c in row):
        return False
    return not normalize_for_match(first).startswith(_form_labels())


def _shape(cell: str) -> str | None:
    if not cell:
        return None
    if is_number(cell):
        return "number"
    if _OPERATOR.match(cell):
        return "operator"
    return "dash" if cell in ("-", "/", "—", "－") else "text"


def _rectangular(rows: list[list[str]]) -> list[Row]:
    """Every row padded to the table's width. A run of equally short rows is shifted right
    when its cells clearly fit the columns there (by the shape of the full rows' cells)."""
    width = max((len(r) for r in rows), default=0)
    full = [r for r in rows if len(r) == width]
    offsets = [0] * len(rows)
    if len(full) >= _MIN_GRID_ROWS:
        dominant = [Counter(_shape(r[col]) for r in full).most_common(1)[0][0] for col in range(width)]
        for start, end in _equal_runs(rows):
            best = _run_offset(rows[start:end], dominant, width)
            if best:
                offsets[start:end] = [best] * (end - start)
    return [tuple([""] * o + r + [""] * (width - len(r) - o)) for r, o in zip(rows, offsets, strict=True)]


def _equal_runs(rows: list[list[str]]):
    """(start, end) of each run of consecutive rows of one length, end exclusive."""
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and len(rows[end]) == len(rows[start]):
            end += 1
        yield start, end
        start = end


def _run_offset(run: list[list[str]], dominant: list[str | None], width: int) -> int:
    """How far right a run of equally short rows is shifted: the offset where its cells best fit
    the full rows' shapes, when clearly better (about one more cell in place per row), else 0."""
    if len(run) < _MIN_RUN or len(run[0]) >= width:
        return 0
    fits = [sum(_fit(r, dominant, o) for r in run) for o in range(width - len(run[0]) + 1)]
    best = max(range(len(fits)), key=lambda o: (fits[o], -o))
    return best if fits[best] - fits[0] >= len(run) else 0


def _fit(row: list[str], dominant: list[str | None], offset: int) -> int:
    return sum(1 for i, c in enumerate(row) if c and _shape(c) == dominant[offset + i])
