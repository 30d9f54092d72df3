"""What a form's figures are about and of which period (issue #12, probe 7 p7c-049):

- the parts listed after a total its own words date ("本项目共申请预算资金90万元。其中:30万元用于…",
  "2024年年初预算数777.03万元，其中：一般公共预算拨款744.03万元…") are of the total's period, not
  the document's default (a self-evaluation's 决算数): the budgeted 30 and the spent 29.99 of
  棠溪镇's 设计、规划、测绘 are told apart;
- a form about the whole unit ("部门（单位）整体支出绩效目标自评表（<the issuer>）") is about no
  project (qa/facts/meaning.py): its figures are the unit's own.

First run (before the fixes): both 30s of 棠溪镇 were 决算数; 天台小学's income parts 预算数; the
昌吉州 2023 department form's figures had the issuer as their project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.facts import extract_facts
from qa.ingest import load_document
from tests.conftest import CORPUS, WILD
from tests.wild_docs import wild_facts

needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


def _periods(facts, metric: str) -> list[tuple[float, str | None]]:
    return sorted((f.value, f.period) for f in facts if f.metric == metric and f.origin == "text")


@needs_wild
def test_parts_of_a_budgeted_and_of_a_spent_total():
    facts = wild_facts("tangxi-town-2022-project-perf-selfeval")
    assert _periods(facts, "基建工程项目设计、规划、测绘") == [(29.99, "决算数"), (30.0, "预算数")]
    assert _periods(facts, "基建工程项目审计") == [(30.0, "决算数"), (30.0, "预算数")]


@needs_wild
def test_parts_of_an_initial_budget():
    facts = wild_facts("liangping-tiantai-school-2024-budget")
    assert (744.03, "年初预算数") in _periods(facts, "一般公共预算拨款")


def test_parts_of_a_dated_total_in_a_written_form(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text("某镇2023年项目支出绩效自评表\n项目名称：环境整治项目\n"
                    "本项目共申请预算资金60万元。其中:40万元用于垃圾清运;20万元用于河道保洁。"
                    "本项目共完成预算资金58万元。其中:39万元用于垃圾清运;19万元用于河道保洁。\n", encoding="utf-8")
    facts = extract_facts(load_document(path))
    assert _periods(facts, "垃圾清运") == [(39.0, "决算数"), (40.0, "预算数")]
    assert _periods(facts, "河道保洁") == [(19.0, "决算数"), (20.0, "预算数")]


def test_a_form_about_the_whole_unit_is_about_no_project():
    doc = load_document(CORPUS / "changji-hrss-bureau-2023-final-accounts.txt")
    facts = [f for f in extract_facts(doc) if f.table and "整体支出绩效目标自评表" in f.table]
    assert facts and all(f.subject == "" for f in facts), {f.subject for f in facts}
    projects = {f.subject for f in extract_facts(doc) if f.table and "项目支出绩效自评表" in f.table}
    assert "劳动保障监察工作经费" in projects
