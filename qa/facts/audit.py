"""Where a disclosure contradicts itself, judged with the precision it states.

Checks: parts that do not add up to their total (table rows by 类/款/项 code,
column groups with a 合计/小计 column, lexicon components such as the 三公 items,
narrative 其中 lists and a project's 资金分配), percentages that do not follow from
their amounts (change rate against the previous-year base, 占比, 预决算差异率,
执行率), a narrative figure no table cell confirms, one metric stated twice with
different values, a money unit on a rate, and impossible dates.

A miss that the rounding of the stated figures explains is reported with
kind/severity "rounding"; anything larger is a "contradiction".
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from functools import cache

from qa.facts import rules
from qa.types import AuditFinding, Citation, Document, Fact

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def audit_document(doc: Document, facts: list[Fact]) -> list[AuditFinding]:
    """Every inconsistency found among `facts` (and the dates) of `doc`, in line order."""
    checks = (_table_sums, _column_sums, _component_sums, _text_sums, _change_rates, _shares,
              _ratio_rates, _table_vs_text, _duplicates, _rate_units)
    findings = [f for check in checks for f in check(doc, facts)] + _bad_dates(doc)
    unique = {(f.kind, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.citations[0].line_start if f.citations else 0, f.kind))


# --- judging and citing --------------------------------------------------------------


def _step(*raws: str) -> float:
    """The rounding step of the least precise of `raws` ("2.28" -> 0.01); a bare "0" states
    nothing and is exact, so it does not coarsen the step."""
    places = [rules.decimals(r) for r in raws if r.strip("0.") or "." in r]
    return 10.0 ** -min(places) if places else 0.0


def _verdict(stated: float, exact: float, low: float, high: float, step: float) -> str | None:
    """None when `stated` is `exact` written to its own precision; "rounding" when the
    rounding of the inputs (the range low..high) or one step of its own precision explains
    the miss; else "contradiction"."""
    tiny = 1e-9
    if abs(stated - exact) <= step / 2 + tiny:
        return None
    return "rounding" if low - step - tiny <= stated <= high + step + tiny else "contradiction"


def _finding(doc, kind, verdict, message, values, facts) -> AuditFinding:
    cites = tuple(_cite(doc, f) for f in facts)
    if verdict == "rounding":
        return AuditFinding(doc.doc_id, "rounding", message + "（在舍入误差范围内）", tuple(values), cites, "rounding")
    return AuditFinding(doc.doc_id, kind, message, tuple(values), cites, "contradiction")


def _cite(doc: Document, fact: Fact) -> Citation:
    return Citation(doc=doc.doc_id, section=" > ".join(doc.section_at(fact.line_start)), table=fact.table,
                    line_start=fact.line_start, line_end=fact.line_end, quote=fact.quote, title=doc.title)


def _where(f: Fact) -> str:
    return f"{f.table or '正文'}第{f.line_start}行"


def _check_sum(doc, kind, total: Fact, parts: list[Fact], what: str) -> list[AuditFinding]:
    """`total` against the sum of `parts` (converted to its unit)."""
    factors = [rules.comparable(total.unit, p.unit) for p in parts]
    if len(parts) < 1 or None in factors:
        return []
    computed = sum(p.value * k for p, k in zip(parts, factors, strict=True))
    slack = len(parts) * _step(*(p.raw for p in parts)) / 2
    verdict = _verdict(total.value, computed, computed - slack, computed + slack, _step(total.raw))
    if verdict is None:
        return []
    message = (f"{what}：各部分之和为 {computed:.2f}{total.unit}，而{_where(total)}所列合计为 "
               f"{total.raw}{total.unit}（相差 {abs(total.value - computed):.2f}）")
    return [_finding(doc, kind, verdict, message, (total.value, round(computed, 6)), [total, *parts])]


# --- sums ----------------------------------------------------------------------------


def _table_finder(doc: Document):
    """`rules.table_index` for many facts: tables looked up by label, one answer per (label, line)."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(doc.tables):
        by_label[t.label].append(k)
    found: dict[tuple, int | None] = {}

    def table_of(fact: Fact) -> int | None:
        key = (fact.table, fact.line_start)
        if key not in found:
            found[key] = next((k for k in by_label.get(fact.table, ())
                               if doc.tables[k].line_start <= fact.line_start <= doc.tables[k].line_end), None)
        return found[key]

    return table_of


