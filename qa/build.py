"""`qa build`: corpus/ -> index/, incremental by content hash and atomic.

The new index is assembled in a staging folder inside `index/`, reusing the
structured documents and facts of unchanged files, and becomes the current
generation only when complete, by one atomic symlink swap (qa/indexdir.py): a
failed or killed build leaves the previous index usable. Embeddings are cached
outside the swap (`.qa-cache/` beside the index) keyed by chunk text hash, so an
unchanged corpus embeds nothing. `embed=False` publishes an index without vectors
(facts and BM25 only, seconds instead of minutes): the app's first run answers from it
while a second build computes the vectors. Long steps show a progress bar with an
estimate on stderr (parsing per file, embedding per batch).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from qa import __version__, indexdir, lexicon, settings
from qa.chunking import chunking_params
from qa.distributed import LocalRunner, Processed
from qa.errors import CorpusMissingError, DocumentError, IndexMissingError
from qa.facts import copy_store, open_store, store_exists
from qa.ingest import load_document
from qa.ingest.serialize import FORMAT, document_from_dict, document_to_dict
from qa.retrieval import build_retrieval, get_embedder
from qa.retrieval.build import updatable, update_retrieval
from qa.types import Document

# Bump when ingest/facts output changes so cached documents are re-processed (the cache key
# also holds the serialized document FORMAT and the lexicon fingerprint).
PIPELINE_VERSION = 21  # 5: facts carry their meaning (qa/facts/meaning.py); 6, 7: wild layouts; 8, 9: enumerations, budget words; 10-13: narrative labels; 14: narrative cells of forms; 15, 16: 万件 counts, 万名 nouns; 17: targets in running text; 18: glued cost tables; 19: a title remark naming the unit itself is no subject; 20: counts of numbered items, counts named by a describing clause; 21: parts of a dated total are of its period, a form about the whole unit is about no project
PLACES_FILE = "places.json"
CORPUS_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".xlsx", ".xls", ".csv")
Progress = Callable[[str], None]
Embedded = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed)
BIG_FILE_MB = 0.5  # a disclosure is under 0.2 MB; larger files get a line before they are read


def _stderr(msg: str) -> None:
    """A progress line on stderr, printed above a running progress bar."""
    tqdm.write(msg, file=sys.stderr)
    sys.stderr.flush()


def _bar(items, total: int, desc: str, unit: str, shown: bool) -> tqdm:
    """A progress bar with rate and time left on stderr (none when `shown` is False)."""
    return tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, disable=not shown,
                leave=False, dynamic_ncols=True, mininterval=1.0)


class EmbedProgress:
    """Follows the embedding batch by batch: a bar on stderr and an optional callback."""

    def __init__(self, shown: bool, also: Embedded | None = None):
        self.shown, self.also, self.bar = shown, also, None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = _bar(None, total, "嵌入", "块", self.shown)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
        if self.also is not None:
            self.also(done, total)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The disclosure files of a corpus folder, sorted by name."""
    if not corpus_dir.is_dir():
        raise CorpusMissingError(str(corpus_dir))
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)


def files_by_doc_id(files: list[Path]) -> dict[str, list[Path]]:
    """Corpus files grouped by document id (the file name without its extension), in id order."""
    groups: dict[str, list[Path]] = {}
    for path in files:
        groups.setdefault(path.stem, []).append(path)
    return dict(sorted(groups.items()))


def _announce_big(path: Path, where: str, say: Progress) -> None:
    """A progress line before reading a file large enough to take noticeably long."""
    size = path.stat().st_size
    if size > BIG_FILE_MB * 1024 * 1024:
        say(f"{where}：正在读取 {size / 1024 / 1024:.1f} MB 的大文件 {path.name}……")


def _clash_problems(doc_id: str, paths: list[Path]) -> list[dict]:
    """One problem per file of a document id that more than one file claims."""
    names = "、".join(p.name for p in paths)
    return [{"doc": doc_id, "file": p.name, "kind": "clash",
             "message": f"文档 id {doc_id} 对应 {len(paths)} 个文件（{names}），无法判断用哪一个："
                        f"请只保留一个；在此之前沿用上次索引中的版本（没有则不收录）"}
            for p in paths]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cache_dir_for(index_dir: Path) -> Path:
    """Embedding cache folder: QA_CACHE, else beside the index so the atomic swap keeps it."""
    configured = settings.get("cache")
    return Path(configured) if configured else index_dir.parent / ".qa-cache" / "embeddings"


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def pipeline_key() -> dict:
    """What cached documents and facts depend on besides the file: the pipeline version, the
    document format and the lexicon files (a changed alias or section pattern changes what is
    extracted). A cached document is reused only when all three match."""
    return {"pipeline_version": PIPELINE_VERSION, "format": FORMAT, "lexicon": lexicon.fingerprint()}


