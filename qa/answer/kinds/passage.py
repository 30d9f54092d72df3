"""Passage: the sentence that best fits; a figure question without a figure may still be
answered by "未安排…" in the text. An off-topic (hostile) question gets no passage."""

from qa.answer.question import asks_figure

NAME = "passage"


def answer(ctx):
    q = ctx.turn.q
    if q.hostile:
        return None
    return ctx.answerer.passages.find(q, ctx.docs, absence=asks_figure(q))
