"""Rebuild 绩效自评表 (项目支出 / 部门整体支出) from PDF text that lost its grid.

In such text every cell is hard-wrapped onto its own short lines, in reading
order: a wrapped 三级指标 label, then the values line (``>=14 篇 =31 篇 10 10.00``),
then the 偏差原因 column, then the next label. Each form becomes TWO tables:

* ``<form>（<项目名称>）：项目资金`` — unit 万元, header = the fund header,
  rows like ``["年度资金总额", "560.00", "560.00", "560.00", "10", "100.00%", "10.00"]``;
* ``<form>（<项目名称>）：绩效指标`` — no unit, header = the indicator header,
  one row per 三级指标 with 一级/二级 carried down, e.g.
  ``["产出指标", "数量指标", "在站博士数量", "=28 人", "=28 人", "10", "10.00", ""]``;
  the project form ends with ``["总分", "", "", "", "", "100", "<score>", ""]``; the
  部门整体 form's columns differ (预期指标值, 指标值设定依据, 分值权重, 实际完成指标值, 得分).

Two tables rather than one because the blocks have different columns and only
the fund block is in 万元; a consumer pairing cells with the header (and the
table unit) gets both right. The 年度总体目标 text lies between the two spans
and is left to the paragraph builder. Template words live in
``qa/lexicon/selfeval.json``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from functools import reduce

from qa.ingest.normalize import display_width, join_wrapped
from qa.lexicon import load
from qa.types import Table

Item = tuple[int, str]  # (1-based line number, stripped text)

_OP = r"(?:>=|<=|≥|≤|＞|＜|>|<|=)"
_OP_TOKEN = re.compile(rf"^{_OP}")
_SPACED_OP = re.compile(r"([<>＜＞])\s+=")  # "> =90%" as some disclosures write it
_OP_VALUE = re.compile(rf"(?:^|\s){_OP}\s?[\d.]")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_FUND_VALUE = re.compile(r"^(?:-?[\d,]+(?:\.\d+)?%?|[—–\-]+)$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
# The overall form's tail: 分值权重, 实际完成指标值, 得分 ("15 2.24 万人次 15").
_WEIGHT_ACTUAL_SCORE = re.compile(r"^(\d+(?:\.\d+)?)\s+(.+?)\s+(\d+(?:\.\d+)?)$")
_MAX_VALUE_LINES = 6  # target and actual wrap over at most a few lines ("<=242.48 万" / "元")
_DEFAULT_LABEL_WIDTH = 10  # 三级指标 column of the national template: 5 CJK characters (half-width columns)


def find_tables(lines: Sequence[str]) -> list[Table]:
    """Every 项目支出 / 部门整体支出 self-evaluation form in `lines`, as fund + indicator tables.

    `lines[i]` is source line i+1. Forms are found by their title line (spaces
    ignored); each runs to the next form title or the end of `lines`.
    """
    lex = load("selfeval")
    items = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    starts = [(k, kind) for k, (_, text) in enumerate(items) if (kind := _form_kind(text, lex))]
    tables: list[Table] = []
    for n, (k, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(items)
        tables.extend(_parse_form(items[k:end], kind, lex))
    return tables


def _form_kind(text: str, lex: dict) -> str | None:
    squashed = re.sub(r"\s+", "", text)
    for kind, spec in lex["forms"].items():
        if squashed in spec["titles"]:
            return kind
    return None


def _parse_form(items: list[Item], kind: str, lex: dict) -> list[Table]:
    spec = lex["forms"][kind]
    title_line, title_text = items[0]
    name = next(
        (t[len(spec["name_label"]) :].strip() for _, t in items if t.startswith(spec["name_label"])), ""
    )
    form_title = re.sub(r"\s+", "", title_text) + (f"（{name}）" if name else "")
    goal = _index(items, lex["goal_marker"])
    header_at = _index(items, lex["indicator_header_marker"], start=goal or 0)
    tables = []
    fund_rows, fund_lines = _fund_rows(items[: goal or header_at or len(items)], spec, lex)
    if fund_rows:
        tables.append(
            Table(
                number=None,
                title=f"{form_title}：{spec['fund_block']}",
                line_start=title_line,
                line_end=fund_lines[-1],
                unit=lex["fund_unit"],
                header=(tuple(spec["fund_header"]),),
                rows=tuple(fund_rows),
                row_lines=tuple(fund_lines),
                kind=kind,
            )
        )
    if header_at is not None:
        parse = _project_rows if spec["indicator_layout"] == "target_actual_weight_score" else _overall_rows
        rows, row_lines, last = parse(_indicator_items(items[header_at + 1 :], lex), lex)
        if rows:
            tables.append(
                Table(
                    number=None,
                    title=f"{form_title}：{spec['indicator_block']}",
                    line_start=items[header_at][0],
                    line_end=last,
                    unit=None,  # targets carry their own units (">=14 篇", "<=560 万元")
                    header=(tuple(spec["indicator_header"]),),
                    rows=tuple(rows),
                    row_lines=tuple(row_lines),
                    kind=kind,
                )
            )
    return tables


def _index(items: list[Item], marker: str, start: int = 0) -> int | None:
    return next((k for k in range(start, len(items)) if marker in items[k][1]), None)


def _fund_rows(items: list[Item], spec: dict, lex: dict) -> tuple[list[tuple[str, ...]], list[int]]:
    """Rows of the fund block: a label (maybe wrapped over earlier lines) and six values."""
    header_at = _index(items, lex["fund_header_marker"])
    if header_at is None:
        return [], []
    header_text = "".join(spec["fund_header"]) + "（万元）"
    rows, row_lines, pending = [], [], []
    for line, text in items[header_at + 1 :]:
        tokens = text.split()
        if len(tokens) >= 6 and all(_FUND_VALUE.match(t) for t in tokens[-6:]):
            label_items = pending + ([(line, " ".join(tokens[:-6]))] if len(tokens) > 6 else [])
            rows.append((_join([t for _, t in label_items]), *tokens[-6:]))
            row_lines.append(label_items[0][0] if label_items else line)
            pending = []
        elif not all(t in header_text for t in tokens):  # skip wrapped header fragments (全年执 / 行数)
            pending.append((line, text))
    return rows, row_lines


def _indicator_items(items: list[Item], lex: dict) -> list[Item]:
    """The indicator block: from the first 一级指标 (the header's wrapped fragments
    come before it) to 总分, a section heading, or the end of the form; page
    numbers dropped and "> =" closed up to ">="."""
    level1 = lex["level1"]
    texts = [t for _, t in items]
    first = next((k for k in range(len(items)) if _take_level(texts[k : k + 3], level1)[0]), len(items))
    block = []
    for line, text in items[first:]:
        if _HEADING.match(text):
            break
        if not _PAGE_NUMBER.match(text):
            block.append((line, _SPACED_OP.sub(r"\1=", text)))
        if text.startswith(lex["total_label"]):
            break
    return block


def _take_level(texts: Sequence[str], names: Sequence[str]) -> tuple[str | None, int, str]:
    """(level name, lines consumed, rest of the line) when texts[0] opens with a level
    label; the label may be wrapped over texts[1:] ("产出指" / "标")."""
    text = texts[0]
    for name in sorted(names, key=len, reverse=True):  # 经济成本指标 before 成本指标
        if text == name or text.startswith(name + " "):
            return name, 1, text[len(name) :].strip()
        joined = text
        for extra, more in enumerate(texts[1:], start=2):
            if not name.startswith(joined):
                break
            joined += more
            if joined == name:
                return name, extra, ""
    return None, 0, text


class _Levels:
    """一级/二级指标 carried down to the rows they govern."""

    def __init__(self, lex: dict):
        self.l1_names, self.l2_names = lex["level1"], lex["level2"]
        self.level1 = self.level2 = ""

    def take(self, items: list[Item], k: int) -> tuple[bool, int, str]:
        """Consume level labels at items[k]; (found any, items consumed, rest of the line)."""
        found, used, rest = False, 1, items[k][1]
        while rest:
            following = [t for _, t in items[k + 1 : k + 3]]
            name, n, rest_after = _take_level([rest, *following], [*self.l1_names, *self.l2_names])
            if not name:
                break
            # 满意度指标 is both an 一级 and an 二级 name: the first occurrence opens the 一级 group.
            if name in self.l1_names and (name not in self.l2_names or name != self.level1):
                self.level1, self.level2 = name, ""
            else:
                self.level2 = name
            found, used, rest = True, used + n - 1, rest_after
        return found, used, rest


def _project_rows(items: list[Item], lex: dict) -> tuple[list[tuple[str, ...]], list[int], int]:
    """Rows of the 项目支出 indicator block: label, target, actual, weight, score, reason."""
    block = _ProjectBlock(lex)
    k = 0
    while k < len(items):
        line, text = items[k]
        if block.continue_values(line, text):
            k += 1
            continue
        if text.startswith(lex["total_label"]):
            block.total(line, text)
            return block.result(line)
        used, rest = block.level_labels(items, k)
        k += used
        if rest:
            block.read(line, rest)
    _add_reason(block.rows, block.pending)
    return block.result(items[-1][0] if items else 0)


class _ProjectBlock:
    """What reading a 项目支出 indicator block has gathered so far."""

    def __init__(self, lex: dict):
        self.lex = lex
        self.levels = _Levels(lex)
        self.rows: list[list[str]] = []
        self.row_lines: list[int] = []
        self.pending: list[Item] = []  # text since the last row or level label: a reason, then the next label
        self.values: list[Item] = []  # an unfinished (wrapped) values run
        self.label_widths: list[int] = []
        self.row_in_group = False

    def result(self, last_line: int) -> tuple[list[tuple[str, ...]], list[int], int]:
        return [tuple(r) for r in self.rows], self.row_lines, last_line

    def finish(self, parsed: tuple[str, ...], value_line: int, text_items: list[Item]) -> None:
        """A row ends with its values: the text before them is the last row's reason, then its label."""
        prefix, target, actual, weight, score = parsed
        text_items = text_items + ([(value_line, prefix)] if prefix else [])
        if self.row_in_group:
            reason, label = _split_reason(text_items, _threshold(self.label_widths))
            _add_reason(self.rows, reason)
        else:  # nothing precedes the first label of a group: learn the column width from it
            label = text_items
            self.label_widths.extend(display_width(t) for _, t in label[:-1])
        row = [self.levels.level1, self.levels.level2, _join([t for _, t in label]), target, actual, weight, score, ""]
        self.rows.append(row)
        self.row_lines.append(label[0][0] if label else value_line)
        self.pending, self.row_in_group = [], True

    def continue_values(self, line: int, text: str) -> bool:
        """Feed the line to an unfinished values run; False when none is open (a run that never
        completed, or one the total row cuts, stays text)."""
        if self.values and (len(self.values) >= _MAX_VALUE_LINES or text.startswith(self.lex["total_label"])):
            self.pending, self.values = self.pending + self.values, []
        if not self.values:
            return False
        self.values.append((line, text))
        joined = _join_values([t for _, t in self.values])
        if _complete(joined):
            self.finish(_split_values(joined), self.values[0][0], self.pending)
            self.values = []
        return True

    def total(self, line: int, text: str) -> None:
        """The 总分 row: its weight and score."""
        _add_reason(self.rows, self.pending)
        tokens = text[len(self.lex["total_label"]) :].replace("分", " ").split()
        self.rows.append([self.lex["total_label"], "", "", "", "", *(tokens + ["", ""])[:2], ""])
        self.row_lines.append(line)

    def level_labels(self, items: list[Item], k: int) -> tuple[int, str]:
        """(items consumed, rest of the line) after the level labels at items[k]; a level label
        closes the last row's reason and opens a group."""
        found, used, rest = self.levels.take(items, k)
        if found:
            _add_reason(self.rows, self.pending)
            self.pending, self.row_in_group = [], False
        return used, rest

    def read(self, line: int, rest: str) -> None:
        """A line's text after its level labels: values (whole, wrapped or W S alone) or text."""
        tokens = rest.split()
        if len(tokens) == 2 and _complete(rest):  # a lone "W S": target and actual were wrapped above it
            t, a = _split_qualitative(self.pending)
            target, actual = _join([x for _, x in self.pending[t:a]]), _join([x for _, x in self.pending[a:]])
            self.finish(("", target, actual, *tokens), line, self.pending[:t])
        elif _OP_VALUE.search(rest) or _qualitative_line(tokens):
            if _complete(rest):
                self.finish(_split_values(rest), line, self.pending)
            else:
                self.values = [(line, rest)]
        else:
            self.pending.append((line, rest))


