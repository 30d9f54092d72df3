"""Finding the fact a question asks for.

The facts of a document are read from the store when a question first needs that document
(`FactIndex(load)`, a bounded LRU of prepared documents: start time and memory do not grow
with the corpus); each fact is prepared with

- its *names*: canonical metric, the metric's lexicon aliases, the row label it was
  read from (without code, enumeration or parenthetical remark);
- its *qualifiers*: parent rows (a project of a cost item, a total of a part), the
  column, and the 项目名称 of its table — words that pin down which of several
  same-named figures is meant ("公开招聘工作经费里面试工作经费");
- its *context*: table title and section heading, for a weak tie-breaking overlap.

A question is scored against those by exact substrings (longest first, never
counting a character twice) and, for names, by character bigrams, so a loosely
worded name ("政府采购预算中服务类采购") still finds its fact; only the facts sharing a
bigram with the question (or stating the unit it asks for) are scored, found through a
bigram index built when the document is loaded. Hard filters (_FILTERS) first drop the facts
that cannot be the one asked (a modifier not stated, a year column other than the year named,
a total left unfilled, the opposite of the word asked: asked.json); the way of finding a name
that accounts for most of the question counts. The intent then decides the aspect
(amount / change / rate / share / count / target) and period.

What a fact is about (the project of its table, its section) comes with the fact from the
facts stage (qa/facts/meaning.py); nothing here reads a document's tables.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from qa import lexicon
from qa.answer.compose import shown
from qa.answer.question import GAP, Question, core_words, norm_name
from qa.answer.sound import fold
from qa.facts.meaning import title_subject, with_meaning  # noqa: F401 - title_subject: figures.py imports it here
from qa.ingest.normalize import normalize_for_match
from qa.types import Document, Fact

_CODE_PREFIX = re.compile(r"^(?:\d{4,}[A-Za-z]\d{4,}[-－]?|(?!(?:19|20)\d\d\s*年)[\d\s]{3,}|[一二三四五六七八九十]+[、.]|\d+[、.．]|\(?[一二三四五六七八九十\d]+\)|"
                          + "|".join(map(re.escape, lexicon.load("text_rules")["label_prefixes"])) + ")+")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*年度?")
_TAGS = re.compile(r"<[^>]*>")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
# Words that say nothing about which figure is meant: matching them earns half.
_WEAK = frozenset(lexicon.load("asked")["names"]["weak"])
# Row labels that name a column or a total, not a figure of their own.
_TOTAL_ROWS = frozenset(lexicon.load("asked")["names"]["total_rows"])
_NOT_NAMES = frozenset(lexicon.load("asked")["names"]["not_names"])
_MONEY = frozenset(lexicon.load("units")["money"])
_TOTAL_WORDS = tuple(lexicon.load("asked")["totals"]["columns"])
_JOINT = lexicon.load("asked")["names"]["joint"]
# What a question calls a variance rate (预决算差异) and a statement's figure of the year before (上年数).
_VARIANCE_NAME = lexicon.load("questions")["variance_name"]["name"]
_PREVIOUS_YEAR = lexicon.load("periods")["named"]["previous_year"]
_ENUMERATED = re.compile(r"^[\s\-*#]*(?:[(（]?[0-9一二三四五六七八九十]+[)）.、．]|[0-9]+\s)")
_CLAUSE = re.compile(r"[,，]")
_SENTENCE = re.compile(r"[。；;]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# A change or a rate is stated against a base (the previous year, the budget, a year).
_BASED = ("change", "rate")
# Documents whose prepared facts stay in memory (least recently asked about leaves first).
CACHED_DOCS = 256


@lru_cache(maxsize=1 << 16)  # names, qualifiers and contexts are asked for their bigrams at every question
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1) if GAP not in text[i:i + 2])


@lru_cache(maxsize=1 << 16)  # labels repeat within and across documents
def clean_label(label: str) -> str:
    """A row label without markup, classification code, enumeration or "其中：" prefix."""
    return norm_name(_CODE_PREFIX.sub("", norm_name(_TAGS.sub("", label))))


def _variants(label: str) -> list[str]:
    """A label as written, without its parenthetical remark ("（行政单位…）机关运行经费支出")
    and without a leading region ("昌吉州“十四五”规划…": the question names the region apart)."""
    return list(_label_variants(label))


@lru_cache(maxsize=1 << 16)  # labels repeat within and across documents
def _label_variants(label: str) -> tuple[str, ...]:
    plain = _TAGS.sub("", label)
    out = [clean_label(plain), clean_label(_PAREN.sub("", plain))]
    for v in list(out):
        region = next((r for r in _region_words() if v.startswith(r) and len(v) > len(r) + 1), None)
        if region:
            out.append(v[len(region):])
    out = _contracted(out)
    out += _joint(out)
    out += _subtotalled(out)
    # "2024年人事考试…项目": the question names the year apart.
    out += [_LEADING_YEAR.sub("", v) for v in out if _LEADING_YEAR.match(v)]
    # Questions drop the particle 的 ("四级联动视频会议系统" for 四级联动的视频会议系统…).
    out += [v.replace("的", "") for v in out if "的" in v]
    return tuple(out)


@cache
def total_score_label() -> str:
    """The label of a self-evaluation form's total score row (selfeval.json)."""
    return lexicon.load("selfeval").get("total_label", "")


def _subtotalled(names: list[str]) -> list[str]:
    """What totals sum (asked.json totals columns): "税收收入小计" answers to 税收收入, "收支总计"
    to 收支 (a joint word: the whole of a budget); a word of two characters names no figure else."""
    out = []
    for v in names:
        for w in _TOTAL_WORDS:
            rest = v[:-len(w)]
            if v.endswith(w) and (len(rest) > 2 or rest in _JOINT):
                out.append(rest)
    return out


def _joint(names: list[str]) -> list[str]:
    """The names a joint word gives `names` (收入总计 -> 收支总计; asked.json names joint)."""
    return [v.replace(part, joint) for joint, parts in _JOINT.items() for part in parts
            for v in names if part in v and len(v) >= len(part) + 2]


def _contracted(names: list[str]) -> list[str]:
    """`names` and their standard short forms (公务用车购置及运行维护费 -> 公车购置及运维费)."""
    out = list(names)
    for long, short in _contractions():
        out += [v.replace(long, short) for v in out if long in v]
    return out


