"""A performance target or its achieved value, with its operator (≥, ≤, =)."""

from qa.answer.compose import label, say, shown

NAME = "target"


def answer(ctx):
    f = ctx.fact
    op = label("operators", f.operator or "=", f.operator or "")
    text = say("target", **ctx.figures.who(f), metric=ctx.metric, period=ctx.period or "指标值", operator=op,
               value=shown(f), unit=f.unit or "")
    return ctx.figures.stated(ctx, text)
