"""What the answer stage needs of every document without opening it, written once at build.

`<generation>/catalog.sqlite` (schema VERSION in its meta table) holds, per built document,

- its manifest entry's catalog fields (`ENTRY_FIELDS`) and its audit findings, so the answerer
  never parses the manifest (its audit grows with every document);
- its normalised text in an FTS5 trigram table: the catalog's checks on what documents say
  (a phrase some document has, a quoted figure, a year a report states, how a document naming
  no unit speaks of itself) are substring queries, answered without reading the documents;
- the keys its facts are found by (`lookup.fact_keys`: name bigrams and units), inverted into
  postings key -> documents: a question naming no unit gets its candidate documents from these
  (`CatalogIndex.scores`) before any document's facts are read.

`write_catalog` starts from the previous generation's file and rewrites only the documents
built anew; `CatalogIndex.open(generation)` reads it (None for an index built before it, whose
answerer then reads every document's text at start, as before).
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.answer.lookup import fact_keys
from qa.answer.question import normalize
from qa.types import Document, Fact

CATALOG_FILE = "catalog.sqlite"
VERSION = 2  # 2: entries and findings
# What the answerer's catalog reads of a manifest entry (resolve.Catalog.from_manifest).
ENTRY_FIELDS = ("doc", "title", "issuer", "region", "year", "doc_type", "places")
# Texts kept decoded in memory (a document's text is read when a check needs that document).
TEXTS_KEPT = 64
PHRASES_KEPT = 4096
_TRIGRAM = 3  # FTS5's trigram tokenizer matches substrings of at least three characters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, row INTEGER NOT NULL UNIQUE, keys TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(text, tokenize='trigram');
CREATE TABLE IF NOT EXISTS postings (key TEXT PRIMARY KEY, rows BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS entries (doc_id TEXT PRIMARY KEY, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS findings (doc_id TEXT NOT NULL, finding TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc_id);
"""


@dataclass(frozen=True)
class DocRecord:
    """What the catalog index holds of one document: its normalised text and its facts' keys."""

    doc_id: str
    text: str
    keys: frozenset[str]

    @classmethod
    def of(cls, doc: Document, facts: list[Fact]) -> DocRecord:
        return cls(doc.doc_id, normalize("".join(doc.lines)), fact_keys(facts))


def entries_and_audit(generation: Path, keys: CatalogIndex | None = None) -> tuple[list[dict], Callable]:
    """A generation's manifest entries (their catalog fields) and its audit findings as a
    function of a document id (None: every document's), from its catalog index (`keys`, else
    opened here) without parsing the manifest, whose audit grows with every document; from the
    manifest for a generation built before the catalog index."""
    keys = keys or CatalogIndex.open(generation)
    if keys is not None:
        return keys.entries(), lambda doc: keys.all_findings() if doc is None else list(keys.findings(doc))
    manifest = json.loads((Path(generation) / "manifest.json").read_text(encoding="utf-8"))
    findings = manifest.get("audit", [])
    return manifest.get("documents", []), lambda doc: [f for f in findings if doc in (None, f.get("doc"))]


def _version(con: sqlite3.Connection) -> int | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row else None


def _current(path: Path) -> bool:
    """Whether `path` is a catalog index of this VERSION."""
    if not path.is_file():
        return False
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
        return _version(con) == VERSION


def write_catalog(path: Path, previous: Path | None, fresh: Iterable[DocRecord], entries: list[dict],
                  findings: list[dict], missing: Callable[[str], DocRecord]) -> None:
    """Write the catalog index of a new generation at `path`: the `previous` generation's (when
    of this VERSION) without the documents no longer among `entries` (the manifest's) or built
    anew, the `fresh` records, and `missing(doc_id)` for a document neither has (an index built
    before this file); the entries and the audit `findings` as the manifest has them."""
    live = {e["doc"] for e in entries}
    if previous is not None and _current(previous):
        shutil.copy2(previous, path)
    with closing(sqlite3.connect(path)) as con, con:
        con.executescript(_SCHEMA)
        fresh = list(fresh)
        _remove(con, {r for (r,) in con.execute("SELECT doc_id FROM docs")} - (live - {f.doc_id for f in fresh}))
        held = {r for (r,) in con.execute("SELECT doc_id FROM docs")}
        for record in [*fresh, *(missing(d) for d in sorted(live - held - {f.doc_id for f in fresh}))]:
            _insert(con, record)
        _write_postings(con)
        _write_entries(con, entries, findings)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(VERSION),))


