"""The SQLite fact store: round trip, filters, lexicon aliases, hostile input."""

from __future__ import annotations

import sqlite3

import pytest

from qa.facts import FactStore, rules
from tests.test_facts_extract import BAYINGOL_22, CENTER, CHANGJI_23, loaded


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = FactStore(tmp_path_factory.mktemp("facts") / "facts.sqlite")
    for doc_id in (CENTER, BAYINGOL_22, CHANGJI_23):
        doc, facts = loaded(doc_id)
        s.replace_document(doc, list(facts))
    return s


def test_round_trip_keeps_every_field(store):
    _, facts = loaded(CENTER)
    assert sorted(store.query(doc=CENTER), key=repr) == sorted(facts, key=repr)
    assert store.doc_ids() == sorted([CENTER, BAYINGOL_22, CHANGJI_23])


def test_filters(store):
    hits = store.query(metric="三公", year=2025, period="预算数", aspect="amount")
    assert {f.value for f in hits if f.metric == "财政拨款“三公”经费" and f.origin == "text"} == {2.28}
    assert {f.metric for f in hits if f.line_start == 597} >= {"因公出国（境）费", "公务接待费"}  # by row path
    assert all(f.year == 2025 for f in hits)
    assert store.query(doc_type="performance_targets", metric="保障公务用车数量")[0].operator == "="
    assert store.query(issuer="巴音郭楞") and all("巴音郭楞" in f.region for f in store.query(issuer="巴音郭楞"))
    assert len(store.query(doc=CENTER, limit=3)) == 3


def test_metric_matches_aliases_and_row_path(store):
    colloquial = {f.metric for f in store.query(doc=CENTER, metric="招待费")}
    assert "公务接待费" in colloquial
    # a project's indicators are found by the project name in their row path
    assert store.query(doc=CENTER, metric="各类人事考试工作经费", aspect="target")
    assert "财政拨款“三公”经费" in store.metrics(CENTER)


@pytest.mark.parametrize("hostile", ["'; DROP TABLE facts; --", "%", "_", "\"", "' OR 1=1 --", "\\"])
def test_hostile_metric_strings_are_only_text(store, hostile):
    # matched literally (no SQL, no LIKE wildcards): only labels that contain the very string
    for f in store.query(metric=hostile):
        assert any(hostile in text for text in (*rules.metric_aliases(f.metric), *f.row_path))
    assert store.query(doc=hostile) == []
    assert store.query(doc=CENTER, limit=1)  # the table is still there


def test_replace_and_remove(store, tmp_path):
    doc, facts = loaded(BAYINGOL_22)
    store.replace_document(doc, list(facts[:5]))
    assert len(store.query(doc=BAYINGOL_22)) == 5
    store.replace_document(doc, list(facts))
    assert len(store.query(doc=BAYINGOL_22)) == len(facts)
    store.remove_document(BAYINGOL_22)
    assert BAYINGOL_22 not in store.doc_ids() and store.query(doc=BAYINGOL_22) == []
    store.replace_document(doc, list(facts))


def test_no_wal_and_concurrent_reader(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.execute("BEGIN")  # a reader holding a transaction does not block other readers
    assert store.query(doc=CENTER, limit=1)
    con.close()
