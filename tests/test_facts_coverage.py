"""Coverage: nearly every figure of every corpus document ends in a labelled fact."""

from __future__ import annotations

import pytest

from qa.facts import coverage
from tests.test_facts_extract import BAYINGOL_22, BAYINGOL_24, CENTER, CHANGJI_22, CHANGJI_23, loaded

DOCS = [CENTER, BAYINGOL_24, BAYINGOL_22, CHANGJI_22, CHANGJI_23]


@pytest.mark.parametrize("doc_id", DOCS)
def test_table_cells_become_labelled_facts(doc_id):
    doc, facts = loaded(doc_id)
    report = coverage(doc, list(facts))
    assert report["table_numbers"] > 50
    assert report["table_ratio"] >= 0.95, report
    # each counted cell is stored with both a row label and a column label
    assert report["table_labelled"] / report["table_numbers"] >= 0.95, report


@pytest.mark.parametrize("doc_id", [CENTER, BAYINGOL_24, CHANGJI_22, CHANGJI_23])
def test_narrative_figures_become_facts(doc_id):
    doc, facts = loaded(doc_id)
    report = coverage(doc, list(facts))
    assert report["text_numbers"] > 100
    assert report["text_ratio"] >= 0.95, report["unexplained"]


def test_coverage_sees_what_is_missing():
    doc, facts = loaded(CENTER)
    without = [f for f in facts if not (f.origin == "text" and f.line_start == 597)]
    report = coverage(doc, without)
    assert report["text_explained"] == coverage(doc, list(facts))["text_explained"] - 5
    assert any(line == 597 for line, _, _ in report["unexplained"])
    assert coverage(doc, [])["table_ratio"] == 0.0
