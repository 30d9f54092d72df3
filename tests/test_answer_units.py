"""The unit a question asks (几场, 几名) is matched to the unit the document writes for the same
measure (场次, 人): qa/lexicon/asked.json asked_units.same. First run: "计划办几场考试？" was
not_found (the target is written ≥18场次), standalone and as a follow-up."""

from __future__ import annotations

import pytest

from qa.answer import Session

CENTER = "changji-hrss-center-2025-budget"


@pytest.mark.parametrize("question", ["服务中心2025年计划办几场考试？", "服务中心2025年要举办几场人事考试"])
def test_asked_measure_word_finds_its_written_unit(answerer, question):
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == 18 and a.unit == "场次"
    assert (a.citations[0].doc, a.citations[0].line_start) == (CENTER, 677)


def test_follow_up_counts_in_the_written_unit(answerer):
    session = Session()
    answerer.ask("服务中心2025年各类人事考试工作经费安排了多少？", session=session)
    a = answerer.ask("计划办几场考试？", session=session)
    assert a.status == "answered" and a.value == 18 and a.unit == "场次"

