"""End to end in headless Chromium: ask, see the figure, open its source; staff upload answers."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import STAFF
from tests.e2e.samples import GOOD_QUESTION, GOOD_VALUE, write_broken, write_good

pytestmark = pytest.mark.slow

QUESTION = "昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？"


def ask(page, question: str):
    """Type a question, send it, and return the newest answer bubble once it is shown."""
    before = page.locator("#chat .qa-answer").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask-btn").click()
    page.locator("#chat .qa-answer").nth(before).wait_for()
    return page.locator("#chat .qa-answer").nth(before)


def upload(page, path):
    """Choose a file, wait until the component shows it (upload finished), then submit."""
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.locator("#upload", has_text=path.name).wait_for()
    page.locator("#upload-btn").click()


def test_ask_see_figure_and_open_its_source(page, live_app, shot):
    page.goto(live_app)
    answer = ask(page, QUESTION)
    assert answer.locator(".qa-figure").inner_text().replace("\n", "").startswith("2.28")
    shot(page, "01-chat-answer")

    source = answer.locator("details.qa-src").first
    source.locator("summary").click()
    quote = source.locator("blockquote")
    quote.wait_for()
    assert "2.28" in quote.locator("mark").first.inner_text()
    assert re.search(r"第\d+(–\d+)?行", source.locator("summary").inner_text())
    shot(page, "02-chat-source-open")

    with page.expect_popup() as popup:
        source.get_by_text("在原文中查看").click()
    viewer = popup.value
    viewer.locator("#viewer-lines .cited").first.wait_for()
    assert "2.28" in "".join(viewer.locator("#viewer-lines .cited").all_inner_texts())
    shot(viewer, "03-viewer-at-cited-lines")


def test_example_then_ambiguous_candidates_then_follow_up(page, live_app, shot):
    page.goto(live_app)
    page.locator("#examples").get_by_text("“三公”经费预算是多少", exact=False).first.click()
    first = page.locator("#chat .qa-answer").first
    first.locator(".qa-figure").wait_for()

    answer = ask(page, "人社局三公经费是多少？")
    assert answer.locator(".qa-notice").count() == 1
    buttons = page.locator(".qa-candidate:visible")
    buttons.first.wait_for()
    assert buttons.count() >= 2
    shot(page, "09-chat-ambiguous-candidates")

    before = page.locator("#chat .qa-answer").count()
    buttons.first.click()
    chosen = page.locator("#chat .qa-answer").nth(before)
    chosen.locator(".qa-figure").wait_for()
    assert page.locator(".qa-candidate:visible").count() == 0
    shot(page, "10-chat-candidate-chosen")


def test_not_found_is_a_calm_message(page, live_app, shot):
    page.goto(live_app)
    answer = ask(page, "昌吉州人社局2019年部门预算收入合计是多少？")  # no 2019 document
    assert answer.locator(".qa-notice").count() == 1 and answer.locator(".qa-figure").count() == 0
    assert page.locator(".toast-body").count() == 0  # no error toast
    shot(page, "04-chat-not-found")


def test_search_tab_marks_terms(page, live_app, shot):
    page.goto(live_app)
    page.get_by_role("tab", name="检索").click()
    page.locator("#search-query textarea").fill("三公经费 公务用车")
    page.locator("#search-btn").click()
    page.locator("#search-results .qa-hit mark").first.wait_for()
    shot(page, "05-search")


def test_facts_browser_and_audit_list(page, live_app, shot):
    page.goto(live_app)
    page.get_by_role("tab", name="数据与核对").click()
    page.locator("#audit-list .qa-hit, #audit-list .qa-notice").first.wait_for()  # filled on load
    page.locator("#facts-metric textarea").fill("三公")
    page.locator("#facts-btn").click()
    page.locator("#facts-csv").wait_for()
    assert "metric=" in page.locator("#facts-csv").get_attribute("href")
    shot(page, "11-facts-and-audit")


def test_staff_login_upload_then_public_answer(page, live_app, shot, tmp_path):
    page.goto(f"{live_app}/staff")
    page.locator("input[type=text]").fill(STAFF["QA_STAFF_USER"])
    page.locator("input[type=password]").fill(STAFF["QA_STAFF_PASSWORD"])
    page.get_by_role("button", name=re.compile("Login|登录")).click()  # Gradio translates it for zh-CN
    page.locator("#upload").wait_for()

    upload(page, write_broken(tmp_path))
    page.locator("#upload-report", has_text="未加入索引").wait_for()
    shot(page, "06-staff-broken-rejected")

    upload(page, write_good(tmp_path))
    page.locator("#upload-report", has_text="已加入索引").wait_for(timeout=300_000)
    assert page.locator("#upload-report table").count() >= 1
    shot(page, "07-staff-uploaded")

    page.goto(live_app)
    answer = ask(page, GOOD_QUESTION)
    figure = answer.locator(".qa-figure").inner_text().replace("\n", "")
    assert figure.startswith(f"{GOOD_VALUE:.2f}"), answer.inner_text()
    shot(page, "08-chat-answer-from-upload")
