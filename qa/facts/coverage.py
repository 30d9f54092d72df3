"""How much of a document ended in facts: the share of numeric table cells and of
narrative figures (numbers with a unit) that a fact explains. A number left
unexplained is a place to look."""

from __future__ import annotations

from collections import Counter, defaultdict

from qa.facts import rules
from qa.facts.table_facts import numeric_cells
from qa.facts.text_facts import figures, is_named, number_pattern
from qa.types import Document, Fact


def coverage(doc: Document, facts: list[Fact], examples: int = 20) -> dict:
    """Counts and ratios of explained table cells and narrative figures of `doc`.

    `text_complete` counts the figures whose fact is complete: a metric that names
    something (not punctuation or a fragment such as "的"), a unit, and a period for an
    amount of money.

    Table cells are matched to facts by (table, number as written), figures by
    (line, number as written). `unexplained` lists up to `examples` narrative
    figures no fact covers, as (line, number, context)."""
    n_cells, explained_cells, labelled = _table_coverage(doc, facts)
    found = _narrative_figures(doc)
    unexplained, complete = _explain_figures(found, facts)
    n_text = len(found)
    return {
        "doc": doc.doc_id,
        "table_numbers": n_cells,
        "table_explained": explained_cells,
        "table_labelled": labelled,
        "table_ratio": _ratio(explained_cells, n_cells),
        "text_numbers": n_text,
        "text_explained": n_text - len(unexplained),
        "text_ratio": _ratio(n_text - len(unexplained), n_text),
        "text_complete": complete,
        "text_complete_ratio": _ratio(complete, n_text),
        "unexplained": unexplained[:examples],
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _table_coverage(doc: Document, facts: list[Fact]) -> tuple[int, int, int]:
    """(numeric table cells, cells a table fact explains, table facts with a row and a column)."""
    cells = Counter((k, raw) for k, t in enumerate(doc.tables) for _, _, raw in numeric_cells(t))
    table_facts = Counter((rules.table_index(doc, f), f.raw) for f in facts if f.origin == "table")
    labelled = sum(1 for f in facts if f.origin == "table" and f.row_path and f.column_path)
    return sum(cells.values()), sum(min(n, table_facts[k]) for k, n in cells.items()), labelled


def _narrative_figures(doc: Document) -> list[tuple[int, str, str]]:
    """(line, number, context) of each number with a unit in the narrative."""
    pattern = number_pattern()
    return [(p.line_at(m.start()), m.group("num"), p.text[max(0, m.start() - 12) : m.end() + 4])
            for p in doc.paragraphs for m in figures(p.text, pattern) if m.group("unit")]


def _explain_figures(found: list[tuple[int, str, str]], facts: list[Fact]) -> tuple[list, int]:
    """(the figures no text fact at their line and number explains, how many explained are complete)."""
    by_place: dict[tuple[int, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.origin == "text":
            by_place[(f.line_start, f.raw)].append(f)
    unexplained, complete = [], 0
    for line, raw, context in found:
        if by_place[(line, raw)]:
            complete += is_complete(by_place[(line, raw)].pop(0))
        else:
            unexplained.append((line, raw, context))
    return unexplained, complete


def is_complete(f: Fact) -> bool:
    """A fact with a real metric name, a unit and, for an amount of money, a period."""
    money_amount = f.aspect == "amount" and rules.money_factor(f.unit)
    return bool(is_named(f.metric) and f.unit and (f.period or not money_amount))
