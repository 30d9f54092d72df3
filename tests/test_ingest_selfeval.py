"""Self-evaluation forms rebuilt from the grid-less PDF text of the 2023 final accounts."""

from __future__ import annotations

import re

import pytest

from qa.ingest.normalize import bracket_groups
from qa.ingest.selfeval_tables import find_tables
from tests.conftest import CORPUS

DOC = CORPUS / "changji-hrss-bureau-2023-final-accounts.txt"


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return DOC.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def tables(lines):
    return find_tables(lines)


def _table(tables, title_part: str, block: str):
    found = [t for t in tables if title_part in t.title and t.title.endswith(block)]
    assert len(found) == 1, [t.title for t in tables]
    return found[0]


def _row(table, label: str, column: int = 0):
    found = [r for r in table.rows if r[column] == label]
    assert len(found) == 1, (label, table.rows)
    return found[0]


def test_every_form_found_once(tables):
    kinds = [(t.kind, t.title.rsplit("：", 1)[1]) for t in tables]
    assert kinds.count(("project_self_evaluation", "项目资金")) == 23
    assert kinds.count(("project_self_evaluation", "绩效指标")) == 23
    assert kinds.count(("overall_self_evaluation", "部门资金")) == 1
    assert kinds.count(("overall_self_evaluation", "绩效指标")) == 1
    assert len({t.title for t in tables}) == len(tables)


def test_indicator_rows_match_an_independent_count(lines, tables):
    # Project rows end with 分值 and a two-decimal 得分; the overall form's with "分值 实际完成值 得分".
    project = sum(1 for ln in lines if re.search(r"(^|\s)\d+ \d+\.\d{2}$", ln.strip()))
    overall_form = _table(tables, "整体支出", "绩效指标")
    overall = sum(
        1
        for ln in lines[overall_form.line_start - 1 : overall_form.line_end]
        if re.match(r"^\d+ \S.* \d+$", ln.strip())
    )
    rows = [
        r
        for t in tables
        if t.kind == "project_self_evaluation" and t.title.endswith("绩效指标")
        for r in t.rows
    ]
    assert len([r for r in rows if r[0] != "总分"]) == project == 209
    assert len(overall_form.rows) == overall == 7


def test_rows_are_rectangular_and_cite_their_label(lines, tables):
    for t in tables:
        assert t.line_start <= min(t.row_lines) and max(t.row_lines) <= t.line_end
        for row, line in zip(t.rows, t.row_lines, strict=True):
            assert len(row) == len(t.header[0]), (t.title, row)
            label = row[2] if t.title.endswith("绩效指标") and row[0] != "总分" else row[0]
            assert label[:2] in lines[line - 1], (t.title, row, lines[line - 1])


def test_titles_give_back_the_project_name_brackets_and_all(lines, tables):
    """The title's bracket group is the form's 项目名称 line, nested brackets included
    ("“为民办实事”工作经费（州级）"), so later stages can read the project off the title."""
    names = [re.sub(r"\s+", "", ln.strip()[len("项目名称"):]) for ln in lines if ln.strip().startswith("项目名称")]
    seen = []
    for t in tables:
        if t.kind != "project_self_evaluation" or not t.title.endswith("项目资金"):
            continue
        groups = bracket_groups(t.title)
        assert len(groups) == 1 and t.title[groups[0][1]] == "：", t.title
        start, end = groups[0]
        seen.append(re.sub(r"\s+", "", t.title[start + 1 : end - 1]))
    assert seen == names and len(names) == 23
    assert {"“为民办实事”工作经费（区级）", "“为民办实事”工作经费（州级）"} <= set(seen)
    assert bracket_groups("部门（单位）整体支出绩效目标自评表（某局）：部门资金") == [(2, 6), (17, 21)]
    assert bracket_groups("表（未闭合") == []


def test_postdoc_form(tables):
    fund = _table(tables, "2021 年度博士后资助经费", "项目资金")
    assert fund.title == "项目支出绩效自评表（2021 年度博士后资助经费）：项目资金"
    assert fund.unit == "万元" and fund.number is None
    assert _row(fund, "年度资金总额") == (
        "年度资金总额",
        "560.00",
        "560.00",
        "560.00",
        "10",
        "100.00%",
        "10.00",
    )
    assert _row(fund, "其中：当年财政拨款")[1:4] == ("560.00", "560.00", "560.00")

    indicators = _table(tables, "2021 年度博士后资助经费", "绩效指标")
    assert indicators.unit is None
    assert indicators.header[0][:5] == ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")
    assert _row(indicators, "在站博士数量", 2) == (
        "产出指标",
        "数量指标",
        "在站博士数量",
        "=28 人",
        "=28 人",
        "10",
        "10.00",
        "",
    )
    paper = _row(indicators, "受资助博士后在站期间公开发表论文数量", 2)
    assert paper == ("产出指标", "数量指标", paper[2], ">=14 篇", "=31 篇", "10", "10.00", "")
    assert indicators.row_lines[indicators.rows.index(paper)] == 979  # where "受资助博士" stands
    assert _row(indicators, "长期发挥引进博士后的社会价值", 2)[:5] == (
        "效益指标",
        "社会效益指标",
        "长期发挥引进博士后的社会价值",
        "长期",
        "长期",
    )
    assert _row(indicators, "单位满意度", 2)[:2] == ("满意度指标", "满意度指标")
    assert indicators.rows[-1] == ("总分", "", "", "", "", "100", "100", "")


