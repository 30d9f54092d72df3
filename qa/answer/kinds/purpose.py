"""Purpose: what money is for, quoted from the passage that says it."""

NAME = "purpose"


def answer(ctx):
    return ctx.answerer.passages.find(ctx.turn.q, ctx.docs, earlier=ctx.turn.words)
