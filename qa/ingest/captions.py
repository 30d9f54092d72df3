"""Table captions: the lines above a table that number it (表 10), title it, name the
preparing body (编制部门：…) and state its unit (单位：万元) or period ((2025年)).

Patterns come from qa/lexicon/sections.json ("caption"). Every table detector
reads its caption with `find_caption`, whatever the layout the caption lines are in
(markdown heading, plain line, tab-prefixed cell line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.detect import is_pipe_row, is_tab_row
from qa.ingest.normalize import clean_line, heading_text, strip_pinyin_glosses, to_simplified

_MAX_CAPTION_LINES = 8  # non-blank lines scanned upwards from a table's first row
_PUNCTUATION = re.compile(r"[。；，,！？!?]")


@dataclass(frozen=True)
class Caption:
    start: int  # 0-based index of the first caption line (the first row's index when there is none)
    number: str | None  # "表10"
    title: str
    unit: str | None


@cache
def _patterns() -> dict:
    spec = lexicon.load("sections")["caption"]
    return {
        "number": re.compile(spec["number"]),
        "preparer": re.compile(spec["preparer"]),
        "unit": re.compile(spec["unit"]),
        "period": re.compile(spec["period"]),
        "title_endings": tuple(spec["title_endings"]),
        "title_max": spec["title_max_chars"],
    }


def title_of(text: str) -> str | None:
    """`text` as a table title ("项  目  支  出  绩  效  目  标  表" -> "项目支出绩效目标表"), or None
    when it does not read like one (too long, a sentence, not ending in 表)."""
    title = heading_text(text)
    p = _patterns()
    if not title or len(title) > p["title_max"] or _PUNCTUATION.search(title):
        return None
    return title if title.endswith(p["title_endings"]) else None


def classify(line: str) -> tuple[str, str | None] | None:
    """(kind, value) when `line` is a caption line, kind in number | preparer | unit | period | title;
    value is the number, the unit or the title. None for any other line (table rows included)."""
    if is_pipe_row(line) or (is_tab_row(line) and sum(1 for c in line.split("\t") if c.strip()) > 1):
        return None
    written = clean_line(line)
    if not written:
        return None
    text = to_simplified(strip_pinyin_glosses(written))  # mirror sites: 單位:萬元
    p = _patterns()
    unit = p["unit"].search(text)
    if p["preparer"].match(text):
        return "preparer", unit.group(1) if unit else None
    if unit and (unit.start() == 0 or len(text) <= 12):
        return "unit", unit.group(1)
    number = p["number"].match(text)
    if number:
        return "number", f"表{number.group(1)}"
    if p["period"].match(text):
        return "period", None
    title = title_of(text)
    return ("title", heading_text(written)) if title else None


def find_caption(lines, first_row: int, stop: int = -1) -> Caption:
    """The caption above the table whose first row is `lines[first_row]`, scanning upwards
    no further than `stop` (exclusive): the end of the previous table."""
    scan = _CaptionScan(first_row)
    i = first_row - 1
    while i > stop and scan.seen < _MAX_CAPTION_LINES:
        if lines[i].strip() and not scan.take(lines[i], i):
            break
        i -= 1
    return Caption(scan.start, scan.number, scan.title or "", scan.unit)


@dataclass
class _CaptionScan:
    """The caption lines read so far, upwards from a table's first row."""

    start: int
    number: str | None = None
    title: str | None = None
    unit: str | None = None
    seen: int = 0

    def take(self, line: str, i: int) -> bool:
        """Read caption line `i`; False when the caption ends (not a caption line, a second
        title, or the number line, which is its top)."""
        found = classify(line)
        if found is None or (found[0] == "title" and self.title is not None):
            return False
        kind, value = found
        self.seen += 1
        self.start = i
        if kind == "number":
            self._number_line(line, value)
            return False  # the number line is the top of a caption
        if kind == "title":
            self.title = value
        elif kind in ("unit", "preparer") and value:
            self.unit = self.unit or value
        return True

    def _number_line(self, line: str, number: str | None) -> None:
        """"表10 2020年一般公共预算支出表": the number, and the title written after it."""
        self.number = number
        written = _patterns()["number"].match(clean_line(line))
        rest = written.group(2) if written else None
        self.title = self.title or (title_of(rest) if rest else None)
