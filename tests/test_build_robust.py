"""`qa build` survives what a corpus folder and a machine do to it: two files for one document
id, a build killed at any moment, readers during a swap, and very large files."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.answer import Answerer
from qa.build import add_document, build_index, read_manifest
from qa.errors import DocumentError, IndexMissingError
from qa.facts import FactStore
from qa.indexdir import new_staging, resolve, to_generation
from qa.ingest import load_document
from qa.ingest.sections import path_at, section_locator
from tests.conftest import CORPUS, ROOT

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
    return entry.get("facts", 0), len(FactStore(resolve(index) / "facts.sqlite", readonly=True).query(doc=doc_id))


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
    FactStore(resolve(index) / "facts.sqlite").remove_document(CENTER)
    assert facts_of(index, CENTER) == (full[0], 0)
    report = build_index(corpus, index, progress=None)
    assert report["processed"] == 1
    assert facts_of(index, CENTER) == full


# ---------------------------------------------------------------- generations, one atomic swap
def generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))


def leftovers(index: Path) -> list[str]:
    """What no finished build should leave: staging folders, temporary links, sibling folders."""
    inside = [p.name for p in index.iterdir() if p.name.startswith((".staging-", ".current-"))]
    beside = [p.name for p in index.parent.iterdir() if p.name.startswith(f".{index.name}.")]
    return inside + beside


def test_builds_switch_generations_and_keep_the_current_and_the_previous(work):
    corpus, index = work / "corpus", work / "index"
    first = resolve(index)
    assert (index / "current").is_symlink() and first.parent == index and first.name.startswith("gen-")
    build_index(corpus, index, progress=None)
    second = resolve(index)
    assert second != first and generations(index) == sorted([first.name, second.name])
    build_index(corpus, index, progress=None)
    assert generations(index) == sorted([second.name, resolve(index).name]), "older generations go"
    assert not leftovers(index)


def test_an_index_in_the_flat_layout_is_read_then_moved_to_a_generation(work, tmp_path):
    corpus, flat = work / "corpus", tmp_path / "flat"
    shutil.copytree(resolve(work / "index"), flat)
    (flat / "README.md").write_text("kept\n", encoding="utf-8")
    assert resolve(flat) == flat and facts_of(flat, CENTER)[0] > 0, "read where it is"
    report = build_index(corpus, flat, progress=None)
    assert report["processed"] == 0, "the flat index's documents are reused"
    assert sorted(p.name for p in flat.iterdir()) == sorted(["README.md", "current", resolve(flat).name])
    assert (flat / "README.md").read_text(encoding="utf-8") == "kept\n"


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def answers(index: Path) -> float | None:
    """The figure the index gives for a question of CENTER, through the real answerer."""
    answer = Answerer.load(index).ask("2025年服务中心三公经费是多少")
    return answer.value if answer.status == "answered" else None


def test_a_kill_between_the_generation_and_the_swap_leaves_the_old_index(work):
    corpus, index = work / "corpus", work / "index"
    before = resolve(index)
    staging = new_staging(index)
    shutil.copytree(before, staging, dirs_exist_ok=True)
    orphan = to_generation(index, staging)  # ... and the build dies here, before point_current
    assert resolve(index) == before and answers(index) == pytest.approx(2.28)
    build_index(corpus, index, progress=None)
    assert not orphan.exists() and before.exists() and len(generations(index)) == 2
    assert not leftovers(index)


def build_process(corpus: Path, index: Path) -> subprocess.Popen:
    """A real `qa build` process with a changed document to process; its progress on stderr."""
    text = corpus / f"{CENTER}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "qa", "build", "--json", "--corpus", str(corpus),
                             "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")


def kill_at(proc: subprocess.Popen, marker: str, after: float) -> bool:
    """SIGKILL `proc` `after` seconds past the progress line containing `marker` ("" = its start);
    whether it was still running."""
    while marker and marker not in (line := proc.stderr.readline()) and line:
        pass
    time.sleep(after)
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return alive


# Progress lines of a build, in order: each document, then chunks, embedding and the indexes.
KILL_POINTS = [("", 0.5), (f"{TARGETS}：", 0), (f"{CENTER}：", 0), ("嵌入与索引", 0), ("嵌入与索引", 0.2)]


def test_builds_killed_at_any_moment_leave_a_working_index_and_no_leftovers(work):
    corpus, index = work / "corpus", work / "index"
    pid = dead_pid()
    for stale in (index / f".staging-{pid}", work / f".index.staging-{pid}", work / f".index.old-{pid}"):
        (stale / "docs").mkdir(parents=True)
    os.symlink("nowhere", index / f".current-{pid}.tmp")
    killed = 0
    for marker, after in KILL_POINTS:
        killed += kill_at(build_process(corpus, index), marker, after)
        assert read_manifest(index)["documents"], f"killed at {marker or 'start'} + {after} s"
    assert killed >= 3, "the kills hit running builds"
    assert answers(index) == pytest.approx(2.28)
    build_index(corpus, index, progress=None)
    assert not leftovers(index) and len(generations(index)) == 2
    assert answers(index) == pytest.approx(2.28)


# ---------------------------------------------------------------- readers never create
def test_reading_a_missing_store_creates_nothing(tmp_path):
    missing = tmp_path / "no-index" / "facts.sqlite"
    with pytest.raises(IndexMissingError, match="facts.sqlite"):
        FactStore(missing, readonly=True)
    assert not (tmp_path / "no-index").exists()


def test_readers_of_an_index_without_its_store_refuse_and_create_nothing(work):
    """A store missing from a generation (as during a swap in the old layout): the CLI and the
    answerer refuse with the index error, and the next build is not handed an empty store."""
    index = work / "index"
    store = resolve(index) / "facts.sqlite"
    store.unlink()
    r = subprocess.run([sys.executable, "-m", "qa", "facts", "--json", "--index", str(index)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "qa build" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(IndexMissingError):
        Answerer.load(index)
    assert not store.exists()


def test_a_read_only_store_refuses_writes(work):
    store = FactStore(resolve(work / "index") / "facts.sqlite", readonly=True)
    assert CENTER in store.doc_ids()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.remove_document(CENTER)
    assert CENTER in store.doc_ids()


# ---------------------------------------------------------------- parsing linear in file size
def repeated(tmp_path: Path, copies: int) -> Path:
    """A large synthetic disclosure: one real budget repeated `copies` times (~78 KB each)."""
    path = tmp_path / f"big-{copies}.txt"
    path.write_text((CORPUS / f"{CENTER}.txt").read_text(encoding="utf-8") * copies, encoding="utf-8")
    return path


def test_a_four_times_larger_file_parses_completely_into_four_times_the_structure(tmp_path, monkeypatch):
    """1 MB and 4 MB: every copy's tables, each under its own copy's section path (the per-table
    and per-paragraph section lookups and the table overlap check were quadratic: 50 MB never
    finished; timings in bench/bench_bigfile.py)."""
    monkeypatch.setenv("QA_MAX_TEXT_MB", "5")
    one, four = (load_document(repeated(tmp_path, n), "big") for n in (13, 52))
    assert len(one.tables) == 13 * len(load_document(CORPUS / f"{CENTER}.txt").tables)
    assert len(four.tables) == 4 * len(one.tables)
    assert [t.section for t in four.tables] == [t.section for t in one.tables] * 4
    assert four.tables[-1].line_end > len(four.lines) - len(one.lines) / 13


def test_the_section_lookup_agrees_with_path_at_on_every_line():
    for path in sorted(CORPUS.glob("*.txt")):
        doc = load_document(path)
        locate = section_locator(doc.sections)
        assert [locate(i) for i in range(-1, len(doc.lines) + 3)] == [
            path_at(doc.sections, i) for i in range(-1, len(doc.lines) + 3)], path.name


# ---------------------------------------------------------------- a clear limit on text size
def test_a_file_over_the_text_limit_is_reported_before_it_is_parsed(work):
    """15 copies of a budget (1.1 MB of text, under the 60 MB file limit): refused with the
    setting to change, announced before it is read; the other documents build."""
    corpus, index = work / "corpus", work / "index"
    shutil.move(repeated(work, 15), corpus / "huge-2025-budget.txt")
    said: list[str] = []
    report = build_index(corpus, index, progress=said.append)
    problem = {p["file"]: p["message"] for p in report["problems"]}["huge-2025-budget.txt"]
    assert "QA_MAX_TEXT_MB" in problem and "1.1 MB" in problem
    announced = next(i for i, line in enumerate(said) if "正在读取" in line and "huge-2025-budget.txt" in line)
    assert "跳过" in said[announced + 1]
    assert report["documents"] == 2


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_the_limit_counts_the_text_not_the_file(tmp_path, monkeypatch, encoding):
    """8 copies are 0.60 MB of UTF-8 text, and 0.50 MB as a GB18030 file: both over 0.55 MB."""
    monkeypatch.setenv("QA_MAX_TEXT_MB", "0.55")
    text = (CORPUS / f"{CENTER}.txt").read_text(encoding="utf-8")
    path = tmp_path / "eight.txt"
    path.write_bytes((text * 8).encode(encoding))
    with pytest.raises(DocumentError, match="QA_MAX_TEXT_MB"):
        load_document(path)
    path.write_bytes((text * 6).encode(encoding))
    assert len(load_document(path).tables) == 6 * len(load_document(CORPUS / f"{CENTER}.txt").tables)


@pytest.mark.parametrize("doc_id", [CENTER, TARGETS])
def test_an_upload_under_an_existing_id_is_refused_before_anything_changes(work, tmp_path, doc_id):
    corpus, index = work / "corpus", work / "index"
    upload = tmp_path / "upload" / f"{doc_id}.TXT"  # parses fine: only its id clashes
    upload.parent.mkdir()
    shutil.copy(corpus / f"{doc_id}.txt", upload)
    before = (sorted(p.name for p in corpus.iterdir()), resolve(index))
    with pytest.raises(DocumentError, match=f"{doc_id}.txt"):
        add_document(upload, corpus, index)
    assert (sorted(p.name for p in corpus.iterdir()), resolve(index)) == before


def test_the_app_follows_builds_run_beside_it(work):
    """Two `qa build`s outside the app remove the generation it loaded: its fact and document
    reads move to the current generation instead of failing."""
    from qa.web.engine import Engine

    corpus, index = work / "corpus", work / "index"
    engine = Engine(index, corpus)
    loaded = engine.current.generation
    full = len(engine.facts(doc=CENTER))
    for _ in range(2):
        build_index(corpus, index, progress=None)
    assert not loaded.exists()
    assert len(engine.facts(doc=CENTER)) == full
    assert engine.current.generation == resolve(index)
    assert engine.document(TARGETS).doc_id == TARGETS
