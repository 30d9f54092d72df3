"""Definition: the glossary (名词解释) entry for the term asked about."""

NAME = "definition"


def answer(ctx):
    return ctx.answerer.passages.definition(ctx.turn.q, ctx.docs)
