"""Question understanding and the grounding check: fast tests, no index needed."""

from __future__ import annotations

from qa.answer.compose import canonical_number, grounded, numbers
from qa.answer.question import normalize, parse_question
from qa.answer.resolve import Catalog, DocInfo, Scope
from qa.types import Citation

DOCS = [
    DocInfo("changji-hrss-bureau-2022-budget", "昌吉回族自治州人力资源和社会保障局2022年部门预算公开",
            "昌吉回族自治州人力资源和社会保障局", "昌吉回族自治州", 2022, "budget"),
    DocInfo("changji-hrss-bureau-2023-final-accounts", "昌吉回族自治州人力资源和社会保障局2023年度部门决算公开",
            "昌吉回族自治州人力资源和社会保障局", "昌吉回族自治州", 2023, "final_accounts"),
    DocInfo("changji-hrss-center-2025-budget", "昌吉回族自治州人力资源和社会保障服务中心2025年部门预算公开",
            "昌吉回族自治州人力资源和社会保障服务中心", "昌吉回族自治州", 2025, "budget"),
    DocInfo("bayingol-hrss-bureau-2024-budget", "巴音郭楞蒙古自治州人力资源和社会保障局2024年单位预算公开",
            "巴音郭楞蒙古自治州人力资源和社会保障局", "巴音郭楞蒙古自治州", 2024, "budget"),
]


def test_normalize_full_width_traditional_and_numeral_years():
    assert normalize("２０２５年三公經費") == "2025年三公经费"
    assert normalize("二〇二五年") == "2025年"
    assert "“" not in normalize("“三公”经费")


def test_issuer_aliases_and_years():
    q = parse_question("昌吉州人社服务中心25年公务接待费是多少？")
    assert q.regions == ["昌吉回族自治州"]
    assert q.orgs == ["人力资源和社会保障服务中心"]
    assert q.years == [2025]
    q = parse_question("巴州人社局2024年的三公经费")
    assert q.regions == ["巴音郭楞蒙古自治州"] and q.orgs == ["人力资源和社会保障局"]


def test_relative_years_and_comparison_base():
    q = parse_question("去年的三公经费是多少")
    assert q.year_offsets == [("newest", -1)]
    # "比上年" is the base of a change, not the year asked about.
    q = parse_question("2025年基本支出比上年减少多少")
    assert q.years == [2025] and q.year_offsets == []
    assert "change" in q.intents
    # "上年结转结余" is a metric name.
    assert parse_question("上年结转结余是多少").year_offsets == []


def test_intents():
    assert "definition" in parse_question("什么是三公经费").intents
    assert "definition" in parse_question("基本支出是指什么").intents
    reason = parse_question("公务用车运行费为什么减少了").intents
    assert "reason" in reason and "definition" not in reason
    assert "definition" not in parse_question("减少的原因是什么").intents
    assert "compare" in parse_question("2022年和2023年三公经费相比").intents
    assert "breakdown" in parse_question("三公经费分别是多少").intents
    assert "count" in parse_question("在职人员多少人").intents
    assert "list" in parse_question("下设哪些科室").intents


def test_doc_type_ignores_budget_words_in_names():
    assert parse_question("一般公共预算是多少").doc_type is None
    assert parse_question("2023年决算中的三公经费").doc_type == "final_accounts"
    assert parse_question("2022年部门预算").doc_type == "budget"


def test_unknown_units_are_detected():
    assert parse_question("昌吉州发改委2023年预算").unknown_units == ["发改委"]
    assert parse_question("委托业务费是多少").unknown_units == []
    # 服务中心 is a kind of unit (it ends many units' names), not an unknown unit's name.
    q = parse_question("服务中心的公务接待费")
    assert [k for *_, k in q.kind_spans] == ["服务中心"] and q.orgs == []


def test_places_outside_the_lexicon_are_unknown_units():
    # Regression: "北京市海淀区…三公经费" was answered with 昌吉州's 2.28 万元.
    assert parse_question("北京市海淀区2025年“三公”经费预算是多少？").unknown_units == ["北京市海淀区"]
    assert parse_question("请问甘孜州的三公经费").unknown_units == ["甘孜州"]
    # Metric words ending in a place suffix, and province words, are not places.
    assert parse_question("城乡社区支出是多少").unknown_units == []
    assert parse_question("新疆维吾尔自治区2025年人社局三公经费").unknown_units == []


