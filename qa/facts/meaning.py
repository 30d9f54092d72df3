"""What a fact is about, computed once when facts are extracted: the fields of a Fact that
need the document around it, so the answer stage reads them from the fact alone.

- `subject`: the project a fact's table is about — the remark of its title ("项目支出绩效自评表
  （X（州级））" -> "X（州级）") or the cell after its 项目名称 cell (text_rules.json context_keys);
  "" for a fact outside a table or a table about no one project;
- `section`: the deepest section path holding the fact's line (Document.section_at).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.facts import rules
from qa.ingest.normalize import bracket_groups
from qa.types import Document, Fact, Table

_CJK = re.compile("[\u4e00-\u9fff]")


def title_subject(title: str) -> str:
    """"项目支出绩效自评表（X（州级））：项目资金" -> "X（州级）": the project a table title names.
    A remark that is a word for the unit itself ("部门（单位）整体支出绩效目标表", text_rules.json
    self_words) or holds no Chinese character (a reading, "經(jīng)費") names no project."""
    remarks = (title[s + 1:e - 1] for s, e in bracket_groups(title))
    return next((r for r in remarks if _names_project(r)), "")


def _names_project(remark: str) -> bool:
    return remark.strip() not in rules.text_rules()["self_words"] and bool(_CJK.search(remark))


def table_subject(table: Table) -> str:
    """The project `table` is about: its title's remark, else the cell after a 项目名称 cell."""
    subject = title_subject(table.title)
    if subject:
        return subject
    keys = [rules.key(k) for k in rules.text_rules()["context_keys"]]
    for row in table.rows:
        cells = [c.strip() for c in row if c.strip()]
        for i, c in enumerate(cells[:-1]):
            if any(k in rules.key(c) for k in keys):
                return cells[i + 1]
    return ""


def with_meaning(doc: Document, facts: list[Fact]) -> list[Fact]:
    """`facts` of `doc` with their subject and section filled in."""
    # A form about the whole unit ("部门（单位）整体支出绩效目标自评表（<the issuer>）") is about no project.
    spans = [(t.line_start, t.line_end, s) for t in doc.tables if (s := table_subject(t)) and s != doc.issuer]

    def subject(f: Fact) -> str:
        return next((s for a, b, s in spans if f.table and a <= f.line_start <= b), "")

    return [replace(f, subject=subject(f), section=doc.section_at(f.line_start)) for f in facts]


__all__ = ["table_subject", "title_subject", "with_meaning"]
