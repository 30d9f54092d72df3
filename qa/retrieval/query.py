"""What a question adds to its own words for retrieval: expansion words and its scope.

People ask in short and colloquial forms that the disclosures do not use: 公车 for
公务用车, "有几辆" where the text says "6 辆", "是什么意思" where the answer sits
in the 名词解释 section. `expansion_words` lists the disclosure's words for them,
from the lexicon (metric contractions, count units, per-intent words); BM25 looks
for them beside the question's own.
`query_scope` reads the year and region a question names, which the searcher
favours at document level (their words occur in every chunk of many documents, so
BM25 alone barely separates a 2022 document from the 2023 one that quotes 2022).
"""

from __future__ import annotations

import re
from functools import cache

from qa import lexicon
from qa.retrieval.tokenize import normalize

# A year as questions write it (2024年, 2024年度, "2024"), not part of a longer number.
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def expansion_words(query: str) -> list[str]:
    """Disclosure words for the short, colloquial and question forms in `query` (may be empty)."""
    q = normalize(query)
    words = [*_contraction_words(q), *_measure_words(q), *_intent_words(q)]
    return list(dict.fromkeys(words))


def query_scope(query: str) -> tuple[int | None, str | None]:
    """(year, region) the query names; None where it names none or more than one."""
    years = {int(y) for y in _YEAR.findall(normalize(query))}
    regions = {full for form, full in _region_forms().items() if form in query}
    # A short alias inside a longer one (昌吉 in 昌吉州) names the same region; two
    # different full names mean a comparison, which favours neither.
    return (years.pop() if len(years) == 1 else None, regions.pop() if len(regions) == 1 else None)


def _contraction_words(q: str) -> list[str]:
    """Long forms of the standard short forms in `q` (公车 -> 公务用车, 收支 -> 收入支出)."""
    return [long for long, short in _contractions().items() if short in q]


def _measure_words(q: str) -> list[str]:
    """The unit a count question asks in (几辆 / 多少辆 -> 辆): the text writes it after the figure."""
    pattern = _count_pattern()
    return [m.group(1) for m in pattern.finditer(q)] if pattern else []


def _intent_words(q: str) -> list[str]:
    """Words the disclosure uses where it answers the intents whose cue words `q` contains."""
    cues = _questions().get("intents", {})
    words = _questions().get("retrieval_words", {})
    return [w for intent, ws in words.items() if not intent.startswith("_")
            and any(c in q for c in cues.get(intent, ())) for w in ws]


@cache
def _questions() -> dict:
    try:
        return lexicon.load("questions")
    except (OSError, ValueError):
        return {}


@cache
def _contractions() -> dict[str, str]:
    """long form -> short form, from metrics.json (missing or broken file: none)."""
    try:
        table = lexicon.contractions()
    except (OSError, ValueError, AttributeError):
        return {}
    return {normalize(k): normalize(v) for k, v in table.items()}


@cache
def _count_pattern() -> re.Pattern | None:
    """几 / 多少 followed by a measure word of units.json, longest unit first."""
    try:
        units = lexicon.load("units").get("measure", [])
    except (OSError, ValueError, AttributeError):
        return None
    units = sorted({normalize(u) for u in units if u}, key=len, reverse=True)
    return re.compile(f"(?:几|多少)({'|'.join(map(re.escape, units))})") if units else None


@cache
def _region_forms() -> dict[str, str]:
    """Every region name and alias of issuers.json -> the region's full name."""
    try:
        regions = lexicon.load("issuers").get("regions", [])
    except (OSError, ValueError, AttributeError):
        return {}
    return {form: r["name"] for r in regions for form in [r["name"], *r.get("aliases", [])] if form}
