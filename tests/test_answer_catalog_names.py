"""A unit named by its issuer's own name without the places before it, and a unit name that
never runs on into what is asked (fourth fresh probe, 2026-11-30; wild gold w-lp-07, w-sd-03).

- "天台完全小学社会保障和就业支出预算": the catalog knows 重庆市梁平区明达镇天台完全小学, so its
  name without the leading places names it whatever follows (was: no unit read, ambiguous over
  every budget).
- "山东科技职业学院政府采购工程支出": the name stops before 政府采购 although a title holds
  "山东科技职业学院政府采购" (was: the unit read as 山东科技职业学院政府采购, not_found).
"""

from __future__ import annotations

import pytest

from tests.answer_checks import assert_figure


@pytest.mark.parametrize("question,value,doc", [
    ("天台完全小学社会保障和就业支出预算", 69.58, "liangping-tiantai-school-2024-budget"),
    ("明达镇天台完全小学卫生健康支出预算", 36.60, "liangping-tiantai-school-2024-budget"),
    ("山东科技职业学院政府采购工程支出多少", 23143.890913, "shandong-polytechnic-2021-procurement-final"),
    ("山东科技职业学院政府采购服务支出是多少", 822.473362, "shandong-polytechnic-2021-procurement-final"),
])
def test_unit_named_then_what_is_asked(wild_answerer, question, value, doc):
    assert_figure(wild_answerer.ask(question), value, doc)


def test_a_bare_kind_is_not_an_issuer_form(wild_answerer):
    # 碌曲县公安局 without its places is 公安局, a kind of unit: it names no single document.
    a = wild_answerer.ask("公安局2020年支出总计")
    assert a.status == "ambiguous" and len(a.candidates) >= 2, (a.status, a.answer)


# An organisation the documents only cite (国务院 of a 国发 notice, 财政部 of a rule) is, asked
# by its name alone, a unit the corpus lacks: never another unit's figure.
@pytest.mark.parametrize("question", ["国务院2025年机关运行经费", "国务院2024年公务接待费", "财政部2022年三公经费"])
def test_a_cited_organisation_is_not_a_unit_of_the_corpus(wild_answerer, question):
    a = wild_answerer.ask(question)
    assert a.status == "not_found" and a.value is None, (a.status, a.answer)


# A whole amount of money the question quotes ("…500万元", "…2364万元") picks the document
# stating it, as a quoted decimal figure does; without it the question is ambiguous.
@pytest.mark.parametrize("question,value,doc", [
    ("2022年三公预算中公车购置及运行费500万元，其中公务用车购置费多少", 100, "unnamed-kpsgaj-2022-sangong-budget"),
    ("三公经费决算2364万元的那个地方，公务接待费多少", 1356, "qujiang-district-2016-sangong-final"),
])
def test_a_quoted_whole_amount_identifies_the_document(wild_answerer, question, value, doc):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and abs(a.value - value) < 1e-6, (a.status, a.answer)
    assert a.citations[0].doc == doc, [c.doc for c in a.citations]


# A unit inside its place's own summary (鄂城区's 三公 statement lists what each unit bought):
# "鄂城区公安局" is answered from that summary with the figure stated of 公安局, and only then.
@pytest.mark.parametrize("question,value", [("鄂城区公安局2022年购置了几台车", 8), ("鄂城区纪委2022年买了几台车", 2)])
def test_a_unit_inside_its_places_summary(wild_answerer, question, value):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.value == value, (a.status, a.answer)
    assert [c.doc for c in a.citations] == ["echeng-district-2022-sangong-final"]


@pytest.mark.parametrize("question", ["鄂城区公安局2022年三公经费", "鄂城区教育局2022年三公经费"])
def test_a_unit_its_places_summary_states_nothing_of(wild_answerer, question):
    a = wild_answerer.ask(question)
    assert a.status == "not_found" and a.value is None, (a.status, a.answer)
