"""What an evaluation run leaves behind: a text summary for the terminal, and under
reports/ a markdown report, a CSV with one row per question, the metrics JSON and
two plots (accuracy by type, latency histogram) when matplotlib is installed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

PLOTS = {"accuracy_by_type": "eval-accuracy-by-type.png", "latency": "eval-latency.png"}
CSV_FIELDS = ("id", "type", "doc", "question", "expected", "given", "status", "correct", "citation_ok", "cited", "ms",
              "rank_fused", "rank_dense", "rank_bm25", "naive_rag", "bm25", "why")


def _pct(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _num(x) -> str:
    return "—" if x is None else f"{x:g}"


def headline(m: dict) -> list[tuple[str, str, str, str]]:
    """(metric, ours, naive RAG, BM25) rows shared by the text and markdown reports."""
    b = {name: m["baselines"].get(name, {}) for name in ("naive_rag", "bm25")}
    rows = [("答案准确率 answer_accuracy", "answer_accuracy"), ("出处正确率 citation_accuracy", "citation_accuracy"),
            ("拒答召回 refusal_accuracy", "refusal_accuracy"), ("拒答精确率 refusal_precision", "refusal_precision"),
            ("歧义识别 ambiguity_accuracy", "ambiguity_accuracy"), ("总体准确率 overall_accuracy", "overall_accuracy")]
    out = [(label, _pct(m[key]), _pct(b["naive_rag"].get(key)), _pct(b["bm25"].get(key))) for label, key in rows]
    for key, fmt in (("recall@1", _pct), ("recall@5", _pct), ("mrr", _num)):
        out.append((f"检索 {key}", fmt(m["retrieval"][key]), fmt(b["naive_rag"].get(key)), fmt(b["bm25"].get(key))))
    return out


def format_report(m: dict) -> str:
    """The human summary `qa eval` prints without --json."""
    lines = [f"金标准 {m['questions']} 题（{m['gold']}{'，子集 ' + m['subset'] if m.get('subset') else ''}）", "",
             f"{'指标':<34}{'本系统':>10}{'朴素RAG':>10}{'BM25':>10}"]
    lines += [f"{a:<34}{b:>10}{c:>10}{d:>10}" for a, b, c, d in headline(m)]
    lat = m["latency_ms"]
    lines += ["", f"延迟 p50 {_num(lat['p50'])} ms · p95 {_num(lat['p95'])} ms · p99 {_num(lat['p99'])} ms；冷启动 {m['cold_start_s']:.2f} s", "",
              "按题型：" + "  ".join(f"{t} {_pct(v['accuracy'])}({v['n']})" for t, v in m["by_type"].items()),
              "检索（按模式）：" + "  ".join(f"{k} R@5 {_pct(v['recall@5'])}" for k, v in m["retrieval"]["by_mode"].items()),
              f"失败 {len(m['failures'])} 题；报告：{m.get('reports', {}).get('markdown', '—')}"]
    if m.get("gold_problems"):
        lines.append(f"警告：金标准有 {len(m['gold_problems'])} 处与语料不一致")
    return "\n".join(lines)


def write_reports(m: dict, rows: list[dict], out_dir: Path) -> dict:
    """Write reports/eval.{md,csv,json} and the plots; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"markdown": out_dir / "eval.md", "csv": out_dir / "eval.csv", "json": out_dir / "eval.json"}
    _write_csv(rows, paths["csv"])
    plots, note = _plots(m, rows, out_dir)
    paths.update(plots)
    m["reports"] = {k: str(v) for k, v in paths.items()}
    paths["markdown"].write_text(_markdown(m, plots, note), encoding="utf-8")
    paths["json"].write_text(json.dumps(m, ensure_ascii=False, indent=1), encoding="utf-8")
    return m["reports"]


