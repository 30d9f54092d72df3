"""`Answerer.load(index_dir).ask(question, session)`: the answering stage.

Order of work for one question: parse (question.py) → merge the conversation's
context (session.py) → choose documents (resolve.py) → the first answer of the
question kinds (qa/answer/kinds/, tried in the order qa/lexicon/answer_kinds.json
declares: comparison, definition, listing, reason, purpose, fact, passage) → grounding
check (compose.py) → Answer with ms. Everything is loaded once; a warm question
costs a few milliseconds unless it needs retrieval. `ask` keeps no state of its
own between calls, so one Answerer serves concurrent requests.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path

from qa import lexicon
from qa.answer import wide
from qa.answer.catalog_index import CatalogIndex
from qa.answer.compose import grounded, place_of, say, wording
from qa.answer.derive import Comparisons
from qa.answer.documents import Documents
from qa.answer.figures import Audit, Figures
from qa.answer.kinds import Ctx, Kind, first_answer, load_kinds
from qa.answer.kinds.fact import ambiguous
from qa.answer.lookup import FactIndex, Scored, fact_loader
from qa.answer.passages import PassageSearch
from qa.answer.question import (
    CJK,
    GAP,
    Question,
    blank_mention,
    clauses,
    core_words,
    document_totals,
    forget_mention,
    in_metric_names,
    metric_words,
    normalize,
    parse_question,
    quoted_figures,
)
from qa.answer.resolve import Catalog, DocInfo, Scope, TextsInMemory, WorldPlaces, labels
from qa.answer.session import Session
from qa.types import Answer, Document

log = logging.getLogger(__name__)


def _covered(s: int, e: int, spans) -> bool:
    """True when every position of s:e lies in one of `spans` (lexicon regions and departments)."""
    return all(any(a <= i < b for a, b, *_ in spans) for i in range(s, e))


def _world_places(index_dir: Path) -> WorldPlaces:
    """The place forms the build wrote (an index built before it has none: no place is refused)."""
    from qa.build import PLACES_FILE

    try:
        data = json.loads((index_dir / PLACES_FILE).read_text(encoding="utf-8"))
        return WorldPlaces(frozenset(data["names"]), frozenset(data["short"]))
    except (OSError, ValueError, KeyError):
        return WorldPlaces()


def _texts_of(documents: Mapping[str, Document]) -> TextsInMemory:
    """Every document's normalised text, read at start: for an index built before catalog.sqlite."""
    return TextsInMemory({d: normalize("".join(doc.lines)) for d in documents if (doc := documents.get(d))})


# Characters after a place that, standing with it in a document, make it part of a phrase.
PLACE_PHRASE_TAIL = 4


def _words_of(turn: Turn) -> str:
    """What the turn's facts are ranked by: its metric words, else the question's residue."""
    return turn.words if turn.words else turn.q.residue


def _organisation(name: str) -> bool:
    """True when `name` ends with an organisation suffix (organisations.json suffixes: 院, 局, 社 …)."""
    return name.endswith(tuple(lexicon.load("organisations")["suffixes"]))


def _has_content(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text or ""))


def _asks_nothing(words: str, session: Session | None) -> bool:
    """True when a question names no metric: its words (issuer, year and fillers gone) hold
    no Chinese character ("2700", "3774.79"), or nothing at all and there is no earlier
    question to borrow the metric from ("服务中心", "2024年")."""
    if re.search(f"[{CJK}]", words):
        return False
    return bool(words.replace(GAP, "")) or session is None or session.scope is None


@dataclass
class Turn:
    """One question being answered: what it asks, its words, its scope, the follow-up hint."""

    q: Question
    words: str
    scope: Scope
    hint: str = ""  # the previous question's metric, breaking ties in a follow-up
    subject: str = ""  # what a follow-up points at ("这个项目"): the previous metric


