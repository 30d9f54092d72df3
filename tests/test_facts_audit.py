"""Audit: planted contradictions are found and cited; consistent documents yield nothing."""

from __future__ import annotations

from qa.facts import audit_document, extract_facts
from qa.ingest import load_document
from tests.test_facts_extract import BAYINGOL_22, CENTER, CHANGJI_22, CHANGJI_23, loaded

TEMPLATE = """# 测试县人力资源和社会保障局

## 2025 年部门预算公开

表10

## 财政拨款“三公”经费支出情况表

单位：万元

| “三公”经费支出内容 | 合计 |
|---|---|
| 合计 | {total} |
| 因公出国（境）费 | 0.00 |
| 公务接待费 | 0.50 |
| 公务用车购置及运行费（小计） | 2.00 |
| 其中：公务用车购置费 | 0.00 |
| 公务用车运行费 | 2.00 |

## 十、关于测试县人力资源和社会保障局2025年财政拨款“三公”经费预算情况说明

测试县人力资源和社会保障局2025年财政拨款“三公”经费数为2.50万元，其中：因公出国（境）费0.00万元，公务用车购置费0.00万元，公务用车运行费2.00万元，公务接待费0.50万元。

2025年财政拨款“三公”经费预算比上年预算减少0.50万元，下降{rate}%，主要原因是压减公务接待。

项目完成时间：2025年{month}月{day}日。
"""


def audit_of(tmp_path, **values):
    path = tmp_path / "test-county-hrss-2025-budget.txt"
    path.write_text(TEMPLATE.format(**values), encoding="utf-8")
    doc = load_document(path)
    return audit_document(doc, extract_facts(doc))


def test_planted_contradictions_are_found_and_cited(tmp_path):
    findings = audit_of(tmp_path, total="3.00", rate="30.00", month="2", day="30")
    kinds = {f.kind for f in findings}
    assert {"sum_mismatch", "table_text_mismatch", "rate_mismatch", "bad_date"} <= kinds
    assert all(f.severity == "contradiction" for f in findings)
    text_vs_table = next(f for f in findings if f.kind == "table_text_mismatch")
    assert {c.line_start for c in text_vs_table.citations} == {13, 22}
    assert any(c.table for c in text_vs_table.citations) and any(c.table is None for c in text_vs_table.citations)
    assert sorted(text_vs_table.values) == [2.5, 3.0]
    rate = next(f for f in findings if f.kind == "rate_mismatch")
    assert rate.citations[0].line_start == 24 and "16.67" in rate.message


def test_consistent_document_yields_nothing(tmp_path):
    assert audit_of(tmp_path, total="2.50", rate="16.67", month="12", day="31") == []


def test_a_miss_of_one_rounding_step_is_rounding(tmp_path):
    findings = audit_of(tmp_path, total="2.50", rate="16.66", month="12", day="31")
    assert [(f.kind, f.severity) for f in findings] == [("rounding", "rounding")]


def test_corpus_contradictions():
    def kinds(doc_id):
        doc, facts = loaded(doc_id)
        return audit_document(doc, list(facts))

    dates = [f for f in kinds(BAYINGOL_22) if f.kind == "bad_date"]
    assert [(f.citations[0].line_start, f.values) for f in dates] == [(65, (2022.0, 11.0, 31.0))]
    # 劳动能力鉴定工作经费: 资金分配 12 + 6.4 + 6.4 + 8.6 + 1.4 = 34.8 against 预算安排规模 28.40
    center = [f for f in kinds(CENTER) if f.severity == "contradiction"]
    assert [(f.kind, f.citations[0].line_start, f.values) for f in center] == [("sum_mismatch", 543, (28.4, 34.8))]
    # 表7: 208 社会保障和就业支出 states 247 while 20801 (247) + 20807 (50) and 合计 are 297,
    # in its 项目支出合计 column (lines 1577, 1798) and its 商品和服务支出 column (1579, 1800)
    changji = [f for f in kinds(CHANGJI_22) if f.kind == "sum_mismatch"]
    assert {f.citations[0].line_start for f in changji} == {1577, 1579, 1798, 1800}
    # 收入总计 3,205.91 against 3,127.86 + 0.00 + 78.04: one rounding step
    assert [(f.kind, f.citations[0].line_start) for f in kinds(CHANGJI_23)] == [("rounding", 135)]
