"""Fact stage: every figure a disclosure states, as a Fact with its meaning and place.

Public API: `extract_facts(doc)`, `FactStore(path)` (SQLite), `open_store(path, readonly)` (SQLite, or
PostgreSQL when QA_DATABASE_URL is set), `audit_document(doc, facts)` and `coverage(doc, facts)`.
"""

from __future__ import annotations

from qa.facts.audit import audit_document
from qa.facts.coverage import coverage
from qa.facts.glued_costs import glued_cost_facts
from qa.facts.meaning import with_meaning
from qa.facts.store import FactStore, copy_store, open_store, store_exists
from qa.facts.table_facts import cell_sentence_facts, table_facts
from qa.facts.text_facts import text_facts
from qa.types import Document, Fact


def extract_facts(doc: Document) -> list[Fact]:
    """Every numeric table cell of `doc` and every figure its narrative states, in document order,
    each with its meaning (qa/facts/meaning.py: the project it is about, its section)."""
    facts = [f for table in doc.tables for f in table_facts(doc, table)]
    facts += text_facts(doc) + cell_sentence_facts(doc) + glued_cost_facts(doc)
    return with_meaning(doc, sorted(facts, key=lambda f: (f.line_start, f.origin != "table")))


__all__ = ["FactStore", "audit_document", "copy_store", "coverage", "extract_facts", "open_store", "store_exists"]
