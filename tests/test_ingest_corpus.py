"""Ingest on the real corpus: metadata, tables of every layout, sections, paragraphs.

Expected values are read off the corpus files (line numbers are the files' own).
"""

from __future__ import annotations

import pytest

from qa.types import Document, Table
from tests.corpus_docs import (
    BAYINGOL_2024,
    CENTER_2025,
    CHANGJI_2022,
    FINAL_2023,
    TARGETS_2022,
    doc,
    table,
)


def row(t: Table, first_cell: str, col: int = 0) -> tuple[str, ...]:
    found = [r for r in t.rows if r[col] == first_cell]
    assert found, f"no row {first_cell!r} in {t.label}"
    return found[0]


# --- metadata -----------------------------------------------------------------

CHANGJI, BAYINGOL = "昌吉回族自治州", "巴音郭楞蒙古自治州"


@pytest.mark.parametrize(
    ("doc_id", "issuer", "region", "year", "doc_type"),
    [
        (CENTER_2025, "昌吉回族自治州人力资源和社会保障服务中心", CHANGJI, 2025, "budget"),
        (BAYINGOL_2024, "巴音郭楞蒙古自治州人力资源和社会保障局", BAYINGOL, 2024, "budget"),
        (CHANGJI_2022, "昌吉回族自治州人力资源和社会保障局", CHANGJI, 2022, "budget"),
        (FINAL_2023, "昌吉回族自治州人力资源和社会保障局", CHANGJI, 2023, "final_accounts"),
        (TARGETS_2022, "巴音郭楞蒙古自治州人力资源和社会保障局", BAYINGOL, 2022, "performance_targets"),
    ],
)
def test_metadata_is_read_from_content(doc_id, issuer, region, year, doc_type):
    d = doc(doc_id)
    assert (d.issuer, d.region, d.year, d.doc_type) == (issuer, region, year, doc_type)
    assert d.title.startswith(issuer) and str(year) in d.title
    assert not [p for p in d.problems if "公开单位" in p.message or "年度" in p.message]


def test_titles():
    assert doc(CENTER_2025).title == "昌吉回族自治州人力资源和社会保障服务中心2025年部门预算公开"
    assert doc(CHANGJI_2022).title == "昌吉回族自治州人力资源和社会保障局2022年部门预算公开"
    assert "整体支出绩效目标表" in doc(TARGETS_2022).title


def test_layouts():
    layouts = {d: doc(d).layout for d in (CENTER_2025, BAYINGOL_2024, CHANGJI_2022, FINAL_2023, TARGETS_2022)}
    assert layouts == {
        CENTER_2025: "markdown",
        BAYINGOL_2024: "tsv",
        CHANGJI_2022: "cell_lines",
        FINAL_2023: "pdf_text",
        TARGETS_2022: "tsv",
    }


# --- tables: markdown pipes -------------------------------------------------------


def test_markdown_three_public_table():
    t = table(doc(CENTER_2025), "表10 财政拨款“三公”经费支出情况表")
    assert (t.unit, t.line_start, t.line_end) == ("万元", 388, 405)
    assert t.header[0] == ("“三公”经费支出内容", "合计", "资金来源", "", "")
    assert t.header[1] == ("", "", "一般公共预算", "政府性基金", "国有资本经营预算")
    assert t.header[-1][0] == "※"  # the column-number row belongs to the header
    assert t.rows[0] == ("合计", "2.28", "2.28", "", "")  # <b> stripped
    assert t.row_lines[0] == 400
    assert row(t, "公务接待费")[1] == "0.08"
    assert row(t, "公务用车运行费")[1:3] == ("2.20", "2.20")
    assert row(t, "因公出国（境）费") == ("因公出国（境）费", "", "", "", "")


def test_markdown_basic_expenditure_by_economic_class():
    t = table(doc(CENTER_2025), "表6 一般公共预算基本支出情况表")
    assert row(t, "基本工资", 2) == ("301", "01", "基本工资", "103.33", "103.33", "")
    assert t.row_lines[t.rows.index(row(t, "公务用车运行维护费", 2))] == 317


def test_markdown_table_continued_after_page_break_is_one_table():
    d = doc(CENTER_2025)
    t = table(d, "表2 部门收入总体情况表")
    assert (t.line_start, t.line_end) == (131, 171)
    assert row(t, "行政运行", 3)[4] == "292.83"  # first page
    assert row(t, "住房公积金", 3)[4] == "33.47"  # after 编制部门/单位 and the repeated header
    assert len(t.header) == 3
    assert not [r for r in t.rows if r[0] in ("功能分类科目编码", "类", "※")]  # header not repeated
    assert 163 in t.row_lines and 155 not in t.row_lines  # 155 is the bare caption 编制部门：…
    assert not [x for x in d.tables if x.line_start == 155]


def test_markdown_missing_table_number_inferred_and_reported():
    d = doc(CENTER_2025)
    t = table(d, "表4 财政拨款收支预算总体情况表")
    assert row(t, "一般公共预算")[1] == "730.08"
    assert any("表4" in p.message for p in d.problems)


