"""The fact store: one SQLite file (stdlib sqlite3), parametrised SQL only.

Rollback journal (no WAL), so the file is self-contained and many readers may
open it at once; every call opens its own short-lived connection, which makes a
FactStore safe to share between threads.

Only the build writes: every reader opens the store with `readonly=True` (SQLite's
`mode=ro`), which never creates a file; a missing store is an IndexMissingError.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import astuple, fields
from pathlib import Path

from qa.errors import IndexMissingError
from qa.facts import rules
from qa.types import Document, Fact

_FIELDS = [f.name for f in fields(Fact)]
_COLUMNS = ", ".join(f'"{f}"' for f in _FIELDS)  # quoted: "table" is an SQL keyword
_TUPLE_FIELDS = {"row_path", "column_path"}
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, title TEXT, issuer TEXT, region TEXT, year INTEGER,
    doc_type TEXT, sha256 TEXT
);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY, {_COLUMNS},
    search TEXT NOT NULL  -- metric, aliases and row path: what a metric query matches
);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id);
CREATE INDEX IF NOT EXISTS facts_metric ON facts(metric);
"""


class FactStore:
    """Facts of every document, queryable by document, metric, year, issuer, type, period."""

    def __init__(self, path: Path | str, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            self._connect().close()  # a missing store is refused now, not at the first query
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=DELETE")
            con.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=30)
        if not self.path.is_file():
            raise IndexMissingError(str(self.path))
        try:
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        except sqlite3.OperationalError:  # removed between the check and the open
            raise IndexMissingError(str(self.path)) from None

    def close(self) -> None:
        """Release the store. Every call opens and closes its own connection, so nothing is
        held between calls; this exists for callers that manage a store's lifetime."""

    def replace_document(self, doc: Document, facts: list[Fact]) -> None:
        """Store `facts` as the complete set of `doc`'s facts (in one transaction)."""
        rows = [_row(f) for f in facts]
        marks = ", ".join("?" * (len(_FIELDS) + 1))
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM facts WHERE doc_id = ?", (doc.doc_id,))
            con.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.doc_id, doc.title, doc.issuer, doc.region, doc.year, doc.doc_type, doc.sha256),
            )
            con.executemany(f"INSERT INTO facts ({_COLUMNS}, search) VALUES ({marks})", rows)

    def remove_document(self, doc_id: str) -> None:
        """Forget `doc_id` and its facts."""
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
            con.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def doc_ids(self) -> list[str]:
        """Ids of the stored documents, sorted."""
        with closing(self._connect()) as con:
            return [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def documents(self) -> list[dict]:
        """doc_id, title, issuer, region, year, doc_type and sha256 of every stored document."""
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute("SELECT * FROM documents ORDER BY doc_id")]

    def metrics(self, doc: str | None = None) -> list[str]:
        """Distinct metric names (of one document when `doc` is given), sorted."""
        sql, args = "SELECT DISTINCT metric FROM facts", []
        if doc is not None:
            sql, args = sql + " WHERE doc_id = ?", [doc]
        with closing(self._connect()) as con:
            return sorted(r[0] for r in con.execute(sql, args))

    def query(self, doc=None, metric=None, year=None, issuer=None, doc_type=None, period=None,
              aspect=None, limit=None) -> list[Fact]:
        """Facts matching every given filter, in document and line order.

        `metric` matches as a substring of the metric, its aliases or the row path,
        and also through the lexicon ("招待费" finds 公务接待费); `issuer` matches a
        substring of the issuer or region. Text never becomes SQL: all values are bound.
        """
        where, args = [], []
        for column, value in (("doc_id", doc), ("year", year), ("doc_type", doc_type), ("period", period),
                              ("aspect", aspect)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if issuer:
            where.append("(instr(issuer, ?) > 0 OR instr(region, ?) > 0)")
            args += [issuer, issuer]
        if metric:
            terms = [metric, *rules.metrics_matching(metric)] if rules.key(metric) else [metric]
            where.append("(" + " OR ".join("instr(search, ?) > 0" for _ in terms) + ")")
            args += terms
        sql = f"SELECT {_COLUMNS} FROM facts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY doc_id, line_start, id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        with closing(self._connect()) as con:
            return [_fact(r) for r in con.execute(sql, args)]


def _row(fact: Fact) -> tuple:
    values = [json.dumps(v, ensure_ascii=False) if f in _TUPLE_FIELDS else v
              for f, v in zip(_FIELDS, astuple(fact), strict=True)]
    search = "\u241f".join([*rules.metric_aliases(fact.metric), *fact.row_path])
    return (*values, search)


def _fact(row: tuple) -> Fact:
    values = {f: tuple(json.loads(v)) if f in _TUPLE_FIELDS else v for f, v in zip(_FIELDS, row, strict=True)}
    return Fact(**values)
