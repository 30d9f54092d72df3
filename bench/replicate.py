"""A large index without building it: copies of a built generation under new document ids.

    python bench/replicate.py SOURCE_INDEX TARGET_INDEX --copies 10

A build of 10,000 synthetic disclosures takes hours on two cores (parsing and fact extraction
at about 2 documents a second); the answerer's start, memory and latency depend on how many
documents, facts, chunks and postings the index holds, not on how they were made. So copy k of
every document of SOURCE (a built generation, without vectors) becomes document `<id>-c<k>`
with every year written "20xx年" moved on by YEAR_STEP * k (copy 3 of a 2024 budget is a 2048
budget: a question naming a unit and year still fits about one document), and the index files are
written the way the build writes them: manifest, docs/<id>.json, the fact store (facts' years,
quotes and periods shifted alike), the catalog index (texts shifted, fact keys as the source's),
chunks (text shifted) and BM25 (the source's postings repeated: a year's token is the source's).
Copy 0 is the source itself. With --catalog-only, only writes the catalog index a SOURCE built
before catalog.sqlite lacks (in place).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR_STEP = 8  # the synthetic years span 2019-2026
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")


def shifted(text: str, k: int) -> str:
    """`text` with every year written "20xx年" moved on by YEAR_STEP * k."""
    if not k or not text:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) + YEAR_STEP * k), text)


def copy_id(doc_id: str, k: int) -> str:
    return doc_id if k == 0 else f"{doc_id}-c{k}"


def add_catalog(generation: Path) -> None:
    """Write the catalog index of a generation built before it, from its docs/ and fact store."""
    from qa.answer.catalog_index import CATALOG_FILE, DocRecord, write_catalog
    from qa.build import load_built_document, read_manifest
    from qa.facts import open_store

    store = open_store(generation / "facts.sqlite", readonly=True)
    manifest = read_manifest(generation)
    (generation / CATALOG_FILE).unlink(missing_ok=True)
    write_catalog(generation / CATALOG_FILE, None, [], manifest["documents"], manifest.get("audit", []),
                  lambda d: DocRecord.of(load_built_document(generation, d), store.query(doc=d)))


def _manifest(src: Path, dst: Path, copies: int) -> list[str]:
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    entries, audit = [], []
    for k in range(copies):
        for e in manifest["documents"]:
            entries.append({**e, "doc": copy_id(e["doc"], k), "title": shifted(e.get("title", ""), k),
                            "year": e["year"] + YEAR_STEP * k if e.get("year") else e.get("year")})
        audit += [{**f, "doc": copy_id(f["doc"], k)} for f in manifest.get("audit", [])]
    (dst / "manifest.json").write_text(json.dumps({"documents": entries, "problems": [], "audit": audit},
                                                  ensure_ascii=False), encoding="utf-8")
    return [e["doc"] for e in manifest["documents"]]


def _docs(src: Path, dst: Path, ids: list[str], copies: int) -> None:
    (dst / "docs").mkdir()
    for doc_id in ids:
        data = json.loads((src / "docs" / f"{doc_id}.json").read_text(encoding="utf-8"))
        for k in range(copies):
            out = json.loads(shifted(json.dumps(data, ensure_ascii=False), k))
            out["doc_id"] = copy_id(doc_id, k)
            if data.get("year"):
                out["year"] = data["year"] + YEAR_STEP * k
            (dst / "docs" / f"{copy_id(doc_id, k)}.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


def _facts(src: Path, dst: Path, copies: int) -> None:
    shutil.copy2(src / "facts.sqlite", dst / "facts.sqlite")
    with closing(sqlite3.connect(dst / "facts.sqlite")) as con, con:
        con.create_function("shifted", 2, shifted, deterministic=True)
        doc_cols = [r[1] for r in con.execute("PRAGMA table_info(documents)")]
        fact_cols = [r[1] for r in con.execute("PRAGMA table_info(facts)") if r[1] != "id"]
        last = {t: con.execute(f"SELECT MAX(rowid) FROM {t}").fetchone()[0] or 0 for t in ("documents", "facts")}  # noqa: S608
        for k in range(1, copies):
            moved = {"doc_id": f"doc_id || '-c{k}'", "year": f"year + {YEAR_STEP * k}",
                     "title": f"shifted(title, {k})", "quote": f"shifted(quote, {k})",
                     "raw": f"shifted(raw, {k})", "period": f"shifted(period, {k})"}
            for table, cols in (("documents", doc_cols), ("facts", fact_cols)):
                names = ", ".join(f'"{c}"' for c in cols)
                values = ", ".join(moved.get(c, f'"{c}"') for c in cols)
                con.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} "  # noqa: S608 - our own column names
                            f"WHERE rowid <= {last[table]}")


def _catalog(src: Path, dst: Path, ids: list[str], copies: int) -> None:
    from qa.answer.catalog_index import CATALOG_FILE, DocRecord, write_catalog

    with closing(sqlite3.connect(src / CATALOG_FILE)) as con:
        source = {d: (text, keys) for d, text, keys in con.execute(
            "SELECT docs.doc_id, texts.text, docs.keys FROM docs JOIN texts ON texts.rowid = docs.row")}
    records = (DocRecord(copy_id(d, k), shifted(source[d][0], k), frozenset(source[d][1].split("\n")))
               for k in range(copies) for d in ids)
    manifest = json.loads((dst / "manifest.json").read_text(encoding="utf-8"))
    write_catalog(dst / CATALOG_FILE, None, records, manifest["documents"], manifest["audit"], lambda d: None)


def _retrieval(src: Path, dst: Path, copies: int) -> None:
    from qa.retrieval import segments
    from qa.retrieval.bm25 import BM25

    lines = (src / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    order = []
    with open(dst / "chunks.jsonl", "w", encoding="utf-8") as out:
        for k in range(copies):
            for line in lines:
                c = json.loads(line)
                c.update(doc_id=copy_id(c["doc_id"], k), chunk_id=f"{c['chunk_id']}{'c' + str(k) if k else ''}",
                         text=shifted(c["text"], k))
                for field in ("embed_text",):
                    if field in c:
                        c[field] = shifted(c[field], k)
                out.write(json.dumps(c, ensure_ascii=False) + "\n")
                order.append(c["doc_id"])
    bm25 = BM25.load(src / "bm25")
    BM25.merge([bm25] * copies).save(dst / "bm25")
    shutil.copy2(src / "bm25" / "userdict.txt", dst / "bm25" / "userdict.txt")
    segments.write_layout(dst, segments.base_layout(order))
    params = json.loads((src / "retrieval.json").read_text(encoding="utf-8"))
    docs = params.get("docs", {})
    params["docs"] = {copy_id(d, k): {**m, "title": shifted(m.get("title", ""), k),
                                      "year": m["year"] + YEAR_STEP * k if m.get("year") else m.get("year")}
                      for k in range(copies) for d, m in docs.items()}
    params["chunks"] = len(order)
    (dst / "retrieval.json").write_text(json.dumps(params, ensure_ascii=False, indent=1), encoding="utf-8")


def replicate(source: Path, target: Path, copies: int) -> dict:
    """Write `copies` copies of the current generation of `source` as the index `target`."""
    from qa.answer.catalog_index import CatalogIndex
    from qa.indexdir import publish, resolve

    src = resolve(source)
    if CatalogIndex.open(src) is None:  # built before catalog.sqlite, or before its VERSION
        add_catalog(src)
    target.mkdir(parents=True, exist_ok=True)
    staging = target / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    seconds = {}
    for name in ("params.json", "places.json"):
        shutil.copy2(src / name, staging / name)
    t = time.perf_counter()
    ids = _manifest(src, staging, copies)
    for step, fn in (("docs", lambda: _docs(src, staging, ids, copies)), ("facts", lambda: _facts(src, staging, copies)),
                     ("catalog", lambda: _catalog(src, staging, ids, copies)),
                     ("retrieval", lambda: _retrieval(src, staging, copies))):
        t = time.perf_counter()
        fn()
        seconds[step] = round(time.perf_counter() - t, 1)
        print(f"{step}: {seconds[step]} s", file=sys.stderr, flush=True)
    publish(target, staging)
    return {"documents": len(ids) * copies, "seconds": seconds}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("source")
    p.add_argument("target", nargs="?")
    p.add_argument("--copies", type=int, default=10)
    p.add_argument("--catalog-only", action="store_true", help="only add catalog.sqlite to SOURCE's generation")
    a = p.parse_args()
    if a.catalog_only:
        from qa.indexdir import resolve

        add_catalog(resolve(a.source))
        return
    print(json.dumps(replicate(Path(a.source), Path(a.target), a.copies)))


if __name__ == "__main__":
    main()