def test_markdown_every_table_is_rectangular_and_titled():
    for doc_id in (CENTER_2025, BAYINGOL_2024, CHANGJI_2022, TARGETS_2022):
        for t in doc(doc_id).tables:
            widths = {len(r) for r in (*t.header, *t.rows)}
            assert len(widths) <= 1, (doc_id, t.label)
            assert t.title and len(t.rows) == len(t.row_lines)
            assert not [c for r in (*t.header, *t.rows) for c in r if "<b>" in c or "<br>" in c or "</" in c]


def test_markdown_short_separator_is_not_a_body_row():
    # Regression: "|--|" separators (fewer than three dashes) were read as a data row.
    for t in doc(CENTER_2025).tables:
        assert not [r for r in t.rows if all(set(c) <= set("-: ") for c in r)], t.label
    perf = table(doc(CENTER_2025), "部门整体绩效目标表")
    assert perf.rows[0][0] == "部门名称(盖章)"


# --- tables: tab-separated ---------------------------------------------------------


def test_tsv_three_public_table():
    t = table(doc(BAYINGOL_2024), "表10 财政拨款“三公”经费支出情况表")
    assert t.unit == "万元"
    assert t.rows[0] == ("合计", "19.00", "19.00", "", "")
    assert row(t, "公务接待费")[1] == "1.00"
    assert row(t, "公务用车运行费")[1] == "18.00"


def test_tsv_basic_expenditure_and_thousands():
    d = doc(BAYINGOL_2024)
    t = table(d, "表6 一般公共预算基本支出情况表")
    assert row(t, "基本工资", 2) == ("301", "01", "基本工资", "366.95", "366.95", "")
    assert row(t, "总计", 2)[3:] == ("1,583.14", "1,488.94", "94.21")


def test_tsv_table_continued_after_page_break_is_one_table():
    t = table(doc(BAYINGOL_2024), "表2 单位收入总体情况表")
    assert row(t, "行政单位离退休", 3)[4] == "40.96"  # line 164, first page
    assert row(t, "事业单位离退休", 3)[4] == "4.29"  # line 175, after the repeated header
    assert t.row_lines[t.rows.index(row(t, "事业单位离退休", 3))] == 175
    assert len(t.header) == 3 and not [r for r in t.rows if r[0] == "※"]


def test_tsv_merged_cells_stay_blank_and_wrapped_rows_kept_as_written():
    t = [x for x in doc(BAYINGOL_2024).tables if x.line_start == 764][0]
    assert row(t, "举办活动天数", 2)[:4] == ("", "", "举办活动天数", ">=280 天")
    wrapped = t.rows[t.row_lines.index(788)]  # "→指标→→年12月10日…" after a blank line
    assert wrapped[:4] == ("", "指标", "", "年12月10日")


def test_empty_tables_keep_their_header():
    t = table(doc(BAYINGOL_2024), "表8 政府性基金预算支出情况表")
    assert t.rows == () and t.header[-1][:5] == ("※", "※", "※", "※", "1")


def test_performance_targets_indicator_table():
    d = doc(TARGETS_2022)
    assert len(d.tables) == 1
    t = d.tables[0]
    assert t.title == "部门（单位）整体支出绩效目标表"
    assert t.rows[t.row_lines.index(17)] == ("", "", "数量指标", "保障公务用车数量", "=9辆")
    assert row(t, "人员保障")[2:] == ("1663.73", "1663.73", "0")
    # rows printed outside the grid: merged-cell labels kept, short rows placed in their columns
    assert t.rows[t.row_lines.index(39)] == ("年度绩效指标", "", "", "", "")
    assert t.rows[t.row_lines.index(43)] == ("", "", "质量指标", "高职学院临聘人员工资发放准确率", "=100%")
    assert t.rows[t.row_lines.index(72)] == ("", "", "成本指标", "就业创业宣传成本", "≤3.80万元")
    assert t.rows[t.row_lines.index(82)] == ("", "效益指标", "经济效益指标", "办公用品利用率", "≥90%")


# --- tables: one cell per line -------------------------------------------------------


def test_cell_lines_three_public_table():
    t = table(doc(CHANGJI_2022), "表8 一般公共预算“三公”经费支出情况表")
    assert t.unit == "万元"
    # 公务用车购置及运行费 spans its 合计 | 购置费 | 运行费 (qa/ingest/header.py)
    assert t.header[0] == ("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费")
    assert t.rows == (("9.2", "0", "8.8", "0", "8.8", "0.4"),)
    assert t.row_lines == (1827,)


def test_cell_lines_tables():
    d = doc(CHANGJI_2022)
    t1 = table(d, "表1 部门（单位）收支总体情况表")
    assert t1.rows[0] == ("财政拨款（补助）", "1541.71", "201 一般公共服务支出", "")  # "　" trimmed
    assert t1.header[1] == ("项目", "预算数", "功能分类", "预算数")  # "项     目" closed up
    assert row(t1, "收入总计")[1] == "1541.71"
    t6 = table(d, "表6 一般公共预算基本支出情况表")
    assert row(t6, "基本工资", 2)[:4] == ("301", "01", "基本工资", "303.86")
    targets = [t for t in d.tables if t.title == "项目支出绩效目标表"]
    assert len(targets) == 10
    assert targets[0].rows[0][:4] == (
        "预算单位",
        "昌吉州人力资源和社会保障局",
        "项目名称",
        "行政复议案件办案及工作经费",
    )


