"""A newcomer's first run, timed: fresh clone, fresh virtualenv, the README's first command.

    python bench/bench_first_run.py [--repo .] [--keep] [--isolated-venv]

1. `git clone` of this repository (its committed state) into a temporary folder;
2. `python -m venv --system-site-packages venv` there (the dependencies already installed on
   this machine are visible, so nothing is downloaded: the seconds of `pip install -e .` are
   those of a machine that has the wheels, not of a first download; `--isolated-venv` makes a
   venv without them, which downloads everything);
3. the README's first command, `pip install -e . && python app.py`, with an empty embedding
   cache (QA_CACHE in the temporary folder) and no index, as on a fresh machine;
4. polls the page's /ask (gradio_client) with a question whose answer is known until it is
   answered correctly, then waits for the log line saying the vectors are in.

Prints seconds from `python app.py` to: the page serving, the first correct answer, the
vectors swapped in; and the pip install seconds. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？"
EXPECTED = 2.28
VECTORS_IN = "向量索引已就绪"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/config", timeout=5) as resp:
            return resp.status == 200
    except OSError:
        return False


def correct(url: str) -> bool:
    from gradio_client import Client

    try:
        out = Client(url, verbose=False).predict(QUESTION, api_name="/ask")
    except Exception:  # noqa: BLE001 - not ready yet: ask again
        return False
    return isinstance(out, dict) and out.get("status") == "answered" and out.get("value") == EXPECTED


def first_run(work: Path, repo: Path, isolated: bool, timeout: float) -> dict:
    clone = work / "clone"
    figures = {"clone_s": run(["git", "clone", "-q", str(repo), str(clone)], work)}
    venv_args = [sys.executable, "-m", "venv", str(clone / "venv")]
    figures["venv_s"] = run(venv_args if isolated else [*venv_args, "--system-site-packages"], clone)
    py = clone / "venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env |= {"QA_CACHE": str(work / "empty-cache"), "PATH": f"{clone / 'venv' / 'bin'}:{env.get('PATH', '')}"}
    figures["pip_install_s"] = run([str(py), "-m", "pip", "install", "-q", "-e", "."], clone, env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = work / "app.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([str(py), "app.py", "--port", str(port)], cwd=clone, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        deadline = started + timeout
        while not serving(url):
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"app.py did not serve:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        figures["page_serving_s"] = time.perf_counter() - started
        while not correct(url):
            if time.perf_counter() > deadline:
                raise RuntimeError("no correct answer before the timeout")
            time.sleep(0.5)
        figures["first_correct_answer_s"] = time.perf_counter() - started
        while VECTORS_IN not in log_path.read_text(encoding="utf-8", errors="replace"):
            if proc.poll() is not None or time.perf_counter() > deadline:
                break
            time.sleep(1)
        else:
            figures["vectors_in_s"] = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    figures["log_tail"] = re.sub(r"\r[^\n]*(?=\r)", "", log_path.read_text(encoding="utf-8", errors="replace"))[-1500:]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(ROOT), help="the repository to clone (default: this one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--isolated-venv", action="store_true", help="a venv without the system packages")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-first-run-"))
    try:
        figures = first_run(work, Path(args.repo), args.isolated_venv, args.timeout)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    tail = figures.pop("log_tail")
    print(f"cores {os.cpu_count()}, venv {'isolated' if args.isolated_venv else '--system-site-packages'}")
    for key, value in figures.items():
        print(f"{key:24} {value:7.1f}")
    print("--- app.py log (end) ---\n" + tail)


if __name__ == "__main__":
    main()
