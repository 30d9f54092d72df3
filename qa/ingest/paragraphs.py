"""Narrative paragraphs: the text outside tables, headings and the TOC, hard wraps joined.

Two consecutive text lines belong to one paragraph unless the second opens a new item
(一、 （一） 1、 - …), a heading/table lies between, or they sit in different sections.
In hard-wrapped text (PDF dumps) they are otherwise joined unless the first ends with
。！？ — a wrapped line ends at "；" or "：" by accident of width (…主要原因是: / 本年…).
Elsewhere every line is a paragraph of its own unless it ends without 。；！？： and
visibly stops mid-sentence (ends with "，" / "、" or is a long line cut mid-word) and
the next line is not a "标签：" field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.ingest.detect import starts_with_marker
from qa.ingest.normalize import FULL_STOP, clean_line, ends_sentence, join_wrapped
from qa.types import Paragraph

_FIELD = re.compile(r"^[\u4e00-\u9fff（）()]{2,12}[：:]")
_OPEN_END = tuple("，,、（(“‘《〈【—")
_CUT_LINE = 30  # characters: an unwrapped line at least this long that ends mid-word was cut
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")


def build_paragraphs(
    lines,
    skip: set[int],
    wrapped: bool,
    section_at: Callable[[int], tuple[str, ...]],
) -> list[Paragraph]:
    """Paragraphs of every line not in `skip` (0-based indices of table, heading and TOC lines)."""
    paragraphs: list[Paragraph] = []
    parts: list[tuple[str, int]] = []  # (cleaned text, 1-based line) of the open paragraph
    barrier = False  # a skipped line since the last text line
    for i, line in enumerate(lines):
        if i in skip:
            barrier = barrier or bool(line.strip())
            continue
        text = clean_line(line)
        if not text or (wrapped and _PAGE_NUMBER.match(text)):
            continue
        if parts and (barrier or not _continues(parts[-1], (text, i + 1), wrapped, section_at)):
            paragraphs.append(_paragraph(parts, section_at))
            parts = []
        parts.append((text, i + 1))
        barrier = False
    if parts:
        paragraphs.append(_paragraph(parts, section_at))
    return paragraphs


def _continues(prev: tuple[str, int], nxt: tuple[str, int], wrapped: bool, section_at) -> bool:
    (a, a_line), (b, b_line) = prev, nxt
    if starts_with_marker(b) or section_at(a_line) != section_at(b_line):
        return False
    if wrapped:
        return not ends_sentence(a, FULL_STOP)
    if ends_sentence(a) or _FIELD.match(b):
        return False
    return a.endswith(_OPEN_END) or (
        len(a) >= _CUT_LINE and (a[-1].isalnum() or "\u4e00" <= a[-1] <= "\u9fff")
    )


def _paragraph(parts: list[tuple[str, int]], section_at) -> Paragraph:
    text, offsets = "", []
    for piece, line in parts:
        joined = join_wrapped(text, piece)
        offsets.append((len(joined) - len(piece), line))
        text = joined
    return Paragraph(
        text=text,
        line_start=parts[0][1],
        line_end=parts[-1][1],
        section=section_at(parts[0][1]),
        offsets=tuple(offsets),
    )
