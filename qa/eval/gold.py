"""The gold question set: loading, format checks, checks against the corpus, subsets.

Line format (one JSON object per line, see tests/gold/README.md):
    {"id", "question", "type", "doc", "answer_value", "answer_unit", "answer_text",
     "source_line", "status"} plus optional "source_line_end", "also", "operator",
    "answer_keywords", "followup_of", "source_lines"/"operands"/"also_operands"
    (comparisons), "candidates" (ambiguous), "layout", "ci".
`run_eval` refuses a malformed file up front (a custom `--gold` file included)
rather than scoring half of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from qa.errors import QAError
from qa.eval.numbers import fold, numbers_in, plain, same_number, squeeze

REQUIRED = ("id", "question", "type", "doc", "answer_value", "answer_unit", "answer_text", "source_line")
STATUSES = ("answered", "not_found", "ambiguous")
TYPES = (
    "narrative_figure", "table_figure", "breakdown", "change", "reason", "count", "performance_target",
    "project", "definition", "comparison", "list", "followup", "ambiguous", "unanswerable",
)
# Types whose figure sits in a table cell: the unit is in the table's 单位 line or header.
TABLE_TYPES = ("table_figure", "project")
# How far above a table cell its "单位：万元" / "(万元)" line may be.
UNIT_LOOKBACK = 400
_OPERATORS = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<"}


class GoldError(QAError):
    """The gold file is malformed; the message names the line and the field."""

    code = "bad_gold"


def status_of(item: dict) -> str:
    """An item's expected status; "answered" when the file leaves it out."""
    return item.get("status", "answered")


def load_gold(path: Path) -> list[dict]:
    """Items of a gold JSONL file in file order, format-checked (GoldError otherwise)."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"金标准文件 {path} 不存在，请用 --gold 指定。")
    items: list[dict] = []
    seen: set[str] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as e:
            raise GoldError(f"金标准文件 {path} 第{n}行不是合法 JSON：{e}") from e
        problem = _format_problem(item, seen)
        if problem:
            raise GoldError(f"金标准文件 {path} 第{n}行：{problem}")
        seen.add(item["id"])
        items.append(item)
    return items


def _format_problem(item: dict, seen: set[str]) -> str | None:
    missing = [k for k in REQUIRED if k not in item]
    if missing:
        return f"缺少字段 {missing}"
    if item["id"] in seen:
        return f"id {item['id']!r} 重复"
    if item["type"] not in TYPES:
        return f"未知类型 {item['type']!r}"
    status = status_of(item)
    if status not in STATUSES:
        return f"未知状态 {status!r}"
    if item.get("followup_of") and item["followup_of"] not in seen:
        return f"followup_of {item['followup_of']!r} 须指向前面的条目"
    if status == "answered":
        if not item["doc"] or not isinstance(item["source_line"], int):
            return "已回答条目须有 doc 与 source_line"
        if item["answer_value"] is None and not item.get("answer_keywords"):
            return "已回答条目须有 answer_value 或 answer_keywords"
        if item["type"] == "comparison" and not _comparison_ok(item):
            return "比较题须有与 doc 等长的 source_lines 与 operands"
    elif item["answer_value"] is not None:
        return f"{status} 条目不应有 answer_value"
    return None


def _comparison_ok(item: dict) -> bool:
    docs, lines, ops = item["doc"], item.get("source_lines"), item.get("operands")
    return isinstance(docs, list) and isinstance(lines, list) and isinstance(ops, list) and len(docs) == len(lines) == len(ops) >= 2


def select(items: list[dict], subset: str | None) -> list[dict]:
    """The items of `subset`: None/"all" = every item, "ci" = items marked "ci", or a
    type name. A follow-up brings its earlier questions along (it needs their session)."""
    if subset in (None, "", "all"):
        return list(items)
    if subset == "ci":
        chosen = {i["id"] for i in items if i.get("ci")}
    elif subset in TYPES:
        chosen = {i["id"] for i in items if i["type"] == subset}
    else:
        raise GoldError(f"未知子集 {subset!r}：可用 all、ci 或题型名 {', '.join(TYPES)}")
    by_id = {i["id"]: i for i in items}
    for item_id in list(chosen):
        parent = by_id[item_id].get("followup_of")
        while parent:
            chosen.add(parent)
            parent = by_id[parent].get("followup_of")
    return [i for i in items if i["id"] in chosen]


def evidence(item: dict) -> list[tuple[str, int, int]]:
    """(doc, first line, last line) spans any of which supports a single-document answer."""
    if status_of(item) != "answered" or not isinstance(item["doc"], str):
        return []
    start = item["source_line"]
    spans = [(item["doc"], start, item.get("source_line_end", start))]
    spans += [(a[0], a[1], a[-1]) for a in item.get("also", [])]
    return spans


def operand_evidence(item: dict) -> list[list[tuple[str, int]]]:
    """For a comparison: per operand, the (doc, line) places any of which supports it."""
    places = [[(d, n)] for d, n in zip(item["doc"], item["source_lines"], strict=True)]
    for d, n, i in item.get("also_operands", []):
        places[i].append((d, n))
    return places


class Corpus:
    """The corpus files' lines as stored (split on \\n only), loaded on demand."""

    def __init__(self, corpus_dir: Path):
        self.dir = Path(corpus_dir)
        self._lines: dict[str, list[str]] = {}

    def lines(self, doc: str) -> list[str]:
        if doc not in self._lines:
            path = self.dir / f"{doc}.txt"
            if not path.is_file():
                raise GoldError(f"语料目录 {self.dir} 中没有文档 {doc}.txt")
            self._lines[doc] = path.read_text(encoding="utf-8").split("\n")
        return self._lines[doc]

    def line(self, doc: str, n: int) -> str:
        lines = self.lines(doc)
        return lines[n - 1] if 1 <= n <= len(lines) else ""


