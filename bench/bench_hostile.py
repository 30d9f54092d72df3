"""Hostile inputs through the real answerer: crashes, figures given to garbage, latency.

    python bench/bench_hostile.py [--index index/] [--corpus corpus/] [-n 10000] [--seed 0] [--batch 300]

Generates `-n` questions with qa/eval/hostile.py (deterministic for a seed), asks each
in-process on one loaded Answerer and counts per category: crashes (an exception out of
`ask`, an error the answerer logged while answering, or an answer whose JSON does not
encode as UTF-8), figures (status answered with a value) and any answered status, with
p50/p95/p99 latency. `--batch K` also sends a sample of K through
`python -m qa ask --batch FILE --json` and checks one valid JSON line per question.
Prints numbers; asserts nothing (tests/test_hostile.py does, on a fixed sample).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.eval.hostile import CATEGORIES, generate, gives_figure  # noqa: E402


class _Errors(logging.Handler):
    """Counts ERROR records: the answerer logs a caught exception instead of raising."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def pct(ms: list[float], p: float) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))] if ms else 0.0


def run_in_process(answerer, cases) -> dict:
    from qa.jsonout import answer_json, dumps

    errors = _Errors()
    logging.getLogger("qa").addHandler(errors)
    stats: dict[str, dict] = defaultdict(lambda: {"n": 0, "crashes": 0, "figures": 0, "answered": 0, "ms": [],
                                                 "examples": []})
    started = time.perf_counter()
    for case in cases:
        s = stats[case.category]
        s["n"] += 1
        before = errors.count
        t0 = time.perf_counter()
        try:
            a = answerer.ask(case.text)
            dumps(answer_json(a)).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            s["crashes"] += 1
            s["examples"].append(f"CRASH {type(exc).__name__}: {case.text[:60]!r}")
            continue
        finally:
            s["ms"].append((time.perf_counter() - t0) * 1000)
        if errors.count > before:
            s["crashes"] += 1
            s["examples"].append(f"LOGGED ERROR: {case.text[:60]!r}")
        if a.status == "answered":
            s["answered"] += 1
        if gives_figure(a):
            s["figures"] += 1
            if case.category in MUST_REFUSE and len(s["examples"]) < 5:
                s["examples"].append(f"FIGURE {a.value}{a.unit or ''}: {case.text[:60]!r}")
    logging.getLogger("qa").removeHandler(errors)
    return {"total_s": time.perf_counter() - started, "stats": stats}


MUST_REFUSE = {name for name, (_make, must) in CATEGORIES.items() if must}


def report(result: dict) -> None:
    stats = result["stats"]
    every = [m for s in stats.values() for m in s["ms"]]
    print(f"{'category':15} {'n':>6} {'crash':>6} {'figure':>7} {'answered':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  must refuse")
    for name in CATEGORIES:
        s = stats.get(name)
        if not s:
            continue
        print(f"{name:15} {s['n']:6d} {s['crashes']:6d} {s['figures']:7d} {s['answered']:9d} "
              f"{pct(s['ms'], 50):7.1f} {pct(s['ms'], 95):7.1f} {pct(s['ms'], 99):7.1f}  {'yes' if name in MUST_REFUSE else ''}")
    crashes = sum(s["crashes"] for s in stats.values())
    garbage = sum(s["figures"] for n, s in stats.items() if n in MUST_REFUSE)
    print(f"\nall {len(every)} questions: crashes {crashes}, figures given to must-refuse categories {garbage}, "
          f"p50 {pct(every, 50):.1f} ms, p95 {pct(every, 95):.1f} ms, p99 {pct(every, 99):.1f} ms, "
          f"total {result['total_s']:.1f} s")
    for name, s in stats.items():
        for e in s["examples"][:5]:
            print(f"  [{name}] {e}")


def run_batch(cases, index: Path, corpus: Path) -> None:
    """A sample through the CLI: one valid JSON line per question, no figure for garbage."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.jsonl"
        with path.open("w", encoding="utf-8", errors="surrogatepass") as f:
            for i, c in enumerate(cases):
                f.write(json.dumps({"id": i, "question": c.text}, ensure_ascii=True) + "\n")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "qa", "ask", "--batch", str(path), "--json",
                               "--index", str(index), "--corpus", str(corpus)],
                              capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        took = time.perf_counter() - t0
    out = proc.stdout.decode("utf-8", errors="strict").splitlines()
    rows = [json.loads(line) for line in out if line.strip()]
    figures = sum(1 for r in rows if r.get("status") == "answered" and r.get("value") is not None
                  and cases[r["id"]].category in MUST_REFUSE)
    errors = sum(1 for r in rows if r.get("status") == "error")
    print(f"\nbatch through `qa ask --batch`: {len(cases)} questions -> exit {proc.returncode}, {len(rows)} JSON lines, "
          f"{errors} error lines, {figures} figures for must-refuse categories, {took:.1f} s (with load)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", default=str(ROOT / "index"))
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=300, help="sample size sent through the CLI (0: none)")
    a = ap.parse_args()
    from qa.answer import Answerer

    cases = generate(a.n, a.seed, a.corpus)
    t0 = time.perf_counter()
    answerer = Answerer.load(a.index)
    print(f"loaded in {time.perf_counter() - t0:.1f} s; {len(cases)} questions, seed {a.seed}")
    logging.getLogger("qa").setLevel(logging.ERROR)
    report(run_in_process(answerer, cases))
    if a.batch:
        step = max(1, len(cases) // a.batch)
        run_batch(cases[::step][:a.batch], Path(a.index), Path(a.corpus))


if __name__ == "__main__":
    main()
