"""Two units compared with the metric said once ("A2022年三公预算比B2018年多多少"): the second
unit's name starts after 比/较 (questions.json unit_breaks), so the metric before it is not read
as part of a unit name. First run: all three questions were refused as naming no metric."""

from __future__ import annotations

import pytest

CASES = [
    ("游仙区政府办2022年三公预算比宣州区审计局2018年多多少",
     {"youxian-govoffice-2022-sangong-budget", "xuanzhou-audit-2018-sangong-budget"}, 5.9),
    ("闵行区教育局2020年三公决算比广东省财政厅2023年多多少",
     {"minhang-edu-2020-sangong-final", "guangdong-finance-2023-sangong-final"}, 296.11),
    ("六安市工商联2021年三公决算比合肥市图书馆2021年少多少",
     {"luan-federation-2021-sangong-final", "hefei-library-2021-sangong-final"}, 0.23),
]


@pytest.mark.parametrize(("question", "docs", "difference"), CASES)
def test_the_metric_said_once_compares_both_units(wild_answerer, question, docs, difference):
    a = wild_answerer.ask(question)
    assert a.status == "answered", a.answer
    assert {c.doc for c in a.citations} == docs
    assert a.value == pytest.approx(difference, abs=0.005)



# Two units' rates compared (完成率哪个高, 占比哪个高): each side's rate, not its amount, and the
# difference in percentage points.
RATE_CASES = [
    ("广东省财政厅2023年和合肥市图书馆2021年三公经费预算完成率哪个高，高几个百分点？",
     {"guangdong-finance-2023-sangong-final", "hefei-library-2021-sangong-final"}, 15.82),
    ("碌曲县公安局2020年和三门县公安局2020年基本支出占比哪个高",
     {"luqu-psb-2020-final", "sanmen-psb-2020-final"}, 5.99),
]


@pytest.mark.parametrize(("question", "docs", "points"), RATE_CASES)
def test_rates_of_two_units_compare_in_points(wild_answerer, question, docs, points):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.unit == "%", a.answer
    assert {c.doc for c in a.citations} == docs
    assert a.value == pytest.approx(points, abs=0.005)
    assert "个百分点" in a.answer, a.answer


# A change from one named year to another (从2022年…到2023年…少了几辆) compares the two years'
# figures; 公车 counted is the cars held (保有量), not the cars bought that year.
@pytest.mark.parametrize("question", [
    "昌吉州人社局公车数量从2022年公开的到2023年决算少了几辆",
    "昌吉州人社局2022年到2023年公车少了几辆",
])
def test_from_one_year_to_another_compares_the_two_years(wild_answerer, question):
    a = wild_answerer.ask(question)
    assert a.status == "answered", a.answer
    assert {c.doc for c in a.citations} == {"changji-hrss-bureau-2022-budget", "changji-hrss-bureau-2023-final-accounts"}
    assert a.value == pytest.approx(4)


@pytest.mark.parametrize(("question", "doc", "cars"), [
    ("昌吉州人社局2023年公车比2022年少了几辆", "changji-hrss-bureau-2023-final-accounts", 3),
    ("湛江市委宣传部有几辆公车", "zhanjiang-propaganda-2017-sangong", 2),
])
def test_cars_counted_are_the_cars_held(wild_answerer, question, doc, cars):
    a = wild_answerer.ask(question)
    assert a.status == "answered", a.answer
    held = next(c for c in a.citations if c.doc == doc)
    assert str(cars) in held.quote and ("保有" in a.answer or "保有" in held.quote), a.answer


def test_from_one_year_to_another_goes_on_past_a_comma(wild_answerer):
    """从2022年预算到2023年实际支出，增加了多少: the change word may follow a comma."""
    a = wild_answerer.ask("昌吉州人社局政府采购从2022年预算到2023年实际支出，增加了多少？")
    assert a.status == "answered", a.answer
    assert {c.doc for c in a.citations} == {"changji-hrss-bureau-2022-budget", "changji-hrss-bureau-2023-final-accounts"}
    assert a.value == pytest.approx(61.55)
