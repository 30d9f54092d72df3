"""Which documents a unit phrase selects (issue #12 "Scope you can trust").

A phrase of place + words + the kind a document naming no unit calls itself by selects that
document however the place is written; 州本级/县本级 is the region itself; a unit named by its
kind alone that several units' documents fit is ambiguous; 市直单位 is a kind of unit; a form
named by its kind (绩效自评表) asks documents of that kind or holding it; a phrase only one
document has finds it whatever the asker calls the unit. Wild documents are read from
../shared/wild through the `wild_answerer` fixture; constructed texts stand for a second
document where the wild corpus has one only.
"""

from __future__ import annotations

import pytest

from qa.answer.question import doc_type_of, normalize, parse_question
from qa.answer.resolve import Catalog, DocInfo, Scope
from tests.answer_checks import assert_figure


@pytest.fixture(scope="module")
def wild(wild_answerer):
    return wild_answerer


def _cited(a) -> set[str]:
    return {c.doc for c in a.citations}


def _unnamed(text: str, doc_id: str = "unnamed", year: int = 2022) -> Catalog:
    """A catalog of one named unit's document and one document naming no unit, with `text`."""
    named = DocInfo("named", "岳阳县财政局2022年部门预算", "岳阳县财政局", "岳阳县", 2022, "budget",
                    (("湖南", "湖南省"), ("岳阳", "岳阳县")))
    return Catalog([named, DocInfo(doc_id, "", "", "", year, "performance_self_evaluation")],
                   {doc_id: normalize(text), "named": normalize("岳阳县财政局2022年部门预算，本局收入总计")})


# ---------------------------------------------------------------- a unit a document speaks as
@pytest.mark.parametrize("question,value", [
    ("赫山区园区中心商品和服务支出", 42.48),          # no year after the name
    ("益阳赫山区园区中心2022年工资福利支出多少钱", 131.84),  # the city before the district, without 市
    ("赫山园区中心2022年工资福利支出", 131.84),        # the district without 区
])
def test_a_place_words_and_kind_select_the_unnamed_document_speaking_so(wild, question, value):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"heshan-unit-2022-perf-selfeval"}, a.answer
    assert a.value == pytest.approx(value), a.answer


def test_a_spoken_unit_is_found_in_the_question_however_it_goes_on():
    cat = _unnamed("根据岳阳县财政局的通知，我中心负责全县农机推广工作，现将绩效自评情况报告如下。")
    for question, name in (("岳阳县农机推广中心下设几个机构", "岳阳县农机推广中心"),
                           ("岳阳农机推广中心2022年收入", "岳阳农机推广中心")):
        assert [m[2] for m in cat.mentions(normalize(question))] == [name], question
        assert [d.doc_id for d in cat.select(Scope(unknown_units=[name]))] == ["unnamed"], name
    # Words before the kind that are no place the text names select nothing ("财务中心", "平江县…").
    for other in ("农机财务中心", "平江县农机推广中心"):
        assert cat.select(Scope(unknown_units=[other])) == [], other


# ---------------------------------------------------------------- 本级: the region itself
@pytest.mark.parametrize("question,doc,value", [
    ("凉山州本级2022年公车购置费是多少", "liangshan-prefecture-2022-sangong-final", 2337.35),
    ("凉山州州本级2022年公务接待费", "liangshan-prefecture-2022-sangong-final", 602.47),
    ("红河县本级三公经费2021年下降了百分之几", "honghe-county-2021-sangong-final", 12.99),
])
def test_own_level_names_the_region(wild, question, doc, value):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer
    assert a.value == pytest.approx(value), a.answer


def test_own_level_after_a_second_region_compares_both(wild):
    a = wild.ask("鄂城区和凉山州本级2022年公务用车购置费相差多少")
    assert a.status == "answered", a.answer
    assert _cited(a) == {"echeng-district-2022-sangong-final", "liangshan-prefecture-2022-sangong-final"}, a.citations
    assert a.value == pytest.approx(1938.1), a.answer


@pytest.mark.parametrize("question,unit", [
    ("凉山州州本级2022年三公经费", "凉山州"),
    ("昭通市本级2022年三公经费", "昭通市"),
])
def test_own_level_is_no_part_of_the_units_name(question, unit):
    q = parse_question(question)
    assert q.unknown_units == [unit] and "本级" not in q.unknown_units[0]


# ---------------------------------------------------------------- a kind several units are of
@pytest.mark.parametrize("question,docs", [
    ("县公安局2020年收入比上年增加了多少？", {"luqu-psb-2020-final", "sanmen-psb-2020-final"}),  # not 丰都's 2021
    ("政协的收入是多少？", {"beita-cppcc-2017-budget", "zhongxian-cppcc-2021-final"}),
    ("2022年镇公务接待费是多少", {"shangyou-sixia-town-2022-budget", "tangxi-town-2022-project-perf-selfeval"}),
])
def test_a_kind_several_units_are_of_is_ambiguous(wild, question, docs):
    a = wild.ask(question)
    assert a.status == "ambiguous" and not a.citations, a.answer
    assert set(a.candidates) == {wild.catalog.get(d).label for d in docs}, a.candidates


