"""Homophone folding for pinyin-input typos (差旅废 for 差旅费, 公务接代费 for 公务接待费).

Most Chinese is typed by pinyin, so the common typo is a character that sounds the
same. `fold` maps every Chinese character to one representative of its toneless
pinyin, keeping the length, so a name and a question can be compared by sound with
plain substring search and positions that still line up with the question.
"""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin

_REPRESENTATIVE: dict[str, str] = {}


def fold(text: str) -> str:
    """`text` with each Chinese character replaced by the representative of its sound."""
    return "".join(_fold_char(c) for c in text)


@cache
def _fold_char(c: str) -> str:
    if not "\u3400" <= c <= "\u9fff":
        return c
    return _REPRESENTATIVE.setdefault(lazy_pinyin(c, style=Style.NORMAL)[0], c)