def _overall_rows(items: list[Item], lex: dict) -> tuple[list[tuple[str, ...]], list[int], int]:
    """Rows of the 部门整体支出 indicator block: label, target, basis, weight, actual, score."""
    levels = _Levels(lex)
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    label: list[Item] = []
    basis: list[str] = []
    target: str | None = None
    k = 0
    while k < len(items):
        line, text = items[k]
        found, used, rest = levels.take(items, k)
        k += used
        if not rest:
            continue
        tail = _WEIGHT_ACTUAL_SCORE.match(rest)
        if tail and float(tail[1]) <= 100 and float(tail[3]) <= 100 and (target is not None or label):
            rows.append(
                (
                    levels.level1,
                    levels.level2,
                    _join([t for _, t in label]),
                    target or "",
                    _join(basis),
                    tail[1],
                    tail[2],
                    tail[3],
                )
            )
            row_lines.append(label[0][0] if label else line)
            label, basis, target = [], [], None
        elif target is not None:
            basis.append(rest)
        elif op := re.search(rf"(?:^|\s)(?={_OP})", rest):
            if rest[: op.start()].strip():
                label.append((line, rest[: op.start()].strip()))
            target = rest[op.start() :].strip()
        else:
            label.append((line, rest))
    return rows, row_lines, items[-1][0] if items else 0


