"""A document's list of tables, as its table of contents numbers them: "表一：收入支出决算总表" or
"一、收入支出决算总表" (a title ending in 表; a part heading ending in 报表 is no table). Before
(2026-11-30), "密云法院2020年决算包括哪几张表" was not_found: only the 表一 style was read."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question,doc,n,first,last", [
    ("密云法院2020年决算包括哪几张表", "miyun-court-2020-final", 12, "收入支出决算总表", "政府购买服务支出情况表"),
    ("碌曲县公安局2020年决算公开了哪几张报表", "luqu-psb-2020-final", 8, "收入支出决算总表", None),
])
def test_tables_listed_as_the_contents_number_them(wild_answerer, question, doc, n, first, last):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.intent == "list", (a.status, a.answer)
    assert [c.doc for c in a.citations][:1] == [doc]
    assert f"共{n}项" in a.answer and first in a.answer, a.answer
    assert last is None or last in a.answer, a.answer
    assert "部门决算报表" not in a.answer, a.answer
