"""The JSON shapes of the CLI contract (docs/cli.md), built from the typed records.

One place for them, so the CLI, the app's API and the evaluation agree.
"""

from __future__ import annotations

import json

from qa.arguments import clean_text
from qa.types import Answer, AuditFinding, Citation, Fact, Hit


def citation_json(c: Citation) -> dict:
    return {"doc": c.doc, "title": c.title, "section": c.section, "table": c.table,
            "line_start": c.line_start, "line_end": c.line_end, "quote": c.quote}


def answer_json(a: Answer) -> dict:
    """`qa ask` object."""
    out = {"id": a.id, "status": a.status, "answer": a.answer, "value": a.value, "unit": a.unit,
           "citations": [citation_json(c) for c in a.citations], "ms": round(a.ms, 1)}
    if a.candidates:
        out["candidates"] = list(a.candidates)
    if a.intent:
        out["intent"] = a.intent
    return out


def batch_error_json(line: int, item_id, message: str, code: str) -> dict:
    """`qa ask --batch` object for a line that could not be asked: the answer's keys, status "error"."""
    return {"id": item_id, "line": line, "status": "error", "code": code, "error": message, "answer": message,
            "value": None, "unit": None, "citations": [], "ms": 0.0}


def dumps(obj, ascii_only: bool = False) -> str:
    """One line of JSON that always encodes as UTF-8 (a lone surrogate in any string becomes U+FFFD);
    `ascii_only` escapes every other character too, for an output stream that is not UTF-8."""
    text = clean_text(json.dumps(obj, ensure_ascii=False))
    return json.dumps(json.loads(text), ensure_ascii=True) if ascii_only else text


def hit_json(h: Hit) -> dict:
    c = h.chunk
    return {"doc": c.doc_id, "section": " / ".join(c.section), "table": c.table,
            "line_start": c.line_start, "line_end": c.line_end, "score": round(float(h.score), 4),
            "text": c.text}


def hits_json(hits: list[Hit]) -> list[dict]:
    """`qa search` list."""
    return [hit_json(h) for h in hits]


def fact_json(f: Fact) -> dict:
    """`qa facts` item (contract keys first, then the classification details)."""
    return {
        "doc": f.doc_id, "year": f.year, "issuer": f.issuer, "doc_type": f.doc_type,
        "metric": f.metric, "value": f.value, "unit": f.unit, "origin": f.origin, "table": f.table,
        "line_start": f.line_start, "line_end": f.line_end, "quote": f.quote,
        "region": f.region, "period": f.period, "aspect": f.aspect, "direction": f.direction,
        "reason": f.reason, "operator": f.operator, "row_path": list(f.row_path),
        "column_path": list(f.column_path), "code": f.code, "raw": f.raw,
    }


def finding_json(f: AuditFinding) -> dict:
    """`qa audit` item."""
    return {"doc": f.doc, "kind": f.kind, "severity": f.severity, "message": f.message,
            "values": list(f.values), "citations": [citation_json(c) for c in f.citations]}