def _amounts(facts: list[Fact], origin: str) -> list[Fact]:
    return [f for f in facts if f.origin == origin and f.aspect in ("amount", "count", "change")]


def _table_sums(doc, facts) -> list[AuditFinding]:
    """Parent rows against their child rows, per column: codes (208 > 20801 > 2080101),
    其中 / enumerated labels, and a 合计/总计 row against its top-level code rows."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    table_of = _table_finder(doc)
    for f in _amounts(facts, "table"):
        groups[(table_of(f), f.column_path)].append(f)
    out = []
    for group in groups.values():
        for parent in group:
            kids = _child_rows(group, parent)
            if kids:
                out += _check_sum(doc, "sum_mismatch", parent, kids, f"{parent.table}中「{parent.metric}」的下级行")
    return out


def _child_rows(group: list[Fact], parent: Fact) -> list[Fact]:
    """The rows of `group` that `parent` sums: its codes' next level, a total row's top-level
    codes, else the labels one level under its row path."""
    if parent.code:
        return [f for f in group if f.code and len(f.code) == len(parent.code) + 2 and f.code.startswith(parent.code)]
    if len(parent.row_path) == 1 and rules.is_total_label(parent.row_path[0]):
        return [f for f in group if f.code and len(f.code) == 3]
    return [f for f in group if not f.code and f.row_path[:-1] == parent.row_path
            and len(f.row_path) == len(parent.row_path) + 1]


def _column_sums(doc, facts) -> list[AuditFinding]:
    """Within one row: a 合计/小计 column against the columns it sums (header groups)."""
    rows: dict[tuple, dict[tuple, Fact]] = defaultdict(dict)
    for f in facts:
        if f.origin == "table" and f.aspect == "amount" and f.column_path and f.row_path:
            rows[(f.table, f.line_start, f.row_path)].setdefault(f.column_path, f)
    out = []
    for cells in rows.values():
        for path, total in cells.items():
            parts = _summed_columns(cells, path)
            if parts:
                out += _check_sum(doc, "sum_mismatch", total, parts, f"{total.table}第{total.line_start}行「{total.metric}」的分列")
    return out


def _summed_columns(cells: dict[tuple, Fact], path: tuple) -> list[Fact]:
    """The cells a 合计/小计 column at `path` sums: one per sibling column group (none unless
    there are at least two groups, or `path` is no total)."""
    if not rules.is_total_label(path[-1]):
        return []
    parent = path[:-1]
    children = {p[: len(parent) + 1] for p in cells if p[: len(parent)] == parent and p != path}
    parts = [v for c in sorted(children) if (v := _column_value(cells, c)) is not None]
    return parts if len(children) > 1 else []


def _column_value(cells: dict[tuple, Fact], prefix: tuple) -> Fact | None:
    """The cell that states a column group's amount: the group itself or its 合计/小计 column."""
    if prefix in cells:
        return cells[prefix]
    totals = [f for p, f in cells.items() if p[: len(prefix)] == prefix and len(p) == len(prefix) + 1
              and rules.is_total_label(p[-1])]
    return totals[0] if len(totals) == 1 else None


def _component_sums(doc, facts) -> list[AuditFinding]:
    """Table metrics with lexicon components (三公 = 出国 + 公务用车 + 接待) against them."""
    out = []
    by_column: dict[tuple, list[Fact]] = defaultdict(list)
    table_of = _table_finder(doc)
    for f in _amounts(facts, "table"):
        by_column[(table_of(f), f.column_path)].append(f)
    for group in by_column.values():
        for total in group:
            parts_names = rules.metric_info(total.metric).get("components", [])
            parts = [next((f for f in group if f.metric == n and f is not total), None) for n in parts_names]
            if parts_names and all(parts):
                out += _check_sum(doc, "sum_mismatch", total, parts, f"{total.table}中「{total.metric}」的组成部分")
    return out


