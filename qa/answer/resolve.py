"""Which disclosures a question is about.

The catalog is the manifest of the built index (one entry per document: issuer,
region, year, doc type, title). `Catalog.select` narrows it by what the question
names; `Catalog.describe` words the asked-for scope when nothing fits, so a
not_found answer can say which disclosures do exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Protocol

from qa import lexicon
from qa.answer import typos, unit_kinds
from qa.answer.compose import say, wording
from qa.answer.question import CJK, holds_metric_name, in_metric_names, normalize, own_level_after
from qa.types import DOC_TYPE_LABELS


@dataclass(frozen=True)
class DocInfo:
    """What the manifest says about one document."""

    doc_id: str
    title: str
    issuer: str
    region: str
    year: int | None
    doc_type: str
    # The forms of each place of the region path, province first (("四川", "四川省"), ("凉山", "凉山州", …)).
    places: tuple[tuple[str, ...], ...] = ()

    @cached_property  # asked at every question of every document: normalised once
    def place_forms(self) -> tuple[str, ...]:
        """Every form of every place the document is from, longest first."""
        return _place_forms(self.places)

    @cached_property
    def issuer_chars(self) -> str:
        """The issuer normalised."""
        return normalize(self.issuer)

    @cached_property
    def issuer_wholes(self) -> tuple[str, ...]:
        """The issuer's name normalised, without and with its region before it."""
        return tuple(normalize(d) for d in (self.issuer, self.region + self.issuer) if d)

    @cached_property
    def title_chars(self) -> str:
        """The title normalised."""
        return normalize(self.title)

    @property
    def unit_key(self) -> tuple:
        """What every check of a document against a unit's name reads, but its title: its
        issuer and places; a document naming no issuer is checked by its own text."""
        return (self.issuer, self.region, self.places) if self.issuer else (self.doc_id,)

    @property
    def label(self) -> str:
        """Title as published, or issuer + year + type when the title is missing."""
        return self.title or f"{self.issuer}{self.year or ''}年{DOC_TYPE_LABELS.get(self.doc_type, '')}"


