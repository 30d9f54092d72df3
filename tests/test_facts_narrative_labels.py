"""Narrative facts whose labels say what their sentence says (issue #11 item 4).

Each class is checked on a real page of ../shared/wild AND on a second page or a phrasing
written here (a constructed disclosure in a temporary file, read by the real ingest and fact
stages): a total said of the unit itself and a 其中 list opened after its sentence ends, the
direction of a 收入总计 / 支出总计, a fund's name before a whole the funds split, a gap with the
budget stated by a comparison verb, and a reason marker that names no figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.facts import extract_facts
from qa.facts.text_facts import is_named
from qa.ingest import load_document
from qa.types import Fact
from tests.conftest import WILD
from tests.corpus_docs import CENTER_2025, CHANGJI_2022, FINAL_2023
from tests.corpus_docs import doc as corpus_doc
from tests.wild_docs import wild_facts

needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")
TIANSHUI = "tianshui-kindergarten-2017-final"
DAYING_MCH = "daying-mch-2020-final"
DAYING_UNIT = "daying-unit-2022-final"


def written_facts(tmp_path: Path, text: str, name: str = "page") -> list[Fact]:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in extract_facts(load_document(path)) if f.origin == "text"]


def find(facts, metric: str, value: float, **fields) -> list[Fact]:
    return [f for f in facts if f.metric == metric and abs(f.value - value) < 1e-9
            and all(getattr(f, k) == v for k, v in fields.items())]


def narrative(name: str) -> list[Fact]:
    return [f for f in wild_facts(name) if f.origin == "text"]


def wild_names() -> list[str]:
    return sorted(p.stem for p in WILD.glob("*.txt")) if WILD.is_dir() else []


FINAL = "某县文化馆2023年度部门决算公开\n"


# "本单位支出为1942.57万元。其中:基本支出…": the unit's own 支出 is its 本年支出 (支出 alone names
# nothing: "…24批次,支出2.05万元" is the subject's), and the list after the sentence's end has it
# as parent, not the "。" before 其中.
@needs_wild
def test_a_total_said_of_the_unit_heads_the_list_after_its_sentence():
    facts = narrative(TIANSHUI)
    assert find(facts, "本年支出", 1942.57, period="决算数", aspect="amount")
    assert find(facts, "基本支出", 1121.09, row_path=("本年支出", "基本支出"))
    assert find(facts, "项目支出", 821.48, row_path=("本年支出", "项目支出"))


def test_a_written_total_of_the_unit_heads_its_list(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年度，本部门支出为500万元。其中：基本支出300万元，占60%；"
                          "项目支出200万元，占40%。\n公务接待12批次，支出2.05万元。\n")
    assert find(facts, "本年支出", 500.0, period="决算数")
    assert find(facts, "基本支出", 300.0, row_path=("本年支出", "基本支出"))
    assert find(facts, "项目支出", 200.0, row_path=("本年支出", "项目支出"))
    assert not find(facts, "本年支出", 2.05)  # no self word: the subject's 支出 (公务接待费)


@needs_wild
@pytest.mark.parametrize("name", wild_names())
def test_every_narrative_row_path_names_something(name):
    """A parent or item of a list is a name, never punctuation ("。 > 基本支出")."""
    bad = [(f.line_start, f.row_path) for f in narrative(name) if not all(map(is_named, f.row_path))]
    assert not bad, bad


# 财政拨款收入总计 and 财政拨款支出总计 are two figures (they differ in final accounts), not one
# 收支 metric: each keeps its direction, with its change and rate.
@needs_wild
@pytest.mark.parametrize("name, metric, value, fields", [
    (DAYING_MCH, "财政拨款收入", 1614.63, dict(aspect="amount", period="决算数")),
    (DAYING_MCH, "财政拨款收入", 50.28, dict(aspect="rate", direction="增加")),
    (DAYING_MCH, "财政拨款支出", 1870.91, dict(aspect="amount", period="决算数")),
    (DAYING_MCH, "财政拨款支出", 51.19, dict(aspect="rate", direction="增加")),
    (TIANSHUI, "财政拨款收入", 1516.64, dict(row_path=("财政拨款收入",))),
])
def test_a_total_keeps_its_direction(name, metric, value, fields):
    assert find(narrative(name), metric, value, **fields)
    assert not [f for f in narrative(name) if "收支" in f.metric and abs(f.value - value) < 1e-9]


def test_a_written_total_keeps_its_direction(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年财政拨款收入总计80万元，比上年增加5万元；"
                          "财政拨款支出总计92万元，比上年减少3万元。\n")
    assert find(facts, "财政拨款收入", 80.0) and find(facts, "财政拨款收入", 5.0, aspect="change")
    assert find(facts, "财政拨款支出", 92.0) and find(facts, "财政拨款支出", -3.0, aspect="change")


# "一般公共预算财政拨款收入" / "政府性基金预算财政拨款收入" are parts of 财政拨款收入 (metrics.json
# by_fund), not the whole: the fund stays in the name; "一般公共预算财政拨款支出总计" is 一般公共预算支出.
@needs_wild
@pytest.mark.parametrize("name, metric, value", [
    (TIANSHUI, "一般公共预算财政拨款收入", 1486.64),
    (TIANSHUI, "政府性基金预算财政拨款收入", 30.0),
    (TIANSHUI, "一般公共预算支出", 1741.75),
    (DAYING_MCH, "政府性基金预算财政拨款收入", 605.99),
    (DAYING_UNIT, "一般公共预算财政拨款收入", 3859.16),
])
def test_a_fund_names_its_part(name, metric, value):
    assert find(narrative(name), metric, value, aspect="amount")
    assert not find(narrative(name), "财政拨款收入", value, aspect="amount")


def test_a_written_fund_names_its_part(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年财政拨款收入总计90万元，其中：一般公共预算财政拨款收入70万元，"
                          "国有资本经营预算财政拨款收入20万元。一般公共预算财政拨款支出总计88万元。\n")
    assert find(facts, "一般公共预算财政拨款收入", 70.0, row_path=("财政拨款收入", "一般公共预算财政拨款收入"))
    assert find(facts, "国有资本经营预算财政拨款收入", 20.0)
    assert find(facts, "一般公共预算支出", 88.0)
    assert not find(facts, "财政拨款收入", 70.0) and not find(facts, "财政拨款支出", 88.0)


# "决算数大于预算数55.93万元": the gap of the subject's final figure with its budget, a signed
# change of the subject (with the reason after it), not an amount named "决算数大于".
@needs_wild
def test_a_gap_with_the_budget_is_the_subjects_change():
    gap = find(narrative(TIANSHUI), "一般公共预算支出", 55.93, aspect="change", direction="增加")
    assert gap and gap[0].reason and gap[0].reason.startswith("2017")
    assert not [f for f in narrative(TIANSHUI) if "大于" in f.metric]


def test_a_written_gap_with_the_budget(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年度，本部门一般公共预算财政拨款支出总计88万元，"
                          "决算数小于年初预算数12万元，主要原因是厉行节约。\n")
    assert find(facts, "一般公共预算支出", -12.0, aspect="change", direction="减少")
    assert not [f for f in facts if "小于" in f.metric]


# "…55.93万元,主要原因:2017年度62名…": a figure inside a reason is named by its own words
# (62名职工), never by the reason marker nor by the subject whose figure the reason explains.
@needs_wild
@pytest.mark.parametrize("name", wild_names())
def test_no_figure_is_named_by_a_reason_marker(name):
    bad = [(f.line_start, f.metric, f.value) for f in narrative(name) if re.search(r"原因|^主要是", f.metric)]
    assert not bad, bad


def test_a_written_figure_in_a_reason(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年度，本部门支出为500万元，比上年增加20万元，"
                          "主要原因：2023年度15名，调入人员增加。\n")
    assert find(facts, "本年支出", 20.0, aspect="change")
    assert not [f for f in facts if f.value == 15.0]  # nothing names it: no fact


def seed(doc_id: str) -> list[Fact]:
    return [f for f in extract_facts(corpus_doc(doc_id)) if f.origin == "text"]


# "增加了机关运行补助经费130万元" / "减少了…工作经费3万元": a past change verb opening the words
# (text_rules leading_change_verbs) makes the figure that item's signed change, not an amount
# named "增加了…".
@pytest.mark.parametrize("doc_id, metric, value", [
    (CHANGJI_2022, "机关运行补助经费", 130.0),
    (CHANGJI_2022, "农村富余劳动力转移就业工作经费", -3.0),
    (CENTER_2025, "原有的项目金额", 3.0),
])
def test_a_leading_change_verb_makes_a_change(doc_id, metric, value):
    facts = seed(doc_id)
    assert find(facts, metric, value, aspect="change")
    assert not [f for f in facts if re.match(r"(新)?(增加|减少)了", f.metric)]


def test_a_written_leading_change_verb(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年度，本部门支出为500万元，比上年减少20万元，主要原因是："
                          "压减了会议费12万元，新增了18万元设备购置经费。\n")
    assert find(facts, "会议费", -12.0, aspect="change", direction="减少")
    assert find(facts, "设备购置经费", 18.0, aspect="change", direction="增加")  # named by the words after it
    assert not [f for f in facts if len(f.metric) < 2 or "了" in f.metric]


@needs_wild
def test_a_change_named_after_its_figure_keeps_the_figure():
    facts = narrative(DAYING_MCH)
    assert find(facts, "政府性基金预算财政拨款-抗疫特别国债资金", 605.99, aspect="change", direction="增加")
    assert not [f for f in facts if len(f.metric) < 2]


# "原因是:1、…相应增加;2、本年增加了其他资金预算7000万元。其中:财政拨款收入751.8万元,占收入预算
# 总额的9.7%": the numbered reason goes on past its ；, so its figure is no subject and the list
# after it is the total's; "占收入预算总额的" is a share of a total the lexicon names, not an
# execution rate.
@needs_wild
def test_a_numbered_reason_leaves_the_subject_and_its_list():
    facts = narrative("shangyou-sixia-town-2022-budget")
    assert find(facts, "财政拨款收入", 751.8, row_path=("收入总计", "财政拨款收入"))
    assert find(facts, "财政拨款收入", 9.7, aspect="share")
    assert not [f for f in facts if f.aspect == "execution_rate" and f.value in (9.7, 90.3)]


def test_a_written_numbered_reason(tmp_path):
    facts = written_facts(tmp_path, "某县文化馆2023年部门预算公开\n2023年本部门收入预算总额为900万元，比上年增加300万元，"
                          "原因是：1、人员增加；2、本年增加了专项资金预算250万元。其中：财政拨款收入600万元，"
                          "占收入预算总额的66.67%；其他收入300万元，占收入预算总额的33.33%。\n")
    assert find(facts, "财政拨款收入", 600.0, row_path=("收入总计", "财政拨款收入"))
    assert find(facts, "其他收入", 33.33, aspect="share")
    assert not [f for f in facts if f.aspect == "execution_rate"]


# "培训人员不少于100人": the bound word is the figure's operator, not part of its name.
def test_a_bound_word_is_the_operator():
    facts = seed(FINAL_2023)
    assert find(facts, "培训人员", 100.0, operator=">=")
    assert find(facts, "累计时间", 40.0, operator=">=")
    assert not [f for f in facts if f.metric.endswith(("不少于", "大于"))]


def test_a_written_bound_word(tmp_path):
    facts = written_facts(tmp_path, FINAL + "全年开展业务培训，参训人员不低于300人，满意度高于95%。\n")
    assert find(facts, "参训人员", 300.0, operator=">=")
    assert find(facts, "满意度", 95.0, operator=">")


# A count is never named by a money metric its words end with ("处置报废公务用车1辆" is no
# 公务用车购置及运行费, "购置办公家具15套" no 办公家具价值): its words as written.
@needs_wild
def test_a_count_is_not_named_by_a_money_metric():
    counts = [f for f in narrative("honghe-county-2021-sangong-final") if f.unit == "辆" and f.value == 1.0]
    assert [f.metric for f in counts] == ["处置报废公务用车"]


def test_a_written_count_is_not_named_by_a_money_metric(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年，本部门购置办公家具15套，价值12万元。\n")
    assert [f.metric for f in facts if f.value == 15.0] == ["购置办公家具"]


# "…收入增加610.92万元,增加17.44%,支出增加471.41万元,增加12.47%": 支出 set against the unit's 收入
# (text_rules own_total_opposites) is the unit's own 支出, never a change of the subject 收入.
@needs_wild
def test_a_total_set_against_its_opposite_is_the_units_own():
    facts = narrative("luqu-psb-2020-final")
    assert find(facts, "本年支出", 12.47, aspect="rate", direction="增加")
    assert not [f for f in facts if "收入" in f.metric and f.value in (471.41, 12.47)]


def test_a_written_total_set_against_its_opposite(tmp_path):
    facts = written_facts(tmp_path, FINAL + "2023年度收入总计100万元。与2022年相比，收入增加10万元，增长11.11%，"
                          "支出减少5万元，下降4.76%。\n")
    assert find(facts, "本年支出", -5.0, aspect="change") and find(facts, "本年支出", -4.76, aspect="rate")
    assert not [f for f in facts if "收入" in f.metric and f.value in (-5.0, -4.76)]


# Words that only say how or where a figure is arranged end no name: "机关运行经费安排312.23万元" is
# 机关运行经费, "公务用车购置全区增加126.72万元" 公务用车购置's change (strip_suffixes); "…项目1个，
# 金额2,596.00万元" is that item's 金额 (attribute_words), not a metric named 金额.
@needs_wild
@pytest.mark.parametrize("name, metric, value, aspect", [
    ("unnamed-city-unit-2019-sangong-budget", "机关运行经费", 312.23, "amount"),
    ("echeng-district-2022-sangong-final", "公务用车购置费", 126.72, "change"),
])
def test_arrangement_words_end_no_name(name, metric, value, aspect):
    assert find(narrative(name), metric, value, aspect=aspect)


def test_an_amount_of_an_item_counted_before_it():
    assert find(seed("bayingol-hrss-bureau-2024-budget"), "上年结转结余项目金额", 2596.0)


def test_written_arrangement_words(tmp_path):
    facts = written_facts(tmp_path, "某县文化馆2023年部门预算公开\n2023年本部门机关运行经费安排45.5万元。"
                          "培训费全县减少2万元。当年政府采购项目3个，金额18万元。\n")
    assert find(facts, "机关运行经费", 45.5) and find(facts, "培训费", -2.0, aspect="change")
    assert find(facts, "当年政府采购项目金额", 18.0)
    assert not [f for f in facts if f.metric in ("金额", "机关运行经费安排") or f.metric.endswith("全县")]


# "…整体支出绩效自评表1个，全年预算总额3,205.90万元，实际执行总额3,008.60万元": a period word with a
# total word after it (text_rules period_totals) is that period of the subject, like "全年预算数
# 1,949.31万元" in the next clause, not the unit's 收支总预算 as 决算数.
def test_a_period_total_is_the_subjects_period():
    facts = seed(FINAL_2023)
    assert find(facts, "预算绩效管理整体支出绩效自评表", 3205.9, period="全年预算数")
    assert find(facts, "预算绩效管理整体支出绩效自评表", 3008.6, period="决算数")
    assert not find(facts, "收支总预算", 3205.9)


def test_a_written_period_total(tmp_path):
    facts = written_facts(tmp_path, FINAL + "本年项目支出绩效自评项目4个，年初预算总额120万元，"
                          "实际执行总额110万元。\n")
    assert find(facts, "项目支出绩效自评项目", 120.0, period="年初预算数")
    assert find(facts, "项目支出绩效自评项目", 110.0, period="决算数")


# "全年共办结各类欠薪线索1.49万件": 万 before a measure word (units.json measure: 万件, 万条…)
# counts things, it is no 万元.
def test_ten_thousand_things_are_a_count():
    facts = seed(FINAL_2023)
    assert find(facts, "全年共办结各类欠薪线索", 1.49, unit="万件", aspect="count")
    assert not [f for f in facts if f.unit == "万元" and f.value in (1.49, 13.2, 13.35)]


def test_written_ten_thousand_things(tmp_path):
    facts = written_facts(tmp_path, FINAL + "全年受理业务2.6万件，核验数据4万条，发放补贴120万元。\n")
    assert find(facts, "全年受理业务", 2.6, unit="万件", aspect="count")
    assert find(facts, "核验数据", 4.0, unit="万条", aspect="count")
    assert find(facts, "发放补贴", 120.0, unit="万元")


# "为1.3万名劳动者追发工资": a count in 万名/万人 is named by the noun after it, like "28个展区",
# not by the count stated before it.
def test_ten_thousand_people_are_named_by_their_noun():
    facts = seed(FINAL_2023)
    assert [f.metric for f in facts if f.value == 1.3 and f.unit == "万名"] == ["劳动者追发工资"]


def test_written_ten_thousand_people(tmp_path):
    facts = written_facts(tmp_path, FINAL + "全年受理业务2.6万件，惠及3.2万名群众，发放补贴80万元。\n")
    assert find(facts, "群众", 3.2, unit="万名", aspect="count")
