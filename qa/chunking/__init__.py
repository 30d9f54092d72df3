"""Chunks for retrieval: paragraphs grouped within a section, tables as row groups.

`chunk_document(doc)` never lets a chunk cross a section boundary or run across a
table; every chunk carries the doc id, section path, table label and the source
lines it covers. `embed_text` adds issuer, year, document type and section path, so
the embedder sees whose figure it is even when the text only says "本单位".
"""

from __future__ import annotations

import hashlib

from qa.chunking.paragraphs import split_paragraph
from qa.chunking.tables import clean, row_groups
from qa.types import DOC_TYPE_LABELS, Chunk, Document, Table

# Measured on the corpus (bench/bench_retrieval.py --sizes): see the report in the PR.
TEXT_CHARS = 300
TABLE_CHARS = 500
CHUNKING_VERSION = 1


def chunking_params(text_chars: int = TEXT_CHARS, table_chars: int = TABLE_CHARS) -> dict:
    """The choices an index records, so a change of chunking forces a rebuild."""
    return {"version": CHUNKING_VERSION, "text_chars": text_chars, "table_chars": table_chars}


def chunk_document(doc: Document, text_chars: int = TEXT_CHARS, table_chars: int = TABLE_CHARS) -> list[Chunk]:
    """All chunks of `doc` in reading order."""
    items: list[tuple[int, object]] = [(p.line_start, p) for p in doc.paragraphs]
    items += [(t.line_start, t) for t in doc.tables]
    items.sort(key=lambda x: x[0])

    chunks: list[Chunk] = []
    group: list[tuple[str, int, int]] = []
    group_section: tuple[str, ...] | None = None

    def flush() -> None:
        if group:
            text = "\n".join(t for t, _, _ in group)
            chunks.append(_chunk(doc, group_section or (), None, group[0][1], group[-1][2], text, "text"))
            group.clear()

    for _, item in items:
        if isinstance(item, Table):
            flush()
            section = item.section or doc.section_at(item.line_start)
            for text, start, end in row_groups(item, table_chars):
                chunks.append(_chunk(doc, section, clean(item.label), start, end, text, "table"))
            continue
        if item.section != group_section:
            flush()
            group_section = item.section
        for piece in split_paragraph(item, text_chars):
            size = sum(len(t) + 1 for t, _, _ in group)
            if group and size + len(piece[0]) > text_chars:
                flush()
            group.append(piece)
    flush()
    return chunks


def embed_prefix(doc: Document, section: tuple[str, ...]) -> str:
    """Whose document this is and where in it: "<issuer> <year>年 <doc type>｜<section path>"."""
    year = f" {doc.year}年" if doc.year else ""
    kind = DOC_TYPE_LABELS.get(doc.doc_type, doc.doc_type)
    where = " > ".join(clean(s) for s in section)
    return f"{doc.issuer}{year} {kind}｜{where}" if where else f"{doc.issuer}{year} {kind}"


def _chunk(doc: Document, section: tuple[str, ...], table: str | None, start: int, end: int, text: str,
           kind: str) -> Chunk:
    embed_text = f"{embed_prefix(doc, section)}\n{text}"
    # The id hashes everything that makes the chunk what it is, including where it sits:
    # identical boilerplate in two documents must stay two chunks.
    key = "\x1f".join([doc.doc_id, "/".join(section), table or "", str(start), str(end), embed_text])
    chunk_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return Chunk(chunk_id, doc.doc_id, section, table, start, end, text, embed_text, kind)
