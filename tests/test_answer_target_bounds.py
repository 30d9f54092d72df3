"""Performance targets asked as a bound (issue #12, probe 7):

- a bound asked in everyday words (控制在多少以内, 最多花多少钱, 不超过多少, 至少多少) is the
  indicator's 上限 or 下限 (questions.json colloquial_forms): its target, with its operator;
- a table title's remark that is a word for the unit itself ("部门（单位）整体支出绩效目标表")
  or a reading ("經(jīng)費") names no project (qa/facts/meaning.py): the department's indicators
  are not one project's rows, which a question naming no project would rank down.

First run (before the fixes): not found for 人均运转经费控制在多少以内 and for 买…系统最多花多少钱
(巴州 2022 targets); the actual value 3.3 instead of the target ≤3.30 for the 宣传培训费 of a
昌吉州 2023 self-evaluation asked 控制在多少以内.
"""

from __future__ import annotations

from qa.facts.meaning import title_subject
from tests.answer_checks import assert_figure

TARGETS = "bayingol-hrss-bureau-2022-performance-targets"
FINAL = "changji-hrss-bureau-2023-final-accounts"


def _bound(a, value: float, doc: str, sign: str) -> None:
    assert_figure(a, value, doc)
    assert "指标值" in a.answer and sign in a.answer, a.answer


def test_upper_bound_of_department_targets(answerer):
    _bound(answerer.ask("巴州人社局2022年人均运转经费控制在多少以内"), 1.05, TARGETS, "≤")
    _bound(answerer.ask("巴州人社局2022年人均运转经费不超过多少"), 1.05, TARGETS, "≤")


def test_spending_limit_in_everyday_words(answerer):
    _bound(answerer.ask("巴州人社局2022年买“业务-档案”一体化系统最多花多少钱"), 20, TARGETS, "≤")
    _bound(answerer.ask("巴州人社局2022年信息中心网络维护费最多能花多少"), 42.24, TARGETS, "≤")


def test_lower_bound(answerer):
    _bound(answerer.ask("巴州人社局2022年每次参加活动人数至少多少"), 600, TARGETS, "≥")


def test_bound_of_a_self_evaluation_is_its_target_not_its_actual(answerer):
    _bound(answerer.ask("昌吉州人社局2023年劳动保障监察工作经费的宣传培训费控制在多少以内"), 3.30, FINAL, "≤")
    _bound(answerer.ask("昌吉州人社局2023年劳动保障监察工作经费里差旅费最多花多少钱"), 5, FINAL, "≤")
    # Asked plainly, a final account's self-evaluation answers what was achieved.
    a = answerer.ask("昌吉州人社局2023年劳动保障监察工作经费的宣传培训费实际是多少")
    assert_figure(a, 3.3, FINAL)
    assert "实际完成值" in a.answer, a.answer


def test_unit_remark_names_no_project():
    assert title_subject("部门（单位）整体支出绩效目标表") == ""
    assert title_subject("表3 部门（单位）支出总体情况表") == ""
    assert title_subject("一、2021年度一般公共預算財政撥款“三公”經(jīng)費支出決算表") == ""
    assert title_subject("项目支出绩效自评表（就业工作经费）") == "就业工作经费"
    assert title_subject("部门（单位）整体支出绩效目标自评表（某局）") == "某局"
