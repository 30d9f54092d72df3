"""The audit's lookups by key give what the plain scans gave: `Document.section_at` by bisect
over line ranges, `_table_vs_text` over cells indexed by item, tables found by label.

Checked line by line / figure by figure on the seed corpus and on the wild documents
(../shared/wild, skipped when absent), against the linear definitions written out here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.facts import audit, extract_facts, rules
from qa.ingest import load_document
from qa.types import Document, Section
from tests.conftest import CORPUS, WILD


def _documents(folder: Path) -> list[Document]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        try:
            docs.append(load_document(path, path.stem))
        except Exception:  # noqa: BLE001, S112 - a wild file the parser refuses has nothing to audit
            continue
    return docs


@pytest.fixture(scope="module", params=["corpus", "wild"])
def documents(request) -> list[Document]:
    if request.param == "wild" and not WILD.is_dir():
        pytest.skip(f"{WILD} is absent")
    return _documents(CORPUS if request.param == "corpus" else WILD)


def _linear_section_at(doc: Document, line: int) -> tuple[str, ...]:
    best: tuple[str, ...] = ()
    for s in doc.sections:
        if s.line_start <= line <= s.line_end and len(s.path) >= len(best):
            best = s.path
    return best


def test_section_at_matches_the_linear_scan(documents):
    for doc in documents:
        for line in range(len(doc.lines) + 2):
            assert doc.section_at(line) == _linear_section_at(doc, line), (doc.doc_id, line)


def test_section_at_nested_overlapping_and_tied_sections():
    sections = (Section(("一",), 1, 20), Section(("一", "（一）"), 3, 8), Section(("一", "（二）"), 6, 12),
                Section(("二",), 21, 30), Section(("二", "空"), 25, 24), Section(("三",), 40, 40))
    doc = Document("d", "t", "", "", None, "budget", "plain", "", ("x",) * 45, sections, (), ())
    for line in range(0, 46):
        assert doc.section_at(line) == _linear_section_at(doc, line), line
    assert doc.section_at(7) == ("一", "（二）")  # two equally deep: the later one
    assert doc.section_at(35) == ()


def _table_vs_text_by_scan(doc: Document, facts) -> list:
    """The check as it was written before the index: every narrative figure against every cell."""
    cells = [f for f in facts if f.origin == "table" and f.aspect == "amount" and rules.money_factor(f.unit)]
    out = []
    for t in facts:
        if t.origin != "text" or t.aspect != "amount" or not rules.money_factor(t.unit):
            continue
        same = [c for c in cells if c.period == t.period and audit._same_item(t, c)]
        if same and t.value != 0:
            out.append((t, same))
    return out


def test_cell_index_finds_exactly_the_cells_the_scan_finds(documents):
    compared = 0
    for doc in documents:
        facts = extract_facts(doc)
        cells = [f for f in facts if f.origin == "table" and f.aspect == "amount" and rules.money_factor(f.unit)]
        index = audit._cell_index(cells, rules.canonical_metric)
        for t, same in _table_vs_text_by_scan(doc, facts):
            found = [c for c in audit._candidates(index, cells, t) if audit._same_item(t, c)]
            assert found == same, (doc.doc_id, t.line_start, t.metric)
            compared += 1
    assert compared > 0


def test_table_finder_agrees_with_table_index(documents):
    for doc in documents:
        table_of = audit._table_finder(doc)
        for f in extract_facts(doc):
            if f.origin == "table":
                assert table_of(f) == rules.table_index(doc, f), (doc.doc_id, f.line_start)
