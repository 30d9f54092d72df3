"""The fact store: SQLite by default (stdlib sqlite3), PostgreSQL when QA_DATABASE_URL is set
(qa/facts/pg_store.py); parametrised SQL only in both.

SQLite: rollback journal (no WAL), so the file is self-contained and many readers may
open it at once; every call opens its own short-lived connection, which makes a
FactStore safe to share between threads.

Only the build writes: every reader opens the store with `readonly=True` (SQLite's
`mode=ro`), which never creates a file; a missing store is an IndexMissingError.

`open_store(path, readonly)` picks the backend from the settings; `store_exists(path)` and
`copy_store(src, dst)` let a build start a new generation from the previous one's facts.
Callers always name the store by its SQLite path inside a generation (`<gen>/facts.sqlite`);
the PostgreSQL backend keeps a pointer file beside it instead.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from qa import settings
from qa.errors import IndexMissingError
from qa.facts import rules
from qa.types import Document, Fact

_FIELDS = [f.name for f in fields(Fact)]
_COLUMNS = ", ".join(f'"{f}"' for f in _FIELDS)  # quoted: "table" is an SQL keyword
_TUPLE_FIELDS = {"row_path", "column_path", "section"}
# The meaning columns (qa/facts/meaning.py) added by schema version 2, with their empty values. A
# store written before them reads with those values (Fact defaults); a build migrates it, and the
# pipeline version bump that came with them re-extracts every document into the new columns.
MEANING_COLUMNS = {"subject": "''", "section": "'[]'"}
SCHEMA_VERSION = 2
DOCUMENT_COLUMNS = ("doc_id", "title", "issuer", "region", "year", "doc_type", "sha256")
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


@dataclass(frozen=True)
class Dialect:
    """How a backend writes a placeholder and a literal substring test."""

    mark: str  # the placeholder of one bound value
    contains: str  # "<column> contains <placeholder>", with {column} and {mark}
    ordered: str  # how doc_id sorts bytewise (SQLite's order; PostgreSQL needs COLLATE "C")


SQLITE = Dialect("?", "instr({column}, {mark}) > 0", "doc_id")


def fact_query(dialect: Dialect, doc=None, metric=None, year=None, issuer=None, doc_type=None, period=None,
               aspect=None, limit=None, columns: tuple[str, ...] | None = None) -> tuple[str, list]:
    """The SELECT of FactStore.query and its bound values (every value is bound, never spliced);
    `columns` (default: every field of Fact) are the fields selected, in order."""
    def contains(column: str) -> str:
        return dialect.contains.format(column=column, mark=dialect.mark)

    where, args = [], []
    for column, value in (("doc_id", doc), ("year", year), ("doc_type", doc_type), ("period", period),
                          ("aspect", aspect)):
        if value is not None:
            where.append(f"{column} = {dialect.mark}")
            args.append(value)
    if issuer:
        where.append(f"({contains('issuer')} OR {contains('region')})")
        args += [issuer, issuer]
    if metric:
        terms = [metric, *rules.metrics_matching(metric)] if rules.key(metric) else [metric]
        where.append("(" + " OR ".join(contains("search") for _ in terms) + ")")
        args += terms
    sql = "SELECT " + (", ".join(f'"{c}"' for c in columns) if columns else _COLUMNS) + " FROM facts"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {dialect.ordered}, line_start, id"
    if limit is not None:
        sql += f" LIMIT {dialect.mark}"
        args.append(int(limit))
    return sql, args


def insert_facts_sql(dialect: Dialect) -> str:
    marks = ", ".join([dialect.mark] * (len(_FIELDS) + 1))
    return f"INSERT INTO facts ({_COLUMNS}, search) VALUES ({marks})"


def document_row(doc: Document) -> tuple:
    return (doc.doc_id, doc.title, doc.issuer, doc.region, doc.year, doc.doc_type, doc.sha256)


class FactStore:
    """Facts of every document, queryable by document, metric, year, issuer, type, period."""

    backend = "sqlite"

    def __init__(self, path: Path | str, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as con, con:
                con.execute("PRAGMA journal_mode=DELETE")
                con.executescript(_SCHEMA)
                _migrate(con)
        # A missing store is refused now, not at the first query.
        with closing(self._connect()) as con:
            present = {r[1] for r in con.execute("PRAGMA table_info(facts)")}
        self.columns = tuple(f for f in _FIELDS if f in present)

    def _connect(self) -> sqlite3.Connection:
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=30)
        if not self.path.is_file():
            raise IndexMissingError(str(self.path))
        try:
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        except sqlite3.OperationalError:  # removed between the check and the open
            raise IndexMissingError(str(self.path)) from None

    @property
    def has_meaning(self) -> bool:
        """Whether the store holds the facts' meaning (schema version 2 or later)."""
        return all(c in self.columns for c in MEANING_COLUMNS)

    def close(self) -> None:
        """Release the store. Every call opens and closes its own connection, so nothing is
        held between calls; this exists for callers that manage a store's lifetime."""

    def replace_document(self, doc: Document, facts: list[Fact]) -> None:
        """Store `facts` as the complete set of `doc`'s facts (in one transaction)."""
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM facts WHERE doc_id = ?", (doc.doc_id,))
            con.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", document_row(doc))
            con.executemany(insert_facts_sql(SQLITE), [fact_row(f) for f in facts])

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
        sql, args = fact_query(SQLITE, doc=doc, metric=metric, year=year, issuer=issuer, doc_type=doc_type,
                               period=period, aspect=aspect, limit=limit, columns=self.columns)
        pool: dict = {}
        with closing(self._connect()) as con:
            return [fact_from_row(r, self.columns, pool) for r in con.execute(sql, args)]


