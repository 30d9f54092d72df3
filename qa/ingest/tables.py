"""Combining the tables every detector found: one table per region, continued tables merged.

Detectors run in priority order; a table overlapping one already kept is dropped. A
table with a bare caption (only 编制部门/单位 lines, no number or title) that follows
another table across nothing but blank lines, with the same header (repeated after the
page break) or none, is the same table continued: its rows are appended.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from qa.types import Table

UNTITLED = "未命名表格"


def combine(lines, detected: list[list[Table]]) -> tuple[list[Table], list[tuple[str, int]]]:
    """Non-overlapping tables in line order, continuations merged, missing numbers inferred;
    and the problems noticed as (message, line)."""
    kept: list[Table] = []
    taken: set[int] = set()  # lines of the kept tables: a lookup per line, not per kept table
    for group in detected:
        for t in group:
            span = range(t.line_start, t.line_end + 1)
            if taken.isdisjoint(span):
                kept.append(t)
                taken.update(span)
    kept.sort(key=lambda t: t.line_start)
    merged: list[Table] = []
    for t in kept:
        if merged and _continues(lines, merged[-1], t):
            merged[-1] = _merge(merged[-1], t)
        else:
            merged.append(t)
    return _name(merged)


def _width(t: Table) -> int:
    return len((t.rows or t.header or ((),))[0])


def _words(header: tuple[tuple[str, ...], ...]) -> Counter:
    """The header's words, wherever they stand: a header repeated after a page break may
    come out with its merged cells shifted."""
    return Counter(c for row in header for c in row if c)


def _continues(lines, a: Table, b: Table) -> bool:
    if b.number or b.title:
        return False
    if any(lines[i].strip() for i in range(a.line_end, b.line_start - 1)):
        return False
    same_header = bool(a.header) and _words(a.header) == _words(b.header)
    return same_header or (not b.header and _width(a) == _width(b))


def _merge(a: Table, b: Table) -> Table:
    width = max(_width(a), _width(b))

    def pad(rows):
        return tuple(r + ("",) * (width - len(r)) for r in rows)

    return replace(
        a,
        line_end=b.line_end,
        unit=a.unit or b.unit,
        header=pad(a.header),
        rows=pad(a.rows) + pad(b.rows),
        row_lines=a.row_lines + b.row_lines,
    )


def _name(tables: list[Table]) -> tuple[list[Table], list[tuple[str, int]]]:
    """Titles for untitled tables; a missing number inferred when its neighbours are 表N and 表N+2."""
    problems = []
    out = list(tables)
    numbers = [_as_int(t.number) for t in out]
    for i, t in enumerate(out):
        if not t.title:
            out[i] = t = replace(t, title=UNTITLED)
            problems.append((f"表格没有标题（第 {t.line_start}–{t.line_end} 行）", t.line_start))
        if t.number is None and 0 < i < len(out) - 1:
            before, after = numbers[i - 1], numbers[i + 1]
            if before is not None and after == before + 2:
                out[i] = replace(t, number=f"表{before + 1}")
                problems.append((f"“{t.title}”没有表号，按前后表推断为表{before + 1}", t.line_start))
    return out, problems


def _as_int(number: str | None) -> int | None:
    digits = (number or "").removeprefix("表")
    return int(digits) if digits.isdigit() else None
