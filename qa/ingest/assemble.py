"""load_document: a corpus file (.txt in any text layout, .pdf, .docx, .html, .xlsx/.xls, .csv) to a Document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qa.errors import DocumentError
from qa.ingest import (
    cell_tables,
    flat_tables,
    pipe_tables,
    runon_forms,
    runon_tables,
    selfeval_tables,
    tab_tables,
)
from qa.ingest.captions import classify
from qa.ingest.detect import Layout, detect_layout
from qa.ingest.docx import extract_docx
from qa.ingest.metadata import cover_text, read_metadata
from qa.ingest.paragraphs import build_paragraphs
from qa.ingest.pdf import extract_pdf
from qa.ingest.reader import read_bytes, read_text_lines, refuse_long_text, text_size
from qa.ingest.sections import build_sections, find_headings, find_toc, section_locator
from qa.ingest.tables import combine
from qa.ingest.webpage import extract_csv, extract_html, extract_workbook
from qa.types import Document, Problem, Table

# Priority order: the specific template first, then the generic layouts.
TEXT_DETECTORS = (
    selfeval_tables.find_tables,
    runon_forms.find_tables,
    runon_tables.find_tables,
    pipe_tables.find_tables,
    tab_tables.find_tables,
    cell_tables.find_tables,
    flat_tables.find_tables,
    tab_tables.find_aligned_tables,
)
EXTRACTORS = {
    ".pdf": (extract_pdf, Layout("pdf", wrapped=True)),
    ".docx": (extract_docx, Layout("docx", wrapped=False)),
    ".html": (extract_html, Layout("html", wrapped=False)),
    ".htm": (extract_html, Layout("html", wrapped=False)),
    ".xlsx": (extract_workbook, Layout("xlsx", wrapped=False)),
    ".xls": (extract_workbook, Layout("xlsx", wrapped=False)),
    ".csv": (extract_csv, Layout("csv", wrapped=False)),
}


def load_document(path: Path, doc_id: str | None = None) -> Document:
    """The structured Document of the file at `path` (doc_id defaults to the file stem).

    Raises DocumentError for an empty, binary, oversized or undecodable file, or one in
    which no budget / final-accounts / performance-target disclosure can be recognised.
    """
    path = Path(path)
    doc_id = doc_id or path.stem
    suffix = path.suffix.lower()
    if suffix in EXTRACTORS:
        extract, layout = EXTRACTORS[suffix]
        _, sha = read_bytes(path)
        lines, found = extract(path)
        lines = tuple(lines)
        refuse_long_text(text_size(lines), path)
        tables, notes = combine(lines, [list(found)])
    else:
        lines, sha = read_text_lines(path)
        refuse_long_text(text_size(lines), path)  # a GBK file grows when decoded
        lines = runon_forms.split_forms(lines)  # a form glued onto one line: one line per block
        layout = detect_layout(lines)
        tables, notes = combine(lines, [detect(lines) for detect in TEXT_DETECTORS])
    return _structure(path, doc_id, sha, lines, layout, tables, notes)


def _structure(path, doc_id, sha, lines, layout: Layout, tables: list[Table], notes) -> Document:
    in_tables = {i for t in tables for i in range(t.line_start - 1, t.line_end)}
    toc = find_toc(lines, in_tables)
    headings = find_headings(lines, in_tables, toc)
    outline = build_sections(len(lines), headings, toc, [])
    in_outline = section_locator(outline)
    tables = [replace(t, section=in_outline(t.line_start)) for t in tables]
    sections = build_sections(len(lines), headings, toc, tables)

    skip = in_tables | {h.index for h in headings} | (set(range(toc[0], toc[1] + 1)) if toc else set())
    paragraphs = build_paragraphs(lines, skip, layout.wrapped, section_locator(sections))

    first_body = min(
        [h.index for h in headings] + [toc[0] if toc else len(lines)] + [_first_row(lines, t) for t in tables]
    )
    meta = read_metadata(
        lines,
        cover_text(lines, first_body),
        [h.text for h in headings if h.level == 1],
        tables,
    )
    if meta.doc_type is None:
        raise DocumentError(
            str(path), "未识别出部门预算、决算或绩效目标公开内容（全文没有带金额的预算、决算或经费内容）"
        )
    problems = [Problem(doc_id, msg, line) for msg, line in notes]
    if not meta.issuer:
        problems.append(Problem(doc_id, "未能从正文识别出公开单位（编制部门/单位名称）"))
    if meta.year is None:
        problems.append(Problem(doc_id, "未能从正文识别出年度"))
    return Document(
        doc_id=doc_id,
        title=meta.title,
        issuer=meta.issuer,
        region=meta.region,
        year=meta.year,
        doc_type=meta.doc_type,
        layout=layout.name,
        sha256=sha,
        lines=tuple(lines),
        sections=tuple(sections),
        tables=tuple(tables),
        paragraphs=tuple(paragraphs),
        problems=tuple(problems),
        found_by=meta.found_by,
        region_path=meta.region_path,
        scope=meta.scope,
        org_level=meta.org_level,
    )


def _first_row(lines, t: Table) -> int:
    """0-based index of a table's first row: its caption lines may be the document's title lines."""
    i = t.line_start - 1
    while i < t.line_end - 1 and (not lines[i].strip() or classify(lines[i])):
        i += 1
    return i
