"""Scope: a year, unit or region the corpus lacks, or a question with no metric, gets no figure.

Every case runs the real answerer on the real corpus (index built once per session). The
must-answer half guards the legitimate neighbours of each refusal: short unit names,
typos of existing names, Chinese-numeral and full-width years, as-of-year-end dates,
follow-ups and years inside the corpus's own names.
"""

from __future__ import annotations

import pytest

from qa.answer import Session
from qa.answer.question import parse_question

CORPUS_YEARS = ("2022", "2023", "2024", "2025")


def _no_figure(a) -> None:
    assert a.status == "not_found", (a.status, a.answer)
    assert a.value is None and not a.citations, a.answer


# A year no document has, written in ways the year parser did not read as a year.
ABSENT_YEARS = [
    ("9999年服务中心三公经费是多少", "9999年"),
    ("0年服务中心三公经费是多少", "0年"),
    ("1900年服务中心三公经费是多少", "1900年"),
    ("-1年服务中心三公经费是多少", "-1年"),
    ("2025.5年服务中心三公经费是多少", "2025.5年"),
    ("100000000000000000000年服务中心三公经费", "100000000000000000000年"),
    ("1800年巴州人社局在职人数", "1800年"),
    ("2030年服务中心三公经费是多少", "2030年"),
    ("公元前100年三公经费", "100年"),
]


@pytest.mark.parametrize("question,asked", ABSENT_YEARS)
def test_absent_year_gets_no_figure_and_says_which_years_exist(answerer, question, asked):
    a = answerer.ask(question)
    _no_figure(a)
    assert asked in a.answer
    assert "现有年份" in a.answer and all(y in a.answer for y in CORPUS_YEARS), a.answer


@pytest.mark.parametrize("question", ["那9999年呢", "那1900年呢", "那2031年呢"])
def test_absent_year_in_a_follow_up(answerer, question):
    s = Session()
    assert answerer.ask("巴州人社局2024年三公经费是多少", s).status == "answered"
    _no_figure(answerer.ask(question, s))


@pytest.mark.parametrize("question,asked", [("那财政部呢", "没有财政部"), ("那成都人社局呢", "没有成都"),
                                            ("北京市的呢", "没有北京市")])
def test_absent_unit_in_a_follow_up(answerer, question, asked):
    s = Session()
    assert answerer.ask("巴州人社局2024年三公经费是多少", s).status == "answered"
    a = answerer.ask(question, s)
    _no_figure(a)
    assert asked in a.answer


# Digits alone name no metric ("2700" once matched the row "涉及2700人").
BARE_DIGITS = ["2700", "3774.79", "12345", "0", "42", "2024", "20240101", "１２３", " 2700 ", "6,459.22"]


@pytest.mark.parametrize("question", BARE_DIGITS)
def test_bare_digits_get_no_figure(answerer, question):
    _no_figure(answerer.ask(question))


# Units and regions no document is from: never another unit's figure, and the
# refusal names what was asked.
ABSENT_UNITS = [
    ("寿县司法局三公经费是多少", "寿县司法局"),
    ("北京市财政局三公经费是多少", "北京市"),
    ("昆明市人社局三公经费是多少", "昆明市"),
    ("某某县司法局2023年三公经费", "某某县司法局"),
    ("成都人社局2024年收支总预算", "成都"),
    ("深圳人社局三公经费是多少", "深圳"),
    ("财政部2024年三公经费", "财政部"),
    ("自治区人社厅三公经费", "人社厅"),
    ("杭州市西湖区财政局2024年一般公共预算支出", "杭州市西湖区"),
    ("巴州服务中心三公经费是多少", "巴音郭楞蒙古自治州"),
    ("伊犁州人社局2024年三公经费", "伊犁哈萨克自治州"),
    ("请问广州人社局2024年在职人数", "广州"),
    ("2023年人社部机关运行经费", "人社部"),
    ("2023年天津市街道办事处车辆数量", "天津市街道办事处"),
    ("请问昆明市第一中学2025年的机关运行经费", "昆明市第一中学"),
    ("海关总署2024年财政拨款收入", "海关总署"),
    ("联合国2025年三公经费", "联合国"),
    ("请问北京2024年三公经费", "北京"),
    ("中国人民银行2024年三公经费是多少", "中国人民银行"),
]


