"""Tables as aligned text for a terminal: Chinese characters count two columns wide.

`grid(header, rows)` lines up every cell of a table (header rows, a rule, body rows);
a cell wider than `max_cell` display columns wraps onto more lines of its row instead
of being cut, so every cell is shown whole.
"""

from __future__ import annotations

import unicodedata

MAX_CELL = 24  # display columns: a long indicator text wraps within its cell
SEPARATOR = " │ "
RULE, CROSS = "─", "─┼─"
_NUMBER = set("0123456789.,-+%")


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for wide and full-width (CJK), 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Display columns of `text`."""
    return sum(char_width(ch) for ch in text)


def wrap(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` display columns (at least one piece)."""
    pieces, line, used = [], [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > limit and line:
            pieces.append("".join(line))
            line, used = [], 0
        line.append(ch)
        used += w
    pieces.append("".join(line))
    return pieces


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` display columns (right-aligned for numbers)."""
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def is_number(text: str) -> bool:
    return bool(text) and set(text) <= _NUMBER and any(c.isdigit() for c in text)


def grid(header: list[list[str]], rows: list[list[str]], max_cell: int = MAX_CELL, indent: str = "  ") -> list[str]:
    """The lines of `header` rows, a rule, then `rows`, every column as wide as its widest cell
    (up to `max_cell`; longer cells wrap). Rows of unequal length are padded with empty cells."""
    n = max((len(r) for r in [*header, *rows]), default=0)
    if n == 0:
        return []
    full = [[_clean(c) for c in r] + [""] * (n - len(r)) for r in [*header, *rows]]
    widths = [min(max_cell, max(width(r[k]) for r in full)) for k in range(n)]
    lines = [line for r in full[: len(header)] for line in _row_lines(r, widths, indent, numbers=False)]
    if header:
        lines.append(indent + CROSS.join(RULE * w for w in widths))
    lines += [line for r in full[len(header):] for line in _row_lines(r, widths, indent, numbers=True)]
    return lines


def _row_lines(cells: list[str], widths: list[int], indent: str, numbers: bool) -> list[str]:
    pieces = [wrap(c, w) for c, w in zip(cells, widths, strict=True)]
    height = max(len(p) for p in pieces)
    out = []
    for i in range(height):
        parts = [pad(p[i] if i < len(p) else "", w, right=numbers and is_number(c))
                 for p, w, c in zip(pieces, widths, cells, strict=True)]
        out.append((indent + SEPARATOR.join(parts)).rstrip())
    return out


def _clean(cell: str) -> str:
    """A cell on one line: line breaks and tabs inside it become spaces."""
    return " ".join(str(cell).split())
