"""Text as a reader of simplified Chinese types it: pinyin glosses that mirror sites put
after characters ("經(jīng)費") removed, traditional characters converted (jionlp's table)."""

from __future__ import annotations

import contextlib
import io
import re
from functools import cache

_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\)")


def simplified(text: str) -> str:
    """`text` without pinyin glosses, in simplified characters."""
    return jionlp().tra2sim(_GLOSS.sub("", text), mode="char")


@cache
def jionlp():
    """The jionlp module, imported on first use (about 1 s) with its banner kept off
    stdout (the CLI's stdout carries JSON only)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp as module
    return module