@pytest.mark.parametrize("question,asked", ABSENT_UNITS)
def test_absent_unit_gets_no_figure_and_names_it(answerer, question, asked):
    a = answerer.ask(question)
    _no_figure(a)
    assert asked in a.answer
    assert "现有单位" in a.answer, a.answer


@pytest.mark.parametrize("question,units", [
    ("2022年财政部机关运行经费", ["财政部"]),
    ("财政部的三公经费", ["财政部"]),
    ("成都人社局2024年收支总预算", ["成都"]),
    # Words ending in a unit suffix, and words before a department, that name no unit.
    ("在职干部人数", []),
    ("主管部门预算", []),
    ("组成部分", []),
    ("安排部署情况", []),
    ("工作部署的经费", []),
    ("国家税务总署2024年三公经费", ["国家税务总署"]),
    ("还有人社局呢", []),
    ("公务接待费比人社局多多少", []),
    ("2024年人社局三公经费", []),
])
def test_unit_shaped_names(question, units):
    assert parse_question(question).unknown_units == units


@pytest.mark.parametrize("question,years", [
    ("9999年服务中心", ["9999"]), ("2025.5年服务中心", ["2025.5"]), ("-1年", ["-1"]),
    ("满5年的人数", []), ("使用年限≥5年", []), ("3年以上", []), ("2024年服务中心", []),
])
def test_numbers_before_nian_are_years_unless_durations(question, years):
    assert parse_question(question).unknown_years == years


# No metric at all: nothing to look up, so no figure and no passage.
NO_METRIC = ["你好", "服务中心", "2024年", "巴州人社局", "！！！？？？", "abc", "巴州的呢", "服务中心2025年"]


@pytest.mark.parametrize("question", NO_METRIC)
def test_question_without_a_metric_gets_no_figure(answerer, question):
    _no_figure(answerer.ask(question))


# The legitimate neighbours of each refusal.
STILL_ANSWERED = [
    ("服务中心三公经费是多少", 2.28),
    ("2025年服务中心三公经费是多少", 2.28),
    ("二〇二五年服务中心三公经费是多少", 2.28),
    ("２０２５年服务中心三公经费是多少", 2.28),
    ("25年服务中心三公经费是多少", 2.28),
    ("巴州人社局2024年三公经费是多少", 19.0),
    ("巴州人设局2024年三公经费", 19.0),
    ("巴洲人社局2024年三公经费", 19.0),
    ("昌吉州人社局2023年三公经费决算是多少", 9.18),
    ("截至2023年底巴州人社局实有车辆多少辆", 6),
    ("2021年度博士后资助经费项目在站博士后人数", 28),
    ("自治州本级区内协作帮扶克州资金执行了多少", 41.68),
    ("请问服务中心2025年收支总预算是多少", 785.85),
    # A metric first, then the year: words the documents or the metric lexicon use.
    ("三公经费2024年是多少", 19.0),
    ("公车2024年有几辆", 6),
    ("博士后资助经费2023年全年执行数", None),
    ("昌吉州人社服务中心2025年收支总预算是多少？", 785.85),
]


@pytest.mark.parametrize("question,value", STILL_ANSWERED)
def test_legitimate_scope_is_still_answered(answerer, question, value):
    a = answerer.ask(question)
    assert a.status == "answered", a.answer
    if value is not None:
        assert a.value == pytest.approx(value)


@pytest.mark.parametrize("first,then,value", [
    ("昌吉州人社局2022年三公经费预算多少？", "那公务接待费呢？", 0.4),
    ("昌吉州人社局2023年三公经费决算是多少", "那2022年呢", 9.2),
])
def test_follow_up_without_a_metric_is_still_answered(answerer, first, then, value):
    s = Session()
    assert answerer.ask(first, s).status == "answered"
    a = answerer.ask(then, s)
    assert a.status == "answered", a.answer
    assert a.value == pytest.approx(value)


