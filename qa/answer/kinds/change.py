"""Change against the previous year or the budget: amount, direction, its rate and its stated reason."""

NAME = "change"


def answer(ctx):
    f, figures = ctx.fact, ctx.figures
    text, extra = figures.change_text(f, ctx.ranked)
    lines = {c.line_start for c in ctx.citations}
    more = [figures.cite(x) for x in extra if x.line_start not in lines]
    why = figures.reason_citation(f, figures.reason_of(f))
    if why is not None:
        more.append(why)
    return figures.stated(ctx, text, more)
