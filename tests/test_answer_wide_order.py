"""A question naming no unit over many documents (qa/answer/wide.py): the candidates are chosen
and ordered with arrays over the documents' key scores; they must be those the scores say: the
documents scoring at least SHARE of the best, best first, then the newest, then by id, and
every fitting one with the first of each unit ahead."""

from __future__ import annotations

import pytest

from qa.answer import Answerer, wide
from qa.answer.lookup import question_keys
from qa.answer.question import parse_question
from qa.answer.resolve import unit_of

QUESTIONS = ["三公经费是多少", "公务接待费多少", "四级联动视频会议系统项目资金", "公务用车有几辆", "一般公共预算收入",
             "收入总计多少", "重要设备维修维保验收合格率指标值", "乙丙丁"]


def _by_definition(keys, question: str, docs, bound: int):
    q = parse_question(question)
    scores = keys.scores(question_keys(q, None), [d.doc_id for d in docs])
    best = max(scores.values(), default=0.0)
    chosen = [d for d in docs if scores.get(d.doc_id, 0.0) >= wide.SHARE * best] if best else list(docs)
    if len(chosen) <= bound:
        return tuple(chosen), ()
    ordered = sorted(chosen, key=lambda d: (-scores.get(d.doc_id, 0.0), -(d.year or 0), d.doc_id))
    return tuple(ordered[:wide.RANKED]), tuple(ordered)


@pytest.mark.slow  # builds the seeds + wild index (session fixture)
@pytest.mark.parametrize("bound", [2, 8, 24])
def test_candidates_are_those_their_key_scores_say(wild_index, bound):
    a = Answerer.load(wild_index)
    docs = a.catalog.docs
    wide_ones = 0
    for question in QUESTIONS:
        q = parse_question(question)
        keys = question_keys(q, None)
        by_score = a.keys.scores(keys, [d.doc_id for d in docs])
        assert list(a.keys.doc_scores(keys, [d.doc_id for d in docs])) == [by_score.get(d.doc_id, 0.0) for d in docs]
        chosen = wide.choose(a.keys, q, None, docs, bound)
        ranked, ordered = _by_definition(a.keys, question, docs, bound)
        assert (chosen.docs, chosen.ordered) == (ranked, ordered), question
        if chosen.wide:
            wide_ones += 1
            units = [unit_of(d) for d in chosen.fitting]
            first = len(set(units))
            assert sorted(chosen.fitting, key=ordered.index) == list(ordered)  # the same documents
            assert len(set(units[:first])) == first  # each unit's first ahead of any second
    assert wide_ones >= {2: 3, 8: 3, 24: 1}[bound]  # questions past the bound
