"""An execution rate read from a table (issue #12, probe 7):

- a column named 完成预算% or 预算完成率 holds each row's execution rate, as 执行率 does
  (periods.json aspects): "完成了预算的百分之几" asks it;
- a government's budget report (执行情况和预算草案) states the year before's execution: a unit
  with no final accounts keeps it for what a final account would state (scope.json
  kind_stated_in), so the implied 决算 of an execution question finds it.

First run (before the fixes): 增值税 93.36% was a plain rate, and the question was refused
("no 2021 决算 of 西夏区").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.facts import extract_facts
from qa.ingest import load_document
from tests.answer_checks import assert_figure
from tests.conftest import WILD

XIXIA = "xixia-district-2022-budget-tables"
needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


def test_a_completed_budget_column_is_an_execution_rate(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text("某区2022年一般公共预算收入执行情况表\n单位：万元\n"
                    "项目\t2022年预算数\t2022年完成数\t完成预算%\t比上年增长%\n"
                    "税收收入\t1000\t950\t95.00%\t3.20%\n契税\t200\t230\t115.00%\t-4.10%\n", encoding="utf-8")
    facts = {(f.metric, f.value): f.aspect for f in extract_facts(load_document(path))}
    assert facts[("税收收入", 95.0)] == "execution_rate"
    assert facts[("契税", 115.0)] == "execution_rate"
    assert facts[("契税", -4.1)] == "rate"  # the change on the year before stays a rate


@needs_wild
@pytest.mark.parametrize("question,value", [
    ("银川市西夏区2021年增值税完成了预算的百分之几?", 93.36),
    ("西夏区2021年企业所得税预算完成率是多少", 141.67),
])
def test_execution_rate_of_a_government_budget_report(wild_answerer, question, value):
    assert_figure(wild_answerer.ask(question), value, XIXIA, "%")
