"""Question kinds are declared handlers: qa/lexicon/answer_kinds.json sets their order and
triggers, the answerer walks that order, and a malformed entry fails at load naming the
file and the key."""

from __future__ import annotations

import copy
import json

import pytest

from qa.answer.kinds import GROUPS, KINDS_FILE, KindError, load_kinds

# Both ask for a glossary entry with a list cue ("包括什么"): definition and listing both fire.
BOTH_KINDS = ["巴州人社局名词解释里财政专户管理资金包括什么", "昌吉州人社局2022年名词解释中一般公共预算包括什么"]


def _declared() -> dict:
    return json.loads(KINDS_FILE.read_text(encoding="utf-8"))


def _write(tmp_path, data: dict):
    path = tmp_path / "answer_kinds.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_answerer_walks_the_declared_order(answerer):
    declared = _declared()
    assert [k.name for k in answerer.kinds] == [e["name"] for e in declared["question_kinds"]]
    assert [k.name for k in answerer.figures.kinds] == [e["name"] for e in declared["fact_kinds"]]
    assert [k.order for k in answerer.kinds] == list(range(len(answerer.kinds)))


@pytest.mark.parametrize("question", BOTH_KINDS)
def test_reordering_the_file_reorders_the_walk(answerer, tmp_path, question):
    data = _declared()
    kinds = data["question_kinds"]
    names = [k["name"] for k in kinds]
    i, j = names.index("definition"), names.index("listing")
    assert i < j  # as declared: a glossary entry is its definition
    assert answerer.ask(question).intent == "definition"
    kinds[i], kinds[j] = kinds[j], kinds[i]
    swapped = copy.copy(answerer)
    swapped.kinds = load_kinds("question_kinds", _write(tmp_path, data))
    assert [k.name for k in swapped.kinds][i] == "listing"
    a = swapped.ask(question)
    assert a.status == "answered" and a.intent != "definition"


def _break(data: dict, group: str, index: int, key: str, value) -> dict:
    data = copy.deepcopy(data)
    data[group][index][key] = value
    return data


@pytest.mark.parametrize("group, index, key, value, named", [
    ("question_kinds", 1, "when", {"intents_any": ["defintion"]}, "question_kinds[1].when.intents_any"),
    ("question_kinds", 0, "name", "no_such_kind", "question_kinds[0].name"),
    ("fact_kinds", 2, "templates", ["no_such_template"], "fact_kinds[2].templates"),
    ("fact_kinds", 0, "when", {"aspect": ["change"]}, "fact_kinds[0].when"),
    ("question_kinds", 3, "when", {"intents_none": "count"}, "question_kinds[3].when.intents_none"),
    ("fact_kinds", 4, "words", {"per_what": "人"}, "fact_kinds[4].words.per_what"),
])
def test_a_malformed_entry_fails_at_load_naming_file_and_key(tmp_path, group, index, key, value, named):
    path = _write(tmp_path, _break(_declared(), group, index, key, value))
    with pytest.raises(KindError) as e:
        load_kinds(group, path)
    assert str(path) in str(e.value) and named in str(e.value)


def test_a_kind_declared_twice_or_a_missing_group_fails(tmp_path):
    data = _declared()
    data["fact_kinds"].append(data["fact_kinds"][0])
    with pytest.raises(KindError, match="declared twice"):
        load_kinds("fact_kinds", _write(tmp_path, data))
    del data["question_kinds"]
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(KindError, match="question_kinds"):
        load_kinds("question_kinds", _write(other, data))


def test_the_shipped_file_loads_and_every_group_ends_with_a_kind_that_always_fits():
    for group in GROUPS:
        kinds = load_kinds(group)
        last = kinds[-1].when
        assert not (last.intents_any or last.intents_none or last.aspects), group
