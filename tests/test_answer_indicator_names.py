"""An indicator asked by the short form of a word in its name (issue #12): 参考人数 is the
参加考试人数 of a 绩效目标表 (metrics.json contractions: 参加考试 -> 参考), asked for its target
and for its last year's value. First run (HEAD 0962e3a): not_found ("没有找到“人事考试预计参考人数
目标”的数据").
"""

from __future__ import annotations

import pytest

CENTER = "changji-hrss-center-2025-budget"


@pytest.mark.parametrize("question,value,intent", [
    ("2025年昌吉州人事考试预计参考人数目标是多少", 60000, "target"),
    ("服务中心2025年人事考试参考人数指标值", 60000, "target"),
    ("服务中心2025年人事考试参考人数上年完成值", 58000, "actual"),
])
def test_a_short_form_names_the_indicator(answerer, question, value, intent):
    a = answerer.ask(question)
    assert a.status == "answered" and a.intent == intent, (a.status, a.intent, a.answer)
    assert (a.value, a.unit) == (value, "人"), (a.value, a.unit, a.answer)
    assert a.citations and all(c.doc == CENTER for c in a.citations), [c.doc for c in a.citations]
