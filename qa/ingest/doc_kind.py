"""Title line and document kind, as published (qa/lexicon/doc_kinds.json).

The title is one heading, at most a few hard-wrapped lines, never a table or a page body:
a short line before the first numbered heading that ends like a title (…说明, …公开, …表)
and names a kind, with the short title lines just above it; or the value of a 标题 label;
or, on a one-line page, the leading phrase up to the first sentence or label boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.detect import is_pipe_row, starts_with_marker
from qa.ingest.normalize import heading_text

_SENTENCE = re.compile(r"[。；;！？!?，,：:]")
_TITLE_LABEL = re.compile(r"^标题\s*[|：:]\s*([^|]+?)\s*(?:\|.*)?$")
_PERIOD_TAIL = re.compile(r"\s*[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]\s*$")
_TOC = re.compile(r"^目\s*录$")


@dataclass(frozen=True)
class Kind:
    doc_type: str
    start: int  # where its cue matched in the text it was found in


@cache
def _spec() -> dict:
    spec = lexicon.load("doc_kinds")
    kinds = [
        {
            "type": k["type"],
            "cues": re.compile("|".join(k["cues"])),
            "body": re.compile("|".join(k.get("body_cues", k["cues"]))),
            "periods": [(t, re.compile("|".join(c))) for t, c in k.get("periods", [])],
        }
        for k in spec["kinds"]
    ]
    neutral = re.compile("|".join(sorted(map(re.escape, spec["neutral"]), key=len, reverse=True)))
    return {
        **spec,
        "kinds": kinds,
        "neutral_re": neutral,
        "fiscal_words_re": re.compile(spec["fiscal_words"]),
        "fiscal_amount_re": re.compile(spec["fiscal_amount"]),
        "endings": tuple(spec["title_endings"]),
        "chrome_re": re.compile("|".join(map(re.escape, spec["chrome"])) + r"|[：:|]|https?"),
        "file_suffix_re": re.compile(spec["file_suffix"]),
        "number_re": re.compile(spec["leading_number"]),
        "prefix_re": re.compile("^(?:" + "|".join(spec["title_prefixes"]) + ")"),
    }


def neutral(text: str) -> str:
    """`text` without fund names (一般公共预算…) that look like period words."""
    return _spec()["neutral_re"].sub("", text)


def head_lines(lines: list[str]) -> list[str]:
    """The first lines as text: markdown marks dropped, a pipe row with one filled cell as
    that cell, a row with several cells as "" (a table is never a title)."""
    out = []
    for line in lines[: _spec()["head_lines"]]:
        text = line.strip().lstrip("#").strip()
        if is_pipe_row(line) or text.endswith("|") or "|" in text:
            cells = [c.strip() for c in text.strip("|").split("|") if c.strip()]
            label = _TITLE_LABEL.match(text)
            text = cells[0] if len(cells) == 1 else (f"标题|{label.group(1)}" if label else "")
        out.append(text)
    return out


def find_title(head: list[str]) -> tuple[list[str], str]:
    """(title lines, how found: label / title / leading_phrase), or ([], "none")."""
    spec = _spec()
    for text in head:
        m = _TITLE_LABEL.match(text)
        if m:
            return [m.group(1)], "label"
    for i, text in enumerate(head):
        if _TOC.match(text.replace(" ", "")) or (starts_with_marker(text) and not spec["number_re"].match(text)):
            break
        line = _clean(text)
        if _is_title_line(line):
            return [*_lines_above(head, i), line], "title"
        if len(line) > spec["title_max_chars"]:
            phrase = _SENTENCE.split(line, maxsplit=1)[0].split(" ")[0]
            return ([phrase], "leading_phrase") if _is_title_line(phrase) else ([], "none")
    return [], "none"


def _clean(text: str) -> str:
    spec = _spec()
    text = spec["file_suffix_re"].sub("", heading_text(text))
    return spec["number_re"].sub("", text).strip()


def _is_title_line(text: str) -> bool:
    spec = _spec()
    core = _PERIOD_TAIL.sub("", text)
    return (
        0 < len(text) <= spec["title_max_chars"]
        and not _SENTENCE.search(text)
        and not spec["chrome_re"].search(text)
        and core.endswith(spec["endings"])
        and kind_of_title(text) is not None
    )


def _lines_above(head: list[str], i: int) -> list[str]:
    """Short title lines just above line i (blank lines skipped): a hard-wrapped title or
    an issuer line over a "2024年部门预算公开" line; the same line printed twice is once."""
    spec = _spec()
    above: list[str] = []
    j = i - 1
    while j >= 0 and len(above) < spec["title_lines"] - 1:
        text = _clean(head[j])
        j -= 1
        if not text:
            continue
        if (
            text == _clean(head[i])
            or len(text) > spec["title_max_chars"] // 2
            or _SENTENCE.search(text)
            or spec["chrome_re"].search(text)
            or starts_with_marker(text)
            or _PERIOD_TAIL.sub("", text).endswith(spec["endings"])
            or not re.search(r"[\u4e00-\u9fff]", text)
        ):
            break
        above.insert(0, text)
    return above


def kind_of_title(title: str) -> Kind | None:
    """The first kind (in lexicon order) whose cue is in the title."""
    text = neutral(title)
    for k in _spec()["kinds"]:
        m = k["cues"].search(text)
        if m:
            return Kind(k["type"], m.start())
    return None


def kind_of_text(text: str) -> Kind | None:
    """The kind whose body cue comes first in `text`."""
    text = neutral(text)
    found = [(m.start(), k["type"]) for k in _spec()["kinds"] for m in [k["body"].search(text)] if m]
    return Kind(min(found)[1], min(found)[0]) if found else None


def refine(kind: Kind, texts: list[str]) -> str:
    """The published kind: a kind with periods takes the first period whose cue occurs
    (in the cue's own words first, then each text in turn); else its own name."""
    spec = next(k for k in _spec()["kinds"] if k["type"] == kind.doc_type)
    if not spec["periods"]:
        return kind.doc_type
    first = neutral(texts[0]) if texts else ""
    cue = spec["cues"].match(first, kind.start) if texts else None
    candidates = [cue.group(0)] if cue else []
    for text in [*candidates, *map(neutral, texts)]:
        for name, pattern in spec["periods"]:
            if pattern.search(text):
                return name
    return kind.doc_type


def is_fiscal(text: str) -> bool:
    """Budget vocabulary with amounts: a fiscal disclosure of some kind."""
    spec = _spec()
    return bool(spec["fiscal_words_re"].search(text) and spec["fiscal_amount_re"].search(text))


def fallback_kind() -> str:
    return _spec()["fallback"]
