"""A stated rate (增长率, 差异率, a share): the percentage with its direction word."""

from qa.answer.compose import label, say, shown
from qa.answer.kinds import kind_words

NAME = "ratio"


def answer(ctx):
    f = ctx.fact
    text = say("rate", **ctx.figures.who(f), metric=ctx.metric, rate_word=_rate_word(f), value=shown(f))
    return ctx.figures.stated(ctx, text)


def _rate_word(f) -> str:
    if f.direction:
        return label("directions", "rate_down" if f.direction.startswith(kind_words(NAME)["down_starts"]) else "rate_up")
    return label("directions", "variance") if f.aspect == "variance_rate" else label("directions", "rate")