def source_problems(items: list[dict], corpus: Corpus) -> list[str]:
    """Every place where an item's stated answer is not on its stated source line."""
    problems: list[str] = []
    for item in items:
        if status_of(item) != "answered":
            continue
        try:
            problems += [f"{item['id']}: {p}" for p in _item_problems(item, corpus)]
        except GoldError as e:
            problems.append(f"{item['id']}: {e}")
    return problems


def _item_problems(item: dict, corpus: Corpus) -> list[str]:
    if item["type"] == "comparison":
        places = operand_evidence(item)
        return [f"operand {item['operands'][i]} not on {d}:{n}" for i, alts in enumerate(places) for d, n in alts
                if not value_on_line(corpus, d, n, item["operands"][i])]
    doc, start = item["doc"], item["source_line"]
    out: list[str] = []
    value, unit = item["answer_value"], item.get("answer_unit")
    if value is not None:
        if not value_on_line(corpus, doc, start, value):
            out.append(f"{value} not on {doc}:{start}")
        elif unit and not unit_stated(corpus, doc, start, value, unit, in_table(item)):
            out.append(f"unit {unit} not stated for {value} at {doc}:{start}")
        elif item.get("operator") and not operator_stated(corpus.line(doc, start), item["operator"], value):
            out.append(f"operator {item['operator']} not before {value} at {doc}:{start}")
        out += [f"also: {value} not on {a[0]}:{a[1]}" for a in item.get("also", []) if not value_on_line(corpus, a[0], a[1], value)]
    for d, first, last in evidence(item):
        text = plain("".join(corpus.line(d, n) for n in range(first, last + 1)))
        out += [f"keyword {k!r} not in {d}:{first}-{last}" for k in item.get("answer_keywords", []) if plain(k) not in text]
    return out


def in_table(item: dict) -> bool:
    """Is the item's figure a table cell (its unit may be in the table heading)?"""
    return item["type"] in TABLE_TYPES or bool(item.get("layout"))


def value_on_line(corpus: Corpus, doc: str, n: int, value: float) -> bool:
    """Is `value` written on line `n` (thousands separators, full-width forms, tags allowed)?"""
    return any(same_number(v, value) for v, _, _ in numbers_in(fold(corpus.line(doc, n))))


def unit_stated(corpus: Corpus, doc: str, n: int, value: float, unit: str, in_table: bool) -> bool:
    """Does `unit` follow `value` on line n (or wrap onto the next non-blank line), or,
    for a table cell, head the table ("单位：万元", "金额（万元）")?"""
    text = fold(corpus.line(doc, n))
    following = _next_nonblank(corpus, doc, n)
    for v, _, end in numbers_in(text):
        if same_number(v, value) and (squeeze(text[end:]) + following).startswith(squeeze(unit)):
            return True
    if not in_table:
        return False
    for k in range(n - 1, max(0, n - UNIT_LOOKBACK), -1):
        above = squeeze(corpus.line(doc, k))
        if ("单位" in above and unit in above) or f"({unit})" in above:
            return True
    return False


def _next_nonblank(corpus: Corpus, doc: str, n: int) -> str:
    lines = corpus.lines(doc)
    for k in range(n, min(len(lines), n + 3)):
        if lines[k].strip():
            return squeeze(lines[k])
    return ""


def operator_stated(line: str, operator: str, value: float) -> bool:
    """Is `value` written right after `operator` (≥ / > = / >= all read as >=)?"""
    text = squeeze(line)
    for sign, ascii_form in _OPERATORS.items():
        text = text.replace(sign, ascii_form)
    for m in re.finditer(re.escape(operator) + r"(\d+(?:,\d{3})*(?:\.\d+)?)", text):
        if same_number(float(m.group(1).replace(",", "")), value):
            return True
    return False
