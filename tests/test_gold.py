"""The gold question set is well-formed, covers what it claims and agrees with the corpus.

A wrong gold item misleads every evaluation, so each stated figure is checked on
its stated source line, as the corpus file is stored.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qa.eval.gold import TYPES, Corpus, GoldError, evidence, load_gold, select, source_problems, status_of

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "gold.jsonl"
CORPUS = ROOT / "corpus"
# Each table layout of the corpus, as (document, layout): every one must be tested.
LAYOUTS = {
    ("changji-hrss-center-2025-budget", "markdown"),
    ("bayingol-hrss-bureau-2024-budget", "tsv"),
    ("changji-hrss-bureau-2022-budget", "cell_lines"),
    ("changji-hrss-bureau-2023-final-accounts", "pdf_text"),
    ("bayingol-hrss-bureau-2022-performance-targets", "tsv"),
}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(CORPUS)


def test_size_and_statuses(items):
    statuses = Counter(status_of(i) for i in items)
    assert len(items) >= 250
    assert statuses["not_found"] >= 30
    assert statuses["ambiguous"] >= 8


def test_every_type_is_covered(items):
    counts = Counter(i["type"] for i in items)
    assert set(counts) == set(TYPES)
    thin = {t: n for t, n in counts.items() if n < 10}
    assert not thin, f"types with fewer than 10 questions: {thin}"


def test_every_document_and_table_layout_is_covered(items, corpus):
    docs = {p.stem for p in CORPUS.glob("*.txt")}
    per_doc = Counter(i["doc"] for i in items if isinstance(i["doc"], str))
    assert {d for d in docs if per_doc[d] < 20} == set()
    cells = Counter((i["doc"], i.get("layout")) for i in items if i["type"] in ("table_figure", "performance_target"))
    assert {lay for lay in LAYOUTS if cells[lay] < 5} == set()


def test_stated_values_are_on_their_source_lines(items, corpus):
    problems = source_problems(items, corpus)
    assert not problems, "\n".join(problems)


def test_comparisons_are_the_difference_of_their_operands(items):
    for i in (i for i in items if i["type"] == "comparison"):
        a, b = i["operands"][:2]
        assert abs(abs(a - b) - i["answer_value"]) < 1e-6, i["id"]
        assert len(i["source_lines"]) == len(i["doc"]) == len(i["operands"]), i["id"]


def test_followups_come_in_sessions(items):
    by_id = {i["id"]: i for i in items}
    seconds = [i for i in items if i.get("followup_of")]
    assert len(seconds) >= 10
    for i in seconds:
        assert by_id[i["followup_of"]]["type"] == "followup"
        assert i["type"] == "followup"


def test_refusals_and_ambiguities_carry_no_answer(items):
    for i in items:
        if status_of(i) == "not_found":
            assert i["doc"] is None and i["answer_value"] is None and i["source_line"] is None, i["id"]
        if status_of(i) == "ambiguous":
            assert len(i["candidates"]) >= 2 and i["answer_value"] is None, i["id"]


def test_answered_items_have_evidence(items):
    for i in items:
        if status_of(i) == "answered" and i["type"] != "comparison":
            assert evidence(i), i["id"]


def test_ci_subset_is_representative(items):
    ci = select(items, "ci")
    assert 50 <= len(ci) <= 90
    assert {i["type"] for i in ci} == set(TYPES)
    assert {i["id"] for i in ci} == {i["id"] for i in items if i.get("ci")}, "a ci follow-up lacks its first question"


def test_a_wrong_value_is_caught(corpus):
    good = next(i for i in load_gold(GOLD) if i["id"] == "c25-005")
    bad = dict(good, answer_value=2.29)
    assert source_problems([good], corpus) == []
    assert source_problems([bad], corpus)
    shifted = dict(good, source_line=good["source_line"] + 1)
    assert source_problems([shifted], corpus)


def test_malformed_lines_are_refused(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "x", "question": "q"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="缺少字段"):
        load_gold(path)


# The scorer that reads the gold file: small checks of its rules, no index needed.

def test_figure_match_rules():
    from qa.eval.numbers import figure_match

    assert figure_match(2.28, "万元", 22800, "元")
    assert figure_match(1583.14, "万元", 1583.1, "万元")
    assert not figure_match(2.28, "万元", 2.38, "万元")
    assert figure_match(2.03, "%", 0.0203, None)
    assert figure_match(0.08, "万元", 0.08, None)


def test_score_answer_statuses_values_and_citations(items):
    from qa.eval.scoring import score_answer

    item = next(i for i in items if i["id"] == "b24-027")  # 三公经费比上年减少 3.00 万元
    cite = {"doc": item["doc"], "line_start": item["source_line"], "line_end": item["source_line"], "quote": ""}
    assert score_answer(item, {"status": "answered", "value": -3.0, "unit": "万元", "citations": [cite]}) == {"correct": True, "citation_ok": True, "why": ""}
    wrong = score_answer(item, {"status": "answered", "value": 19.0, "unit": "万元", "citations": []})
    assert not wrong["correct"] and wrong["citation_ok"] is False
    refusal = next(i for i in items if i["status"] == "not_found")
    assert score_answer(refusal, {"status": "not_found", "answer": "", "citations": []})["correct"]
    assert not score_answer(refusal, {"status": "answered", "value": 1.0, "citations": []})["correct"]


def test_comparison_needs_every_operand_cited(items):
    from qa.eval.scoring import citation_ok

    item = next(i for i in items if i["id"] == "x-002")
    cites = [{"doc": d, "line_start": n, "line_end": n} for d, n in zip(item["doc"], item["source_lines"], strict=True)]
    assert citation_ok(item, cites)
    assert not citation_ok(item, cites[:1])


def test_baseline_windows_map_to_their_lines(tmp_path):
    from qa.eval.baselines import fixed_windows

    text = "".join(f"第{n}行：{'数' * 40}\n" for n in range(1, 60))
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    windows = fixed_windows(tmp_path, size=200, overlap=20)
    lines = text.split("\n")
    for w in windows:
        assert w.text.split("\n")[0] in lines[w.line_start - 1]
        assert w.text.rstrip("\n").split("\n")[-1] in lines[w.line_end - 1]
