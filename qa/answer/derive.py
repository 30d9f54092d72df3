"""Comparisons: figures computed from two stated figures, each side found and cited.

`targets` splits a comparison question into its sides (two years, two units);
`Comparisons.answer` finds each side's figure, or a document's budget and final
figure of one metric, or two metrics of one document, and `compare` words the
difference. A derived number is written with the precision of its operands and
returned in `derived`, so the grounding check accepts it while every operand is cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from qa import lexicon
from qa.answer.compose import canonical_number, decimals_of, format_amount, label, say, shown
from qa.answer.figures import said_metric
from qa.answer.lookup import against_budget, asked
from qa.answer.question import GAP, Question, doc_type_of, periods_of
from qa.answer.resolve import DocInfo, Scope, of_common_units
from qa.types import Answer, Fact

# A fact must account for at least this much of the question to be its answer.
MIN_FACT_SCORE = 4.0


@dataclass
class Derived:
    text: str
    value: float
    unit: str
    derived: set[str]


def compare(a: Fact, b: Fact, a_label: str, b_label: str, metric: str, two: bool = False) -> Derived:
    """"{a_label}{metric}为…，{b_label}为…；a比b多/少…（高/低…%）"."""
    unit = a.unit or ""
    places = max(decimals_of(shown(a)), decimals_of(shown(b)))
    diff = round(a.value - b.value, places)
    fields = dict(a_label=a_label, b_label=b_label, metric=metric, a_value=shown(a), b_value=shown(b), unit=unit)
    if diff == 0:
        return Derived(say("compare_equal", **fields), 0.0, unit, {"0"})
    diff_text = format_amount(abs(diff), places)
    derived = {canonical_number(diff_text)}
    if unit in PERCENT and not two:  # two rates differ by points, not by a share of one
        text = say("compare_points", **fields, a_short=a_label, b_short=b_label, diff=diff_text,
                   direction=label("directions", "ratio_up" if diff > 0 else "ratio_down"))
        return Derived(text, abs(diff), unit, derived)
    ratio = ""
    if b.value:
        pct = f"{abs(diff) / abs(b.value) * 100:.2f}"
        derived.add(canonical_number(pct))
        ratio = say("compare_ratio", pct=pct,
                    direction_rate=label("directions", "ratio_up" if diff > 0 else "ratio_down"))
    text = say("compare_two" if two else "compare", **fields, a_short=a_label, b_short=b_label,
               direction=label("directions", "more" if diff > 0 else "less"), diff=diff_text, ratio=ratio)
    return Derived(text, abs(diff), unit, derived)


PERCENT = frozenset(lexicon.load("units")["percent"])

# Head counts are written with any of these (编制数 67个 / 89人): units.json head_counts.
_HEADS = frozenset(lexicon.load("units")["head_counts"])


def same_unit(a: Fact, b: Fact) -> bool:
    """Two figures can be compared only in the same unit (万元 with 万元, % with %, 人 with 个)."""
    ua, ub = a.unit or "", b.unit or ""
    return ua == ub or {ua, ub} <= _HEADS


@dataclass
class Target:
    """One side of a comparison: the unit and year named for it and the words around them."""

    regions: list[str]
    orgs: list[str]
    years: list[int]
    text: str  # the question from this target's mention up to the next one
    units: list[str] = field(default_factory=list)  # names of the index's own units ("碌曲县公安局")


def targets(q: Question) -> list[Target]:
    """Split a comparison question into its sides, one per year mention (or per unit mention).

    "巴州人社局2024年三公经费比服务中心2025年多多少" → [巴州人社局 2024 "三公经费比"],
    [服务中心 2025 "多多少"]. A side that names no unit borrows the one named before it.
    """
    units = _unit_mentions(q)
    years = [(s, e, y) for s, e, y in q.year_spans if y in q.years or y in q.base_years]
    anchors = years if len(years) >= 2 else [(s, e, None) for s, e, *_ in units]
    if len(anchors) < 2:
        return []
    ends = [a[0] for a in anchors[1:]] + [len(q.text)]
    return [_target(q, units, years, anchor, end) for anchor, end in zip(anchors, ends, strict=True)]


def _target(q: Question, units: list, years: list, anchor: tuple, end: int) -> Target:
    """The side starting at `anchor` (a year, or a unit when fewer than two years are named) up to `end`."""
    s, e, year = anchor
    # The unit written just before a year belongs to that year's side.
    owner = next((u for u in reversed(units) if u[0] <= s), None)
    if owner is None:
        return Target([], [], [year] if year else [], q.residue[s:end])
    regions, orgs, named = owner[2], owner[3], owner[4]
    if year is None and owner[0] == s:
        nested = [y for ys, _ye, y in years if s <= ys < end]
        return Target(regions, orgs, nested, q.residue[e:end], named)
    start = owner[0] if s - owner[1] <= 1 else s
    return Target(regions, orgs, [year] if year else [], q.residue[start:end], named)


def _unit_mentions(q: Question) -> list[tuple[int, int, list[str], list[str], list[str]]]:
    """(start, end, regions, orgs, names) of each unit named, a region joined to the organisation
    after it; names are the units no lexicon knows ("碌曲县公安局")."""
    out = [(s, e, [], [], [name]) for s, e, name, _tail in q.unit_spans if name in q.unknown_units]
    out += [(s, e, [], [], [kind]) for s, e, kind in q.kind_spans]  # "比服务中心2025年": a kind is a side's unit
    regions = list(q.region_spans)
    out += _org_mentions(q, regions)
    orgs = list(dict.fromkeys(o for *_, o in q.org_spans))
    for s, e, name in regions:
        out.append((s, e, [name], orgs if len(orgs) == 1 else [], []))
    return sorted(_outermost(out))


def _org_mentions(q: Question, regions: list) -> list[tuple[int, int, list[str], list[str], list[str]]]:
    """Each organisation named, joined to the region written right before it (taken out of `regions`)."""
    out = []
    for s, e, org in q.org_spans:
        reg = next((r for r in regions if 0 <= s - r[1] <= 1), None)
        if reg is not None:
            regions.remove(reg)
            out.append((reg[0], e, [reg[2]], [org], []))
        else:
            out.append((s, e, [], [org], []))
    return out


def _outermost(mentions: list) -> list:
    """A department word inside a unit the catalog knows ("教育局" in "闵行区教育局") is no unit of its own."""
    return [m for m in mentions if not any(o is not m and o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0]
                                           for o in mentions)]


# Aspects of a fact that are no level of its metric: a side of a comparison is a level unless
# the question asks one of these of both sides.
_NOT_LEVELS = ("change", "rate", "share", "variance_rate", "execution_rate", "score")


class Comparisons:
    """Comparison answers: the two sides found, both cited, the difference computed."""

    def __init__(self, catalog, facts, figures, not_found):
        self.catalog = catalog
        self.facts = facts
        self.figures = figures
        self.not_found = not_found  # Scope -> Answer, for a side the corpus lacks

    def answer(self, q: Question, words: str, docs: list[DocInfo], scope: Scope, ranked: list) -> Answer | None:
        """Two stated figures and their difference: two years or units, budget vs final, two metrics."""
        sides = targets(q)
        if len(sides) >= 2:
            return self._compare_sides(q, words, sides[:2], scope)
        if not ranked or ranked[0].score < MIN_FACT_SCORE:
            return None
        if "budget_gap" in q.intents:
            return self._budget_gap(q, ranked)
        # "比2019年减少了多少" compares with a year: a budget and a final figure only when 预算 is named.
        a, b = budget_vs_final(ranked, q) if names_budget(q) else (None, None)
        if a is not None:
            return self._final_against_budget(a, b)
        return self._compare_metrics(q, words, docs)

    def _budget_gap(self, q: Question, ranked: list) -> Answer | None:
        """"决算比预算少多少": the change the document states against the budget, else the
        budget and the final figure of the best metric, their difference computed."""
        if "rate" in q.intents:
            return None  # "比预算下降百分之几": the change's stated rate (Figures)
        stated = stated_budget_change(ranked)
        if stated is not None:
            f = stated
            text = say("budget_gap", **self.figures.who(f), metric=f.metric, direction=f.direction or "",
                       value=shown(f), unit=f.unit or "")
            return Answer("answered", text, value=abs(f.value), unit=f.unit or None,
                          citations=(self.figures.cite(f),), intent="change", context={"metric": f.metric})
        a, b = budget_vs_final(ranked, q)
        return None if a is None else self._final_against_budget(a, b)

    def _final_against_budget(self, budget: Fact, final: Fact) -> Answer | None:
        """"决算数…，{unit}{year}年预算年初预算数…；决算比预算多/少…": one metric's final figure against its budget."""
        la = self.figures.doc_label(budget) + _period_label(budget)
        return self._compared(final, budget, _period_label(final), la, final.metric)

    def sides_documents(self, q: Question, scope: Scope) -> list[DocInfo]:
        """The documents of every side of a comparison, in order ([] unless two or more sides
        each have some): what the question is answered from when no document is of all its units
        (巴州人社局2024年…比服务中心2025年…)."""
        sides = targets(q)
        side_docs = self._sides(sides, scope)[1]
        return list(dict.fromkeys(d for docs in side_docs for d in docs)) if len(sides) >= 2 and all(side_docs) else []

    def _sides(self, sides: list[Target], scope: Scope) -> tuple[list[Scope], list[list[DocInfo]]]:
        """Each side's scope and documents."""
        single_unit = _single_unit(sides)
        subs = [_side_scope(side, scope, single_unit) for side in sides]
        return subs, self._side_docs(subs, scope, single_unit)

    def _compare_sides(self, q: Question, words: str, sides: list[Target], scope: Scope) -> Answer | None:
        """Each side's figure in the documents its unit, year and kind select, and their difference."""
        single_unit = _single_unit(sides)
        subs, side_docs = self._sides(sides, scope)
        missing = next((i for i, docs in enumerate(side_docs) if not docs), None)
        if missing is not None:
            # "比21年多了还是少了": without the base year's disclosure, the change its later year states.
            return None if set(sides[missing].years) & set(q.base_years) else self.not_found(subs[missing])
        if single_unit:  # one unit or none named (a kind, 本部门, a place): one unit's figures
            side_docs = of_common_units(side_docs)
            if not all(side_docs):
                return None
        if not any(sub.years or sub.doc_type for sub in subs):
            side_docs = _like_with_like(side_docs)
        found = self._side_amounts(q, words, sides, side_docs)
        if found is None:
            return None
        a, b = found
        if a.doc_id == b.doc_id and a.line_start == b.line_start:
            return None
        return self._compared(a, b, self.figures.doc_label(a), self.figures.doc_label(b), said_metric(a))

    def _side_docs(self, subs: list[Scope], scope: Scope, single_unit: bool) -> list[list[DocInfo]]:
        """The documents of each side; with one unit named, neither side leaves it, whatever the side's words fit."""
        named = self._named_unit_docs(scope) if single_unit else None
        out = []
        for sub in subs:
            docs = self.catalog.select(sub) or self.catalog.select(replace(sub, doc_type=None))
            out.append(docs if named is None else [d for d in docs if d in named])
        return out

    def _side_amounts(self, q: Question, words: str, sides: list[Target],
                      side_docs: list[list[DocInfo]]) -> list[Fact] | None:
        """Each side's level, found by its own words, else by the question's; None when a side has none."""
        found = []
        for side, docs in zip(sides, side_docs, strict=True):
            # Each side is a level; "有什么变化" here means the difference between the sides.
            side_q = Question(raw=q.raw, text=q.text, periods=periods_of(side.text),
                              intents=q.intents - {"compare", "change", "rate"}, residue=side.text)
            best = self._best_amount(side_q, side.text, docs) or self._best_amount(side_q, words, docs)
            if best is None:
                return None
            found.append(best)
        return found

    def _named_unit_docs(self, scope: Scope) -> list[DocInfo]:
        """Every document of the unit the question names, any year or kind (all when it names none)."""
        return self.catalog.select(replace(scope, years=(), unknown_years=(), doc_type=None))

    def _best_amount(self, q: Question, text: str, docs: list[DocInfo]) -> Fact | None:
        """The best stated level of the metric in `text` among `docs`: not a change or rate,
        unless the question asks that quantity of each side (完成率哪个高, 占比哪个大)."""
        ask = asked(q.intents)
        wanted = ask.aspects if ask is not None else ()
        ranked = [s for s in self.facts.rank(q, [d.doc_id for d in docs], text)
                  if s.fact.aspect in wanted or s.fact.aspect not in _NOT_LEVELS]
        if not ranked or ranked[0].score < MIN_FACT_SCORE:
            return None
        return ranked[0].fact

    def _compare_metrics(self, q: Question, words: str, docs: list[DocInfo]) -> Answer | None:
        """"公务接待费和公务用车运行费哪个多": two metrics of one document."""
        parts = [p for p in re.split("|".join(lexicon.load("questions")["compare_joiners"]), words) if p.strip(GAP)]
        if len(parts) < 2 or len(docs) != 1:
            return None
        a = self._best_amount(q, parts[0], docs)
        b = self._best_amount(q, parts[1], docs)
        if a is None or b is None or a.metric == b.metric:
            return None
        return self._compared(a, b, a.metric, b.metric, "", two=True)

    def _compared(self, a: Fact, b: Fact, la: str, lb: str, metric: str, two: bool = False) -> Answer | None:
        if not same_unit(a, b):
            return None
        result = compare(a, b, la, lb, metric, two=two)
        return Answer("answered", result.text, value=result.value, unit=result.unit or None,
                      citations=(self.figures.cite(a), self.figures.cite(b)), intent="compare",
                      context={"derived": sorted(result.derived)})