# A bare kind after a year or with 上 (镇上) counts as the unit when a metric's name follows it.
@pytest.mark.parametrize("question,doc,value", [
    ("2024年镇公务用车运行维护费预算比2023年增加多少", "fuling-town-2024-sangong-budget", 2.01),
    ("镇上2024年公车运行维护费预算为什么多了2.01万？", "fuling-town-2024-sangong-budget", 2.01),
    ("2020年保健院财政拨款收入是多少", "daying-mch-2020-final", 1614.63),
])
def test_a_kind_before_a_metric_selects_its_documents(wild, question, doc, value):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer
    assert a.value == pytest.approx(value), a.answer


def test_a_kind_before_a_metric_needs_the_metrics_name():
    assert parse_question("2024年镇公务用车运行维护费预算").unknown_units == ["镇"]
    assert parse_question("2024年乡村振兴支出是多少").unknown_units == []  # 乡村振兴 is no 乡


@pytest.mark.parametrize("question,doc", [
    ("县公安局2021年收入总计", "fengdu-psb-2021-final"),        # one 县公安局 of that year
    ("区政协部门预算包括哪几个单位/委员会？", "beita-cppcc-2017-budget"),  # 区政协 is one unit's name
])
def test_a_kind_one_unit_is_of_selects_it(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer


# ---------------------------------------------------------------- 这家/这个/该 before a kind
# A word pointing at a unit (qa/lexicon/scope.json pointing) names the kind as 本/我 does.
@pytest.mark.parametrize("question,doc,value", [
    ("这家保健院2020年事业收入有多少", "daying-mch-2020-final", 2148.69),
    ("这个市直部门2019年机关运行经费比上年增长了百分之几？", "unnamed-city-unit-2019-sangong-budget", 5.11),
])
def test_a_pointing_word_before_a_kind_names_the_kind(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


def test_a_pointing_word_before_a_kind_several_units_are_of_is_ambiguous(wild):
    a = wild.ask("该镇2022年公务接待费是多少")
    assert a.status == "ambiguous", a.answer
    assert set(a.candidates) == {wild.catalog.get(d).label for d in
                                 ("shangyou-sixia-town-2022-budget", "tangxi-town-2022-project-perf-selfeval")}


# ---------------------------------------------------------------- 市直单位 is a kind of unit
@pytest.mark.parametrize("question", ["市直单位行政经费(机关运行经费)具体包括哪些？", "市直部门的行政经费包括哪些"])
def test_city_units_select_the_document_speaking_of_them(wild, question):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"unnamed-city-unit-2019-sangong-budget"}, a.answer
    assert "差旅" in a.answer, a.answer


def test_a_county_unit_kind_selects_the_unnamed_document_of_it_only():
    cat = _unnamed("县直单位“三公”经费是指县直行政单位用于因公出国（境）……的经费。")
    assert [d.doc_id for d in cat.select(Scope(unknown_units=["县直单位"]))] == ["unnamed"]
    assert cat.select(Scope(unknown_units=["市直单位"])) == []
    assert parse_question("县直单位三公经费是多少").unknown_units == ["县直单位"]
    assert parse_question("我们县直单位2022年三公经费").unknown_units == ["本单位"]  # the asker's own


# ---------------------------------------------------------------- a form named by its kind
@pytest.mark.parametrize("question", ["有个项目支出绩效自评表，结余率（结余数/预算数）的指标值要求是多少？",
                                      "那张自评表中结余率怎么算？"])
def test_a_self_evaluation_form_is_a_kind_of_document(question):
    assert doc_type_of(normalize(question)) == "performance_self_evaluation"


def test_a_form_selects_its_kind_and_the_documents_holding_it(wild):
    scope = Scope(doc_type="performance_self_evaluation", words="有个项目支出绩效自评表,结余率")
    docs = {d.doc_id for d in wild.catalog.select(scope)}
    assert "changji-hrss-bureau-2022-budget" not in docs  # a budget holding no 绩效自评表
    assert {"daying-unnamed-perf-selfeval-fragment", "changji-hrss-bureau-2023-final-accounts"} <= docs
    assert all(wild.catalog.get(d).doc_type == "performance_self_evaluation"
               or d == "changji-hrss-bureau-2023-final-accounts" for d in docs), docs


@pytest.mark.parametrize("question,doc", [
    ("整体支出绩效自评表里城镇新增就业实际完成值", "changji-hrss-bureau-2023-final-accounts"),  # a 决算 holding the form
    ("自评表里科目调整次数的目标是不超过几次", "daying-unnamed-perf-selfeval-fragment"),
])
def test_a_form_question_is_answered_from_a_document_holding_that_form(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer


def test_a_form_question_never_quotes_another_kind_of_document(wild):
    a = wild.ask("有个项目支出绩效自评表，结余率（结余数/预算数）的指标值要求是多少？")
    assert "changji-hrss-bureau-2022-budget" not in _cited(a), a.answer


# ---------------------------------------------------------------- a quoted phrase and 我们单位
@pytest.mark.parametrize("question,value", [
    ("天府旅游名县创建完成后，我们单位2022年收入总计比2021年少了多少？", 1267.86),
    ("天府旅游名县创建完成后，本单位2022年收入总计是多少", 4125.49),
])
def test_a_phrase_one_document_has_finds_it_whatever_the_unit_is_called(wild, question, value):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"daying-unit-2022-final"}, a.answer
    assert a.value == pytest.approx(value), a.answer


# ---------------------------------------------------------------- a kind asked for, not named
@pytest.mark.parametrize("question", ["区政协包括哪些委员会", "区政协下设哪几个委员会"])
def test_a_kind_after_a_question_word_is_what_is_asked(wild, question):
    assert not any("委员会" in u for u in parse_question(question).unknown_units)
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"beita-cppcc-2017-budget"}, a.answer
    assert "提案委员会" in a.answer and "文史委员会" in a.answer, a.answer


