"""The fact store on PostgreSQL (psycopg 3), chosen by QA_DATABASE_URL; same API as FactStore.

One schema per index generation: a build writes its staging folder's own schema
(`qa_facts_<hex>`), named by the pointer file `facts.pg.json` beside where `facts.sqlite` would
be. The pointer moves with the folder, so the atomic symlink swap of qa/indexdir.py switches
readers from one schema to the next in the same step that switches every other file; a reader
never sees a half-written schema, and the generation it resolved keeps its schema while it reads.
`qa_meta.generations` records every schema with the index folder that owns it; opening a store
for writing drops the schemas of that folder whose generation no longer exists (removed by
qa/indexdir.py after a swap, or left by a killed build).

Each schema carries `schema_version` (the migrations applied, in order; MIGRATIONS below is
append-only). Values are always bound parameters; identifiers (schema names we generate
ourselves) are composed with psycopg.sql.Identifier. Readers connect with
default_transaction_read_only, so a reader cannot write even by mistake. Every call opens its
own short-lived connection, as the SQLite store does, so a store is safe to share between threads.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qa.errors import BackendMissingError, IndexMissingError, QAError
from qa.facts.store import (
    _FIELDS,
    DOCUMENT_COLUMNS,
    MEANING_COLUMNS,
    Dialect,
    document_row,
    fact_from_row,
    fact_query,
    fact_row,
    insert_facts_sql,
)
from qa.types import Document, Fact

try:
    import psycopg
    from psycopg import sql
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - the pg extra is not installed
    psycopg = None

POINTER = "facts.pg.json"
META = "qa_meta"
SCHEMA_NAME = re.compile(r"^qa_facts_[0-9a-f]{32}$")
POSTGRES = Dialect("%s", "strpos({column}, {mark}) > 0", 'doc_id COLLATE "C"')
LOCK_KEY = 0x5141_4641  # pg_advisory_xact_lock key serialising migrations ("QAFA")

# (version, what it does, statements). Append only: a released migration never changes.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "documents and facts", (
        """CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY, title TEXT, issuer TEXT, region TEXT, year INTEGER,
            doc_type TEXT, sha256 TEXT)""",
        """CREATE TABLE facts (
            id BIGSERIAL PRIMARY KEY, doc_id TEXT NOT NULL, year INTEGER, issuer TEXT, region TEXT,
            doc_type TEXT, metric TEXT, value DOUBLE PRECISION, unit TEXT, origin TEXT,
            line_start INTEGER, line_end INTEGER, quote TEXT, period TEXT, aspect TEXT, direction TEXT,
            reason TEXT, operator TEXT, "table" TEXT, row_path TEXT, column_path TEXT, code TEXT,
            raw TEXT, search TEXT NOT NULL)""",
        "CREATE INDEX facts_doc ON facts (doc_id)",
        "CREATE INDEX facts_metric ON facts (metric)",
    )),
    (2, "the order every query returns facts in", (
        'CREATE INDEX facts_order ON facts (doc_id COLLATE "C", line_start, id)',
    )),
    (3, "each fact's meaning: the project it is about and its section (qa/facts/meaning.py)", tuple(
        f"ALTER TABLE facts ADD COLUMN \"{column}\" TEXT NOT NULL DEFAULT {empty}"
        for column, empty in MEANING_COLUMNS.items())),
)
META_MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "the schema of every generation and the index folder owning it", (
        """CREATE TABLE generations (
            schema_name TEXT PRIMARY KEY, root TEXT NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now())""",
    )),
)
LATEST = MIGRATIONS[-1][0]
MEANING_VERSION = 3  # the migration adding MEANING_COLUMNS


class DatabaseUnavailableError(QAError):
    """QA_DATABASE_URL is set but the server does not answer."""

    code = "database_unavailable"

    def __init__(self, url: str, reason: str):
        super().__init__(f"无法连接 QA_DATABASE_URL 指向的 PostgreSQL（{redacted(url)}）：{reason.strip()}；"
                         "请启动数据库或检查地址，或清空 QA_DATABASE_URL 改用内置的 SQLite。")


def redacted(url: str) -> str:
    """`url` without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def pointer_path(path: Path | str) -> Path:
    """The pointer file that names the schema of the store `path` (`<generation>/facts.sqlite`)."""
    return Path(path).parent / POINTER


