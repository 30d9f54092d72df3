"""The wild disclosures (../shared/wild) through the real ingest and facts stages, each read once
per test session (shared by the facts tests on wild pages)."""

from __future__ import annotations

from functools import cache

import pytest

from qa.errors import DocumentError
from qa.facts import extract_facts
from qa.ingest import load_document
from qa.types import Fact
from tests.conftest import WILD


@cache
def wild_facts(name: str) -> tuple[Fact, ...]:
    """The facts of wild page `name`; the test skips when the ingest stage cannot load it."""
    try:
        doc = load_document(WILD / f"{name}.txt")
    except DocumentError as e:
        pytest.skip(f"{name} not loadable by the ingest stage: {e}")
    return tuple(extract_facts(doc))
