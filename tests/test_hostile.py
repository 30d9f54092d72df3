"""Hostile inputs (qa/eval/hostile.py) through the real answerer: no crash, no figure for garbage.

A fixed seeded sample of every category; bench/bench_hostile.py runs the full 10,000 and
reports timings. The legitimate categories are checked too, so that refusing everything
cannot pass.
"""

from __future__ import annotations

import logging

import pytest

from qa.eval.hostile import CATEGORIES, HUGE_CHARS, generate, gives_figure
from qa.jsonout import answer_json, dumps

SAMPLE = 315  # 15 of each category


@pytest.fixture(scope="module")
def sample(corpus_dir):
    return generate(SAMPLE, seed=7, corpus_dir=corpus_dir)


def test_generator_is_deterministic_and_covers_every_category(corpus_dir, sample):
    assert generate(SAMPLE, seed=7, corpus_dir=corpus_dir) == sample
    assert generate(SAMPLE, seed=8, corpus_dir=corpus_dir) != sample
    assert {c.category for c in sample} == set(CATEGORIES)
    assert all(len(c.text) == HUGE_CHARS for c in sample if c.category == "huge")
    assert any("\x00" in c.text for c in sample if c.category == "nul")
    assert any("\ud800" <= ch <= "\udfff" for c in sample if c.category == "surrogate" for ch in c.text)


def test_hostile_sample_never_crashes_and_gives_garbage_no_figure(answerer, sample, caplog):
    caplog.set_level(logging.ERROR, logger="qa")
    figures, answered = [], {name: 0 for name in CATEGORIES}
    for case in sample:
        a = answerer.ask(case.text)
        dumps(answer_json(a)).encode("utf-8")  # what the CLI and the API send
        answered[case.category] += a.status == "answered"
        if case.must_refuse and gives_figure(a):
            figures.append((case.category, case.text[:40], a.value))
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert figures == []
    # The legitimate neighbours are still answered: real questions, in traditional characters too.
    per_category = SAMPLE // len(CATEGORIES)
    assert answered["legit"] == per_category and answered["traditional"] == per_category
