"""Evaluation: `run_eval(gold_path, index_dir, corpus_dir, subset=None) -> dict`.

Scores `qa ask` (answer, citation, refusal, ambiguity) and `qa search` (recall@1/@5,
MRR for fused, dense-only and BM25-only) on the gold set, runs two baselines on the
same questions, and writes a report, a CSV and plots under reports/. The primary
metric is answer_accuracy. Modules: gold.py (load/check/subsets), numbers.py (figure
matching), scoring.py, baselines.py, runner.py, report.py.
"""

from __future__ import annotations

from pathlib import Path

from qa.eval import scoring
from qa.eval.report import format_report, write_reports
from qa.eval.runner import (
    MODES,
    Progress,
    base_rows,
    gold_items,
    resolve_gold,
    run_baselines,
    run_retrieval,
    run_system,
    stderr_progress,
)

__all__ = ["format_report", "run_eval"]
REPORT_DIR = Path("reports")


def run_eval(gold_path=None, index_dir: Path = Path("index"), corpus_dir: Path = Path("corpus"), subset: str | None = None,
             progress: Progress | None = None, report_dir: Path = REPORT_DIR, baselines: bool = True) -> dict:
    """Evaluate the built index at `index_dir` on the gold file (default tests/gold/gold.jsonl).

    `subset` is None (all), "ci" or a question type. Progress goes to `progress`
    (stderr by default), never to stdout. Returns the metrics dict (also written to
    reports/eval.json); `baselines=False` skips the two baselines (they load the model).
    """
    say = progress or stderr_progress
    index_dir, corpus_dir = Path(index_dir), Path(corpus_dir)
    items, problems = gold_items(gold_path, corpus_dir, subset, say)
    say(f"评测 {len(items)} 题")
    rows = base_rows(items)
    load_s = run_system(items, rows, index_dir, say)
    run_retrieval(items, rows, index_dir, say)
    if baselines:
        run_baselines(items, rows, corpus_dir, Path(report_dir) / "cache", say)
    metrics = summarize(rows, load_s, baselines)
    metrics.update(gold=str(resolve_gold(gold_path)), subset=subset, gold_problems=problems)
    write_reports(metrics, rows, report_dir)
    return metrics


def summarize(rows: list[dict], load_s: float, with_baselines: bool = True) -> dict:
    """The metrics dict of a run (CONTRACT keys first)."""
    system = scoring.answer_metrics(rows, "system")
    by_mode = {mode: scoring.ranking_metrics([r["ranks"][mode] for r in rows if "ranks" in r]) for mode in MODES}
    fused = by_mode["fused"]
    m = {
        "primary": "answer_accuracy",
        "questions": len(rows),
        "answer_accuracy": system["answer_accuracy"],
        "refusal_accuracy": system["refusal_accuracy"],
        "by_type": scoring.grouped(rows, "type"),
        "retrieval": {"recall@1": fused["recall@1"], "recall@5": fused["recall@5"], "mrr": fused["mrr"], "n": fused["n"],
                      "by_mode": by_mode},
        "baselines": {name: _baseline(rows, name) for name in ("naive_rag", "bm25")} if with_baselines else {},
        "latency_ms": scoring.latency([r["system"]["ms"] for r in rows]),
        "cold_start_s": round(load_s, 3),
        **{k: v for k, v in system.items() if k not in ("answer_accuracy", "refusal_accuracy")},
        "by_doc": scoring.grouped(rows, "doc"),
        "failures": [{"id": r["id"], "type": r["type"], "question": r["question"], "expected": r["expected"],
                      "given": r["system"]["given"], "why": r["system"]["why"] or "citation", "cited": r["system"]["cited"]}
                     for r in rows if not r["system"]["correct"] or r["system"]["citation_ok"] is False],
    }
    return m


def _baseline(rows: list[dict], name: str) -> dict:
    out = scoring.answer_metrics(rows, name)
    out.update({k: v for k, v in scoring.ranking_metrics([r[name]["rank"] for r in rows if r[name]["retrievable"]]).items() if k != "n"})
    return out
