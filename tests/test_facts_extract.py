"""Facts extracted from the real corpus: value, unit, metric, period, aspect and line."""

from __future__ import annotations

import re
from functools import cache

import pytest

from qa.facts import extract_facts
from qa.types import Document, Fact
from tests.corpus_docs import BAYINGOL_2024, CENTER_2025, CHANGJI_2022, FINAL_2023, TARGETS_2022, doc

CENTER, BAYINGOL_24, BAYINGOL_22 = CENTER_2025, BAYINGOL_2024, TARGETS_2022
CHANGJI_22, CHANGJI_23 = CHANGJI_2022, FINAL_2023


@cache
def loaded(doc_id: str) -> tuple[Document, tuple[Fact, ...]]:
    """A corpus document and its facts, extracted once per test session."""
    d = doc(doc_id)
    return d, tuple(extract_facts(d))


def find(doc_id: str, line: int, value: float, **fields) -> Fact:
    """The one fact of `doc_id` on `line` with `value` and the given field values."""
    hits = [f for f in loaded(doc_id)[1] if f.line_start == line and abs(f.value - value) < 1e-9
            and all(getattr(f, k) == v for k, v in fields.items())]
    assert hits, f"no fact {value} {fields} on line {line} of {doc_id}"
    return hits[0]


# (doc, line, value, fields) — a dozen per document, from tables and narrative
CASES = [
    # 三公 total and components (narrative), change with sign, rate, reason
    (CENTER, 597, 2.28, dict(metric="财政拨款“三公”经费", unit="万元", period="预算数", aspect="amount", origin="text")),
    (CENTER, 597, 0.08, dict(metric="公务接待费", row_path=("财政拨款“三公”经费", "公务接待费"))),
    (CENTER, 597, 2.20, dict(metric="公务用车运行费", origin="text")),
    (CENTER, 599, -2.01, dict(metric="财政拨款“三公”经费", aspect="change", direction="减少", unit="万元")),
    (CENTER, 599, -46.85, dict(metric="财政拨款“三公”经费", aspect="rate", unit="%")),
    (CENTER, 601, -2.00, dict(metric="公务用车运行费", aspect="change", reason="本年度有一辆车调出，保有量减少")),
    (CENTER, 400, 2.28, dict(metric="财政拨款“三公”经费", origin="table", column_path=("合计",))),
    (CENTER, 84, 25, dict(metric="编制数", aspect="count")),
    (CENTER, 84, 29, dict(metric="实有人数", unit="人")),
    (CENTER, 627, 24.66, dict(metric="房屋面积", unit="平方米", period=None)),
    (CENTER, 627, 6.11, dict(metric="房屋价值", unit="万元")),
    (CENTER, 297, 103.33, dict(metric="基本工资", code="30101", row_path=("工资福利支出", "基本工资"),
                               column_path=("一般公共预算基本支出", "合计"))),
    (CENTER, 555, 120.00, dict(metric="各类人事考试工作经费", origin="text", row_path=("各类人事考试工作经费",))),
    (CENTER, 343, 120.00, dict(metric="各类人事考试工作经费", code="2080199", column_path=("项目支出合计",))),
    (CENTER, 619, 0.50, dict(metric="政府采购货物", row_path=("政府采购", "政府采购货物"))),
    (CENTER, 491, 292.83, dict(metric="行政运行", code="2080101", origin="text", period="预算数")),
    (CENTER, 676, 60000, dict(metric="参加考试人数", operator=">=", unit="人", aspect="target", period="指标值")),
    # bayingol 2024 budget: tab-separated tables
    (BAYINGOL_24, 702, 19.00, dict(metric="财政拨款“三公”经费", origin="text")),
    (BAYINGOL_24, 704, -3.00, dict(metric="公务用车运行费", aspect="change")),
    (BAYINGOL_24, 704, -14.29, dict(metric="公务用车运行费", aspect="rate")),
    (BAYINGOL_24, 430, 19.00, dict(metric="财政拨款“三公”经费", origin="table")),
    (BAYINGOL_24, 331, 366.95, dict(metric="基本工资", code="30101")),
    (BAYINGOL_24, 352, 1.00, dict(metric="公务接待费", code="30217")),
    (BAYINGOL_24, 204, 4876.08, dict(metric="支出总计", column_path=("支出预算", "项目支出"))),
    (BAYINGOL_24, 94, 89, dict(metric="编制数")),
    (BAYINGOL_24, 94, 83, dict(metric="在职人数", row_path=("实有人数", "在职人数"))),
    (BAYINGOL_24, 644, 1400.00, dict(metric="2024年中央就业补助资金项目")),
    (BAYINGOL_24, 716, 94.21, dict(metric="机关运行经费", period="预算数")),
    (BAYINGOL_24, 728, 445.19, dict(metric="房屋面积")),
    (BAYINGOL_24, 760, 4.25, dict(operator="<=", unit="万元/月", aspect="target")),
    # bayingol 2022 performance targets
    (BAYINGOL_22, 17, 9, dict(metric="保障公务用车数量", operator="=", unit="辆", aspect="target", period="指标值")),
    (BAYINGOL_22, 18, 109, dict(operator=">=", unit="人")),
    (BAYINGOL_22, 36, 100, dict(metric="工资发放准确率", operator="=", unit="%")),
    (BAYINGOL_22, 49, 5, dict(operator="<=", unit="%")),
    (BAYINGOL_22, 62, 24, dict(operator="<=", unit="小时")),
    (BAYINGOL_22, 72, 3.80, dict(metric="就业创业宣传成本", operator="<=", unit="万元")),
    (BAYINGOL_22, 75, 3, dict(operator="<=", unit="万元/人")),
    (BAYINGOL_22, 82, 90, dict(metric="办公用品利用率", operator=">=", unit="%")),
    (BAYINGOL_22, 9, 1663.73, dict(metric="人员保障", unit="万元", column_path=("预算金额（万元）", "总额"))),
    (BAYINGOL_22, 16, 7851.03, dict(unit="平方米", operator="=")),
    (BAYINGOL_22, 85, 5, dict(unit="年", operator=">=")),
    (BAYINGOL_22, 10, 114.4, dict(metric="运转保障", period="预算数")),
    # changji 2022 budget: one cell per line
    (CHANGJI_22, 21, 67, dict(metric="编制数", unit="个")),
    (CHANGJI_22, 21, 116, dict(metric="实有人数")),
    (CHANGJI_22, 2029, 9.2, dict(metric="财政拨款“三公”经费", origin="text")),
    (CHANGJI_22, 2030, -0.1, dict(metric="公务接待费", aspect="change")),
    (CHANGJI_22, 1939, 955.29, dict(metric="行政运行", code="2080101", origin="text")),
    (CHANGJI_22, 1305, 303.86, dict(metric="基本工资", code="30101", origin="table")),
    (CHANGJI_22, 1628, 130, dict(metric="机关运行补助经费", code="2080102", column_path=("项目支出合计",))),
    (CHANGJI_22, 1630, 130, dict(metric="机关运行补助经费", column_path=("商品和服务支出",))),
    (CHANGJI_22, 1968, 130, dict(metric="机关运行补助经费", origin="text")),
    (CHANGJI_22, 2037, 280.27, dict(metric="政府采购")),
    (CHANGJI_22, 2041, 23005.82, dict(metric="房屋面积")),
    (CHANGJI_22, 2042, 7, dict(metric="车辆数", unit="辆")),
    (CHANGJI_22, 2186, 9, dict(metric="聘用人员数量", operator=">=", unit="人")),
    # changji 2023 final accounts: PDF text
    (CHANGJI_23, 135, 3205.91, dict(metric="收入总计", period="决算数")),
    (CHANGJI_23, 159, 2638.26, dict(metric="财政拨款收入", row_path=("本年收入", "财政拨款收入"))),
    (CHANGJI_23, 161, 84.35, dict(metric="财政拨款收入", aspect="share")),
    (CHANGJI_23, 253, 7.14, dict(metric="信息化建设", code="2010607", period="决算数", aspect="amount")),
    (CHANGJI_23, 253, 7.14, dict(metric="信息化建设", aspect="change", direction="增加")),
    (CHANGJI_23, 456, 9.18, dict(metric="财政拨款“三公”经费", period="决算数")),
    (CHANGJI_23, 470, 0.38, dict(metric="公务接待费", row_path=("财政拨款“三公”经费", "公务接待费"))),
    (CHANGJI_23, 200, 2049.90, dict(period="年初预算数")),
    (CHANGJI_23, 202, 28.70, dict(aspect="variance_rate")),
    (CHANGJI_23, 569, 23005.82, dict(metric="房屋面积")),
    (CHANGJI_23, 912, 560.00, dict(metric="2021年度博士后资助经费", period="年初预算数", origin="table")),
    (CHANGJI_23, 912, 100.00, dict(aspect="execution_rate", unit="%")),
    (CHANGJI_23, 987, 14, dict(metric="受资助博士后在站期间公开发表论文数量", operator=">=", aspect="target")),
    (CHANGJI_23, 987, 31, dict(aspect="actual", period="实际完成值")),
    # self-evaluation forms: 总分 is its own row, the project comes from the title even with
    # nested brackets, the 偏差原因 cell is the reason, 实际完成指标值 is an actual
    (CHANGJI_23, 1720, 63.5, dict(metric="总分", aspect="score", unit="分", column_path=("得分",),
                                  row_path=("人社局劳动保障大厦维修经费", "总分"))),
    (CHANGJI_23, 3178, 80.43, dict(metric="总分", aspect="score", row_path=("就业工作经费", "总分"))),
    (CHANGJI_23, 1196, 99.99, dict(metric="总分", row_path=("“为民办实事”工作经费（区级）", "总分"))),
    (CHANGJI_23, 1215, 6.00, dict(row_path=("“为民办实事”工作经费（州级）", "当年财政拨款"), period="年初预算数")),
    (CHANGJI_23, 1615, 3.5, dict(metric="维修房屋数量", aspect="score", column_path=("得分",),
                                 reason="本办公楼建成时间较早，在实际维护过程中，发现需维护的数量比预期增加，故产生偏差。")),
    (CHANGJI_23, 1615, 66, dict(aspect="actual", reason="本办公楼建成时间较早，在实际维护过程中，发现需维护的数量比预期增加，故产生偏差。")),
    (CHANGJI_23, 774, 2.24, dict(metric="城镇新增就业", aspect="actual", period="实际完成值", unit="万人次",
                                 column_path=("实际完成指标值",))),
]


