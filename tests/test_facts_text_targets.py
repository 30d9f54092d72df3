"""Indicator targets a performance form writes as running text (issue #11 items 3-4, #12), on two
wild documents whose tables were flattened into one line:

- "足额保障率=100% 22.5 科目调整次数≤10次 … 结余率(计算方法为:结余数/预算数)≤5%" (a 自评表): a
  count or rate written with an operator sign is the indicator's target (指标值) with that
  operator (text_rules target_documents, operator_words). First run (HEAD 4b43a58): aspect
  rate, no operator; "按时发放率指标值是多少" not_found;
- "…验收合格率反映…质量情况>92%…重.要设备维修维保验收合格率反映设备设施维保质量情况95%" (a
  绩效目标表): every count or rate the form states is a target. First run: rates;
  "重要设备维修维保验收合格率指标值" ambiguous among the seeds' 验收合格率 targets.
"""

from __future__ import annotations

import pytest

from tests.conftest import WILD
from tests.wild_docs import wild_facts

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")

FRAGMENT = "daying-unnamed-perf-selfeval-fragment"
EZHOU = "ezhou-2022-project-perf-targets"


def _target(doc: str, metric: str, value: float):
    found = [f for f in wild_facts(doc) if f.metric == metric and f.value == value]
    assert len(found) == 1, sorted((f.metric, f.value, f.aspect) for f in wild_facts(doc))
    f = found[0]
    assert (f.aspect, f.period) == ("target", "指标值"), (f.aspect, f.period)
    return f


@pytest.mark.parametrize("doc,metric,value,operator", [
    (FRAGMENT, "足额保障率", 100, "="),
    (FRAGMENT, "按时发放率", 100, "="),
    (FRAGMENT, "结余率", 5, "<="),
    (EZHOU, "办公大楼日常维修维护验收合格率", 92, ">"),
    (EZHOU, "大楼安检巡察次数", 200, None),
])
def test_a_form_states_its_targets_in_running_text(doc, metric, value, operator):
    assert _target(doc, metric, value).operator == operator


def test_a_self_evaluation_reports_narrative_figures_as_it_states_them():
    # honghe's self-evaluation report: "总建筑面积约1000㎡", "174台拼接屏" are what the hall has, no targets
    facts = wild_facts("honghe-data-center-2024-perf-selfeval")
    assert {f.aspect for f in facts if f.metric in ("拼接屏", "展区")} == {"count"}


def _figure(a, value: float, unit: str, doc: str) -> None:
    assert a.status == "answered", (a.status, a.answer)
    assert a.value == value and a.unit == unit, (a.value, a.unit, a.answer)
    assert a.citations and all(c.doc == doc for c in a.citations), [c.doc for c in a.citations]


@pytest.mark.parametrize("question,value,unit,doc", [
    ("按时发放率指标值是多少", 100, "%", FRAGMENT),
    ("有个项目支出绩效自评表，结余率（结余数/预算数）的指标值要求是多少？", 5, "%", FRAGMENT),
    ("重要设备维修维保验收合格率指标值", 95, "%", EZHOU),
])
def test_targets_in_running_text_are_answered(wild_answerer, question, value, unit, doc):
    _figure(wild_answerer.ask(question), value, unit, doc)
