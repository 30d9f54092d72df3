"""Scope over disclosures from all of China: which documents a question is about.

The index holds the seed corpus plus the wild disclosures of ../shared/wild (skipped when
absent). The questions are our own phrasings over wild documents, one or more per class:
a unit written with its places or a short name selects its own document; 预算 asked of
a unit whose documents are final accounts finds their 预算数 column, 决算 of a budget-only
unit is not_found naming what exists; a place alone selects the documents from it; two
units compared get both sides cited; a name no document has gets no figure.
"""

from __future__ import annotations

import re

import pytest

from qa.answer.resolve import Catalog, Scope


@pytest.fixture(scope="module")
def wild(wild_answerer):
    return wild_answerer


def _cited(a) -> set[str]:
    return {c.doc for c in a.citations}


# A unit named with the places above it, a short form, or only its lowest place.
OWN_DOCUMENT = [
    ("上犹寺下镇2022年在职人员多少人", "shangyou-sixia-town-2022-budget"),
    ("寺下镇2022年一般公共预算拨款收入多少", "shangyou-sixia-town-2022-budget"),
    ("甘南碌曲县公安局2020年支出总计", "luqu-psb-2020-final"),
    ("丰都县公安局2021年收入总计", "fengdu-psb-2021-final"),
    ("罗湖清水河街道2024年公务接待费", "luohu-qingshuihe-street-2024-sangong-final"),
    ("凉山2022年公务接待费", "liangshan-prefecture-2022-sangong-final"),
    ("凉山彝族自治州2022年三公经费决算", "liangshan-prefecture-2022-sangong-final"),
    ("衢州衢江区2016年三公经费决算", "qujiang-district-2016-sangong-final"),
]


