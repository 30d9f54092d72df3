"""A passage found in a heading quotes what the heading stands over (issue #12, probe 7):

a paragraph that only heads what follows ("(一)单位职责", "(一)职能职责": an enumeration mark
and a short title, text_rules subheadings) is quoted with the paragraphs under it, up to the
next such heading or the end of its section.

First run (before the fix): the heading line alone ("(一)单位职责", line 21) for each question.
"""

from __future__ import annotations

import pytest

from tests.conftest import WILD

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


@pytest.mark.parametrize("question,doc,said,lines", [
    ("镇海龙赛医院的单位职责有哪些", "zhenhai-longsai-hospital-2021-final", ["医疗护理", "医学研究", "突发公共卫生事件"], (21, 31)),
    ("镇海龙赛医院的单位职责是什么", "zhenhai-longsai-hospital-2021-final", ["医疗护理", "医学研究"], (21, 31)),
    ("碌曲县公安局的职能职责有哪些", "luqu-psb-2020-final", ["治安管理", "刑事侦察"], (6, 8)),
    ("三门县公安局的部门职责是什么", "sanmen-psb-2020-final", ["维护国家安全"], (2, 3)),
])
def test_a_heading_is_quoted_with_what_it_heads(wild_answerer, question, doc, said, lines):
    a = wild_answerer.ask(question)
    assert a.status == "answered", a.answer
    assert all(w in a.answer for w in said), a.answer
    c = a.citations[0]
    assert (c.doc, c.line_start, c.line_end) == (doc, *lines), (c.doc, c.line_start, c.line_end)


def test_the_next_heading_ends_the_quote(wild_answerer):
    a = wild_answerer.ask("镇海龙赛医院的单位职责有哪些")
    assert "机构设置" not in a.answer and "党办" not in a.answer, a.answer
