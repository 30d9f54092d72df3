"""The answerer at many disclosures: its start reads no document (what the catalog checks in
documents' texts comes from catalog.sqlite, written once at build; a document's lines are read
when a citation needs them), and answers exactly as when every text was read at start."""

from __future__ import annotations

import math
import shutil

import pytest

from qa.answer import Answerer, Session, wide
from qa.answer.answerer import _texts_of
from qa.answer.catalog_index import CATALOG_FILE, ENTRY_FIELDS, CatalogIndex
from qa.answer.compose import say
from qa.answer.question import normalize, parse_question
from qa.answer.resolve import UNITS_SHOWN, Catalog, unit_of
from qa.build import build_index, read_manifest
from qa.eval.gold import load_gold
from qa.indexdir import resolve
from qa.jsonout import answer_json
from tests.conftest import CORPUS, ROOT
from tests.test_facts_extract import CENTER


@pytest.mark.slow  # builds the seed index (session fixture)
def test_a_fresh_answerer_reads_no_document_at_start_and_still_answers(built_index):
    a = Answerer.load(built_index)
    assert a.keys is not None  # the build wrote the catalog index
    assert (a.documents.loads, a.keys.reads, a.facts.loads) == (0, 0, 0)
    assert len(a.documents) == len(read_manifest(built_index)["documents"]) == 5
    answer = a.ask("2025年服务中心三公经费是多少")
    assert (answer.status, answer.value) == ("answered", 2.28)
    assert a.documents.loaded == [CENTER] and a.facts.loaded == [CENTER]  # the one document cited


def _as_before(a: Answerer, generation) -> Answerer:
    """The same loaded index answered the way the answerer did before catalog.sqlite: every
    document's text read and held at start."""
    manifest = read_manifest(generation)
    return Answerer(Catalog.from_manifest(manifest, _texts_of(a.documents)), a.facts, a.documents, a.searcher,
                    manifest.get("audit", []), None, a.world_places)


@pytest.mark.slow  # builds the seeds + wild index (session fixture)
def test_the_catalog_index_answers_the_wild_gold_as_texts_in_memory(wild_index):
    a = Answerer.load(wild_index)
    a.phraser = None
    before = _as_before(a, resolve(wild_index))
    sessions: dict[str, tuple[Session, Session]] = {}
    for item in load_gold(ROOT / "tests" / "gold" / "wild.jsonl"):
        pair = sessions.get(item.get("followup_of") or "", (Session(), Session()))
        sessions[item["id"]] = pair
        got, want = (answer_json(x.ask(item["question"], s)) for x, s in zip((a, before), pair, strict=True))
        assert got | {"ms": 0} == want | {"ms": 0}, item["id"]
    assert 0 < a.keys.reads < len(a.documents)  # a few texts were read, for the documents a check needed