def test_a_question_word_ends_no_units_name():
    assert parse_question("岳阳县卫健委下设哪些中心").unknown_units == ["岳阳县"]
    assert parse_question("碌曲县公安局的收入").unknown_units == ["碌曲县公安局"]


# ---------------------------------------------------------------- a place running into a unit's name
@pytest.mark.parametrize("question,value", [("北塔区政协委员视察工作支出", 12), ("北塔区政协三公经费预算多少", 19.8)])
def test_a_place_before_a_generic_issuer_is_part_of_its_name(wild, question, value):
    # 区政协's document names no place; 北塔区 run into 区政协 is that unit's place, not a foreign one.
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"beita-cppcc-2017-budget"}, a.answer
    assert a.value == pytest.approx(value), a.answer


# ---------------------------------------------------------------- a place named alone is that place's unit
@pytest.mark.parametrize("question,under", [
    ("鄂州2022年三公经费是多少", "echeng-district-2022-sangong-final"),     # 鄂城区 is a district of 鄂州
    ("红河州2021年公务接待费是多少", "honghe-county-2021-sangong-final"),  # 红河县 is a county of 红河州
])
def test_a_place_named_alone_never_gets_a_place_under_it(wild, question, under):
    a = wild.ask(question)
    assert under not in _cited(a), a.answer


def test_a_place_named_alone_selects_its_own_document():
    city = DocInfo("city", "", "岳阳市", "岳阳市", 2022, "budget", (("湖南", "湖南省"), ("岳阳", "岳阳市")))
    county = DocInfo("county", "", "岳阳县", "岳阳县", 2022, "budget",
                     (("湖南", "湖南省"), ("岳阳", "岳阳市"), ("岳阳县",)))
    district = DocInfo("district", "", "云溪区", "云溪区", 2022, "budget",
                       (("湖南", "湖南省"), ("岳阳", "岳阳市"), ("云溪", "云溪区")))
    cat = Catalog([city, county, district], {})
    assert [d.doc_id for d in cat.select(Scope(unknown_units=["岳阳"]))] == ["city"]
    assert [d.doc_id for d in cat.select(Scope(unknown_units=["云溪区"]))] == ["district"]
    assert [d.doc_id for d in Catalog([county, district], {}).select(Scope(unknown_units=["岳阳"]))] == ["county", "district"]


# ---------------------------------------------------------------- 服务中心: a kind, not one unit's alias
# 服务中心 ends the names of many units (鄂州市机关事务服务中心, 昌吉州人社服务中心): a kind of
# unit (organisations.json suffixes), not an alias of one; a kind this long names the unit at the
# start of a clause whatever follows, and after a word joining two sides of a comparison.
@pytest.mark.parametrize("question,value", [
    ("服务中心津贴补贴预算", 87.04),
    ("服务中心2025年津贴补贴预算", 87.04),
])
def test_a_long_kind_before_any_words_names_the_unit(wild, question, value):
    assert_figure(wild.ask(question), value, "changji-hrss-center-2025-budget")


def test_a_long_kind_is_no_alias_of_one_unit():
    q = parse_question("鄂州市机关事务服务中心2022年办公大楼运行保障项目预算多少")
    assert "人力资源和社会保障服务中心" not in q.orgs, q.orgs


@pytest.mark.parametrize("question,docs,value", [
    ("巴州人社局2024年公务接待费比服务中心2025年多多少",
     {"bayingol-hrss-bureau-2024-budget", "changji-hrss-center-2025-budget"}, 0.92),
    ("服务中心2025年在职人数和巴州人社局2024年在职人数差多少",
     {"bayingol-hrss-bureau-2024-budget", "changji-hrss-center-2025-budget"}, 62),
])
def test_a_kind_named_side_of_a_comparison_is_compared(wild, question, docs, value):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == docs, a.answer
    assert a.value == pytest.approx(value), a.answer
