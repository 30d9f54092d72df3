"""The app's HTML fragments: escaping, figure marking, term marking, line links."""

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