def _text_sums(doc, facts) -> list[AuditFinding]:
    """A narrative total against the items of its 其中/包括 list (or a project's 资金分配)."""
    text = [f for f in facts if f.origin == "text"]
    out = []
    for i, parent in enumerate(text):
        if parent.aspect not in ("amount", "count", "change") or not parent.row_path:
            continue
        kids = _listed_items(doc, parent, text[i + 1 :])
        if len(kids) >= 2:
            out += _check_sum(doc, "sum_mismatch", parent, kids, f"正文中「{parent.metric}」的分项")
    return out


def _listed_items(doc, parent: Fact, after: list[Fact]) -> list[Fact]:
    """The items of `parent`'s list among the facts `after` it (first per row path), up to
    another section or the parent restated."""
    section = doc.section_at(parent.line_start)
    kids: dict[tuple, Fact] = {}
    for f in after:
        if doc.section_at(f.line_start) != section or _restates(f, parent):
            break  # another section, or the parent restated: its list is over
        if _item_of(f, parent):
            kids.setdefault(f.row_path, f)
    return list(kids.values())


def _restates(f: Fact, parent: Fact) -> bool:
    return f.row_path == parent.row_path and f.aspect == parent.aspect and f.unit == parent.unit


def _item_of(f: Fact, parent: Fact) -> bool:
    """True when `f` is an item one level under `parent`, of its aspect, period and a comparable unit."""
    depth = len(parent.row_path)
    return (len(f.row_path) == depth + 1 and f.row_path[:depth] == parent.row_path and f.aspect == parent.aspect
            and f.period == parent.period and rules.comparable(parent.unit, f.unit) is not None)


# --- rates ---------------------------------------------------------------------------


def _corners(fn, *facts: Fact) -> tuple[float, float] | None:
    """Range of fn over the rounding boxes of the facts' stated values."""
    boxes = [(f.value - _step(f.raw) / 2, f.value + _step(f.raw) / 2) for f in facts]
    try:
        values = [fn(*c) for c in itertools.product(*boxes)]
    except ZeroDivisionError:
        return None
    return min(values), max(values)


def _judge_rate(doc, kind, rate: Fact, fn, inputs: list[Fact], what: str) -> list[AuditFinding]:
    exact = [f.value for f in inputs]
    try:
        computed = fn(*exact)
    except ZeroDivisionError:
        return []
    span = _corners(fn, *inputs)
    if span is None:
        return []
    verdict = _verdict(rate.value, computed, span[0], span[1], _step(rate.raw))
    if verdict is None:
        return []
    message = f"{what}：按所列金额计算应为 {computed:.2f}%，{_where(rate)}写作 {rate.value:.{rules.decimals(rate.raw)}f}%"
    return [_finding(doc, kind, verdict, message, (rate.value, round(computed, 4)), [rate, *inputs])]


def _amount_of(facts: list[Fact], like: Fact, before: int) -> Fact | None:
    """The amount stated for `like`'s metric and row path closest before index `before`."""
    for f in reversed(facts[:before]):
        if (f.origin == "text" and f.aspect == "amount" and f.row_path == like.row_path and f.metric == like.metric
                and f.period == like.period):  # not the budget stated beside the actual
            return f
    return None


def _change_rates(doc, facts) -> list[AuditFinding]:
    """"比上年减少 2.01 万元，下降 46.85%": the rate against the previous-year base."""
    text = [f for f in facts if f.origin == "text"]
    out = []
    for i, change in enumerate(text[:-1]):
        rate = text[i + 1]
        if not (change.aspect == "change" and rate.aspect == "rate" and rate.metric == change.metric
                and rules.money_factor(change.unit)):
            continue
        amount = _amount_of(text, change, i)
        if amount is None or rules.comparable(amount.unit, change.unit) != 1.0:
            continue
        if abs(amount.value - change.value) < _step(amount.raw, change.raw):
            continue  # no base last year: "增长 100%" by convention
        out += _judge_rate(doc, "rate_mismatch", rate, lambda a, c: c / (a - c) * 100, [amount, change],
                           f"「{change.metric}」的增减率")
    return out


