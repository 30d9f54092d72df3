"""Text lines and ruled tables of a PDF disclosure, via pdfplumber.

The document's lines are built page by page, top to bottom: the text lines
outside tables as pdfplumber reads them, and each table pdfplumber finds (ruled
grid) written in place as one tab-separated line per table row. So a table's
line span and `row_lines` point at lines that hold exactly its cells, and a
citation quotes what the table says. Tables drawn without rules stay plain
text lines.

Number, title and unit come from the caption lines above a table and the header
rows are split off exactly as for the text layouts (`captions.find_caption`,
`grid.make_table`). A table that opens a page with the same column count as the
table that closed the previous page is its continuation: merged, with a
repeated header row dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

from qa.errors import DocumentError
from qa.ingest.captions import Caption, find_caption
from qa.ingest.grid import make_table
from qa.ingest.normalize import join_wrapped
from qa.types import Table

_PAGE_NUMBER = re.compile(r"^[-—\s]*\d{1,4}[-—\s]*$")


@dataclass
class _Block:
    """One page element in reading order: a text line, or a table's rows."""

    page: int
    top: float
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class _Draft:
    caption: Caption
    rows: list[list[str]]
    row_lines: list[int]
    page: int


def extract_pdf(path: Path | str) -> tuple[list[str], list[Table]]:
    """(lines, tables) of a PDF: text lines of every page with each ruled table's rows
    written in place as tab-separated lines; line numbers are 1-based indices into `lines`.

    Raises DocumentError for an encrypted, damaged or text-less (scanned) PDF.
    """
    import pdfplumber  # the backend is imported where it is used
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            blocks = [block for page in pdf.pages for block in _page_blocks(page)]
    except PdfminerException as err:
        encrypted = "password" in repr(err.args).lower() or "encrypt" in repr(err.args).lower()
        reason = "PDF 已加密，请提供未加密的文件" if encrypted else f"PDF 文件损坏或格式无效（{err}）"
        raise DocumentError(str(path), reason) from err
    except Exception as err:  # pdfminer raises assorted internal errors on damaged files
        raise DocumentError(str(path), f"PDF 文件损坏或格式无效（{type(err).__name__}）") from err
    if not blocks:  # blocks hold only non-empty text lines and table rows
        raise DocumentError(str(path), "PDF 没有文字层（可能是扫描件），本系统不支持 OCR，请提供含文字的 PDF")
    return _assemble(blocks)


def _page_blocks(page) -> list[_Block]:
    found = page.find_tables()
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    blocks = [
        _Block(page.page_number, line["top"], text=line["text"])
        for line in page.filter(outside).extract_text_lines()
        if line["text"].strip()
    ]
    for table in found:
        rows = [[_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            blocks.append(_Block(page.page_number, table.bbox[1], rows=rows))
    return sorted(blocks, key=lambda b: b.top)


def _cell(value: str | None) -> str:
    # pdfplumber returns None for the spanned part of a merged cell and "\n" for wraps.
    parts = [p.strip() for p in (value or "").replace("\t", " ").split("\n")]
    return reduce(join_wrapped, (p for p in parts if p), "")


def _assemble(blocks: list[_Block]) -> tuple[list[str], list[Table]]:
    lines: list[str] = []
    drafts: list[_Draft] = []
    after_table = False  # nothing but page numbers since the last table
    for block in blocks:
        if not block.rows:
            lines.append(block.text)
            after_table = after_table and bool(_PAGE_NUMBER.match(block.text))
            continue
        previous = drafts[-1] if drafts else None
        if (
            previous
            and after_table
            and block.page == previous.page + 1
            and len(block.rows[0]) == len(previous.rows[0])
        ):
            rows = block.rows[1:] if block.rows[0] == previous.rows[0] else block.rows
            previous.page = block.page
        else:
            stop = drafts[-1].row_lines[-1] - 1 if drafts else -1  # captions end at the previous table
            previous = _Draft(find_caption(lines, len(lines), stop), [], [], block.page)
            drafts.append(previous)
            rows = block.rows
        for row in rows:
            lines.append("\t".join(row))
            previous.rows.append(row)
            previous.row_lines.append(len(lines))
        after_table = True
    return lines, [make_table(d.rows, d.row_lines, d.caption, d.row_lines[-1]) for d in drafts]