def read_pointer(path: Path | str) -> str | None:
    """The schema the pointer beside `path` names, or None when there is no (valid) pointer."""
    try:
        schema = json.loads(pointer_path(path).read_text(encoding="utf-8"))["schema"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return schema if isinstance(schema, str) and SCHEMA_NAME.match(schema) else None


def _write_pointer(path: Path, schema: str) -> None:
    target = pointer_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"schema": schema, "backend": "postgresql"}, f)
    os.replace(tmp, target)


def connect(url: str, schema: str | None = None, readonly: bool = False):
    """A connection to `url` with `schema` as its search path (read-only transactions if asked)."""
    if psycopg is None:
        raise BackendMissingError("QA_DATABASE_URL 需要安装 psycopg：pip install 'psycopg[binary]'（或 pip install '.[pg]'）")
    options = []
    if schema is not None:
        if not SCHEMA_NAME.match(schema):
            raise ValueError(f"not a fact-store schema: {schema!r}")
        options.append(f"-c search_path={schema}")
    if readonly:
        options.append("-c default_transaction_read_only=on")
    try:
        return psycopg.connect(url, options=" ".join(options), connect_timeout=10)
    except psycopg.OperationalError as err:
        raise DatabaseUnavailableError(url, str(err)) from None


def migrate(con, schema: str, migrations=MIGRATIONS, upto: int | None = None) -> int:
    """Create `schema` if needed and apply the migrations it lacks (up to `upto`), in one
    transaction under an advisory lock; returns the schema's version."""
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        name = sql.Identifier(schema)
        con.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
        con.execute(sql.SQL("SET LOCAL search_path TO {}").format(name))
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    "note TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())")
        version = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        for number, note, statements in migrations:
            if number <= version or (upto is not None and number > upto):
                continue
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version, note) VALUES (%s, %s)", (number, note))
            version = number
    return version


def schema_version(con, schema: str) -> int | None:
    """The version of `schema`, None when the schema (or its version table) does not exist."""
    row = con.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                      "AND table_name = 'schema_version'", (schema,)).fetchone()
    if row is None:
        return None
    query = sql.SQL("SELECT coalesce(max(version), 0) FROM {}.schema_version").format(sql.Identifier(schema))
    return con.execute(query).fetchone()[0]


def _root(path: Path) -> str:
    """The index folder owning the generation folder of store `path`."""
    return str(path.parent.resolve().parent)


def live_schemas(root: Path) -> set[str]:
    """Schemas named by a pointer in a folder of `root` (generations, staging, `current`)."""
    found = set()
    for pointer in root.glob(f"*/{POINTER}"):
        schema = read_pointer(pointer)
        if schema:
            found.add(schema)
    return found


def drop_orphans(con, root: str) -> list[str]:
    """Drop the schemas registered for `root` that no folder of `root` names any more."""
    live = live_schemas(Path(root))
    rows = con.execute(sql.SQL("SELECT schema_name FROM {}.generations WHERE root = %s").format(
        sql.Identifier(META)), (root,)).fetchall()
    dropped = [r[0] for r in rows if r[0] not in live and SCHEMA_NAME.match(r[0])]
    for schema in dropped:
        with con.transaction():
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            con.execute(sql.SQL("DELETE FROM {}.generations WHERE schema_name = %s").format(
                sql.Identifier(META)), (schema,))
    return dropped


def _create_generation(path: Path, url: str) -> str:
    """A new schema for the store at `path`: pointer first (so no collector drops it), then the
    schema at the latest version, registered under its index folder; stale schemas go."""
    schema = f"qa_facts_{uuid.uuid4().hex}"
    _write_pointer(path, schema)
    root = _root(path)
    with connect(url) as con:
        con.autocommit = True
        migrate(con, META, META_MIGRATIONS)
        migrate(con, schema)
        con.execute(sql.SQL("INSERT INTO {}.generations (schema_name, root) VALUES (%s, %s)").format(
            sql.Identifier(META)), (schema, root))
        drop_orphans(con, root)
    return schema


