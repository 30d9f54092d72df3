"""`qa build` survives what a corpus folder and a machine do to it: two files for one document
id, a build killed at any moment, readers during a swap, and very large files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.build import build_index, read_manifest
from qa.facts import FactStore
from tests.conftest import CORPUS

CENTER = "changji-hrss-center-2025-budget"
TARGETS = "bayingol-hrss-bureau-2022-performance-targets"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A two-document corpus and its index, built once; tests work on copies."""
    work = tmp_path_factory.mktemp("robust")
    (work / "corpus").mkdir()
    for doc_id in (CENTER, TARGETS):
        shutil.copy(CORPUS / f"{doc_id}.txt", work / "corpus")
    build_index(work / "corpus", work / "index", progress=None)
    return work


@pytest.fixture()
def work(base, tmp_path) -> Path:
    shutil.copytree(base / "corpus", tmp_path / "corpus")
    shutil.copytree(base / "index", tmp_path / "index", symlinks=True)
    return tmp_path


def facts_of(index: Path, doc_id: str) -> tuple[int, int]:
    """(facts in the manifest entry, facts in the store) of one document; (0, 0) when left out."""
    entry = {d["doc"]: d for d in read_manifest(index)["documents"]}.get(doc_id, {})
    return entry.get("facts", 0), len(FactStore(index / "facts.sqlite").query(doc=doc_id))


# ---------------------------------------------------------------- one document id, one file
CLASHES = {
    "broken docx": (".docx", lambda: b"PK\x03\x04 not really a docx"),
    "broken pdf": (".pdf", lambda: b"%PDF-1.4\n garbage"),
    # A second file that parses as well as the first: which one is the document is still unknowable.
    "valid second text": (".TXT", lambda: (CORPUS / f"{CENTER}.txt").read_bytes().replace(b"2.28", b"9.99")),
}


@pytest.mark.parametrize("case", sorted(CLASHES))
def test_two_files_for_one_id_keep_the_indexed_version_until_one_is_removed(work, case):
    corpus, index = work / "corpus", work / "index"
    full = facts_of(index, CENTER)
    assert full[0] > 100 and full[0] == full[1]
    suffix, content = CLASHES[case]
    clash = corpus / f"{CENTER}{suffix}"
    clash.write_bytes(content())
    said: list[str] = []

    report = build_index(corpus, index, progress=said.append)
    clashes = {p["file"] for p in report["problems"] if p.get("kind") == "clash"}
    assert clashes == {f"{CENTER}.txt", clash.name}
    assert any(clash.name in line and f"{CENTER}.txt" in line for line in said), said
    assert facts_of(index, CENTER) == full, "the indexed version is kept as it was"
    assert facts_of(index, TARGETS)[0] > 0, "the other documents still build"

    # Kept, not re-read: a second build with the clash still there changes nothing either.
    assert facts_of(index, CENTER) == full and build_index(corpus, index, progress=None)["problems"]

    clash.unlink()
    report = build_index(corpus, index, progress=None)
    assert not report["problems"]
    assert facts_of(index, CENTER) == full


def test_a_clash_with_nothing_indexed_before_leaves_the_id_out(work, tmp_path):
    corpus = work / "corpus"
    (corpus / f"{TARGETS}.docx").write_bytes(b"PK\x03\x04 not really a docx")
    report = build_index(corpus, tmp_path / "fresh", progress=None)
    assert {p["file"] for p in report["problems"]} == {f"{TARGETS}.txt", f"{TARGETS}.docx"}
    assert [d["doc"] for d in read_manifest(tmp_path / "fresh")["documents"]] == [CENTER]
    assert facts_of(tmp_path / "fresh", TARGETS) == (0, 0)


def test_a_store_that_lost_a_document_reads_it_again(work):
    """An index left by the old clash bug (the document listed, its facts gone) heals itself."""
    corpus, index = work / "corpus", work / "index"
    full = facts_of(index, CENTER)
    FactStore(index / "facts.sqlite").remove_document(CENTER)
    assert facts_of(index, CENTER) == (full[0], 0)
    report = build_index(corpus, index, progress=None)
    assert report["processed"] == 1
    assert facts_of(index, CENTER) == full