@cache
def _contractions() -> tuple[tuple[str, str], ...]:
    """(long, short) word forms from metrics.json, e.g. ("收入支出", "收支")."""
    return tuple((norm_name(k), norm_name(v)) for k, v in lexicon.contractions().items())


@cache
def _region_words() -> tuple[str, ...]:
    regions = lexicon.load("issuers")["regions"]
    words = {norm_name(w) for r in regions for w in [r["name"], *r.get("aliases", [])]}
    return tuple(sorted(words, key=len, reverse=True))


def _alias_table() -> dict[str, list[str]]:
    """canonical metric -> its normalised aliases, from metrics.json."""
    metrics = lexicon.load("metrics").get("metrics", [])
    return {norm_name(m["name"]): [norm_name(a) for a in m.get("aliases", [])] for m in metrics}


def _canonical_of(aliases: dict[str, list[str]]) -> dict[str, str]:
    return {a: c for c, al in aliases.items() for a in al}


def _stop_names() -> set[str]:
    periods = lexicon.load("questions")["periods"]
    return _NOT_NAMES | {norm_name(w) for w in periods} | {norm_name(w) for ws in periods.values() for w in ws}


@dataclass(slots=True)
class Entry:
    """A fact with the names it answers to and the words around it."""

    fact: Fact
    names: tuple[str, ...]
    qualifiers: tuple[str, ...]
    context: str
    grams: frozenset[str]
    sounds: tuple[str, ...] = ()  # each name folded by sound (qa.answer.sound)
    subject_grams: frozenset[str] = frozenset()  # strong bigrams of the project its table is about
    unfilled: bool = False  # a total printed 0 beside non-zero parts (_unfilled_totals)


@dataclass
class Scored:
    entry: Entry
    score: float
    name: str

    @property
    def fact(self) -> Fact:
        return self.entry.fact


@dataclass
class DocEntries:
    """The prepared facts of one document and, for each name bigram, the entries having it."""

    entries: list[Entry]
    by_gram: dict[str, list[int]] = field(default_factory=dict)
    by_unit: dict[str, list[int]] = field(default_factory=dict)

    @cached_property  # asked only when a question quotes a figure: not made at every load
    def figures(self) -> frozenset[tuple[float, str | None]]:
        """(magnitude, unit) of every figure stated: which documents state a figure a question quotes."""
        return frozenset((round(abs(e.fact.value), 6), e.fact.unit) for e in self.entries if e.fact.value is not None)

    @classmethod
    def of(cls, entries: list[Entry]) -> DocEntries:
        out = cls(entries)
        for i, e in enumerate(entries):
            for g in e.grams:
                out.by_gram.setdefault(g, []).append(i)
            out.by_unit.setdefault(e.fact.unit, []).append(i)
        return out

    def sharing(self, grams: Iterable[str], unit: str | None) -> list[Entry]:
        """The entries with a name bigram among `grams` or, when `unit` is asked, stating that
        unit (the only ones _score or _unit_match can match), in document order."""
        hits = {i for g in grams for i in self.by_gram.get(g, ())}
        if unit:
            hits.update(self.by_unit.get(unit, ()))
        return [self.entries[i] for i in sorted(hits)]

    def keys(self) -> frozenset[str]:
        """What `sharing` finds these entries by: their name bigrams and, prefixed, their units."""
        return frozenset(self.by_gram) | {UNIT_KEY + u for u in self.by_unit if u}


# Prefix of a key naming a unit of measure (a fact stating "辆") among a document's name bigrams.
UNIT_KEY = "\x00"


def fact_keys(facts: list[Fact]) -> frozenset[str]:
    """The keys (name bigrams, units) by which `rank` finds the facts of one document: written
    at build (qa/answer/catalog_index.py), so candidate documents are chosen without their facts."""
    return DocEntries.of(_entries(facts)).keys()


def question_keys(q: Question, text: str | None) -> frozenset[str]:
    """The keys a fact needs, one at least, to be scored for the question (or `text`) by `rank`."""
    asking = _Asking.of(q, text, "", "")
    return asking.grams | ({UNIT_KEY + asking.unit} if asking.unit else frozenset())



def _child_of(k: Fact, f: Fact, label: str) -> bool:
    """A 其中 row under total `f` (labelled `label`) within three lines of it."""
    return (len(k.row_path) >= 2 and k.aspect == f.aspect and k.origin == f.origin
            and clean_label(k.row_path[-2]) == label and abs(k.line_start - f.line_start) <= 3)


def _enumerated_after(k: Fact, f: Fact, document: Document) -> bool:
    """A numbered item of the text after total `f`, in its section."""
    return (k.origin == "text" and k.aspect == f.aspect and k.line_start > f.line_start
            and k.section == f.section and bool(_ENUMERATED.match(document.lines[k.line_start - 1])))


def _first_of_each_name(kids: list[Fact], label: str) -> list[Fact]:
    """`kids` in line order, one per name, the total's own name left out."""
    out, seen = [], {label}
    for k in sorted(kids, key=lambda x: x.line_start):
        name = clean_label(k.metric)
        if name not in seen:
            seen.add(name)
            out.append(k)
    return out

Loader = Callable[[str], list[Fact]]


