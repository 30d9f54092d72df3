"""The app's HTML fragments: escaping, figure marking, term marking, line links."""

from types import SimpleNamespace

from qa.types import Answer, Citation
from qa.web import render
from qa.web.search import query_terms
from qa.web.viewer import parse_lines


def test_figure_is_marked_however_it_is_written():
    html = render.mark_figure("支出合计1,583.14万元，其中1583.14万元为基本支出；158.3万元", 1583.14)
    assert html.count("<mark>") == 2
    assert "<mark>1,583.14</mark>" in html and "<mark>1583.14</mark>" in html
    assert "158.3" in html and "<mark>158.3</mark>" not in html


def test_document_text_is_escaped():
    assert render.mark_figure("<script>alert(1)</script> 2.28", 2.28) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>2.28</mark>")
    pattern = render.terms_pattern(["三公"])
    assert render.mark("<b>三公</b>", pattern) == "&lt;b&gt;<mark>三公</mark>&lt;/b&gt;"


def test_longest_term_wins():
    pattern = render.terms_pattern(["三公", "三公经费"])
    assert render.mark("三公经费", pattern) == "<mark>三公经费</mark>"


def test_format_number():
    assert render.format_number(2.28) == "2.28"
    assert render.format_number(1583.1) == "1,583.1"
    assert render.format_number(12.0) == "12"


def test_answer_html_shows_figure_and_expandable_sources():
    cite = Citation(doc="d1", section="十、三公", table=None, line_start=597, line_end=597,
                    quote="“三公”经费数为2.28万元", title="某中心2025年部门预算公开")
    answer = Answer(status="answered", answer="三公经费预算为2.28万元。", value=2.28, unit="万元",
                    citations=(cite,))
    html = render.answer_html(answer, {})
    assert '<div class="qa-figure">2.28<span class="qa-unit">万元</span></div>' in html
    assert "<details" in html and "第597行" in html and "<mark>2.28</mark>" in html
    assert 'href="?doc=d1&amp;lines=597-597"' in html


def test_not_found_is_a_notice_not_a_figure():
    html = render.answer_html(Answer(status="not_found", answer="公开文件中没有找到。"), {})
    assert "qa-notice" in html and "qa-figure" not in html


def test_parse_lines():
    assert parse_lines("388-405") == (388, 405)
    assert parse_lines("597") == (597, 597)
    assert parse_lines("9-3") is None and parse_lines("../../etc/passwd") is None and parse_lines(None) is None


def test_query_terms_keep_words_and_numbers():
    terms = query_terms("2025年三公经费是多少")
    assert "三公" in terms or "三公经费" in terms
    assert "多少" not in terms


# --- the document viewer: the source rendered, every line numbered and anchored, no markers shown

import html as _html  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from qa.ingest.assemble import load_document  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
from tests.conftest import WILD  # noqa: E402

MARKERS = re.compile(r"(^|\n)\s*#{1,6}\s|\*\*|</?b>|<br>|</?p>|\|\s*:?-{3,}")


def shown_text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: the text without tags, entities decoded."""
    return _html.unescape(re.sub(r"<[^>]+>", "\n", fragment))


def rendered(path: Path, first: int, last: int, cited: range | None = None) -> str:
    return render.lines_html(load_document(path), first, last, cited)


def test_headings_and_bold_render_without_their_markers():
    doc = ROOT / "corpus" / "bayingol-hrss-bureau-2024-budget.txt"
    html = rendered(doc, 738, 905)
    assert '<div class="qa-h qa-h4" id="L740"><span class="ln">740</span><b>(四) 预算绩效情况</b></div>' in html
    assert 'class="qa-h qa-h3" id="L892"' in html
    assert "一、<b>财政拨款</b>" in html  # bold inside running text, line 900
    assert not MARKERS.search(shown_text(html))


def test_pipe_tables_render_as_tables_with_cited_rows_and_line_anchors():
    doc = ROOT / "corpus" / "changji-hrss-center-2025-budget.txt"
    html = rendered(doc, 85, 120, range(100, 103))
    assert html.count('<table class="qa-src-table">') == 1
    assert all(f'<tr id="L{n}" class="cited">' in html for n in (100, 101, 102))
    assert 'id="L97"' not in html  # the |---| rule is not shown
    assert "<th>收入</th>" in html  # the row above the rule is the header
    assert "<b>740.08</b>" in html and not MARKERS.search(shown_text(html))
    cells = rendered(doc, 330, 338)  # <br> inside cells breaks the line, never shows as text
    assert "项目支出<br>合计" in cells and not MARKERS.search(shown_text(cells))


def test_tab_separated_tables_render_as_tables():
    doc = ROOT / "corpus" / "bayingol-hrss-bureau-2022-performance-targets.txt"
    html = rendered(doc, 1, 30)
    assert '<tr id="L6"><td class="ln">6</td><td>部门（单位）名称</td>' in html
    assert 'class="qa-h' not in html  # this layout has no markdown headings to make up


def test_wild_documents_show_no_markers():
    """Every wild page (one-cell-per-line tables between lone "|" lines, pipe tables, headings)."""
    if not WILD.is_dir():
        pytest.skip("../shared/wild is absent on this machine")
    lone_pipe = re.compile(r"(^|\n)\s*\|\s*(\n|$)")
    checked = 0
    for path in sorted(WILD.glob("*.txt")):
        doc = load_document(path)
        text = shown_text(render.lines_html(doc, 1, len(doc.lines)))
        assert not MARKERS.search(text) and not lone_pipe.search(text), path.name
        checked += any(line.strip() in {"|", "||"} or line.lstrip().startswith("#") for line in doc.lines)
    assert checked >= 2  # the corpus of wild pages does hold such lines


def test_document_markup_is_escaped_and_unpaired_markers_dropped():
    doc = SimpleNamespace(lines=("<script>alert(1)</script> **半 <b>开", "| a<i>x</i> | 1 |"))
    html = render.lines_html(doc, 1, 2)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;i&gt;" in html
    assert "**" not in html and "&lt;b&gt;" not in html and "<b>" not in html
