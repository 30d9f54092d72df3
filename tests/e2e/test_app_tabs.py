"""Every public tab as a stranger first sees it and after one typical action: screenshots in
tests/artifacts/, and no error styling anywhere (no error toast, no input in Gradio's or the
browser's invalid state, no red border), no raw markdown in the document viewer."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

CITED_DOC, CITED_LINES = "changji-hrss-center-2025-budget", (100, 102)
# A line of rendered text that still shows a marker: a heading's #, bold's ** or <b>, a table rule.
RAW_MARKDOWN = re.compile(r"(^|\n)\s*#{1,6}\s|\*\*|</?b>|</?p>|<br>|\|\s*:?-{3,}")
RED_INPUTS = """() => [...document.querySelectorAll('input, textarea, select')]
  .filter(e => e.offsetParent !== null)
  .filter(e => {
    const c = getComputedStyle(e).borderColor.match(/\\d+/g).map(Number);
    const red = c[0] > 150 && c[1] < 100 && c[2] < 100;
    return red || e.matches(':invalid') || e.classList.contains('validation-error');
  })
  .map(e => (e.closest('[id]') || e).id || e.outerHTML.slice(0, 120))"""


def settle(page) -> None:
    """Wait until no component shows Gradio's pending or generating overlay."""
    page.wait_for_function("() => ![...document.querySelectorAll('.wrap.translucent, .wrap.generating')]"
                           ".some(e => !e.classList.contains('hide') && e.offsetParent !== null)")


def assert_calm(page) -> None:
    """Once the page is idle: no error toast, no validation message, no input styled as an error."""
    settle(page)
    assert page.locator(".toast-body.error, .toast-body.warning").count() == 0
    assert page.locator(".validation-error:visible").count() == 0
    assert page.evaluate(RED_INPUTS) == []


def open_tab(page, url: str, name: str, ready: str) -> None:
    """Open the page, show tab `name` and wait for its element `ready`."""
    page.goto(url)
    page.locator("#question textarea").wait_for()
    page.get_by_role("tab", name=name).click()
    page.locator(ready).first.wait_for()


def viewer_text(page) -> str:
    return page.locator("#viewer-lines").inner_text()


def test_chat_first_state_and_answer_with_sources_uncovered(page, live_app, shot):
    open_tab(page, live_app, "问答", "#question textarea")
    assert_calm(page)
    shot(page, "tab-chat-0-first")

    for question in ("昌吉州人社局2023年决算中一般公共预算财政拨款支出是多少？", "巴州人社局2024年部门预算收入合计是多少？"):
        before = page.locator("#chat .qa-answer").count()
        page.locator("#question textarea").fill(question)
        page.locator("#ask-btn").click()
        page.locator("#chat .qa-answer").nth(before).locator(".qa-figure").wait_for()
    for source in page.locator("#chat details.qa-src summary").all():
        source.click()
    # Scroll back up a little with the wheel, as a reader does: Gradio then shows its scroll-down arrow.
    chat = page.locator("#chat .bubble-wrap")
    assert chat.evaluate("w => w.scrollHeight > w.clientHeight + 400")  # the answers overflow the box
    chat.hover()
    page.mouse.wheel(0, -300)
    arrow = page.locator("#chat .scroll-down-button-container button")
    arrow.wait_for()
    covered = page.evaluate("""() => {
      const a = document.querySelector('#chat .scroll-down-button-container button').getBoundingClientRect();
      const hit = [];
      for (const el of document.querySelectorAll('#chat .qa-src summary, #chat .qa-src blockquote, #chat .qa-src .qa-meta')) {
        const r = document.createRange(); r.selectNodeContents(el);
        for (const t of r.getClientRects())
          if (t.left < a.right && a.left < t.right && t.top < a.bottom && a.top < t.bottom) hit.push(el.innerText.slice(0, 40));
      }
      return hit;
    }""")
    assert covered == []
    assert_calm(page)
    shot(page, "tab-chat-1-answer-sources-open")


def test_search_first_state_and_results(page, live_app, shot):
    open_tab(page, live_app, "检索", "#search-query textarea")
    assert_calm(page)
    shot(page, "tab-search-0-first")

    page.locator("#search-query textarea").fill("三公经费 公务接待")
    page.locator("#search-btn").click()
    page.locator("#search-results .qa-hit mark").first.wait_for()
    assert not RAW_MARKDOWN.search(page.locator("#search-results").inner_text())
    assert_calm(page)
    shot(page, "tab-search-1-results")


def test_viewer_opens_on_a_document_and_renders_it(page, live_app, shot):
    open_tab(page, live_app, "原文", "#viewer-lines .qa-lines")
    lines = page.locator("#viewer-lines .qa-lines")
    lines.wait_for()
    assert page.locator("#viewer-doc input").input_value()  # a document is open, not an empty picker
    assert page.locator("#viewer-lines table.qa-src-table tr").count() >= 2  # its tab table is a table
    assert not RAW_MARKDOWN.search(viewer_text(page))
    assert_calm(page)
    shot(page, "tab-viewer-0-first")

    start, end = CITED_LINES
    page.goto(f"{live_app}?doc={CITED_DOC}&lines={start}-{end}")
    page.locator("#viewer-lines .cited").first.wait_for()
    cited = page.locator("#viewer-lines tr.cited")
    assert cited.count() == end - start + 1  # the cited lines are rows of a rendered table
    assert page.locator(f"#viewer-lines table #L{start}").count() == 1
    assert page.locator("#viewer-lines .qa-h").count() >= 1  # its "## 第二部分…" is a heading
    assert not RAW_MARKDOWN.search(viewer_text(page))
    assert page.locator("#viewer-start input, #viewer-start textarea").input_value() == str(start)
    assert_calm(page)
    shot(page, "tab-viewer-1-cited-lines")

    page.locator("#viewer-start textarea, #viewer-start input").fill("0")  # nonsense is ignored, calmly
    page.locator("#viewer-btn").click()
    page.locator("#viewer-header", has_text="输入行号").wait_for()
    assert_calm(page)


def test_facts_first_state_and_filter(page, live_app, shot):
    open_tab(page, live_app, "数据与核对", "#audit-list .qa-hit, #audit-list .qa-notice")
    assert_calm(page)
    shot(page, "tab-facts-0-first")

    page.locator("#facts-metric textarea").fill("三公")
    page.locator("#facts-btn").click()
    page.locator("#facts-csv").wait_for()
    assert_calm(page)
    shot(page, "tab-facts-1-filtered")