class Answerer:
    """Answers questions over one built index."""

    def __init__(self, catalog: Catalog, facts: FactIndex, documents: Mapping[str, Document],
                 searcher=None, audit: Audit | None = None, phraser=None,
                 world_places: WorldPlaces | None = None, kinds: tuple[Kind, ...] | None = None,
                 keys: CatalogIndex | None = None):
        self.catalog = catalog
        self.keys = keys  # the catalog index: candidate documents of a question naming no unit
        self.world_places = world_places or WorldPlaces()  # every place of China (places.json)
        self.facts = facts
        self.documents = documents
        self.phraser = phraser
        self.searcher = searcher  # public: the web app searches with the same loaded model
        self.figures = Figures(catalog, documents, facts, audit or [])
        self.passages = PassageSearch(searcher, documents, self.figures.title)
        self.comparisons = Comparisons(catalog, facts, self.figures, self._not_found_doc)
        # The question kinds, tried in the order qa/lexicon/answer_kinds.json declares.
        self.kinds = kinds if kinds is not None else load_kinds("question_kinds")
        self.wide_bound = wide.BOUND  # documents in scope past which candidates are chosen store-side

    @classmethod
    def load(cls, index_dir: Path | str) -> Answerer:
        """Load the manifest, the catalog index, FAISS/BM25 and the embedder once; a document's
        lines (documents.Documents) and facts (lookup.FactIndex) are read when a question first
        needs that document, what the catalog checks in texts from catalog.sqlite."""
        from qa.answer.phraser import load_phraser
        from qa.build import load_built_document, read_manifest
        from qa.facts import open_store
        from qa.indexdir import resolve
        from qa.retrieval import Searcher

        index_dir = resolve(index_dir)  # once: every part below comes from one generation
        keys = CatalogIndex.open(index_dir)
        # The manifest (its audit grows with every document) is parsed only for an index built before catalog.sqlite.
        manifest = {"documents": keys.entries()} if keys is not None else read_manifest(index_dir)
        audit = keys.findings if keys is not None else manifest.get("audit", [])
        documents = Documents([e["doc"] for e in manifest.get("documents", [])],
                              lambda doc_id: load_built_document(index_dir, doc_id))
        texts = keys if keys is not None else _texts_of(documents)
        facts = FactIndex(fact_loader(open_store(index_dir / "facts.sqlite", readonly=True), documents))
        searcher = Searcher.load(index_dir)
        searcher.search(lexicon.load("questions")["warmup_query"]["text"], k=1)  # loads the embedder now, not on the first question
        return cls(Catalog.from_manifest(manifest, texts), facts, documents, searcher,
                   audit, load_phraser(), _world_places(index_dir), keys=keys)

    # ------------------------------------------------------------------ entry point
    def ask(self, question: str, session: Session | None = None) -> Answer:
        """Answer `question` (never raises); `session` carries follow-up context."""
        started = time.perf_counter()
        try:
            parts = clauses(str(question or ""))
            answer = self._compound(parts, session) if len(parts) > 1 else self._ask(str(question or ""), session)
        except Exception:  # noqa: BLE001 - a user gets an answer, the log gets the trace
            log.exception("answering failed for %r", str(question)[:200])
            answer = Answer("not_found", say("not_found_general", available=self.catalog.available()))
        return replace(answer, ms=(time.perf_counter() - started) * 1000)

    def _compound(self, parts: list[str], session: Session | None) -> Answer:
        """Several questions in one ("决算多少？比上年增加多少？"): each clause in turn, the
        later ones as follow-ups of the first, joined into one answer with the first's figure.
        Unless every clause is answered, the whole text is asked as one question."""
        trial = deepcopy(session) if session is not None else Session()
        answers = [self._ask(parts[0], trial)]
        first_turn = deepcopy(trial)  # a later follow-up continues the headline question
        answers += [self._ask(p, trial) for p in parts[1:]]
        if any(a.status != "answered" for a in answers):
            whole = self._ask("".join(parts), session)
            # "…测算多少？2021年实际执行了多少？": what one clause asks is stated, the other's is not.
            return whole if whole.status == "answered" or answers[0].status != "answered" else _joined(answers)
        if session is not None and first_turn.scope is not None:
            session.remember(first_turn.scope, first_turn.metric_text, first_turn.intents)
        return _headline(_joined(_distinct_figures(answers)), answers)

    def _ask(self, question: str, session: Session | None) -> Answer:
        if not _has_content(question):
            return Answer("not_found", say("refusal_empty"), intent="refusal")
        q = self._parsed(question)
        words = metric_words(q)
        totals = document_totals(q, words) if session is None or session.scope is None else ()
        words = totals[0] if totals else words
        if _asks_nothing(words, session):
            return Answer("not_found", say("refusal_no_metric", units=self.catalog.units(), years=self.catalog.years()),
                          intent="refusal")
        turn, soft_years = self._turn(q, words, session)
        if self.catalog.foreign_units(turn.scope):
            return self._not_found_doc(turn.scope)
        docs = self._docs(turn, soft_years)
        if not docs:
            return self._not_found_doc(turn.scope)
        if choice := self.catalog.kind_choice(turn.scope, docs):
            return ambiguous(choice)  # "县公安局2020年…": which of the units of that kind
        answer = self._answer_totals(turn, docs, soft_years, totals[1:])
        if answer is None:
            return self._unanswered(turn, docs)
        self._remember(session, answer, turn)
        return self._finish(answer)

    def _parsed(self, question: str) -> Question:
        """The question parsed, its mentions read against the index's own names and places."""
        q = parse_question(question)
        self._drop_mentions(q)
        self._catalog_units(q)
        self._foreign_places(q)
        self._summarised_units(q)
        return q

    def _turn(self, q: Question, words: str, session: Session | None) -> tuple[Turn, bool]:
        """The turn to answer and whether its years are only borrowed from the session."""
        has_metric = bool(core_words(words))
        scope, soft_years = self._scope(q, session, has_metric)
        turn = Turn(q, words, scope)
        if session is not None and session.scope is not None:
            _follow_up(turn, session, has_metric)
        return turn, soft_years

    def _docs(self, turn: Turn, soft_years: bool) -> list[DocInfo]:
        """The documents of the turn's scope; borrowed years give way when none has them."""
        docs = self.catalog.select(turn.scope) or self._sides_docs(turn)
        if not docs and soft_years:
            turn.scope = replace(turn.scope, years=())
            docs = self.catalog.select(turn.scope)
        return docs

    def _sides_docs(self, turn: Turn) -> list[DocInfo]:
        """A comparison whose sides name their units in different ways (巴州人社局2024年…比服务中心
        2025年…): no document is of both, so the documents of each side, in order."""
        return self.comparisons.sides_documents(turn.q, turn.scope) if "compare" in turn.q.intents else []

    def _answer_docs(self, turn: Turn, docs: list[DocInfo], soft_years: bool) -> Answer | None:
        """The answer from `docs`, else without borrowed years, else from documents of other kinds."""
        answer = self._dispatch(turn, docs)
        if answer is None and soft_years:
            turn.scope = replace(turn.scope, years=())
            answer = self._dispatch(turn, self.catalog.select(turn.scope))
        if answer is None:
            answer = self._dispatch(turn, self.catalog.left_out_by_type(turn.scope))
        return answer

    def _answer_totals(self, turn: Turn, docs: list[DocInfo], soft_years: bool, others: tuple[str, ...]) -> Answer | None:
        """The answer from `docs`; a document's total asked by its word ("支出") tries the total's
        other names in turn (本年支出, else 支出总计) until one is answered."""
        answer = self._answer_docs(turn, docs, soft_years)
        for words in others:
            if answer is not None and answer.status == "answered":
                break
            turn.words = words
            answer = self._answer_docs(turn, docs, soft_years) or answer
        return answer

    def _unanswered(self, turn: Turn, docs: list[DocInfo]) -> Answer:
        """No kind answered: an off-topic refusal, or not_found naming the documents searched."""
        q = turn.q
        if q.hostile:
            return Answer("not_found", say("refusal_offtopic", available=self.catalog.available()),
                          intent="refusal")
        what = turn.words.replace(GAP, "") or q.text
        if len(docs) == len(self.catalog.docs):
            return Answer("not_found", say("not_found_general", available=self.catalog.available()),
                          intent="not_found")
        return Answer("not_found", say("not_found_fact", docs=labels(docs), what=what),
                      intent="not_found")

    def _remember(self, session: Session | None, answer: Answer, turn: Turn) -> None:
        """Remember the words asked and the name they matched: a follow-up may echo either."""
        if session is None or answer.status != "answered":
            return
        said = GAP.join(x for x in (core_words(turn.words), answer.context.get("metric", "")) if x)
        session.remember(self._answered_scope(answer, turn.scope), said, turn.q.intents)

    def _drop_mentions(self, q: Question) -> None:
        """Forget a region, department or year the corpus uses inside a name ("帮扶克州资金",
        "人社局劳动保障大厦维修经费", "2021年度博士后资助经费"): its words belong to the name."""
        self._drop_regions(q)
        self._drop_orgs(q)
        self._drop_quoted_units(q)
        self._drop_years(q)

    def _drop_regions(self, q: Question) -> None:
        regions = self.catalog.regions
        for s, e, name in q.region_spans:
            if name not in regions and name in q.regions and (
                    self._known(q.text[max(0, s - 2):e]) or self._known(q.text[s:e + 2])):
                q.regions.remove(name)
                forget_mention(q, s, e)

    def _drop_orgs(self, q: Question) -> None:
        for s, e, name in q.org_spans:
            # A department word followed by four more characters of a name in the corpus.
            phrase = q.text[s:e + 4]
            if name in q.orgs and self._known(phrase, tail=4) and self.catalog.names_with(phrase, q.text[s:e], name):
                q.orgs.remove(name)
                forget_mention(q, s, e)

    def _drop_quoted_units(self, q: Question) -> None:
        for s, e, name, tail in q.unit_spans:
            # "自治州本级区内协作…": the question quotes a document's phrase, not a unit.
            phrase = q.text[s:e + tail]
            # A place right before a department the lexicon knows qualifies it ("赫山区财政局"),
            # however a document quotes that unit.
            qualifies = any(os == e for os, _oe, _n in q.org_spans)
            # An organisation's name alone ("国务院2025年…") is the unit asked, however documents cite it.
            cited = self._known(phrase, tail=1) and (tail or not _organisation(name))
            if name in q.unknown_units and len(phrase) == e - s + tail and not qualifies and (
                    cited or in_metric_names(name)):
                q.unknown_units.remove(name)
        for s, e, name, _tail in q.unit_spans:
            if name in q.unknown_units:  # the issuer the question names, not a metric word
                blank_mention(q, s, e)

    def _drop_years(self, q: Question) -> None:
        years = self.catalog.doc_years
        for s, e, year in q.year_spans:
            if year not in years and year in q.years and self.catalog.known_phrase(q.text[s:e + 4]):
                q.years.remove(year)

    def _catalog_units(self, q: Question) -> None:
        """Add the units and places of the index's own documents that the question names
        ("清水河街道", "六安工商联", "凉山州"): a name found by the lexicon's rules that fits no
        document gives way to the catalog's name inside it ("和碌曲县公安局" → 碌曲县公安局)."""
        known = q.region_spans + q.org_spans
        for s, e, name in self.catalog.mentions(q.text):
            if _covered(s, e, known):
                continue
            clashing = [u for u in q.unit_spans if s < u[1] and u[0] < e]
            if any(not self._gives_way(q, u, s, e) for u in clashing):
                continue
            for u in clashing:
                q.unit_spans.remove(u)
                if u[2] in q.unknown_units and not any(x[2] == u[2] for x in q.unit_spans):
                    q.unknown_units.remove(u[2])
            q.unit_spans.append((s, e, name, 0))
            q.unknown_units.append(name)
            blank_mention(q, s, e)
        q.unknown_units = list(dict.fromkeys(q.unknown_units))

    def _summarised_units(self, q: Question) -> None:
        """A unit no document is of, whose place's own summary names it ("鄂城区公安局2022年购置了
        几台车": 鄂城区's statement says 公安局购置8台车): the place is the unit asked, the rest of
        the name part of what is asked."""
        for i, (s, e, name, _tail) in enumerate(q.unit_spans):
            if name not in q.unknown_units or self.catalog.fits_issuer(name):
                continue
            place = self.catalog.summary_place(name)
            if place:
                _rename_unit(q, i, s + len(place), place)
                q.within.append(name[len(place):])
                forget_mention(q, s + len(place), e)

    def _foreign_places(self, q: Question) -> None:
        """A place of China the question names that no document is from ("2024年北京…",
        "昆明人社局") is a unit the corpus lacks: the answer is not_found naming it. A place
        inside a phrase some document uses ("福建援疆资金", with PLACE_PHRASE_TAIL characters
        after it) is part of what is asked, no unit."""
        taken = q.region_spans + q.org_spans + [u[:3] for u in q.unit_spans]
        for s, e, form in self.world_places.mentions(q.text):
            if _covered(s, e, taken) or self.catalog.has_place(form) or self._placed_unit(q, s, e) \
                    or self._known(q.text[s:e + PLACE_PHRASE_TAIL], tail=PLACE_PHRASE_TAIL):
                continue
            q.unit_spans.append((s, e, form, 0))
            q.unknown_units.append(form)

    def _placed_unit(self, q: Question, s: int, e: int) -> bool:
        """A place running into a unit named after it ("北塔区政协": 区政协 of 北塔区) is part of
        that unit's name when the whole fits a document: the unit is read with its place."""
        for i, (us, ue, name, _tail) in enumerate(q.unit_spans):
            whole = q.text[s:ue]
            if s < us < e <= ue and name in q.unknown_units and self.catalog.fits_issuer(whole):
                _rename_unit(q, i, ue, whole, start=s)
                blank_mention(q, s, ue)
                return True
        return False

    def _gives_way(self, q: Question, unit: tuple[int, int, str, int], s: int, e: int) -> bool:
        """True when a unit the rules found yields to the catalog name at s:e: it lies inside
        it, ends with it and fits no document, or is a phrase the corpus quotes (dropped as a
        unit: "凉山州州本级" still names 凉山州)."""
        inside = s <= unit[0] and unit[1] <= e
        quoted = unit[2] not in q.unknown_units
        # "和碌曲县公安局": words before the catalog's name; "合肥市博物馆" goes on past it: another unit.
        return inside or quoted or (unit[1] == e and not self.catalog.fits_issuer(unit[2]))

    def _known(self, phrase: str, tail: int = 2) -> bool:
        """`phrase` (a mention with `tail` or more characters of context) is all Chinese
        characters, not digits or punctuation, and stands in some document."""
        return len(phrase) > tail and all("\u4e00" <= c <= "\u9fff" for c in phrase) \
            and self.catalog.known_phrase(phrase)

    def _finish(self, answer: Answer) -> Answer:
        """Citations made unique, optional rewrite by the phraser, then the grounding check."""
        unique = tuple(dict.fromkeys(answer.citations))
        if len(unique) != len(answer.citations):
            answer = replace(answer, citations=unique)
        derived = set(answer.context.get("derived", ()))
        if self.phraser is not None and answer.status == "answered":
            rewrite = self.phraser.rephrase(answer)
            if rewrite and grounded(rewrite, answer.citations, derived, self._metadata()):
                answer = replace(answer, answer=rewrite)
        if not grounded(answer.answer, answer.citations, derived, self._metadata()):
            log.warning("ungrounded answer replaced by its quote: %s", answer.answer)
            c = answer.citations[0] if answer.citations else None
            text = say("passage", title=c.title, place=place_of(c), text=c.quote) if c else answer.answer
            answer = replace(answer, answer=text)
        return answer

    def _metadata(self) -> str:
        """The years of the corpus, each once (the grounding check reads the numbers in it)."""
        return " ".join(f"{y}年" for y in self.catalog.year_list)

    # ------------------------------------------------------------------ scope
    def _scope(self, q: Question, session: Session | None, has_words: bool) -> tuple[Scope, bool]:
        """Constraints from the question, completed from the session; True when years are only borrowed."""
        prev = session.scope if session is not None else None
        scope = Scope(q.regions, q.orgs, self._years(q, prev), q.doc_type, q.unknown_units, q.unknown_years,
                      quoted_figures(q.text), q.residue)
        if prev is None:
            return scope, False
        if not q.names_issuer:
            return _same_unit(scope, prev, q.names_year), False
        if not q.names_year and not has_words:
            return self._other_unit(scope, prev), bool(prev.years)
        return scope, False

    def _years(self, q: Question, prev: Scope | None) -> tuple[int, ...]:
        """The years named, relative ones ("去年", "上年") counted from the newest or the previous question's."""
        years = list(q.years)
        newest, own = self._newest_year(q) if q.year_offsets else (None, ())
        for base, offset in q.year_offsets:
            anchor = (prev.years[0] if base == "context" and prev and prev.years else newest)
            if anchor:
                years.append(_this_year(anchor, own) if base == "newest" and offset == 0 else anchor + offset)
        return tuple(dict.fromkeys(years))

    def _newest_year(self, q: Question) -> tuple[int | None, tuple[int, ...]]:
        """What "今年" counts from: the year of the named unit's newest disclosure (a 2024 budget
        speaks of 2024 as this year, a 2024 决算 is last year's), else the corpus's newest year;
        and the years the named unit's disclosures are of."""
        unit = Scope(q.regions, q.orgs, (), None, q.unknown_units)
        docs = [d for d in self.catalog.select(unit) if d.year] if unit.names_unit else []
        return (max(_as_of(d) for d in docs) if docs else self.catalog.newest_year), tuple(d.year for d in docs)

    def _other_unit(self, scope: Scope, prev: Scope) -> Scope:
        """"巴州的呢？": same question, other unit; its year is a hint, not a must. The other
        half of the unit is borrowed only where it exists (巴州 has no 服务中心)."""
        borrowed = replace(scope, regions=scope.regions or prev.regions, orgs=scope.orgs or prev.orgs)
        if self.catalog.select(borrowed):
            scope = replace(scope, regions=borrowed.regions, orgs=borrowed.orgs)
        return replace(scope, years=prev.years)

    def _answered_scope(self, answer: Answer, scope: Scope) -> Scope:
        """The scope to remember: the unit and year of the document actually used."""
        docs = [self.catalog.get(c.doc) for c in answer.citations]
        docs = [d for d in docs if d is not None]
        if len({d.doc_id for d in docs}) != 1:
            return scope
        d = docs[0]
        if not (d.issuer or d.region):
            # A document naming no unit: the question's own words (本部门, 我镇) and its year find it again.
            return replace(scope, years=(d.year,) if d.year else scope.years)
        return _scope_of(d)

    # ------------------------------------------------------------------ dispatch
    def _dispatch(self, turn: Turn, docs: list[DocInfo]) -> Answer | None:
        """The first answer of the question kinds, walked in their declared order, from the
        candidate documents (all of `docs` unless they are many: wide.choose); an ambiguous
        figure among too many units' documents to rank is answered naming a few of them."""
        if not docs:
            return None
        chosen = wide.choose(self.keys, turn.q, _words_of(turn), docs, self.wide_bound)
        docs = list(chosen.docs)
        ctx = Ctx(turn, docs, self._rank(turn, docs), self)
        answer = first_answer(self.kinds, ctx, turn.q.intents)
        if chosen.wide and answer is not None and answer.status == "ambiguous":
            return wide.wide_answer(chosen)
        return answer

    def _rank(self, turn: Turn, docs: list[DocInfo]) -> list[Scored]:
        return self.facts.rank(turn.q, [d.doc_id for d in docs], _words_of(turn), hint=turn.hint, subject=turn.subject)

    # ------------------------------------------------------------------ refusals
    def _not_found_doc(self, scope: Scope) -> Answer:
        nearest = self.catalog.nearest(scope)
        near = say("nearest", docs=labels(nearest)) if nearest else ""
        return Answer("not_found", say("not_found_doc", asked=self.catalog.describe(scope), nearest=near,
                                       units=self.catalog.units(scope), years=self.catalog.years(),
                                       available=self.catalog.available()), intent="not_found")