def _migrate(con: sqlite3.Connection) -> None:
    """Bring a store written by an earlier schema to SCHEMA_VERSION (PRAGMA user_version)."""
    present = {r[1] for r in con.execute("PRAGMA table_info(facts)")}
    for column, empty in MEANING_COLUMNS.items():
        if column not in present:
            con.execute(f'ALTER TABLE facts ADD COLUMN "{column}" TEXT NOT NULL DEFAULT {empty}')
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def database_url() -> str:
    """The PostgreSQL URL of the fact store (QA_DATABASE_URL), empty for SQLite."""
    return str(settings.get("database_url") or "").strip()


def open_store(path: Path | str, readonly: bool = False):
    """The fact store named by `path` (`<generation>/facts.sqlite`): a FactStore over that SQLite
    file, or with QA_DATABASE_URL set a PgFactStore over the generation's own PostgreSQL schema.
    Same API and the same read-only contract either way."""
    url = database_url()
    if not url:
        return FactStore(path, readonly=readonly)
    from qa.facts.pg_store import PgFactStore

    return PgFactStore(path, url, readonly=readonly)


def store_exists(path: Path | str) -> bool:
    """Whether a built store is at `path` (for the configured backend)."""
    if not database_url():
        return Path(path).is_file()
    from qa.facts.pg_store import pointer_path

    return pointer_path(path).is_file()


def copy_store(src: Path | str, dst: Path | str) -> None:
    """Start the store at `dst` (a new generation) with the facts of the store at `src`."""
    url = database_url()
    if not url:
        shutil.copy2(src, dst)
        return
    from qa.facts.pg_store import copy_generation

    copy_generation(Path(src), Path(dst), url)


def fact_row(fact: Fact) -> tuple:
    """The bound values of one facts row: every field (paths as JSON) and the search text."""
    values = [json.dumps(v, ensure_ascii=False) if f in _TUPLE_FIELDS else v
              for f, v in zip(_FIELDS, astuple(fact), strict=True)]
    search = "\u241f".join([*rules.metric_aliases(fact.metric), *fact.row_path])
    return (*values, search)


def fact_from_row(row: tuple, columns: tuple[str, ...] | None = None, pool: dict | None = None) -> Fact:
    """The Fact of a row of `columns` (default: every field); a field not selected keeps its default.
    Equal values of the rows read with one `pool` are one object (issuer, table, quote, paths …)."""
    names = columns or _FIELDS
    values = {f: tuple(json.loads(v)) if f in _TUPLE_FIELDS else v for f, v in zip(names, row, strict=True)}
    if pool is not None:
        values = {f: pool.setdefault(v, v) if isinstance(v, str | tuple) else v for f, v in values.items()}
    return Fact(**values)
