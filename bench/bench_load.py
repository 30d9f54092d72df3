"""Load test of the app's /ask API: N concurrent gradio_client clients, M questions in all.

    python bench/bench_load.py                      # starts app.py on a free port (index/, corpus/)
    python bench/bench_load.py --url http://127.0.0.1:7860
    python bench/bench_load.py --clients 20 --questions 500 --json

Prints throughput, latency p50/p95 and the error count. Traffic goes to loopback only;
the run is bounded by --questions and --deadline and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import settings  # noqa: E402
from qa.web.chat import EXAMPLES  # noqa: E402
from qa.web.local_server import LocalServer  # noqa: E402

QUESTIONS = (
    *EXAMPLES,
    "昌吉州人社局2022年部门预算支出合计是多少？",
    "巴州人社局2024年基本支出是多少？",
    "那2023年呢？",
    "昌吉回族自治州人力资源和社会保障服务中心2025年公务用车运行维护费是多少？",
    "北京市2025年财政预算是多少？",  # not in the corpus: exercises the not_found path
)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def run(url: str, clients: int, total: int, deadline: float) -> dict:
    from gradio_client import Client

    host = urlparse(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing non-loopback target {url}: this benchmark only loads a local server")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + deadline

    def worker() -> None:
        client = Client(url, verbose=False)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                out = client.predict(QUESTIONS[i % len(QUESTIONS)], api_name="/ask")
                ok = isinstance(out, dict) and out.get("status") in {"answered", "not_found", "ambiguous"}
                err = None if ok else f"unexpected answer: {str(out)[:200]}"
            except Exception as exc:  # a failed request is a data point, not a crash
                err = f"{type(exc).__name__}: {exc}"[:300]
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if err:
                    errors.append(err)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    wall = time.perf_counter() - started
    return {
        "clients": clients, "requests": len(latencies), "errors": len(errors),
        "seconds": round(wall, 2), "throughput_rps": round(len(latencies) / wall, 2) if wall else 0.0,
        "latency_ms": {"p50": round(statistics.median(latencies), 1) if latencies else 0.0,
                       "p95": round(percentile(latencies, 0.95), 1),
                       "max": round(max(latencies), 1) if latencies else 0.0},
        "first_errors": errors[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running local server; default: start app.py on a free port")
    parser.add_argument("--index", default=settings.get("index"))
    parser.add_argument("--corpus", default=settings.get("corpus"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--deadline", type=float, default=600.0, help="stop after this many seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    if args.url:
        report = run(args.url, args.clients, args.questions, args.deadline)
    else:
        log = Path(tempfile.gettempdir()) / "qa-bench-server.log"
        with LocalServer(Path(args.index), Path(args.corpus), log) as url:
            report = run(url, args.clients, args.questions, args.deadline)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        lat = report["latency_ms"]
        print(f"{report['requests']} requests from {report['clients']} clients in {report['seconds']} s: "
              f"{report['throughput_rps']} req/s, p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
              f"max {lat['max']} ms, errors {report['errors']}")
        for e in report["first_errors"]:
            print(f"  error: {e}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