def _shares(doc, facts) -> list[AuditFinding]:
    """"占 92.90%" of an item in a 其中 list: the item over the list's total."""
    text = [f for f in facts if f.origin == "text"]
    out = []
    for i, share in enumerate(text):
        if share.aspect != "share" or len(share.row_path) < 2:
            continue
        part = _amount_of(text, share, i)
        whole = next((f for f in reversed(text[:i]) if f.aspect == "amount" and f.row_path == share.row_path[:-1]), None)
        if part and whole and rules.comparable(whole.unit, part.unit) == 1.0:
            out += _judge_rate(doc, "rate_mismatch", share, lambda p, w: p / w * 100, [part, whole],
                               f"「{share.metric}」占「{whole.metric}」的比重")
    return out


def _ratio_rates(doc, facts) -> list[AuditFinding]:
    """预决算差异率 in the narrative and 执行率 columns: (actual - budget) / budget, actual / budget."""
    return _variance_rates(doc, facts) + _execution_rates(doc, facts)


def _variance_rates(doc, facts) -> list[AuditFinding]:
    """预决算差异率 in the narrative against the 决算数 and budget stated just before it."""
    out = []
    text = [f for f in facts if f.origin == "text"]
    for i, rate in enumerate(text):
        if rate.aspect != "variance_rate":
            continue
        near = [f for f in text[max(0, i - 3) : i] if f.metric == rate.metric and f.aspect == "amount"]
        final = next((f for f in near if f.period == "决算数"), None)
        budget = next((f for f in near if f.period in ("年初预算数", "全年预算数")), None)
        if final and budget:
            out += _judge_rate(doc, "rate_mismatch", rate, lambda a, b: (a - b) / b * 100, [final, budget],
                               f"「{rate.metric}」的预决算差异率")
    return out


def _execution_rates(doc, facts) -> list[AuditFinding]:
    """执行率 columns against their row's numerator and denominator (rules.ratios())."""
    out = []
    rows: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.origin == "table":
            rows[(f.table, f.line_start, f.row_path)].append(f)
    for row in rows.values():
        rate = next((f for f in row if f.aspect == "execution_rate"), None)
        for spec in rules.ratios() if rate else ():
            num = next((f for f in row if f.period == spec["numerator"]), None)
            den = next((f for f in row if f.period == spec["denominator"]), None)
            if num and den and den.value:
                out += _judge_rate(doc, "rate_mismatch", rate, lambda n, d: n / d * 100, [num, den],
                                   f"「{rate.metric}」的{spec['rate']}")
    return out


# --- cross-checks --------------------------------------------------------------------


def _table_vs_text(doc, facts) -> list[AuditFinding]:
    """A narrative amount whose metric or code the tables state, but with no equal cell."""
    cells = [f for f in facts if f.origin == "table" and f.aspect == "amount" and rules.money_factor(f.unit)]
    column = cache(rules.canonical_metric)  # column labels repeat: each read once per audit
    index = _cell_index(cells, column)
    out = []
    for t in facts:
        if t.origin != "text" or t.aspect != "amount" or not rules.money_factor(t.unit):
            continue
        same = [(c, c.value * rules.comparable(t.unit, c.unit)) for c in _candidates(index, cells, t)
                if _same_item(t, c, column)]
        finding = _unmet_amount(doc, t, same)
        if finding:
            out.append(finding)
    return out


def _unmet_amount(doc, t: Fact, same: list[tuple[Fact, float]]) -> AuditFinding | None:
    """The finding of a narrative amount `t` that none of its item's cells `same` (each with its
    value in `t`'s unit) equals; None when one does, or there is none, or `t` is 0."""
    if not same or t.value == 0:  # a table leaves "nothing" blank: 0 has no cell to meet
        return None
    closest = min(same, key=lambda cv: abs(cv[1] - t.value))[0]
    verdicts = [_verdict(t.value, v, v, v, _step(t.raw, c.raw)) for c, v in same]
    if None in verdicts:
        return None
    verdict = "rounding" if "rounding" in verdicts else "contradiction"
    message = (f"正文第{t.line_start}行「{t.metric}」为 {t.raw}{t.unit}，表格中对应数为 "
               f"{closest.raw}{closest.unit}（{_where(closest)}）")
    return _finding(doc, "table_text_mismatch", verdict, message, (t.value, closest.value), [t, closest])


