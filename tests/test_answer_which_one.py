"""A question asking which one is described so (issue #12, probe 7): "哪个单位是差额补助事业单位",
"是哪个单位直属的" asks for the one the document describes that way (questions.json intents
which, asked.json intent_patterns which): the sentence describing it answers, never a figure
(answer_kinds.json: the fact kind does not answer it). "哪个单位/哪家" with more or less after it
(哪个单位…多, 哪家…高) still compares two figures.

First run (before the fix): "单位预算为5个" (a count of the units) for the 湖南省检察院 question;
not found for the 天水市幼儿园 one.
"""

from __future__ import annotations

import pytest

from qa.answer.question import parse_question
from tests.conftest import WILD

needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


@needs_wild
@pytest.mark.parametrize("question,doc,said", [
    ("湖南省检察院下属哪个单位是差额补助事业单位", "hunan-procuratorate-2017-perf-eval", "国家检察官学院湖南分院"),
    ("湖南省检察院差额补助事业单位是哪个单位", "hunan-procuratorate-2017-perf-eval", "国家检察官学院湖南分院"),
    ("天水市幼儿园2017年是哪个单位直属的", "tianshui-kindergarten-2017-final", "教育局"),
])
def test_which_one_is_answered_by_the_sentence_describing_it(wild_answerer, question, doc, said):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.value is None, (a.status, a.answer)
    assert said in a.answer, a.answer
    assert [c.doc for c in a.citations] == [doc], a.citations


@needs_wild
def test_which_one_has_more_still_compares(wild_answerer):
    a = wild_answerer.ask("广东省财政厅和合肥市图书馆哪个单位三公经费决算多")
    assert a.status == "answered" and a.intent == "compare", (a.intent, a.answer)


def test_which_intent():
    assert "which" in parse_question("某局哪个单位是差额补助事业单位").intents
    assert "which" in parse_question("某幼儿园是哪个单位直属的").intents
    q = parse_question("甲局和乙局哪家三公经费高")
    assert "compare" in q.intents and "which" not in q.intents