def test_table_counts():
    counts = {d: len(doc(d).tables) for d in (CENTER_2025, BAYINGOL_2024, CHANGJI_2022, TARGETS_2022)}
    assert counts == {CENTER_2025: 18, BAYINGOL_2024: 16, CHANGJI_2022: 19, TARGETS_2022: 1}
    numbered = [t.number for t in doc(BAYINGOL_2024).tables if t.number]
    assert numbered == [f"表{i}" for i in range(1, 12)]


# --- sections ---------------------------------------------------------------------


def test_three_public_narrative_section():
    d = doc(CENTER_2025)
    for line in range(595, 602):
        path = d.section_at(line)
        assert path[0] == "第三部分 2025年部门预算情况说明"
        assert path[1].startswith("十、关于") and "三公" in path[1]
    assert d.section_at(388)[-1] == "表10 财政拨款“三公”经费支出情况表"


def test_toc_does_not_swallow_the_document():
    d = doc(CENTER_2025)
    assert [s for s in d.sections if s.path == ("目录",)][0].line_end == 57
    assert not [s for s in d.sections if s.line_start < 58 and s.path != ("目录",)]
    part1 = [s for s in d.sections if s.path == ("第一部分 2025年部门概况",)]
    assert len(part1) == 1 and part1[0].line_start == 58
    assert d.section_at(62) == ("第一部分 2025年部门概况", "一、主要职能")


def test_sections_nest_by_numbering_not_markdown_level():
    d = doc(CENTER_2025)  # "## （二）…" sits under "### 五、…" although it has fewer #
    assert d.section_at(485) == (
        "第三部分 2025年部门预算情况说明",
        "五、关于昌吉回族自治州人力资源和社会保障服务中心2025年一般公共预算当年拨款情况说明",
        "（二）一般公共预算当年拨款结构情况",
    )


def test_wrapped_list_items_are_not_headings():
    d = doc(FINAL_2023)
    texts = [s.path[-1] for s in d.sections]
    assert ("第一部分 单位概况", "一、主要职能") in [s.path for s in d.sections]
    assert not [x for x in texts if x.startswith(("（一）贯彻", "（五）负责", "1.一般公共服务"))]
    assert d.section_at(456)[-1] == "七、财政拨款“三公”经费支出决算情况说明"


def test_table_sections_are_their_parents():
    t = table(doc(CHANGJI_2022), "表8 一般公共预算“三公”经费支出情况表")
    assert t.section == ("第2部分 2022年部门（单位）预算公开表",)


# --- paragraphs -------------------------------------------------------------------


def _paragraph_with(d: Document, needle: str):
    found = [p for p in d.paragraphs if needle in p.text]
    assert found, needle
    return found[0]


def test_hard_wrapped_text_is_joined_and_maps_to_lines():
    d = doc(FINAL_2023)
    p = _paragraph_with(d, "本年收入合计 3,127.86 万元")  # "本年收入合\n\n计 3,127.86 万元"
    assert p.line_at(p.text.index("本年收入合计")) == 135
    assert p.line_at(p.text.index("3,127.86")) == 137
    q = _paragraph_with(d, "基本支出 1,416.24 万元，占 47.07%")  # "1,416.24 万\n\n元"
    assert q.line_at(q.text.index("元，占 47.07%")) == 173
    assert (q.line_start, q.section[-1]) == (171, "三、支出决算情况说明")


def test_wrapped_item_keeps_its_reason():
    p = _paragraph_with(doc(FINAL_2023), "一般行政管理事务(项):支出决算数为 216.42 万元")
    assert "本年单位增加行政复议案件办案工作经费" in p.text  # joined across "主要原因是:" at a line end


def test_markdown_paragraphs_drop_markup_and_join_cut_lines():
    d = doc(CENTER_2025)
    p = _paragraph_with(d, "2025年财政拨款“三公”经费预算比上年预算减少2.01万元")
    assert (p.line_start, p.line_end) == (599, 601)
    assert "公务用车运行费减少 2.00 万元" in p.text
    assert p.line_at(p.text.index("车运行费减少")) == 601
    assert not [x for x in d.paragraphs if "**" in x.text or "<b>" in x.text]
    assert not [x for x in d.paragraphs if 7 <= x.line_start <= 57]  # the TOC is not prose


def test_every_paragraph_offset_is_a_source_line():
    for doc_id in (CENTER_2025, BAYINGOL_2024, CHANGJI_2022, FINAL_2023):
        d = doc(doc_id)
        in_tables = {ln for t in d.tables for ln in range(t.line_start, t.line_end + 1)}
        for p in d.paragraphs:
            for offset, line in p.offsets:
                assert line not in in_tables
                assert d.lines[line - 1].strip(), (doc_id, line)
                assert p.text[offset] in d.lines[line - 1] or p.text[offset] == d.lines[line - 1].strip()[0]
