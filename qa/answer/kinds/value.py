"""A value (an amount, a count, an execution rate, a standard), with its breakdown when asked
for or when the lexicon defines the metric by its components (三公经费)."""

import re

from qa import lexicon
from qa.answer.compose import say, shown
from qa.answer.figures import components

NAME = "value"
# "每人每月": what a standard is per, said before its figure.
_PER_HEAD = re.compile(r"(?:每[人月年天日次户])+")


def answer(ctx):
    f, figures = ctx.fact, ctx.figures
    per = _PER_HEAD.search(f.quote or "") if f.aspect == "standard" else None
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
    if not col or any(w in col for w in ("合计", "总计", "小计")) or col in metric:
        return ""
    qualifiers = lexicon.load("questions")["qualifiers"]
    return f"（{col}）" if any(w in col for w in qualifiers) else ""
