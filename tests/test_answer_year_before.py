"""A question naming only the year before a document's own, whose own disclosure is absent, is
answered by the document's figures of that year (period 上年数: a "2015年" row of a 2016 table, a
sentence dated to the year before), not by the document's own year's (qa/answer/lookup.py
_period_fit). First run, recorded: qujiang 2015 三公 2364 (the 2016 figure) instead of 2840, echeng
2021 三公 the 2022 figure instead of 807.95.
"""

from __future__ import annotations

import pytest

from tests.answer_checks import assert_figure


@pytest.mark.parametrize("question,value,doc", [
    ("衢江区2015年的三公经费决算合计是多少?", 2840.0, "qujiang-district-2016-sangong-final"),
    ("衢江区2015年公务接待费决算多少", 1400.0, "qujiang-district-2016-sangong-final"),
    ("鄂城区2021年三公经费决算数", 807.95, "echeng-district-2022-sangong-final"),
])
def test_the_year_before_is_answered_by_its_figures(wild_answerer, question, value, doc):
    assert_figure(wild_answerer.ask(question), value, doc)


@pytest.mark.parametrize("question,value", [
    ("衢江区2016年公务接待费决算多少", 1356.0),  # the document's own year keeps its own figures
    ("衢江区2016年三公经费决算多少", 2364.0),
])
def test_the_documents_own_year_is_unchanged(wild_answerer, question, value):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.value == pytest.approx(value), (a.status, a.answer)
