"""绩效自评表 a web page glued onto one line, cells separated by spaces:

    附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 … 项目资金 (万元) 年初预算数
    全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974
    89.974 上年结转资金 其他资金 年度总体目标 预期目标 实际完成情况 本项目共申请预算资金90万元。…
    绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
    产出指标(50分) 数量指标 基建工程委托业务项目数量 ≥50个 50 8 8 质量指标 …

`split_forms` breaks such a line at the template's block words (the form's fund block, its
年度总体目标 and the goal's text after its header, its indicator block), so the goal text stays a
paragraph; `find_tables` reads
the fund and indicator blocks as the two tables qa/ingest/selfeval_tables.py makes of a PDF
form (same titles, headers and kind). A fund row is a label and up to six figures, filled
from the left (a source row lists only its amounts); an indicator row is a label, the target,
the actual, then 分值 and 得分, closed by the last figure of a run. An 一级指标 is marked by its
score ("产出指标(50分)"); where the form marks them so, every unmarked level name is 二级. A
row the page cuts off is dropped. Template words live in qa/lexicon/selfeval.json.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.lexicon import load
from qa.types import Table

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")
_SCORED = re.compile(r"[(（]\d+(?:\.\d+)?分[)）]$")
_MIN_CHARS = 200  # a line holding a whole form
_FUND_VALUES = 6


def split_forms(lines: Sequence[str]) -> tuple[str, ...]:
    """`lines` with each line that holds a whole form broken before its blocks."""
    lex = load("selfeval")
    out: list[str] = []
    for line in lines:
        out.extend(_split(line, lex) if len(line) >= _MIN_CHARS and _form_of(line, lex) else [line])
    return tuple(out)


def find_tables(lines: Sequence[str]) -> list[Table]:
    """The fund and indicator tables of every run-on form block in `lines` (as split)."""
    lex = load("selfeval")
    tables: list[Table] = []
    form: tuple[str, dict, str] | None = None  # (kind, spec, title) of the last form title seen
    for i, line in enumerate(lines):
        kind = _titled(line, lex)
        if kind:
            form = (kind, lex["forms"][kind], _form_title(line, kind, lex))
        elif form and line.startswith(form[1]["fund_block"]) and lex["fund_header_marker"] in line:
            tables.extend(_fund_table(line, i + 1, form, lex))
        elif form and line.startswith(form[1]["indicator_block"]) and lex["indicator_header_marker"] in line:
            tables.extend(_indicator_table(line, i + 1, form, lex))
    return tables


def _titled(line: str, lex: dict) -> str | None:
    """Kind of the form whose title `line` contains."""
    squashed = re.sub(r"\s+", "", line)
    return next((kind for kind, spec in lex["forms"].items() if any(t in squashed for t in spec["titles"])), None)


def _form_of(line: str, lex: dict) -> str | None:
    """Kind of the form whose title `line` contains along with its blocks."""
    kind = _titled(line, lex)
    return kind if kind and _blocks(line, lex["forms"][kind], lex) else None


def _blocks(line: str, spec: dict, lex: dict) -> list[int] | None:
    """Offsets of the fund block, the goal (and its text after the goal's header) and the
    indicator block, in this order, else None."""
    fund_at = line.find(lex["fund_header_marker"])
    indicator_at = line.find(lex["indicator_header_marker"], max(fund_at, 0))
    if fund_at < 0 or indicator_at < 0:
        return None
    starts = [line.rfind(spec["fund_block"], 0, fund_at), line.find(lex["goal_marker"], fund_at),
              line.rfind(spec["indicator_block"], fund_at, indicator_at)]
    goal_at = line.rfind(" ", fund_at, starts[1]) + 1 if starts[1] > 0 else -1  # "年度总体目标 预期目标"
    starts[1] = goal_at if goal_at > 0 else starts[1]
    if not (all(s > 0 for s in starts) and starts == sorted(starts)):
        return None
    text_at = line.find(lex["goal_header_end"], starts[1], starts[2])  # the goal's text after its header
    return starts if text_at < 0 else sorted([*starts, text_at + len(lex["goal_header_end"])])


def _split(line: str, lex: dict) -> list[str]:
    kind = _form_of(line, lex)
    cuts = [0, *_blocks(line, lex["forms"][kind], lex), len(line)]
    return [line[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if line[a:b].strip()]


def _form_title(line: str, kind: str, lex: dict) -> str:
    spec = lex["forms"][kind]
    title = next(t for t in spec["titles"] if t in re.sub(r"\s+", "", line))
    tokens = line.split()
    name = next((tokens[k + 1] for k, t in enumerate(tokens[:-1]) if t == spec["name_label"]), "")
    return title + (f"（{name}）" if name else "")


def _after_header(line: str, header: list[str]) -> list[str]:
    """The tokens after the block's last header word."""
    tokens = line.split()
    last = max((k for k, t in enumerate(tokens) if t == header[-1]), default=None)
    return tokens[last + 1 :] if last is not None else []


def _fund_table(line: str, line_no: int, form, lex: dict) -> list[Table]:
    kind, spec, title = form
    rows = []
    for label, values in _labelled_runs(_after_header(line, spec["fund_header"])):
        if values and len(values) <= _FUND_VALUES:
            rows.append((label, *values, *[""] * (_FUND_VALUES - len(values))))
    return _table(f"{title}：{spec['fund_block']}", line_no, lex["fund_unit"], spec["fund_header"], rows, kind)


def _labelled_runs(tokens: list[str]) -> list[tuple[str, list[str]]]:
    """(label, figures): the words before each run of figures, list words ("其中:") dropped."""
    runs: list[tuple[str, list[str]]] = []
    words: list[str] = []
    for t in tokens:
        if _NUMBER.match(t):
            if words:
                runs.append((_label(words), []))
                words = []
            if runs:
                runs[-1][1].append(t)
        else:
            words.append(t)
    return runs


def _label(words: list[str]) -> str:
    return re.sub(r"^其中[:：]", "", "".join(words)).rstrip(":：")


def _indicator_table(line: str, line_no: int, form, lex: dict) -> list[Table]:
    kind, spec, title = form
    if spec["indicator_layout"] != "target_actual_weight_score":
        return []
    rows = _indicator_rows(_after_header(line, spec["indicator_header"]), lex)
    return _table(f"{title}：{spec['indicator_block']}", line_no, None, spec["indicator_header"], rows, kind)


def _indicator_rows(tokens: list[str], lex: dict) -> list[tuple[str, ...]]:
    scored = any(_SCORED.search(t) for t in tokens)
    level1 = level2 = ""
    rows: list[tuple[str, ...]] = []
    pending: list[str] = []
    for k, t in enumerate(tokens):
        level = _level(t, scored, lex)
        if level and not pending:
            level1, level2 = (level[1], "") if level[0] == 1 else (level1, level[1])
            continue
        pending.append(t)
        if _closes_row(pending, tokens[k + 1 :]):
            rows.append((level1, level2, *_indicator_cells(pending), ""))
            pending = []
    return rows


def _level(token: str, scored: bool, lex: dict) -> tuple[int, str] | None:
    """(1 or 2, name) when `token` is a level label."""
    name = _SCORED.sub("", token)
    if scored:
        if name != token and name in lex["level1"]:
            return 1, name
        return (2, name) if name in lex["level1"] + lex["level2"] else None
    if name in lex["level2"]:
        return 2, name
    return (1, name) if name in lex["level1"] else None


def _closes_row(pending: list[str], rest: list[str]) -> bool:
    """A row ends at the last figure of a run: 分值 and 得分 behind a label, a target and an actual."""
    return _trailing_figures(pending) >= 2 and len(pending) >= 5 and not (rest and _NUMBER.match(rest[0]))


def _trailing_figures(tokens: list[str]) -> int:
    n = 0
    while n < len(tokens) and _NUMBER.match(tokens[-1 - n]):
        n += 1
    return n


def _indicator_cells(tokens: list[str]) -> tuple[str, str, str, str, str]:
    """(label, target, actual, weight, score) of a closed row."""
    label, target, actual = "".join(tokens[:-4]), tokens[-4], tokens[-3]
    return label, target, actual, tokens[-2], tokens[-1]


def _table(title: str, line_no: int, unit: str | None, header: list[str], rows, kind: str) -> list[Table]:
    if not rows:
        return []
    return [Table(number=None, title=title, line_start=line_no, line_end=line_no, unit=unit,
                 header=(tuple(header),), rows=tuple(rows), row_lines=tuple(line_no for _ in rows), kind=kind)]