class PgFactStore:
    """Facts of every document in one PostgreSQL schema; the API of FactStore."""

    backend = "postgresql"

    def __init__(self, path: Path | str, url: str, readonly: bool = False):
        self.path, self.url, self.readonly = Path(path), url, readonly
        schema = read_pointer(self.path)
        if readonly:
            if schema is None:
                raise IndexMissingError(str(self.path.parent))
            with connect(url) as con:
                version = schema_version(con, schema)
                if version is None:
                    raise IndexMissingError(str(self.path.parent))
        elif schema is None:
            schema = _create_generation(self.path, url)
            version = LATEST
        else:
            with connect(url) as con:
                con.autocommit = True
                version = migrate(con, schema)
        self.schema = schema
        # A generation written before the meaning columns (version 3) reads without them.
        self.columns = tuple(f for f in _FIELDS if version >= MEANING_VERSION or f not in MEANING_COLUMNS)

    @property
    def has_meaning(self) -> bool:
        """Whether the store holds the facts' meaning (schema version 3 or later)."""
        return all(c in self.columns for c in MEANING_COLUMNS)

    @contextmanager
    def _connect(self) -> Iterator:
        """A connection in this store's schema; commits when the block ends without an error."""
        with connect(self.url, self.schema, readonly=self.readonly) as con:
            yield con

    def close(self) -> None:
        """Nothing is held between calls (each opens its own connection)."""

    def replace_document(self, doc: Document, facts: list[Fact]) -> None:
        """Store `facts` as the complete set of `doc`'s facts (in one transaction)."""
        columns = ", ".join(DOCUMENT_COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in DOCUMENT_COLUMNS[1:])
        with self._connect() as con, con.cursor() as cur:
            cur.execute("DELETE FROM facts WHERE doc_id = %s", (doc.doc_id,))
            cur.execute(f"INSERT INTO documents ({columns}) VALUES ({', '.join(['%s'] * len(DOCUMENT_COLUMNS))}) "
                        f"ON CONFLICT (doc_id) DO UPDATE SET {updates}", document_row(doc))
            cur.executemany(insert_facts_sql(POSTGRES), [fact_row(f) for f in facts])

    def remove_document(self, doc_id: str) -> None:
        """Forget `doc_id` and its facts."""
        with self._connect() as con:
            con.execute("DELETE FROM facts WHERE doc_id = %s", (doc_id,))
            con.execute("DELETE FROM documents WHERE doc_id = %s", (doc_id,))

    def doc_ids(self) -> list[str]:
        """Ids of the stored documents, sorted (bytewise, as SQLite sorts them)."""
        with self._connect() as con:
            return [r[0] for r in con.execute('SELECT doc_id FROM documents ORDER BY doc_id COLLATE "C"')]

    def documents(self) -> list[dict]:
        """doc_id, title, issuer, region, year, doc_type and sha256 of every stored document."""
        with self._connect() as con, con.cursor(row_factory=dict_row) as cur:
            cur.execute(f'SELECT {", ".join(DOCUMENT_COLUMNS)} FROM documents ORDER BY doc_id COLLATE "C"')
            return cur.fetchall()

    def metrics(self, doc: str | None = None) -> list[str]:
        """Distinct metric names (of one document when `doc` is given), sorted."""
        query, args = "SELECT DISTINCT metric FROM facts", []
        if doc is not None:
            query, args = query + " WHERE doc_id = %s", [doc]
        with self._connect() as con:
            return sorted(r[0] for r in con.execute(query, args))

    def query(self, doc=None, metric=None, year=None, issuer=None, doc_type=None, period=None,
              aspect=None, limit=None) -> list[Fact]:
        """Facts matching every given filter, in document and line order (see FactStore.query)."""
        query, args = fact_query(POSTGRES, doc=doc, metric=metric, year=year, issuer=issuer, doc_type=doc_type,
                                 period=period, aspect=aspect, limit=limit, columns=self.columns)
        pool: dict = {}
        with self._connect() as con:
            return [fact_from_row(r, self.columns, pool) for r in con.execute(query, args)]


def copy_generation(src: Path, dst: Path, url: str) -> None:
    """Start the store at `dst` with every document and fact of the store at `src` (the previous
    generation), inside the database; nothing is copied from a schema of another version (the
    build then extracts every document again)."""
    source = read_pointer(src)
    target = PgFactStore(dst, url)
    if source is None:
        return
    with connect(url) as con:
        if schema_version(con, source) != LATEST:
            return
        old, new = sql.Identifier(source), sql.Identifier(target.schema)
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in ("id", *_FIELDS, "search"))
        docs = sql.SQL(", ").join(sql.Identifier(c) for c in DOCUMENT_COLUMNS)
        with con.transaction():
            con.execute(sql.SQL("INSERT INTO {}.documents ({}) SELECT {} FROM {}.documents").format(
                new, docs, docs, old))
            con.execute(sql.SQL("INSERT INTO {}.facts ({}) SELECT {} FROM {}.facts").format(
                new, columns, columns, old))
            con.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                                "(SELECT coalesce(max(id), 0) + 1 FROM {}.facts), false)").format(new),
                        (f"{target.schema}.facts",))


__all__ = ["PgFactStore", "copy_generation", "migrate", "pointer_path", "read_pointer"]
