"""Narrative text in pieces of about `max_chars`, each mapped back to its source lines."""

from __future__ import annotations

import re

from qa.types import Paragraph

# A sentence ends at 。！？； (full or half width); the delimiter stays with its sentence.
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])")


def split_paragraph(p: Paragraph, max_chars: int) -> list[tuple[str, int, int]]:
    """(text, line_start, line_end) pieces of one paragraph, cut between sentences.

    A single sentence longer than `max_chars` is cut hard: better an odd cut than a
    chunk the embedder truncates.
    """
    pieces: list[tuple[int, int]] = []  # (start offset, end offset) in p.text
    start = end = 0
    for sentence in _SENTENCE_END.split(p.text):
        if not sentence:
            continue
        s_end = end + len(sentence)
        if end > start and s_end - start > max_chars:
            pieces.append((start, end))
            start = end
        while s_end - start > max_chars:
            pieces.append((start, start + max_chars))
            start += max_chars
        end = s_end
    if end > start:
        pieces.append((start, end))
    out = []
    for a, b in pieces:
        text = p.text[a:b].strip()
        if text:
            out.append((text, p.line_at(a), max(p.line_at(b - 1), p.line_at(a))))
    return out