@pytest.mark.parametrize(("doc_id", "line", "value", "fields"), CASES)
def test_fact(doc_id, line, value, fields):
    fact = find(doc_id, line, value, **fields)
    assert fact.line_end == fact.line_start
    assert fact.doc_id == doc_id and fact.year and fact.issuer
    assert fact.quote and fact.raw


@pytest.mark.parametrize("doc_id", [CENTER, BAYINGOL_24, BAYINGOL_22, CHANGJI_22, CHANGJI_23])
def test_each_fact_cites_its_number(doc_id):
    """The number as written stands on the cited source line."""
    doc, facts = loaded(doc_id)
    lines = doc.lines
    misses = [f for f in facts if f.raw not in lines[f.line_start - 1]]
    assert not misses, misses[:3]


def test_years_codes_and_document_numbers_are_not_figures():
    _, facts = loaded(CENTER)
    assert not [f for f in facts if f.origin == "text" and f.value in (2025, 2024) and f.unit == ""]
    assert not [f for f in loaded(CHANGJI_22)[1] if f.value == 20801]  # "20801人力资源…" is a code


def _self_evaluation_tables(d: Document):
    return [t for t in d.tables if t.kind == "project_self_evaluation"]


def test_self_evaluation_totals_are_named_总分_and_only_总分():
    """Each form's 总分 row gives two facts (分值 100, 得分), named 总分 under the project, and
    no indicator group (满意度指标 …) is carried down onto it."""
    d, facts = loaded(CHANGJI_23)
    totals = [f for f in facts if "总分" in f.row_path]
    assert len(totals) == 2 * 23
    assert all(f.metric == "总分" and f.aspect == "score" and f.unit == "分" and len(f.row_path) == 2
               and f.row_path[1] == "总分" and f.row_path[0] in re.sub(r"\s+", "", f.table) for f in totals)
    assert sorted(f.value for f in totals if f.column_path == ("分值",)) == [100] * 23


