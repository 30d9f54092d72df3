"""Extraction coverage of wild layouts and wordings that lost figures or their meaning.

Each class is checked on a real page of ../shared/wild AND on a second page or a second
phrasing written here (a constructed disclosure in a temporary file, read by the real
ingest and fact stages): amounts in documents whose kind names no period, a year inside
brackets that dates only the bracket, a long clause named by the metric that ends it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.facts import coverage, extract_facts
from qa.ingest import load_document
from qa.types import Fact
from tests.conftest import WILD
from tests.wild_docs import wild_facts

needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")
SANGONG = "财政拨款“三公”经费"


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


# A table glued onto one long line ("…执行情况表 (财政预计数) 表一 单位:万元 2020年 2021年 2021年
# 完成数 预算数 完成数 49,171 51,385 … 税收收入小计 27,631 …"): header years paired with their
# words, rows of label + the same number of figures, lost header words of a rate column
# named by the arithmetic it satisfies, the cut-off last row dropped.
def table_cells(facts, row: str) -> dict[str, float]:
    return {f.column_path[-1]: f.value for f in facts if f.origin == "table" and f.row_path[-1:] == (row,)}


@needs_wild
def test_glued_table_on_one_line():
    facts = wild_facts("xixia-district-2022-budget-tables")
    assert table_cells(facts, "增值税") == {"2020年完成数": 13950, "2021年预算数": 18835, "2021年完成数": 17585,
                                            "完成预算%": 93.36, "比上年增长%": 26.06}
    assert table_cells(facts, "合计")["2021年完成数"] == 51385  # the first row, written without a label
    assert find(facts, "增值税", 17585, period="决算数", unit="万元")
    assert not table_cells(facts, "印花税")  # the page is cut inside this row


GLUED = ("某县2024年财政预算执行情况和2025年财政预算(草案)相关表格\n"
         "某县财政局 目录 第一部分 2024年预算执行情况 2024年某县一般公共预算支出执行情况表 (财政预计数) 表二 "
         "单位:万元 2023年 2024年 2024年 完成数 预算数 完成数 120,000 125,000 118,750 95.00% -1.04% "
         "一般公共服务支出 10,000 12,000 10,800 90.00% 8.00% 教育支出 40,000 41,000 41,000 100.00% 2.50% "
         "农林水支出 20,000 25,000 22,000 88.00% 10.00% 卫生健康支出 5,000 5,000 4,000 80.00% -20.00% 住房保障支出 3,0\n")


def test_glued_table_in_a_written_page(tmp_path):
    facts = written_facts(tmp_path, GLUED)
    assert table_cells(facts, "教育支出") == {"2023年完成数": 40000, "2024年预算数": 41000, "2024年完成数": 41000,
                                              "完成预算%": 100.0, "比上年增长%": 2.5}
    assert table_cells(facts, "农林水支出")["完成预算%"] == 88.0
    assert table_cells(facts, "卫生健康支出")["比上年增长%"] == -20.0
    assert not table_cells(facts, "住房保障支出")


def test_glued_rate_column_nothing_names_is_left_out(tmp_path):
    # one row's growth does not follow from its amounts: the column fits no arithmetic on every
    # row, so its header stays unknown and its figures are left out rather than named
    facts = written_facts(tmp_path, GLUED.replace("-20.00%", "12.34%"))
    assert "完成预算%" in table_cells(facts, "卫生健康支出")
    assert not [f for f in facts if f.value == 12.34 or f.column_path[-1:] == ("比上年增长%",)]


# A 项目支出绩效自评表 glued onto one line: the fund block and the indicator block become the
# two tables a PDF form gives, the 年度总体目标 text stays narrative; a 指标值 / 实际完成值
# column holds figures even where most cells are words, an actual written bare takes its
# target's unit, "百分比" is %.
def form_cell(facts, metric: str, column: str) -> tuple[float, str] | None:
    """(value, unit) of the one table cell in row `metric` (its name, or its row's last label: a
    form's total row is named by its project) and column `column`."""
    hit = [f for f in facts if f.origin == "table" and metric in (f.metric, f.row_path[-1])
           and f.column_path[-1:] == (column,)]
    return (hit[0].value, hit[0].unit) if len(hit) == 1 else None


@needs_wild
def test_run_on_self_evaluation_form():
    facts = wild_facts("tangxi-town-2022-project-perf-selfeval")
    assert form_cell(facts, "本年财政拨款", "全年执行数") == (89.974, "万元")
    assert form_cell(facts, "基建工程委托业务项目数量", "年度指标值") == (50, "个")
    assert form_cell(facts, "基建工程委托业务项目数量", "实际完成值") == (50, "个")
    assert form_cell(facts, "委托业务报告合格率", "年度指标值") == (100, "%")
    assert form_cell(facts, "项目总成本", "实际完成值") == (90, "万元")
    assert form_cell(facts, "对控制基建项目成本影响程度", "分值") == (10, "分")
    assert [f for f in facts if f.origin == "text" and f.raw == "29.99"]  # the goal text is narrative


RUN_ON_FORM = (
    "某街道办事处2023年项目绩效自评\n"
    "附件2: 项目支出绩效自评表 (2023年度) 项目名称 社区环境整治项目 主管部门 某街道办事处 实施单位 某街道办事处 "
    "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 120 118 112.1 10 95.00% 9.5 "
    "其中:本年财政拨款 120 118 112.1 上年结转资金 其他资金 年度总体目标 预期目标 实际完成情况 "
    "完成辖区12个社区环境整治,预算资金120万元。 完成12个社区整治,支出112.1万元。 "
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
    "产出指标(50分) 数量指标 整治社区数量 =12个 12 15 15 质量指标 验收合格率 ≥95百分比 98 15 15 "
    "时效指标 完成时间 年底前完成 按期完成 10 10 成本指标 项目总成本 ≤120万元 112.1 10 10 "
    "效益指标(30分) 社会效益指标 居民环境改善 明显改善 明显改善 30 28 满意度指标(10分) 满意度指标 居民满意度 ≥90% 9\n"
)


def test_run_on_form_in_a_written_page(tmp_path):
    facts = written_facts(tmp_path, RUN_ON_FORM)
    assert form_cell(facts, "年度资金总额", "执行率") == (95.0, "%")
    assert form_cell(facts, "本年财政拨款", "全年预算数") == (118, "万元")
    assert form_cell(facts, "整治社区数量", "实际完成值") == (12, "个")
    assert form_cell(facts, "验收合格率", "实际完成值") == (98, "%")
    assert form_cell(facts, "项目总成本", "年度指标值") == (120, "万元")
    assert form_cell(facts, "居民环境改善", "得分") == (28, "分")
    assert not [f for f in facts if f.metric == "居民满意度"]  # the page cuts this row off
    levels = {f.row_path[-3:-1] for f in facts if f.metric == "项目总成本"}
    assert levels == {("产出指标", "成本指标")}  # unmarked level names are 二级 where 一级 carry scores
    assert [f for f in facts if f.origin == "text" and f.value == 112.1]


# "其中:30万元用于基建工程项目审计;29.99万元用于…": a figure its own words do not name is named by
# the purpose that follows it, not by the item before it.
@needs_wild
def test_amount_named_by_its_purpose():
    facts = [f for f in wild_facts("tangxi-town-2022-project-perf-selfeval") if f.origin == "text"]
    assert find(facts, "基建工程项目设计、规划、测绘", 29.99)
    assert find(facts, "基建工程项目审计", 30.0)
    assert not find(facts, "基建工程项目审计", 29.99)


def test_amount_named_by_its_purpose_in_a_written_report(tmp_path):
    facts = written_facts(tmp_path, "某县图书馆2023年部门整体支出绩效自评报告\n"
                          "2023年项目支出50万元,其中:20万元主要用于图书采购,18万元用于数字资源建设;12万元专项用于阅读推广活动。\n")
    assert find(facts, "图书采购", 20.0, period="决算数")
    assert find(facts, "数字资源建设", 18.0)
    assert find(facts, "阅读推广活动", 12.0)
    assert {f.row_path[0] for f in facts if f.value in (20.0, 18.0, 12.0)} == {"项目支出"}


# A table whose rows are years ("2015年 | 2840 | 90 | …", "2016年比2015年增减% | -16.77 | …"): the
# year names the row and gives its period (the document's year, the year before: 上年数), the
# items are the columns, a change row's figures are rates in %; a table that states no unit
# takes the one the narrative writes its figures with.
@needs_wild
def test_rows_that_are_years():
    facts = [f for f in wild_facts("qujiang-district-2016-sangong-final") if f.origin == "table"]
    assert find(facts, "公务接待费", 1400, period="上年数", unit="万元", row_path=("2015年",))
    assert find(facts, "公务接待费", 1356, period="决算数", unit="万元", row_path=("2016年",))
    assert find(facts, "车辆购置", -47.95, aspect="rate", unit="%")
    assert not [f for f in facts if f.metric in ("2015年", "2016年")]


YEAR_ROWS = ("某区2023年“三公”经费决算公开\n"
             "2023年全区“三公”经费决算数1,250.5万元,其中公务接待费420.3万元,比上年下降5.0%。\n"
             "2023年决算数与2022年决算数对比情况\n"
             "| 年度 | 合计 | 因公出国(境)费 | 公务接待费 | 公务用车购置及运行费 |\n"
             "|---|---|---|---|---|\n"
             "| 2022年 | 1,316.3 | 20.0 | 442.4 | 853.9 |\n"
             "| 2023年 | 1,250.5 | 18.0 | 420.3 | 812.2 |\n"
             "| 2023年比2022年增减% | -5.00 | -10.00 | -5.00 | -4.88 |\n")


def test_rows_that_are_years_in_a_written_table(tmp_path):
    facts = [f for f in written_facts(tmp_path, YEAR_ROWS) if f.origin == "table"]
    assert find(facts, "公务接待费", 442.4, period="上年数", unit="万元")
    assert find(facts, "公务接待费", 420.3, period="决算数", unit="万元")
    assert find(facts, "公务用车购置及运行费", -4.88, aspect="rate", unit="%")
    no_unit = written_facts(tmp_path, YEAR_ROWS.replace("万元", "元", 1), "other")  # two units: none
    assert not [f for f in no_unit if f.origin == "table" and f.unit in ("万元", "元")]


# Units as pages write them: ㎡ is an area; a word that begins with a unit word ("项目") is no
# unit after a glued number ("核心区规划20212021项目绩效目标" is two years, not 20212021 项).
@needs_wild
def test_square_metres_and_glued_words_after_numbers():
    assert find(wild_facts("honghe-data-center-2024-perf-selfeval"), "总建筑面积", 1000, unit="㎡")
    assert not [f for f in wild_facts("ningxiang-batang-town-2021-project-perf-targets") if f.value > 1e7]


def test_square_metres_and_glued_words_in_a_written_page(tmp_path):
    facts = written_facts(tmp_path, "某街道2023年部门决算公开\n"
                          "2023年末办公用房面积1,200㎡,公务用车2辆。项目实施进度计划开始时间完成时间1总体规划20222023项目绩效目标。\n")
    assert find(facts, "房屋面积", 1200, unit="㎡")  # 办公用房面积 as the lexicon names it
    assert not [f for f in facts if f.value == 20222023]


# "…18台网络数据通讯设备、25.29㎡P1.5LED显示屏": words before an enumeration mark name the item
# before it, never the figure after it; a figure nothing else names is no fact.
@needs_wild
def test_enumeration_words_name_the_item_before():
    facts = wild_facts("honghe-data-center-2024-perf-selfeval")
    assert find(facts, "网络数据通讯设备", 18, unit="台")
    assert not [f for f in facts if f.value == 25.29]


def test_enumeration_words_in_a_written_page(tmp_path):
    facts = written_facts(tmp_path, "某中心2023年部门决算公开\n"
                          "2023年新购置12台办公电脑、3.5万元LED屏及配套设备,支出合计20万元。\n")
    assert find(facts, "办公电脑", 12, unit="台")
    assert not [f for f in facts if f.value == 3.5 and f.metric in ("办公电脑", "办公电脑、")]


# A self-evaluation table whose header rows open with the block's scored label ("预算执行情况(10分)
# | 年度预算数(万元) | 年初预算 | …", "绩效指标(90分) | 一级指标 | …"), a cell spanning the block's
# rows that the body rows do not repeat: the header stands one column left of its figures. A
# target written over three cells (指标性质 ≤ | 指标值 30 | 度量单位 万元) is one figure.
def cell_facts(facts, row: str, column: str) -> list[Fact]:
    return [f for f in facts if f.origin == "table" and f.row_path[-1:] == (row,) and f.column_path[-1:] == (column,)]


@needs_wild
def test_scored_block_label_shifts_the_header():
    facts = wild_facts("daying-justice-2023-project-perf-selfeval")
    assert [(f.value, f.unit) for f in cell_facts(facts, "总额", "调整后预算数")] == [(3.36, "万元")]
    assert [(f.value, f.unit) for f in cell_facts(facts, "总额", "年初预算")] == [(0.0, "万元")]
    assert [f.value for f in cell_facts(facts, "财政资金", "预算执行率")] == [100.0]
    target = cell_facts(facts, "成本控制数", "指标值")
    assert [(f.value, f.unit, f.operator) for f in target] == [(30.0, "万元", "<=")]
    assert [(f.value, f.unit) for f in cell_facts(facts, "成本控制数", "权重")] == [(90.0, "分")]


SHIFTED = ("某县交通运输局2023年项目支出绩效自评\n"
           "部门预算项目支出绩效自评表(2023年度) | ||||||||||\n"
           "项目名称 | 2023年农村公路养护项目 | |||||||||\n"
           "主管部门 | 某县交通运输局 | 实施单位 | 某县公路事务中心 | |||||||\n"
           "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||\n"
           "总额 | 50.00 | 48.00 | 47.52 | 99.00% | 10 | 9.9 | 无 | |||\n"
           "其中:财政资金 | 50.00 | 48.00 | 47.52 | 99.00% | / | / | ||||\n"
           "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"
           "产出指标 | 数量指标 | 养护里程 | ≥ | 120 | 公里 | 126 | 30 | 30 | ||\n"
           "产出指标 | 成本指标 | 养护成本 | ≤ | 50 | 万元 | 47.52 | 30 | 30 | ||\n")


def test_scored_block_label_in_a_written_table(tmp_path):
    facts = written_facts(tmp_path, SHIFTED)
    assert [(f.value, f.unit) for f in cell_facts(facts, "总额", "预算执行数")] == [(47.52, "万元")]
    assert [f.value for f in cell_facts(facts, "财政资金", "预算执行率")] == [99.0]
    assert [(f.value, f.unit, f.operator) for f in cell_facts(facts, "养护成本", "指标值")] == [(50.0, "万元", "<=")]
    assert [(f.value, f.unit) for f in cell_facts(facts, "养护成本", "完成值")] == [(47.52, "万元")]
    assert [f.value for f in cell_facts(facts, "养护里程", "得分")] == [30.0]


# A 项目绩效目标表 glued without spaces ("项目名称X项目属性…主管部门…年度资金总额及构成总额
# 10606.7522万元财政拨款:…"): the project name stops at the next template field, and the amount
# of the template's 资金总额 field is the project's.
@needs_wild
def test_glued_target_form_fields():
    facts = wild_facts("ningxiang-batang-town-2021-project-perf-targets")
    assert find(facts, "镇域内基础设施建设", 10606.7522, unit="万元")
    assert find(facts, "财政拨款", 6923.3552, unit="万元")


def test_glued_target_form_fields_in_a_written_page(tmp_path):
    facts = written_facts(tmp_path, "某镇人民政府2022年绩效目标表\n"
                          "项目绩效目标表(2022年度)填报单位(盖章):某镇人民政府 项目名称农村饮水安全巩固提升工程项目属性延续项目"
                          "主管部门某镇主管部门编码项目负责人王某联系电话项目起止时间2022年度资金总额及构成总额520.5万元"
                          "财政拨款:500万元\n")
    assert find(facts, "农村饮水安全巩固提升工程", 520.5, unit="万元")
    assert not [f for f in facts if "项目属性" in f.metric]


# "支出2.05万元,年初预算为2.95万元,差值为0.9万元": a difference of the two amounts just stated is
# the change of the first against the second, signed by them; one they do not make stays as is.
@needs_wild
def test_difference_of_two_amounts():
    facts = wild_facts("hlx-unit-2018-sangong-final")
    assert find(facts, SANGONG, -0.9, aspect="change", direction="减少")
    assert find(facts, "公务接待费", 0.05, aspect="change", direction="增加")
    change = find(facts, "公务用车运行费", -0.95, aspect="change")
    assert change and "压减开支" in (change[0].reason or "")


def test_difference_in_a_written_statement(tmp_path):
    facts = written_facts(tmp_path, "某局2022年“三公”经费决算公开\n"
                          "2022年公务接待费支出3.2万元,年初预算为4万元,差额为0.8万元,原因为厉行节约;"
                          "公务用车运行维护费支出6万元,年初预算为5万元,差值为2万元。\n")
    assert find(facts, "公务接待费", -0.8, aspect="change", direction="减少", reason="厉行节约")
    assert not [f for f in facts if f.value in (2.0, -2.0) and f.aspect == "change"]  # 6 - 5 is not 2


# A 绩效目标表 glued into text ("…数量指标办公大楼日常维修维护次数反映办公大楼全年维修维护情况2280次"):
# the figure is named by the indicator, the words after the last 二级指标 name and before its
# explanation (反映…).
@needs_wild
@pytest.mark.parametrize("name, metric, value, unit", [
    ("ezhou-2022-project-perf-targets", "办公大楼日常维修维护次数", 2280, "次"),
    ("ezhou-2022-project-perf-targets", "大楼安检巡察次数", 200, "次"),
    ("ezhou-2022-project-perf-targets", "办公大楼日常维修维护验收合格率", 92, "%"),
    ("daying-unnamed-perf-selfeval-fragment", "足额保障率", 100, "%"),
    ("daying-unnamed-perf-selfeval-fragment", "结余率", 5, "%"),
])
def test_glued_indicator_names(name, metric, value, unit):
    assert find(wild_facts(name), metric, value, unit=unit)
    assert not [f for f in wild_facts(name) if f.origin == "text" and ("反映" in f.metric or "指标" in f.metric)]


def test_year_labels_are_not_figures_to_explain(tmp_path):
    """The coverage tool counts a table's figures, not the years that name its rows."""
    doc = load_document(WILD / "qujiang-district-2016-sangong-final.txt") if WILD.is_dir() else None
    for d in filter(None, [doc, load_document(_written(tmp_path, YEAR_ROWS))]):
        report = coverage(d, list(extract_facts(d)))
        assert report["table_numbers"] == report["table_explained"] > 0, d.doc_id


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "years.txt"
    path.write_text(text, encoding="utf-8")
    return path


# A table whose title names no lexicon metric states in its 合计 column the metric whose
# components name its other columns (合计 | 因公出国(境)经费 | 公务接待费 | … is the 三公 total).
@needs_wild
def test_total_column_named_by_its_components():
    facts = [f for f in wild_facts("qujiang-district-2016-sangong-final") if f.origin == "table"]
    assert find(facts, SANGONG, 2840, period="上年数", column_path=("合计",))
    assert find(facts, SANGONG, 2364, period="决算数", column_path=("合计",))


def test_total_column_named_by_its_components_in_a_written_table(tmp_path):
    facts = [f for f in written_facts(tmp_path, YEAR_ROWS) if f.origin == "table"]
    assert find(facts, SANGONG, 1316.3, period="上年数", unit="万元")
    assert find(facts, SANGONG, -5.0, aspect="rate", unit="%")


# A distributive enumeration pairs its items with its figures in order ("收、支总计各是x,y万元",
# "购置数及保有量分别为1辆和130辆"), a unit written once serving all; "…,各下降x%、y%" reuses
# the sentence's items; items and figures of unequal number pair nothing.
@needs_wild
def test_distributive_enumeration_pairs_items_and_figures():
    daying = wild_facts("daying-unit-2022-final")
    assert find(daying, "收入总计", 4125.49, period="决算数", aspect="amount", unit="万元")
    assert find(daying, "支出总计", 4143.91, period="决算数", aspect="amount", unit="万元")
    assert find(daying, "支出总计", -2570.97, aspect="change", direction="减少")
    assert find(daying, "收入总计", -23.51, aspect="rate", unit="%")
    assert find(daying, "支出总计", -38.28, aspect="rate", unit="%", direction="减少")
    qujiang = wild_facts("qujiang-district-2016-sangong-final")
    assert find(qujiang, "公务用车保有量", 130, unit="辆", aspect="count")
    assert find(qujiang, "公务用车购置数", 1, unit="辆")
    assert not find(qujiang, "公务用车保有量", 1)


def test_distributive_enumeration_in_a_written_statement(tmp_path):
    facts = written_facts(tmp_path, "某县档案馆2023年部门决算公开\n"
                          "2023年公务接待费和会议费分别为12.5万元、8万元，分别比上年减少1.5万元和0.5万元。"
                          "培训费、差旅费、印刷费分别为3万元和2万元。\n")
    assert find(facts, "公务接待费", 12.5, period="决算数", aspect="amount")
    assert find(facts, "会议费", 8.0, aspect="amount")
    assert find(facts, "会议费", -0.5, aspect="change", direction="减少")
    assert not find(facts, "印刷费", 2.0)  # three items, two figures: no pairing


# A label naming a budget (申请预算资金, 年初批复预算, 调整预算后…预算) states that budget whatever
# the document reports; what was spent of it (完成预算资金) stays the document's 决算数. An amount
# straight after a count ("8个项目985万元") is named by the words before the count.
@needs_wild
def test_budget_words_in_a_label_win_over_the_document_period():
    tangxi = wild_facts("tangxi-town-2022-project-perf-selfeval")
    assert find(tangxi, "本项目共申请预算资金", 90.0, period="预算数", origin="text")
    assert find(tangxi, "本项目共完成预算资金", 89.97, period="决算数")
    honghe = wild_facts("honghe-data-center-2024-perf-selfeval")
    assert find(honghe, "年初批复预算", 985.0, period="年初预算数", unit="万元")
    assert find(honghe, "项目", 8.0, unit="个", aspect="count")
    assert find(honghe, "调整预算后项目预算", 861.46, period="全年预算数")
    assert find(honghe, "年初结转结余项目", 50.0)  # "(含1个…项目50万元)": the noun names it


def test_budget_words_in_a_written_self_evaluation(tmp_path):
    facts = written_facts(tmp_path, "某镇人民政府2023年项目支出绩效自评报告\n"
                          "本项目申请预算资金50万元，共完成预算资金48.5万元。年初批复预算3个项目120万元。"
                          "年初预算为60万元。\n")
    assert find(facts, "本项目申请预算资金", 50.0, period="预算数")
    assert find(facts, "共完成预算资金", 48.5, period="决算数")
    assert find(facts, "年初批复预算", 120.0, period="年初预算数")
    assert not [f for f in facts if f.metric == "项目" and f.unit == "万元"]
    assert not [f for f in facts if f.metric.startswith("年初预算")]  # a bare period word names nothing
    # a budget's 年初预算收入 names its period too (区政协2017年年初预算收入 asks 年初预算数)
    budget = written_facts(tmp_path, "某区政协2017年部门预算公开\n(一)2017年初预算收入100万元,其中:一般公共预算拨款80万元。\n",
                           "budget")
    assert find(budget, "年初预算收入", 100.0, period="年初预算数")


# "三、其他:…万元" after "二、自有资金" is an item of its own (其他资金), and a 其中 list opened
# inside brackets ends with them: the next item is no part of the bracket's parent.
@needs_wild
def test_enumerated_other_item_and_bracketed_list():
    facts = wild_facts("ningxiang-batang-town-2021-project-perf-targets")
    assert find(facts, "其他资金", 3683.397, row_path=("其他资金",))
    assert not find(facts, "单位资金", 3683.397)
    assert find(facts, "单位资金", 0.0, row_path=("单位资金",))


def test_enumerated_other_item_in_a_written_form(tmp_path):
    facts = written_facts(tmp_path, "某县水利局2022年项目绩效目标表\n"
                          "资金总额100万元：一、财政拨款:60万元(其中:上级财政资金:40万元;本级财政:20万元)"
                          "二、自有资金:10万元三、其他:30万元。\n")
    assert find(facts, "其他资金", 30.0)
    assert find(facts, "单位资金", 10.0, row_path=("单位资金",))
    assert find(facts, "本级财政", 20.0, row_path=("财政拨款", "本级财政"))


# "收入总计X,支出总计Y,与上年相比,各增加Z万元,增长R%": a change stated once after 各 with no
# items of its own, and the bare rate after it, are each of the sentence's amounts' and their
# joint name's when the lexicon contracts it (收入支出总计 = 收支总计); "各单位增加…" names its own.
@needs_wild
@pytest.mark.parametrize("name, value, rate", [
    ("sanmen-psb-2020-final", 1898.18, 8.07),
    ("zhenhai-longsai-hospital-2021-final", -15894.34, -35.09),
])
def test_a_change_stated_for_each(name, value, rate):
    facts = wild_facts(name)
    for metric in ("收入总计", "支出总计", "收入支出总计"):
        assert find(facts, metric, value, aspect="change"), metric
        assert find(facts, metric, rate, aspect="rate", unit="%"), metric


def test_a_change_stated_for_each_in_a_written_statement(tmp_path):
    facts = written_facts(tmp_path, "某县档案馆2023年部门决算公开\n"
                          "2023年度收入总计120万元，支出总计118万元，与2022年度相比，各减少10万元，下降7.7%。"
                          "2023年公务接待费5万元，各单位增加2万元，增长3%。\n")
    assert find(facts, "收入总计", -10.0, aspect="change", direction="减少")
    assert find(facts, "支出总计", -10.0, aspect="change", direction="减少")
    assert find(facts, "收入支出总计", -7.7, aspect="rate")
    assert not find(facts, "公务接待费", 2.0)
    assert not find(facts, "公务接待费", 3.0)