def _split_values(text: str) -> tuple[str, str, str, str, str]:
    """(label prefix, target, actual, weight, score) of a complete values run."""
    tokens = text.split()
    weight, score, middle = tokens[-2], tokens[-1], tokens[:-2]
    ops = [i for i, t in enumerate(middle) if _OP_TOKEN.match(t)]
    if len(ops) >= 2:
        parts = [middle[: ops[0]], middle[ops[0] : ops[1]], middle[ops[1] :]]
    else:  # qualitative values (长期 / 提高), or one side without an operator
        groups: list[list[str]] = []
        for t in middle:
            if groups and re.search(r"\d$", groups[-1][-1]) and not re.match(rf"{_OP}|\d", t):
                groups[-1].append(t)  # a unit after its number: "=31" "篇"
            else:
                groups.append([t])
        groups = [[]] * max(0, 3 - len(groups)) + groups
        parts = [sum(groups[:-2], []), groups[-2], groups[-1]]
    prefix, target, actual = (" ".join(p) for p in parts)
    return prefix, target, actual, weight, score


def _complete(text: str) -> bool:
    """A values run is complete once it ends with 分值 and 得分 (both numbers, 分值 <= 100)."""
    tokens = text.split()
    return (
        len(tokens) >= 2
        and bool(_NUMBER.match(tokens[-1]) and _NUMBER.match(tokens[-2]))
        and (float(tokens[-2]) <= 100)
    )


