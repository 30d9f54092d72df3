"""Large files: parse time by size (linear?), and what a build does with a 50 MB text.

    python bench/bench_bigfile.py [--sizes 1,2,4,8,16,32,50] [--seed corpus/X.txt] [--no-build]

Each size is a synthetic disclosure made by repeating a real one (default: the 2025 budget of
the 昌吉 service centre, 78 KB) up to that many MB; `qa.ingest.load_document` parses it with
the text limit lifted (QA_MAX_TEXT_MB); wall and CPU seconds are printed, and the CPU time's
growth scaled to a doubling of the size (2 when linear; CPU time is steadier than wall time
on a shared machine). Then a real `qa build` of a two-file corpus
with the 50 MB file under the default settings: its seconds, and what the report says of it.
Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.ingest import load_document  # noqa: E402

SEED = ROOT / "corpus" / "changji-hrss-center-2025-budget.txt"
MB = 1024 * 1024


def synthetic(seed: Path, mb: float, folder: Path) -> tuple[Path, int]:
    """The seed text repeated to about `mb` MB; returns the file and the number of copies."""
    text = seed.read_text(encoding="utf-8")
    copies = max(1, round(mb * MB / len(text.encode("utf-8"))))
    path = folder / f"big-{mb:g}mb-2025-budget.txt"
    path.write_text(text * copies, encoding="utf-8")
    return path, copies


def parse_times(seed: Path, sizes: list[float], folder: Path) -> None:
    os.environ["QA_MAX_TEXT_MB"] = str(max(sizes) + 1)  # measure the parser, not the limit
    previous = None
    print("size_mb  copies  tables  parse_s  cpu_s  cpu ratio (per doubling: 2 when linear)")
    for mb in sizes:
        path, copies = synthetic(seed, mb, folder)
        started, cpu = time.perf_counter(), time.process_time()
        doc = load_document(path, "big")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        ratio = f"{(cpu / previous[1]) / (mb / previous[0]) * 2:.2f}" if previous else "-"
        print(f"{mb:7g}  {copies:6d}  {len(doc.tables):6d}  {seconds:7.2f}  {cpu:5.2f}  {ratio}", flush=True)
        previous = (mb, cpu)
        path.unlink()
    del os.environ["QA_MAX_TEXT_MB"]


def build_fate(seed: Path, folder: Path, mb: float = 50) -> None:
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / seed.name).write_bytes(seed.read_bytes())
    synthetic(seed, mb, corpus)
    env = {k: v for k, v in os.environ.items() if k != "QA_MAX_TEXT_MB"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "qa", "build", "--json", "--corpus", str(corpus),
                           "--index", str(folder / "index")], cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if proc.returncode:
        print(f"build of a {mb:g} MB file: exit {proc.returncode} after {seconds:.1f} s: {proc.stderr.strip()[-300:]}")
        return
    report = json.loads(proc.stdout)
    print(f"build with a {mb:g} MB file: {seconds:.1f} s, {report['documents']} document(s) built")
    for p in report["problems"]:
        print(f"  problem {p['file']}: {p['message']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1,2,4,8,16,32,50")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--no-build", action="store_true")
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parse_times(a.seed, [float(s) for s in a.sizes.split(",")], Path(tmp))
        if not a.no_build:
            build_fate(a.seed, Path(tmp))


if __name__ == "__main__":
    main()
