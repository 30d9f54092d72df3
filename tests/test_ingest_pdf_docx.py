"""PDF and DOCX readers on small disclosures built here: lines, tables, line spans, errors."""

from __future__ import annotations

import zipfile

import pytest

from qa.errors import DocumentError
from qa.ingest.docx import extract_docx
from qa.ingest.pdf import extract_pdf

TITLE = "某某局2024年部门预算公开"
SANGONG = "2024年财政拨款“三公”经费预算数为2.28万元，比上年减少0.12万元。"
CAPTION = "表10 财政拨款“三公”经费支出情况表"
HEADER = ("项目", "合计", "一般公共预算")
BODY = [("合计", "2.28", "2.28"), ("公务接待费", "1.00", "1.00"), ("公务用车购置及运行费", "1.28", "1.28")]


def _cited(lines: list[str], table) -> list[tuple[str, ...]]:
    return [tuple(lines[n - 1].split("\t")) for n in table.row_lines]


# --- DOCX -----------------------------------------------------------------------------------------


@pytest.fixture
def docx_file(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(SANGONG)
    document.add_paragraph(CAPTION)
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=2 + len(BODY), cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "合计"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "资金来源"
    table.cell(1, 2).text, table.cell(1, 3).text = "一般公共预算", "政府性基金"
    for i, row in enumerate(BODY, start=2):
        for j, value in enumerate((*row, "")):
            table.cell(i, j).text = value
    document.add_paragraph("以上数据为预算数。")
    path = tmp_path / "budget.docx"
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_body_order(docx_file):
    lines, tables = extract_docx(docx_file)
    text = [ln for ln in lines if ln]
    assert text[:4] == [TITLE, SANGONG, CAPTION, "单位：万元"]
    assert text[-1] == "以上数据为预算数。"
    (table,) = tables
    assert (table.number, table.title, table.unit) == ("表10", "财政拨款“三公”经费支出情况表", "万元")
    # Merged cells: text in the first grid cell, "" where it spans.
    assert table.header == (("项目", "合计", "资金来源", ""), ("", "", "一般公共预算", "政府性基金"))
    assert table.rows == tuple((*r, "") for r in BODY)
    assert _cited(lines, table) == list(table.rows)
    assert lines[table.line_start - 1] == CAPTION
    assert lines.index(SANGONG) < table.line_start < table.line_end < lines.index("以上数据为预算数。")


def test_docx_corrupt_files_raise_document_error(tmp_path):
    not_zip = tmp_path / "broken.docx"
    not_zip.write_bytes(b"PK\x03\x04 truncated")
    bad_xml = tmp_path / "bad-xml.docx"
    with zipfile.ZipFile(bad_xml, "w") as z:
        z.writestr("[Content_Types].xml", "<not xml")
    for path in (not_zip, bad_xml):
        with pytest.raises(DocumentError, match="DOCX"):
            extract_docx(path)


# --- PDF ------------------------------------------------------------------------------------------


def _grid(c, x: float, top: float, rows: list[tuple[str, ...]], width: float = 140, height: float = 20):
    """Draw `rows` as a ruled grid whose top edge is at y=`top` (PDF points)."""
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(x + j * width + 4, top - (i + 1) * height + 6, cell)
    for i in range(len(rows) + 1):
        c.line(x, top - i * height, x + len(rows[0]) * width, top - i * height)
    for j in range(len(rows[0]) + 1):
        c.line(x + j * width, top, x + j * width, top - len(rows) * height)


def _pdf(path, pages, encrypt=None):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built-in CID font: a real text layer
    c = canvas.Canvas(str(path), encrypt=encrypt)
    for draw in pages:
        c.setFont("STSong-Light", 10)
        draw(c)
        c.showPage()
    c.save()
    return path


def _page_one(c):
    c.drawString(72, 780, TITLE)
    c.drawString(72, 750, SANGONG)
    c.drawString(72, 720, CAPTION)
    c.drawString(400, 705, "单位：万元")
    _grid(c, 72, 700, [HEADER, *BODY[:2]])


def _page_two(c):  # the table continues with its header repeated, then the narrative resumes
    _grid(c, 72, 780, [HEADER, BODY[2]])
    c.drawString(72, 700, "以上数据为预算数。")


def test_pdf_lines_and_tables(tmp_path):
    lines, tables = extract_pdf(_pdf(tmp_path / "budget.pdf", [_page_one, _page_two]))
    assert lines[:4] == [TITLE, SANGONG, CAPTION, "单位：万元"]
    assert lines[-1] == "以上数据为预算数。"
    (table,) = tables  # continued across the page break: merged, repeated header dropped
    assert (table.number, table.title, table.unit) == ("表10", "财政拨款“三公”经费支出情况表", "万元")
    assert table.header == (HEADER,)
    assert table.rows == tuple(BODY)
    assert _cited(lines, table) == BODY
    assert lines[table.line_start - 1] == CAPTION and table.line_end == table.row_lines[-1]


def test_pdf_errors(tmp_path):
    scanned = _pdf(tmp_path / "scan.pdf", [lambda c: c.rect(100, 100, 300, 400, fill=1)])
    with pytest.raises(DocumentError, match="OCR"):
        extract_pdf(scanned)
    locked = _pdf(tmp_path / "locked.pdf", [_page_one], encrypt="secret")
    with pytest.raises(DocumentError, match="加密"):
        extract_pdf(locked)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\n this is not a pdf body")
    with pytest.raises(DocumentError, match="损坏"):
        extract_pdf(garbage)
