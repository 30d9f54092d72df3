"""Rate of a change ("增长百分之几"): the percentage written right after the change in its
statement, when the store has no rate fact for it; otherwise the change kind answers."""

import re
from functools import cache

from qa.answer.compose import say, shown
from qa.answer.kinds import kind_words
from qa.types import Answer

NAME = "stated_rate"


def answer(ctx):
    f = ctx.fact
    rate = stated_rate(f)
    if rate is None:
        return None
    text = say("rate", **ctx.figures.who(f), metric=f.metric, rate_word=rate[0], value=rate[1])
    return Answer("answered", text, value=float(rate[1]), unit="%", citations=ctx.citations, intent="rate")


def stated_rate(f) -> tuple[str, str] | None:
    """(direction word, percentage) written right after a change in its quote."""
    at = f.quote.find(f.raw or shown(f))
    m = _rate_in_quote().search(f.quote, max(at, 0))
    return (m.group(1), m.group(2)) if m else None


@cache
def _rate_in_quote() -> re.Pattern:
    """A direction word of the kinds file, then a percentage ("下降 12.5%")."""
    directions = "|".join(map(re.escape, kind_words(NAME)["directions"]))
    return re.compile(rf"({directions})\s*(\d+(?:\.\d+)?)\s*[%％]")