def budget_vs_final(ranked: list, q: Question) -> tuple[Fact | None, Fact | None]:
    """A budget figure (年初/全年预算数) and the final figure of the same metric in one document."""
    for s in ranked:
        if _asked_budget(s.fact, q):
            final = next((x.fact for x in ranked if x.fact.doc_id == s.fact.doc_id
                          and x.fact.metric == s.fact.metric and _is_final(x.fact)), None)
            if final is not None:
                return s.fact, final
    return None, None


def _asked_budget(f: Fact, q: Question) -> bool:
    """True for a budget amount of the budget period the question names, if it names one (年初预算, 全年预算)."""
    if f.aspect != "amount" or not _period_is(f.period, "budget"):
        return False
    named = any(_period_is(p, "budget") and p != _PERIOD_WORDS["budget_default"] for p in q.periods)
    return not named or f.period in q.periods


def _is_final(f: Fact) -> bool:
    """True for a final (决算数) or executed (执行数) amount."""
    return f.aspect == "amount" and _period_is(f.period, "final")


def _period_label(f: Fact) -> str:
    return label("period_labels", f.period, f.period or "")


def _single_unit(sides: list[Target]) -> bool:
    """True when the sides name one unit at most (two years of one unit)."""
    return len({(tuple(s.regions), tuple(s.orgs), tuple(s.units)) for s in sides
                if s.regions or s.orgs or s.units}) <= 1


