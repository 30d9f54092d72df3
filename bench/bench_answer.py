"""Answer latency: cold start and warm `ask` percentiles over the gold questions.

    python bench/bench_answer.py [--index index/] [--gold tests/gold/gold.jsonl] [--repeat 3]

Cold start runs in a fresh interpreter (import + Answerer.load + first question),
as a user's first `qa ask` would. Warm latency asks every gold question once to
warm up, then `--repeat` more times; follow-ups share a session with their first
question, as in `qa eval`. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.eval.gold import load_gold  # noqa: E402

COLD = """
import json, sys, time
t0 = time.perf_counter()
from qa.answer import Answerer, Session
t1 = time.perf_counter()
a = Answerer.load(sys.argv[1])
t2 = time.perf_counter()
a.ask(sys.argv[2], Session())
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_ask_ms": (t3 - t2) * 1000}))
"""


def percentiles(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f}  p95 {q[94]:7.1f}  p99 {q[98]:7.1f}  max {max(ms):7.1f} ms  (n={len(ms)})"


def cold_start(index: Path, question: str) -> dict:
    out = subprocess.run([sys.executable, "-c", COLD, str(index), question], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm(index: Path, items: list[dict], repeat: int) -> tuple[list[float], dict[str, list[float]]]:
    from qa.answer import Answerer, Session

    answerer = Answerer.load(index)
    all_ms: list[float] = []
    by_type: dict[str, list[float]] = defaultdict(list)
    for run in range(repeat + 1):
        sessions: dict[str, Session] = {}
        for item in items:
            parent = item.get("followup_of")
            session = sessions[parent] if parent in sessions else Session()
            sessions[item["id"]] = session
            t = time.perf_counter()
            answerer.ask(item["question"], session)
            ms = (time.perf_counter() - t) * 1000
            if run:  # the first pass only warms caches
                all_ms.append(ms)
                by_type[item["type"]].append(ms)
    return all_ms, by_type


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", default="index")
    p.add_argument("--gold", default=str(ROOT / "tests" / "gold" / "gold.jsonl"))
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    index = Path(a.index)
    items = load_gold(Path(a.gold))
    cold = cold_start(index, items[0]["question"])
    print(f"cold start: import {cold['import_s']:.2f} s  load {cold['load_s']:.2f} s  first ask {cold['first_ask_ms']:.1f} ms")
    all_ms, by_type = warm(index, items, a.repeat)
    print(f"warm ask  : {percentiles(all_ms)}")
    for t, ms in sorted(by_type.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {t:<20} p50 {statistics.median(ms):7.1f} ms  max {max(ms):7.1f} ms  (n={len(ms)})")


if __name__ == "__main__":
    main()
