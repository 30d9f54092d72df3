"""Serve the Gradio app: `python app.py [--host H] [--port P] [--index DIR] [--corpus DIR]`.

Flags default to the QA_HOST / QA_PORT / QA_INDEX / QA_CORPUS settings. When the index
is missing, its fast part (documents, facts, BM25: seconds) is built first and the page
serves from it at once; the vectors (minutes on a first run) are computed in a
background thread and swapped in when done. The model and the index are loaded once
for the whole process (qa.web.engine.Engine), which then follows `index/current`: several
replicas can serve one index, and a new generation (`qa build`, a staff upload on any of
them) is picked up by every replica without a restart (README: several replicas).
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from qa import settings
from qa.errors import QAError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="预算公开问答 Gradio 服务")
    for name in ("host", "port", "index", "corpus"):
        setting = next(s for s in settings.SETTINGS if s.name == name)
        parser.add_argument(f"--{name}", type=type(setting.default), default=settings.get(name),
                            help=f"{setting.help}（环境变量 QA_{name.upper()}）")
    return parser.parse_args(argv)


def ensure_index(corpus: Path, index: Path) -> None:
    """Build the index without vectors when it has never been built (seconds; the vectors
    follow in the background: complete_in_background). An incremental build is `qa build`."""
    from qa.indexdir import resolve

    if (resolve(index) / "manifest.json").is_file():
        return
    from qa.build import build_index

    print(f"索引 {index.resolve()} 不存在：先从 {corpus} 建立数据库与关键词索引，页面随即可用，"
          "向量随后在后台计算……", file=sys.stderr)
    build_index(corpus, index, embed=False)


def complete_in_background(engine) -> threading.Thread | None:
    """Start the thread that embeds the chunks and swaps the full index in, when vectors are missing."""
    if engine.dense_ready:
        return None
    thread = threading.Thread(target=engine.complete_index, name="qa-embed", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus, index = Path(args.corpus), Path(args.index)
    try:
        ensure_index(corpus, index)
        import uvicorn

        from qa.web.engine import Engine
        from qa.web.server import create_app

        engine = Engine(index, corpus)
        app = create_app(engine)
    except QAError as err:
        print(err, file=sys.stderr)
        return 1
    complete_in_background(engine)
    engine.follow()  # a generation published by `qa build` or another replica is swapped in
    staff = "（员工：/staff）" if settings.get("staff_user") and settings.get("staff_password") else ""
    print(f"预算公开问答：http://{args.host}:{args.port}/ {staff}".rstrip(), file=sys.stderr)
    # A short graceful shutdown: open event streams would otherwise hold a stop for long.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
