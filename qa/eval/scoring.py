"""Scoring one answer or one ranking against a gold item, and the aggregate metrics.

An answer is a plain dict in the `qa ask --json` shape (status, answer, value,
unit, citations[{doc, line_start, line_end, quote}]), so our system and the
baselines are scored by the same code.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from qa.eval.gold import evidence, operand_evidence, status_of
from qa.eval.numbers import figure_match, mentions, plain

# Share of an item's answer_keywords that must appear in the answer or its quotes.
KEYWORD_SHARE = 0.8
K = 5


def score_answer(item: dict, ans: dict) -> dict:
    """{"correct", "citation_ok", "why"} of one answer; `why` is "" when correct."""
    expected, given = status_of(item), ans.get("status")
    if expected != "answered":
        ok = given == expected
        return {"correct": ok, "citation_ok": None, "why": "" if ok else f"status {given}, expected {expected}"}
    cited = citation_ok(item, ans.get("citations") or [])
    if given != "answered":
        return {"correct": False, "citation_ok": cited, "why": f"status {given}, expected answered"}
    if item.get("answer_keywords"):
        ok, why = _keywords_ok(item, ans)
    else:
        ok, why = _value_ok(item, ans)
    return {"correct": ok, "citation_ok": cited, "why": why}


def _keywords_ok(item: dict, ans: dict) -> tuple[bool, str]:
    text = plain(" ".join([ans.get("answer") or ""] + [c.get("quote") or "" for c in ans.get("citations") or []]))
    missing = [k for k in item["answer_keywords"] if plain(k) not in text]
    share = 1 - len(missing) / len(item["answer_keywords"])
    return share >= KEYWORD_SHARE, "" if share >= KEYWORD_SHARE else f"missing {missing}"


def _value_ok(item: dict, ans: dict) -> tuple[bool, str]:
    gold, unit, value = item["answer_value"], item.get("answer_unit"), ans.get("value")
    # Gold figures are magnitudes ("减少 3.00 万元" -> 3.00); a signed -3.00 is the same answer.
    if value is not None and figure_match(gold, unit, abs(value), ans.get("unit")):
        return True, ""
    if value is None and mentions(ans.get("answer") or "", gold):
        return True, ""
    return False, f"value {value} {ans.get('unit') or ''}".strip()


def citation_ok(item: dict, citations: list[dict]) -> bool:
    """Is the expected line cited? A comparison must cite the line of every operand."""
    spans = [(c.get("doc"), c.get("line_start") or 0, c.get("line_end") or c.get("line_start") or 0) for c in citations]
    if item["type"] == "comparison" and status_of(item) == "answered":
        return all(any(d == doc and s <= line <= e for d, s, e in spans for doc, line in places)
                   for places in operand_evidence(item))
    return any(_overlap(span, ev) for span in spans for ev in evidence(item))


def _overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]


def hit_rank(item: dict, spans: list[tuple[str, int, int]]) -> int | None:
    """1-based rank of the first retrieved (doc, line_start, line_end) covering the evidence."""
    ev = evidence(item)
    for rank, span in enumerate(spans, 1):
        if any(_overlap(span, e) for e in ev):
            return rank
    return None


def retrievable(item: dict) -> bool:
    """Retrieval is scored on single-document answered items (a comparison needs two hits)."""
    return bool(evidence(item))


def retrieval_query(item: dict, by_id: dict[str, dict]) -> str:
    """The text to retrieve with: a follow-up is read together with its earlier questions."""
    parts = [item["question"]]
    parent = item.get("followup_of")
    while parent:
        parts.insert(0, by_id[parent]["question"])
        parent = by_id[parent].get("followup_of")
    return " ".join(parts)


def ranking_metrics(ranks: list[int | None]) -> dict:
    """recall@1, recall@5 and MRR (within the top 5) of a list of hit ranks."""
    n = len(ranks)
    if not n:
        return {"n": 0, "recall@1": None, "recall@5": None, "mrr": None}
    return {
        "n": n,
        "recall@1": _r(sum(1 for r in ranks if r == 1) / n),
        "recall@5": _r(sum(1 for r in ranks if r and r <= K) / n),
        "mrr": _r(sum(1 / r for r in ranks if r and r <= K) / n),
    }


def answer_metrics(rows: list[dict], key: str = "system") -> dict:
    """Accuracy figures of one answerer (`key` names it in each row) over the rows."""
    answered = [r for r in rows if r["gold_status"] == "answered"]
    refused = [r for r in rows if r[key]["status"] == "not_found"]
    return {
        "answer_accuracy": _share(answered, lambda r: r[key]["correct"]),
        "citation_accuracy": _share(answered, lambda r: r[key]["citation_ok"]),
        "answer_and_citation": _share(answered, lambda r: r[key]["correct"] and r[key]["citation_ok"]),
        "refusal_accuracy": _share([r for r in rows if r["gold_status"] == "not_found"], lambda r: r[key]["correct"]),
        "refusal_precision": _share(refused, lambda r: r["gold_status"] == "not_found"),
        "ambiguity_accuracy": _share([r for r in rows if r["gold_status"] == "ambiguous"], lambda r: r[key]["correct"]),
        "false_ambiguity": _share(answered, lambda r: r[key]["status"] == "ambiguous"),
        "overall_accuracy": _share(rows, lambda r: r[key]["correct"]),
    }


def grouped(rows: list[dict], field: str) -> dict:
    """{group: {n, accuracy, citation}} of the system's answers, by a row field."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[field]].append(r)
    out = {}
    for name in sorted(groups):
        g = groups[name]
        answered = [r for r in g if r["gold_status"] == "answered"]
        out[name] = {"n": len(g), "accuracy": _share(g, lambda r: r["system"]["correct"]),
                     "citation": _share(answered, lambda r: r["system"]["citation_ok"])}
    return out


def latency(ms: list[float]) -> dict:
    if not ms:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    a = np.asarray(ms, dtype=float)
    return {"p50": _r(np.percentile(a, 50), 1), "p95": _r(np.percentile(a, 95), 1), "p99": _r(np.percentile(a, 99), 1),
            "mean": _r(a.mean(), 1), "max": _r(a.max(), 1)}


def _share(rows: list[dict], pred) -> float | None:
    return _r(sum(1 for r in rows if pred(r)) / len(rows)) if rows else None


def _r(x: float, digits: int = 4) -> float:
    return round(float(x), digits)
