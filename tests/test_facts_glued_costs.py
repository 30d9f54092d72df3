"""A project's cost table glued into running text (qa/facts/glued_costs.py), and the project's
立项依据, which names no figure (issue #11 items 3-4):

- "项目预算成本构成金额测算(公式)依据2020年实际执行数2021年实际执行数保安服务费191依据招标文件191191
  …合计814662.98794.55" (ezhou, a web copy of a .docx): each item's amount is the figure after its
  name; the total is the items' sum when its glued run starts with it, and is the project's. A
  constructed second table checks the same reading with decimals, and one whose total does not
  start with the sum gives nothing (a glued run is never split by guessing). First run (HEAD
  f1c23ae): no fact; "办公大楼运行保障项目保安服务费预算" not_found;
- "X项目的立项依据", "是依据什么立项的" ask a passage (questions.json definition cues), not the
  project's amount. First run with the amounts read: 814 for ezhou, 120.00万元 for the seed
  center's 各类人事考试工作经费.
"""

from __future__ import annotations

import pytest

from qa.facts import extract_facts
from qa.ingest import load_document
from tests.conftest import WILD
from tests.wild_docs import wild_facts

EZHOU = "ezhou-2022-project-perf-targets"
needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")

FORM = ("某县2023年部门预算项目支出绩效目标表\n"
        "项目名称社区服务中心运行保障项目类别本级支出项目预算成本构成金额测算(公式)依据2021年实际执行数"
        "2022年实际执行数物业管理费120依据合同120118设备维护费35.5据实结算30.232.8合计{total}150.2150.8"
        "绩效目标保障社区服务中心正常运行。\n")


def _amounts(facts) -> dict[str, float]:
    return {f.metric: f.value for f in facts if f.table == "项目预算成本构成"}


@needs_wild
def test_the_glued_cost_table_of_a_wild_form():
    assert _amounts(wild_facts(EZHOU)) == {"保安服务费": 191, "保洁服务费": 99, "水电气、维修维护费": 524,
                                           "滨湖大胆办公大楼运行保障": 814}
    assert all(f.line_start == 14 and f.row_path[0] == "滨湖大胆办公大楼运行保障"
               for f in wild_facts(EZHOU) if f.table == "项目预算成本构成")


def _form_facts(tmp_path, total: str):
    path = tmp_path / "form.txt"
    path.write_text(FORM.format(total=total), encoding="utf-8")
    return extract_facts(load_document(path))


def test_a_constructed_glued_cost_table(tmp_path):
    assert _amounts(_form_facts(tmp_path, "155.5")) == {"物业管理费": 120, "设备维护费": 35.5, "社区服务中心运行保障": 155.5}


def test_a_total_that_is_not_the_sum_reads_nothing(tmp_path):
    assert _amounts(_form_facts(tmp_path, "165.5")) == {}


@needs_wild
@pytest.mark.parametrize("question,value", [
    ("办公大楼运行保障项目保安服务费预算", 191),
    ("鄂州办公大楼运行保障项目里水电气、维修维护费预算多少", 524),
    ("鄂州2022年滨湖办公大楼运行保障项目预算合计多少", 814),
])
def test_glued_costs_are_answered(wild_answerer, question, value):
    a = wild_answerer.ask(question)
    assert a.status == "answered" and a.value == value, (a.status, a.value, a.answer)
    assert a.citations and all(c.doc == EZHOU for c in a.citations)


@needs_wild
def test_a_wild_projects_basis_is_a_passage(wild_answerer):
    a = wild_answerer.ask("鄂州市滨湖办公大楼运行保障项目是依据什么立项的？")
    assert a.status == "answered" and a.value is None and "三定方案" in a.answer, (a.value, a.answer)


def test_a_seed_projects_basis_is_a_passage(answerer):
    a = answerer.ask("服务中心2025年各类人事考试工作经费的立项依据")
    assert a.status == "answered" and a.value is None, (a.value, a.answer)
    assert a.citations and a.citations[0].doc == "changji-hrss-center-2025-budget"
