"""A place inside a phrase a document uses is part of what is asked (issue #12, probe 7 p7a-066
asked another way): "福建援疆资金", "福建省对口支援新疆工作计划" name the money or plan of the
named unit, not a unit in 福建 the corpus lacks (answerer._foreign_places: the place with
PLACE_PHRASE_TAIL characters after it stands in a document). A place standing as a unit
("福建人社局", "北京人社局") is still a unit the corpus lacks.

First run (before the fix): "语料中没有福建人力资源和社会保障局2023年的公开文件" for each.
"""

from __future__ import annotations

import pytest

from tests.answer_checks import assert_figure

FINAL = "changji-hrss-bureau-2023-final-accounts"
CENTER = "changji-hrss-center-2025-budget"


@pytest.mark.parametrize("question", [
    "昌吉州人社局2023年福建援疆资金办了多少个培训班",
    "昌吉州人社局2023年按福建省对口支援新疆工作计划组织了几个培训班",
])
def test_a_place_inside_a_documents_phrase(answerer, question):
    assert_figure(answerer.ask(question), 16, FINAL, "个")


def test_a_place_inside_a_phrase_of_another_document(answerer):
    a = answerer.ask("服务中心2025年福建援疆干部个人工作经费比上年减少了多少")
    assert [c.doc for c in a.citations] == [CENTER], (a.status, a.answer)


@pytest.mark.parametrize("question", ["福建人社局2023年援疆资金多少", "2024年北京人社局三公经费多少"])
def test_a_place_standing_as_a_unit_is_still_foreign(answerer, question):
    a = answerer.ask(question)
    assert a.status == "not_found" and not a.citations, a.answer
