"""Tables a web page flattened to one cell per line, with no row structure left.

Three ways the cells are written, one run of cells each:
- pipe-terminated: every line one cell ending in "|" ("項 目 |", "49.9 |"; a lone "|" is an
  empty cell);
- pipe-separated: lines holding only pipes separate the cells, and the text lines between
  two of them are one cell wrapped ("一般公共" / "預算"); "||" stands for an empty cell;
- no pipes at all, right under a caption: every short non-blank line a cell (blank lines
  between, empty cells dropped), a cell wrapped at a bracket or inside a known term
  ("因公出国" / "(境)费", "公务用车" / "购置费") joined again.

Rows are then found from the cells themselves: the header is everything before the first
label followed by a figure; a body row starts at each label (a non-numeric cell), and when
the cells before the figures end with a repeated pattern (预算数 决算数 × 6) as long as the
run of figures, that run is one row without a label. The header levels are fitted to the
width (qa/ingest/levels.py). A run whose cells do not make a consistent table is left as
text: never a guessed number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from qa import lexicon
from qa.ingest.captions import Caption, classify, find_caption
from qa.ingest.detect import starts_with_marker
from qa.ingest.grid import make_table
from qa.ingest.levels import fit_header, periodic_tail, split_levels
from qa.ingest.normalize import clean_cell, is_number, join_wrapped, normalize_for_match
from qa.types import Table

_PIPES = re.compile(r"^\s*\|[\s|]*$")
_TERMINATED = re.compile(r"^([^|]*?)\s*\|\s*$")
_SENTENCE = re.compile(r"[。；;！？!?]|[:：]$")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")
_BRACKET_TAIL = re.compile(r"^[(（][^)）]{1,3}[)）]\S")
_MAX_CELL = 30  # characters of a cell line
_MAX_WRAP = 3  # text lines between two pipe lines
_MIN_FIGURES = 2
_VALUE_MARKS = ("-", "—", "－", "/", "--")


@dataclass(frozen=True)
class _Cell:
    text: str
    line: int  # 0-based index of its first line


@cache
def _terms() -> frozenset[str]:
    """Every name the metric lexicon knows, normalised: the words a wrapped cell may complete."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, str):
            found.add(normalize_for_match(node))
        elif isinstance(node, dict):
            for k, v in node.items():
                if not k.startswith("_"):
                    found.add(normalize_for_match(k))
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(lexicon.load("metrics"))
    return frozenset(found)


def _is_text_line(line: str) -> bool:
    return bool(line.strip()) and "\t" not in line and "|" not in line


def cell_like(line: str) -> bool:
    """A line that can be one table cell: short, no tab or pipe, not a sentence or a 一、 heading."""
    text = clean_cell(line)
    return (
        _is_text_line(line)
        and len(text) <= _MAX_CELL
        and not _SENTENCE.search(text)
        and not _HEADING.match(text)
    )


def find_tables(lines) -> list[Table]:
    """Every flattened one-cell-per-line table in `lines`."""
    tables = []
    prev_end = -1
    for _first, last, cells in _runs(lines):
        table = _table(lines, cells, prev_end, last)
        if table is not None:
            tables.append(table)
            prev_end = last
    return tables


def _runs(lines) -> Iterable[tuple[int, int, list[_Cell]]]:
    """(first, last line index, cells) of each candidate run, in line order."""
    i = 0
    while i < len(lines):
        found = _terminated_run(lines, i) or _separated_run(lines, i) or _bare_run(lines, i)
        if found:
            yield found
            i = found[1] + 1
        else:
            i += 1


def _terminated_run(lines, i: int):
    """Lines each one cell ending in "|" (a lone "|" an empty cell)."""
    j, cells = i, []
    while j < len(lines):
        m = _TERMINATED.match(lines[j])
        if not m or (not m.group(1).strip() and j == i):
            break
        cells.append(_Cell(m.group(1), j))
        j += 1
    return (i, j - 1, cells) if _figures(cells) >= _MIN_FIGURES and not _PIPES.match(lines[i]) else None


def _separated_run(lines, i: int):
    """Cells between lines of pipes; starts at a text line followed by a pipe line."""
    if not cell_like(lines[i]) or i + 1 >= len(lines) or not _PIPES.match(lines[i + 1]):
        return None
    cells: list[_Cell] = [_Cell(clean_cell(lines[i]), i)]
    j = i + 1
    last = i
    while j < len(lines) and _PIPES.match(lines[j]):
        cells.extend(_Cell("", j) for _ in range(lines[j].count("|") - 1))
        last = j
        k = j + 1
        text, start = "", k
        while k < len(lines) and k - start < _MAX_WRAP and cell_like(lines[k]):
            text = join_wrapped(text, clean_cell(lines[k]))
            k += 1
        if text:
            cells.append(_Cell(text, start))
            last = k - 1
        j = k
    if sum(1 for c in cells if c.text) < 4:
        return None
    return i, last, cells


