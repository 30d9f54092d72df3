"""The web engine and `qa audit` read the documents and audit findings from the generation's
catalog index (qa/answer/catalog_index.py entries_and_audit), not from the manifest, whose
audit grows with every document: what they show is the manifest's, and a manifest they cannot
parse does not stop them; an index built before the catalog index is still read from its manifest."""

from __future__ import annotations

import json
import shutil

import pytest

from qa.answer.catalog_index import CATALOG_FILE, ENTRY_FIELDS
from qa.build import read_manifest
from qa.indexdir import resolve
from qa.web.engine import Engine
from tests.conftest import DOC_IDS
from tests.test_cli_output import run_qa


def _copy(built_index, tmp_path, manifest: str | None = None, catalog: bool = True):
    """The built index's generation copied as `tmp_path/index`, its manifest replaced by `manifest`."""
    index = tmp_path / "index"
    shutil.copytree(resolve(built_index), index)
    if manifest is not None:
        (index / "manifest.json").write_text(manifest, encoding="utf-8")
    if not catalog:
        (index / CATALOG_FILE).unlink()
    return index


def _shown(engine: Engine) -> tuple:
    return engine.documents(), engine.audit(), {d: engine.audit(d) for d in DOC_IDS}


@pytest.mark.slow  # builds the seed index (session fixture)
def test_the_engine_shows_the_manifests_documents_and_audit_without_parsing_it(built_index, tmp_path):
    manifest = read_manifest(built_index)
    documents = sorted(({k: e.get(k) for k in ENTRY_FIELDS} for e in manifest["documents"]), key=lambda d: d["doc"])
    audit = manifest["audit"]
    by_doc = {d: [f for f in audit if f["doc"] == d] for d in DOC_IDS}
    assert audit and sum(map(bool, by_doc.values())) >= 2  # findings, of several documents
    unparsable = Engine(_copy(built_index, tmp_path / "a", manifest="not json"), tmp_path / "corpus")
    assert _shown(unparsable) == (documents, audit, by_doc)
    assert unparsable.answerer.ask("2025年服务中心三公经费是多少").value == 2.28
    before_catalog = Engine(_copy(built_index, tmp_path / "b", catalog=False), tmp_path / "corpus")
    assert before_catalog.answerer.keys is None
    assert _shown(before_catalog) == (sorted(manifest["documents"], key=lambda d: d["doc"]), audit, by_doc)


@pytest.mark.slow
def test_qa_audit_prints_the_manifests_findings_without_parsing_it(built_index, tmp_path):
    audit = read_manifest(built_index)["audit"]
    doc = audit[0]["doc"]
    index = _copy(built_index, tmp_path, manifest="not json")
    every = run_qa("audit", "--json", "--index", str(index))
    one = run_qa("audit", "--doc", doc, "--json", "--index", str(index))
    assert every.returncode == 0 and one.returncode == 0, every.stderr + one.stderr
    assert json.loads(every.stdout) == audit and json.loads(one.stdout) == [f for f in audit if f["doc"] == doc]
    unknown = run_qa("audit", "--doc", "nosuchdoc", "--index", str(index))
    assert unknown.returncode == 1 and all(d in unknown.stderr for d in DOC_IDS)