def _cell_index(cells: list[Fact], column_metric) -> dict[tuple, list[int]]:
    """Positions of the table cells by every key `_same_item` can match them on: (period, code)
    for a coded row, (period, metric) for an uncoded one, and (period, column metric) for a
    total row's cell. Looking a narrative figure up here keeps the check linear."""
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(cells):
        if c.code:
            index[(c.period, "code", c.code)].append(i)
            continue
        index[(c.period, "metric", c.metric)].append(i)
        if len(c.row_path) == 1 and rules.is_total_label(c.row_path[0]) and c.column_path:
            column = column_metric(c.column_path[-1])
            if column != c.metric:
                index[(c.period, "metric", column)].append(i)
    return index


def _candidates(index: dict[tuple, list[int]], cells: list[Fact], text: Fact) -> list[Fact]:
    """The cells of `text`'s period that may state its item, in their original order."""
    key = ("code", text.code) if text.code else ("metric", text.metric)
    return [cells[i] for i in index.get((text.period, *key), [])]


def _same_item(text: Fact, cell: Fact, column_metric=rules.canonical_metric) -> bool:
    if text.code or cell.code:
        return text.code == cell.code and (len(text.row_path) < 4 or text.metric == cell.metric)
    if not rules.metric_info(text.metric):
        return text.metric == cell.metric and len(text.metric) >= 6  # a project named in both
    total_row = len(cell.row_path) == 1 and rules.is_total_label(cell.row_path[0])
    column = column_metric(cell.column_path[-1]) if cell.column_path else None
    return cell.metric == text.metric and not cell.code or (total_row and column == text.metric)


def _duplicates(doc, facts) -> list[AuditFinding]:
    """One metric stated twice in one section, same period and context, different values."""
    seen: dict[tuple, Fact] = {}
    out = []
    for f in facts:
        if f.origin != "text" or f.aspect not in ("amount", "count") or not (f.code or rules.metric_info(f.metric)):
            continue  # free-text labels repeat with different contexts; lexicon metrics do not
        k = (f.metric, f.period, f.unit, f.row_path, doc.section_at(f.line_start))
        first = seen.setdefault(k, f)
        if first is f:
            continue
        verdict = _verdict(f.value, first.value, first.value, first.value, _step(f.raw, first.raw))
        if verdict:
            message = f"「{f.metric}」在同一部分写了两个数：第{first.line_start}行 {first.raw}，第{f.line_start}行 {f.raw}"
            out.append(_finding(doc, "duplicate_mismatch", verdict, message, (first.value, f.value), [first, f]))
    return out


def _rate_units(doc, facts) -> list[AuditFinding]:
    """A rate or satisfaction indicator stated in money ("满意度 >=90万元")."""
    suffixes = tuple(rules.text_rules()["rate_label_suffixes"])
    return [_finding(doc, "unit_mismatch", "contradiction",
                     f"「{f.metric}」是比率指标，却以 {f.unit} 为单位（{_where(f)}）", (f.value,), [f])
            for f in facts if f.metric.endswith(suffixes) and rules.money_factor(f.unit)]


def _bad_dates(doc: Document) -> list[AuditFinding]:
    """Dates that do not exist ("2022年11月31日"), in tables and narrative."""
    places = [(p.text, p.line_at(m.start()), None, m) for p in doc.paragraphs for m in _DATE.finditer(p.text)]
    for t in doc.tables:
        for row, line in zip(t.rows, t.row_lines, strict=False):
            places += [(cell, line, t.label, m) for cell in row for m in _DATE.finditer(cell)]
    out = []
    for text, line, table, m in places:
        year, month, day = (int(g) for g in m.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            cite = Citation(doc=doc.doc_id, section=" > ".join(doc.section_at(line)), table=table,
                            line_start=line, line_end=line, quote=text[max(0, m.start() - 20) : m.end() + 10].strip(),
                            title=doc.title)
            out.append(AuditFinding(doc.doc_id, "bad_date", f"第{line}行的日期「{m.group(0)}」不存在",
                                    (float(year), float(month), float(day)), (cite,), "contradiction"))
    return out
