"""Counts a form states inside its cells, and the total row of a form about one project
(issue #11 items 3-4, #12), on seed and wild documents:

- a form writes narrative in its cells ("2.项目实施内容及过程概述 | 2023年购买13台安可电脑,并于12月
  前完成资金支付。", a 项目总体目标 cell "…本年办理案件150件，…"): their figures are read as narrative
  figures are, each citing its table and the project of its 项目名称 row. First run (HEAD
  750eacd): no such fact; "买了多少台安可电脑" not_found, "计划办理多少件案件" answered 10万元;
- the total row (总额) of a form with no title is the project its 项目名称 row names, without the
  code written before the name. First run: metric "未命名表格", the project "51092324T…-2023年…";
- a hall a question names ("数说红河”展厅有多少台拼接屏") is no unit that publishes a disclosure
  (questions.json rooms). First run: not_found, "语料中没有数说红河展厅的公开文件".
"""

from __future__ import annotations

import pytest

from qa.answer.question import parse_question
from qa.facts import extract_facts
from qa.types import Fact
from tests.conftest import WILD
from tests.corpus_docs import CENTER_2025, CHANGJI_2022, doc
from tests.wild_docs import wild_facts

DAYING = "daying-justice-2023-project-perf-selfeval"
needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


def _stated(facts, metric: str, value: float, unit: str) -> Fact:
    found = [f for f in facts if f.origin == "text" and f.metric == metric and f.value == value and f.unit == unit]
    assert len(found) == 1, sorted({(f.metric, f.value, f.unit) for f in facts if f.origin == "text"})
    return found[0]


@pytest.mark.parametrize("doc_id,metric,value,unit,line,project", [
    (CHANGJI_2022, "办理案件", 150, "件", 2602, "劳动人事争议调解仲裁工作经费"),
    (CENTER_2025, "资格审查人数", 2500, "人", 737, "事业单位公开招聘工作经费"),
])
def test_a_goal_cell_of_a_seed_form_states_counts(doc_id, metric, value, unit, line, project):
    f = _stated(extract_facts(doc(doc_id)), metric, value, unit)
    assert (f.line_start, f.subject) == (line, project)
    assert f.table, "the figure cites the form it stands in"


@needs_wild
def test_a_cell_sentence_of_a_wild_form_states_its_count():
    f = _stated(wild_facts(DAYING), "安可电脑", 13, "台")
    assert f.line_start == 13 and "安可替代补助资金项目" in f.subject and f.table


@needs_wild
def test_the_total_row_of_an_untitled_form_is_its_project():
    rates = [f for f in wild_facts(DAYING) if f.aspect == "execution_rate" and f.row_path[-1] == "总额"]
    assert [(f.metric, f.value) for f in rates] == [("2023年全县安可替代补助资金项目", 100.0)]
    assert not [p for f in wild_facts(DAYING) for p in f.row_path if "51092324T" in p], "project code kept"


def _figure(a, value: float, unit: str, doc: str) -> None:
    assert a.status == "answered", (a.status, a.answer)
    assert a.value == value and a.unit == unit, (a.value, a.unit, a.answer)
    assert a.citations and all(c.doc == doc for c in a.citations), [c.doc for c in a.citations]


@needs_wild
@pytest.mark.parametrize("question,value,unit,doc_id", [
    ("大英县司法局2023年买了多少台安可电脑", 13, "台", DAYING),
    ("大英司法局安可项目买了几台电脑", 13, "台", DAYING),
    ("大英县司法局2023年全县安可替代补助资金项目预算执行率", 100, "%", DAYING),
    ("“数说红河”展厅有多少台拼接屏？", 174, "台", "honghe-data-center-2024-perf-selfeval"),
    ("数说红河展厅有多少个展区", 28, "个", "honghe-data-center-2024-perf-selfeval"),
])
def test_wild_counts_are_answered(wild_answerer, question, value, unit, doc_id):
    _figure(wild_answerer.ask(question), value, unit, doc_id)


def test_a_goal_cells_count_is_answered(answerer):
    _figure(answerer.ask("昌吉州2022年劳动人事争议调解仲裁计划办理多少件案件"), 150, "件", CHANGJI_2022)


@pytest.mark.parametrize("question,unit", [
    ("数说红河展厅有多少个展区", None),
    ("服务大厅有几个窗口", None),
    ("广东省财政厅2023年三公经费是多少", "广东省财政厅"),
])
def test_a_hall_is_no_unit(question, unit):
    q = parse_question(question)
    assert [u for u in q.unknown_units if "厅" in u] == ([unit] if unit else []), q.unknown_units
