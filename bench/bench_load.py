"""Load test of the app's /ask API: N concurrent gradio_client clients, M questions in all.

    python bench/bench_load.py                      # starts app.py on a free port (index/, corpus/)
    python bench/bench_load.py --url http://127.0.0.1:7860
    python bench/bench_load.py --clients 20 --questions 500 --json
    python bench/bench_load.py --via http          # the same queue over raw HTTP (no client library)

Prints throughput, latency p50/p95 and the error count, and beside them the bare answerer's
p50/p95 (in-process `Answerer.ask` on the same questions, in the same run) with the ratio
server p50 / answerer p50: what serving adds to answering. When the benchmark started the
server itself it also prints the server's CPU milliseconds per request; always the load
generator's own CPU a request and the load average, since on a shared 2-core box the clients
and the neighbours' jobs take cores from the server (latency there says more about the box
than about serving; CPU a request is the steadier figure).

The clients pass ssl_verify=False: the target is plain http on loopback, where there is nothing
to verify, and with verification on every gradio_client request builds a fresh httpx client
that loads the CA bundle (~45 ms of the benchmark's own CPU a request), which made the load
generator, not the server, the bottleneck.

Traffic goes to loopback only; the run is bounded by --questions and --deadline and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
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


def latency_summary(latencies: list[float]) -> dict:
    return {"p50": round(statistics.median(latencies), 1) if latencies else 0.0,
            "p95": round(percentile(latencies, 0.95), 1),
            "max": round(max(latencies), 1) if latencies else 0.0}


def answerer_latencies(index: Path, total: int) -> dict:
    """The bare answerer on the same question sequence, one at a time, in this process."""
    from qa.answer import Answerer

    answerer = Answerer.load(index)
    answerer.ask(QUESTIONS[0])  # warm: the first question loads lazily built parts
    latencies = []
    for i in range(total):
        started = time.perf_counter()
        answerer.ask(QUESTIONS[i % len(QUESTIONS)])
        latencies.append((time.perf_counter() - started) * 1000)
    return latency_summary(latencies)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """User + system CPU seconds of this process (the load generator) so far."""
    t = os.times()
    return t.user + t.system


def gradio_asker(url: str):
    """One gradio_client Client (what an API user runs): ask(question) -> the /ask JSON."""
    from gradio_client import Client

    client = Client(url, verbose=False, ssl_verify=False)
    return lambda question: client.predict(question, api_name="/ask")


def http_asker(url: str):
    """The same queue over raw HTTP with one kept-alive connection: POST /gradio_api/call/ask for an
    event id, then read that event's stream to its `complete` (or `error`) message."""
    import httpx

    http = httpx.Client(base_url=url, timeout=60)

    def ask(question: str) -> dict:
        event = http.post("/gradio_api/call/ask", json={"data": [question]})
        event.raise_for_status()
        kind = None
        with http.stream("GET", f"/gradio_api/call/ask/{event.json()['event_id']}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:") and kind in ("complete", "error"):
                    data = json.loads(line[5:])
                    if kind == "error":
                        raise RuntimeError(f"server error: {data}")
                    return data[0]
        raise RuntimeError("event stream ended without a result")

    return ask


ASKERS = {"client": gradio_asker, "http": http_asker}


def run(url: str, clients: int, total: int, deadline: float, via: str = "client") -> dict:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing non-loopback target {url}: this benchmark only loads a local server")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + deadline

    def worker() -> None:
        ask = ASKERS[via](url)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                out = ask(QUESTIONS[i % len(QUESTIONS)])
                ok = isinstance(out, dict) and out.get("status") in {"answered", "not_found", "ambiguous"}
                err = None if ok else f"unexpected answer: {str(out)[:200]}"
            except Exception as exc:  # a failed request is a data point, not a crash
                err = f"{type(exc).__name__}: {exc}"[:300]
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if err:
                    errors.append(err)

    started, cpu_before = time.perf_counter(), own_cpu_seconds()
    with ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    wall = time.perf_counter() - started
    client_cpu = own_cpu_seconds() - cpu_before
    return {
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(latencies)), 1),
        "clients": clients, "via": via, "requests": len(latencies), "errors": len(errors),
        "seconds": round(wall, 2), "throughput_rps": round(len(latencies) / wall, 2) if wall else 0.0,
        "latency_ms": latency_summary(latencies),
        "first_errors": errors[:5],
    }


def print_report(report: dict) -> None:
    lat, bare = report["latency_ms"], report["answerer_ms"]
    print(f"{report['requests']} requests from {report['clients']} clients ({report['via']}) in {report['seconds']} s: "
          f"{report['throughput_rps']} req/s, errors {report['errors']}")
    print(f"  server   p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms")
    print(f"  answerer p50 {bare['p50']} ms, p95 {bare['p95']} ms (in-process Answerer.ask, same questions)")
    cpu = report.get("server_cpu_ms_per_request")
    print(f"  server p50 / answerer p50 = {report['ratio_p50']}"
          + (f"; server CPU {cpu} ms a request" if cpu is not None else "")
          + f"; load generator CPU {report['client_cpu_ms_per_request']} ms a request"
          + f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for e in report["first_errors"]:
        print(f"  error: {e}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running local server; default: start app.py on a free port")
    parser.add_argument("--index", default=settings.get("index"))
    parser.add_argument("--corpus", default=settings.get("corpus"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--deadline", type=float, default=600.0, help="stop after this many seconds")
    parser.add_argument("--via", choices=sorted(ASKERS), default="client",
                        help="client: gradio_client (default); http: the same queue over raw HTTP, kept-alive")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    if args.url:
        report = run(args.url, args.clients, args.questions, args.deadline, args.via)
    else:
        log = Path(tempfile.gettempdir()) / "qa-bench-server.log"
        server = LocalServer(Path(args.index), Path(args.corpus), log)
        with server as url:
            before = cpu_seconds(server.proc.pid)
            report = run(url, args.clients, args.questions, args.deadline, args.via)
            used = cpu_seconds(server.proc.pid) - before
        report["server_cpu_ms_per_request"] = round(used * 1000 / max(1, report["requests"]), 1)
    report["answerer_ms"] = answerer_latencies(Path(args.index), args.questions)
    report["ratio_p50"] = round(report["latency_ms"]["p50"] / max(report["answerer_ms"]["p50"], 1e-3), 1)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
