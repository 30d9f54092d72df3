"""`qa build` (incremental, atomic, bad input reported) and the CLI contract, on the real corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa import build as build_module
from qa.build import build_index, read_manifest
from qa.indexdir import resolve
from tests.conftest import CORPUS, DOC_IDS, ROOT


def run_qa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_built_index_has_every_document(built_index):
    manifest = read_manifest(built_index)
    assert sorted(d["doc"] for d in manifest["documents"]) == DOC_IDS
    assert not manifest["problems"]
    for name in ("params.json", "facts.sqlite", "chunks.jsonl"):
        assert (resolve(built_index) / name).exists(), name


def test_no_change_rebuild_processes_and_embeds_nothing(built_index):
    report = build_index(built_index.parent / "corpus", built_index, progress=None)
    assert report["processed"] == 0
    assert report["reused"] == len(DOC_IDS)
    assert report["embedded"] == 0


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "bayingol-hrss-bureau-2022-performance-targets.txt", corpus)
    return corpus


def test_broken_documents_are_reported_and_the_rest_builds(small_corpus, tmp_path):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    report = build_index(small_corpus, tmp_path / "index", progress=None)
    assert report["documents"] == 1
    bad = {p["file"]: p["message"] for p in report["problems"]}
    assert set(bad) == {"empty.txt", "binary.txt"}
    assert all(name in msg for name, msg in bad.items()), bad


def test_a_changed_lexicon_reads_unchanged_documents_again(small_corpus, tmp_path, monkeypatch):
    # Facts depend on the domain words (aliases, section patterns): new words, new facts.
    index = tmp_path / "index"
    build_index(small_corpus, index, progress=None)
    assert build_index(small_corpus, index, progress=None)["processed"] == 0
    monkeypatch.setattr(build_module.lexicon, "fingerprint", lambda: "another lexicon")
    report = build_index(small_corpus, index, progress=None)
    assert report["processed"] == 1 and report["embedded"] == 0


def test_failed_build_leaves_previous_index_usable(small_corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build_index(small_corpus, index, progress=None)
    before = read_manifest(index)
    shutil.copy(CORPUS / "changji-hrss-center-2025-budget.txt", small_corpus)

    def explode(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "build_retrieval", explode)
    monkeypatch.setattr(build_module, "update_retrieval", explode)  # adding a document extends the index
    with pytest.raises(RuntimeError):
        build_index(small_corpus, index, progress=None)
    assert read_manifest(index) == before
    assert not list(index.glob(".staging-*")) and not list(tmp_path.glob(".index.staging-*"))


def test_cli_json_is_the_only_stdout(built_index):
    corpus = built_index.parent / "corpus"
    r = run_qa("facts", "--doc", "changji-hrss-center-2025-budget", "--metric", "三公", "--json",
               "--index", str(built_index), "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    facts = json.loads(r.stdout)
    assert any(f["value"] == 2.28 and f["unit"] == "万元" for f in facts)
    for key in ("doc", "year", "issuer", "doc_type", "metric", "value", "unit", "origin", "table",
                "line_start", "line_end", "quote"):
        assert key in facts[0]


def test_cli_inspect_contract(built_index):
    r = run_qa("inspect", "changji-hrss-center-2025-budget", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["doc"] == "changji-hrss-center-2025-budget"
    assert doc["year"] == 2025 and doc["doc_type"] == "budget"
    assert doc["tables"] and {"number", "title", "line_start", "line_end", "unit", "header", "rows"} <= set(
        doc["tables"][0])


def test_cli_errors_are_one_line(tmp_path):
    r = run_qa("inspect", "no-such-doc", "--json")
    assert r.returncode != 0
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "no-such-doc" in r.stderr
    r = run_qa("facts", "--json", "--index", str(tmp_path / "missing"))
    assert r.returncode != 0 and "qa build" in r.stderr and "Traceback" not in r.stderr


def test_cli_hostile_metric_is_a_parameter(built_index):
    r = run_qa("facts", "--metric", "'; DROP TABLE facts; --", "--json", "--index", str(built_index))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []
    r = run_qa("facts", "--metric", "三公", "--json", "--index", str(built_index))
    assert json.loads(r.stdout), "the store survived the hostile query"
