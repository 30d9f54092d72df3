"""A throwaway PostgreSQL database for the fact-store tests: created with a unique name from
QA_TEST_DATABASE_URL (which .ci/run exports after starting a server) once per session and
dropped at the end. Without a reachable server every test using it skips, saying why."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "QA_TEST_DATABASE_URL"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def throwaway_database():
    """Yields the URL of a fresh, empty database on the test server, dropped afterwards; skips
    when there is none. A test module makes it a session fixture: `yield from throwaway_database()`."""
    base = os.environ.get(ENV, "").strip()
    if not base:
        pytest.skip(f"{ENV} is not set: no PostgreSQL server for the tests (.ci/run starts one)")
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
    from qa.facts.pg_store import redacted

    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL at {redacted(base)} is not reachable: {str(err).strip()}")
    name = f"qa_test_{uuid.uuid4().hex[:16]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
        try:
            yield _with_database(base, name)
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