def _qualitative_line(tokens: list[str]) -> bool:
    """`提高 提高 20 20.00`: two words then 分值 and 得分."""
    return (
        len(tokens) >= 4
        and _complete(" ".join(tokens[-2:]))
        and not any(_NUMBER.match(t) for t in tokens[-4:-2])
    )


def _split_qualitative(items: list[Item]) -> tuple[int, int]:
    """Where the wrapped target and actual start among `items` (their last lines).

    A met qualitative target reads the same as its actual, so look for two equal
    runs at the end; otherwise take the last two lines.
    """
    texts = [t for _, t in items]
    for a in range(len(texts) - 1, 0, -1):
        for t in range(a - 1, -1, -1):
            if _join(texts[t:a]) == _join(texts[a:]):
                return t, a
    return max(0, len(texts) - 2), max(0, len(texts) - 1)


def _split_reason(items: list[Item], wide: float) -> tuple[list[Item], list[Item]]:
    """Split text between two rows into the previous row's 偏差原因 and the next label.

    The label column is wider than the reason column, so every wrapped label line
    but the last is full width; walk back from the label's last line while the
    line before it is that wide.
    """
    if not items:
        return [], []
    k = len(items) - 1
    # A bracketed unit ("（条）") is kept whole on the next line, so the line before it may be short.
    while k > 0 and (display_width(items[k - 1][1]) >= wide or items[k][1].startswith(("（", "("))):
        k -= 1
    return items[:k], items[k:]


def _threshold(label_widths: list[int]) -> float:
    # One column of slack: a line may break one punctuation mark early or late.
    return (statistics.median(label_widths) if label_widths else _DEFAULT_LABEL_WIDTH) - 1


def _add_reason(rows: list[list[str]], reason: list[Item]) -> None:
    if rows and reason:
        rows[-1][7] = _join([rows[-1][7], *(t for _, t in reason)])


def _join(parts: Sequence[str]) -> str:
    """Re-join hard-wrapped text ("受资助博士" + "后在站期间"; "我州" + "2022—")."""
    return reduce(join_wrapped, parts, "")


def _join_values(parts: Sequence[str]) -> str:
    """Re-join a wrapped values run: a unit continues its number ("=19.9938 万" + "元"),
    a new number or operator starts a new token."""
    out = parts[0]
    for part in parts[1:]:
        out += (" " if re.match(rf"{_OP}|\d", part) else "") + part
    return out
