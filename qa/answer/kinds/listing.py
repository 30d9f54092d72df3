"""List: the document's own contents when asked (哪些报表), a table's rows or the parts of the
best total, else the passage that lists them."""

from qa.answer.derive import MIN_FACT_SCORE

NAME = "listing"


def answer(ctx):
    q, a = ctx.turn.q, ctx.answerer
    strong = ctx.ranked if ctx.ranked and ctx.ranked[0].score >= MIN_FACT_SCORE else []
    return a.passages.outline(q, ctx.docs) or a.figures.listing(q, ctx.docs, strong) or a.passages.find(q, ctx.docs)