def _write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        w.writeheader()
        for r in rows:
            s, ranks = r["system"], r.get("ranks", {})
            w.writerow({"id": r["id"], "type": r["type"], "doc": r["doc"], "question": r["question"],
                        "expected": r["expected"], "given": s["given"], "status": s["status"], "correct": int(s["correct"]),
                        "citation_ok": "" if s["citation_ok"] is None else int(s["citation_ok"]), "cited": s["cited"], "ms": s["ms"],
                        "rank_fused": ranks.get("fused") or "", "rank_dense": ranks.get("dense") or "",
                        "rank_bm25": ranks.get("bm25") or "",
                        "naive_rag": int(r["naive_rag"]["correct"]) if "naive_rag" in r else "",
                        "bm25": int(r["bm25"]["correct"]) if "bm25" in r else "", "why": s["why"]})


def _plots(m: dict, rows: list[dict], out_dir: Path) -> tuple[dict, str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return {}, "未生成图表：未安装 matplotlib（pip install -e '.[test]'）。"
    types = list(m["by_type"])
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.bar(range(len(types)), [m["by_type"][t]["accuracy"] or 0 for t in types])
    ax.set_xticks(range(len(types)), types, rotation=45, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy")
    ax.set_title("Answer accuracy by question type")
    fig.tight_layout()
    acc = out_dir / PLOTS["accuracy_by_type"]
    fig.savefig(acc, dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist([r["system"]["ms"] for r in rows], bins=40)
    ax.set_xlabel("ms per question (warm)")
    ax.set_ylabel("questions")
    ax.set_title(f"ask latency  p50 {m['latency_ms']['p50']} ms  p95 {m['latency_ms']['p95']} ms")
    fig.tight_layout()
    lat = out_dir / PLOTS["latency"]
    fig.savefig(lat, dpi=110)
    plt.close(fig)
    return {"plot_accuracy_by_type": acc, "plot_latency": lat}, ""


def _markdown(m: dict, plots: dict, note: str) -> str:
    lat = m["latency_ms"]
    md = [f"# 评测报告（{m['questions']} 题{'，子集 ' + m['subset'] if m.get('subset') else ''}）", "",
          f"金标准：`{m['gold']}`；主指标：answer_accuracy = **{_pct(m['answer_accuracy'])}**。", "",
          "| 指标 | 本系统 | 朴素 RAG | BM25 |", "|---|---:|---:|---:|"]
    md += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in headline(m)]
    md += ["", f"延迟（热）：p50 {_num(lat['p50'])} ms，p95 {_num(lat['p95'])} ms，p99 {_num(lat['p99'])} ms；"
           f"冷启动（加载索引并答第一题）{m['cold_start_s']:.2f} s。", ""]
    md += _table("按题型", m["by_type"]) + _table("按文档", m["by_doc"])
    md += ["## 检索（命中 = 期望文档中覆盖出处行的块）", "", "| 模式 | n | recall@1 | recall@5 | MRR |", "|---|---:|---:|---:|---:|"]
    md += [f"| {k} | {v['n']} | {_pct(v['recall@1'])} | {_pct(v['recall@5'])} | {_num(v['mrr'])} |"
           for k, v in m["retrieval"]["by_mode"].items()]
    md += [""] + [f"![{k}]({Path(p).name})" for k, p in plots.items()] + ([note] if note else []) + [""]
    md += [f"## 失败（{len(m['failures'])}）", "", "| id | 题型 | 问题 | 期望 | 给出 | 原因 | 引用 |", "|---|---|---|---|---|---|---|"]
    md += ["| " + " | ".join(_cell(f[k]) for k in ("id", "type", "question", "expected", "given", "why", "cited")) + " |"
           for f in m["failures"]]
    if m.get("gold_problems"):
        md += ["", "## 金标准与语料不一致", ""] + [f"- {p}" for p in m["gold_problems"]]
    return "\n".join(md) + "\n"


def _cell(text) -> str:
    """A markdown table cell: no pipes or line breaks from answer text."""
    return str(text).replace("|", "｜").replace("\n", " ")


def _table(title: str, groups: dict) -> list[str]:
    out = [f"## {title}", "", "| | n | 准确率 | 出处正确 |", "|---|---:|---:|---:|"]
    out += [f"| {k} | {v['n']} | {_pct(v['accuracy'])} | {_pct(v['citation'])} |" for k, v in groups.items()]
    return out + [""]
