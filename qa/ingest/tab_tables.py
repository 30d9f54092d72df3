"""Tab-separated tables: one row per line, cells split on tabs.

A PDF-to-text export breaks such tables in two ways we read through: a row wrapped
onto a line after a blank line (kept as its own row, cells as written), and the
labels of merged cells printed on their own tab-less line between rows
("年度绩效指标", "产出指标"), kept as one-cell rows where they stand.
"""

from __future__ import annotations

import re

from qa.ingest.captions import classify, find_caption
from qa.ingest.detect import is_tab_row, starts_with_marker
from qa.ingest.grid import make_table
from qa.ingest.normalize import clean_cell, is_number
from qa.types import Table

_MAX_GAP = 6  # lines between two rows of one table
_MAX_LABEL = 12  # characters of a merged-cell label line
_PUNCTUATION = re.compile(r"[。；，,：:！？!?]")


def is_bridge_label(line: str) -> bool:
    """A short tab-less line that can be a merged-cell label inside a table (not a caption,
    a heading, a sentence or a page number)."""
    text = clean_cell(line)
    return bool(
        text
        and len(text) <= _MAX_LABEL
        and not _PUNCTUATION.search(text)
        and not is_number(text)
        and not starts_with_marker(text)
        and classify(line) is None
        and not line.lstrip().startswith("#")
    )


def find_tables(lines) -> list[Table]:
    """Every tab-separated table in `lines`."""
    tables = []
    prev_end = -1
    i = 0
    while i < len(lines):
        if not is_tab_row(lines[i]):
            i += 1
            continue
        rows, row_lines = [], []
        j = i
        while j is not None:
            rows.append(lines[j].split("\t"))
            row_lines.append(j + 1)
            end = j
            j, labels = _next_row(lines, j + 1)
            for k in labels:
                rows.append([lines[k]])
                row_lines.append(k + 1)
        tables.append(make_table(rows, row_lines, find_caption(lines, i, prev_end), line_end=end + 1))
        prev_end = end
        i = end + 1
    return tables


def _next_row(lines, k: int) -> tuple[int | None, list[int]]:
    """Index of the next row of the table after a row ending at k-1 (None when the table ended),
    and the label lines standing between."""
    labels = []
    for j in range(k, min(k + _MAX_GAP + 1, len(lines))):
        if is_tab_row(lines[j]):
            return j, labels
        if lines[j].strip():
            if not is_bridge_label(lines[j]):
                return None, []
            labels.append(j)
    return None, []
