"""Figures as the disclosures write them, and when a given figure matches a gold one.

The same number appears as `1,583.14` in a narrative, `<b>1,583.14</b>` in a pipe
table, `１５８３.１４` after a bad conversion or split as `1,416.24 万` / `元` across a
PDF line wrap; the gold file states it once, as a float. Everything here folds
those forms so a check compares numbers, not strings.
"""

from __future__ import annotations

import re
import unicodedata

# A number with optional thousands separators; the separators are dropped on parse.
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# "<[^<>]+>" and not "<[^>]+>": in "<<br>=21.41" the first "<" is the operator.
_TAG = re.compile(r"<[^<>]+>")
MONEY = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
# Relative tolerance for rounding ("1,583.14" vs "1583.1"), and the absolute floor:
# one unit of the usual stated precision (two decimals of 万元).
REL_TOL = 0.005
ABS_TOL = 0.01


def fold(text: str) -> str:
    """NFKC-fold full-width forms (１２，％) and drop HTML tags; white space is kept so
    that table cells written side by side ("560.00 560.00") stay separate numbers."""
    return _TAG.sub("", unicodedata.normalize("NFKC", text))


def squeeze(text: str) -> str:
    """`fold` without any white space: for finding words and units across layout gaps."""
    return re.sub(r"\s+", "", fold(text))


def plain(text: str) -> str:
    """Only letters, digits and CJK characters: "促进就业政策、管理及实施" and
    "促进就业政策管理及实施" name the same thing."""
    return re.sub(r"[\W_]+", "", fold(text))


def numbers_in(text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of every number in `text` (already folded or not)."""
    return [(float(m.group().replace(",", "")), m.start(), m.end()) for m in _NUMBER.finditer(text)]


def same_number(a: float, b: float) -> bool:
    """Exact equality up to float noise: for checking the gold file against its source."""
    return abs(a - b) < 1e-9


def close(gold: float, given: float) -> bool:
    """Equal within rounding: relative 0.5 % or ±0.01, whichever is looser."""
    return abs(gold - given) <= max(REL_TOL * abs(gold), ABS_TOL)


def figure_match(gold: float, gold_unit: str | None, given: float | None, given_unit: str | None) -> bool:
    """Does `given` state the gold figure? Money converts between 元/万元/亿元; a rate
    may come as 2.03 (%) or as the fraction 0.0203; other units compare as numbers."""
    if given is None:
        return False
    if gold_unit in MONEY and given_unit in MONEY:
        return close(gold * MONEY[gold_unit], given * MONEY[given_unit])
    if gold_unit == "%" and given_unit != "%" and close(gold, given * 100):
        return True
    return close(gold, given)


def mentions(text: str, gold: float) -> bool:
    """Does `text` contain a number that matches `gold` (used when an answer has no value)?"""
    return any(close(gold, v) for v, _, _ in numbers_in(fold(text)))
