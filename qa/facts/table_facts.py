"""Facts from tables: every numeric cell, labelled by its row path and column path.

A table is read in *regions*: the stated header governs the body until a body row
that is itself a header (the indicator header inside a 绩效目标表) starts a new one.
In a region each column is a code column (类/款/项), a label column, a note column
(依据, 佐证资料 …) or a value column. A value cell is labelled by the contiguous
label columns to its left (so the two halves of a 收支总体情况表 stay apart) and by
its column's header path (merged header cells filled in from the left).

A total row (合计, or a self-evaluation form's 总分) takes no label carried down from
the rows above it; a reason column (偏差原因分析及改进措施) gives the reason of the
figures in its row; a table about one project (项目名称 cell, or a title remark such as
"项目支出绩效自评表（“为民办实事”工作经费（区级））：绩效指标") prefixes every row path
with that project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.facts import rules
from qa.facts.text_facts import text_facts
from qa.ingest.normalize import bracket_groups
from qa.types import Document, Fact, Paragraph, Table

_CODE_LABEL = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_ENUM_L1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_ENUM_L2 = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）])")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[.．、]|[（(][\d一二三四五六七八九十]+[)）])\s*")
_OF_WHICH = re.compile(r"^其中[:：]?\s*")
_MIN_TITLE_CONTEXT = 4  # characters of a title remark that names a project, not a unit （万元）
_RULE = re.compile(r"^[\s\-—–:|/]*$")  # markdown rules, dashes: no content
_PROJECT_CODE = re.compile(r"^[0-9A-Za-z]{8,}[-－—_]")  # "51092324T000010263357-" before a project's name
_SENTENCE_END = "。"  # a cell ending like a sentence is narrative text, not a label
_MIN_SENTENCE = 10  # characters of a cell read as a sentence ("完成。" is a finding, not a statement)


@dataclass
class _Region:
    paths: list[tuple[str, ...]]  # column path per column
    rows: list[int]  # body row indexes


def clean_label(text: str) -> str:
    """A row label without its enumerator, 其中： prefix, trailing colon and （小计） marker."""
    text = _OF_WHICH.sub("", _ENUM.sub("", text.strip())).rstrip("：:")
    return rules.strip_total(text) if text not in rules.total_words() else text


def numeric_cells(table: Table) -> list[tuple[int, int, str]]:
    """(row index, column, number as written) of every figure in `table`'s body: numeric
    cells outside header rows, column-number rows, 类/款/项 code columns and the year labels
    of a label column ("2015年" names its row)."""
    body, width = _body(table)
    cells = []
    for region in _regions(table, body, width):
        roles = _roles(region, body, width) if any(region.paths) else ["value"] * width
        for i in region.rows:
            for j, cell in enumerate(body[i]):
                year_label = roles[j] == "label" and rules.year_of_label(cell)
                parsed = rules.parse_value(cell) if cell and roles[j] != "code" and not year_label else None
                if parsed is not None:
                    cells.append((i, j, parsed[3]))
    return cells


def _body(table: Table) -> tuple[list[tuple[str, ...]], int]:
    body = [tuple("" if _RULE.match(c) else c.strip() for c in row) for row in table.rows]
    width = max([len(r) for r in body] + [len(h) for h in table.header] + [0])
    return [r + ("",) * (width - len(r)) for r in body], width


def table_facts(doc: Document, table: Table) -> list[Fact]:
    """Facts of every numeric cell of `table` (see the module docstring)."""
    if not table.unit:
        table = replace(table, unit=_narrative_unit(doc, table))
    body, width = _body(table)
    context = _table_context(table, body)
    facts: list[Fact] = []
    for region in _regions(table, body, width):
        if not any(region.paths):
            facts.extend(_key_value_facts(doc, table, body, region, context))
            continue
        roles = _roles(region, body, width)
        for side, value_cols in _sides(roles).items():
            facts.extend(_side_facts(doc, table, body, region, roles, side, value_cols, context))
    return facts


def _narrative_unit(doc: Document, table: Table) -> str | None:
    """The money unit of a table of amounts that states none, when the narrative writes at least
    two of its figures with one and the same unit ("…“三公”经费决算数2364万元" beside a cell 2364).
    A table without a header, or with target and actual columns, writes figures of many units."""
    if not table.header or any(_target_or_actual((c,)) for row in table.header for c in row if c):
        return None
    cells = {raw for _, _, raw in numeric_cells(table) if len(raw.replace(",", "").split(".")[0]) >= 3}
    units = set()
    for p in doc.paragraphs:
        for raw in cells:
            for m in re.finditer(rf"(?<![\d.,]){re.escape(raw)}\s*(万元|元|亿元|萬元|万)(?![\d])", p.text):
                units.add((raw, rules.unit_spelling(m.group(1))))
    found = {u for _, u in units}
    return found.pop() if len(found) == 1 and len({r for r, _ in units}) >= 2 else None


def cell_sentence_facts(doc: Document) -> list[Fact]:
    """The figures of the sentences a form writes in its narrative cells, read as narrative figures
    are, each citing its table: a cell after a label naming a goal or what was done (text_rules
    narrative_cell_labels: "项目总体目标 | …本年办理案件150件，…。", "2.项目实施内容及过程概述 |
    2023年购买13台安可电脑,…。"), so the form's project is theirs."""
    out = []
    for table, para, label in _cell_sentences(doc):
        out += [replace(f, table=table.label) for f in text_facts(replace(doc, paragraphs=(para,)))]
        out += _item_count(doc, table, para, label)
    return out


def _item_count(doc: Document, table: Table, para: Paragraph, label: str) -> list[Fact]:
    """A narrative cell numbering its items with one word ("目标1：…；目标2：…；…目标9：…") states
    how many there are: a count named by the cell's label (年度总体目标: 9个; text_rules.json
    numbered_items), when the numbers run from 1 without a gap."""
    rule = rules.text_rules()["numbered_items"]
    items = [(m.group(1), int(m.group(2))) for m in re.finditer(rule["pattern"], para.text)]
    numbers = [n for _w, n in items]
    name = clean_label(label)
    if len({w for w, _n in items}) != 1 or numbers != list(range(1, len(items) + 1)) or len(items) < 2 or not name:
        return []
    return [rules.new_fact(doc, metric=name, value=float(len(items)), unit=rule["unit"], origin="text",
                           line_start=para.line_start, line_end=para.line_end, quote=para.text, aspect="count",
                           table=table.label, row_path=(name,), raw=str(len(items)))]


def _cell_sentences(doc: Document) -> list[tuple[Table, Paragraph, str]]:
    """Each narrative cell written as a sentence with a figure in it, as a paragraph on its line,
    with its label."""
    out = []
    for table in doc.tables:
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(c.strip() for c in row):
                label = _narrative_label(row, j, cell)
                if label:
                    line = _cell_line(doc, list(table.row_lines), table.line_end, i, cell[:_MIN_SENTENCE], 0)
                    out.append((table, Paragraph(cell, line, line, table.section, ((0, line),)), label))
    return out


def _narrative_label(row: tuple[str, ...], j: int, cell: str) -> str:
    """The narrative label before `cell` (column j of `row`) when the cell is a sentence with a
    figure after one, else ""."""
    if len(cell) < _MIN_SENTENCE or not cell.endswith(_SENTENCE_END) or not any(ch.isdigit() for ch in cell):
        return ""
    label = next((c for c in reversed(row[:j]) if c.strip()), "")
    return label.strip() if any(w in label for w in rules.text_rules()["narrative_cell_labels"]) else ""


# --- header and regions --------------------------------------------------------------


def _uncompress(rows: list[list[str]]) -> list[list[str]]:
    """Re-align header rows that lost their merged cells.

    When a row under-spans the 类/款/项 code columns (a name sits above 款), its cells
    after the first code column belong further right, past the code columns."""
    for code_row in rows:
        cols = [j for j, c in enumerate(code_row) if rules.column_role(c) == "code"]
        if len(cols) < 2:
            continue
        first, extra = cols[0], cols[-1] - cols[0]
        for row in rows:
            if row is code_row or len(row) <= cols[-1]:
                continue
            if all(row[j].strip() and rules.column_role(row[j]) != "code" for j in cols[1:]):
                row[first + 1 :] = [""] * extra + row[first + 1 :]
    return rows


def _column_paths(header: list[tuple[str, ...]], width: int) -> list[tuple[str, ...]]:
    rows = _uncompress([list(r) for r in header if not any(c.strip() == "※" for c in r)])
    width = max([width] + [len(r) for r in rows])
    rows = [r + [""] * (width - len(r)) for r in rows]
    _spread_merged(rows, width)
    return [_path_of_column(rows, j) for j in range(width)]


def _spread_merged(rows: list[list[str]], width: int) -> None:
    """A blank header cell with labels below it is part of the merged cell on its left."""
    for r, row in enumerate(rows):
        for j in range(1, width):
            below = any(rows[k][j].strip() for k in range(r + 1, len(rows)))
            if not row[j].strip() and below:
                row[j] = row[j - 1]


def _path_of_column(rows: list[list[str]], j: int) -> tuple[str, ...]:
    """Column j's labels top to bottom, a label repeated in the row below written once."""
    path: list[str] = []
    for row in rows:
        cell = row[j].strip()
        if cell and (not path or path[-1] != cell):
            path.append(cell)
    return tuple(path)


def _is_numeric(cell: str) -> bool:
    return rules.parse_value(cell) is not None


def _is_header_row(row: tuple[str, ...]) -> bool:
    cells = [c for c in row if c]
    if not cells or any(_is_numeric(c) for c in cells):
        return False
    words = [c for c in cells if rules.column_role(c) or rules.period_of([c]) or rules.column_aspect([c])]
    return len(words) >= 2


def _regions(table: Table, body: list[tuple[str, ...]], width: int) -> list[_Region]:
    header = [_without_block_label(r) for r in table.header]
    regions = [_Region(_column_paths(header, width), [])]
    i = 0
    while i < len(body):
        row = body[i]
        if any(c == "※" for c in row):
            i += 1
            continue
        if _is_header_row(row):
            sub = [_without_block_label(row)]
            while i + 1 < len(body) and _continues_header(body[i + 1]):
                i += 1
                sub.append(body[i])
            regions.append(_Region(_column_paths(sub, width), []))
        else:
            regions[-1].rows.append(i)
        i += 1
    return [r for r in regions if r.rows]


_SCORED_BLOCK = re.compile(r"[(（]\d+(?:\.\d+)?分[)）]$")


def _without_block_label(row: tuple[str, ...]) -> tuple[str, ...]:
    """A header row opening with a scored block label ("绩效指标(90分)", "预算执行情况(10分)") that
    is no column: a cell spanning the block's rows, which the body rows do not repeat, so the
    header stands one column to the left of its figures."""
    if row and _SCORED_BLOCK.search(row[0]) and sum(1 for c in row[1:] if c) >= 2:
        return (*row[1:], "")
    return row


def _continues_header(row: tuple[str, ...]) -> bool:
    cells = [c for c in row if c]
    return len(cells) >= 2 and not any(_is_numeric(c) for c in cells) and all(len(c) <= 12 for c in cells)


def _roles(region: _Region, body: list[tuple[str, ...]], width: int) -> list[str]:
    roles = []
    for j in range(width):
        path = region.paths[j]
        named = [rules.column_role(p) for p in path]
        cells = [body[i][j] for i in region.rows if body[i][j]]
        numeric = sum(_is_numeric(c) for c in cells)
        if "code" in named:
            roles.append("code")
        elif path and named[-1] == "note":
            roles.append("note")
        elif path and named[-1] in ("label", "operator", "unit"):
            roles.append(named[-1])
        elif cells and (numeric * 2 >= len(cells) or _target_or_actual(path)):
            roles.append("value")
        else:
            roles.append("label" if cells else "empty")
    return roles


def _target_or_actual(path: tuple[str, ...]) -> bool:
    """A 指标值 / 实际完成值 column holds figures even where most of its cells are words
    (效果明显, 达成预期指标): its figures are read, its words give no fact."""
    return bool(path) and rules.period_aspect(rules.period_of(path), path) in ("target", "actual")


def _target_unit(cells: tuple[str, ...], region: _Region, j: int) -> str | None:
    """The unit an actual written bare ("50" beside "≥50个") shares with its row's target."""
    if not _target_or_actual(region.paths[j]):
        return None
    units = [p[2] for k, c in enumerate(cells) if _target_or_actual(region.paths[k]) and (p := rules.parse_value(c))]
    return next((rules.unit_spelling(u) for u in units if u), None)


def _written_apart(parsed: tuple, cells: tuple[str, ...], roles: list[str]) -> tuple:
    """A target written over three cells (指标性质 "≤" | 指标值 "30" | 度量单位 "万元"): the row's
    operator and unit cells complete a figure that states neither."""
    op, value, unit, raw = parsed
    ops = [rules.parse_value(c + "0") for j, c in enumerate(cells) if roles[j] == "operator" and c]
    units = [c for j, c in enumerate(cells) if roles[j] == "unit" and c in rules.unit_words()]
    return (op or next((p[0] for p in ops if p), None), value, unit or next(iter(units), ""), raw)


def _side_unit(region: _Region, side: tuple[int, ...]) -> str | None:
    """The unit the header of a side's label column states ("年度预算数(万元)" over 总额, 财政资金)."""
    return next((u for j in side for u in [rules.unit_of_header(" ".join(region.paths[j]))] if u), None)


def _sides(roles: list[str]) -> dict[tuple[int, ...], list[int]]:
    """Value columns grouped by the label columns that name their rows."""
    sides: dict[tuple[int, ...], list[int]] = {}
    for j, role in enumerate(roles):
        if role != "value":
            continue
        k = j - 1
        while k >= 0 and roles[k] not in ("label", "code"):
            k -= 1
        labels = []
        while k >= 0 and roles[k] in ("label", "code", "empty"):
            if roles[k] != "empty":
                labels.append(k)
            k -= 1
        sides.setdefault(tuple(sorted(labels)), []).append(j)
    return sides


def _table_context(table: Table, body: list[tuple[str, ...]]) -> str | None:
    """The project (or other context) a whole table is about: a "项目名称" row or the title."""
    return _named_project(body) or _title_context(table.title)


def _named_project(body: list[tuple[str, ...]]) -> str | None:
    """The project a "项目名称" row names, without the code some forms write before it."""
    keys = {rules.key(k) for k in rules.text_rules()["context_keys"]}
    for row in body:
        for j, cell in enumerate(row):
            if rules.key(cell) in keys:
                value = _PROJECT_CODE.sub("", re.sub(r"\s+", "", next((c for c in row[j + 1 :] if c), "")))
                if value:
                    return value
    return None


def _title_context(title: str) -> str | None:
    """The remark of a title that ends a bracket group just before a colon, nested brackets
    kept ("项目支出绩效自评表（“为民办实事”工作经费（州级））：项目资金" -> "“为民办实事”工作经费（州级）")."""
    for start, end in bracket_groups(title):
        inner = title[start + 1 : end - 1]
        if title[end : end + 1] in (":", "：") and len(inner) >= _MIN_TITLE_CONTEXT:
            return re.sub(r"\s+", "", inner)
    return None


# --- rows ----------------------------------------------------------------------------


@dataclass
class _Row:
    index: int
    code: str | None
    labels: list[str]  # cleaned label cells, outermost first
    level: int
    total: bool
    path: tuple[str, ...] = ()


def _side_rows(doc: Document, body, region: _Region, roles, side: tuple[int, ...]) -> list[_Row]:
    label_cols = [j for j in side if roles[j] == "label"]
    carry: dict[int, str] = {}
    rows: list[_Row] = []
    after_of_which = None  # level of the current 其中 list, while it lasts
    for i in region.rows:
        cells = body[i]
        code = "".join(cells[j] for j in side if roles[j] == "code" and cells[j].isdigit()) or None
        if label_cols and rules.is_total_label(cells[label_cols[0]]):
            carry = {}  # "总分" under a 满意度指标 group totals the form: it is not in that group
        labels, code = _row_labels(cells, label_cols, carry, code)
        raw = labels[-1] if labels else ""
        total = _totals_table(raw, code)
        level, after_of_which = _row_level(doc, code, raw, rows[-1].level if rows else 1, after_of_which)
        rows.append(_Row(i, code if code and len(code) in (3, 5, 7) else None,
                         [clean_label(c) for c in labels], level, total))
    _assign_paths(rows)
    return rows


def _totals_table(raw: str, code: str | None) -> bool:
    """"收入总计" / "合计" total the table; "公务用车购置及运行费（小计）" is an ordinary parent row."""
    return bool(raw) and rules.is_total_label(raw) and rules.strip_total(raw) == raw and not code


def _row_level(doc: Document, code: str | None, raw: str, prev: int, of_which: int | None) -> tuple[int, int | None]:
    """(level of a row, level of the 其中 list still open after it): by its classification code,
    its enumerator (一、 / （一）), a 其中 opening a list below the row before, the issuer's own
    row (level 0), else the open list's level or 1."""
    if code and len(code) in (3, 5, 7):
        return len(code) // 2, of_which
    if _ENUM_L1.match(raw):
        return 1, None
    if _ENUM_L2.match(raw):
        return 2, None
    if _OF_WHICH.match(raw):
        return prev + 1, prev + 1
    if raw and doc.issuer and rules.key(doc.issuer) == rules.key(raw):
        return 0, None
    return of_which or 1, of_which


def _row_labels(cells, label_cols: list[int], carry: dict[int, str], code: str | None) -> tuple[list[str], str | None]:
    """The row's labels, left to right (an empty cell repeats the one above it, except in the
    last label column), and its code when a label begins with one ("2080101 行政运行")."""
    labels = []
    for j in label_cols:
        cell = cells[j]
        if not cell and j != label_cols[-1] and j in carry:
            cell = carry[j]
        if cell and (not _is_numeric(cell) or rules.year_of_label(cell)):  # "2015年" names its row
            carry[j] = cell
            m = _CODE_LABEL.match(cell)
            if m and not code:
                code, cell = m.group(1), m.group(2)
            labels.append(cell)
    return labels, code


def _assign_paths(rows: list[_Row]) -> None:
    names = {r.code: r.labels[0] if r.labels else "" for r in rows if r.code}
    stack: list[_Row] = []
    for row in rows:
        if row.code:
            row.path = _coded_path(row, names)
        elif row.total:
            row.path = (_own_label(row),)
        else:
            row.path = _nested_path(row, stack)
            stack.append(row)


def _own_label(row: _Row) -> str:
    return row.labels[-1] if row.labels else ""


def _coded_path(row: _Row, names: dict[str, str]) -> tuple[str, ...]:
    """A coded row's path: the names of its code's levels (the table's, else the lexicon's), its
    own label last, then its further labels."""
    prefixes = [row.code[:n] for n in (3, 5, 7) if n <= len(row.code)]
    path = [names.get(p) or rules.code_name(p) or p for p in prefixes]
    if row.labels:
        path[-1] = row.labels[0]
    return tuple(path + row.labels[1:])


def _nested_path(row: _Row, stack: list[_Row]) -> tuple[str, ...]:
    """An uncoded row's path: under the nearest row above of a lower level (popped off `stack`
    down to it), else under its own outer labels."""
    while stack and stack[-1].level >= row.level:
        stack.pop()
    parent = stack[-1].path if stack else ()
    outer = tuple(row.labels[:-1]) if len(row.labels) > 1 else ()
    own = _own_label(row)
    return (parent or outer) + ((own,) if own else ())


# --- facts ---------------------------------------------------------------------------


def _subject(table: Table, region: _Region) -> str:
    """What the table's 合计 states: its title's metric, else, when the title names no lexicon
    metric, the metric whose components name at least two of its columns (合计 | 因公出国(境)经费 |
    公务接待费 | 公车购置及运行维护费 is the 三公 total)."""
    subject = rules.table_subject(table.title)
    if rules.canonical_metric(subject):
        return subject
    return rules.metric_of_components({leaf for path in region.paths for leaf in path[-1:]}) or subject


def _form_subject(table: Table, region: _Region, body: list[tuple[str, ...]]) -> str:
    """What a total row states in a form whose 项目名称 row names its project: the table's subject
    when it is a lexicon metric, else that project (an untitled 自评表's "总额 | 0.00 | 3.36 | 100.00%")."""
    subject = _subject(table, region)
    project = _named_project(body)
    return project if project and not rules.canonical_metric(subject) else subject


def _side_facts(doc, table, body, region, roles, side, value_cols, context) -> list[Fact]:
    facts = []
    field_keys = {rules.key(k): v for k, v in rules.text_rules()["field_keys"].items()}
    subject = _form_subject(table, region, body)
    row_lines = list(table.row_lines)
    reason_cols = _reason_columns(region, roles)
    for row in _side_rows(doc, body, region, roles, side):
        own = row.path[-1] if row.path else ""
        reason = next((body[row.index][j] for j in reason_cols if body[row.index][j]), None)
        for j in value_cols:
            cell = body[row.index][j]
            parsed = rules.parse_value(cell)
            if parsed is None:
                continue
            col_path = _column_path_of_cell(body, region, j, row.index)
            metric = _metric(own, row, col_path, subject, context, field_keys)
            if metric is None:
                continue
            path = _context_path(context, row.path) + row.path
            if _target_or_actual(region.paths[j]):
                parsed = _written_apart(parsed, body[row.index], roles)
            hint = _target_unit(body[row.index], region, j)
            facts.append(_cell_fact(doc, table, row_lines, row.index, cell, parsed, metric, path,
                                    col_path, row.code, unit_hint=hint or _side_unit(region, side),
                                    nth=_nth(body[row.index], j, parsed[3]), reason=reason))
    return facts


def _reason_columns(region: _Region, roles: list[str]) -> list[int]:
    """The note columns that give a row's reason (偏差原因)."""
    return [j for j, path in enumerate(region.paths) if roles[j] == "note" and path and rules.is_reason_column(path[-1])]


def _column_path_of_cell(body, region: _Region, j: int, i: int) -> tuple[str, ...]:
    """Column j's header path, else the text written above row i in that column."""
    if region.paths[j]:
        return region.paths[j]
    above = _text_above(body, region, j, i)
    return (above,) if above else ()


def _context_path(context: str | None, row_path: tuple[str, ...]) -> tuple[str, ...]:
    """The context leading a row's path, unless the path already starts with it."""
    return (context,) if context and (not row_path or row_path[0] != context) else ()


def _key_value_facts(doc, table, body, region: _Region, context) -> list[Fact]:
    """Facts of a headerless block ("项目资金(万元) | 年度预算总额 | 120.00 | 其中：财政拨款 | 120.00"):
    each figure is named by the text cell on its left, its row by the row's first text cell."""
    field_keys = {rules.key(k): v for k, v in rules.text_rules()["field_keys"].items()}
    ctx = (context,) if context else ()
    facts = []
    for i in region.rows:
        texts = [(j, c) for j, c in enumerate(body[i]) if c and not _is_numeric(c)]
        for j, cell in enumerate(body[i]):
            parsed = rules.parse_value(cell) if cell else None
            left = next((clean_label(c) for k, c in reversed(texts) if k < j), "")
            if parsed is None or not left:
                continue
            first = clean_label(texts[0][1])
            column = left if left != first else _text_above(body, region, j, i) or left
            metric = _key_metric(left, context, field_keys)
            unit_hint = rules.unit_of_header(f"{texts[0][1]} {column}")
            facts.append(_cell_fact(doc, table, list(table.row_lines), i, cell, parsed, metric,
                                    ctx + (first,), (column,), None, unit_hint, _nth(body[i], j, parsed[3])))
    return facts


def _key_metric(left: str, context: str | None, field_keys) -> str:
    """A key-value figure's metric: the context for a field key, else the lexicon's name of the
    label on its left, else that label."""
    return context if context and rules.key(left) in field_keys else rules.canonical_metric(left) or left


def _text_above(body, region: _Region, j: int, i: int) -> str:
    for k in reversed([r for r in region.rows if r < i]):
        cell = body[k][j]
        if cell and not _is_numeric(cell):
            return cell
    return ""


def _metric(own, row, col_path, subject, context, field_keys) -> str | None:
    if own and rules.key(own) in field_keys and context:
        return context
    if row.total:
        return _total_metric(own, subject)
    if own and not _period_row(own):
        return rules.canonical_metric(own) or own
    return _column_metric(col_path, subject)


def _total_metric(own: str, subject: str) -> str:
    """A total row's metric: 总分 as named, else what its label totals, else the table's subject."""
    if rules.is_named_total(own):
        return own  # 总分: the form's total score, named as such
    stripped = rules.strip_total(own)
    if rules.canonical_metric(stripped) or not rules.is_total_label(stripped):
        return rules.canonical_metric(stripped) or stripped
    return subject


def _column_metric(col_path: tuple[str, ...], subject: str) -> str | None:
    """The metric of a figure whose row names none: the item its column names, else the subject."""
    for part in reversed(col_path):
        # "公务接待费 / 预算数": items as columns, the period under each; the item names the figure.
        if not rules.is_total_label(part) and rules.split_period(part)[0]:
            return rules.canonical_metric(part) or clean_label(part)
    return subject if col_path else None  # no row label and no column label: unknown


def _period_row(label: str) -> bool:
    """A row named by a year or a change between years: the items are its columns."""
    return bool(rules.year_of_label(label) or rules.row_aspect([label]))


def _nth(row: tuple[str, ...], j: int, raw: str) -> int:
    """How many cells left of column j in `row` write the same number (to find j's own line)."""
    return sum(1 for c in row[:j] if (p := rules.parse_value(c)) and p[3] == raw)


def _cell_fact(doc, table, row_lines, i, cell, parsed, metric, path, col_path, code, unit_hint=None,
               nth=0, reason=None) -> Fact:
    op, value, cell_unit, raw = parsed
    col_aspect = rules.column_aspect(col_path) or rules.row_aspect(path[-1:])
    period = None if col_aspect else rules.period_of(col_path) or _year_period(doc, path)
    unit = rules.unit_spelling(cell_unit) or (col_aspect[1] if col_aspect else None)
    unit = unit or unit_hint or rules.unit_of_header(" ".join(col_path + path)) or table.unit or ""
    aspect = col_aspect[0] if col_aspect else rules.period_aspect(period, col_path) or _aspect_of_unit(unit)
    line = _cell_line(doc, row_lines, table.line_end, i, raw, nth)
    quote = f"{' / '.join(path) or metric}｜{' / '.join(col_path)}｜{cell}"
    return rules.new_fact(
        doc, metric=metric, value=value, unit=unit, origin="table", line_start=line, line_end=line,
        quote=quote, period=period, aspect=aspect, operator=op, table=table.label, row_path=path,
        column_path=col_path, code=code, raw=raw, reason=reason,
    )


def _year_period(doc: Document, path: tuple[str, ...]) -> str | None:
    """Period of a row named by a year ("2015年" in the 2016 accounts is 上年数; another year
    than the document's or the one before, none), else the document type's."""
    year = next((y for y in map(rules.year_of_label, path) if y), None)
    if year is None or year == doc.year:
        return rules.default_period(doc.doc_type)
    return "上年数" if doc.year and year == doc.year - 1 else None


def _aspect_of_unit(unit: str) -> str:
    if rules.is_percent(unit):
        return "rate"
    if rules.money_factor(unit) or not unit:
        return "amount"
    return "count"


def _cell_line(doc: Document, row_lines: list[int], last: int, i: int, raw: str, nth: int) -> int:
    """Source line of a cell: the line of the row's span that holds its number (the nth
    such line when the row writes the number several times, one cell per line)."""
    start = row_lines[i]
    end = row_lines[i + 1] if i + 1 < len(row_lines) and row_lines[i + 1] > start else last + 1
    hits = [n for n in range(start, min(end, len(doc.lines) + 1)) if raw in doc.lines[n - 1]]
    return hits[min(nth, len(hits) - 1)] if hits else start
