"""Tables as real web pages serve them (../shared/wild): each layout class read into cells
with their column names, so a value can be looked up per (row label, column).

Layout classes (two documents or more each):
- pipe rows without a markdown rule, empty cells collapsed to `||`, two-row headers;
- one cell per line, cells separated by pipes (pipe-terminated or pipe lines between);
- one cell per line without pipes (blank lines between, empty cells dropped);
- not tables: a metadata block printed twice, paragraphs wrapped as cells, glued cells.
Traditional characters with pinyin glosses (mirror sites) compare equal to simplified text.
"""

from __future__ import annotations

import csv
import re

import pytest

from qa.ingest.assemble import TEXT_DETECTORS
from qa.ingest.normalize import normalize_for_match
from qa.ingest.reader import read_text_lines
from qa.ingest.tables import combine
from qa.types import Table
from tests.conftest import WILD

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


def _lines(name: str) -> tuple[str, ...]:
    return read_text_lines(WILD / f"{name}.txt")[0]


def _tables(name: str) -> list[Table]:
    lines = _lines(name)
    tables, _ = combine(lines, [detect(lines) for detect in TEXT_DETECTORS])
    return tables


def _norm(text: str) -> str:
    return normalize_for_match(text).replace(" ", "")


def column_paths(table: Table) -> list[tuple[str, ...]]:
    """Each column's header path: a merged header cell ("预算数" over three columns) is
    written once followed by "", so an empty cell with a named cell below takes its left
    neighbour's name."""
    width = max([len(r) for r in table.header] + [len(r) for r in table.rows] + [0])
    rows = [list(r) + [""] * (width - len(r)) for r in table.header]
    for r, row in enumerate(rows):
        for j in range(1, width):
            if not row[j] and any(rows[k][j] for k in range(r + 1, len(rows))):
                row[j] = row[j - 1]
    paths = []
    for j in range(width):
        path: list[str] = []
        for row in rows:
            if row[j] and (not path or path[-1] != row[j]):
                path.append(row[j])
        paths.append(tuple(_norm(p) for p in path))
    return paths


def cell(table: Table, row: str | None, *column: str) -> str:
    """The cell in the row labelled `row` (None: the only body row) under the column whose
    header path is `column` (or, when none is, ends with it)."""
    want = tuple(_norm(c) for c in column)
    paths = column_paths(table)
    cols = [j for j, p in enumerate(paths) if p == want] or [
        j for j, p in enumerate(paths) if p[-len(want) :] == want
    ]
    assert len(cols) == 1, (want, paths)
    if row is None:
        assert len(table.rows) == 1, table.rows
        found = [table.rows[0]]
    else:
        found = [r for r in table.rows if r and _norm(next((c for c in r if c), "")) == _norm(row)]
    assert len(found) == 1, (row, table.rows)
    return found[0][cols[0]] if cols[0] < len(found[0]) else ""


