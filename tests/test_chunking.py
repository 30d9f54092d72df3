"""Chunking: section-aligned text chunks and self-contained table row groups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.chunking import chunk_document
from qa.chunking.tables import render_row
from qa.types import Document, Paragraph, Section, Table

SEC_A = ("第三部分 情况说明", "十、关于2025年财政拨款“三公”经费预算情况说明")
SEC_B = ("第三部分 情况说明", "十一、关于2025年上年结转结余预算情况说明")

SANGONG = Table(
    number="表10", title="财政拨款“三公”经费支出情况表", line_start=10, line_end=22, unit="万元",
    header=(("“三公”经费支出内容", "合计", "资金来源", "", ""), ("", "", "一般公共预算", "政府性基金", "国有资本经营预算")),
    rows=(("※", "1", "2", "3", "4"), ("<b>合计</b>", "<b>2.28</b>", "<b>2.28</b>", "", ""),
          ("因公出国（境）费", "", "", "", ""), ("公务接待费", "0.08", "0.08", "", ""),
          ("公务用车运行费", "2.20", "2.20", "", "")),
    row_lines=(15, 16, 17, 18, 19), section=SEC_A)


def _para(text: str, line: int, section: tuple[str, ...]) -> Paragraph:
    return Paragraph(text=text, line_start=line, line_end=line, section=section, offsets=((0, line),))


def _doc(paragraphs, tables=(), lines=30) -> Document:
    return Document(
        doc_id="t-2025-budget", title="测试单位2025年部门预算公开", issuer="测试单位", region="昌吉回族自治州",
        year=2025, doc_type="budget", layout="markdown", sha256="x", lines=("",) * lines,
        sections=(Section(SEC_A, 1, 25), Section(SEC_B, 26, lines)), tables=tuple(tables),
        paragraphs=tuple(paragraphs))


def test_table_row_reads_as_label_column_value():
    names = ["“三公”经费支出内容", "合计", "一般公共预算", "政府性基金", "国有资本经营预算"]
    assert render_row(("公务接待费", "0.08", "0.08", "", ""), names) == "公务接待费：合计 0.08；一般公共预算 0.08"
    assert render_row(("※", "1", "2", "3", "4"), names) == ""
    # A classification code stays with its name and is not read as an amount.
    assert render_row(("2080101", "行政运行", "12.50"), ["科目编码", "科目名称", "合计"]) == "2080101 行政运行：合计 12.50"


def test_table_chunks_repeat_heading_and_cover_their_rows():
    chunks = chunk_document(_doc([], [SANGONG]), table_chars=90)
    assert len(chunks) > 1, "a small budget must split the table into row groups"
    for c in chunks:
        assert c.kind == "table" and c.table == "表10 财政拨款“三公”经费支出情况表"
        assert c.text.startswith("表10 财政拨款“三公”经费支出情况表（单位：万元）\n栏目：")
        assert "一般公共预算" in c.text.splitlines()[1]
        # The embedder gets the rows (which name their columns), not the column list.
        assert "栏目：" not in c.embed_text and c.embed_text.startswith("测试单位 2025年 部门预算公开｜十、")
        assert 10 <= c.line_start <= c.line_end <= 22
        assert c.section == SEC_A
    assert chunks[0].line_start == 10 and chunks[-1].line_end == 22
    # Consecutive groups do not share lines, so one row is cited by one chunk.
    assert all(a.line_end < b.line_start for a, b in zip(chunks, chunks[1:], strict=False))
    body = "\n".join(c.text for c in chunks)
    assert "公务接待费：合计 0.08；一般公共预算 0.08" in body and "<b>" not in body


def test_paragraphs_group_within_a_section_only():
    paras = [_para("2025年财政拨款“三公”经费数为2.28万元。", 3, SEC_A), _para("公务接待费0.08万元。", 4, SEC_A),
             _para("上年结转结余0万元。", 27, SEC_B)]
    chunks = chunk_document(_doc(paras))
    assert [(c.section, c.line_start, c.line_end) for c in chunks] == [(SEC_A, 3, 4), (SEC_B, 27, 27)]
    assert chunks[0].embed_text.startswith("测试单位 2025年 部门预算公开｜十、关于2025年财政拨款“三公”经费预算情况说明\n")


def test_long_paragraph_splits_at_sentences_and_maps_lines():
    sentences = [f"第{i}项支出为{i}.5万元，主要用于日常运转和业务开展。" for i in range(12)]
    text = "".join(sentences)
    offsets = tuple((i * len(sentences[0]), 40 + i) for i in range(12))
    para = Paragraph(text=text, line_start=40, line_end=51, section=SEC_B, offsets=offsets)
    chunks = chunk_document(_doc([para], lines=60), text_chars=100)
    assert len(chunks) >= 3
    assert all(len(c.text) <= 100 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    assert chunks[0].line_start == 40 and chunks[-1].line_end == 51
    assert "".join(c.text for c in chunks) == text


def test_chunk_ids_are_stable_and_distinct():
    paras = [_para("同一句话。", 3, SEC_A), _para("同一句话。", 27, SEC_B)]
    a, b = chunk_document(_doc(paras)), chunk_document(_doc(paras))
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == 2


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _bare(text: str) -> str:
    return re.sub(r"[^0-9\u4e00-\u9fff]", "", text)


@pytest.fixture(scope="module")
def real_chunks():
    ingest = pytest.importorskip("qa.ingest")
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        doc = ingest.load_document(path)
        out[doc.doc_id] = (doc, chunk_document(doc))
    return out


def test_real_corpus_chunks_stay_in_sections_and_cite_their_text(real_chunks):
    for doc, chunks in real_chunks.values():
        assert chunks, doc.doc_id
        for c in chunks:
            assert 1 <= c.line_start <= c.line_end <= len(doc.lines), (doc.doc_id, c.line_start, c.line_end)
            if c.kind == "text":
                # A text chunk's first and last words are on the lines it cites (markup aside).
                span, text = _bare("".join(doc.lines[c.line_start - 1 : c.line_end])), _bare(c.text)
                assert text[:8] in span and text[-8:] in span, (doc.doc_id, c.line_start, c.text[:30])
            assert len(c.text) <= 700, (doc.doc_id, len(c.text))


def test_real_corpus_sangong_rows_are_searchable_text(real_chunks):
    _, chunks = real_chunks["changji-hrss-center-2025-budget"]
    table = [c for c in chunks if c.kind == "table" and "三公" in (c.table or "")]
    assert table, "the 三公 table of the 2025 budget must be chunked"
    assert any("公务接待费：合计 0.08" in c.text for c in table)