# --------------------------------------------------------------- many issuers (wild documents)
# A unit no lexicon knows keeps only its own documents: never another unit's figure.
@pytest.mark.parametrize("question,own", [
    ("大英县司法局三公经费是多少", "daying-justice-2023-project-perf-selfeval"),
    ("大英县司法局2023年项目支出绩效自评得分", "daying-justice-2023-project-perf-selfeval"),
    ("碌曲县公安局2020年一般公共预算支出", "luqu-psb-2020-final"),
    ("丰都县公安局2021年一般公共预算支出", "fengdu-psb-2021-final"),
    ("重庆市丰都县公安局2021年一般公共预算财政拨款支出", "fengdu-psb-2021-final"),
])
def test_a_named_unit_is_answered_from_its_own_documents_only(wild_answerer, question, own):
    a = wild_answerer.ask(question)
    assert {c.doc for c in a.citations} <= {own}, (a.answer, [c.doc for c in a.citations])
    assert set(a.candidates) <= {own}


@pytest.mark.parametrize("question,value", [
    ("广东财政厅三公经费", 62.07),  # a short form of 广东省财政厅
    ("广东省财政厅2023年三公经费决算", 62.07),  # a 三公 final-accounts disclosure is a 决算
    ("合肥市图书馆2021年三公经费", 1.75),
    ("凉山州2022年三公经费", 8237.23),
    ("服务中心2025年三公经费是多少", 2.28),
])
def test_units_of_a_larger_corpus_are_answered(wild_answerer, question, value):
    a = wild_answerer.ask(question)
    assert a.status == "answered", a.answer
    assert a.value == pytest.approx(value)


@pytest.mark.parametrize("question,asked", [
    ("合肥市财政局2021年三公经费", "合肥市财政局"),
    ("岳阳市教育局2022年三公经费", "岳阳市教育局"),
    ("寿县司法局三公经费是多少", "寿县司法局"),
])
def test_absent_units_of_a_larger_corpus_get_no_figure(wild_answerer, question, asked):
    a = wild_answerer.ask(question)
    _no_figure(a)
    assert asked in a.answer


# A refusal names what was asked in the order a name is written: place, unit, year, kind,
# whatever order the question used, and says 公开 once.
@pytest.mark.parametrize("question,asked", [
    ("2024年北京市人力资源和社会保障局的预算收入是多少", "没有北京市人力资源和社会保障局2024年部门预算的公开文件"),
    ("2023年昆明市财政局的决算支出是多少", "没有昆明市财政局2023年部门决算的公开文件"),
])
def test_refusal_names_the_asked_scope_in_natural_order(answerer, question, asked):
    a = answerer.ask(question)
    assert a.status == "not_found" and a.value is None
    assert asked in a.answer, a.answer


# Any place of China the corpus has no document from is refused by name, written as a full
# name or a province's or city's short form where a name starts; a place's short form inside
# other words (中卫 in "…支出中卫生健康支出") names nothing.
@pytest.mark.parametrize("question,asked", [
    ("2024年北京一般公共预算支出多少", "没有北京"),
    ("2025年上海公务接待费多少", "没有上海"),
    ("昆明人社局2024年三公经费是多少", "没有昆明"),
    ("2023年凉山彝族自治州三公经费是多少", "没有凉山彝族自治州"),
])
def test_a_place_no_document_is_from_is_refused(answerer, question, asked):
    a = answerer.ask(question)
    assert a.status == "not_found" and a.value is None and asked in a.answer, a.answer


def test_a_place_name_inside_other_words_names_nothing(answerer):
    a = answerer.ask("2023年一般公共预算财政拨款支出中卫生健康支出多少")
    assert a.status == "answered" and a.value == pytest.approx(61.69), a.answer
