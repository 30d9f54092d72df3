"""What one question's ranking shares between facts (qa/answer/lookup.py): the cells of a row,
and the same rows of many documents, answer to the same names and qualifiers, so how those
are found in the question is worked out once per question (`_score(..., seen=)`), and it must
score every fact exactly as scoring it alone does."""

from __future__ import annotations

import pytest

from qa.answer.lookup import FactIndex, _bigrams, _score
from qa.answer.question import norm_name, parse_question
from tests.test_facts_extract import BAYINGOL_24, CENTER, CHANGJI_23, loaded

QUESTIONS = ["2025年服务中心三公经费是多少", "各类人事考试工作经费的指标值是多少", "四级联动视频会议系统项目资金",
             "2023年机关运行经费比上年增加多少", "政府采购预算中服务类采购", "公开招聘工作经费里面试工作经费"]


@pytest.mark.parametrize("partial", [False, True])  # True: a follow-up, whose names may be parts
@pytest.mark.parametrize("question", QUESTIONS)
def test_names_scored_once_per_question_score_every_fact_as_alone(question, partial):
    text = norm_name(parse_question(question).residue)
    qgrams = _bigrams(text)
    seen: dict = {}
    scored = found = 0
    for doc_id in (CENTER, CHANGJI_23, BAYINGOL_24):
        index = FactIndex.of(loaded(doc_id)[1])
        for e in index.doc(doc_id).sharing(qgrams, None):
            alone = _score(e, text, qgrams, partial)
            assert _score(e, text, qgrams, partial, seen=seen) == alone, (doc_id, e.fact.metric, e.fact.line_start)
            scored += 1
            found += alone is not None
    assert found  # the question names facts
    assert len(seen) < scored  # and facts share what their names make of it
