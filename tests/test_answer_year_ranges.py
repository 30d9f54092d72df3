"""A range of years written inside a name ("缴纳92-93年辞去现职保留公职人员社保费") names a period of
that item, not a year the question asks for: it is no unknown year that would match no document
(fourth fresh probe p4s-096: not_found before). A lone impossible year still is one."""

from __future__ import annotations

import pytest

from qa.answer.question import parse_question
from tests.answer_checks import assert_figure


@pytest.mark.parametrize("question", ["巴州2022年缴纳92-93年辞去现职保留公职人员社保费涉及几个人",
                                      "巴州2022年92至93年辞去现职保留公职人员社保费要缴多少人"])
def test_a_range_of_years_inside_a_name(answerer, question):
    q = parse_question(question)
    assert q.unknown_years == [] and q.years == [2022], (q.years, q.unknown_years)
    assert_figure(answerer.ask(question), 36, "bayingol-hrss-bureau-2022-performance-targets")


def test_a_lone_impossible_year_is_still_unknown():
    assert parse_question("9999年三公经费").unknown_years == ["9999"]
