"""Reason: the sentence giving the reason for a gap with the budget or a nil figure."""

NAME = "reason"


def answer(ctx):
    return ctx.answerer.passages.reason(ctx.turn.q, ctx.docs)