def _rename_unit(q: Question, i: int, end: int, name: str, start: int | None = None) -> None:
    """Read the i-th unit the question names as `name`, spanning start (its own, by default) to end."""
    s, _e, old, tail = q.unit_spans[i]
    q.unit_spans[i] = (s if start is None else start, end, name, tail)
    q.unknown_units[q.unknown_units.index(old)] = name


def _this_year(as_of: int, own: tuple[int, ...]) -> int:
    """"今年" of a unit: the year its newest disclosure speaks from, unless it has none of that
    year (a 2024 决算 and nothing later: 今年 is the year it reports, 2024)."""
    return as_of if not own or as_of in own else max(own)


def _as_of(d: DocInfo) -> int:
    """The year a disclosure speaks from: its own, or the next for one looking back on its year."""
    return d.year + (d.doc_type in lexicon.load("questions")["published_after_year"]["types"])


def _scope_of(d: DocInfo) -> Scope:
    """The unit (lexicon department, issuer or region), year and kind of one document."""
    orgs = [o["name"] for o in lexicon.load("issuers")["organisations"] if o["name"] in d.issuer]
    units = [d.issuer] if d.issuer and not orgs else []
    return Scope([d.region] if d.region and not units else [], orgs[:1], [d.year] if d.year else [], d.doc_type, units)


