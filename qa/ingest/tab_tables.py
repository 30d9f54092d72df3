"""Tab-separated tables: one row per line, cells split on tabs; and space-aligned tables.

A PDF-to-text export breaks such tables in two ways we read through: a row wrapped
onto a line after a blank line (kept as its own row, cells as written), and the
labels of merged cells printed on their own tab-less line between rows
("年度绩效指标", "产出指标"), kept as one-cell rows where they stand.

A space-aligned table (a text export: cells separated by two spaces or more) is read only
where its rows line up: at least three consecutive such lines holding figures, every cell
of a shorter row falling under one column of the full rows (so an empty cell is known by
position). Single lines with wide gaps (来源:…  发布时间:…) are never tables.
"""

from __future__ import annotations

import re

from qa.ingest.captions import classify, find_caption
from qa.ingest.detect import is_tab_row, starts_with_marker
from qa.ingest.flat_tables import cell_like
from qa.ingest.grid import make_table
from qa.ingest.normalize import clean_cell, display_width, is_number
from qa.types import Table

_MAX_GAP = 6  # lines between two rows of one table
_MAX_LABEL = 12  # characters of a merged-cell label line
_PUNCTUATION = re.compile(r"[。；，,：:！？!?]")
_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)")  # a field: text up to a gap of 2+ spaces
_MIN_ALIGNED_ROWS = 3
_MIN_FIGURES = 2


def is_bridge_label(line: str) -> bool:
    """A short tab-less line that can be a merged-cell label inside a table (not a caption,
    a heading, a sentence or a page number)."""
    text = clean_cell(line)
    return bool(
        text
        and len(text) <= _MAX_LABEL
        and not _PUNCTUATION.search(text)
        and not is_number(text)
        and not starts_with_marker(text)
        and classify(line) is None
        and not line.lstrip().startswith("#")
    )


def find_tables(lines) -> list[Table]:
    """Every tab-separated table in `lines`."""
    tables = []
    prev_end = -1
    i = 0
    while i < len(lines):
        if not is_tab_row(lines[i]):
            i += 1
            continue
        rows, row_lines = [], []
        j = i
        while j is not None:
            rows.append(lines[j].split("\t"))
            row_lines.append(j + 1)
            end = j
            j, labels = _next_row(lines, j + 1)
            for k in labels:
                rows.append([lines[k]])
                row_lines.append(k + 1)
        tables.append(make_table(rows, row_lines, find_caption(lines, i, prev_end), line_end=end + 1))
        prev_end = end
        i = end + 1
    return tables


def _next_row(lines, k: int) -> tuple[int | None, list[int]]:
    """Index of the next row of the table after a row ending at k-1 (None when the table ended),
    and the label lines standing between."""
    labels = []
    for j in range(k, min(k + _MAX_GAP + 1, len(lines))):
        if is_tab_row(lines[j]):
            return j, labels
        if lines[j].strip():
            if not is_bridge_label(lines[j]):
                return None, []
            labels.append(j)
    return None, []


def _fields(line: str) -> list[tuple[int, int, str]]:
    """(start, end display column, text) of each field of a line split on 2+ spaces."""
    out = []
    for m in _GAP.finditer(line):
        start = display_width(line[: m.start()])
        out.append((start, start + display_width(m.group()), m.group()))
    return out


def _is_aligned_row(line: str) -> bool:
    return "\t" not in line and "|" not in line and len(_fields(line)) >= 2


def _is_label_row(line: str) -> bool:
    """A row with its label only (every figure empty): one short field, not a sentence."""
    return len(_fields(line)) == 1 and cell_like(line) and not is_number(clean_cell(line))


def find_aligned_tables(lines) -> list[Table]:
    """Every space-aligned table in `lines` (see the module docstring)."""
    tables, prev_end, i = [], -1, 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_is_aligned_row(lines[j]) or (j > i and _is_label_row(lines[j]))):
            j += 1
        rows = _aligned_rows([_fields(lines[k]) for k in range(i, j)]) if j - i >= _MIN_ALIGNED_ROWS else []
        if len(rows) >= _MIN_ALIGNED_ROWS and sum(1 for r in rows for c in r if is_number(c)) >= _MIN_FIGURES:
            end = i + len(rows)
            caption = find_caption(lines, i, prev_end)
            tables.append(make_table(rows, list(range(i + 1, end + 1)), caption, line_end=end))
            prev_end = end - 1
            i = end
        else:
            i = max(j, i + 1)
    return tables


def _aligned_rows(rows: list[list[tuple[int, int, str]]]) -> list[list[str]]:
    """The leading rows that line up, as cells on the full rows' columns ([] when the full
    rows themselves do not): a row stops the table where a cell falls under no column or
    under a column already filled, and a label-only row must fit the first column."""
    width = max(len(r) for r in rows)
    full = [r for r in rows if len(r) == width]
    if len(full) < 2:
        return []
    spans = [(min(r[k][0] for r in full), max(r[k][1] for r in full)) for k in range(width)]
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return []  # columns overlap: the gaps do not line up
    out = []
    for row in rows:
        cells = _place(row, spans)
        if cells is None:
            break
        out.append(cells)
    return out


def _place(row: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[str] | None:
    cells = [""] * len(spans)
    if len(row) == 1:  # a label alone: it must stand left of the second column
        return [row[0][2]] + cells[1:] if row[0][1] < spans[1][0] else None
    for start, end, text in row:
        overlaps = [min(end, b) - max(start, a) for a, b in spans]
        k = max(range(len(spans)), key=lambda c: overlaps[c])
        if overlaps[k] <= 0 or cells[k]:
            return None
        cells[k] = text
    return cells