def _side_scope(side: Target, scope: Scope, single_unit: bool) -> Scope:
    """The scope of one side: its unit (the question's one unit when it names none), year and kind."""
    regions, orgs, units = side.regions, side.orgs, side.units
    if not (regions or orgs or units) and single_unit:
        regions, orgs, units = scope.regions, scope.orgs, scope.unknown_units
    return Scope(regions, orgs, side.years, doc_type_of(side.text), units, words=scope.words)


def _like_with_like(side_docs: list[list[DocInfo]]) -> list[list[DocInfo]]:
    """Two units, no year or kind named: budget with budget, final with final, where both have it."""
    common = set.intersection(*({d.doc_type for d in docs} for docs in side_docs))
    return [[d for d in docs if d.doc_type in common] for docs in side_docs] if common else side_docs


def names_budget(q: Question) -> bool:
    """True when the question names a budget period (预算, 年初预算, 调整后预算)."""
    return any(_period_is(p, "budget") for p in q.periods)


_PERIOD_WORDS = lexicon.load("periods")["period_words"]


def _period_is(period: str | None, kind: str) -> bool:
    """True when a period's words say it is of `kind` (periods.json period_words: budget, final)."""
    return bool(period) and any(w in period for w in _PERIOD_WORDS[kind])


def stated_budget_change(ranked: list) -> Fact | None:
    """The best change fact whose statement sets it against the budget (…比预算数减少67.62万元,
    …差值为0.9万元: questions.json budget_bases written just before the figure)."""
    for s in ranked:
        if s.score < MIN_FACT_SCORE:
            break
        if s.fact.aspect == "change" and against_budget(s.fact):
            return s.fact
    return None
