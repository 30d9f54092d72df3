"""Text as a reader of simplified Chinese types it, and jionlp imported quietly.

`simplified` is the same conversion the matching text gets (qa.ingest.normalize: pinyin
glosses that mirror sites put after characters, "經(jīng)費", removed; OpenCC t2s)."""

from __future__ import annotations

import contextlib
import io
from functools import cache

from qa.ingest.normalize import strip_pinyin_glosses, to_simplified


def simplified(text: str) -> str:
    """`text` without pinyin glosses, in simplified characters."""
    return to_simplified(strip_pinyin_glosses(text))


@cache
def jionlp():
    """The jionlp module, imported on first use (about 1 s) with its banner kept off
    stdout (the CLI's stdout carries JSON only)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp as module
    return module