def _bare_run(lines, i: int):
    """Short lines (blank lines between) right under a caption line."""
    if not (classify(lines[i]) and i + 1 < len(lines)):
        return None
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or classify(lines[j])):
        j += 1
    cells, last = [], j - 1
    while j < len(lines) and (not lines[j].strip() or cell_like(lines[j])):
        if lines[j].strip():
            cells.append(_Cell(clean_cell(lines[j]), j))
            last = j
        j += 1
    cells = _join_wrapped_cells(cells)
    return (i + 1, last, cells) if _figures(cells) >= _MIN_FIGURES else None


def _join_wrapped_cells(cells: list[_Cell]) -> list[_Cell]:
    """A cell split over two lines joined: "因公出国" + "(境)费", "公务用车" + "购置费"."""
    out: list[_Cell] = []
    for c in cells:
        if out and _wrapped(out[-1].text, c.text):
            out[-1] = _Cell(out[-1].text + c.text, out[-1].line)
        else:
            out.append(c)
    return out


def _wrapped(left: str, right: str) -> bool:
    if not left or not right or is_number(left) or is_number(right):
        return False
    if _BRACKET_TAIL.match(right) and not starts_with_marker(right):
        return True
    terms = _terms()
    return normalize_for_match(left + right) in terms and normalize_for_match(right) not in terms


def _figures(cells: list[_Cell]) -> int:
    return sum(1 for c in cells if is_number(c.text))


def _is_value(text: str) -> bool:
    return not text or is_number(text) or text in _VALUE_MARKS


def _table(lines, cells: list[_Cell], prev_end: int, last: int) -> Table | None:
    cells, unit = _drop_captions(cells)
    if not cells:
        return None
    start = next(
        (k for k in range(len(cells) - 1) if not _is_value(cells[k].text) and is_number(cells[k + 1].text)),
        None,
    )
    if start is None:
        return _header_only(lines, cells, prev_end, last)
    header_cells, body_cells, stubs = _split_at_first_row(cells, start)
    rows = _rows(body_cells, stubs)
    width = max(len(r) for r, _ in rows)
    if _figures(body_cells) < _MIN_FIGURES or not header_cells:
        return None
    header = fit_header(split_levels(header_cells, stubs), width)
    if header is None:
        return None
    caption = _caption(lines, cells[0].line, prev_end, unit)
    return make_table([r for r, _ in rows], [ln + 1 for _, ln in rows], caption, last + 1, header=header)


def _split_at_first_row(cells: list[_Cell], start: int) -> tuple[list[str], list[_Cell], int]:
    """(header cells, body cells, label columns) of cells whose first row's label is cells[start]:
    the header ends before it, unless its figures fill a repeated pattern of the header, a row
    without a label."""
    figures = 0
    while start + 1 + figures < len(cells) and is_number(cells[start + 1 + figures].text):
        figures += 1
    head = [c.text for c in cells[: start + 1]]
    period, _ = periodic_tail([h for h in head if h])
    if period and period == figures:  # one row without a label under a repeated pattern
        return head, cells[start + 1 :], 0
    return head[:-1], cells[start:], 1


def _drop_captions(cells: list[_Cell]) -> tuple[list[_Cell], str | None]:
    """The cells after the leading caption cells (a page may put 单位:万元 between pipes),
    and the unit those name."""
    k, unit = 0, None
    while k < len(cells) and (not cells[k].text or classify(cells[k].text)):
        kind, value = classify(cells[k].text) or ("", None)
        unit = unit or (value if kind in ("unit", "preparer") else None)
        k += 1
    return cells[k:], unit


def _caption(lines, first: int, prev_end: int, unit: str | None) -> Caption:
    caption = find_caption(lines, first, prev_end)
    return replace(caption, unit=caption.unit or unit)


def _rows(cells: list[_Cell], stubs: int) -> list[tuple[list[str], int]]:
    """Body rows: a new row at every label (or one row of everything without labels),
    trailing empty cells dropped."""
    rows: list[tuple[list[str], int]] = []
    for c in cells:
        if not rows or (stubs and not _is_value(c.text)):
            rows.append(([], c.line))
        rows[-1][0].append(c.text)
    for row, _ in rows:
        while row and not row[-1]:
            row.pop()
    return [(r, ln) for r, ln in rows if r]


def _header_only(lines, cells: list[_Cell], prev_end: int, last: int) -> Table | None:
    """A table cut off after its header (the page ends): the first header row, as written."""
    first = []
    for c in cells:
        if not c.text:
            break
        first.append(c.text)
    caption = find_caption(lines, cells[0].line, prev_end)
    if len(first) < 3 or not (caption.title or caption.unit):
        return None
    return make_table([], [], caption, last + 1, header=[tuple(first)])