class FactIndex:
    """Facts by document, with their names prepared for matching, loaded per document on demand.

    `load(doc_id)` returns a document's facts (from the store); at most `capacity` prepared
    documents are kept (None: all), so memory does not grow with the corpus. Safe to share
    between threads.
    """

    def __init__(self, load: Loader, capacity: int | None = CACHED_DOCS):
        self._load, self.capacity = load, capacity
        self._docs: OrderedDict[str, DocEntries] = OrderedDict()
        self._lock = threading.Lock()
        self.loads = 0  # documents read from the store so far (a document evicted and asked again counts twice)

    @classmethod
    def of(cls, facts: Iterable[Fact]) -> FactIndex:
        """An index over facts already in memory (all kept)."""
        grouped: dict[str, list[Fact]] = {}
        for f in facts:
            grouped.setdefault(f.doc_id, []).append(f)
        return cls(lambda doc_id: grouped.get(doc_id, []), capacity=None)

    @property
    def loaded(self) -> list[str]:
        """Ids of the documents whose facts are in memory now, least recently used first."""
        with self._lock:
            return list(self._docs)

    def doc(self, doc_id: str) -> DocEntries:
        """The prepared facts of `doc_id`, read from the store the first time (and after eviction)."""
        with self._lock:
            held = self._docs.get(doc_id)
            if held is not None:
                self._docs.move_to_end(doc_id)
                return held
        prepared = DocEntries.of(_entries(self._load(doc_id)))
        with self._lock:
            self.loads += 1
            self._docs[doc_id] = prepared
            self._docs.move_to_end(doc_id)
            while self.capacity is not None and len(self._docs) > self.capacity:
                self._docs.popitem(last=False)
        return prepared

    def entries(self, doc_id: str) -> list[Entry]:
        return self.doc(doc_id).entries

    def rank(self, q: Question, doc_ids: list[str], text: str | None = None, per_doc: int = 12,
             hint: str = "", subject: str = "") -> list[Scored]:
        """Facts of `doc_ids` best fitting the question (or `text`), best first, at most `per_doc` each.

        `hint` (the previous question's metric in a follow-up) only breaks ties; `subject`
        (what a follow-up points at: "这个项目") counts where a fact's names or qualifiers say it.
        """
        asking = _Asking.of(q, text, hint, subject)
        out: list[Scored] = []
        for doc in doc_ids:
            scored = [s for e in self.doc(doc).sharing(asking.grams, asking.unit) if (s := _ranked(e, q, asking))]
            scored.sort(key=_order)
            out += _asked_first(scored, q)[:per_doc]
        out.sort(key=_order)
        return out


    def parts_of(self, f: Fact, document: Document | None) -> list[Fact]:
        """The parts a document lists for total `f`: its 其中 children and the numbered items after it."""
        entries = self.entries(f.doc_id)
        label = clean_label(f.row_path[-1]) if f.row_path else clean_label(f.metric)
        kids = [e.fact for e in entries if _child_of(e.fact, f, label)]
        if document is not None and f.origin == "text":
            kids += [e.fact for e in entries if _enumerated_after(e.fact, f, document)]
        return _first_of_each_name(kids, label)

    def part_named(self, top: Scored, question: Question, document: Document | None) -> Scored | None:
        """The part of total `top` that the question names beside it, or None: "政府采购预算中服务采购"
        -> 政府采购服务, "工程类政府采购" -> 政府采购工程, "三公预算里招待费" -> 公务接待费. The
        question's metric words outside the total's name (cue, period and question words gone)
        must share a bigram with one part's own names (not the total's), more than with any other."""
        text = question.residue
        at = text.find(top.name) if top.name else -1
        if at < 0:
            return None
        wanted = _bigrams(core_words(text[:at] + GAP + text[at + len(top.name):])) - _WEAK
        if not wanted:
            return None
        total = _bigrams(top.name) | _bigrams(clean_label(top.fact.metric))
        # parts_of gives the entries' own facts: each part's entry is found by identity, once.
        parts = {id(p) for p in self.parts_of(top.fact, document)}
        entries = [e for e in self.entries(top.fact.doc_id) if id(e.fact) in parts]
        shares = sorted(((len(_own_grams(e, total) & wanted), i) for i, e in enumerate(entries)), reverse=True)
        if not shares or shares[0][0] == 0 or (len(shares) > 1 and shares[1][0] == shares[0][0]):
            return None
        best = entries[shares[0][1]]
        return Scored(best, top.score, clean_label(best.fact.metric))

    def project_reasons(self, f: Fact, most: int = 3) -> list[Fact]:
        """Facts of the same project (first row label) that state a deviation reason, one per reason."""
        if not f.row_path:
            return []
        out, seen = [], set()
        for e in sorted(self.entries(f.doc_id), key=lambda e: e.fact.line_start):
            x = e.fact
            if x.reason and x.row_path and x.row_path[0] == f.row_path[0] and x.reason not in seen:
                seen.add(x.reason)
                out.append(x)
        return out[:most]

    def table_leaves(self, doc_id: str, table: str) -> list[Fact]:
        """One fact per innermost row of `table` (the projects of a project table), in order."""
        facts = [e.fact for e in self.entries(doc_id) if e.fact.table == table and e.fact.row_path]
        inner = {p for f in facts for p in f.row_path[:-1]}
        out, seen = [], set()
        for f in sorted(facts, key=lambda x: x.line_start):
            leaf = f.row_path[-1]
            if leaf not in inner and leaf not in seen and len(f.row_path) > 1:
                seen.add(leaf)
                out.append(f)
        return out


def _own_grams(e: Entry, total: frozenset[str]) -> frozenset[str]:
    """The bigrams of a part's label and the names it answers to that its total's name lacks."""
    return frozenset().union(*(_bigrams(n) for n in (clean_label(e.fact.metric), *e.names))) - total


def fact_loader(store, documents: dict[str, Document]) -> Loader:
    """Reads one document's facts from `store`; a store written before facts carried their
    meaning gets it from the facts stage here, from the document (until the next build)."""
    def load(doc_id: str) -> list[Fact]:
        facts = store.query(doc=doc_id)
        doc = documents.get(doc_id)
        return facts if store.has_meaning or doc is None else with_meaning(doc, facts)

    return load


@dataclass(frozen=True)
class _Asking:
    """What every fact of one question is scored against: the question's words and bigrams,
    the hint's and subject's bigrams, the unit of measure asked and the modifiers it uses."""

    text: str
    grams: frozenset[str]
    hint: frozenset[str]
    subject: frozenset[str]
    unit: str | None
    modifiers: tuple[str, ...]
    # How a fact's names and qualifiers were found in `text` (_found), by (names, sounds,
    # qualifiers): the cells of one row, and the same rows of many documents, share them.
    found: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, q: Question, text: str | None, hint: str, subject: str) -> _Asking:
        text = norm_name(text if text is not None else q.residue)
        # "平均工资" is not "工资" nor "在职人数": a modifier the question uses must be stated.
        modifiers = tuple(m for m in lexicon.load("questions")["meaning_modifiers"] if m in q.text) + tuple(q.within)
        return cls(text, _bigrams(text), _bigrams(norm_name(hint)) if hint else frozenset(),
                   _bigrams(norm_name(subject)) - _WEAK if subject else frozenset(), _asked_unit(q.text), modifiers)