@pytest.mark.parametrize("question,doc", OWN_DOCUMENT)
def test_a_named_unit_or_place_selects_its_own_document(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered", (a.status, a.answer)
    assert _cited(a) == {doc}, a.citations


def test_place_forms_come_from_the_build(wild_index):
    """The manifest carries each document's region path and its places' short forms."""
    from qa.build import read_manifest
    from qa.indexdir import resolve

    cat = Catalog.from_manifest(read_manifest(resolve(wild_index)))
    for name in ("凉山", "凉山州", "凉山彝族自治州", "四川凉山州"):
        assert [d.doc_id for d in cat.select(Scope(unknown_units=[name]))] == \
            ["liangshan-prefecture-2022-sangong-final"], name
    # A county and the prefecture above it: 红河州 is the prefecture's own (the data centre's),
    # not the county's under it; 红河 is both their short forms.
    assert {d.doc_id for d in cat.select(Scope(unknown_units=["红河州"]))} == {"honghe-data-center-2024-perf-selfeval"}
    assert {d.doc_id for d in cat.select(Scope(unknown_units=["红河"]))} == {
        "honghe-data-center-2024-perf-selfeval", "honghe-county-2021-sangong-final"}
    # A name going on past a known place is another unit, never that place's documents.
    assert cat.select(Scope(unknown_units=["合肥市博物馆"])) == []


# 预算 asked of a unit whose only documents are final accounts: their budget column.
BUDGET_OF_FINAL = [
    ("合肥市图书馆因公出国费预算数", "hefei-library-2021-sangong-final"),
    ("上海市闵行区教育局2020年公务接待费预算数", "minhang-edu-2020-sangong-final"),
]


@pytest.mark.parametrize("question,doc", BUDGET_OF_FINAL)
def test_budget_asked_of_a_final_accounts_unit(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered", (a.status, a.answer)
    assert _cited(a) == {doc}


@pytest.mark.parametrize("question,unit,existing", [
    ("游仙区政府办2022年三公经费决算", "游仙区政府办2022年", "游仙区政府办财政拨款“三公”经费2022年预算情况的说明"),
    ("寺下镇2022年决算支出总计", "寺下镇2022年", "上犹县寺下镇人民政府2022年部门预算"),
])
def test_final_accounts_of_a_budget_only_unit_names_what_exists(wild, question, unit, existing):
    a = wild.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer
    assert unit in a.answer and existing in a.answer, a.answer


@pytest.mark.parametrize("question,asked", [
    ("北京市密云区人民法院2024年收入总计", "没有北京市密云区人民法院2024年"),
    ("上海市闵行区财政局2020年三公经费", "没有上海市闵行区财政局2020年"),
    ("广东省教育厅2023年三公经费决算", "没有广东省教育厅2023年"),
])
def test_a_unit_or_year_no_document_has_gets_no_figure(wild, question, asked):
    a = wild.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer
    assert asked in a.answer, a.answer


def test_a_year_before_the_units_report_comes_from_the_report_that_states_it(wild):
    a = wild.ask("碌曲县公安局2020年收入比2019年增加多少")
    assert a.status == "answered" and _cited(a) == {"luqu-psb-2020-final"}, a.answer
    # The year is stated nowhere in the unit's documents: no figure.
    b = wild.ask("六安市工商业联合会2019年三公经费决算")
    assert b.status == "not_found" and not b.citations, b.answer


@pytest.mark.parametrize("question,docs", [
    ("三门县公安局和丰都县公安局收入总计差多少", {"sanmen-psb-2020-final", "fengdu-psb-2021-final"}),
    ("合肥市图书馆和六安市工商联2021年公务接待费相差多少",
     {"hefei-library-2021-sangong-final", "luan-federation-2021-sangong-final"}),
])
def test_two_units_compared_are_both_cited(wild, question, docs):
    a = wild.ask(question)
    assert a.status == "answered", a.answer
    assert _cited(a) == docs


def test_a_question_naming_nothing_that_fits_several_documents_is_ambiguous(wild):
    a = wild.ask("2024年三公经费预算是多少")
    assert a.status == "ambiguous", a.answer
    assert "2024年三公经费预算公开" in a.answer  # the document naming no unit is one candidate


def test_a_named_unit_never_gets_an_unnamed_documents_figure(wild):
    # fuling-town-2024-sangong-budget names no unit ("我镇"); a named town is another one.
    a = wild.ask("明达镇2024年三公经费预算是多少")
    assert "fuling-town-2024-sangong-budget" not in _cited(a), a.answer


def test_retrieval_reads_the_index_own_units_and_never_sinks_an_unnamed_document(wild_index):
    from qa.retrieval import Searcher

    s = Searcher.load(wild_index)
    # Units and places of the index's own documents, not only the lexicon's (Xinjiang) regions.
    assert s._named_unit("碌曲县公安局2020年基本支出") == "碌曲县公安局"
    assert s._named_unit("清水河街道2024年三公经费") == "清水河街道"
    assert s._named_unit("2024年三公经费") is None
    # Documents naming no unit ("本部门") stay in the top 5 when the boost favours another
    # unit: they may be the one asked for (before: pushed out of the top 5).
    for query, unit, doc in [("三公经费预算安排了多少", "游仙区政府办", "unnamed-kpsgaj-2022-sangong-budget"),
                             ("公务接待费为什么超过年初预算", "宣州区审计局", "hlx-unit-2018-sangong-final")]:
        hits = [h.chunk.doc_id for h in s.search(query, k=5, boost_issuer=unit)]
        assert doc in hits, (query, hits)


# A unit written as the documents write it ("凉山州州本级", "红河县本级") is a phrase the corpus
# quotes; it still names the unit inside it, so neither side of a comparison leaves that unit.
@pytest.mark.parametrize("question,own", [
    ("凉山州州本级2022年三公经费比2021年增长多少", "liangshan-prefecture-2022-sangong-final"),
    ("凉山州州本级2022年公务接待费是多少", "liangshan-prefecture-2022-sangong-final"),
    ("红河县本级2021年三公经费比2020年减少多少", "honghe-county-2021-sangong-final"),
])
def test_a_quoted_unit_phrase_keeps_its_unit(wild, question, own):
    a = wild.ask(question)
    assert _cited(a) <= {own}, (a.answer, a.citations)


# A kind of unit named without a name ("保健院", "镇里", "我院", "政协"): the documents of that
# kind, by their issuer or, when they name none, by their own text ("我镇…", "…保健院住院楼").
@pytest.mark.parametrize("question,doc", [
    ("保健院2020年项目支出是多少", "daying-mch-2020-final"),
    ("我镇2024年公务用车运行维护费预算多少", "fuling-town-2024-sangong-budget"),
    ("镇里2024年三公经费预算是多少", "fuling-town-2024-sangong-budget"),
    ("2024年镇里公务接待费预算是多少", "fuling-town-2024-sangong-budget"),
    ("医院2021年收入总计是多少", "zhenhai-longsai-hospital-2021-final"),
    ("街道2024年公务接待费是多少", "luohu-qingshuihe-street-2024-sangong-final"),
    ("政协2021年收入总计是多少", "zhongxian-cppcc-2021-final"),
])
def test_a_kind_of_unit_selects_the_documents_of_that_kind(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered", a.answer
    assert _cited(a) == {doc}, a.citations


@pytest.mark.parametrize("kind,docs", [
    ("镇", {"ningxiang-batang-town-2021-project-perf-targets", "shangyou-sixia-town-2022-budget",
           "tangxi-town-2022-project-perf-selfeval", "fuling-town-2024-sangong-budget"}),
    ("政协", {"beita-cppcc-2017-budget", "zhongxian-cppcc-2021-final"}),
])
def test_a_kind_never_selects_another_kind_of_unit(wild_index, wild, kind, docs):
    # 镇海龙赛医院 has 镇 in its name, not as its kind; 巴州人社局's text says nothing of a town.
    assert {d.doc_id for d in wild.catalog.select(Scope(unknown_units=[kind]))} == docs


@pytest.mark.parametrize("question", ["幼儿园2024年收入总计", "检察院2020年收入总计", "我镇2019年公务接待费"])
def test_a_kind_without_a_document_of_the_year_gets_no_figure(wild, question):
    a = wild.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer


@pytest.mark.parametrize("question,self_ref", [
    ("本部门2022年公务用车运行维护费预算多少", "本部门"),
    ("天府旅游名县创建完成后，我们单位2022年收入总计比2021年少了多少", "我们单位"),
    ("我们市直单位2019年机关运行经费安排了多少", "我们市直单位"),
])
def test_a_self_reference_stands_for_the_askers_own_unit(question, self_ref):
    from qa.answer.question import parse_question
    from qa.answer.unit_kinds import own

    q = parse_question(question)
    assert q.unknown_units == [own()] and [q.text[s:e] for s, e, _k in q.kind_spans] == [self_ref]
    assert self_ref not in q.residue


# "本部门…" is the document that speaks so and names no unit (unnamed-kpsgaj, hlx-unit), never
# a named unit's; with none of the asked year, the question names no unit.
@pytest.mark.parametrize("question,doc", [
    ("本部门2022年公务用车购置费预算多少", "unnamed-kpsgaj-2022-sangong-budget"),
    ("2022年本部门三公经费预算是多少？比上年减少多少", "unnamed-kpsgaj-2022-sangong-budget"),
    ("2018年本部门公务接待费是多少", "hlx-unit-2018-sangong-final"),
])
def test_a_self_reference_selects_the_unnamed_document_speaking_so(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, (a.answer, a.citations)


def test_a_self_reference_no_unnamed_document_of_the_year_has_names_no_unit(wild):
    a = wild.ask("本部门2024年三公经费预算是多少")
    assert a.status != "not_found", a.answer
    assert all(wild.catalog.get(d).year == 2024 for d in _cited(a)), a.citations


@pytest.mark.parametrize("question", ["2018年本部门三公经费比2017年少了多少", "我们单位2022年收入总计比2021年少了多少"])
def test_years_compared_without_a_unit_stay_within_one_unit(wild, question):
    from qa.answer.resolve import unit_of

    a = wild.ask(question)
    assert len({unit_of(wild.catalog.get(d)) for d in _cited(a)}) <= 1, (a.answer, a.citations)


@pytest.mark.parametrize("question", ["忠县政协2021年度收入总计多少", "政协忠县委员会办公室2021年支出总计多少"])
def test_an_inverted_name_is_the_documents_issuer(wild, question):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"zhongxian-cppcc-2021-final"}, a.answer


def test_inverted_names_are_read_where_they_open_a_statement():
    from qa.ingest.issuer import from_inverted_name, place_text

    named = from_inverted_name("中国人民政治协商会议岳阳市委员会是全市人民爱国统一战线组织。")
    assert named is not None and named.name == "中国人民政治协商会议岳阳市委员会"
    assert place_text(named.name).startswith("岳阳市")
    assert from_inverted_name("报送政协忠县委员会办公室、县委办公室审议。") is None


@pytest.mark.parametrize("question,near", [
    ("寿县司法局三公经费是多少", "大英县司法局"),    # same kind of unit
    ("忠县财政局2021年收入总计", "政协忠县委员会办公室"),  # same place
])
def test_a_refusal_names_the_nearest_units_and_counts_the_rest(wild, question, near):
    a = wild.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer
    units = a.answer.split("现有单位：")[1].split("；")[0]
    assert units.startswith(near) and units.endswith("个"), units
    assert "现有的公开文件是" not in a.answer and len(a.answer) < 200, a.answer


# A document naming no unit speaks as one ("我中心…本园区", under 益阳市赫山区财政局's notice):
# a name of its place, its words and that kind selects it; a unit it quotes whole does not.
def test_a_unit_an_unnamed_document_speaks_as_selects_it(wild):
    a = wild.ask("赫山区园区中心2022年工资福利支出多少")
    assert a.status == "answered" and _cited(a) == {"heshan-unit-2022-perf-selfeval"}, a.answer
    b = wild.ask("赫山区财政局2022年一般公共预算收入")  # quoted by that document; not 西夏区财政局 either
    assert b.status == "not_found" and not b.citations, b.answer


def test_speaking_as_a_unit_needs_its_place_words_and_kind():
    from qa.answer.question import normalize
    from qa.answer.resolve import DocInfo

    text = normalize("根据岳阳县财政局的通知，我中心负责全县农机推广工作，现将绩效自评情况报告如下。")
    cat = Catalog([DocInfo("unnamed", "", "", "", 2022, "performance_self_evaluation")], {"unnamed": text})
    assert [d.doc_id for d in cat.select(Scope(unknown_units=["岳阳县农机推广中心"]))] == ["unnamed"]
    for other in ("岳阳县财政局", "岳阳县水利中心", "平江县农机推广中心"):
        assert cat.select(Scope(unknown_units=[other])) == [], other


@pytest.mark.parametrize("question,doc", [
    ("三门县公按局2020年收入总计多少", "sanmen-psb-2020-final"),          # same sound (按/安)
    ("合肥市图书管2021年公务接待费", "hefei-library-2021-sangong-final"),  # same sound (管/馆)
    ("碌曲县公安局2020年收人总计", "luqu-psb-2020-final"),                # look-alike in the metric (人/入)
])
def test_a_slip_in_a_name_is_read_as_the_name(wild, question, doc):
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer


def test_a_different_unit_is_no_slip(wild):
    # 体育局 and 教育局 differ by one character that neither sounds nor looks alike.
    a = wild.ask("闵行区体育局2020年公务接待费")
    assert a.status == "not_found" and not a.citations, a.answer


@pytest.mark.parametrize("text,read", [("收人总计多少", "收入总计多少"), ("在职人数", "在职人数"), ("人社局收入", "人社局收入")])
def test_look_alike_slips_are_mended_only_into_metric_words(text, read):
    from qa.answer.question import parse_question

    assert parse_question(text).text == read


@pytest.mark.parametrize("unit,doc", [
    ("大英县司法局", "daying-justice-2023-project-perf-selfeval"),
    ("红河州数据发展中心", "honghe-data-center-2024-perf-selfeval"),
])
def test_final_figures_of_a_self_evaluating_unit_are_in_its_self_evaluation(wild, unit, doc):
    # 决算/执行率 asked of a unit whose only document is a self-evaluation: its 执行数 columns.
    assert [d.doc_id for d in wild.catalog.select(Scope(unknown_units=[unit], doc_type="final_accounts"))] == [doc]


@pytest.mark.parametrize("question", ["量子计算机采购经费是多少", "火星基地的预算是多少"])
def test_a_refusal_over_the_whole_corpus_names_a_few_documents_and_counts_them(wild, question):
    a = wild.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer
    assert re.search(r"等\d+份", a.answer) and len(a.answer) < 300, a.answer


# A figure the question quotes names the document stating it (unnamed-kpsgaj's 502.4万元,
# daying-unit's 4143.91万元), and is no metric word; a figure stated nowhere narrows nothing.
def test_a_quoted_figure_selects_the_document_stating_it(wild):
    a = wild.ask("三公经费预算502.4万元，比上年减少了多少")
    assert a.status == "answered" and _cited(a) == {"unnamed-kpsgaj-2022-sangong-budget"}, a.answer
    cat = wild.catalog
    assert [d.doc_id for d in cat.select(Scope(years=[2022], figures=["4143.91"]))] == ["daying-unit-2022-final"]
    assert [d.doc_id for d in cat.select(Scope(years=[2021], figures=["29,398.34".replace(",", "")]))] == [
        "zhenhai-longsai-hospital-2021-final"]
    assert cat.select(Scope(years=[2022], figures=["9876.54"])) == cat.select(Scope(years=[2022]))


def test_a_quoted_figure_is_no_metric_word():
    from qa.answer.question import parse_question, quoted_figures

    q = parse_question("2022年度单位决算支出总计4,143.91万元，比上年下降了百分之多少")
    assert quoted_figures(q.text) == ("4143.91",) and "4143" not in q.residue and "万元" not in q.residue
    assert quoted_figures("公务接待费0.4万元是多少") == ()  # too short to name a document


# A document naming no unit can be asked about only by its content: a phrase of the question
# that it alone has selects it ("天府旅游名县创建…" daying-unit, "…未能在系统中改变" fuling);
# a named unit's document is asked for by name, so its wording selects nothing.
@pytest.mark.parametrize("question,years,doc", [
    ("天府旅游名县创建完成后，2022年单位决算收入总计是多少", [2022], "daying-unit-2022-final"),
    ("公务用车预算编制修改后未能在系统中改变，是哪年的三公预算", [], "fuling-town-2024-sangong-budget"),
])
def test_a_phrase_only_an_unnamed_document_has_selects_it(wild, question, years, doc):
    from qa.answer.question import parse_question

    words = parse_question(question).residue
    assert [d.doc_id for d in wild.catalog.select(Scope(years=years, words=words))] == [doc]


def test_a_named_documents_own_wording_selects_nothing(wild):
    from qa.answer.question import parse_question

    words = parse_question("行政运行支出是多少").residue  # worded so by 巴州人社局 2024 alone
    assert len(wild.catalog.select(Scope(words=words))) > 1
