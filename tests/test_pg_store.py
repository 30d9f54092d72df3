"""The PostgreSQL fact store's own parts: migrations, one schema per index generation (copied
forward, collected when its generation is gone), a full build and answer with QA_DATABASE_URL.
The API shared with SQLite is tested on both backends in tests/test_facts_store.py."""

from __future__ import annotations

import shutil
from dataclasses import fields

import pytest

from qa.types import Fact
from tests.conftest import CORPUS
from tests.pg_db import throwaway_database
from tests.test_facts_extract import BAYINGOL_22, CENTER, loaded

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]')")
from qa.facts import pg_store  # noqa: E402 - after the skip


@pytest.fixture(scope="session")
def pg_url():
    """A throwaway PostgreSQL database for this session (skips without a server)."""
    yield from throwaway_database()


def _schemas(url: str) -> set[str]:
    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'qa_facts_%%'")}


def _filled(path, url, *doc_ids):
    store = pg_store.PgFactStore(path, url)
    for doc_id in doc_ids:
        doc, facts = loaded(doc_id)
        store.replace_document(doc, list(facts))
    return store


def test_an_older_schema_is_migrated_to_the_latest_version(pg_url, tmp_path):
    path = tmp_path / "gen" / "facts.sqlite"
    old = pg_store.PgFactStore(path, pg_url)
    with psycopg.connect(pg_url) as con:  # put the schema back to version 1, as an older build left it
        con.execute(f"DROP SCHEMA {old.schema} CASCADE")
        assert pg_store.migrate(con, old.schema, upto=1) == 1
        con.commit()
    store = _filled(path, pg_url, CENTER)  # a writer opening it applies what is missing
    assert store.schema == old.schema
    with psycopg.connect(pg_url) as con:
        assert [r[0] for r in con.execute(f"SELECT version FROM {store.schema}.schema_version ORDER BY 1")] \
            == [m[0] for m in pg_store.MIGRATIONS]
        assert con.execute("SELECT 1 FROM pg_indexes WHERE schemaname = %s AND indexname = 'facts_order'",
                           (store.schema,)).fetchone()
    assert store.query(doc=CENTER, metric="三公", limit=1)


def test_a_generation_written_before_the_meaning_columns_still_reads(pg_url, tmp_path):
    path = tmp_path / "gen" / "facts.sqlite"
    old = pg_store.PgFactStore(path, pg_url)
    with psycopg.connect(pg_url) as con:  # version 2: facts without subject and section
        con.execute(f"DROP SCHEMA {old.schema} CASCADE")
        assert pg_store.migrate(con, old.schema, upto=pg_store.MEANING_VERSION - 1) == pg_store.MEANING_VERSION - 1
        con.commit()
    reader = pg_store.PgFactStore(path, pg_url, readonly=True)
    assert not reader.has_meaning and reader.query(doc=CENTER) == []
    writer = _filled(path, pg_url, CENTER)
    assert writer.has_meaning and pg_store.PgFactStore(path, pg_url, readonly=True).has_meaning
    assert {f.subject for f in writer.query(doc=CENTER)} >= {"", "各类人事考试工作经费"}


def test_the_facts_table_has_a_column_per_fact_field(pg_url, tmp_path):
    # a new Fact field needs a new migration; this fails until there is one
    store = pg_store.PgFactStore(tmp_path / "g" / "facts.sqlite", pg_url)
    with psycopg.connect(pg_url) as con:
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = 'facts' "
            "ORDER BY ordinal_position", (store.schema,))]
    # columns a later migration added come after the first ones (ALTER TABLE … ADD COLUMN)
    assert columns[0] == "id" and sorted(columns) == sorted(["id", *(f.name for f in fields(Fact)), "search"])


def test_generations_are_copied_forward_and_collected_when_gone(pg_url, tmp_path, monkeypatch):
    from qa.facts import copy_store, open_store, store_exists

    monkeypatch.setenv("QA_DATABASE_URL", pg_url)
    index = tmp_path / "index"
    first = _filled(index / "gen-1" / "facts.sqlite", pg_url, CENTER, BAYINGOL_22)
    other = _filled(tmp_path / "elsewhere" / "index" / "gen-1" / "facts.sqlite", pg_url, CENTER)
    assert store_exists(index / "gen-1" / "facts.sqlite") and not store_exists(index / "gen-2" / "facts.sqlite")
    copy_store(index / "gen-1" / "facts.sqlite", index / "gen-2" / "facts.sqlite")
    second = open_store(index / "gen-2" / "facts.sqlite", readonly=True)
    assert second.schema != first.schema
    assert second.query() == first.query() and second.doc_ids() == first.doc_ids()
    # ids go on after the copied ones: a replaced document keeps the store's line order
    writer = open_store(index / "gen-2" / "facts.sqlite")
    doc, facts = loaded(CENTER)
    writer.replace_document(doc, list(facts))
    assert writer.query(doc=CENTER) == first.query(doc=CENTER)

    shutil.rmtree(index / "gen-1")  # qa/indexdir.py removed the generation
    assert first.schema in _schemas(pg_url)
    third = open_store(index / "gen-3" / "facts.sqlite")  # the next build's store collects it
    assert first.schema not in _schemas(pg_url)
    assert {second.schema, third.schema, other.schema} <= _schemas(pg_url)  # live ones and other folders stay
    assert second.query(doc=BAYINGOL_22)


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    from qa.errors import QAError

    url = "postgresql://qa:secret@127.0.0.1:1/qa"
    with pytest.raises(QAError, match="QA_DATABASE_URL") as err:
        pg_store.PgFactStore(tmp_path / "g" / "facts.sqlite", url)
    assert "secret" not in str(err.value) and "qa:***@127.0.0.1:1" in str(err.value)


@pytest.mark.slow
def test_a_full_build_answers_from_postgresql(pg_url, tmp_path, monkeypatch):
    from qa.answer import Answerer
    from qa.build import build_index
    from qa.indexdir import resolve

    monkeypatch.setenv("QA_DATABASE_URL", pg_url)
    shutil.copytree(CORPUS, tmp_path / "corpus")
    index = tmp_path / "index"
    report = build_index(tmp_path / "corpus", index, progress=None)
    generation = resolve(index)
    assert not (generation / "facts.sqlite").exists() and (generation / pg_store.POINTER).is_file()
    first = pg_store.read_pointer(generation / "facts.sqlite")
    answerer = Answerer.load(index)
    assert answerer.ask("服务中心2025年三公经费是多少").value == 2.28
    assert answerer.ask("巴州人社局2024年培训费预算是多少").status == "answered"

    again = build_index(tmp_path / "corpus", index, progress=None)  # facts carried into the new schema
    assert (again["processed"], again["reused"], again["facts"]) == (0, report["documents"], report["facts"])
    assert pg_store.read_pointer(resolve(index) / "facts.sqlite") != first
    assert Answerer.load(index).ask("服务中心2025年三公经费是多少").value == 2.28
    build_index(tmp_path / "corpus", index, progress=None)  # its swap removed the first generation
    live = pg_store.live_schemas(index)
    assert len(live) == 2 and first not in live  # the current and the replaced generation
    assert _registered(pg_url, index) - live == {first}  # collected by the next build
    build_index(tmp_path / "corpus", index, progress=None)
    assert first not in _schemas(pg_url) and len(_registered(pg_url, index) - pg_store.live_schemas(index)) == 1


def _registered(url: str, index) -> set[str]:
    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT schema_name FROM qa_meta.generations WHERE root = %s",
                                          (str(index.resolve()),))}
