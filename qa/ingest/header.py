"""Header rows lined up with the body's columns, whatever the layout lost of the merged cells.

The convention every detector's output follows: a header cell stands in the first column
it covers and is followed by "" for the further columns it spans; a "" under a cell is
that cell continued downwards (a vertically merged cell). Three export defects are undone:
- a row with fewer cells than the table (one-cell-per-line: a merged cell written once)
  has its spans re-inferred, bottom-up, against the row below (or the body columns);
- a group label over the data columns written from the last stub column on
  ("科目 | | | 支出预算 | | |" over "编码 | | | 名称 | 合计 | 基本支出 | 项目支出") starts at
  the first data column;
- a group's sub-column label written at the end of the row instead of inside its group
  (表2 "上级国有资本经营预算安排的转移支付" after 非财政拨款结转结余) goes back into the group.

Column kinds (stub/code vs data) come from the column-number row (※ | 1 | 2 …) when the
table has one, otherwise from the body cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.normalize import is_number

Row = tuple[str, ...]
_CODE = re.compile(r"^\d{1,7}$")  # 类/款/项 or full 科目编码 (208, 01, 2080101)
_STUB = ("code", "text")

# Score of a span boundary between two columns, by their kinds. A new block starts where
# a stub column follows data (收入 | 支出 side by side); a group of data columns starts
# after the stubs; 类/款/项 code columns stay under one label.
_BOUNDARY = {
    ("data", "text"): 4,
    ("data", "code"): 4,
    ("text", "data"): 2,
    ("code", "data"): 2,
    ("code", "text"): 2,
    ("code", "code"): -1,
}
_TOTAL_FIRST = 1  # a group's sub-columns open with its 合计/小计
_BLANK_SPLIT = -10  # a "" below is one cell continued downwards: its span is exactly one cell


@cache
def _total_words() -> frozenset[str]:
    return frozenset(lexicon.load("sections")["header_total_words"])


@dataclass(frozen=True)
class _Unit:
    """A cell of an aligned row: columns [start, end) and its text (None for a body column)."""

    start: int
    end: int
    text: str | None


def is_column_number_row(row: Row) -> bool:
    """A row numbering the columns: "※ | ※ | 1 | 2 | 3" (or "1 | 2 | 3 | 4")."""
    cells = [c for c in row if c]
    numbers = [int(c) for c in cells if c.isdigit()]
    if not cells or len(numbers) + sum(c == "※" for c in cells) != len(cells):
        return False
    consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    return consecutive and (len(numbers) >= 3 or "※" in cells)


def align_header(raw: list[list[str]], body: list[Row], width: int) -> list[Row]:
    """`raw` header rows (cells as written, possibly fewer than `width`) as rows of `width`
    cells lined up with `body`'s columns."""
    kinds = column_kinds(raw, body, width)
    below = [_Unit(j, j + 1, None) for j in range(width)]
    rows: list[Row] = []
    for cells in reversed(raw):
        if len(cells) < width and not is_column_number_row(tuple(cells)):
            if len(cells) > len(below):  # the row below merged more than this one: use the columns
                below = [_Unit(j, j + 1, None) for j in range(width)]
            below = _spread(cells, below, kinds)
            row = [""] * width
            for unit in below:
                row[unit.start] = unit.text or ""
        else:
            row = cells + [""] * (width - len(cells))
            below = [_Unit(j, j + 1, c) for j, c in enumerate(row)]
        rows.insert(0, tuple(row))
    labels = [i for i, r in enumerate(rows) if not is_column_number_row(r)]
    for upper, lower in zip(labels, labels[1:], strict=False):
        _reattach_trailing(rows, upper, lower, labels)
    for upper, lower in zip(labels, labels[1:], strict=False):
        rows[upper] = _snap_to_data(rows[upper], rows[lower], kinds)
    return rows


def column_kinds(raw: list[list[str]], body: list[Row], width: int) -> list[str | None]:
    """The kind of each column: "code", "text" or "data" (None when nothing tells)."""
    numbering = next((r for r in raw if is_column_number_row(tuple(r))), None)
    kinds = [_numbered_kind(_body_kind(_column_cells(body, j)), numbering, j) for j in range(width)]
    _mark_codes(kinds, body)
    return ["text" if k == "stub" else k for k in kinds]


def _column_cells(body: list[Row], j: int) -> list[str]:
    """The filled cells of column `j` of `body`."""
    return [r[j] for r in body if j < len(r) and r[j]]


def _body_kind(cells: list[str]) -> str | None:
    """"data" when most of a column's cells are numbers, else "text" (None when all are blank)."""
    if not cells:
        return None
    return "data" if sum(is_number(c) for c in cells) * 2 > len(cells) else "text"


def _numbered_kind(kind: str | None, numbering: list[str] | None, j: int) -> str | None:
    """A column numbered in the column-number row is data; one marked ※ a stub unless its cells
    are text; one the row leaves blank (or no such row) keeps its cells' kind."""
    if numbering is None or j >= len(numbering) or not numbering[j]:
        return kind
    if numbering[j].isdigit():
        return "data"
    return kind if kind == "text" else "stub"