def test_the_catalog_index_follows_the_corpus_build_by_build(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    held = tmp_path / f"{CENTER}.txt"
    shutil.move(corpus / f"{CENTER}.txt", held)
    build_index(corpus, index, progress=None, embed=False)
    phrase = normalize("人力资源和社会保障服务中心2025年")
    assert CENTER not in CatalogIndex.open(resolve(index)).having(phrase)
    shutil.move(held, corpus / f"{CENTER}.txt")
    build_index(corpus, index, progress=None, embed=False)  # the other four carried over
    added = CatalogIndex.open(resolve(index))
    assert CENTER in added.having(phrase) and len(added.having("")) == 5
    assert "2025年" in added.text(CENTER)
    manifest = read_manifest(index)  # the answerer reads its entries and findings from the catalog index
    assert added.entries() == [{k: e.get(k) for k in ENTRY_FIELDS} for e in manifest["documents"]]
    assert list(added.findings(CENTER)) == [f for f in manifest["audit"] if f["doc"] == CENTER]
    ids = sorted(added.having(""))
    scored = added.scores(["三公"], ids)  # the documents with a fact named with 三公, a key shared by most
    assert CENTER in scored and list(scored.values()) == pytest.approx([math.log1p(5 / len(scored))] * len(scored))
    assert added.scores(["三公", "\x00辆"], ids)[CENTER] > scored[CENTER] and added.scores(["乙丙"], ids) == {}
    (corpus / f"{CENTER}.txt").unlink()
    build_index(corpus, index, progress=None, embed=False)
    removed = CatalogIndex.open(resolve(index))
    assert CENTER not in removed.having(phrase) and removed.text(CENTER) == ""


def test_an_index_built_before_the_catalog_index_still_answers(tmp_path, built_index):
    old = tmp_path / "index"
    shutil.copytree(resolve(built_index), old)
    (old / CATALOG_FILE).unlink()
    a = Answerer.load(old)
    assert a.keys is None and a.documents.loads == 5  # every text read at start, as before
    assert a.ask("2025年服务中心三公经费是多少").value == 2.28


# Questions naming no unit: their scope is every document of the index.
WIDE = ["三公经费是多少", "公务接待费多少", "四级联动视频会议系统项目资金", "公务用车有几辆", "一般公共预算收入", "收入总计多少"]
FOUR_LEVEL = ["changji-hrss-bureau-2022-budget", "changji-hrss-bureau-2023-final-accounts", CENTER]
EZHOU = "ezhou-2022-project-perf-targets"


def _cited(a) -> set[str]:
    return {c.doc for c in a.citations}


@pytest.mark.slow  # builds the seeds + wild index (session fixture)
def test_candidates_chosen_store_side_answer_wide_questions_as_every_document_ranked(wild_index):
    every = Answerer.load(wild_index)  # 45 documents, under wide.BOUND: every one's facts ranked
    chosen = Answerer.load(wild_index)
    chosen.wide_bound = 24  # past it: the candidates the catalog index offers are ranked
    assert chosen.wide_bound < len(every.catalog.docs) <= wide.BOUND
    for question in WIDE:
        assert answer_json(chosen.ask(question)) | {"ms": 0} == answer_json(every.ask(question)) | {"ms": 0}, question
    fresh = Answerer.load(wild_index)
    fresh.wide_bound = 24
    assert fresh.ask("四级联动视频会议系统项目资金").status == "answered"
    assert sorted(fresh.facts.loaded) == FOUR_LEVEL  # the three documents naming that project, no other


@pytest.mark.slow
def test_a_rare_name_is_answered_from_its_one_candidate(wild_index):
    a = Answerer.load(wild_index)
    a.wide_bound = 24
    answer = a.ask("重要设备维修维保验收合格率指标值")
    assert (answer.status, answer.value, _cited(answer)) == ("answered", 95.0, {EZHOU}), answer.answer
    assert a.facts.loaded == [EZHOU]


@pytest.mark.slow
def test_more_units_than_the_bound_get_the_ambiguity_answer_without_reading_them_all(wild_index):
    a = Answerer.load(wild_index)
    a.wide_bound = 8
    question = "三公经费是多少"
    fitting = wide.choose(a.keys, parse_question(question), None, a.catalog.docs, 8).fitting
    answer = a.ask(question)
    assert answer.status == "ambiguous" and len(answer.candidates) == UNITS_SHOWN
    assert answer.answer.endswith(say("ambiguous", candidates="；".join(answer.candidates)
                                      + say("docs_more", count=len(fitting))))
    named = [d for d in fitting if d.label in answer.candidates]
    assert len({unit_of(d) for d in named}) == UNITS_SHOWN  # a few units, each once
    assert 0 < a.facts.loads <= wide.RANKED < len(fitting)  # only the best candidates' facts read
    every = Answerer.load(wild_index).ask(question)  # the same question under the bound: every fitting document named
    assert every.status == "ambiguous" and set(answer.candidates) <= set(every.candidates)
