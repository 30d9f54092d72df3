"""Multi-level headers written without their spans: each level a list of its cells only.

Web pages flatten a table's merged header cells: a pipe row "项目 | 预算数 | 决算数 | ||||"
over "合计 | 一般公共预算 | 政府性基金 | 合计 | …", or one cell per line with the levels run
together ("年度 | 合计 | … | 公车购置及运行维护费 | 合计 | 车辆购置 | 车辆运行"). This module
rebuilds the grid from the cell counts alone:

- levels are fitted bottom-up: an upper level's cells are either stand-alone columns (a cell
  merged downwards, such as 项目) or parents of a run of the units below; with `width`
  columns in all, the number of each follows from the counts;
- the children are grouped by the repeats of the first child ("合计 … 合计 …": one group per
  parent) or, with a single parent, all go to the upper cell sharing the longest word prefix
  with them (公务用车购置及运行维护费 over 公务用车购置费), else to the last one;
- a bottom level that repeats one pattern under every column group (预算数 决算数 × 6) is
  set aside and fitted as that many group columns, then spread back.

The result writes every cell's text in every column it covers (a cell merged downwards is
repeated in the rows below), so a column's path is its distinct texts top-down. None when
the counts do not fit: the caller then keeps the rows as written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.normalize import normalize_for_match

Row = tuple[str, ...]
_MIN_PREFIX = 2  # characters of a shared word prefix that tie children to their parent


@cache
def _total_words() -> frozenset[str]:
    return frozenset(lexicon.load("sections")["header_total_words"])


def is_total_word(cell: str) -> bool:
    return normalize_for_match(cell).replace(" ", "") in _total_words()


@dataclass(frozen=True)
class _Unit:
    text: str
    children: tuple[_Unit, ...] = ()

    @property
    def span(self) -> int:
        return sum(c.span for c in self.children) or 1


def split_levels(cells: list[str], stubs: int) -> list[list[str]]:
    """A flat run of header cells cut into levels: a level starts at a total word (合计, 小计)
    that is not the first data column, and where a trailing repeated pattern begins."""
    cells = [c for c in cells if c]
    period, _ = periodic_tail(cells)
    body = cells[: len(cells) - period] if period else cells
    levels: list[list[str]] = [[]]
    for i, c in enumerate(body):
        if levels[-1] and i > stubs and is_total_word(c):
            levels.append([])
        levels[-1].append(c)
    if period:
        levels.append(cells[len(cells) - period :])
    return [lv for lv in levels if lv]


def periodic_tail(cells: list[str]) -> tuple[int, int]:
    """(length, repeats) of the longest trailing run repeating one pattern at least twice
    (预算数 决算数 预算数 决算数 …), or (0, 0)."""
    keys = [normalize_for_match(c) for c in cells]
    best = (0, 0)
    for size in range(1, len(keys) // 2 + 1):
        pattern = keys[len(keys) - size :]
        if len(set(pattern)) != size:
            continue
        reps = 1
        while (
            len(keys) >= size * (reps + 1)
            and keys[len(keys) - size * (reps + 1) : len(keys) - size * reps] == pattern
        ):
            reps += 1
        if reps >= 2 and size * reps > best[0]:
            best = (size * reps, reps)
    return best


def fit_header(levels: list[list[str]], width: int) -> list[Row] | None:
    """`levels` (top-down, cells as written) as `width`-column header rows, or None."""
    levels = [[c for c in lv if c] for lv in levels if any(lv)]
    if not levels or width <= 0:
        return None
    bottom = levels[-1]
    period, reps = periodic_tail(bottom)
    if len(levels) > 1 and period == len(bottom) and width % reps == 0 and reps > 1:
        upper = _fit(levels[:-1], reps)
        if upper is None:
            return None
        size = period // reps
        leaves = tuple(_Unit(t) for t in bottom[:size])
        return _grid(_spread(upper, leaves), width)
    units = _fit(levels, width)
    return _grid(units, width) if units is not None else None


def _spread(units: list[_Unit], leaves: tuple[_Unit, ...]) -> list[_Unit]:
    """Every leaf column of `units` given the repeated `leaves` as its children."""
    return [_Unit(u.text, tuple(_spread(list(u.children), leaves)) if u.children else leaves) for u in units]


def _fit(levels: list[list[str]], width: int) -> list[_Unit] | None:
    units = [_Unit(c) for c in levels[-1]]
    for upper in reversed(levels[:-1]):
        units = _fit_level(upper, units, width)
        if units is None:
            return None
    return units if sum(u.span for u in units) == width else None


def _fit_level(upper: list[str], below: list[_Unit], width: int) -> list[_Unit] | None:
    covered = sum(u.span for u in below)
    alone = width - covered
    parents = len(upper) - alone
    if alone < 0 or parents < 1:
        return None
    groups = _groups(below, parents)
    if groups is None:
        return None
    chosen = _parents(upper, groups, parents)
    if chosen is None:
        return None
    out, g = [], 0
    for i, text in enumerate(upper):
        if i in chosen:
            out.append(_Unit(text, tuple(groups[g])))
            g += 1
        else:
            out.append(_Unit(text))
    return out


def _groups(below: list[_Unit], parents: int) -> list[list[_Unit]] | None:
    if parents == 1:
        return [below]
    first = normalize_for_match(below[0].text)
    starts = [i for i, u in enumerate(below) if normalize_for_match(u.text) == first]
    if len(starts) != parents:
        if len(below) % parents:
            return None
        size = len(below) // parents
        starts = list(range(0, len(below), size))
    return [below[a:b] for a, b in zip(starts, starts[1:] + [len(below)], strict=True)]


def _parents(upper: list[str], groups: list[list[_Unit]], parents: int) -> set[int] | None:
    if parents == len(upper):
        return set(range(len(upper)))
    if parents == 1:
        words = [normalize_for_match(u.text) for u in groups[0] if not is_total_word(u.text)]
        scores = [
            max((len(os.path.commonprefix([normalize_for_match(t), w])) for w in words), default=0)
            for t in upper
        ]
        best = max(range(len(upper)), key=lambda i: (scores[i], i))
        return {best if scores[best] >= _MIN_PREFIX else len(upper) - 1}
    return set(range(len(upper) - parents, len(upper)))


def _grid(units: list[_Unit], width: int) -> list[Row]:
    depth = _depth(units)
    rows = [[""] * width for _ in range(depth)]
    _paint(units, rows, 0, 0)
    return [tuple(r) for r in rows]


def _depth(units) -> int:
    return max((1 + _depth(u.children) for u in units), default=0)


def _paint(units, rows: list[list[str]], level: int, col: int) -> None:
    for u in units:
        if u.children:
            rows[level][col : col + u.span] = [u.text] * u.span
            _paint(u.children, rows, level + 1, col)
        else:
            for r in range(level, len(rows)):
                rows[r][col] = u.text
        col += u.span
