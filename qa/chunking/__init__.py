"""Chunks for retrieval: paragraphs grouped within a section, tables as row groups.

`chunk_document(doc)` never lets a chunk cross a section boundary or run across a
table; every chunk carries the doc id, section path, table label and the source
lines it covers. `embed_text` adds issuer, year, document type and the section
title, so the embedder sees whose figure it is even when the text only says "本单位";
for a table it holds the row labels only (see tables.row_gist), while BM25 indexes
the full rows with their figures.
"""

from __future__ import annotations

import hashlib

from qa.chunking.paragraphs import split_paragraph
from qa.chunking.tables import clean, row_groups
from qa.types import DOC_TYPE_LABELS, Chunk, Document, Table

# Measured with bench/bench_retrieval.py on the gold questions: text 200/300/400 and
# table 250/350/500 characters all scored within 2 points of recall@5 (BM25 0.85-0.88);
# larger chunks mean fewer repeated headers and prefixes, so fewer tokens to embed.
TEXT_CHARS = 300
TABLE_CHARS = 500
CHUNKING_VERSION = 2


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
            chunks.append(_chunk(doc, group_section or (), None, group[0][1], group[-1][2], text, "text", text))
            group.clear()

    for _, item in items:
        if isinstance(item, Table):
            flush()
            section = item.section or doc.section_at(item.line_start)
            for text, gist, start, end in row_groups(item, table_chars):
                chunks.append(_chunk(doc, section, clean(item.label), start, end, text, "table", gist))
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
    """Whose document this is and where in it: "<issuer> <year>年 <doc type>｜<section title>".

    Only the deepest title, with the issuer's name taken out of it ("十、关于<issuer>
    2025年…说明"): measured against the full path, the e5 model ranked better
    (dense recall@5 0.697 vs 0.692, 0.605 vs 0.535 on a second question set) and the
    build embeds 6% fewer tokens. BM25 still indexes the whole path (Chunk.section).
    """
    year = f" {doc.year}年" if doc.year else ""
    kind = DOC_TYPE_LABELS.get(doc.doc_type, doc.doc_type)
    where = clean(section[-1]).replace(doc.issuer, "") if section else ""
    return f"{doc.issuer}{year} {kind}｜{where}" if where else f"{doc.issuer}{year} {kind}"


def _chunk(doc: Document, section: tuple[str, ...], table: str | None, start: int, end: int, text: str,
           kind: str, body: str) -> Chunk:
    """`body` is what the embedder reads after the prefix: the text, or a table's row gists."""
    embed_text = f"{embed_prefix(doc, section)}\n{body}"
    # The id hashes everything that makes the chunk what it is, including where it sits:
    # identical boilerplate in two documents must stay two chunks.
    key = "\x1f".join([doc.doc_id, "/".join(section), table or "", str(start), str(end), embed_text])
    chunk_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return Chunk(chunk_id, doc.doc_id, section, table, start, end, text, embed_text, kind)