def _ranked(e: Entry, q: Question, a: _Asking) -> Scored | None:
    """The score of one fact for the question, or None when the fact cannot be the one asked."""
    s = _score(e, a.text, a.grams, partial=bool(a.hint), seen=a.found) if e.grams & a.grams else None
    if s is None:
        s = _unit_match(e, a.text, a.unit)
    # The hard filters after the name: most facts offered are named by none of their names.
    if s is None or not _admitted(e, q, a):
        return None
    score, name = s
    score += 0.5 * len(a.hint & e.grams) + _fit(e.fact, q, a.text, a.unit)
    # One project's row ("当年财政拨款" of a self-evaluation form) when the question
    # names no project of that table: a department-level figure is more likely meant.
    if e.subject_grams and not e.subject_grams & a.grams and not a.hint:
        score -= 1.5
    if a.subject:
        score += len(a.subject & (e.grams | {g for x in e.qualifiers for g in _bigrams(x)}))
    return Scored(e, score, name)


def _admitted(e: Entry, q: Question, a: _Asking) -> bool:
    """The hard filters: a fact failing one is not what the question asks, however well named."""
    return all(admits(e, q, a) for admits in _FILTERS)


def _states_modifiers(e: Entry, q: Question, a: _Asking) -> bool:
    return all(m in e.fact.quote or any(m in n for n in e.names) for m in a.modifiers)


def _in_asked_year(e: Entry, q: Question, a: _Asking) -> bool:
    """A column naming years (2020年完成数 beside 2021年完成数) holds the figure of a year the
    question names, when it names one: the year picks the column."""
    asked_years = {*q.years, *q.base_years}
    return not asked_years or not (years := _column_years(e.fact.column_path)) or bool(years & asked_years)


@lru_cache(maxsize=1 << 12)
def _column_years(columns: tuple[str, ...]) -> frozenset[int]:
    return frozenset(int(y) for c in columns for y in _YEAR.findall(c))


def _filled(e: Entry, q: Question, a: _Asking) -> bool:
    return not e.unfilled


def _not_opposite(e: Entry, q: Question, a: _Asking) -> bool:
    """A question naming one of two opposites (支出, not 收入) asks no fact whose names say only
    the other (asked.json names opposites)."""
    for pair in _OPPOSITES:
        asked_ = [w for w in pair if w in q.text]
        if len(asked_) == 1:
            other = next(w for w in pair if w != asked_[0])
            said = [n for n in e.names if other in n or asked_[0] in n]
            if said and not any(asked_[0] in n for n in said):
                return False
    return True


def _counted_if_asked(e: Entry, q: Question, a: _Asking) -> bool:
    """"有几辆公务用车" asks a count in 辆: an amount of money or a percentage is not it."""
    return q.intents != {"count"} or not a.unit or a.unit in _AMOUNTS or e.fact.unit not in _AMOUNTS


_AMOUNTS = _MONEY | {"%"}  # units of figures that are no count


_OPPOSITES = tuple(tuple(p) for p in lexicon.load("asked")["names"]["opposites"])
def _not_told(e: Entry, q: Question, a: _Asking) -> bool:
    """A figure the question states while asking another ("编制25个，实际多少人") is not the answer."""
    return e.fact.value is None or all(abs(e.fact.value - t) > 1e-9 for t in q.told)


_FILTERS = (_states_modifiers, _in_asked_year, _filled, _not_opposite, _counted_if_asked, _not_told)


def _order(s: Scored):
    return (-s.score, s.fact.origin != "text", len(s.fact.row_path), s.fact.line_start)


def _asked_first(scored: list[Scored], q: Question) -> list[Scored]:
    """One document's facts, best first, with the fact of the best figure (same metric, same
    row) that the question's asked quantity selects (asked.json preferences) in first place,
    at the best score: a rate for "降了百分之几", a change for "多了还是少了"."""
    ask = asked(q.intents)
    if not scored or ask is None:
        return scored
    top = scored[0]
    same = [s for s in scored if s.fact.metric == top.fact.metric and s.fact.row_path == top.fact.row_path]
    base = asked_base(q)
    pick = next((s for a in ask.aspects for s in same if s.fact.aspect == a and ask.answered_by(s.fact, base)), None)
    if pick is None or pick is top:
        return scored
    return [Scored(pick.entry, top.score, pick.name), *(s for s in scored if s is not pick)]


@dataclass(frozen=True)
class Ask:
    """A quantity a question asks for (asked.json preferences): the aspects answering it, in
    order, and what a change's sentence must state to answer it (a rate beside the amount)."""

    intent: str
    aspects: tuple[str, ...]
    change_states: re.Pattern | None = None

    def answered_by(self, f: Fact, base: str) -> bool:
        """True when `f` answers this ask of a change against `base` (asked_base)."""
        if f.aspect not in self.aspects or (f.aspect in _BASED and change_base(f) != base):
            return False
        return f.aspect != "change" or self.change_states is None or bool(self.change_states.search(f.quote))


@cache
def _asks() -> tuple[Ask, ...]:
    entries = lexicon.load("asked")["preferences"]["asks"]
    return tuple(Ask(e["intent"], tuple(e["aspects"]), re.compile(e["change_states"]) if e.get("change_states") else None)
                 for e in entries)


def asked(intents: set[str]) -> Ask | None:
    """The quantity `intents` ask for: the first declared ask with one of them (None: a level)."""
    return next((a for a in _asks() if a.intent in intents), None)


def asked_base(q: Question) -> str:
    """What a change question sets its year against: "budget" ("比预算少多少"), a year named
    as the base that is not the one before ("比2019年"), else "previous"."""
    if "budget_gap" in q.intents:
        return "budget"
    far = [y for y in q.base_years if not any(y + 1 == x for x in q.years)]
    return str(far[0]) if far else "previous"


def change_base(f: Fact) -> str:
    """What a stated change or rate is against (asked.json stated_base): "budget" (…比预算数减少
    67.62万元, 与2021年度预算相比…下降15%), a year other than the previous one ("比2019年(疫情前)
    决算数减少24.87万元"), else "previous"; the nearest clause before the figure naming one says."""
    quote = normalize_for_match(f.quote)  # 決算數大於預算數: traditional text reads as simplified
    at = quote.find(shown(f))
    sentence = _SENTENCE.split(quote[:at])[-1] if at > 0 else ""
    for clause in reversed(_CLAUSE.split(sentence)):
        base = _clause_base(clause, f.year)
        if base:
            return base
    return "previous"


