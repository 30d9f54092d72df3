"""The fact store on both backends (SQLite, and PostgreSQL when a test server is reachable):
round trip, filters, lexicon aliases, hostile input, the read-only mode."""

from __future__ import annotations

import sqlite3

import pytest

from qa.errors import IndexMissingError
from qa.facts import FactStore, open_store, rules
from tests.pg_db import throwaway_database
from tests.test_facts_extract import BAYINGOL_22, CENTER, CHANGJI_23, loaded

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_url():
    """A throwaway PostgreSQL database for this session (skips without a server)."""
    yield from throwaway_database()


@pytest.fixture(scope="module", params=BACKENDS)
def backend_url(request) -> str:
    """'' for SQLite, the throwaway database's URL for PostgreSQL (skips without a server)."""
    return request.getfixturevalue("pg_url") if request.param == "postgresql" else ""


def opened(path, url: str, readonly: bool = False):
    """The store at `path` as `open_store` picks it with QA_DATABASE_URL = `url`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_DATABASE_URL", url)
        return open_store(path, readonly=readonly)


@pytest.fixture(scope="module")
def store(backend_url, tmp_path_factory):
    s = opened(tmp_path_factory.mktemp("facts") / "facts.sqlite", backend_url)
    assert s.backend == ("postgresql" if backend_url else "sqlite")
    for doc_id in (CENTER, BAYINGOL_22, CHANGJI_23):
        doc, facts = loaded(doc_id)
        s.replace_document(doc, list(facts))
    return s


def test_round_trip_keeps_every_field(store):
    _, facts = loaded(CENTER)
    assert store.query(doc=CENTER) == sorted(facts, key=lambda f: f.line_start)  # line order, then stored order
    assert sorted(store.query(doc=CENTER), key=repr) == sorted(facts, key=repr)
    assert store.doc_ids() == sorted([CENTER, BAYINGOL_22, CHANGJI_23])
    assert [d["doc_id"] for d in store.documents()] == store.doc_ids()
    assert store.documents()[0].keys() == {"doc_id", "title", "issuer", "region", "year", "doc_type", "sha256"}


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


def test_both_backends_order_documents_bytewise(store):
    # PostgreSQL's locale collation would sort differently from SQLite; both sort as SQLite does
    every = store.query()
    keys = [f.doc_id.encode() for f in every]
    assert keys == sorted(keys) and len(every) == sum(len(loaded(d)[1]) for d in store.doc_ids())


@pytest.mark.parametrize("hostile", ["'; DROP TABLE facts; --", "%", "_", "\"", "' OR 1=1 --", "\\", "%s", "?"])
def test_hostile_metric_strings_are_only_text(store, hostile):
    # matched literally (no SQL, no LIKE wildcards, no placeholders): only labels holding the very string
    for f in store.query(metric=hostile):
        assert any(hostile in text for text in (*rules.metric_aliases(f.metric), *f.row_path))
    assert store.query(doc=hostile) == [] and store.query(issuer=hostile) == []
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


def test_readonly_store_reads_and_refuses_writes(store, backend_url):
    reader = opened(store.path, backend_url, readonly=True)
    assert reader.query(doc=CENTER) == store.query(doc=CENTER)
    doc, facts = loaded(CHANGJI_23)
    with pytest.raises(Exception, match="(?i)read.?only"):
        reader.remove_document(CHANGJI_23)
    with pytest.raises(Exception, match="(?i)read.?only"):
        reader.replace_document(doc, list(facts[:1]))
    assert len(store.query(doc=CHANGJI_23)) == len(facts)


def test_readonly_open_of_a_missing_store_is_index_missing(backend_url, tmp_path):
    with pytest.raises(IndexMissingError):
        opened(tmp_path / "gen" / "facts.sqlite", backend_url, readonly=True)
    assert not (tmp_path / "gen").exists()  # a reader creates nothing


def test_sqlite_has_no_wal_and_readers_do_not_block(tmp_path):
    store = FactStore(tmp_path / "facts.sqlite")
    doc, facts = loaded(CENTER)
    store.replace_document(doc, list(facts))
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.execute("BEGIN")  # a reader holding a transaction does not block other readers
    assert store.query(doc=CENTER, limit=1)
    con.close()
