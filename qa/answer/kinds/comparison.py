"""Comparison: two units or years, budget against final, two metrics (derive.py)."""

NAME = "comparison"


def answer(ctx):
    t = ctx.turn
    return ctx.answerer.comparisons.answer(t.q, t.words, ctx.docs, t.scope, ctx.ranked)
