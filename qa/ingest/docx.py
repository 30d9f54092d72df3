"""Paragraphs and tables of a DOCX disclosure, in body order, via python-docx.

Lines follow the PDF reader's conventions: each paragraph is one line (a soft
line break starts a new one) followed by an empty line, so two paragraphs are
never mistaken for one hard-wrapped paragraph; each table row is one
tab-separated line, the table followed by an empty line. A merged cell's text
stands in its first grid cell and the cells it spans are "" (horizontally: the
extra grid columns; vertically: the continued rows), as pdfplumber gives them.
Captions and header rows are read as for every other layout
(`captions.find_caption`, `grid.make_table`).
"""

from __future__ import annotations

import zipfile
from functools import reduce
from pathlib import Path

from qa.errors import DocumentError
from qa.ingest.captions import find_caption
from qa.ingest.grid import make_table
from qa.ingest.normalize import join_wrapped
from qa.types import Table


def extract_docx(path: Path | str) -> tuple[list[str], list[Table]]:
    """(lines, tables) of a DOCX, paragraphs and tables in document order; line numbers
    are 1-based indices into `lines`. Raises DocumentError for a damaged file."""
    import docx  # imported where used, like the PDF reader's backend
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    try:
        body = docx.Document(str(path)).element.body
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as err:
        # SyntaxError covers lxml's XMLSyntaxError for a package with damaged XML.
        raise DocumentError(str(path), f"DOCX 文件损坏或不是 Word 文档（{type(err).__name__}）") from err
    lines: list[str] = []
    tables: list[Table] = []
    # Walk the body's XML children: python-docx's .paragraphs and .tables lose their interleaving.
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts = [p.strip() for p in Paragraph(child, None).text.replace("\t", " ").split("\n")]
            lines.extend(p for p in parts if p)
            if any(parts):
                lines.append("")
        elif child.tag == qn("w:tbl"):
            rows = [_row_cells(tr, _Cell) for tr in child.tr_lst]
            rows = [r for r in rows if any(r)]
            if rows:
                stop = tables[-1].line_end - 1 if tables else -1  # captions end at the previous table
                caption = find_caption(lines, len(lines), stop)
                row_lines = []
                for row in rows:
                    lines.append("\t".join(row))
                    row_lines.append(len(lines))
                lines.append("")
                tables.append(make_table(rows, row_lines, caption, row_lines[-1]))
    return lines, tables


def _row_cells(tr, cell_class) -> list[str]:
    """Cell texts of one table row on the grid: spanned and vertically continued cells are ""."""
    cells: list[str] = []
    for tc in tr.tc_lst:
        text = "" if tc.vMerge == "continue" else _cell_text(cell_class(tc, None).text)
        cells.extend([text] + [""] * (tc.grid_span - 1))
    return cells


def _cell_text(text: str) -> str:
    return reduce(join_wrapped, (p.strip() for p in text.replace("\t", " ").split("\n") if p.strip()), "")
