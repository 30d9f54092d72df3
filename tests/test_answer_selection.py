"""Which of several facts named alike a question selects (qa/answer/lookup.py), by hard filters
and declared preferences:

- a table whose columns are years (2020年完成数 beside 2021年完成数): the year the question
  names picks the column, and a total row's cell under such a column is the total's figure
  (a column naming a year is a period, not a part);
- a subtotal (税收收入小计) answers to the name of what it sums (税收收入);
- the way a name is found (whole, part, sound, shared bigrams) that accounts for most of the
  question counts, not the first that finds any (a region word is part of a title, the row
  label shares most);
- an account named in the question (一般公共预算收入) names no period: 预算 inside it does not
  ask the budget column;
- a remark in brackets quoting a figure ("(比上年减少14.6万元那个)") says which item is meant:
  its words ask no change;
- a project table's 总额 row is the project's own figure, named by the project without its
  classification code (51092324T000010263357-2023年全县…项目);
- a joint word names two figures at once (收支总计: 收入总计 and 支出总计, asked.json names joint);
  收支 alone is the whole of them (收支总计);
- a project form's total row (年度资金总额) printed 0 where a part of it states a non-zero amount
  is a form left unfilled (a total is the sum of its parts): not the project's figure; a sole
  non-zero part is;
- a question asking what something includes (包括哪些内容) is not answered by its amount: the
  fact kind leaves definition questions to the passages (answer_kinds.json);
- words of the question no name accounts for break ties where the fact's own clause says them
  (区直 of "2022年区直财政拨款资金安排“三公”经费决算数为736.40万元" beside the district's total;
  traditional characters read as simplified);
- a question naming one of two opposites (支出, not 收入) asks no figure whose names say only the
  other (asked.json names opposites).

First run (before the fixes): the 2020 column for every 2021 question, the subtotal for the
total, not_found for 税收收入, the budget column for 完成多少; the change (14.6万元) for the
level; not_found for every question on the daying project; not_found for 收支总计; 0万元 for tangxi's project; the project's amount for 包括哪些内容; the
revenue table's total for 一般公共预算支出完成数.
"""

from __future__ import annotations

import pytest

from qa.answer.lookup import _Asking, _entries, _not_opposite, _unfilled_totals, clean_label
from qa.answer.question import parse_question
from qa.types import Fact
from tests.answer_checks import assert_figure

XIXIA = "xixia-district-2022-budget-tables"


def _figure(a, value: float, unit: str, doc: str) -> None:
    assert_figure(a, value, doc, unit)


@pytest.mark.parametrize("question,periods", [
    ("2023年一般公共预算财政拨款支出多少", []),
    ("政府性基金预算收入完成多少", ["实际完成值"]),
    ("2023年一般公共预算支出预算数", ["预算数"]),
    ("2022年部门预算中的培训费", ["预算数"]),
])
def test_an_account_named_is_no_period(question, periods):
    assert parse_question(question).periods == periods


@pytest.mark.parametrize("question,value", [
    ("西夏区2021年增值税完成数", 17585.0),
    ("西夏区2020年增值税完成数是多少", 13950.0),
    ("西夏区2021年企业所得税完成多少", 850.0),
    ("西夏区2020年企业所得税完成了多少", 564.0),
    ("西夏区2021年一般公共预算收入预计完成多少", 51385.0),
    ("西夏区2020年一般公共预算收入完成数", 49171.0),
    ("西夏区2021年税收收入完成多少", 33385.0),
    ("西夏区2020年税收收入完成数", 27631.0),
])
def test_the_asked_year_picks_the_column(wild_answerer, question, value):
    _figure(wild_answerer.ask(question), value, "万元", XIXIA)


@pytest.mark.parametrize("question,intents", [
    ("2022年本部门三公经费安排了多少（比上年减少14.6万元那个）", set()),
    ("机关运行经费是多少(比上年增加3.2万元的那笔)", set()),
    ("2022年三公经费比上年减少多少", {"change"}),
    ("2022年三公经费（本部门）比上年减少多少", {"change"}),
])
def test_a_remark_quoting_a_figure_asks_nothing(question, intents):
    assert parse_question(question).intents == intents


def test_a_remark_quoting_a_figure_identifies_the_level(wild_answerer):
    a = wild_answerer.ask("2022年本部门三公经费安排了多少（比上年减少14.6万元那个）")
    _figure(a, 502.4, "万元", "unnamed-kpsgaj-2022-sangong-budget")


@pytest.mark.parametrize("label,clean", [
    ("51092324T000010263357-2023年全县安可替代补助资金项目", "2023年全县安可替代补助资金项目"),
    ("2050199 其他行政运行", "其他行政运行"),
    ("2023年度博士后资助经费", "2023年度博士后资助经费"),
])
def test_a_project_code_is_no_name(label, clean):
    assert clean_label(label) == clean


@pytest.mark.parametrize("question,value,unit", [
    ("大英县司法局2023年安可替代补助资金项目调整后预算是多少？", 3.36, "万元"),
    ("大英县司法局安可替代补助资金项目年初预算", 0.0, "万元"),
    ("2023年全县安可替代补助资金项目预算执行率多少？(大英县司法局)", 100.0, "%"),
])
def test_a_project_total_row_named_by_its_project(wild_answerer, question, value, unit):
    _figure(wild_answerer.ask(question), value, unit, "daying-justice-2023-project-perf-selfeval")