def test_catalog_select_and_describe():
    cat = Catalog(DOCS)
    assert cat.newest_year == 2025
    both = cat.select(Scope(regions=["昌吉回族自治州"], orgs=["人力资源和社会保障局"]))
    assert [d.year for d in both] == [2022, 2023]
    assert cat.select(Scope(orgs=["人力资源和社会保障服务中心"]))[0].year == 2025
    assert cat.select(Scope(regions=["伊犁哈萨克自治州"])) == []
    # 预算 of a unit-year with final accounts only: they state the 预算数 column. 决算 of a
    # budget-only year stays strict.
    assert [d.doc_type for d in cat.select(Scope(orgs=["人力资源和社会保障局"], years=[2023], doc_type="budget"))] \
        == ["final_accounts"]
    assert cat.select(Scope(orgs=["人力资源和社会保障局"], years=[2022], doc_type="final_accounts")) == []
    assert "伊犁哈萨克自治州" in cat.describe(Scope(regions=["伊犁哈萨克自治州"], years=[2024]))
    assert [d.year for d in cat.nearest(Scope(orgs=["人力资源和社会保障服务中心"], years=[2023]))] == [2025]


def test_grounding_check():
    c = Citation("d", "s", None, 1, 1, "三公经费数为2.28万元，其中公务接待费0.08万元", "某单位2025年部门预算")
    assert numbers("1,583.14万元，增长2.00%") == {"1583.14", "2"}
    assert canonical_number("10.00") == "10"
    assert grounded("2025年三公经费为2.28万元。", [c])
    assert not grounded("三公经费为3.28万元。", [c])
    assert grounded("相差2.2万元。", [c], derived={"2.2"})


def test_comparison_sides():
    from qa.answer.derive import targets

    sides = targets(parse_question("巴州人社局2024年三公经费比昌吉州人社服务中心2025年多多少"))
    assert [(s.regions, s.orgs, s.years) for s in sides] == [
        (["巴音郭楞蒙古自治州"], ["人力资源和社会保障局"], [2024]),
        (["昌吉回族自治州"], ["人力资源和社会保障服务中心"], [2025]),
    ]
    # A side that names no unit borrows the one named before it.
    sides = targets(parse_question("昌吉州人社局住房公积金2022年预算和2023年决算差多少"))
    assert [(s.orgs, s.years) for s in sides] == [(["人力资源和社会保障局"], [2022]), (["人力资源和社会保障局"], [2023])]
    assert "预算" in sides[0].text and "决算" in sides[1].text
    assert targets(parse_question("服务中心2025年三公经费是多少")) == []


def test_difference_keeps_the_operands_precision():
    from qa.answer.derive import compare
    from qa.types import Fact

    def fact(value, raw):
        return Fact("d", 2022, "i", "r", "budget", "三公经费", value, "万元", "text", 1, 1, raw, raw=raw)

    result = compare(fact(9.18, "9.18"), fact(9.2, "9.2"), "2023年决算", "2022年预算", "三公经费")
    assert "少0.02万元" in result.text and result.value == 0.02
    assert result.derived >= {"0.02"}


def test_a_leading_year_is_not_a_classification_code():
    from qa.answer.lookup import clean_label

    assert clean_label("2024年人事考试及初任培训项目") == "2024年人事考试及初任培训项目"
    assert clean_label("2080101 行政运行") == "行政运行"
    assert clean_label("30201 办公费") == "办公费"


def test_a_text_with_two_questions_is_split_into_clauses():
    from qa.answer.question import clauses

    assert clauses("昌吉州人社局2023年三公经费决算多少？比上年增加多少？") == [
        "昌吉州人社局2023年三公经费决算多少？", "比上年增加多少？"]
    assert clauses("行政运行支出决算数是多少，为啥减少了") == ["行政运行支出决算数是多少，", "为啥减少了"]
    # A part with no question word of its own stays with its neighbour.
    assert clauses("请问，服务中心三公经费是多少") == ["请问，服务中心三公经费是多少"]
    assert clauses("巴州和昌吉州的三公经费，哪个多") == ["巴州和昌吉州的三公经费，哪个多"]
    assert clauses("1,583.14万元是什么") == ["1,583.14万元是什么"]


def test_everyday_wording_is_replaced_unless_already_the_documents():
    assert parse_question("其中货物类多少").text == "其中货物多少"
    assert parse_question("巴州人社局公车值多少钱").text == "巴州人社局公车价值多少"
    assert parse_question("车辆价值多少").text == "车辆价值多少"


def test_as_of_the_end_of_a_year_is_stated_by_the_next_years_budget_too():
    assert parse_question("截至2021年底房屋面积多少").years == [2021, 2022]
    assert parse_question("截至2023年12月31日车辆多少辆").years == [2023, 2024]
    assert parse_question("2021年房屋面积").years == [2021]


def test_a_pasted_list_is_not_split_into_many_questions():
    from qa.answer.question import MAX_CLAUSES, clauses

    assert len(clauses("三公经费是多少，" * 2000)) == 1
    assert len(clauses("多少，" * (MAX_CLAUSES + 1))) == 1
