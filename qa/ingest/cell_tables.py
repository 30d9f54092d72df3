"""One-cell-per-line tables: each cell on its own tab-prefixed line, rows separated by blank
lines, "　" (U+3000) standing for an empty cell.

A group of consecutive cell lines is a row, unless every line of it is a caption line
(a tab-prefixed title, 编制部门 or 单位 line), which then starts the next table.
"""

from __future__ import annotations

from qa.ingest.captions import classify, find_caption
from qa.ingest.detect import is_cell_line
from qa.ingest.grid import make_table
from qa.types import Table


def _groups(lines) -> list[tuple[int, int]]:
    """(first, last) indices of each run of consecutive cell lines."""
    runs, i = [], 0
    while i < len(lines):
        if is_cell_line(lines[i]):
            j = i
            while j + 1 < len(lines) and is_cell_line(lines[j + 1]):
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    return runs


def find_tables(lines) -> list[Table]:
    """Every one-cell-per-line table in `lines`."""
    tables = []
    prev_end = -1
    region: list[tuple[int, int]] = []
    for first, last in [*_groups(lines), (len(lines), len(lines))]:
        is_caption = first < len(lines) and all(classify(lines[k]) for k in range(first, last + 1))
        joined = (
            region and first < len(lines) and not is_caption and _only_blank(lines, region[-1][1] + 1, first)
        )
        if region and not joined:
            tables.append(_table(lines, region, prev_end))
            prev_end = region[-1][1]
            region = []
        if first < len(lines) and not is_caption:
            region.append((first, last))
    return tables


def _only_blank(lines, start: int, stop: int) -> bool:
    return all(not lines[k].strip() for k in range(start, stop))


def _table(lines, region: list[tuple[int, int]], prev_end: int) -> Table:
    rows = [[lines[k][1:] for k in range(a, b + 1)] for a, b in region]
    row_lines = [a + 1 for a, _ in region]
    caption = find_caption(lines, region[0][0], prev_end)
    return make_table(rows, row_lines, caption, line_end=region[-1][1] + 1)
