"""The catalog's lookups made once for a large corpus (qa/answer/resolve.py Catalog): which units
a name is checked against, documents by id, by region and by phrase, the units nearest a scope,
must give what the plain pass over every document gives, on the seeds + wild index (documents
naming an issuer, only a region, or nothing at all)."""

from __future__ import annotations

import re

from qa.answer.resolve import Scope, _by_unit, _closeness, _phrases
from qa.eval.gold import load_gold
from tests.conftest import ROOT

# Names of the catalog's docstrings: short forms, places before a unit, a slip, kinds, a unit
# speaking of itself, names fitting nothing.
NAMES = ["赫山区园区中心", "益阳赫山区园区中心", "三门县公按局", "人社中心", "社保局", "广东财政厅", "司法局", "成都",
         "甘南碌曲县公安局", "鄂州鄂城区", "凉山州", "北塔区政协", "区政协", "镇", "保健院", "政协", "我中心", "本园区",
         "巴州人社局", "昌吉州人社局", "人社服务中心", "公安局", "财政局", "教育局", "卫健委", "碌曲县公按局"]


def _names() -> list[str]:
    """NAMES and every run of 2-6 Chinese characters of the wild gold's first questions."""
    out = list(NAMES)
    for item in load_gold(ROOT / "tests" / "gold" / "wild.jsonl")[:60]:
        for run in re.findall(r"[\u4e00-\u9fff]+", item["question"]):
            out += [run[s:e] for s in range(len(run)) for e in range(s + 2, min(len(run), s + 6) + 1)]
    return list(dict.fromkeys(out))


def _fits_issuer_over_every_unit(catalog, name: str) -> bool:
    """Catalog.fits_issuer as a pass over one document of every unit."""
    from qa.answer import unit_kinds
    from qa.answer.question import normalize

    if name == unit_kinds.own():
        return True
    chars = normalize(name)
    if chars and not unit_kinds.is_kind(name) and any(chars in d.title_chars for d in catalog.docs):
        return True
    return any(catalog._fits(name, d) or catalog._slip_of(name, d) for d in catalog._of_each_unit())


def test_a_name_fits_an_issuer_as_checked_against_every_unit(wild_answerer):
    catalog = wild_answerer.catalog
    names = _names()
    fitting = [n for n in names if catalog.fits_issuer(n)]
    assert [n for n in names if _fits_issuer_over_every_unit(catalog, n)] == fitting
    assert len(names) > 1000 and 50 < len(fitting) < len(names) - 50  # names that fit, names that do not
    # Of the documents naming no unit, only those speaking as the name's kind are looked at.
    unnamed = {d.doc_id for d in catalog._unnamed()}
    assert unnamed and len(catalog._placed_units()) < len(catalog._of_each_unit())


def test_documents_by_id_region_and_phrase_as_a_pass_over_every_document(wild_answerer):
    from qa.answer.question import normalize

    catalog = wild_answerer.catalog
    docs = catalog.docs
    # Place forms are normalised once per place path, shared by its documents: each still its own.
    assert len({d.places for d in docs}) > 5
    assert all(sorted(d.place_forms) == sorted({normalize(f) for forms in d.places for f in forms}) for d in docs)
    assert all(catalog.get(d.doc_id) is d for d in docs) and catalog.get("no-such-document") is None
    regions = sorted({d.region for d in docs if d.region})
    assert len(regions) > 3
    for asked in [(r,) for r in regions] + [tuple(regions[:3]), ("", regions[-1]), ("不存在的地方",)]:
        assert catalog._in_regions(list(docs), asked) == [d for d in docs if d.region in asked]
    assert catalog.regions == {d.region for d in docs} and catalog.doc_years == {d.year for d in docs}
    for words in ("天府旅游名县创建完成后我们单位的项目支出", "三公经费", "公务接待费", "天府旅游名县"):
        owners = set()
        for phrase in _phrases(words):
            having = [d for d in docs if d.doc_id in catalog._texts.having(phrase)]
            if len(having) == 1:
                owners.add(having[0])
        one = owners.pop() if len(owners) == 1 else None
        assert catalog._by_phrase(docs, words) == ([one] if one and not (one.issuer or one.region) else docs)


def _closeness_over_every_document(docs, scope: Scope) -> int:
    """resolve._closeness as a pass over every document of a unit and every name of the scope."""
    from qa.answer import unit_kinds
    from qa.answer.question import normalize

    names = [normalize(n) for n in (*scope.unknown_units, *scope.regions, *scope.orgs)]
    asked_kinds = {unit_kinds.kind_of(n) for n in names} - {""}
    place = any(f in n for d in docs for f in d.place_forms if len(f) >= 2 for n in names)
    kind = bool(asked_kinds) and any(unit_kinds.issuer_of_kind(docs[0].issuer_chars, k) for k in asked_kinds)
    return 3 * place + 2 * kind + any(d.year in scope.years for d in docs)


def test_the_units_nearest_a_scope_as_closeness_over_every_document(wild_answerer):
    catalog = wild_answerer.catalog
    by_unit = _by_unit([d for d in catalog.docs if d.issuer])
    for scope in (Scope(unknown_units=("碌曲县公安局",)), Scope(regions=("鄂州市",), years=(2022,)),
                  Scope(orgs=("财政局",)), Scope(unknown_units=("三门县人社局",), years=(2021,)),
                  Scope(unknown_units=("保健院",)), Scope(unknown_units=("赫山区园区中心",), years=(2023,))):
        assert all(_closeness(docs, scope) == _closeness_over_every_document(docs, scope) for docs in by_unit.values())
        names = list(by_unit)
        names.sort(key=lambda u: -_closeness_over_every_document(by_unit[u], scope))
        shown = catalog.units(scope)
        assert shown.startswith("、".join(names[:6]))
