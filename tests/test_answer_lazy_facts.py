"""The answerer reads a document's facts from the store when a question first needs it (a
bounded LRU of prepared documents), and answers exactly as with every fact in memory; rank
scores only the facts its bigram index offers, which are all those that could match."""

from __future__ import annotations

import pytest

from qa.answer import Answerer, Session
from qa.answer.lookup import FactIndex, _asked_unit, _bigrams, _entries, _score, _unit_match, fact_loader
from qa.answer.question import norm_name, parse_question
from qa.build import read_manifest
from qa.eval.gold import load_gold
from qa.facts import open_store
from qa.indexdir import resolve
from qa.jsonout import answer_json
from tests.conftest import ROOT
from tests.test_facts_extract import BAYINGOL_24, CENTER, CHANGJI_23, loaded


def _with_facts(a: Answerer, facts: FactIndex, generation) -> Answerer:
    """An answerer over the same loaded index as `a` with another FactIndex."""
    return Answerer(a.catalog, facts, a.documents, a.searcher, read_manifest(generation).get("audit", []),
                    None, a.world_places)


@pytest.mark.slow  # builds the seed index (session fixture)
def test_only_the_documents_asked_about_are_read(built_index):
    a = Answerer.load(built_index)
    assert a.facts.loaded == [] and a.facts.loads == 0  # nothing read at start
    first = a.ask("2025年服务中心三公经费是多少")
    assert (first.status, first.value) == ("answered", 2.28)
    assert a.facts.loaded == [CENTER]
    second = a.ask("巴州人社局2024年三公经费预算是多少")
    assert second.status == "answered" and second.citations[0].doc == BAYINGOL_24
    assert a.facts.loaded == [CENTER, BAYINGOL_24]  # the other three documents were never read
    third = a.ask("2025年服务中心三公经费是多少")  # asked again: from memory
    assert a.facts.loads == 2 and answer_json(third) | {"ms": 0} == answer_json(first) | {"ms": 0}


@pytest.mark.slow
def test_answers_match_all_facts_in_memory_with_documents_evicted(built_index):
    generation = resolve(built_index)
    a = Answerer.load(built_index)
    store = open_store(generation / "facts.sqlite", readonly=True)
    lazy = _with_facts(a, FactIndex(fact_loader(store, a.documents), capacity=1), generation)
    eager = _with_facts(a, FactIndex.of(store.query()), generation)
    items = load_gold(ROOT / "tests" / "gold" / "gold.jsonl")
    sessions: dict[str, tuple[Session, Session]] = {}
    for item in items:
        pair = sessions.get(item.get("followup_of") or "", (Session(), Session()))
        sessions[item["id"]] = pair
        got, want = (answer_json(x.ask(item["question"], s)) for x, s in zip((lazy, eager), pair, strict=True))
        assert got | {"ms": 0} == want | {"ms": 0}, item["id"]
    assert len(lazy.facts.loaded) == 1 and lazy.facts.loads > len(a.documents)  # evicted and read again


@pytest.mark.parametrize("question", ["2025年服务中心三公经费是多少", "公务用车有几辆", "各类人事考试工作经费的指标值是多少",
                                      "四级联动视频会议系统项目资金", "2023年机关运行经费比上年增加多少"])
def test_the_bigram_index_offers_every_fact_that_could_match(question):
    q = parse_question(question)
    text, unit = norm_name(q.residue), _asked_unit(q.text)
    qgrams, matched = _bigrams(text), 0
    for doc_id in (CENTER, CHANGJI_23):
        index = FactIndex.of(loaded(doc_id)[1])
        offered = {id(e) for e in index.doc(doc_id).sharing(qgrams, unit)}
        matching = [e for e in index.entries(doc_id)
                    if (e.grams & qgrams and _score(e, text, qgrams)) or _unit_match(e, text, unit)]
        assert all(id(e) in offered for e in matching)
        assert len(offered) < len(index.entries(doc_id))  # and it leaves the rest unscored
        matched += len(matching)
    assert matched  # the question does match facts
    assert len(_entries(list(loaded(CENTER)[1]))) == len(loaded(CENTER)[1])
