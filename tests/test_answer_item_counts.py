"""Counts of the items a document lists (issue #12, probe 7):

- a narrative cell numbering its items with one word ("目标1：…；目标2：…；…目标9：…") states how
  many there are: a count named by the cell's label (text_rules.json numbered_items; 年度总体目标
  9个, a project's 项目总体目标 4个), numbers from 1 without a gap only;
- a count whose noun is described by a clause ("16个由福建援疆资金支持的培训班") is named by the
  clause and its head noun (text_rules.json noun_clauses), not by the verb before it (组织了).

First run (before the fixes): 3个 (a target of 社会保障业务项目数) for 几个年度总体目标; 10个 (预算
绩效管理的财政拨款项目) for a project's 总体目标; 469个 (在建工程项目) for 用福建援疆资金办了几个培训班.
"""

from __future__ import annotations

from pathlib import Path

from qa.facts import extract_facts
from qa.ingest import load_document
from tests.answer_checks import assert_figure

TARGETS = "bayingol-hrss-bureau-2022-performance-targets"
BUDGET = "changji-hrss-bureau-2022-budget"
FINAL = "changji-hrss-bureau-2023-final-accounts"


def _facts(tmp_path: Path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return extract_facts(load_document(path))


def _count(facts, metric: str):
    return [(f.value, f.unit) for f in facts if f.metric == metric and f.aspect == "count"]


def test_numbered_goals_are_counted(answerer):
    a = answerer.ask("巴州人社局2022年整体支出绩效目标一共定了几个年度总体目标？")
    assert_figure(a, 9, TARGETS, "个")
    a = answerer.ask("昌吉州人社局2022年行政复议案件办案及工作经费项目总体目标有几个")
    assert_figure(a, 4, BUDGET, "个")
    a = answerer.ask("昌吉州人社局2022年农村富余劳动力转移就业工作经费项目有几个总体目标")
    assert_figure(a, 4, BUDGET, "个")


def test_goals_asked_as_text_stay_a_passage(answerer):
    a = answerer.ask("巴州人社局2022年年度总体目标是什么")
    assert a.status == "answered" and a.intent == "passage" and "目标1" in a.answer, a.answer


def test_numbering_with_a_gap_or_two_words_counts_nothing(tmp_path):
    form = "某县文化馆2023年项目支出绩效目标表\n项目名称\t文化惠民工程\n项目总体目标\t{}\n"
    facts = _facts(tmp_path, form.format("目标1：开展文化下乡活动12场；目标2：完成图书配送；目标3：提升群众满意度。"))
    assert _count(facts, "项目总体目标") == [(3, "个")]
    facts = _facts(tmp_path, form.format("目标1：开展文化下乡活动12场；目标3：完成图书配送；任务4：提升群众满意度。"))
    assert _count(facts, "项目总体目标") == []


def test_a_count_described_by_a_clause_is_named_by_it(answerer, tmp_path):
    a = answerer.ask("昌吉州人社局2023年用福建援疆资金办了几个培训班")
    assert_figure(a, 16, FINAL, "个")
    facts = _facts(tmp_path, "某县人社局2023年度部门决算公开\n一、工作完成情况\n2023年，按照对口支援工作计划要求，"
                             "组织了8个由东西部协作资金支持的培训班，开展各类交流活动5次；建成3所被评为示范的家庭服务站。\n")
    assert _count(facts, "东西部协作资金支持的培训班") == [(8, "个")]
    assert _count(facts, "评为示范的家庭服务站") == [(3, "所")]
