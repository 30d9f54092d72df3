"""Tables a PDF-to-web conversion glued onto one long line, cells separated by spaces:

    …收入执行情况表 (财政预计数) 表一 单位:万元 2020年 2021年 2021年 完成数 预算数 完成数
    49,171 51,385 51,385 100.00% 4.50% 税收收入小计 27,631 33,385 33,385 100.00% 20.82% 增值税 …

After the caption (title, 表N, 单位) come the header words, then rows: a label and a run of
figures, the same number of figures in every row (the first row, the total, may have no
label). A header written as one level per run ("2020年 2021年 2021年" over "完成数 预算数
完成数") is paired column by column. Columns whose header words the conversion lost are named
by the arithmetic every row satisfies on two named columns (qa/lexicon/runon.json `derived`);
a column nothing names is left out, never guessed. The line's last, cut-off row is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import permutations

from qa.lexicon import load
from qa.types import Table

_CAPTION = re.compile(
    r"(?P<title>[^\s表]\S*表)\s*(?:[(（][^)）]{1,12}[)）]\s*)?(?P<number>表[一二三四五六七八九十\d]+)?\s*"
    r"单位\s*[:：]\s*(?P<unit>万元|元|亿元)"
)
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_YEAR = re.compile(r"^\d{4}年(?:度)?$")
_TOLERANCE = 0.011  # a rate is written with two decimals


def find_tables(lines: Sequence[str]) -> list[Table]:
    """Every glued table in `lines` (`lines[i]` is source line i+1)."""
    lex = load("runon")
    tables = []
    for i, line in enumerate(lines):
        if len(line) < lex["min_line_chars"]:
            continue
        table = next(filter(None, (_table(m, line, i + 1, lex) for m in _CAPTION.finditer(line))), None)
        if table:
            tables.append(table)
    return tables


def _table(caption: re.Match, line: str, line_no: int, lex: dict) -> Table | None:
    tokens = line[caption.end() :].split()
    header = _header(tokens)
    groups = _groups(tokens[len(header) :])
    width = _width(groups, lex)
    if not header or width is None:
        return None
    rows = _rows(groups, width, lex)
    columns = _columns(header, width, rows, lex)
    if columns is None:
        return None
    keep = [k for k, name in enumerate(columns) if name]
    return Table(
        number=caption["number"],
        title=caption["title"],
        line_start=line_no,
        line_end=line_no,
        unit=caption["unit"],
        header=(("项目", *(columns[k] for k in keep)),),
        rows=tuple((label, *(values[k] for k in keep)) for label, values in rows),
        row_lines=tuple(line_no for _ in rows),
    )


def _header(tokens: list[str]) -> list[str]:
    """The header words: every token before the first figure."""
    return next((tokens[:k] for k, t in enumerate(tokens) if _NUMBER.match(t)), [])


def _groups(tokens: list[str]) -> list[tuple[str, list[str]]]:
    """(label, figures) runs: the words before a run of figures label it."""
    groups: list[tuple[str, list[str]]] = []
    words: list[str] = []
    for t in tokens:
        if _NUMBER.match(t):
            if words or not groups:
                groups.append(("".join(words), []))
                words = []
            groups[-1][1].append(t)
        else:
            words.append(t)
    return groups


def _width(groups: list[tuple[str, list[str]]], lex: dict) -> int | None:
    """The figures per row, when all rows but the cut-off last one agree on it."""
    body = groups[:-1]
    if len(body) < lex["min_rows"]:
        return None
    width = Counter(len(v) for _, v in body).most_common(1)[0][0]
    return width if width >= 2 and all(len(v) == width for _, v in body) else None


def _rows(groups, width: int, lex: dict) -> list[tuple[str, list[str]]]:
    """Complete rows; a first row without a label is the table's total."""
    complete = [(label, values) for label, values in groups if len(values) == width]
    return [(label or (lex["total_label"] if k == 0 else ""), values) for k, (label, values) in enumerate(complete)
            if label or k == 0]


def _columns(header: list[str], width: int, rows, lex: dict) -> list[str] | None:
    """A name per figure column ("" for one nothing names), or None when the header does not fit."""
    names = _paired(header)
    if names is None or len(names) > width:
        return None
    names += [""] * (width - len(names))
    for k in range(width):
        if not names[k]:
            names[k] = _derived(k, names, rows, lex)
    return names


def _paired(header: list[str]) -> list[str] | None:
    """Header words as column names; a run of years over a run of words is paired up."""
    years = [t for t in header if _YEAR.match(t)]
    if years and header[: len(years)] == years and len(header) == 2 * len(years):
        return [y + w for y, w in zip(years, header[len(years) :], strict=True)]
    if years:
        return None
    return list(header)


def _derived(k: int, names: list[str], rows, lex: dict) -> str:
    """Name of the unnamed column k from the arithmetic it satisfies on two named columns."""
    if not all(values[k].endswith("%") for _, values in rows):
        return ""
    target = [_value(values[k]) for _, values in rows]
    for a, b in permutations([j for j, n in enumerate(names) if n and j != k], 2):
        ratio = _ratios(rows, a, b)
        if ratio is None:
            continue
        if _kind(names[a], lex["planned_words"]) and _kind(names[b], lex["done_words"]) \
                and _close(ratio, target, 0.0):
            return lex["derived"]["ratio"]
        if _kind(names[a], lex["done_words"]) and _kind(names[b], lex["done_words"]) \
                and _close(ratio, target, 100.0):
            return lex["derived"]["growth"]
    return ""


def _ratios(rows, a: int, b: int) -> list[float] | None:
    pairs = [(_value(values[a]), _value(values[b])) for _, values in rows]
    return None if any(x == 0 for x, _ in pairs) else [y / x * 100 for x, y in pairs]


def _close(ratio: list[float], target: list[float], less: float) -> bool:
    return all(abs(r - less - t) <= _TOLERANCE for r, t in zip(ratio, target, strict=True))


def _kind(name: str, words: list[str]) -> bool:
    return any(name.endswith(w) for w in words)


def _value(cell: str) -> float:
    return float(cell.rstrip("%").replace(",", ""))
