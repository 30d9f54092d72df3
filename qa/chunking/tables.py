"""Tables as text both retrievers can match: one line per row, "label：column value；…".

A row of the 三公 table becomes `公务接待费：合计 0.08；一般公共预算 0.08`, so the
row label, each column name and each number sit next to each other for BM25 and
read as a sentence for the embedder. Row groups repeat the table number, title,
unit and column names, so every chunk stands alone.
"""

from __future__ import annotations

import re

from qa.types import Table

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# A figure in a cell, optionally with a comparison operator and a short unit:
# "1,583.14", "-2.01", "=7851.03平方米", ">=85%", "46.85%".
_VALUE = re.compile(r"^(?:[=<>≥≤]{1,2})?[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff]{1,4})?$")
# Column names under which an integer cell is (part of) a classification code, not an amount.
_CODE_COLUMN = re.compile(r"^(?:类|款|项|.*编码|.*代码|科目)$")
# The "栏次" row under a header: ※ / 栏次 followed by 1, 2, 3 …
_NUMBERING = re.compile(r"^(?:※|栏次|\d{1,2})$")
# Leaf column names that say nothing without their parent ("因公出国（境）费" + "合计").
_GENERIC = {"合计", "小计", "总计", "计"}


def clean(cell: str) -> str:
    """Cell text without markup (<b>) and with whitespace collapsed."""
    return _SPACE.sub(" ", _TAG.sub("", cell).replace("\u3000", " ")).strip()


def column_names(table: Table, ncols: int) -> list[str]:
    """The name a reader gives each column: its deepest header cell ("" when silent).

    Under a spanning "资金来源" the leaf "一般公共预算" is the name; a generic leaf keeps
    its parent ("因公出国（境）费合计"). The "※ 1 2 3" numbering row is not a name.
    """
    names = [""] * ncols
    for row in table.header:
        cells = [clean(c) for c in row[:ncols]]
        if all(not c or _NUMBERING.match(c) for c in cells):
            continue
        for j, cell in enumerate(cells):
            if cell:
                parent = names[j]
                names[j] = f"{parent}{cell}" if cell in _GENERIC and parent and parent not in _GENERIC else cell
    return names


def split_row(cells: tuple[str, ...], names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """(label, [(column name, cell), …]) of one row; ("", []) for an empty or numbering row.

    The label is the leading run of text cells and code segments; 类/款/项 segments
    (208 | 01 | 01) are joined into the code a reader searches for (2080101). A cell
    after the label keeps its column name only when it is a figure.
    """
    filled = [(j, clean(c)) for j, c in enumerate(cells) if clean(c)]
    if not filled or all(_NUMBERING.match(c) for _, c in filled):
        return "", []
    code, label, n = "", [], 0
    while n < len(filled):
        j, c = filled[n]
        name = names[j] if j < len(names) else ""
        if c.isdigit() and (_CODE_COLUMN.match(name) or (not name and len(c) in (2, 3, 5, 7))):
            code += c
        elif not _VALUE.match(c):
            label.append(c)
        else:
            break
        n += 1
    values = [(names[j] if j < len(names) and _VALUE.match(c) else "", c) for j, c in filled[n:]]
    return " ".join([code, *label] if code else label), values


def render_row(cells: tuple[str, ...], names: list[str]) -> str:
    """One row as "label：name value；name value" ("" for an empty or numbering row)."""
    head, values = split_row(cells, names)
    body = "；".join(f"{name} {c}" if name else c for name, c in values)
    if head and body:
        return f"{head}：{body}"
    return head or body


def row_gist(cells: tuple[str, ...], names: list[str]) -> str:
    """What a row is about, without its figures: the label, else the names of its columns.

    The embedder reads gists: digits cost it many tokens and tell it little, while
    BM25, which does match figures and codes, reads the full rows. Measured against
    embedding the full rows: fused recall@5 0.913 vs 0.907 on the gold questions,
    0.953 vs 0.930 on a second set, with 23% fewer tokens to embed.
    """
    head, values = split_row(cells, names)
    return head or "、".join(dict.fromkeys(name for name, _ in values if name))


def table_heading(table: Table) -> str:
    """Number, title, unit and column names: repeated at the top of every row group."""
    width = max((len(r) for r in (*table.header, *table.rows)), default=0)
    unit = f"（单位：{table.unit}）" if table.unit else ""
    names = [n for n in dict.fromkeys(column_names(table, width)) if n]
    head = f"{clean(table.label)}{unit}"
    return f"{head}\n栏目：{' | '.join(names)}" if names else head


def row_groups(table: Table, max_chars: int) -> list[tuple[str, str, int, int]]:
    """(text, gist, line_start, line_end) of consecutive rows, each text at most about `max_chars`.

    `gist` is the title line and the rows' gists, for the embedder. The first group
    starts at the table's first line (its title); later groups at their first row, so
    each range covers its rows and no two groups share a row.
    """
    width = max((len(r) for r in (*table.header, *table.rows)), default=0)
    names = column_names(table, width)
    heading = table_heading(table)
    title = heading.split("\n", 1)[0]
    rendered = [(render_row(r, names), i) for i, r in enumerate(table.rows)]
    rendered = [(text, i) for text, i in rendered if text]
    if not rendered:
        empty = f"{heading}\n（表中无数据行）"
        return [(empty, f"{title}\n（表中无数据行）", table.line_start, table.line_end)]
    groups: list[list[tuple[str, int]]] = [[]]
    size = len(heading)
    for text, i in rendered:
        if groups[-1] and size + len(text) + 1 > max_chars:
            groups.append([])
            size = len(heading)
        groups[-1].append((text, i))
        size += len(text) + 1
    out = []
    for g, group in enumerate(groups):
        first, last = group[0][1], group[-1][1]
        start = table.line_start if g == 0 else _row_line(table, first)
        end = table.line_end if g == len(groups) - 1 else max(_row_line(table, groups[g + 1][0][1]) - 1, start)
        gists = "；".join(g for g in (row_gist(table.rows[i], names) for _, i in group) if g)
        out.append((heading + "\n" + "\n".join(t for t, _ in group), f"{title}\n{gists}", start,
                    max(end, _row_line(table, last))))
    return out


def _row_line(table: Table, i: int) -> int:
    return table.row_lines[i] if i < len(table.row_lines) else table.line_start