def _clause_base(clause: str, year: int | None) -> str:
    """The base one clause names ("budget", "previous", a year) or ""."""
    rule = lexicon.load("asked")["stated_base"]
    budget = _budget_base(clause, year, rule)
    if budget:
        return budget
    # The fact's own year ("2024年…比上年减少") is its subject, not its base.
    years = [int(y) for y in _YEAR.findall(clause) if int(y) != year]
    if years:
        return "previous" if year and years[-1] == year - 1 else str(years[-1])
    return "previous" if any(w in clause for w in rule["previous_words"]) else ""


def _budget_base(clause: str, year: int | None, rule: dict) -> str:
    """"budget" for a budget of the fact's own year named as the base, "previous" for the
    previous year's ("较2021年预算" in 2022, "比上年预算"), else ""."""
    said = [m.group(0) for m in re.finditer(rule["budget"], clause)]
    if said:
        last = said[-1]
        before = any(w in last for w in rule["previous_words"]) or (year and str(year - 1) in last)
        return "previous" if before else "budget"
    return "budget" if any(w in clause for w in lexicon.load("questions")["budget_bases"]["words"]) else ""


def against_budget(f: Fact) -> bool:
    """True when a change is stated against the budget, not a year."""
    return change_base(f) == "budget"


def _unit_match(e: Entry, text: str, unit: str | None) -> tuple[float, str] | None:
    """"有几辆车": no name matches, but the asked unit and a shared character point at 车辆数."""
    if not unit or not _same_unit(e.fact.unit, unit) or not e.names:
        return None
    name = e.names[0]
    shared = set(name) & set(text) - {GAP} - set(unit)
    return (0.5 * len(shared), name) if shared else None


def _entries(facts: list[Fact]) -> list[Entry]:
    """`facts` (of one document) prepared for matching, in order."""
    aliases = _alias_table()
    canon, stop = _canonical_of(aliases), _stop_names()
    entries = [_entry(f, aliases, canon, stop) for f in facts]
    for total, part in _unfilled_totals(facts):
        entries[total].unfilled = True
        if part is not None:
            _stands_for(entries[part], entries[total])
    return entries


def _unfilled_totals(facts: list[Fact]) -> list[tuple[int, int | None]]:
    """The total rows of a project's form (年度资金总额, asked.json total_rows) printed 0 under a
    column where a part of the same project states a non-zero amount, each with its only
    non-zero part (None: several): a total is the sum of its parts, so that 0 is a form left
    unfilled, and a sole non-zero part is the project's figure."""
    parts: dict[tuple, list[int]] = {}
    totals: list[tuple[int, tuple]] = []
    for i, f in enumerate(facts):
        if f.origin != "table" or len(f.row_path) < 2 or f.unit not in _MONEY:
            continue
        key = (f.table, f.row_path[:-1], f.column_path)
        if clean_label(f.row_path[-1]) not in _TOTAL_ROWS:
            if f.value:
                parts.setdefault(key, []).append(i)
        elif f.value == 0:
            totals.append((i, key))
    return [(i, parts[key][0] if len(parts[key]) == 1 else None) for i, key in totals if key in parts]


def _stands_for(part: Entry, total: Entry) -> None:
    """`part` answers to the names of the unfilled `total` too."""
    names = tuple(dict.fromkeys(part.names + total.names))
    part.names, part.grams, part.sounds = _named(names)


def _entry(f: Fact, aliases: dict[str, list[str]], canon: dict[str, str], stop: set[str]) -> Entry:
    raw = _raw_names(f, aliases, canon)
    # A row label like 年度预算总额 or 上年完成值 says which figure of a project, not what it is.
    quals = [n for n in raw if n in stop]
    names = [n for n in dict.fromkeys(raw) if len(n) >= 2 and n not in stop] + _score_aliases(f)
    context, where_words = _where(f.table or "", " ".join(f.section[-2:]))
    quals += _placed_words(f) + list(where_words)
    quals = [x for x in dict.fromkeys(quals) if len(x) >= 2 and x not in names]
    names_, grams, sounds = _named(tuple(names))
    return Entry(f, names_, _shared(tuple(quals)), context, grams, sounds, _subject_grams(f.subject))


