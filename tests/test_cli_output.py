"""`qa` text output for people: tables as aligned grids with every cell, facts that say which
row, column and period they are, and errors that list what exists and name the paths looked at."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qa.ingest import load_document
from qa.ingest.serialize import document_from_dict
from qa.textgrid import SEPARATOR, grid, width, wrap
from tests.conftest import CORPUS, DOC_IDS, ROOT

BUDGET = "changji-hrss-center-2025-budget"
TARGETS = "bayingol-hrss-bureau-2022-performance-targets"


def run_qa(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _table_block(out: str, label: str) -> list[str]:
    """The grid lines printed under the heading line that starts with `label`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(label))
    block = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        block.append(line)
    return block


def _separator_columns(line: str) -> list[int]:
    """Display columns at which the cell separators of a grid line start."""
    cols, used = [], 0
    for i, ch in enumerate(line):
        if line.startswith(SEPARATOR.strip(), i) and ch == SEPARATOR.strip():
            cols.append(used)
        used += width(ch)
    return cols


def test_width_counts_chinese_characters_twice():
    assert width("表10") == 4 and width("ａ") == 2 and width("abc") == 3
    assert wrap("一二三四五", 4) == ["一二", "三四", "五"]
    lines = grid([["项目", "金额"]], [["公务接待费", "0.08"], ["合计", "12.5"]])
    assert len({_separator_columns(line)[0] for line in lines if "│" in line}) == 1


@pytest.mark.parametrize(("doc_id", "label", "cells"), [
    (BUDGET, "表10 财政拨款“三公”经费支出情况表", ["一般公共预算", "公务接待费", "0.08", "2.20", "2.28"]),
    (TARGETS, "部门（单位）整体支出绩效目标表", ["人员保障", "1663.73", "114.4"]),
])
def test_inspect_prints_every_table_as_an_aligned_grid(doc_id, label, cells):
    r = run_qa("inspect", doc_id)
    assert r.returncode == 0, r.stderr
    heading = next(line for line in r.stdout.splitlines() if line.startswith(label))
    assert "× 0 列" not in heading
    block = _table_block(r.stdout, label)
    text = "\n".join(block)
    assert all(c in text for c in cells)
    rows = [line for line in block if "│" in line]
    full = [cols for cols in map(_separator_columns, rows) if len(cols) == max(map(len, map(_separator_columns, rows)))]
    assert len(full) > 2 and all(cols == full[0] for cols in full), "separators line up in display columns"


def test_inspect_table_cells_match_the_document():
    """Column by column, the grid holds every cell of every table in order (wrapped cells included)."""
    doc = load_document(CORPUS / f"{BUDGET}.txt", BUDGET)
    out = run_qa("inspect", BUDGET).stdout
    for table in doc.tables:
        heading = f"{table.label}  第{table.line_start}-{table.line_end}行"  # labels repeat, spans do not
        rows = [line for line in _table_block(out, heading) if "│" in line]
        n = max(len(r) for r in [*table.header, *table.rows])
        printed = [[part for part in (line[2:] + " ").split(SEPARATOR.strip())] for line in rows]
        for k in range(n):
            shown = "".join("".join(p[k].split()) for p in printed if k < len(p))
            cells = "".join("".join(r[k].split()) for r in [*table.header, *table.rows] if k < len(r))
            assert shown == cells, (table.label, k)


def test_inspect_json_is_the_whole_document():
    r = run_qa("inspect", TARGETS, "--json")
    d = json.loads(r.stdout)
    assert document_from_dict(d) == load_document(CORPUS / f"{TARGETS}.txt", TARGETS)
    assert d["lines"] and d["paragraphs"] is not None


def test_inspect_full_adds_the_paragraphs():
    short, full = run_qa("inspect", BUDGET).stdout, run_qa("inspect", BUDGET, "--full").stdout
    assert "段落：" in full and "段落：" not in short and len(full) > len(short)


@pytest.mark.parametrize(("doc", "metric"), [(BUDGET, "三公"), (TARGETS, "保障")])
def test_facts_text_names_row_column_and_period(built_index, doc, metric):
    r = run_qa("facts", "--doc", doc, "--metric", metric, "--index", str(built_index))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    facts = json.loads(run_qa("facts", "--doc", doc, "--metric", metric, "--index", str(built_index),
                              "--json").stdout)
    assert len(lines) == len(facts) > 1
    distinct = {json.dumps([f[k] for k in ("table", "line_start", "metric", "row_path", "column_path", "period",
                                           "aspect", "direction", "operator", "raw", "unit")], ensure_ascii=False)
                for f in facts}
    assert len(set(lines)) == len(distinct), "two facts print alike only when they are alike"
    assert all(" = " in line or " >= " in line or " <= " in line for line in lines)
    assert all(" · = " not in line and "] =" not in line for line in lines), "no empty label"


def test_unknown_document_lists_the_ids(built_index):
    r = run_qa("inspect", "nosuchdoc")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    assert all(d in r.stderr for d in DOC_IDS)
    r = run_qa("facts", "--doc", "nosuchdoc", "--index", str(built_index))
    assert r.returncode == 1 and all(d in r.stderr for d in DOC_IDS)


@pytest.mark.parametrize("command", [["ask", "三公经费是多少"], ["facts"], ["search", "三公经费"], ["audit"]])
def test_missing_index_names_the_absolute_path_looked_for(tmp_path, command):
    r = run_qa(*command, cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert str(tmp_path / "index") in r.stderr and "--index" in r.stderr, r.stderr


def test_missing_corpus_names_the_absolute_path(tmp_path):
    r = run_qa("inspect", BUDGET, cwd=tmp_path)
    assert r.returncode == 1 and str(tmp_path / "corpus") in r.stderr and "--corpus" in r.stderr, r.stderr


def test_the_cli_contract_is_in_the_repository():
    """docs/cli.md documents every command with its JSON; the README links nothing outside the clone."""
    from qa.cli import build_parser

    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    assert commands and all(f"### qa {name}" in docs for name in commands)
    assert docs.count("```json") >= len(commands)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](../" not in readme and "../shared" not in readme and "docs/cli.md" in readme
