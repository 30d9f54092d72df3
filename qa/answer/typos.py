"""Names written with a slip of the keyboard or the pen: "三门县公按局" for 三门县公安局 (the
same sound, an input-method slip), "收人" for 收入 (a look-alike, qa/lexicon/scope.json
look_alike). One character of a name of three or more may differ, and only so."""

from __future__ import annotations

from functools import cache

from qa import lexicon
from qa.answer.sound import fold

MIN_NAME = 3


@cache
def _look_alikes() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(group) for group in lexicon.load("scope")["look_alike"] if not group.startswith("_"))


def slip(a: str, b: str) -> bool:
    """True when `a` and `b` (normalized, 3+ characters, same length) differ in exactly one
    character, and those two sound alike or look alike."""
    if len(a) != len(b) or len(a) < MIN_NAME:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return fold(x) == fold(y) or any(x in g and y in g for g in _look_alikes())


def mended(text: str, known) -> str:
    """`text` with each look-alike slip mended where the written character joins neither
    neighbour into a `known` pair and a look-alike does ("收人总计" → 收入总计; "人数" stays)."""
    chars = list(text)
    for i, c in enumerate(chars):
        group = next((g for g in _look_alikes() if c in g), None)
        if group is None or _joins(chars, i, c, known):
            continue
        alt = next((a for a in sorted(group - {c}) if _joins(chars, i, a, known)), None)
        if alt is not None:
            chars[i] = alt
    return "".join(chars)


def _joins(chars: list[str], i: int, c: str, known) -> bool:
    """True when `c` at position i makes a known pair with the character before or after it."""
    before = chars[i - 1] + c if i > 0 else ""
    after = c + chars[i + 1] if i + 1 < len(chars) else ""
    return any(p and known(p) for p in (before, after))
