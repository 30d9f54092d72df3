"""A value (an amount, a count, an execution rate, a standard), with its breakdown when asked
for or when the lexicon defines the metric by its components (三公经费)."""

import re
from functools import cache

from qa import lexicon
from qa.answer.compose import say, shown
from qa.answer.figures import components
from qa.answer.kinds import kind_words

NAME = "value"


def answer(ctx):
    f, figures = ctx.fact, ctx.figures
    per = _per_head().search(f.quote or "") if f.aspect == "standard" else None
    text = say("value", **figures.who(f), metric=ctx.metric + _column_note(f, ctx.metric), period=ctx.period,
               value=(per.group(0) if per else "") + shown(f), unit=f.unit or "")
    text += figures.agreement(ctx.facts)
    more = []
    if "breakdown" in ctx.q.intents or components(f.metric):
        parts, part_facts = figures.breakdown(f)
        if parts:
            text += say("breakdown", parts=parts)
            more = [figures.cite(x) for x in part_facts]
    return figures.stated(ctx, text, more)


def _column_note(f, metric: str) -> str:
    """"（基本支出）" when the figure is one column of its row (社会保障和就业支出 355.20 is
    its 基本支出, not the 类 total), so the sentence says what the figure is."""
    col = f.column_path[-1] if f.origin == "table" and f.column_path else ""
    if not col or any(w in col for w in kind_words(NAME)["total_columns"]) or col in metric:
        return ""
    qualifiers = lexicon.load("questions")["qualifiers"]
    return f"（{col}）" if any(w in col for w in qualifiers) else ""


@cache
def _per_head() -> re.Pattern:
    """"每人每月": what a standard is per (the kinds file's per_what), said before its figure."""
    words = kind_words(NAME)
    per = "|".join(map(re.escape, words["per_markers"]))
    return re.compile(f"(?:(?:{per})[{''.join(map(re.escape, words['per_what']))}])+")
