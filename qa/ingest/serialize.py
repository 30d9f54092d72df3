"""A Document as JSON and back: the `qa inspect` shape, also the cache under index/docs/.

`document_from_dict(document_to_dict(doc)) == doc` holds exactly (lines and paragraphs
included); the dict may carry extra keys (`label`, `format`) that loading ignores.
"""

from __future__ import annotations

from qa.types import Document, Paragraph, Problem, Section, Table

FORMAT = 2  # bump when the dict shape changes, so stale caches are rebuilt


def document_to_dict(doc: Document) -> dict:
    """JSON-ready dict of `doc` (contract keys first: doc, title, issuer, region, year, doc_type…)."""
    return {
        "doc": doc.doc_id,
        "title": doc.title,
        "issuer": doc.issuer,
        "region": doc.region,
        "year": doc.year,
        "doc_type": doc.doc_type,
        "layout": doc.layout,
        "sha256": doc.sha256,
        "format": FORMAT,
        "found_by": {k: v for k, v in doc.found_by},
        "region_path": list(doc.region_path),
        "scope": doc.scope,
        "org_level": doc.org_level,
        "sections": [
            {"path": list(s.path), "line_start": s.line_start, "line_end": s.line_end} for s in doc.sections
        ],
        "tables": [_table_to_dict(t) for t in doc.tables],
        "paragraphs": [
            {
                "text": p.text,
                "line_start": p.line_start,
                "line_end": p.line_end,
                "section": list(p.section),
                "offsets": [list(o) for o in p.offsets],
            }
            for p in doc.paragraphs
        ],
        "problems": [{"message": p.message, "line": p.line} for p in doc.problems],
        "lines": list(doc.lines),
    }


def _table_to_dict(t: Table) -> dict:
    return {
        "number": t.number,
        "title": t.title,
        "label": t.label,
        "line_start": t.line_start,
        "line_end": t.line_end,
        "unit": t.unit,
        "header": [list(r) for r in t.header],
        "rows": [list(r) for r in t.rows],
        "row_lines": list(t.row_lines),
        "section": list(t.section),
        "kind": t.kind,
    }


def document_from_dict(d: dict) -> Document:
    """The Document a `document_to_dict` output describes."""
    return Document(
        doc_id=d["doc"],
        title=d["title"],
        issuer=d["issuer"],
        region=d["region"],
        year=d["year"],
        doc_type=d["doc_type"],
        layout=d["layout"],
        sha256=d["sha256"],
        lines=tuple(d["lines"]),
        sections=tuple(Section(tuple(s["path"]), s["line_start"], s["line_end"]) for s in d["sections"]),
        tables=tuple(
            Table(
                number=t["number"],
                title=t["title"],
                line_start=t["line_start"],
                line_end=t["line_end"],
                unit=t["unit"],
                header=tuple(tuple(r) for r in t["header"]),
                rows=tuple(tuple(r) for r in t["rows"]),
                row_lines=tuple(t["row_lines"]),
                section=tuple(t["section"]),
                kind=t.get("kind", ""),
            )
            for t in d["tables"]
        ),
        paragraphs=tuple(
            Paragraph(
                text=p["text"],
                line_start=p["line_start"],
                line_end=p["line_end"],
                section=tuple(p["section"]),
                offsets=tuple((a, b) for a, b in p["offsets"]),
            )
            for p in d["paragraphs"]
        ),
        problems=tuple(Problem(d["doc"], p["message"], p["line"]) for p in d.get("problems", [])),
        found_by=tuple(d.get("found_by", {}).items()),
        region_path=tuple(d.get("region_path", ())),
        scope=d.get("scope", ""),
        org_level=d.get("org_level", ""),
    )