def test_self_evaluation_facts_carry_their_project():
    """Every figure of a 项目支出绩效自评表 starts its row path with the project its title names,
    also when the name has brackets of its own ("…工作经费（区级）")."""
    d, facts = loaded(CHANGJI_23)
    labels = {t.label for t in _self_evaluation_tables(d)}
    form_facts = [f for f in facts if f.table in labels]
    assert len(form_facts) > 900
    missing = [f for f in form_facts
               if not f.row_path or f"（{f.row_path[0]}）：" not in re.sub(r"\s+", "", f.table)]
    assert not missing, missing[:3]
    nested = {f.row_path[0] for f in form_facts if "级）" in f.row_path[0]}
    assert nested == {"“为民办实事”工作经费（区级）", "“为民办实事”工作经费（州级）"}


def test_deviation_reasons_reach_every_figure_of_their_row():
    """The 偏差原因分析及改进措施 cell is the reason of the figures in its row, and only of them."""
    d, facts = loaded(CHANGJI_23)
    checked = 0
    for t in _self_evaluation_tables(d):
        if not t.title.endswith("绩效指标"):
            continue
        ends = [*t.row_lines[1:], t.line_end + 1]
        for row, start, end in zip(t.rows, t.row_lines, ends, strict=True):
            row_facts = [f for f in facts if f.table == t.label and start <= f.line_start < end]
            assert row_facts, row
            assert {f.reason for f in row_facts} == {row[7] or None}, (t.title, row)
            checked += bool(row[7])
    assert checked == 29
    assert not [f for f in facts if f.reason and f.origin == "table" and not f.table.startswith("项目支出绩效自评表")]