@pytest.mark.parametrize("question,value,doc", [
    ("龙赛医院2021年收支总计比2020年少了多少", 15894.34, "zhenhai-longsai-hospital-2021-final"),
    ("龙赛医院2021年收支总计是多少", 29398.34, "zhenhai-longsai-hospital-2021-final"),
])
def test_a_joint_word_names_both_figures(wild_answerer, question, value, doc):
    _figure(wild_answerer.ask(question), value, "万元", doc)


def test_a_joint_word_names_both_figures_on_the_seed(answerer):
    a = answerer.ask("昌吉州人社局2023年财政拨款收支总计是多少")
    _figure(a, 2638.26, "万元", "changji-hrss-bureau-2023-final-accounts")


@pytest.mark.parametrize("question,value", [
    ("池州贵池区棠溪镇委托业务项目全年执行数", 89.974),
    ("棠溪镇委托业务项目年初预算数是多少", 90.0),
    ("贵池区棠溪镇委托业务项目2022年实际完成多少资金?", 89.974),
])
def test_a_total_printed_zero_beside_its_parts_is_unfilled(wild_answerer, question, value):
    _figure(wild_answerer.ask(question), value, "万元", "tangxi-town-2022-project-perf-selfeval")


def _cell(row: str, value: float, column: str = "全年执行数") -> Fact:
    return Fact("d", 2022, "某局", "", "performance_self_evaluation", row, value, "万元", "table", 3, 3,
                f"{row}｜{value}", table="表1", row_path=("某项目", row), column_path=(column,))


@pytest.mark.parametrize("cells,expected", [
    ([_cell("年度资金总额", 0), _cell("本年财政拨款", 12.5), _cell("其他资金", 0)], [(0, 1)]),
    ([_cell("年度资金总额", 0), _cell("本年财政拨款", 12.5), _cell("其他资金", 3)], [(0, None)]),
    ([_cell("年度资金总额", 15.5), _cell("本年财政拨款", 12.5), _cell("其他资金", 3)], []),
    ([_cell("年度资金总额", 0), _cell("本年财政拨款", 0), _cell("其他资金", 5, "年初预算数")], []),
])
def test_which_totals_are_unfilled(cells, expected):
    assert _unfilled_totals(cells) == expected


def test_what_a_project_includes_is_its_description(wild_answerer):
    a = wild_answerer.ask("坝塘镇基础设施建设项目包括哪些内容")
    assert a.status == "answered" and a.value is None, (a.value, a.answer)
    assert all(w in a.answer for w in ("水利", "道路", "学校", "乡村振兴")), a.answer


@pytest.mark.parametrize("question", ["棠溪镇委托业务项目包括哪些内容", "大英县司法局安可替代补助资金项目包括哪些内容"])
def test_what_a_project_includes_is_no_amount(wild_answerer, question):
    a = wild_answerer.ask(question)
    assert a.value is None and a.intent != "amount", (a.value, a.answer)


def test_a_revenue_table_answers_no_spending_question(wild_answerer):
    assert wild_answerer.ask("西夏区2021年一般公共预算支出完成数").status == "not_found"


@pytest.mark.parametrize("question,row,admitted", [
    ("2023年一般公共预算支出是多少", "一般公共预算收入", False),
    ("2023年一般公共预算收入是多少", "一般公共预算收入", True),
    ("2023年财政拨款支出是多少", "财政拨款收入支出总体", True),
    ("2023年收支总计是多少", "收入总计", True),
    ("2023年三公经费支出是多少", "三公经费", True),
])
def test_an_opposite_word_names_another_figure(question, row, admitted):
    entry = _entries([_cell(row, 5.0)])[0]
    q = parse_question(question)
    assert _not_opposite(entry, q, _Asking.of(q, None, "", "")) is admitted


@pytest.mark.parametrize("question,value,doc", [
    ("密云法院2020年收支下降了百分之几", -6.79, "miyun-court-2020-final"),
    ("台州三门县公安局2020年收支增长了百分之几", 8.07, "sanmen-psb-2020-final"),
])
def test_a_joint_word_alone_is_the_whole(wild_answerer, question, value, doc):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.unit == "%" and abs(abs(a.value) - abs(value)) < 1e-6, (a.value, a.answer)
    assert all(c.doc == doc for c in a.citations)


@pytest.mark.parametrize("question,value,doc", [
    ("鄂城区2022年区直财政拨款三公经费决算数", 736.4, "echeng-district-2022-sangong-final"),
    ("保健院2020年政府性基金预算财政拨款收入", 605.99, "daying-mch-2020-final"),
    ("2018年三公决算说明里公务用车运行维护费年初预算是多少", 0.95, "hlx-unit-2018-sangong-final"),
])
def test_the_facts_own_clause_breaks_ties(wild_answerer, question, value, doc):
    _figure(wild_answerer.ask(question), value, "万元", doc)
