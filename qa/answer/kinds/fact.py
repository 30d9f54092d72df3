"""Fact: the best-ranked figure worded by its fact kind; documents that fit equally well
but state different figures make the question ambiguous, the same figure is cited in each."""

from dataclasses import replace

from qa import lexicon
from qa.answer.compose import say
from qa.answer.derive import MIN_FACT_SCORE
from qa.answer.question import GAP, core_words, figures_with_units
from qa.types import Answer

NAME = "fact"
# Two documents whose best facts score within this margin fit the question equally.
TIE_MARGIN = 1.5


def answer(ctx):
    ranked = ctx.ranked
    if not ranked or ranked[0].score < _floor(ctx.turn):
        return None
    top = ranked[0]
    rivals = _told_apart(_rivals(top, ranked, ctx.turn.scope), ctx)
    top = rivals[0]
    if len(rivals) > 1 and len({(round(s.fact.value, 6), s.fact.unit) for s in rivals}) > 1:
        return ambiguous([ctx.answerer.catalog.get(s.fact.doc_id) for s in rivals])
    figures = ctx.answerer.figures
    found = figures.answer(ctx.turn.q, top, ranked)
    if found is None or len(rivals) == 1:
        return found
    return _same_elsewhere(found, [s for s in rivals if s is not top], figures)


def _floor(turn) -> float:
    """The score a fact needs; a follow-up names little ("价值多少"): its few words are all there is to match."""
    if not turn.hint:
        return MIN_FACT_SCORE
    return min(MIN_FACT_SCORE, 1.5 + len(core_words(turn.words).replace(GAP, "")))


def _best_per_doc(top, ranked) -> dict:
    """Each document's best fact competing with `top`: of the same name, or of the same kind and unit."""
    best = {}
    for s in ranked:
        if s.name == top.name or s.fact.metric == top.fact.metric or (
                s.fact.unit == top.fact.unit and s.fact.aspect == top.fact.aspect):
            best.setdefault(s.fact.doc_id, s)
    return best


def _rivals(top, ranked, scope) -> list:
    """The documents' figures that fit as well as `top`. With no unit or year named, a figure
    found in several documents is ambiguous unless one document fits clearly better; with
    them named, only a tie is. A rival named only by part of the top's name ("信息化建设" in
    "档案信息化建设工作经费") is less specific."""
    named = scope.names_unit or bool(scope.years)
    margin = TIE_MARGIN if named else max(TIE_MARGIN, 0.15 * top.score)
    return [s for s in _best_per_doc(top, ranked).values() if s.score >= top.score - margin
            and (s is top or s.name == top.name or s.name not in top.name)]


def _told_apart(rivals: list, ctx) -> list:
    """A figure the question quotes ("比上年减少14.6万元那个") tells the documents apart: of the
    rivals (best first), those whose document states it, when some do."""
    quoted = _quoted_figures(ctx.turn.q.text)
    if len(rivals) < 2 or not quoted:
        return rivals
    facts = ctx.answerer.facts
    stating = [s for s in rivals if facts.doc(s.fact.doc_id).figures & quoted]
    return stating or rivals


def _quoted_figures(text: str) -> set:
    """(value, unit) of each figure with a unit written in the question (14.6万元, 12%)."""
    return {(round(value, 6), _unit_spelling(unit)) for value, unit in figures_with_units(text)}


def _unit_spelling(unit: str) -> str:
    return lexicon.load("units")["spellings"].get(unit, unit)


def _same_elsewhere(found: Answer, others: list, figures) -> Answer:
    """Every fitting document states the same figure: one answer, each of them cited."""
    docs = "、".join(figures.title(s.fact.doc_id) for s in others)
    return replace(found, answer=found.answer + say("same_elsewhere", docs=docs),
                   citations=found.citations + tuple(figures.cite(s.fact) for s in others))


def ambiguous(docs: list) -> Answer:
    """The question fits these documents (of several units) equally: ask back which is meant."""
    names = tuple(dict.fromkeys(d.label for d in docs if d is not None))
    return Answer("ambiguous", say("ambiguous", candidates="；".join(names)), candidates=names,
                  intent="ambiguous")