def _same_unit(scope: Scope, prev: Scope, names_year: bool) -> Scope:
    """A follow-up naming no unit keeps the previous one, and its year and kind unless it names a year."""
    scope = replace(scope, regions=prev.regions, orgs=prev.orgs, unknown_units=prev.unknown_units)
    if not names_year:
        scope = replace(scope, years=prev.years, doc_type=scope.doc_type or prev.doc_type)
    return scope


def _follow_up(turn: Turn, session: Session, has_metric: bool) -> None:
    """A follow-up naming no metric asks the previous one again; one naming a metric but no
    unit has the previous metric as a hint, and as its subject when it points at it
    ("这个项目自评总分多少")."""
    q = turn.q
    if not has_metric:
        turn.words = session.metric_text
        q.intents = q.intents or set(session.intents)
    elif not q.names_issuer:
        turn.hint = session.metric_text
        if any(d in q.text for d in lexicon.load("questions")["demonstratives"]):
            turn.subject = session.metric_text


def _distinct_figures(answers: list[Answer]) -> list[Answer]:
    """One answer per figure: "多少，原因是啥" restates the figure with its reason, the longer kept."""
    joined: list[Answer] = []
    for a in answers:
        same = next((i for i, b in enumerate(joined) if (b.value, b.unit) == (a.value, a.unit)), None)
        if same is None:
            joined.append(a)
        elif len(a.answer) > len(joined[same].answer):
            joined[same] = replace(a, intent=joined[same].intent)
    return joined


# Answers of these intents restate or explain a figure: they ask none of their own.
_EXPLAINING = frozenset({"reason", "purpose", "definition", "list", "passage"})


def _headline(joined: Answer, answers: list[Answer]) -> Answer:
    """A compound question asking two figures ("编制多少，实有多少") has no one headline: both are
    in its text, its value is left empty; one figure and its reason keep the figure."""
    figures = {(a.value, a.unit) for a in answers if a.value is not None and a.intent not in _EXPLAINING}
    return replace(joined, value=None, unit=None) if len(figures) > 1 else joined


def _joined(answers: list[Answer]) -> Answer:
    """The answers as one, the first's lead ("…2023年部门决算中，") said once, every citation kept."""
    first = answers[0]
    citations = tuple(dict.fromkeys(c for a in answers for c in a.citations))
    end = wording()["lead_end"]
    lead = first.answer[:first.answer.find(end) + len(end)] if end in first.answer else ""
    rest = [a.answer[len(lead):] if lead and a.answer.startswith(lead) else a.answer for a in answers[1:]]
    return replace(first, answer=first.answer + "".join(rest), citations=citations)
