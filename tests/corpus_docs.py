"""The five corpus documents, by name, loaded once per test session (shared by the stage tests)."""

from __future__ import annotations

from functools import cache

from qa.ingest import load_document
from qa.types import Document, Table
from tests.conftest import CORPUS

CENTER_2025 = "changji-hrss-center-2025-budget"
BAYINGOL_2024 = "bayingol-hrss-bureau-2024-budget"
CHANGJI_2022 = "changji-hrss-bureau-2022-budget"
FINAL_2023 = "changji-hrss-bureau-2023-final-accounts"
TARGETS_2022 = "bayingol-hrss-bureau-2022-performance-targets"


@cache
def doc(doc_id: str) -> Document:
    """A corpus document through the real loader (cached: documents are immutable)."""
    return load_document(CORPUS / f"{doc_id}.txt")


def table(d: Document, label: str) -> Table:
    """The one table of `d` labelled `label` (fails the test when absent or repeated)."""
    found = [t for t in d.tables if t.label == label]
    assert len(found) == 1, [t.label for t in d.tables]
    return found[0]
