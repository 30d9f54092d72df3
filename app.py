"""Serve the Gradio app: `python app.py [--host H] [--port P] [--index DIR] [--corpus DIR]`.

Flags default to the QA_HOST / QA_PORT / QA_INDEX / QA_CORPUS settings. The index is
built first when it is missing; the model and the index are then loaded once for
the whole process (qa.web.engine.Engine).
"""

from __future__ import annotations

import argparse
import sys
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
    """Build the index when it has never been built (an incremental build is `qa build`)."""
    from qa.indexdir import resolve

    if (resolve(index) / "manifest.json").is_file():
        return
    from qa.build import build_index

    print(f"索引 {index} 不存在，正在从 {corpus} 构建……", file=sys.stderr)
    build_index(corpus, index)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus, index = Path(args.corpus), Path(args.index)
    try:
        ensure_index(corpus, index)
        import uvicorn

        from qa.web.engine import Engine
        from qa.web.server import create_app

        app = create_app(Engine(index, corpus))
    except QAError as err:
        print(err, file=sys.stderr)
        return 1
    staff = "（员工：/staff）" if settings.get("staff_user") and settings.get("staff_password") else ""
    print(f"预算公开问答：http://{args.host}:{args.port}/ {staff}".rstrip(), file=sys.stderr)
    # A short graceful shutdown: open event streams would otherwise hold a stop for long.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