CASES = {
    # pipe rows, `||` collapsed empties, two-row header (预算数/决算数 x 合计/一般公共预算/政府性基金)
    "hefei-library-2021-sangong-final": (
        1,
        [
            ("公务接待费", ("决算数", "合计"), "0.39"),
            ("公务接待费", ("预算数", "一般公共预算"), "0.95"),
            ("公务用车购置及运行费", ("决算数", "一般公共预算"), "1.37"),
            ("总计", ("决算数", "政府性基金"), "0.00"),
        ],
    ),
    "luan-federation-2021-sangong-final": (
        1,
        [
            ("合计", ("预算数",), "1.8"),
            ("公务接待费", ("决算数",), "1.52"),
            ("因公出国(境)费", ("决算数",), ""),
        ],
    ),
    # one cell per line, pipe-terminated (empty cell = a lone pipe); traditional characters
    "duji-govoffice-2021-sangong-final": (
        1,
        [
            ("合计", ("预算数",), "49.9"),
            ("公务接待费", ("决算数",), "5.21"),
            ("因公出国(境)费", ("决算数",), ""),
            ("其中:公务用车运行维护费", ("预算数",), "15"),
        ],
    ),
    # one cell per line, pipe lines between cells; 2-level header; years as rows
    "qujiang-district-2016-sangong-final": (
        1,
        [
            ("2016年", ("公车购置及运行维护费", "车辆运行"), "959"),
            ("2015年", ("因公出国(境)经费",), "90"),
            ("2016年比2015年增减%", ("合计",), "-16.77"),
            ("2015年", ("公车购置及运行维护费", "合计"), "1350"),
        ],
    ),
    # one cell per line between pipe lines, header cells wrapped over two lines; traditional
    "unnamed-city-unit-2019-sangong-budget": (
        1,
        [
            ("行政经费", ("一般公共预算",), "312.23"),
            ("“三公”经费", ("政府性基金预算",), "0.00"),
            ("(三)公务接待费支出", ("合计",), "1.00"),
            ("2.公务用车运行维护费", ("国有资本经营预算",), "0.00"),
        ],
    ),
    # one cell per line without pipes, blank lines between, 3-level header, one unlabelled row
    "minhang-edu-2020-sangong-final": (
        1,
        [
            (None, ("合计", "预算数"), "683.51"),
            (None, ("公务接待费", "决算数"), "41.61"),
            (None, ("公务用车购置及运行维护费", "小计", "决算数"), "316.57"),
            (None, ("因公出国(境)费", "预算数"), "80.00"),
        ],
    ),
    # one cell per line without pipes, empty cells dropped
    "xuanzhou-audit-2018-sangong-budget": (
        1,
        [
            ("合计", ("预算数(万元)",), "3.1"),
            ("因公出国(境)费", ("预算数(万元)",), "0"),
            ("公务接待费", ("预算数(万元)",), ""),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_wild_table_cells(name):
    count, cells = CASES[name]
    tables = _tables(name)
    assert len(tables) == count, [(t.line_start, t.header, t.rows[:2]) for t in tables]
    for row, column, value in cells:
        assert _norm(cell(tables[0], row, *column)) == _norm(value), (row, column)


def test_split_header_cells_are_joined():
    """honghe: "2020年" / "决算数" on two lines between pipes are one header cell."""
    for name, names in [
        ("honghe-county-2021-sangong-final", {"2020年决算数", "2021年决算数", "项目"}),
        ("unnamed-city-unit-2019-sangong-budget", {"一般公共预算", "国有资本经营预算", "项目"}),
    ]:
        tables = _tables(name)
        assert len(tables) == 1, name
        heads = {p[0] for p in column_paths(tables[0]) if p}
        assert names <= heads, (name, heads)


def test_selfeval_pipe_rows_keep_their_values():
    """daying-justice: pipe rows of a self-evaluation form (collapsed empty cells)."""
    tables = _tables("daying-justice-2023-project-perf-selfeval")
    rows = [r for t in tables for r in t.rows if r and r[0] == "总额"]
    assert len(rows) == 1 and "3.36" in rows[0] and "100.00%" in rows[0]


@pytest.mark.parametrize(
    "name",
    [
        "fengdu-psb-2021-final",  # metadata block printed twice
        "liangping-tiantai-school-2024-budget",  # same
        "yueyang-forestry-2022-budget",  # paragraphs wrapped as table cells
        "ezhou-2022-project-perf-targets",  # glued cells: never split into wrong numbers
        "ningxiang-batang-town-2021-project-perf-targets",
        "luqu-psb-2020-final",  # space-separated metadata lines, not columns
    ],
)
def test_not_tables(name):
    assert _tables(name) == []


def test_yueyang_paragraph_cells_read_as_text():
    from qa.ingest.paragraphs import build_paragraphs

    lines = _lines("yueyang-forestry-2022-budget")
    paragraphs = build_paragraphs(lines, set(), False, lambda line: ())
    assert paragraphs
    assert not any(p.text.endswith("|") or p.text == "|" for p in paragraphs)
    assert any(p.text.startswith("收入较去年增加785.67万元") and p.text.endswith("。") for p in paragraphs)


@pytest.mark.parametrize(
    ("name", "written", "simplified"),
    [
        ("duji-govoffice-2021-sangong-final", "經(jīng)費", "经费"),
        ("unnamed-kpsgaj-2022-sangong-budget", "公務(wù)用車", "公务用车"),
        ("zhanjiang-propaganda-2017-sangong", "經(jīng)費", "经费"),
    ],
)
def test_traditional_with_pinyin_glosses_match_simplified(name, written, simplified):
    lines = _lines(name)
    hits = [line for line in lines if written in line]
    assert hits, "the file shows the gloss as written"
    for line in hits:
        normal = normalize_for_match(line)
        assert simplified in normal and not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", normal), normal
    # the Document's lines stay as written: citations quote the page
    assert written in (WILD / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "row", "column", "value"),
    [
        ("hefei-library-2021-sangong-final", ("公务接待费",), ("决算数", "合计"), 0.39),
        ("luan-federation-2021-sangong-final", ("公务接待费",), ("决算数",), 1.52),
        ("unnamed-city-unit-2019-sangong-budget", ("行政经费",), ("一般公共预算",), 312.23),
        (
            "minhang-edu-2020-sangong-final",
            (),
            ("一般公共预算财政拨款“三公”经费", "公务接待费", "决算数"),
            41.61,
        ),
    ],
)
def test_wild_tables_feed_the_facts_stage(name, row, column, value):
    """The facts stage reads a value per (row label, column path) in 万元 — the unit from a
    caption line or from a 单位:萬元 cell written between the pipes."""
    from qa.facts.table_facts import table_facts
    from qa.types import Document

    lines = _lines(name)
    tables = _tables(name)
    doc = Document(name, "", "", "", None, "final_accounts", "", "", lines, (), tuple(tables), ())
    facts = [f for t in tables for f in table_facts(doc, t)]
    hits = [
        f
        for f in facts
        if tuple(_norm(r) for r in f.row_path) == tuple(_norm(r) for r in row)
        and tuple(_norm(c) for c in f.column_path) == tuple(_norm(c) for c in column)
    ]
    assert len(hits) == 1, [(f.row_path, f.column_path) for f in facts]
    assert hits[0].value == value and hits[0].unit == "万元"


# --- HTML pages and spreadsheets as corpus inputs ----------------------------------------------
# Each file is written by the test from a wild page's own lines: its prose as paragraphs and its
# pipe table as a real table (merged header cells as colspan/rowspan or merged ranges).


def _page(name: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(lines before the table, table rows as cells, lines after) of a wild pipe-table page."""
    from qa.ingest.pipe_tables import is_bare_row, split_pipe_row

    lines = _lines(name)
    rows = [k for k, line in enumerate(lines) if is_bare_row(line)]
    table = [[c.strip() for c in split_pipe_row(lines[k])] for k in rows]
    table = [r[: max(i + 1 for i, c in enumerate(r) if c)] for r in table]
    return list(lines[: rows[0]]), table, list(lines[rows[-1] + 1 :])


def _hefei_html() -> str:
    before, table, after = _page("hefei-library-2021-sangong-final")
    top, sub, *body = table
    head = (
        f"<tr><th rowspan='2'>{top[0]}</th><th colspan='3'>{top[1]}</th><th colspan='3'>{top[2]}</th></tr>"
        + "<tr>"
        + "".join(f"<th>{c}</th>" for c in sub)
        + "</tr>"
    )
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)
    paras = lambda ls: "".join(f"<p>{x}</p>" for x in ls)  # noqa: E731
    return (
        "<html><head><title>t</title><script>var x = '<p>1.00</p>';</script></head><body>"
        f"<h1>{''.join(before[:3])}</h1>{paras(before[3:])}<table>{head}{rows}</table>{paras(after)}"
        "</body></html>"
    )


def test_html_page_with_a_merged_header_table(tmp_path):
    from qa.ingest import load_document

    path = tmp_path / "hefei.html"
    path.write_text(_hefei_html(), encoding="utf-8")
    doc = load_document(path)
    assert doc.layout == "html" and len(doc.tables) == 1
    table = doc.tables[0]
    assert cell(table, "公务接待费", "决算数", "合计") == "0.39"
    assert cell(table, "总计", "预算数", "一般公共预算") == "3.05"
    assert doc.lines[table.row_lines[0] - 1].startswith("因公出国(境)费\t")  # a row is a citable line
    assert not any("var x" in line for line in doc.lines)  # scripts are not text
    assert any(p.text.startswith("2021年度一般公共预算及政府性基金财政拨款") for p in doc.paragraphs)


def test_xlsx_and_csv_inputs(tmp_path):
    import openpyxl

    from qa.ingest import load_document

    before, table, after = _page("hefei-library-2021-sangong-final")
    top, sub, *body = table
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["".join(before[:3])])
    sheet.append([before[4]])
    sheet.append([top[0], top[1], "", "", top[2], "", ""])
    sheet.append(["", *sub])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:D3")
    sheet.merge_cells("E3:G3")
    for r in body:
        sheet.append([r[0], *(float(c) for c in r[1:])])
    for line in after[:3]:
        sheet.append([line])
    xlsx = tmp_path / "hefei.xlsx"
    book.save(xlsx)
    doc = load_document(xlsx)
    assert len(doc.tables) == 1
    assert cell(doc.tables[0], "公务接待费", "预算数", "一般公共预算") == "0.95"
    assert cell(doc.tables[0], "公务用车购置及运行费", "决算数", "合计") == "1.37"

    before, table, after = _page("luan-federation-2021-sangong-final")
    rows = [before[0]], [before[1]], [before[2]], *table, *([x] for x in after)
    csv_path = tmp_path / "luan.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    doc = load_document(csv_path)
    assert doc.layout == "csv" and len(doc.tables) == 1
    assert cell(doc.tables[0], "公务接待费", "决算数") == "1.52"
    assert doc.tables[0].unit == "万元"


def test_corpus_reader_takes_the_new_suffixes():
    from qa.build import CORPUS_SUFFIXES
    from qa.ingest.assemble import EXTRACTORS

    for suffix in (".html", ".htm", ".xlsx", ".xls", ".csv"):
        assert suffix in CORPUS_SUFFIXES and suffix in EXTRACTORS


def _aligned(rows: list[list[str]], widths: list[int]) -> list[str]:
    """Rows printed as a text export does: labels left-aligned, figures right-aligned."""
    from qa.ingest.normalize import display_width

    out = []
    for row in rows:
        parts = []
        for k, c in enumerate(row):
            pad = " " * (widths[k] - display_width(c))
            parts.append(c + pad if k == 0 else pad + c)
        out.append("  ".join(parts).rstrip())
    return out


def test_space_aligned_columns(tmp_path):
    """luan's table printed with space-aligned columns (an empty cell known by position);
    wide gaps on single lines (minhang's 来源/发布时间 line) stay text."""
    before, table, _ = _page("luan-federation-2021-sangong-final")
    rows = [r + [""] * (3 - len(r)) for r in table]
    rows[2] = [rows[2][0], "", "0.3"]  # an empty 预算数 with a figure right of it
    text = [*before, *_aligned(rows, [30, 12, 12]), "", _lines("minhang-edu-2020-sangong-final")[2]]
    lines = tuple(text)
    tables, _ = combine(lines, [detect(lines) for detect in TEXT_DETECTORS])
    assert len(tables) == 1 and tables[0].unit == "万元"
    assert cell(tables[0], "公务接待费", "决算数") == "1.52"
    assert cell(tables[0], "因公出国(境)费", "预算数") == ""
    assert cell(tables[0], "因公出国(境)费", "决算数") == "0.3"
    assert tables[0].line_end == len(before) + len(rows)
