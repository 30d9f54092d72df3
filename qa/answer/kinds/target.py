"""A performance target or its achieved value, with its operator (≥, ≤, =)."""

from qa import lexicon
from qa.answer.compose import label, say, shown

NAME = "target"
# The period of a target said with no period asked (periods.json named).
_TARGET_PERIOD = lexicon.load("periods")["named"]["target"]


def answer(ctx):
    f = ctx.fact
    op = label("operators", f.operator or "=", f.operator or "")
    text = say("target", **ctx.figures.who(f), metric=ctx.metric, period=ctx.period or _TARGET_PERIOD, operator=op,
               value=shown(f), unit=f.unit or "")
    return ctx.figures.stated(ctx, text)