def _remove(con: sqlite3.Connection, doc_ids: set[str]) -> None:
    for doc_id in doc_ids:
        (row,) = con.execute("SELECT row FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        con.execute("DELETE FROM texts WHERE rowid = ?", (row,))
        con.execute("DELETE FROM docs WHERE doc_id = ?", (doc_id,))


def _insert(con: sqlite3.Connection, record: DocRecord) -> None:
    (row,) = con.execute("SELECT COALESCE(MAX(row), 0) + 1 FROM docs").fetchone()
    con.execute("INSERT INTO docs VALUES (?, ?, ?)", (record.doc_id, row, "\n".join(sorted(record.keys))))
    con.execute("INSERT INTO texts (rowid, text) VALUES (?, ?)", (row, record.text))


def _write_entries(con: sqlite3.Connection, entries: list[dict], findings: list[dict]) -> None:
    con.execute("DELETE FROM entries")
    con.execute("DELETE FROM findings")
    con.executemany("INSERT INTO entries VALUES (?, ?)",
                    ((e["doc"], json.dumps({k: e.get(k) for k in ENTRY_FIELDS}, ensure_ascii=False)) for e in entries))
    con.executemany("INSERT INTO findings VALUES (?, ?)", ((f["doc"], json.dumps(f, ensure_ascii=False)) for f in findings))


def _write_postings(con: sqlite3.Connection) -> None:
    """key -> the rows of the documents having it (int32, ascending), from every document's keys."""
    postings: dict[str, array] = {}
    for row, keys in con.execute("SELECT row, keys FROM docs ORDER BY row"):
        for key in keys.split("\n") if keys else ():
            postings.setdefault(key, array("i")).append(row)
    con.execute("DELETE FROM postings")
    con.executemany("INSERT INTO postings VALUES (?, ?)", ((k, v.tobytes()) for k, v in postings.items()))


class CatalogIndex:
    """Read-only queries on a generation's catalog index; safe to share between threads."""

    def __init__(self, path: Path):
        self._con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._rows = dict(self._con.execute("SELECT doc_id, row FROM docs"))
        self._ids = {row: doc_id for doc_id, row in self._rows.items()}
        self.text = lru_cache(maxsize=TEXTS_KEPT)(self._text)
        self.having = lru_cache(maxsize=PHRASES_KEPT)(self._having)
        self.findings = lru_cache(maxsize=TEXTS_KEPT)(self._findings)
        self.reads = 0  # texts read from the file so far

    @classmethod
    def open(cls, generation: Path) -> CatalogIndex | None:
        """The catalog index of `generation`, or None when it has none of this VERSION."""
        path = Path(generation) / CATALOG_FILE
        return cls(path) if _current(path) else None

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def entries(self) -> list[dict]:
        """The manifest entries of the documents, their catalog fields (ENTRY_FIELDS), in manifest order."""
        return [json.loads(e) for (e,) in self._query("SELECT entry FROM entries ORDER BY rowid", ())]

    def all_findings(self) -> list[dict]:
        """Every document's audit findings, in the manifest's order."""
        return [json.loads(f) for (f,) in self._query("SELECT finding FROM findings ORDER BY rowid", ())]

    def _findings(self, doc_id: str) -> tuple[dict, ...]:
        """The audit findings of one document, in the manifest's order."""
        rows = self._query("SELECT finding FROM findings WHERE doc_id = ? ORDER BY rowid", (doc_id,))
        return tuple(json.loads(f) for (f,) in rows)

    def _text(self, doc_id: str) -> str:
        """The normalised text of `doc_id` ("" for a document the index does not hold)."""
        row = self._rows.get(doc_id)
        found = self._query("SELECT text FROM texts WHERE rowid = ?", (row,)) if row is not None else []
        self.reads += 1
        return found[0][0] if found else ""

    def _having(self, phrase: str) -> frozenset[str]:
        """The documents whose normalised text contains `phrase` (normalised)."""
        if not phrase:
            return frozenset(self._rows)
        if len(phrase) >= _TRIGRAM:
            rows = self._query("SELECT rowid FROM texts WHERE texts MATCH ?", ('"' + phrase.replace('"', '""') + '"',))
        else:
            rows = self._query("SELECT rowid FROM texts WHERE instr(text, ?) > 0", (phrase,))
        return frozenset(self._ids[r] for (r,) in rows if r in self._ids)

    def scores(self, keys: Iterable[str], doc_ids: Iterable[str]) -> dict[str, float]:
        """Of `doc_ids`, those whose facts have some of `keys`, each scored by the keys it has,
        a rare key counting more (log(1 + documents / documents having it))."""
        ids = list(doc_ids)
        return {doc_id: float(score) for doc_id, score in zip(ids, self.doc_scores(keys, ids), strict=True) if score > 0}

    def doc_scores(self, keys: Iterable[str], doc_ids: list[str]) -> np.ndarray:
        """The score of every one of `doc_ids` (as in `scores`), in their order (0 for one having
        none of `keys`)."""
        total = np.zeros(max(self._ids, default=0) + 2, dtype=np.float32)  # the last: documents the index lacks
        for key in keys:
            found = self._query("SELECT rows FROM postings WHERE key = ?", (key,))
            if found:
                rows = np.frombuffer(found[0][0], dtype=np.int32)
                total[rows] += math.log1p(len(self._rows) / len(rows))
        rows = np.fromiter((self._rows.get(d, -1) for d in doc_ids), dtype=np.int64, count=len(doc_ids))
        return total[rows].astype(np.float64)
