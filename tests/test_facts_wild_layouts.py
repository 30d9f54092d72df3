"""Extraction coverage of wild layouts and wordings that lost figures or their meaning.

Each class is checked on a real page of ../shared/wild AND on a second page or a second
phrasing written here (a constructed disclosure in a temporary file, read by the real
ingest and fact stages): amounts in documents whose kind names no period, a year inside
brackets that dates only the bracket, a long clause named by the metric that ends it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from qa.errors import DocumentError
from qa.facts import coverage, extract_facts
from qa.ingest import load_document
from qa.types import Fact

WILD = Path(__file__).resolve().parents[2] / "shared" / "wild"
needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")
SANGONG = "财政拨款“三公”经费"


@cache
def wild_facts(name: str) -> tuple[Fact, ...]:
    try:
        doc = load_document(WILD / f"{name}.txt")
    except DocumentError as e:
        pytest.skip(f"{name} not loadable by the ingest stage: {e}")
    return tuple(extract_facts(doc))


def written_facts(tmp_path: Path, text: str, name: str = "page") -> list[Fact]:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return extract_facts(load_document(path))


def find(facts, metric: str, value: float, **fields) -> list[Fact]:
    return [f for f in facts if f.metric == metric and abs(f.value - value) < 1e-9
            and all(getattr(f, k) == v for k, v in fields.items())]


# A self-evaluation or evaluation report reviews a year already spent; a 三公 statement that
# names neither 预算 nor 决算 (an 增减情况说明) reports the year's spending: 决算数.
@needs_wild
@pytest.mark.parametrize("name, metric, value", [
    ("heshan-unit-2022-perf-selfeval", "收入总计", 201.93),
    ("heshan-unit-2022-perf-selfeval", "工资福利支出", 131.84),
    ("honghe-data-center-2024-perf-selfeval", "实际到位资金", 334.67),
    ("zhanjiang-propaganda-2017-sangong", SANGONG, 35.0),
    ("zhanjiang-propaganda-2017-sangong", "公务接待费", 30.0),
])
def test_spent_year_amounts_are_final_accounts(name, metric, value):
    assert find(wild_facts(name), metric, value, period="决算数", aspect="amount"), metric


def test_spent_year_in_a_written_self_evaluation(tmp_path):
    facts = written_facts(tmp_path, "某县文化馆2023年部门整体支出绩效自评报告\n"
                          "2023年支出总计88.5万元，其中基本支出60万元，项目支出28.5万元。年初预算为90万元。\n")
    assert find(facts, "支出总计", 88.5, period="决算数")
    assert find(facts, "基本支出", 60.0, period="决算数")
    assert not find(facts, "支出总计", 90.0, period="决算数")  # 年初预算 keeps its own period


# A year named inside brackets ("(含2023年转列…项目5个)") dates only the bracket, not the
# amounts after it in the sentence.
@needs_wild
def test_bracketed_year_dates_only_its_bracket():
    facts = wild_facts("honghe-data-center-2024-perf-selfeval")
    assert find(facts, "实际到位资金", 334.67)
    assert not [f for f in facts if f.value in (334.67, 985.0, 50.0) and f.period == "上年数"]


def test_bracketed_year_in_a_written_budget(tmp_path):
    facts = written_facts(tmp_path, "某镇人民政府2022年部门预算公开\n"
                          "2022年收入预算100万元(含2021年结转资金12万元),支出预算95万元。\n")
    assert find(facts, "支出总计", 95.0, period="预算数")
    assert find(facts, "含结转资金", 12.0, period="上年数")  # the bracket's own figure is last year's


# A clause longer than any name ("…、事业单位和其他单位使用财政拨款安排“三公”经费支出总额为")
# is named by the lexicon metric that ends it.
@needs_wild
def test_long_clause_named_by_its_ending_metric():
    facts = wild_facts("liangshan-prefecture-2022-sangong-final")
    assert len(find(facts, SANGONG, 8237.23, aspect="amount")) == 2  # stated twice, both kept
    doc = load_document(WILD / "liangshan-prefecture-2022-sangong-final.txt")
    assert coverage(doc, list(facts))["text_complete_ratio"] >= 0.9


def test_long_clause_in_a_written_statement(tmp_path):
    facts = written_facts(tmp_path, "某区2023年三公经费决算公开\n"
                          "经区财政局汇总,全区各部门,包括区级行政单位(含参照公务员法管理的事业单位)、"
                          "事业单位和其他单位使用一般公共预算财政拨款安排的公务接待费支出为12.5万元。\n")
    assert find(facts, "公务接待费", 12.5, period="决算数")