class Previous:
    """What the current index knows of each document, when built with this pipeline_key: its
    manifest entry (sha256, counts, coverage) and audit findings. An unchanged document is
    carried over from these and its docs/<id>.json, without being read or checked again."""

    def __init__(self, index_dir: Path):
        self.folder = index_dir
        params = _read_json(index_dir / "params.json", {})
        manifest = {} if any(params.get(k) != v for k, v in pipeline_key().items()) else \
            _read_json(index_dir / "manifest.json", {})
        self.entries = {e["doc"]: e for e in manifest.get("documents", [])
                        if (index_dir / "docs" / f"{e['doc']}.json").exists()}
        self.audit: dict[str, list[dict]] = {}
        for finding in manifest.get("audit", []):
            self.audit.setdefault(finding["doc"], []).append(finding)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def get(self, doc_id: str) -> dict | None:
        return self.entries.get(doc_id)

    def carry_over(self, doc_id: str, staging: Path) -> tuple[dict, list[dict]]:
        """Link the document's docs/<id>.json into `staging`; its manifest entry and findings."""
        _link_or_copy(self.folder / "docs" / f"{doc_id}.json", staging / "docs" / f"{doc_id}.json")
        return self.entries[doc_id], self.audit.get(doc_id, [])


def _link_or_copy(src: Path, dst: Path) -> None:
    """A hard link (files of a generation are never modified once written), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _place_forms(doc: Document) -> list[list[str]]:
    """For each place of the document's region path (province first), the forms a question may
    write it in ("凉山彝族自治州", "凉山州", "凉山"): the answerer matches places without jionlp."""
    from qa.ingest.regions import Place, place_at_start, short_forms

    path = tuple(doc.region_path or ())
    if not path and doc.region:  # a region read from the lexicon: its path from the division data
        place, _end = place_at_start(doc.region)
        path = place.path if place else ()
    return [sorted({path[i], *short_forms(Place(path[:i + 1]))}, key=len) for i in range(len(path))]


def _write_places(staging: Path) -> None:
    """places.json: every place of China a question may name (the answerer refuses a place no
    document is from, without loading the division data itself)."""
    from qa.ingest.regions import question_forms

    (staging / PLACES_FILE).write_text(json.dumps(question_forms(), ensure_ascii=False),
                                       encoding="utf-8")


def _doc_entry(doc: Document, n_tables: int, n_facts: int, cov: dict) -> dict:
    return {
        "doc": doc.doc_id, "title": doc.title, "issuer": doc.issuer, "region": doc.region,
        "region_path": list(doc.region_path or ()), "places": _place_forms(doc),
        "year": doc.year, "doc_type": doc.doc_type, "layout": doc.layout, "sha256": doc.sha256,
        "lines": len(doc.lines), "tables": n_tables, "facts": n_facts, "coverage": cov,
        "problems": [p.message for p in doc.problems],
    }


def build_index(
    corpus_dir: Path | str,
    index_dir: Path | str,
    progress: Progress | None = _stderr,
    embedder_name: str | None = None,
    model: str | None = None,
    embed: bool = True,
    on_embedded: Embedded | None = None,
    runner: LocalRunner | None = None,
) -> dict:
    """Build (incrementally) everything answering needs; returns the `qa build` report.

    A broken corpus file is reported under "problems" and left out; the other
    documents still build. Nothing under `index_dir` changes until the new index
    is complete. With `embed` False the index has no vectors (searches are BM25 only);
    `on_embedded(done, total)` follows the embedding. Progress bars are shown when
    `progress` is given. `runner` (qa/distributed.py) parses, extracts, chunks and embeds:
    in this process by default, on Ray workers with a RayRunner; the index is the same.
    """
    started = time.perf_counter()
    say = progress or (lambda _m: None)
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    files = corpus_files(corpus_dir)
    current = indexdir.resolve(index_dir)  # once: a concurrent swap cannot mix two generations
    previous = Previous(current)
    embedder = get_embedder(embedder_name or settings.get("embedder"), model or settings.get("model"))

    staging = indexdir.new_staging(index_dir)
    (staging / "docs").mkdir()
    try:
        if previous and store_exists(current / "facts.sqlite"):
            copy_store(current / "facts.sqlite", staging / "facts.sqlite")
        steps = _Steps(say, progress is not None, embed, on_embedded, runner or LocalRunner())
        report = _build_into(staging, index_dir, files, previous, embedder, steps)
        indexdir.publish(index_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report["seconds"] = round(time.perf_counter() - started, 2)
    say(f"完成：{report['documents']} 个文档，{report['chunks']} 个块，{report['facts']} 条数据，用时 {report['seconds']} 秒")
    return report


class _Steps:
    """How a build reports and what it skips: progress lines, bars, whether to embed."""

    def __init__(self, say: Progress, bars: bool, embed: bool, on_embedded: Embedded | None,
                 runner: LocalRunner):
        self.say, self.bars, self.embed, self.on_embedded = say, bars, embed, on_embedded
        self.runner = runner


def _plan(groups: dict[str, list[Path]], previous: Previous, stored: set[str]) -> dict[str, str]:
    """doc_id -> what the build does with it: "clash" (several files), "reuse" (unchanged since
    the current index) or "process" (new or changed: parsed and extracted again)."""
    plan = {}
    for doc_id, paths in groups.items():
        cached = previous.get(doc_id) if doc_id in stored else None
        if len(paths) > 1:
            plan[doc_id] = "clash"
        elif cached and cached.get("sha256") == file_sha256(paths[0]):
            plan[doc_id] = "reuse"
        else:
            plan[doc_id] = "process"
    return plan


def _build_into(staging: Path, index_dir: Path, files, previous: Previous, embedder, steps: _Steps) -> dict:
    say = steps.say
    store = open_store(staging / "facts.sqlite")
    stored = set(store.doc_ids())
    fresh, problems, entries, audit = [], [], [], []
    processed = reused = 0
    groups = files_by_doc_id(files)
    plan = _plan(groups, previous, stored)
    outcomes = steps.runner.documents([(d, groups[d][0]) for d, what in plan.items() if what == "process"])
    files_bar = _bar(groups.items(), len(groups), "解析与抽取", "文件", steps.bars)
    for i, (doc_id, paths) in enumerate(files_bar, 1):
        where = f"[{i}/{len(groups)}] {doc_id}"
        if plan[doc_id] in ("clash", "reuse"):
            if plan[doc_id] == "clash":
                problems += _clash_problems(doc_id, paths)
                if not (previous.get(doc_id) and doc_id in stored):
                    store.remove_document(doc_id)
                    say(f"{where}：跳过 — {problems[-1]['message']}")
                    continue
            entry, findings = previous.carry_over(doc_id, staging)
            entries.append(entry)
            audit.extend(findings)
            reused += 1
            say(f"{where}：{problems[-1]['message']}" if plan[doc_id] == "clash" else f"{where}：未变化，沿用")
            continue
        path = paths[0]
        _announce_big(path, where, say)
        outcome = next(outcomes)
        if isinstance(outcome, DocumentError):
            problems.append({"doc": doc_id, "file": path.name, "message": str(outcome)})
            store.remove_document(doc_id)
            say(f"{where}：跳过 — {outcome}")
            continue
        doc, facts = outcome.doc, outcome.facts
        store.replace_document(doc, facts)
        processed += 1
        say(f"{where}：{len(doc.tables)} 张表，{len(facts)} 条数据")
        (staging / "docs" / f"{doc_id}.json").write_text(
            json.dumps(document_to_dict(doc), ensure_ascii=False), encoding="utf-8"
        )
        fresh.append(outcome)
        entries.append(_doc_entry(doc, len(doc.tables), len(facts), outcome.coverage))
        audit.extend(outcome.findings)
    files_bar.close()
    live = {e["doc"] for e in entries}
    for stale in set(store.doc_ids()) - live:
        store.remove_document(stale)
    store.close()
    _write_catalog(staging, previous, fresh, entries, audit)

    retrieval = _retrieval(staging, index_dir, previous, entries, fresh, embedder, steps)
    manifest = {"documents": entries, "problems": problems, "audit": audit}
    # On one line: an indent takes json's pure-Python encoder, four times slower than the C one
    # (12 s against 3 s for the 635 MB manifest of 10,000 documents, at every build).
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    _write_places(staging)
    params = {
        "version": __version__, **pipeline_key(), "dense": steps.embed,
        "embedder": embedder.name, "model": embedder.model_id, "dim": embedder.dim,
    }
    (staging / "params.json").write_text(json.dumps(params, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "documents": len(entries), "chunks": retrieval["chunks"], "tables": sum(e["tables"] for e in entries),
        "facts": sum(e["facts"] for e in entries), "processed": processed, "reused": reused,
        "dense": steps.embed, "embedded": retrieval.get("embedded", 0),
        "embeddings_cached": retrieval.get("cached", 0), "problems": problems,
    }


def _write_catalog(staging: Path, previous: Previous, fresh: list[Processed], entries: list[dict],
                   audit: list[dict]) -> None:
    """catalog.sqlite: what the answerer's catalog reads of every document without opening it
    (qa/answer/catalog_index.py), the previous generation's with the documents built anew; a
    document it lacks (an index built before it) is read once here from docs/ and the store."""
    from qa.answer.catalog_index import CATALOG_FILE, DocRecord, write_catalog

    store = open_store(staging / "facts.sqlite", readonly=True)
    write_catalog(staging / CATALOG_FILE, previous.folder / CATALOG_FILE if previous else None,
                  (DocRecord.of(p.doc, p.facts) for p in fresh), entries, audit,
                  lambda doc_id: DocRecord.of(_staged_document(staging, doc_id), store.query(doc=doc_id)))


def _entry_metadata(entry: dict) -> dict:
    """A manifest entry's issuer, year and doc type for the search filters (doc_metadata's fields)."""
    return {k: entry[k] for k in ("title", "issuer", "region", "year", "doc_type")}


def _retrieval(staging: Path, index_dir: Path, previous: Previous, entries: list[dict], fresh: list[Processed],
               embedder, steps: _Steps) -> dict:
    """The chunks, BM25 and vectors of the new generation: the previous generation's with the new
    and changed documents' chunks in one more segment when it can take them (qa/retrieval/
    segments.py: only those are chunked, tokenised and embedded), else built whole."""
    say, runner = steps.say, steps.runner
    fresh_chunks = {p.doc.doc_id: p.chunks for p in fresh}
    chunks = [c for per_doc in fresh_chunks.values() for c in per_doc]
    layout = updatable(previous.folder, embedder, steps.embed, chunking_params(), len(chunks)) if previous else None
    kwargs = {"chunking": chunking_params(), "embed": steps.embed,
              "on_embedded": EmbedProgress(steps.bars, steps.on_embedded),
              "map_batches": lambda batches: runner.embed_batches(embedder, batches)}
    if layout is not None:
        live = {e["doc"] for e in entries}
        retired = (set(layout["docs"]) - live) | set(fresh_chunks)
        say(f"增量索引：{len(chunks)} 个新块，{len(retired)} 个文档的旧块作废（其余沿用）")
        docs = {e["doc"]: _entry_metadata(e) for e in entries}
        return update_retrieval(chunks, staging, previous.folder, layout, retired, embedder,
                                cache_dir_for(index_dir), docs, **kwargs)
    by_id = {p.doc.doc_id: p.doc for p in fresh}
    documents = [by_id.get(e["doc"]) or _staged_document(staging, e["doc"]) for e in entries]
    carried = [d for d in documents if d.doc_id not in fresh_chunks]
    per_doc = {**fresh_chunks, **dict(zip([d.doc_id for d in carried], runner.chunks(carried), strict=True))}
    chunks = [c for d in documents for c in per_doc[d.doc_id]]
    if steps.embed:
        say(f"嵌入与索引：{len(chunks)} 个块（{embedder.name}；已嵌入过的块从缓存读取）")
    else:
        say(f"关键词索引：{len(chunks)} 个块（向量稍后计算，其间按关键词检索）")
    return build_retrieval(chunks, staging, embedder, cache_dir_for(index_dir), docs=documents, **kwargs)


def _staged_document(staging: Path, doc_id: str) -> Document:
    return document_from_dict(json.loads((staging / "docs" / f"{doc_id}.json").read_text(encoding="utf-8")))


def read_manifest(index_dir: Path | str) -> dict:
    """The manifest of a built index; IndexMissingError when there is none."""
    path = indexdir.resolve(index_dir) / "manifest.json"
    if not path.exists():
        raise IndexMissingError(str(index_dir))
    return json.loads(path.read_text(encoding="utf-8"))


def load_built_document(index_dir: Path | str, doc_id: str) -> Document | None:
    """The cached structured document `doc_id` of a built index, or None."""
    docs = indexdir.resolve(index_dir) / "docs"
    path = docs / f"{doc_id}.json"
    if path.resolve().parent != docs.resolve() or not path.exists():
        return None
    return document_from_dict(json.loads(path.read_text(encoding="utf-8")))


def add_document(path: Path | str, corpus_dir: Path | str, index_dir: Path | str,
                 progress: Progress | None = None) -> dict:
    """Validate a new disclosure, copy it into the corpus and rebuild incrementally.

    A file that does not parse raises DocumentError before anything is copied, so
    the corpus and the index stay as they were.
    """
    path, corpus_dir = Path(path), Path(corpus_dir)
    doc = load_document(path, path.stem)
    others = [p.name for p in corpus_files(corpus_dir) if p.stem == path.stem and p.name != path.name]
    if others:  # a second file for one document id would be a clash the build cannot settle
        raise DocumentError(str(path), f"语料中已有文档 id {path.stem} 的文件 {'、'.join(others)}，请改名后再上传")
    target = corpus_dir / path.name
    if target.exists() and file_sha256(target) != file_sha256(path):
        raise DocumentError(str(path), f"语料中已有同名文件 {path.name}，请改名后再上传")
    shutil.copy2(path, target)
    try:
        report = build_index(corpus_dir, index_dir, progress)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    report["added"] = {"doc": doc.doc_id, "title": doc.title, "tables": len(doc.tables)}
    return report
