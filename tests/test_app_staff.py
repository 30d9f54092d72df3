"""Staff upload without a browser: a broken file is refused and changes nothing; a good one answers."""

from __future__ import annotations

import shutil

import pytest

from qa.indexdir import resolve
from qa.web.engine import Engine
from qa.web.staff import add_upload
from tests.e2e.samples import GOOD_ID, GOOD_QUESTION, GOOD_VALUE, write_broken, write_good


@pytest.fixture(scope="module")
def engine(built_index, tmp_path_factory) -> Engine:
    """An engine on a private copy of the built index: uploads must not touch the shared one."""
    work = tmp_path_factory.mktemp("staff")
    shutil.copytree(built_index.parent / "corpus", work / "corpus")
    shutil.copytree(built_index, work / "index", symlinks=True)
    cache = built_index.parent / ".qa-cache"
    if cache.is_dir():
        shutil.copytree(cache, work / ".qa-cache")
    return Engine(work / "index", work / "corpus")


def _snapshot(engine: Engine) -> dict:
    return {
        "manifest": (resolve(engine.index_dir) / "manifest.json").read_bytes(),
        "corpus": sorted(p.name for p in engine.corpus_dir.iterdir()),
    }


def test_broken_file_is_rejected_and_changes_nothing(engine, tmp_path):
    before = _snapshot(engine)
    report, _docs = add_upload(engine, str(write_broken(tmp_path)))
    assert "未加入索引" in report and "无法读取" in report
    assert _snapshot(engine) == before


def test_wrong_type_is_rejected(engine, tmp_path):
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    report, _docs = add_upload(engine, str(path))
    assert "只接受" in report


def test_good_file_is_added_and_answers_without_restart(engine, tmp_path):
    assert GOOD_ID not in engine.current.doc_ids
    report, docs = add_upload(engine, str(write_good(tmp_path)))
    assert "已加入索引" in report and GOOD_ID in docs
    assert "<table>" in report  # the parsed tables are shown
    assert GOOD_ID in engine.current.doc_ids
    answer = engine.answerer.ask(GOOD_QUESTION)
    assert answer.status == "answered", answer.answer
    assert answer.value == pytest.approx(GOOD_VALUE)
    assert any(c.doc == GOOD_ID for c in answer.citations)