def test_wrapped_values_reasons_and_dates(tables):
    repair = _table(tables, "人社局劳动保障大厦维修经费", "绩效指标")
    rooms = _row(repair, "维修房屋数量", 2)
    assert rooms[3:7] == (">=40 间", "=66 间", "10", "3.50")
    assert rooms[7].startswith("本办公楼建成时间较早") and rooms[7].endswith("故产生偏差。")
    cost = _row(repair, "维修成本", 2)
    assert cost[3:7] == ("<=242.48 万元", "=101.98 万元", "10", "0.00")

    plan = _table(tables, "中期评估专项经费", "绩效指标")
    deadline = [r for r in plan.rows if r[1] == "时效指标"][0]
    assert deadline[3:5] == ("=2023年 10月 31 日前", "=2023 年 10月 31 日前")
    wrapped = _row(plan, "落实国家政策、服务民生大计，提高履职或服务效率", 2)
    assert wrapped[3:7] == ("提高履职或服务效率", "提高履职或服务效率", "10", "10.00")

    hearing = _table(tables, "行政复议案件应诉及工作经费", "绩效指标")
    assert _row(hearing, "租用电子政务外网数据传输电路（条）", 2)[3:5] == ("=1 条", "=1 条")
    assert _row(hearing, "开办昌吉日报政策法规宣传栏目", 2)[7] == ""


def test_overall_form(tables):
    fund = _table(tables, "整体支出", "部门资金")
    assert fund.title.startswith("部门（单位）整体支出绩效目标自评表（昌吉回族自治州人力资源和社会保障局）")
    assert _row(fund, "合计")[1:4] == ("2779.89", "3205.90", "3008.60")
    assert _row(fund, "地（州、市）安排")[1:4] == ("2049.89", "2638.26", "2638.26")
    assert [r[0] for r in fund.rows] == [
        "中央安排",
        "自治区安排",
        "地（州、市）安排",
        "县（市、区）安排",
        "其他资金",
        "合计",
    ]

    indicators = _table(tables, "整体支出", "绩效指标")
    jobs = _row(indicators, "城镇新增就业", 2)
    assert jobs == (
        "履职效能",
        "数量指标",
        "城镇新增就业",
        ">=2.20 万人次",
        "昌吉州政府工作报告",
        "15",
        "2.24 万人次",
        "15",
    )
    assert _row(indicators, "案件办理时限（工作日）", 2)[:2] == ("履职效能", "时限指标")


def test_other_documents_have_no_self_evaluation_forms():
    for path in sorted(CORPUS.glob("*.txt")):
        if path != DOC:
            assert find_tables(path.read_text(encoding="utf-8-sig").split("\n")) == [], path.name


def test_rules_hold_for_another_departments_form():
    # Same national template, other wording: spaced operator, label beside its values, wrapped unit.
    text = """\
项目支出绩效自评表
（2024 年度）
项目名称 技工院校实训设备购置
项目资金
（万元）
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 80.00 80.00 76.00 10 95.00% 9.50
一级指
标
二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指
标
数量指标 购置设备台数 > =12 台 =12 台 20 20.00
质量指标
设备验收合
格率
>=95% =100% 20 20.00
成本指
标
经济成本指标
设备购置成
本
<=80 万元
=76 万
元
20 19.00
结余资
金已收
回。
满意度
指标
满意度指标 学员满意度 >=90% =93% 10 10.00
总分 100 99.5 分"""
    fund, indicators = find_tables(text.split("\n"))
    assert fund.title == "项目支出绩效自评表（技工院校实训设备购置）：项目资金"
    assert fund.rows == (("年度资金总额", "80.00", "80.00", "76.00", "10", "95.00%", "9.50"),)
    assert indicators.rows == (
        ("产出指标", "数量指标", "购置设备台数", ">=12 台", "=12 台", "20", "20.00", ""),
        ("产出指标", "质量指标", "设备验收合格率", ">=95%", "=100%", "20", "20.00", ""),
        (
            "成本指标",
            "经济成本指标",
            "设备购置成本",
            "<=80 万元",
            "=76 万元",
            "20",
            "19.00",
            "结余资金已收回。",
        ),
        ("满意度指标", "满意度指标", "学员满意度", ">=90%", "=93%", "10", "10.00", ""),
        ("总分", "", "", "", "", "100", "99.5", ""),
    )
    assert indicators.row_lines[1] == 15  # "设备验收合"
