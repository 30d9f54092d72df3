"""Headings and the section tree.

A heading's level comes from its numbering (第一部分 > 一、 > （一） > 1、), never from
the number of markdown `#`s, which disclosures use inconsistently. A numbered line is a
heading only when it reads like one: short, no sentence punctuation, and a markdown
heading or ending in a heading word (…情况说明, …概况) — so list items and hard-wrapped
sentence starts ("（五）负责就业、失业、社会保险基金预测预警和信息") stay text.

The table of contents (目录) repeats the headings; it becomes one section ("目录",)
and its entries are not headings. Each table adds a leaf section named by its label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.normalize import heading_text, normalize_for_match
from qa.types import Section, Table

_PUNCTUATION = re.compile(r"[。；;，,！？!?]")
_COLON = re.compile(r"[：:]")
_LIST_ITEM = re.compile(r"^\s*([-*•]\s|\|)")
UNNUMBERED = 5  # level of a markdown heading without numbering: below every numbered level
TOC_PATH = ("目录",)


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based line index
    level: int
    text: str


@cache
def _spec() -> dict:
    spec = lexicon.load("sections")
    return {
        "levels": [(h["level"], re.compile(h["pattern"])) for h in spec["headings"]],
        "max": spec["heading_max_chars"],
        "endings": tuple(spec["heading_endings"]),
        "labels": tuple(spec["heading_labels"]),
        "toc": re.compile(spec["toc"]),
    }


def heading_of(line: str, index: int = 0) -> Heading | None:
    """`line` as a heading (level and normalised text), or None when it is not one."""
    if "\t" in line or _LIST_ITEM.match(line):
        return None
    text = heading_text(line)
    spec = _spec()
    if not text or len(text) > spec["max"] or _PUNCTUATION.search(text):
        return None
    markdown = line.lstrip().startswith("#")
    for level, pattern in spec["levels"]:
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end() :].strip()
        if level == 1:
            return Heading(index, 1, f"{m.group(0)} {rest}".strip())
        labelled = rest.startswith(spec["labels"])
        if _COLON.search(rest) and not labelled:
            return None
        if markdown or labelled or rest.endswith(spec["endings"]):
            return Heading(index, level, text)
        return None
    return Heading(index, UNNUMBERED, text) if markdown else None


def find_toc(lines, skip: set[int]) -> tuple[int, int] | None:
    """(first, last) 0-based lines of the table of contents: from the 目录 line to just before
    the body repeats the first entry. Only the 目录 line when the entries are not repeated."""
    spec = _spec()
    start = next(
        (i for i, x in enumerate(lines) if i not in skip and spec["toc"].match(heading_text(x))), None
    )
    if start is None:
        return None
    entries = (
        h for h in (heading_of(lines[i], i) for i in range(start + 1, len(lines)) if i not in skip) if h
    )
    first = next(entries, None)
    if first is None:
        return start, start
    key = _key(first.text)
    for i in range(first.index + 1, len(lines)):
        h = None if i in skip else heading_of(lines[i], i)
        if h and _key(h.text) == key:
            return start, i - 1
    return start, start


def _key(text: str) -> str:
    return normalize_for_match(text).replace(" ", "")


def find_headings(lines, skip: set[int], toc: tuple[int, int] | None) -> list[Heading]:
    """Every heading outside tables and the TOC; unnumbered markdown headings count only
    once numbered ones began (before that they are the cover: title lines)."""
    headings, numbered = [], False
    for i, line in enumerate(lines):
        if i in skip or (toc and toc[0] <= i <= toc[1]):
            continue
        h = heading_of(line, i)
        if h and (h.level != UNNUMBERED or numbered):
            numbered = numbered or h.level != UNNUMBERED
            headings.append(h)
    return headings


def build_sections(n_lines: int, headings: list[Heading], toc, tables: list[Table]) -> list[Section]:
    """Sections of the headings (each up to the next heading of its level or above), the TOC
    and one leaf per table, ordered by first line."""
    sections: list[Section] = []
    stack: list[tuple[Heading, tuple[str, ...]]] = []

    def close(upto_level: int, end: int) -> None:
        while stack and stack[-1][0].level >= upto_level:
            h, path = stack.pop()
            sections.append(Section(path, h.index + 1, end))

    for h in headings:
        close(h.level, h.index)
        parent = stack[-1][1] if stack else ()
        stack.append((h, (*parent, h.text)))
    close(0, n_lines)
    if toc:
        sections.append(Section(TOC_PATH, toc[0] + 1, toc[1] + 1))
    for t in tables:
        sections.append(Section((*t.section, t.label), t.line_start, t.line_end))
    return sorted(sections, key=lambda s: (s.line_start, len(s.path)))


def path_at(sections: list[Section], line: int) -> tuple[str, ...]:
    """Deepest section path containing 1-based `line` (same rule as Document.section_at)."""
    best: tuple[str, ...] = ()
    for s in sections:
        if s.line_start <= line <= s.line_end and len(s.path) >= len(best):
            best = s.path
    return best


def section_locator(sections: list[Section]) -> Callable[[int], tuple[str, ...]]:
    """`path_at(sections, line)` for many lines in constant time each.

    Every line is painted with the paths of the sections containing it, shallowest first and in
    list order within a depth, so the last paint is the deepest (and, among equals, the last)
    section: path_at's rule. Sections nest, so the painting is linear in the document's length
    (times its depth); calling path_at once per table and paragraph was quadratic.
    """
    size = max((s.line_end for s in sections), default=0) + 1
    paths: list[tuple[str, ...]] = [()] * size
    for s in sorted(sections, key=lambda s: len(s.path)):  # stable: list order within a depth
        start, end = max(s.line_start, 0), min(s.line_end, size - 1)
        if start <= end:
            paths[start:end + 1] = [s.path] * (end - start + 1)
    return lambda line: paths[line] if 0 <= line < size else ()

