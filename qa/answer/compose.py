"""Answer wording, citations and the grounding check.

The wording lives in prompts/answers.json. Every number in an answer must be
stated by one of its citations (quote or document title) or be a figure computed
from cited numbers (`derived`); `grounded` enforces that for every answer, the
optional LLM rewrite included.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from qa.types import Citation, Document, Fact

PROMPTS = Path(__file__).resolve().parents[2] / "prompts" / "answers.json"
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@cache
def wording() -> dict:
    """The templates of prompts/answers.json."""
    return json.loads(PROMPTS.read_text(encoding="utf-8"))


def say(key: str, **fields) -> str:
    """Template `key` filled with `fields`."""
    return wording()[key].format(**fields)


def label(group: str, key: str | None, default: str = "") -> str:
    """An entry of one of the label maps (doc_kind, period_labels, …)."""
    return wording()[group].get(key or "", default)


def canonical_number(text: str) -> str:
    """"1,583.140" -> "1583.14"; "10.00" -> "10": one spelling per value."""
    try:
        d = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    if d == d.to_integral():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def numbers(text: str) -> set[str]:
    """Every number written in `text`, canonically spelled."""
    return {canonical_number(m.group(0)) for m in _NUMBER.finditer(text or "")}


def grounded(answer: str, citations, derived: set[str] = frozenset(), metadata: str = "") -> bool:
    """True when every number of `answer` is in a citation (quote, title, table, section), `metadata` or `derived`."""
    allowed = set(derived) | numbers(metadata)
    for c in citations:
        allowed |= numbers(c.quote) | numbers(c.title) | numbers(c.table or "") | numbers(c.section)
    return numbers(answer) <= allowed


def decimals_of(raw: str) -> int:
    raw = raw.replace(",", "")
    return len(raw.split(".")[1]) if "." in raw else 0


def format_amount(value: float, places: int) -> str:
    """`value` with `places` decimals (the precision of the figures it was computed from)."""
    return f"{value:,.{places}f}" if abs(value) >= 10000 else f"{value:.{places}f}"


def shown(f: Fact) -> str:
    """The figure as the source writes it."""
    if f.raw:
        return f.raw
    v = f.value
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def section_of(doc: Document | None, line: int) -> str:
    if doc is None:
        return ""
    return " / ".join(doc.section_at(line))


def cite_fact(f: Fact, doc: Document | None, title: str) -> Citation:
    """Citation of the line (or table row) that states `f`."""
    return Citation(doc=f.doc_id, section=section_of(doc, f.line_start), table=f.table,
                    line_start=f.line_start, line_end=f.line_end, quote=f.quote, title=title)


def cite_lines(doc: Document, line_start: int, line_end: int, title: str, table: str | None = None,
               quote: str | None = None) -> Citation:
    """Citation of source lines [line_start, line_end] of `doc`, quoting them when no quote is given."""
    if quote is None:
        quote = "".join(doc.lines[line_start - 1:line_end]).strip()
    return Citation(doc=doc.doc_id, section=section_of(doc, line_start), table=table,
                    line_start=line_start, line_end=line_end, quote=quote, title=title)


def place_of(c: Citation) -> str:
    """Where a citation points, for the answer text: a table label or the section."""
    if c.table:
        return c.table
    return c.section.split(" / ")[-1] if c.section else wording()["place_default"]
