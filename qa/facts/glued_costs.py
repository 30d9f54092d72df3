"""Facts of a project's cost table that a web copy glued into running text, no separator left:

    项目名称滨湖…办公大楼运行保障项目类别… 项目预算成本构成金额测算(公式)依据2020年实际执行数
    2021年实际执行数保安服务费191依据招标文件191191保洁服务费99依据招标文件9999水电气、维修维护费524
    根据三定方案,各项费用据实结算372.88504.55合计814662.98794.55绩效目标…

After the header (text_rules glued_cost_block: its first and last words) each item is its name,
its amount (金额, the first column), then its basis (测算依据) and the years' actual figures,
which the copy glued into one run of digits and which are not read. The total's amount is the
sum of the items' when its run of digits starts with that sum, else nothing is read: a glued
run is never split by guessing. The items are the project's (its 项目名称), the total is the
project's amount.
"""

from __future__ import annotations

import re

from qa.facts import rules
from qa.types import Document, Fact, Paragraph

_RUN = re.compile(r"(?P<words>[^\d.]+)(?P<digits>\d[\d.]*)")
_MIN_ITEMS = 2


def glued_cost_facts(doc: Document) -> list[Fact]:
    """The amounts of every glued cost table in `doc`'s paragraphs (see the module docstring)."""
    rule = rules.text_rules()["glued_cost_block"]
    return [f for para in doc.paragraphs for f in _block_facts(doc, para, rule)]


def _block_facts(doc: Document, para: Paragraph, rule: dict) -> list[Fact]:
    body_at, body = _body(para.text, rule)
    rows = _rows(body, body_at, rule["total"]) if body else []
    if len(rows) <= _MIN_ITEMS:
        return []
    project = _project(para.text, rule)
    period = rules.default_period(doc.doc_type)
    return [rules.new_fact(doc, metric=project if name == rule["total"] and project else name, value=value,
                           unit="", origin="table", table=rule["title"], line_start=para.line_at(at),
                           line_end=para.line_at(at), quote=f"{name}｜{rule['amount_column']}｜{raw}",
                           period=period, aspect="amount", row_path=(project, name) if project else (name,),
                           column_path=(rule["amount_column"],), raw=raw)
            for name, raw, value, at in rows]


def _body(text: str, rule: dict) -> tuple[int, str]:
    """(offset, text) of the rows: from the header's last word to the first word after the table."""
    start = text.find(rule["start"])
    if start < 0:
        return 0, ""
    ends = [at for w in rule["ends"] if (at := text.find(w, start)) > 0]
    end = min(ends, default=len(text))
    header_end = text.rfind(rule["header_end"], start, end)
    at = header_end + len(rule["header_end"]) if header_end >= 0 else -1
    return (at, text[at:end]) if at > 0 else (0, "")


def _rows(body: str, offset: int, total: str) -> list[tuple[str, str, float, int]]:
    """(name, amount as written, amount, offset) of each item, then of the total."""
    runs = list(_RUN.finditer(body))
    rows: list[tuple[str, str, float, int]] = []
    for m in runs[::2]:  # name + amount, then basis + the glued actual figures
        name, digits = m["words"].strip(" ,，、"), m["digits"]
        if name == total:
            return _with_total(rows, name, digits, offset + m.start("digits"))
        value = rules.parse_value(digits)
        if value is None or not name:
            return []
        rows.append((name, digits, value[1], offset + m.start("digits")))
    return []


def _with_total(rows: list, name: str, digits: str, at: int) -> list[tuple[str, str, float, int]]:
    """The rows and the total, whose amount is their sum when its glued run starts with it."""
    written = f"{sum(r[2] for r in rows):.2f}".rstrip("0").rstrip(".")
    return [*rows, (name, written, float(written), at)] if digits.startswith(written) else []


def _project(text: str, rule: dict) -> str:
    """The project the glued form names: the words after 项目名称 up to the next field's label."""
    at = text.find(rule["project_label"])
    if at < 0:
        return ""
    rest = text[at + len(rule["project_label"]):]
    end = min([rest.find(w) for w in rule["project_ends"] if w in rest] + [len(rest)])
    return rest[:end].strip(" :：")