def _mark_codes(kinds: list[str | None], body: list[Row]) -> None:
    """Codes are the integer columns left of the first text column (类 | 款 | 项 | 名称)."""
    first_text = next((j for j, k in enumerate(kinds) if k == "text"), 0)
    for j in range(first_text):
        cells = _column_cells(body, j)
        if kinds[j] in ("data", "stub") and cells and all(_CODE.match(c) for c in cells):
            kinds[j] = "code"


def _spread(cells: list[str], below: list[_Unit], kinds: list[str | None]) -> list[_Unit]:
    """The spans of a row written with one entry per merged cell: each cell covers a run of
    the units below, the runs chosen to fall on the best boundaries (see _BOUNDARY)."""
    k, m = len(cells), len(below)
    if k == m:
        return [_Unit(u.start, u.end, c) for u, c in zip(below, cells, strict=True)]

    def cut(u: int) -> float:
        score = _BOUNDARY.get((kinds[below[u].start - 1], kinds[below[u].start]), 0)
        return score + (_TOTAL_FIRST if below[u].text in _total_words() else 0)

    def run(a: int, b: int) -> float:
        return _BLANK_SPLIT if b - a > 1 and any(below[u].text == "" for u in range(a, b)) else 0

    # best[i][u]: (score, tie-break) of placing the first i cells over the first u units;
    # the tie-break favours later cuts, so equal choices leave the wide cells on the left
    best: dict[tuple[int, int], tuple[tuple[float, int], int]] = {(0, 0): ((0.0, 0), 0)}
    for i in range(1, k + 1):
        for u in range(i, m - (k - i) + 1):
            options = []
            for a in range(i - 1, u):
                if (i - 1, a) in best:
                    (s, t), _ = best[i - 1, a]
                    gain = run(a, u) + (cut(a) if a else 0)
                    options.append(((s + gain, t + a), a))
            best[i, u] = max(options)
    units, u = [], m
    for i in range(k, 0, -1):
        a = best[i, u][1]
        units.append(_Unit(below[a].start, below[u - 1].end, cells[i - 1]))
        u = a
    return units[::-1]


def _reattach_trailing(rows: list[Row], upper: int, lower: int, labels: list[int]) -> None:
    """A sub-column label written after the upper row's last cell, in the columns that only
    its trailing blanks cover, belongs at the end of the nearest full group to the left."""
    up, low = list(rows[upper]), list(rows[lower])
    last = max((j for j, c in enumerate(up) if c), default=-1)
    trailing = range(last + 1, len(up))
    if not _labels_trail(low, last, trailing):
        return
    b = _receiving_group(up, low, last)
    if b is None or _trailing_taken(rows, labels, (upper, lower), trailing):
        return
    orphans = [low[j] for j in trailing]
    for i in labels:
        cells = list(rows[i])[: last + 1]
        fill = orphans if i == lower else [""] * len(orphans)
        rows[i] = tuple(cells[:b] + fill + cells[b:])


def _labels_trail(low: list[str], last: int, trailing: range) -> bool:
    """True when the lower row has labels under each of the upper row's trailing blank columns,
    and none under its last cell."""
    return last >= 0 and not low[last] and bool(trailing) and all(low[j] for j in trailing)


def _receiving_group(up: list[str], low: list[str], last: int) -> int | None:
    """Where the receiving group ends: the nearest upper cell left of `last` spanning several
    columns, each with a label below, then single columns up to `last`; None when there is none."""
    starts = [j for j, c in enumerate(up) if c]
    group = next(((a, b) for a, b in zip(starts[-2::-1], starts[:0:-1], strict=False) if b - a > 1), None)
    if group is None:
        return None
    a, b = group
    if not all(low[j] for j in range(a, b)) or any(low[j] for j in range(b, last + 1)):
        return None
    return b


def _trailing_taken(rows: list[Row], labels: list[int], pair: tuple[int, int], trailing: range) -> bool:
    """True when another label row has a cell in the trailing columns."""
    return any(i not in pair and any(rows[i][j] for j in trailing) for i in labels)


def _snap_to_data(row: Row, below: Row, kinds: list[str | None]) -> Row:
    """A group label standing over a stub column, right after a label over stub columns
    only, whose sub-columns go on over data columns, starts at its first data column."""
    out = list(row)
    starts = [j for j, c in enumerate(row) if c]
    for p, j, nxt in zip(starts, starts[1:], [*starts[2:], len(row)], strict=False):
        if kinds[j] not in _STUB or any(kinds[c] not in _STUB for c in range(p, j)):
            continue
        first_data = next((c for c in range(j, nxt) if kinds[c] == "data"), None)
        if first_data is not None and below[first_data]:
            out[first_data], out[j] = out[j], ""
    return tuple(out)