@lru_cache(maxsize=1 << 12)  # the documents of one place share its forms: normalised once, not per document
def _place_forms(places: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(sorted({normalize(f) for forms in places for f in forms}, key=len, reverse=True))


@dataclass(frozen=True)
class Scope:
    """The constraints a question (plus its conversation) puts on documents (immutable:
    `replace(scope, years=())` makes a changed copy)."""

    regions: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_type: str | None = None
    unknown_units: tuple[str, ...] = ()
    unknown_years: tuple[str, ...] = ()  # "9999", "2025.5": no document has them
    figures: tuple[str, ...] = ()  # "4143.91": figures the question quotes (`quoted_figures`)
    words: str = ""  # what the question asks about, issuer and years blanked (Question.residue)

    def __post_init__(self):
        for name in ("regions", "orgs", "years", "unknown_units", "unknown_years", "figures"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def copy(self) -> Scope:
        return self

    @property
    def names_unit(self) -> bool:
        return bool(self.regions or self.orgs or self.unknown_units)


# performance-target and self-evaluation tables also appear inside budget and final-accounts
# disclosures, so asking for 绩效目标 or 绩效自评 narrows to those documents only when one exists.
_SOFT_TYPES = {"performance_targets", "performance_self_evaluation"}
# How far past a place or issuer a name may go on ("六安" + "工商联").
MAX_NAME_TAIL = 12
# How long a name a document naming no unit speaks as may be ("益阳赫山区园区中心").
MAX_SPOKEN = 16
# A phrase shorter than this is no index lookup (the catalog index matches trigrams).
SHORT_PHRASE = 3
# How many units or documents a refusal names (the nearest first), before saying how many there are.
UNITS_SHOWN = 6


def _words() -> dict:
    return lexicon.load("scope")


def _reports_back_to(doc: DocInfo, year: int) -> bool:
    """True when the document is of a kind that reports figures of `year`, an earlier year."""
    reports = _words()["previous_year_reported_in"]
    return bool(doc.year) and any(of_type(doc, k) and 0 < doc.year - year <= back for k, back in reports.items())


def _closeness(docs: list[DocInfo], scope: Scope, forms: tuple[str, ...] | None = None) -> int:
    """How near one unit's documents are to the asked scope: the place (3), the kind of
    unit (2) and a year (1) they share with it. `forms`: their place forms of two characters
    or more, when known."""
    names, asked_kinds = _asked_names(scope)
    issuer = docs[0].issuer_chars
    if forms is None:
        forms = tuple(f for d in docs for f in d.place_forms if len(f) >= 2)
    place = any(f in n for f in forms for n in names)
    kind = bool(asked_kinds) and any(unit_kinds.issuer_of_kind(issuer, k) for k in asked_kinds)
    year = any(d.year in scope.years for d in docs)
    return 3 * place + 2 * kind + year


@lru_cache(maxsize=64)  # a refusal weighs every unit of the corpus against one scope
def _asked_names(scope: Scope) -> tuple[tuple[str, ...], frozenset[str]]:
    """The unit, place and department names a scope gives, normalised, and the kinds of unit they name."""
    names = tuple(normalize(n) for n in (*scope.unknown_units, *scope.regions, *scope.orgs))
    return names, frozenset(unit_kinds.kind_of(n) for n in names) - {""}


def _placed_words(rest: str, text: str) -> bool:
    """`rest` is a place the text names followed by words the text holds ("赫山区" + "园区",
    "赫山" + "园区", "益阳赫山区" + "园区" in a text naming 益阳市赫山区 and 本园区)."""
    return any(rest[i:] in text and _names_place(rest[:i], text) for i in range(2, len(rest) + 1))


def _names_place(place: str, text: str) -> bool:
    """The text names `place` as a place, each part with or without its level (益阳赫山 in
    益阳市赫山区): the place ends with a level character, written or in the text after it."""
    ends = _words()["place_ends"]
    level = f"[{re.escape(ends)}]"
    pattern = "".join(re.escape(c) + f"{level}?" for c in place[:-1]) + re.escape(place[-1])
    return bool(re.search(pattern + ("" if place[-1] in ends else level), text))


def labels(docs: list[DocInfo], sep: str = "、", shown: int = UNITS_SHOWN) -> str:
    """The first few documents' labels, and how many there are when more ("…等45份")."""
    more = say("docs_more", count=len(docs)) if len(docs) > shown else ""
    return sep.join(d.label for d in docs[:shown]) + more


def _figure_forms(figure: str) -> set[str]:
    """A figure as documents write it: 4143.91 and 4,143.91."""
    whole, _, frac = figure.partition(".")
    return {figure, f"{int(whole):,}.{frac}"}


def _states(text: str, figure: str) -> bool:
    return any(re.search(f"(?<![\\d.,]){re.escape(f)}(?!\\d)", text) for f in _figure_forms(figure))


# A phrase this long that only one document has names it.
PHRASE_CHARS = 5
# A phrase shorter than this must hold no piece of a metric's name either ("公经费预算").
LONG_PHRASE = 6


def _phrases(words: str) -> set[str]:
    """Every run of PHRASE_CHARS Chinese characters in the question's words that holds no
    metric's name, and if shorter than LONG_PHRASE no piece of one either (those a document words
    its own way: "行政运行支出", "公经费预算" are no document's name)."""
    runs = re.findall(f"[{CJK}]{{{PHRASE_CHARS},}}", words)
    windows = {r[i:i + n] for n in (PHRASE_CHARS, LONG_PHRASE) for r in runs for i in range(len(r) - n + 1)}
    return {w for w in windows if not holds_metric_name(w) and not (len(w) < LONG_PHRASE and _part_of_metric_name(w))}


def _part_of_metric_name(window: str) -> bool:
    """True when three characters of `window` stand in a metric's name ("公经费预算": 三公经费)."""
    return any(in_metric_names(window[i:i + 3]) for i in range(len(window) - 2))


def _names_by_name(scope: Scope) -> bool:
    """True when the scope names a unit or place by name (not only 本部门)."""
    return bool(scope.regions or scope.orgs or [u for u in scope.unknown_units if u != unit_kinds.own()])


def unit_of(doc: DocInfo) -> str:
    """The unit a document is of: its issuer, else its region; a document naming neither is a unit of its own."""
    return doc.issuer or doc.region or doc.doc_id


def _by_unit(docs: list[DocInfo]) -> dict[str, list[DocInfo]]:
    """Documents grouped by unit (`unit_of`)."""
    out: dict[str, list[DocInfo]] = {}
    for d in docs:
        out.setdefault(unit_of(d), []).append(d)
    return out


def of_common_units(side_docs: list[list[DocInfo]]) -> list[list[DocInfo]]:
    """Each side's documents of the units every side has: years compared with no unit
    named are one unit's years ("我们单位2022年收入比2021年少多少"), never two units'."""
    common = set.intersection(*({unit_of(d) for d in docs} for docs in side_docs)) if side_docs else set()
    return [[d for d in docs if unit_of(d) in common] for docs in side_docs]


_normalized = lru_cache(maxsize=1 << 14)(normalize)  # a name is checked against every unit of the corpus


def _once_per_unit(fit):
    """`fit(name, doc)` computed once per unit (DocInfo.unit_key) and title holding the name or
    not: all it reads of a document (one naming no issuer is a unit of its own)."""
    memo: dict[tuple, bool] = {}

    def fitted(name: str, doc: DocInfo) -> bool:
        key = (name, doc.unit_key, _normalized(name) in doc.title_chars)
        if key not in memo:
            memo[key] = fit(name, doc)
        return memo[key]

    return fitted


def fits(name: str, doc: DocInfo) -> bool:
    """True when `name` could be a short form of the document's issuer: its characters stand
    in that order in the issuer's name, with or without its region ("人社中心", "社保局",
    "广东财政厅"; not "司法局", "成都"), after any of the places the document is from
    ("甘南碌曲县公安局", "鄂州鄂城区", "凉山州"), or it stands in the title."""
    chars = _normalized(name)
    if not chars:
        return False
    if _in_order(chars, doc) or chars in doc.title_chars:
        return True
    rest = _without_places(chars, doc)
    if rest != chars and (not rest or _in_order(rest, doc)):
        return True
    return _placed_generic(chars, doc)


def _in_order(chars: str, doc: DocInfo) -> bool:
    """`chars` stand in that order in the issuer's name, with or without its region."""
    for whole in doc.issuer_wholes:
        rest = iter(whole)
        if all(c in rest for c in chars):
            return True
    return False


def _issuer_forms(doc: DocInfo) -> tuple[str, ...]:
    """The issuer as written and without its leading places ("天台完全小学" of 重庆市梁平区明达镇
    天台完全小学), unless that leaves only a kind of unit ("公安局" names no one unit)."""
    full = normalize(doc.issuer)
    bare = _without_places(full, doc)
    return (full, bare) if len(bare) >= 4 and bare != full and not unit_kinds.is_kind(bare) else (full,)


def _at_own_place(docs: list[DocInfo], names: list[str]) -> list[DocInfo]:
    """A place named alone ("鄂州…") is the unit of that place (鄂州市's document), not one of
    the places under it (鄂城区 of 鄂州市), when a document of that place itself fits."""
    for name in map(normalize, names):
        own = [d for d in docs if d.places and name in map(normalize, d.places[-1])]
        if own:
            docs = [d for d in docs if d in own or name not in d.place_forms]
    return docs


def _without_places(chars: str, doc: DocInfo) -> str:
    """`chars` without the document's own places written at its start, one after another."""
    forms = doc.place_forms
    while True:
        form = next((f for f in forms if chars.startswith(f)), None)
        if form is None:
            return chars
        chars = chars[len(form):]


def _placed_generic(chars: str, doc: DocInfo) -> bool:
    """A document from no known place whose issuer is a level's generic name ("区政协"): a
    question may put the place before it ("北塔区政协")."""
    issuer = doc.issuer_chars
    return bool(issuer) and not doc.region and len(chars) > len(issuer) and chars.endswith(issuer)


def of_type(doc: DocInfo, doc_type: str) -> bool:
    """True when the document is a disclosure of that type, or a narrower kind of it
    (sangong_final_accounts is a final_accounts disclosure of 三公经费 only)."""
    return doc.doc_type == doc_type or doc.doc_type.endswith("_" + doc_type)


def names_in(text: str, name_end) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names in `text`, left to right: at each position,
    `name_end(text, at)` is where a name starting there ends (None: none starts there)."""
    out: list[tuple[int, int, str]] = []
    at = 0
    while at < len(text):
        end = name_end(text, at)
        if end is None:
            at += 1
            continue
        out.append((at, end, text[at:end]))
        at = end
    return out


def longest_form(text: str, at: int, is_form, longest: int) -> int | None:
    """The end of the longest form (2+ characters, `is_form(text, at, end)`) starting at `at`."""
    return next((e for e in range(min(len(text), at + longest), at + 1, -1) if is_form(text, at, e)), None)


@dataclass(frozen=True)
class WorldPlaces:
    """Every place of China a question may name (places.json): full names, and short forms
    that count only where a name starts (after a year, 的, punctuation or at the start):
    "2024年北京…" names 北京, "…支出中卫生健康支出" does not name 中卫."""

    names: frozenset[str] = frozenset()
    short: frozenset[str] = frozenset()

    def mentions(self, text: str, longest: int = 16) -> list[tuple[int, int, str]]:
        """(start, end, form) of the place names in `text`, longest first at each position."""
        if not (self.names or self.short):
            return []
        return names_in(text, lambda t, at: longest_form(t, at, self._names, longest))

    def _names(self, text: str, s: int, e: int) -> bool:
        form = text[s:e]
        return form in self.names or (form in self.short and (s == 0 or text[s - 1] in _NAME_STARTS
                                                               or not "\u4e00" <= text[s - 1] <= "\u9fff"))


_NAME_STARTS = lexicon.load("questions")["short_name_starts"]["chars"]


class DocTexts(Protocol):
    """What the catalog asks of the documents' normalised texts (qa/answer/catalog_index.py
    answers from the index, `TextsInMemory` from texts in memory)."""

    def text(self, doc_id: str) -> str:
        """The normalised text of one document ("" when unknown)."""

    def having(self, phrase: str) -> frozenset[str]:
        """The ids of the documents whose normalised text contains `phrase`."""


class TextsInMemory:
    """DocTexts over normalised texts held in memory (an index built before catalog.sqlite)."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts

    def text(self, doc_id: str) -> str:
        return self._texts.get(doc_id, "")

    def having(self, phrase: str) -> frozenset[str]:
        return frozenset(d for d, t in self._texts.items() if phrase in t)


class Catalog:
    """The documents of an index and the words that identify them."""

    def __init__(self, docs: list[DocInfo], texts: DocTexts | dict[str, str] | None = None):
        self.docs = sorted(docs, key=lambda d: (d.year or 0, d.doc_id))
        self._texts = TextsInMemory(texts or {}) if texts is None or isinstance(texts, dict) else texts
        self._forms: frozenset[str] | None = None
        self._joined_titles: str | None = None
        self._units: list[DocInfo] | None = None
        self._speaking: dict[str, frozenset[str]] = {}  # kind -> documents speaking of themselves so
        self._unnamed_docs: list[DocInfo] | None = None
        # Asked at every question: made once, not by a pass over every document.
        self._by_id = {d.doc_id: d for d in reversed(self.docs)}
        self.regions = frozenset(d.region for d in self.docs)
        self.doc_years = frozenset(d.year for d in self.docs)  # None for a document without a year
        self.year_list = tuple(sorted(y for y in self.doc_years if y))  # the corpus's years, oldest first
        self.newest_year = self.year_list[-1] if self.year_list else None
        self._issuer_units: dict[str, tuple[list[DocInfo], tuple[str, ...]]] | None = None
        self._placed: list[DocInfo] | None = None
        self._region_rows: dict[str, list[int]] | None = None
        self._newest_first: list[DocInfo] | None = None

    @classmethod
    def from_manifest(cls, manifest: dict, texts: DocTexts | dict[str, str] | None = None) -> Catalog:
        """Catalog of the `documents` entries of index/manifest.json."""
        docs = [
            DocInfo(e["doc"], e.get("title", ""), e.get("issuer", ""), e.get("region", ""),
                    e.get("year"), e.get("doc_type", ""), tuple(tuple(f) for f in e.get("places", [])))
            for e in manifest.get("documents", [])
        ]
        return cls(docs, texts)

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every unit or place of the catalog's own documents that
        `text` (normalized) names: a place form of a document's region path or an issuer,
        continued while it still fits a document ("六安工商联", "甘南碌曲县公安局", "凉山州")."""
        forms = self._name_forms()
        longest = max(map(len, forms), default=0)
        spoken = self._spoken_kind_ends(text)

        def name_end(t: str, at: int) -> int | None:
            end = longest_form(t, at, lambda tx, s, e: tx[s:e] in forms, longest)
            return self._spoken_end(t, at, spoken) if end is None else self._continued(t, at, end)

        return names_in(text, name_end)

    def _continued(self, text: str, start: int, end: int) -> int:
        """The furthest end, at least two characters on, up to which the name still fits a
        document; `end` when none does, or when the region's own level follows ("红河县本级…")."""
        if own_level_after(text, end):
            return end
        best = end
        for stop in range(end + 2, min(len(text), end + MAX_NAME_TAIL) + 1):
            tail = text[end:stop]
            if not re.fullmatch(f"[{CJK}]+", text[start:stop]) or holds_metric_name(tail) or in_metric_names(tail):
                break  # a name never runs on into what is asked ("…学院政府采购工程支出")
            if self.fits_issuer(text[start:stop]):
                best = stop
        return best

    def _name_forms(self) -> frozenset[str]:
        """Every place form and issuer of the catalog (2+ characters)."""
        if self._forms is None:
            self._forms = frozenset(f for d in self.docs for f in (*d.place_forms, *_issuer_forms(d)) if len(f) >= 2)
        return self._forms

    def get(self, doc_id: str) -> DocInfo | None:
        return self._by_id.get(doc_id)

    def known_phrase(self, phrase: str) -> bool:
        """True when `phrase` occurs in some document: then it is not a foreign unit's name."""
        return bool(self._texts.having(normalize(phrase)))

    def names_with(self, phrase: str, word: str, full: str) -> bool:
        """True when `phrase`, which starts with the issuer word `word` (an alias of `full`),
        occurs in some document other than as the tail of `full` itself: the word is then
        part of a name there ("人社局劳动保障大厦维修经费"), not the issuer writing
        "…服务中心政府采购预算"."""
        p, w, f = normalize(phrase), normalize(word), normalize(full)
        having = self._texts.having(p)
        # Only where the text before `word` could complete `full` must each occurrence be looked at.
        before = f[:len(f) - len(w)] if f.endswith(w) else None
        if before is None or having - self._texts.having(before + p):
            return bool(having)
        for doc_id in having:
            t = self._texts.text(doc_id)
            at = t.find(p)
            while at >= 0:
                if t[max(0, at + len(w) - len(f)):at + len(w)] != f:
                    return True
                at = t.find(p, at + 1)
        return False

    def foreign_units(self, scope: Scope) -> list[str]:
        """Unit names the question uses that fit no issuer of the corpus."""
        return [u for u in scope.unknown_units if not self.fits_issuer(u)]

    def fits_issuer(self, name: str) -> bool:
        """True when `name` could be a short form of some document's issuer, is a kind of
        unit some document is of, or is an issuer's name with a slip ("三门县公按局")."""
        if name == unit_kinds.own():
            return True
        chars = normalize(name)
        # `fits` by a title holding the name: any title will do; the other checks read only the
        # issuer and places, alike for every document of a unit (DocInfo.unit_key).
        if chars and not unit_kinds.is_kind(name) and chars in self._titles():
            return True
        return any(self._fits(name, d) or self._slip_of(name, d) for d in self._units_for(name))

    def _units_for(self, name: str) -> Iterator[DocInfo]:
        """The units (one document of each) `name` may fit in fits_issuer: every one for a kind
        of unit; else those naming an issuer, a region or places, then of the documents naming
        none only those speaking of themselves as the name's kind (`_speaks_as`: all such a
        document can fit by, its title aside, which fits_issuer has looked at)."""
        if unit_kinds.is_kind(name):
            yield from self._of_each_unit()
            return
        yield from self._placed_units()
        kind, _rest = unit_kinds.split_kind(_normalized(name))
        if kind:
            yield from (self._by_id[doc_id] for doc_id in sorted(self._self_named(kind)))

    def _placed_units(self) -> list[DocInfo]:
        """One document of each issuer, region and places some document names: all that its
        `_fits` and `_slip_of` read of a document naming an issuer or a region, the title aside
        (a document of a region naming no issuer is a unit of its own in _of_each_unit)."""
        if self._placed is None:
            placed = [d for d in self._of_each_unit() if d.issuer or d.region or d.places]
            self._placed = list({(d.issuer, d.region, d.places) if d.issuer or d.region else d.doc_id: d
                                 for d in reversed(placed)}.values())[::-1]
        return self._placed

    def _titles(self) -> str:
        if self._joined_titles is None:
            self._joined_titles = "\n".join(d.title_chars for d in self.docs)
        return self._joined_titles

    def _of_each_unit(self) -> list[DocInfo]:
        """One document of each DocInfo.unit_key."""
        if self._units is None:
            self._units = list({d.unit_key: d for d in reversed(self.docs)}.values())[::-1]
        return self._units

    def _slip_of(self, name: str, doc: DocInfo) -> bool:
        """`name` is the document's issuer, with or without its places, written with one slip."""
        issuer = doc.issuer_chars
        if not issuer:
            return False
        n = _normalized(name)
        return any(typos.slip(a, b) for a in {n, _without_places(n, doc)} for b in {issuer, _without_places(issuer, doc)})

    def _fits(self, name: str, doc: DocInfo) -> bool:
        """`fits`, or for a kind of unit ("镇", "保健院", "政协"): the document is of that kind."""
        if unit_kinds.is_kind(name):
            return self.of_kind(doc, name)
        return fits(name, doc) or self._speaks_as(doc, name)

    def _unnamed_fits(self, doc: DocInfo, scope: Scope) -> bool:
        """A document naming no unit fits a scope naming only kinds or names it speaks as."""
        return not (scope.regions or scope.orgs) and all(
            self.of_kind(doc, u) if unit_kinds.is_kind(u) else self._speaks_as(doc, u)
            for u in scope.unknown_units if u != unit_kinds.own())

    def _speaks_as(self, doc: DocInfo, name: str) -> bool:
        """A document naming neither issuer nor place may be the unit `name` (place, words,
        kind: "赫山区园区中心", "益阳赫山区园区中心") when its text names that place and those
        words and speaks of itself as that kind ("我中心…本园区…益阳市赫山区财政局"); never for
        a name it quotes whole."""
        if doc.issuer or doc.region:
            return False
        n = _normalized(name)
        kind, rest = unit_kinds.split_kind(n)
        if not kind or doc.doc_id not in self._self_named(kind):
            return False
        text = self._texts.text(doc.doc_id)
        return n not in text and _placed_words(rest, text)

    def _self_named(self, kind: str) -> frozenset[str]:
        """The documents naming no unit whose text speaks of itself as a unit of the kind ("我中心",
        "我局"): a word of three or more characters is looked up in the index, a shorter one
        (a full-text scan there) in those documents' own texts."""
        if kind not in self._speaking:
            words = unit_kinds.self_names(kind)
            unnamed = {d.doc_id for d in self._unnamed()}
            found = frozenset().union(*(self._texts.having(w) for w in words if len(w) >= SHORT_PHRASE))
            short = [w for w in words if len(w) < SHORT_PHRASE]
            rest = {d for d in unnamed - found if any(w in self._texts.text(d) for w in short)}
            self._speaking[kind] = frozenset((found & unnamed) | rest)
        return self._speaking[kind]

    def _spoken_kind_ends(self, text: str) -> dict[int, list[DocInfo]]:
        """end -> the documents naming no unit that speak of themselves as a kind ending there."""
        out = {}
        for end, kinds in unit_kinds.kind_ends(text).items():
            speaking = frozenset().union(*(self._self_named(k) for k in kinds))
            if speaking:
                out[end] = [d for d in self._unnamed() if d.doc_id in speaking]
        return out

    def _spoken_end(self, text: str, at: int, spoken: dict[int, list[DocInfo]]) -> int | None:
        """The end of the longest name starting at `at` that a document naming no unit speaks
        as ("赫山区园区中心下设…": a place, words and the kind it calls itself by)."""
        for end in sorted((e for e in spoken if at + 4 <= e <= at + MAX_SPOKEN), reverse=True):
            name = text[at:end]
            if re.fullmatch(f"[{CJK}]+", name) and any(self._speaks_as(d, name) for d in spoken[end]):
                return end
        return None

    def _unnamed(self) -> list[DocInfo]:
        """The documents naming neither issuer nor place."""
        if self._unnamed_docs is None:
            self._unnamed_docs = [d for d in self.docs if not (d.issuer or d.region)]
        return self._unnamed_docs

    def of_kind(self, doc: DocInfo, kind: str) -> bool:
        """True when the document's issuer is of the kind; one naming no issuer, when its text
        names the kind ("我镇…", "…保健院住院楼"): never another named unit's document."""
        if doc.issuer:
            return unit_kinds.issuer_of_kind(doc.issuer_chars, kind)
        return unit_kinds.text_of_kind(self._texts.text(doc.doc_id), kind)

    def _fitting(self, docs: list[DocInfo], names) -> list[DocInfo]:
        """The documents of units no lexicon knows ("大英县司法局", "广东财政厅"): those every name
        fits, else (two units compared) those any name fits; only when none does, those whose
        issuer a name writes with a slip ("三门县公按局")."""
        for fit in map(_once_per_unit, (self._fits, lambda u, d: self._fits(u, d) or self._slip_of(u, d))):
            found = [d for d in docs if all(fit(u, d) for u in names)] or [d for d in docs if any(fit(u, d) for u in names)]
            if found:
                return found
        return []

    def select(self, scope: Scope, strict_type: bool = True) -> list[DocInfo]:
        """Documents fitting every constraint of `scope`; for "本部门…" those of the documents
        naming no unit that speak so, else of every document (the question names no unit)."""
        own = unit_kinds.own()
        if own not in scope.unknown_units:
            return self._select(scope, strict_type)
        unowned = replace(scope, unknown_units=tuple(u for u in scope.unknown_units if u != own))
        return self._quoted(unowned, strict_type) or self._select(scope, strict_type) or self._select(unowned, strict_type)

    def _quoted(self, scope: Scope, strict_type: bool) -> list[DocInfo]:
        """The one document naming no unit whose phrase the question quotes ("天府旅游名县创建完成后，
        我们单位…"), whatever it calls itself; [] when no phrase points to one."""
        if not scope.words or _names_by_name(scope):
            return []
        docs = self._select(replace(scope, words=""), strict_type)
        one = self._by_phrase(docs, scope.words)
        return one if len(one) == 1 and len(docs) > 1 else []

    def _select(self, scope: Scope, strict_type: bool) -> list[DocInfo]:
        if self.foreign_units(scope) or scope.unknown_years:
            return []
        docs = self._of_unit(scope)
        if scope.years:
            docs = self._of_years(docs, scope)
        if scope.doc_type and strict_type:
            docs = self._of_kind(docs, scope.doc_type, scope.names_unit)
        if scope.figures:
            # "2022年度单位决算支出总计4143.91万元，比上年…": the documents stating the quoted figure.
            docs = [d for d in docs if self._states_all(d, scope.figures)] or docs
        if scope.words and not _names_by_name(scope):
            docs = self._by_phrase(docs, scope.words)
        return docs

    def _by_phrase(self, docs: list[DocInfo], words: str) -> list[DocInfo]:
        """A question naming no unit that quotes a phrase only one document has, a document that
        names no unit and so can be asked about by its content alone ("天府旅游名县创建完成后…"):
        that document, when every such phrase points to it."""
        owners = set()
        in_scope = {d.doc_id for d in docs}
        for phrase in _phrases(words):
            having = self._texts.having(phrase) & in_scope
            if len(having) == 1:
                owners.add(self._by_id[next(iter(having))])
        one = next(iter(owners)) if len(owners) == 1 else None
        return [one] if one is not None and not (one.issuer or one.region) else docs

    def _states_all(self, doc: DocInfo, figures) -> bool:
        # The text is read only for a document the index says has every figure in some form.
        if not all(any(doc.doc_id in self._texts.having(form) for form in _figure_forms(f)) for f in figures):
            return False
        text = self._texts.text(doc.doc_id)
        return all(_states(text, f) for f in figures)

    def _of_unit(self, scope: Scope) -> list[DocInfo]:
        """Documents of the unit or place the scope names (every document when it names none)."""
        names = [u for u in scope.unknown_units if u != unit_kinds.own()]
        docs = self._of_names(list(self.docs), scope, names)
        if scope.regions or scope.orgs or names:
            # A named unit never gets a document that names no unit, unless that document is
            # of the kind asked or speaks as the unit asked ("我中心", "我镇").
            docs = [d for d in docs if d.issuer or d.region or self._unnamed_fits(d, scope)]
        if unit_kinds.own() in scope.unknown_units:
            docs = self._stating(docs, scope.figures) or [d for d in docs if self._speaks_as_own(d)]
        return docs

    def _stating(self, docs: list[DocInfo], figures) -> list[DocInfo]:
        """The documents naming no unit that state every quoted figure ("收支总计4125.49万元的那个
        单位"): the unit the question describes, whatever it calls itself."""
        return [d for d in docs if not (d.issuer or d.region) and self._states_all(d, figures)] if figures else []

    def _of_names(self, docs: list[DocInfo], scope: Scope, names: list[str]) -> list[DocInfo]:
        """Documents of the places, departments and other unit names the scope gives."""
        if scope.regions:
            docs = self._in_regions(docs, scope.regions)
        if scope.orgs:
            issuers = {d.issuer for d in docs}
            of_org = {i for i in issuers if any(o in i for o in scope.orgs)}
            docs = [d for d in docs if d.issuer in of_org]
        return _at_own_place(self._fitting(docs, names), names) if names else docs

    def _in_regions(self, docs: list[DocInfo], regions: tuple[str, ...]) -> list[DocInfo]:
        """The documents of `docs` from one of `regions`, in order; of every document, from the
        positions of each region's documents."""
        if docs != self.docs:
            return [d for d in docs if d.region in regions]
        if self._region_rows is None:
            rows: dict[str, list[int]] = {}
            for i, d in enumerate(self.docs):
                rows.setdefault(d.region, []).append(i)
            self._region_rows = rows  # whole: another thread never sees it half made
        return [self.docs[i] for i in sorted(i for r in set(regions) for i in self._region_rows.get(r, ()))]

    def _speaks_as_own(self, doc: DocInfo) -> bool:
        """A document naming no unit that speaks of itself as 本部门, 我单位…"""
        return not (doc.issuer or doc.region) and unit_kinds.speaks_as_own(self._texts.text(doc.doc_id))

    def _of_years(self, docs: list[DocInfo], scope: Scope) -> list[DocInfo]:
        """The documents of the asked years; for a named unit that has none of them, its
        nearest later report that states the asked year ("衢江区2015年…" from its 2016 final
        accounts comparing with 2015, "比2019年减少多少" from the 2020 one)."""
        dated = [d for d in docs if d.year in scope.years]
        if dated or not scope.names_unit:
            return dated
        later = [d for d in docs if _reports_back_to(d, max(scope.years))
                 and all(f"{y}年" in self._texts.text(d.doc_id) for y in scope.years if y < d.year)]
        first = min((d.year for d in later), default=None)
        return [d for d in later if d.year == first]

    def _of_kind(self, docs: list[DocInfo], doc_type: str, named: bool) -> list[DocInfo]:
        """The documents of the asked kind, unit by unit. A unit without one keeps the kinds
        that also state it (预算数 columns of final accounts, 绩效目标 within budgets): then
        the kind asked is a column, not a document."""
        if doc_type in _SOFT_TYPES and not named:
            return self._naming_kind(docs, doc_type)
        stated_in = _words()["kind_stated_in"].get(doc_type, [])
        out = []
        for unit_docs in _by_unit(docs).values():
            typed = [d for d in unit_docs if of_type(d, doc_type)]
            out += typed or [d for d in unit_docs if any(of_type(d, k) for k in stated_in)]
        if not out and doc_type in _SOFT_TYPES:
            return docs
        return sorted(out, key=lambda d: (d.year or 0, d.doc_id))

    def kind_choice(self, scope: Scope, docs: list[DocInfo]) -> list[DocInfo]:
        """A scope naming units only by their kind ("县公安局2020年…", "政协的收入") whose kind
        `docs` of several units fit does not say which unit it means: one document of each of
        those units (the newest), to ask back about; [] when it names a unit or one unit fits."""
        names = [u for u in scope.unknown_units if u != unit_kinds.own()]
        if scope.regions or scope.orgs or not names or not all(unit_kinds.kind_only(normalize(u)) for u in names):
            return []
        for name in names:
            units = _by_unit([d for d in docs if self._fits(name, d)])
            if len(units) > 1:
                return [unit_docs[-1] for unit_docs in units.values()]
        return []

    def _naming_kind(self, docs: list[DocInfo], doc_type: str) -> list[DocInfo]:
        """A question naming no unit that asks a form ("有个项目支出绩效自评表…"): the documents
        of that kind and those whose text names it (a 决算 holding its 绩效自评表), when
        there are any of that kind; else every document."""
        if not any(of_type(d, doc_type) for d in docs):
            return docs
        return [d for d in docs if of_type(d, doc_type) or self._names_kind(d, doc_type)]

    def left_out_by_type(self, scope: Scope) -> list[DocInfo]:
        """Documents a soft document type left out: 绩效目标 tables also stand in budget
        disclosures, so a target missing from the 绩效目标表 documents may be there."""
        if scope.doc_type not in _SOFT_TYPES:
            return []
        chosen = self.select(scope)
        return [d for d in self.select(scope, strict_type=False) if d not in chosen and self._names_kind(d, scope.doc_type)]

    def _names_kind(self, doc: DocInfo, doc_type: str) -> bool:
        """True when the document's text names the kind (绩效目标表, 绩效自评表): only then
        does a document of another kind hold that kind's table."""
        words = lexicon.load("questions")["doc_types"].get(doc_type, [])
        return any(doc.doc_id in self._texts.having(normalize(w)) for w in words)

    def describe(self, scope: Scope) -> str:
        """The asked-for scope in words, in the order a name is written: place, unit, year,
        kind ("伊犁哈萨克自治州教育局2025年部门预算", "北京市人力资源和社会保障局2024年")."""
        units = list(scope.unknown_units)
        places = [u for u in units if not any(o in u for o in scope.orgs)]
        named = [u for u in units if u not in places]
        who = "".join(places) + "".join(scope.regions if not places else ()) + ("".join(named) or "".join(scope.orgs))
        when = "、".join(f"{y}年" for y in [*scope.years, *scope.unknown_years])
        # The answer goes on "…的公开文件": the kind without its own 公开 ("部门预算", not "部门预算公开").
        kind = DOC_TYPE_LABELS.get(scope.doc_type or "", "").removesuffix(wording()["describe_drop"])
        return (who + when + kind) or wording()["describe_default"]

    def available(self) -> str:
        """The newest few documents of the corpus and how many there are, for a refusal."""
        if self._newest_first is None:
            self._newest_first = sorted(self.docs, key=lambda d: -(d.year or 0))
        return labels(self._newest_first, "；")

    def summary_place(self, name: str) -> str:
        """The place form `name` starts with when the rest of it is a unit that place's own
        summary names ("鄂城区公安局": 鄂城区's 三公 statement lists 公安局购置8台车), else "".
        A summary is a document whose issuer is the place itself."""
        n = normalize(name)
        for d in self._of_each_unit():
            form = next((f for f in d.place_forms if n.startswith(f) and len(n) - len(f) >= 2), None)
            if form and d.issuer_chars in d.place_forms and d.doc_id in self._texts.having(n[len(form):]):
                return form
        return ""

    def has_place(self, form: str) -> bool:
        """True when some document is from the place `form` names, or names it as region or issuer."""
        f = normalize(form)
        return any(f in d.place_forms or f in normalize(d.region) or f in d.issuer_chars for d in self._of_each_unit())

    def units(self, scope: Scope | None = None, shown: int = UNITS_SHOWN) -> str:
        """The issuers of the corpus for a refusal: the few nearest the asked scope (same
        place, same kind of unit, same year) and how many there are in all."""
        by_unit = self._units_by_issuer()
        names = list(by_unit)
        if scope is not None:
            names.sort(key=lambda u: -_closeness(by_unit[u][0], scope, by_unit[u][1]))
        more = say("units_more", count=len(names)) if len(names) > shown else ""
        return "、".join(names[:shown]) + more

    def _units_by_issuer(self) -> dict[str, tuple[list[DocInfo], tuple[str, ...]]]:
        """The documents naming an issuer by unit (`_by_unit`), each with their place forms of
        two characters or more (what `_closeness` compares)."""
        if self._issuer_units is None:
            self._issuer_units = {u: (docs, tuple(dict.fromkeys(f for d in docs for f in d.place_forms if len(f) >= 2)))
                                  for u, docs in _by_unit([d for d in self.docs if d.issuer]).items()}
        return self._issuer_units

    def years(self) -> str:
        """Every year of the corpus, oldest first, for a not_found answer."""
        return "、".join(map(str, self.year_list))

    def nearest(self, scope: Scope) -> list[DocInfo]:
        """Documents of the asked unit in other years or types (what a person probably meant)."""
        loose = replace(scope, years=(), unknown_years=(), doc_type=None)
        if not loose.names_unit or self.foreign_units(loose):
            return []
        return self.select(loose)