@lru_cache(maxsize=1 << 16)  # the cells of a row share their names: one copy of them, their bigrams and sounds
def _named(names: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    return names, frozenset(g for n in names for g in _bigrams(n)), tuple(_fold(n) for n in names)


@lru_cache(maxsize=1 << 16)
def _shared(words: tuple[str, ...]) -> tuple[str, ...]:
    return words


def _raw_names(f: Fact, aliases: dict[str, list[str]], canon: dict[str, str]) -> list[str]:
    """Every name a fact may answer to: its metric's forms, the row label, a total row's project."""
    names = _variants(f.metric)
    # A metric the store left as written ("（…）机关运行经费支出") may be a known alias:
    # then it answers to the canonical name and the other aliases too.
    for v in list(names):
        canonical = v if v in aliases else canon.get(v)
        if canonical:
            names += _contracted([canonical, *aliases[canonical]])
    if f.aspect == "variance_rate":
        names.append(_VARIANCE_NAME)
    if f.row_path:
        names += _variants(f.row_path[-1])
    # A project table's total row (年度资金总额) is the project's own figure.
    if f.subject and f.row_path and clean_label(f.row_path[-1]) in _TOTAL_ROWS:
        names += _variants(f.subject)
    return names


def _score_aliases(f: Fact) -> list[str]:
    """A self-evaluation form's 总分 row is what "得分" of the project asks for (a column word elsewhere)."""
    if f.row_path and f.row_path[-1] == total_score_label():
        return [norm_name(a) for a in lexicon.load("selfeval").get("total_aliases", [])]
    return []


def _placed_words(f: Fact) -> list[str]:
    """The parent rows, columns and project of a fact: words pinning down which figure it is."""
    out = [v for r in f.row_path[:-1] for v in _variants(r)] + [v for c in f.column_path for v in _variants(c)]
    return out + (_variants(f.subject) if f.subject else [])


@lru_cache(maxsize=1 << 14)  # a table and section hold many facts
def _where(table: str, section: str) -> tuple[str, tuple[str, ...]]:
    """The normalised words of a fact's table and section, and the lexicon qualifiers among them."""
    context = norm_name(" ".join([table, section]))
    return context, tuple(w for w in lexicon.load("questions")["qualifiers"] if w in context)


@lru_cache(maxsize=1 << 14)
def _subject_grams(subject: str) -> frozenset[str]:
    return frozenset(_bigrams(norm_name(subject)) - _WEAK)


_fold = lru_cache(maxsize=1 << 16)(fold)  # names repeat within and across documents


@dataclass
class _Named:
    """How a fact's name was found in the question: the name, the characters it covers, what
    it pays for characters it leaves out or gets wrong, and its bonus for being whole."""

    name: str
    covered: list[bool]
    penalty: float = 0.0
    bonus: float = 0.0
    exact: bool = True

    def by_name(self, weak: list[bool]) -> float:
        """What the characters found are worth: scattered bigrams of a fuzzy name say less than
        the same characters matched in one piece."""
        return (1.0 if self.exact else 0.75) * _weight(self.covered, weak)

    def worth(self, weak: list[bool]) -> float:
        return self.by_name(weak) - self.penalty + self.bonus


def _score(e: Entry, text: str, qgrams: set[str], partial: bool = False,
           seen: dict | None = None) -> tuple[float, str] | None:
    """How much of the question the fact's names and qualifiers account for.

    Each question character counts once (half for weak words like 预算/支出) if an
    exact name or qualifier, or a bigram of the best fuzzy name, covers it; a fuzzy
    name pays a little for each of its bigrams the question lacks. A name is looked for
    whole, then as a part, then by sound, then by shared bigrams: the first way that finds one.
    `seen` (one question's, same `text` and `partial`) keeps what _found gave for names and
    qualifiers already scored.
    """
    if seen is None:
        found = _found(e, text, qgrams, partial)
    elif (key := (e.names, e.sounds, e.qualifiers)) in seen:
        found = seen[key]
    else:
        found = seen[key] = _found(e, text, qgrams, partial)
    if found is None:
        return None
    named, rest, bonus, name = found
    # The words around the fact (its table and section, its own sentence) break ties.
    context = 0.3 * len(_bigrams(rest) & (_bigrams(e.context) | _clause_grams(e.fact.quote, e.fact.raw)))
    return named + context + bonus, name


def _found(e: Entry, text: str, qgrams: set[str], partial: bool) -> tuple[float, str, float, str] | None:
    """How the fact's names and qualifiers (nothing else of it) account for the question: what
    they are worth but the whole name's bonus, the question's characters they leave, that
    bonus and the name found; None when no name accounts for enough of it."""
    weak = _weak_mask(text)
    ways = (_whole_name(e, text), _part_name(e, text, partial), _sounding_name(e, text), _fuzzy_named(e, text, qgrams))
    found = max((w for w in ways if w is not None), key=lambda w: w.worth(weak), default=None)
    if found is None:
        return None
    by_name = found.by_name(weak)
    if by_name < 2.0:
        return None
    covered, extra = _qualified(e, text, qgrams, found.covered, weak)
    rest = "".join(GAP if c else ch for ch, c in zip(text, covered, strict=True))
    return by_name - found.penalty + extra, rest, found.bonus, found.name


@lru_cache(maxsize=1 << 14)
def _clause_grams(quote: str, raw: str) -> frozenset[str]:
    """The strong bigrams of the clause stating a figure: its quote up to the figure, from the
    last clause mark before it (…1486.64萬元,政府性基金預算財政撥款收入30萬元: 政府性基金…)."""
    m = re.search(rf"(?<![\d.]){re.escape(raw)}(?![\d.])", quote) if raw else None
    clause = _CLAUSE_MARK.split(quote[:m.start()])[-1] if m else quote
    return _bigrams(norm_name(normalize_for_match(clause))) - _WEAK


_CLAUSE_MARK = re.compile(r"[,，;；:：。]")


def _whole_name(e: Entry, text: str) -> _Named | None:
    """Every name standing whole in the question (the longest is the one named)."""
    covered, name = [False] * len(text), ""
    for n in sorted(e.names, key=len, reverse=True):
        if n in text:
            name = name or n
            _mark(covered, text, n)
    return _Named(name, covered, bonus=1.5) if name else None


def _part_name(e: Entry, text: str, partial: bool) -> _Named | None:
    """Part of a longer name: a short follow-up ("其中货物呢"), or a name the question
    shortens ("公车价值" for 一般公务用车价值), which pays for each character it leaves out."""
    covered, name, penalty = [False] * len(text), "", 0.0
    for p in (p for p in text.split(GAP) if len(p) >= (2 if partial else 3) and _bigrams(p) - _WEAK):
        n = min((n for n in e.names if p in n), key=len, default="")
        if n:
            name = name or n
            _mark(covered, text, p)
            penalty += 0 if partial else 0.25 * (len(n) - len(p))
    # Only a follow-up's part earns the whole name's bonus.
    return _Named(name, covered, penalty, 1.5 if partial else 0.0) if name else None


def _sounding_name(e: Entry, text: str) -> _Named | None:
    """A pinyin-input typo: a whole name that sounds like part of the question."""
    folded = _fold(text)
    for n, sound in sorted(zip(e.names, e.sounds, strict=True), key=lambda p: -len(p[0])):
        at = folded.find(sound) if len(n) >= 3 else -1
        if at >= 0:
            covered = [at <= i < at + len(n) for i in range(len(text))]
            wrong = sum(a != b for a, b in zip(text[at:at + len(n)], n, strict=True))
            return _Named(n, covered, 0.5 * wrong, 1.5)
    return None


def _fuzzy_named(e: Entry, text: str, qgrams: set[str]) -> _Named | None:
    name, hits, penalty = _fuzzy_name(e, text, qgrams)
    if not name:
        return None
    covered = [False] * len(text)
    _mark_grams(covered, text, hits)
    return _Named(name, covered, penalty, exact=False)


def _weight(covered: list[bool], weak: list[bool]) -> float:
    return sum(0.5 if weak[i] else 1.0 for i, c in enumerate(covered) if c)


def _qualified(e: Entry, text: str, qgrams: set[str], named: list[bool], weak: list[bool]) -> tuple[list[bool], float]:
    """The characters the name and the fact's qualifiers cover, and what the qualifiers add."""
    covered, loose = list(named), [False] * len(text)
    for qual in sorted(e.qualifiers, key=len, reverse=True):
        if qual in text:
            _mark(covered, text, qual)
            continue
        # A project named loosely ("四级联动视频会议系统项目") still qualifies its indicators,
        # though less than one named exactly (人社局…维修经费 vs 州人社局…维修项目资金).
        shared = _bigrams(qual) & qgrams - _WEAK
        if len(shared) >= 4:
            _mark_grams(loose, text, shared)
    extra = sum((0.5 if weak[i] else 1.0) * (1.0 if covered[i] else 0.75)
                for i in range(len(text)) if (covered[i] or loose[i]) and not named[i])
    return [c or lo for c, lo in zip(covered, loose, strict=True)], extra


def _mark_grams(covered: list[bool], text: str, grams: set[str]) -> None:
    for i in range(len(text) - 1):
        if text[i:i + 2] in grams:
            covered[i] = covered[i + 1] = True


def _fuzzy_name(e: Entry, text: str, qgrams: set[str]) -> tuple[str, set[str], float]:
    """The name sharing most bigrams with the question: half of the name, or most of what the
    question says beside the fact's qualifiers ("安可替代项目预算执行率": the 预算执行率 column of
    全县安可替代补助资金项目)."""
    best: tuple[str, set[str], float] = ("", set(), 0.0)
    content = {g for g in qgrams if g not in _WEAK}
    rest = _unqualified_grams(text, e.qualifiers)
    for n in e.names:
        grams = _bigrams(n)
        hits = grams & qgrams
        strong = hits - _WEAK
        if not strong or not (len(hits) * 2 >= len(grams) or len(strong) * 2 >= len(content)
                              or 0 < len(strong & rest) * 2 >= len(rest)):
            continue
        penalty = 0.25 * len(grams - hits)
        # Equal evidence: the variant with fewer unmatched bigrams (without its year prefix).
        if (len(strong), -penalty) > (len(best[1] - _WEAK), -best[2]):
            best = (n, hits, penalty)
    return best


@lru_cache(maxsize=1 << 14)  # the facts of one row share their qualifiers
def _unqualified_grams(text: str, qualifiers: tuple[str, ...]) -> frozenset[str]:
    """The strong bigrams of `text` once the qualifiers standing whole in it are blanked out."""
    for qual in sorted(qualifiers, key=len, reverse=True):
        text = text.replace(qual, GAP)
    return _bigrams(text) - _WEAK


def _mark(covered: list[bool], text: str, term: str) -> None:
    for m in re.finditer(re.escape(term), text):
        for i in range(m.start(), m.end()):
            covered[i] = True


@lru_cache(maxsize=1 << 12)  # one question's text is scored against every fact it is offered
def _weak_mask(text: str) -> tuple[bool, ...]:
    weak = [False] * len(text)
    for w in _WEAK:
        _mark(weak, text, w)
    return tuple(weak)


def _blank_grams(text: str, grams: set[str]) -> str:
    """`text` with every character of a bigram in `grams` blanked out."""
    chars = list(text)
    for i in range(len(text) - 1):
        if text[i:i + 2] in grams:
            chars[i] = chars[i + 1] = GAP
    return "".join(chars)


@cache
def _asked_unit_pattern() -> re.Pattern:
    rule = lexicon.load("asked")["asked_units"]
    return re.compile(f"(?:{'|'.join(rule['after'])})({'|'.join(sorted(rule['units'], key=len, reverse=True))})")


def _same_unit(stated: str | None, asked: str) -> bool:
    """A fact's unit is the asked one, or the one the domain writes for it (几场 → 场次)."""
    return stated == asked or stated in lexicon.load("asked")["asked_units"].get("same", {}).get(asked, ())


@cache
def _asked_persons_pattern() -> re.Pattern:
    """多少选手 / 几名学员: a noun of persons after the question word (asked.json asked_units persons)."""
    rule = lexicon.load("asked")["asked_units"]
    persons = rule["persons"]
    return re.compile(f"(?:{'|'.join(rule['after'])})(?:{'|'.join(persons['counters'])})?(?:{'|'.join(persons['nouns'])})")


def _asked_unit(text: str) -> str | None:
    m = _asked_unit_pattern().search(text)
    if m:
        return m.group(1)
    rule = lexicon.load("asked")["asked_units"]
    if _asked_persons_pattern().search(text):
        return rule["persons"]["unit"]
    return next((u for u in rule["bare"] if u in text), None)


def _fit(f: Fact, q: Question, text: str, unit: str | None) -> float:
    """Bonus or penalty for how the fact's aspect, period, unit and qualifiers suit the question."""
    score = _origin_fit(f, q)
    score += _ASPECT_FIT.get(f.aspect, _amount_fit)(f, q, text)
    return score + _unit_fit(f, unit) + _period_fit(f, q) + _place_fit(f, text)


def _origin_fit(f: Fact, q: Question) -> float:
    """The text states a figure plainly; a question naming a table ("…表中") asks the table's."""
    if _says(q.text, "table"):
        return 1.0 if f.origin == "table" else -0.5
    return 0.5 if f.origin == "text" else 0.0


def _asked_fit(f: Fact, q: Question, text: str) -> float:
    """A change, rate, share or execution rate fits as far as the quantity asked wants its
    aspect (asked.json preferences): first choice, a later one, or not asked at all."""
    ask = asked(q.intents)
    if ask is None or not ask.answered_by(f, asked_base(q)):
        return -6
    return 4 - ask.aspects.index(f.aspect)


def _says(text: str, cue: str) -> bool:
    """True when `text` holds one of the words of asked.json fit_cues[cue]."""
    return any(w in text for w in lexicon.load("asked")["fit_cues"][cue])


def _target_fit(f: Fact, q: Question, text: str) -> float:
    return 2 if "target" in q.intents or (q.periods and f.period in q.periods) else 0


def _score_fit(f: Fact, q: Question, text: str) -> float:
    asks_score = _says(q.text, "score")
    score = 3 if asks_score else -8
    # A project's score with no indicator named is the form's 总分, not a row's; the
    # fund row's score rates the spending only.
    funds = _says(q.text, "score_of_funds")
    if asks_score and f.row_path and f.row_path[-1] == total_score_label():
        score += 0 if funds else 1.5
    elif f.row_path and clean_label(f.row_path[-1]) in _TOTAL_ROWS:
        score += 1.5 if funds else -2
    # A score row has the weight (分值) beside the score earned (得分): the score is meant.
    if any(_says(c, "weight_column") for c in f.column_path) and not _says(text, "weight"):
        score -= 1
    return score


def _standard_fit(f: Fact, q: Question, text: str) -> float:
    # "补贴标准为每人每月2675.84元": a rate per head, what 标准 / 每人 ask for.
    return 2 if _says(q.text, "standard") else -1


def _count_fit(f: Fact, q: Question, text: str) -> float:
    return 2 if "count" in q.intents else 0


def _amount_fit(f: Fact, q: Question, text: str) -> float:
    score = -2.0 if asked(q.intents) else 1.0
    if f.unit in _MONEY and _says(q.text, "standard_total"):
        score -= 1.5  # a total, where a per-head standard is asked
    return score


_ASPECT_FIT = {"change": _asked_fit, "rate": _asked_fit, "variance_rate": _asked_fit, "share": _asked_fit,
               "target": _target_fit, "actual": _target_fit, "execution_rate": _asked_fit,
               "score": _score_fit, "standard": _standard_fit, "count": _count_fit}


def _unit_fit(f: Fact, unit: str | None) -> float:
    if not unit:
        return 0.0
    if _same_unit(f.unit, unit):
        return 3.0
    if f.unit in _MONEY or f.unit in ("%", "％"):
        return -3.0
    # A count in another measure (13项 where 多少人 is asked); 人次 still counts people.
    return -1.5 if f.unit and not set(f.unit) & set(unit) else 0.0


def _period_fit(f: Fact, q: Question) -> float:
    if _of_the_year_before(f, q):  # "衢江区2015年…" of a 2016 statement: its 上年数 (2015年 row)
        if f.period == _PREVIOUS_YEAR:
            return 2.0
        if f.period and not set(q.years) & _named_years(f):
            return -1.5  # the document's own year, or a column of another year
    if q.periods:
        if f.period in q.periods or f.period in _equivalent_periods(tuple(q.periods), f.unit in _MONEY):
            return 2.0
        if f.period in _specific_periods(tuple(q.periods)):
            return 1.0  # 年初预算数 where 预算 is asked: a budget, though not the one plainly named
        return -1.5 if f.period else 0.0
    return _unnamed_period_fit(f, q)


def _of_the_year_before(f: Fact, q: Question) -> bool:
    """True when the question names only the year before the fact's document (a later statement
    answering for a year whose own disclosure is absent)."""
    return bool(f.year) and f.year - 1 in q.years and f.year not in q.years


def _named_years(f: Fact) -> set[int]:
    """The years a fact's row or column names ("2021年完成数", a row "2015年")."""
    return {int(y) for y in re.findall(r"(\d{4})年", " ".join(f.row_path + f.column_path))}


def _unnamed_period_fit(f: Fact, q: Question) -> float:
    """No period asked: what was achieved, and the document's own period, not the year before."""
    if f.aspect == "actual" and f.doc_type == "final_accounts" and "target" not in q.intents:
        # A final account's self-evaluation: a plain question asks what was achieved.
        return 1.0
    if f.period and any(w in f.period for w in lexicon.load("periods")["period_words"]["not_own"]):
        return -2.0
    # A final account's budget column ("三公经费是多少" of a 决算: its 决算数, not its 预算数).
    own = _own_period(f.doc_type)
    return -2.0 if own and f.period and f.unit in _MONEY and f.aspect == "amount" and f.period != own else 0.0


def _own_period(doc_type: str) -> str | None:
    """The period a document of `doc_type` reports (periods.json doc_type_default)."""
    return lexicon.load("periods")["doc_type_default"].get(doc_type)


@cache
def _specific_periods(periods: tuple[str, ...]) -> frozenset[str]:
    """The more specific periods of the ones a question names (预算数: 年初预算数, 全年预算数; periods.json)."""
    table = lexicon.load("periods")["most_specific"]
    return frozenset(x for p in periods for x in table.get(p, ()))


@cache
def _equivalent_periods(periods: tuple[str, ...], money: bool) -> frozenset[str]:
    """Periods of a money figure meeting the ones a question names ("实际花了": 决算数; asked.json)."""
    table = lexicon.load("asked")["money_periods"] if money else {}
    return frozenset(e for p in periods for e in table.get(p, ()))


def _place_fit(f: Fact, text: str) -> float:
    """Qualifiers of the fact's table and columns the question leaves unsaid, parts and totals."""
    where = norm_name(" ".join([f.table or "", *f.column_path]))
    unasked = sum(1 for w in lexicon.load("questions")["qualifiers"] if w in where and w not in text)
    return -min(0.5, 0.25 * unasked) + _part_fit(f, text) + _total_fit(f, text)


def _part_fit(f: Fact, text: str) -> float:
    """A part of a project or total ("项目/奖金") stated in the text when the question names neither;
    a part named as a kind of its total (授予小微企业合同金额 of 授予中小企业合同金额) names itself."""
    if f.origin != "text" or len(f.row_path) < 2:
        return 0.0
    parent = clean_label(f.row_path[-2])
    return 0.0 if parent in text or _kind_of(clean_label(f.row_path[-1]), parent) else -1.5


@lru_cache(maxsize=1 << 12)
def _kind_of(part: str, parent: str) -> bool:
    """True when half of `part`'s bigrams or more are its parent's: a kind of it, named in full."""
    grams = _bigrams(part)
    return bool(grams) and 2 * len(grams & _bigrams(parent)) >= len(grams)


def _total_fit(f: Fact, text: str) -> float:
    """A total column's cell is the row's figure; a total row's cell under a named column is that
    column's figure, not the total asked for, unless the question asks a total (asked.json totals).
    A column naming a year (2021年完成数) is a period of the row's figure, not a part of it."""
    words = lexicon.load("asked")["totals"]
    score = 0.5 if f.column_path and any(w in f.column_path[0] for w in words["columns"]) else 0.0
    if f.origin == "table" and f.row_path and any(w in f.row_path[-1] for w in words["rows"]) \
            and f.column_path and not _column_years(f.column_path) and not any(w in text for w in words["asked_by"]):
        score -= 1.5
    return score
