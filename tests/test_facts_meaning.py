"""Facts carry their meaning from the facts stage (qa/facts/meaning.py): the project their
table is about and their section, stored with them (both backends) so the answer stage never
reads a document's tables; a store written before the meaning columns still reads, and a
writer migrates it."""

from __future__ import annotations

import sqlite3

from qa.answer.lookup import fact_loader
from qa.facts import FactStore
from qa.facts.meaning import table_subject
from tests.test_facts_extract import BAYINGOL_24, CENTER, CHANGJI_23, loaded


def _subjects(doc_id: str, table_word: str) -> set[str]:
    return {f.subject for f in loaded(doc_id)[1] if f.table and table_word in f.table}


def test_a_project_table_names_its_project_in_a_cell():
    # 项目支出绩效目标表: one table per project, the project in the cell after 项目名称
    assert {"各类人事考试工作经费", "机构运行补助经费", "劳动能力鉴定工作经费"} <= _subjects(CENTER, "项目支出绩效目标表")
    assert "2024 年购买社会保险经办服务项目" in _subjects(BAYINGOL_24, "项目支出绩效目标表")
    doc, facts = loaded(CENTER)
    for f in facts:
        table = next((t for t in doc.tables if f.table and t.line_start <= f.line_start <= t.line_end), None)
        assert f.subject == (table_subject(table) if table else ""), f


def test_a_self_evaluation_form_names_its_project_in_the_title():
    assert "2021 年度博士后资助经费" in _subjects(CHANGJI_23, "项目支出绩效自评表（2021 年度博士后资助经费）")
    # a narrative figure is about no table's project
    assert all(f.subject == "" for f in loaded(CHANGJI_23)[1] if f.origin == "text")


def test_every_fact_knows_its_section():
    for doc_id in (CENTER, CHANGJI_23):
        doc, facts = loaded(doc_id)
        assert all(f.section == doc.section_at(f.line_start) for f in facts)
        assert sum(1 for f in facts if len(f.section) >= 2) > len(facts) // 2


def test_a_store_without_meaning_columns_reads_and_is_migrated(tmp_path):
    path = tmp_path / "facts.sqlite"
    doc, facts = loaded(CENTER)
    FactStore(path).replace_document(doc, list(facts))
    with sqlite3.connect(path) as con:  # as a build before schema version 2 left it
        con.execute("ALTER TABLE facts DROP COLUMN subject")
        con.execute("ALTER TABLE facts DROP COLUMN section")
    old = FactStore(path, readonly=True)
    assert not old.has_meaning
    plain = old.query(doc=CENTER)
    assert len(plain) == len(facts) and all(f.subject == "" and f.section == () for f in plain)
    # the answerer's loader fills the meaning in from the document until the next build
    filled = fact_loader(old, {CENTER: doc})(CENTER)
    assert filled != plain and sorted(filled, key=repr) == sorted(facts, key=repr)
    writer = FactStore(path)  # a build opening it adds the columns
    assert writer.has_meaning and FactStore(path, readonly=True).has_meaning
    writer.replace_document(doc, list(facts))
    assert sorted(FactStore(path, readonly=True).query(doc=CENTER), key=repr) == sorted(facts, key=repr)
