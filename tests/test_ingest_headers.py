"""Table headers line up with their body columns in every layout.

A header cell stands in the first column it covers, followed by "" for the columns it
spans; the column path of a figure is read top-down through those spans. Expected paths
are read off the corpus files (the figures' own columns, checked against the narrative).
"""

from __future__ import annotations

import pytest

from qa.ingest.header import align_header, is_column_number_row
from qa.ingest.normalize import is_number
from qa.types import Table
from tests.conftest import DOC_IDS
from tests.corpus_docs import BAYINGOL_2024, CENTER_2025, CHANGJI_2022, doc, table


def column_paths(t: Table) -> list[tuple[str, ...]]:
    """Each column's header path: its own cells, or the label to the left whose span it is in
    (a "" with a label below it in the same column)."""
    rows = [r for r in t.header if not is_column_number_row(r)]
    paths = []
    for j in range(len(t.header[0]) if t.header else 0):
        path = []
        for i, row in enumerate(rows):
            cell = row[j]
            if not cell and any(r[j] for r in rows[i + 1 :]):
                cell = next((row[k] for k in range(j - 1, -1, -1) if row[k]), "")
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        paths.append(tuple(path))
    return paths


def path_of(t: Table, row_label: str, value: str) -> tuple[str, ...]:
    """Header path of the column holding `value` in the row labelled `row_label`."""
    row = next(r for r in t.rows if row_label in r)
    return column_paths(t)[row.index(value)]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_figure_has_a_column_header(doc_id):
    for t in doc(doc_id).tables:
        if not t.header:
            continue
        paths = column_paths(t)
        for j, path in enumerate(paths):
            if any(is_number(r[j]) for r in t.rows):
                assert path, (t.label, j, t.header)


def test_cell_lines_spanning_labels_keep_their_columns():
    d = doc(CHANGJI_2022)
    t6 = table(d, "表6 一般公共预算基本支出情况表")
    assert t6.header[0] == ("项目", "", "", "一般公共预算基本支出", "", "")
    assert path_of(t6, "基本工资", "303.86") == ("一般公共预算基本支出", "合计")
    assert column_paths(t6)[4] == ("一般公共预算基本支出", "人员经费")
    assert column_paths(t6)[1] == ("项目", "经济分类科目编码", "款")
    t1 = table(d, "表1 部门（单位）收支总体情况表")
    assert t1.header[0] == ("收入", "", "支出", "")
    assert [p[0] for p in column_paths(t1)] == ["收入", "收入", "支出", "支出"]
    t3 = table(d, "表3 部门（单位）支出总体情况表")
    assert path_of(t3, "行政运行", "955.29") == ("支出预算", "合计")
    t7 = table(d, "表7 一般公共预算项目支出情况表")
    assert column_paths(t7)[5] == ("项目支出合计",) and column_paths(t7)[2] == ("科目编码", "项")


def test_cell_lines_three_public_table_groups():
    t = table(doc(CHANGJI_2022), "表8 一般公共预算“三公”经费支出情况表")
    assert t.header[0] == ("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费")
    assert column_paths(t) == [
        ("合计",),
        ("因公出国（境）费", "合计"),
        ("公务用车购置及运行费", "合计"),
        ("公务用车购置及运行费", "公务用车购置费"),
        ("公务用车购置及运行费", "公务用车运行费"),
        ("公务接待费",),
    ]


def test_tsv_headers():
    d = doc(BAYINGOL_2024)
    t6 = table(d, "表6 一般公共预算基本支出情况表")
    assert path_of(t6, "基本工资", "366.95")[-1] == "合计"
    assert column_paths(t6)[4] == ("一般公共预算基本支出", "人员经费")
    # 单位资金 375.98 and 财政拨款结转 2,596.00 (narrative, lines 479/481): the sub-column the
    # export wrote at the end of the row goes back into 财政拨款（补助）
    t2 = table(d, "表2 单位收入总体情况表")
    assert path_of(t2, "总计", "375.98") == ("单位资金",)
    assert path_of(t2, "总计", "2,596.00") == ("财政拨款结转",)
    assert column_paths(t2)[11] == ("财政拨款（补助）", "上级国有资本经营预算安排的转移支付")
    t3 = table(d, "表3 单位支出总体情况表")
    assert column_paths(t3)[3] == ("科目", "功能分类科目名称")  # not under 支出预算
    assert path_of(t3, "总计", "1,583.14") == ("支出预算", "基本支出")


def test_markdown_three_public_table_paths():
    t = table(doc(CENTER_2025), "表10 财政拨款“三公”经费支出情况表")
    assert column_paths(t)[1] == ("合计",) and t.rows[0][1] == "2.28"
    assert column_paths(t)[2] == ("资金来源", "一般公共预算") and t.rows[0][2] == "2.28"
    t6 = table(doc(CENTER_2025), "表6 一般公共预算基本支出情况表")
    assert t6.header[0] == ("科目", "", "", "一般公共预算基本支出", "", "")


def test_align_header_spreads_a_short_row_over_the_body():
    body = [("208", "01", "01", "行政运行", "955.29", "955.29", "")]
    header = align_header([["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"]], body, 7)
    assert header == [("功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出")]
