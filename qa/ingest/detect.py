"""Layout detection: which table layouts a text file uses and whether its prose is hard-wrapped.

A document may mix layouts; every table detector runs anyway. The layout name
recorded on the Document is the dominant one, and `wrapped` decides how
paragraphs and headings are read (a PDF text dump wraps sentences, and even
numbers, across lines with blank lines between).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.normalize import ends_sentence

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MARKER = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d)|第.{1,3}部分|[-*•]\s)"
)
_MIN_TABLE_LINES = 8  # fewer table-shaped lines than this do not make a layout
_WRAPPED_SHARE = 0.7
_MIN_PROSE_PAIRS = 10  # too little prose to tell: not wrapped
_LONG_LINE = 15  # characters; shorter lines are titles, labels, page numbers


def is_pipe_row(line: str) -> bool:
    """A markdown table row `| a | b |` (also its `|---|` separator)."""
    return bool(_PIPE_ROW.match(line))


def is_cell_line(line: str) -> bool:
    """One cell of a one-cell-per-line table: a single leading tab, then the cell."""
    return line.startswith("\t") and line.count("\t") == 1


def is_tab_row(line: str) -> bool:
    """A tab-separated row with at least two cells (and not a one-cell-per-line cell)."""
    return "\t" in line and not is_cell_line(line) and not is_pipe_row(line)


def starts_with_marker(text: str) -> bool:
    """True when `text` opens with a numbering or list marker (一、 （一） 1、 第一部分 - …)."""
    return bool(_MARKER.match(text))


@dataclass(frozen=True)
class Layout:
    name: str  # "markdown" | "tsv" | "cell_lines" | "pdf_text" | "plain"
    wrapped: bool  # prose is hard-wrapped: join lines across blank lines


def detect_layout(lines: tuple[str, ...] | list[str]) -> Layout:
    """The dominant layout of `lines` and whether its prose is hard-wrapped."""
    counts = {
        "markdown": sum(is_pipe_row(x) for x in lines),
        "tsv": sum(is_tab_row(x) for x in lines),
        "cell_lines": sum(is_cell_line(x) for x in lines),
    }
    wrapped = _wrapped_share(lines) >= _WRAPPED_SHARE
    name, count = max(counts.items(), key=lambda kv: kv[1])
    if count < _MIN_TABLE_LINES:
        name = "pdf_text" if wrapped else "plain"
    return Layout(name, wrapped)


def _wrapped_share(lines) -> float:
    """Share of long prose lines that stop mid-sentence while the next prose line does not start anew."""
    prose = [x.strip() for x in lines if x.strip() and "\t" not in x and not is_pipe_row(x)]
    pairs = [(a, b) for a, b in zip(prose, prose[1:], strict=False) if len(a) >= _LONG_LINE and a[0] != "#"]
    if len(pairs) < _MIN_PROSE_PAIRS:
        return 0.0
    return sum(1 for a, b in pairs if not ends_sentence(a) and not starts_with_marker(b)) / len(pairs)
