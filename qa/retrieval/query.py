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

# A year as questions write it (2024年, 2024年度, "2024"), not part of a longer number,
# or in two digits before 年 ("23年"; not 12月, not 3.5年).
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"(?<![\d.])([1-4]\d)\s*年(?![\d月])")


def expansion_words(query: str) -> list[str]:
    """Disclosure words for the short, colloquial and question forms in `query` (may be empty)."""
    q = normalize(query)
    words = [*_contraction_words(q), *_measure_words(q), *_intent_words(q)]
    return list(dict.fromkeys(words))


def query_scope(query: str) -> tuple[int | None, str | None]:
    """(year, region) the query names; None where it names none or more than one."""
    q = normalize(query)
    years = {int(y) for y in _YEAR.findall(q)} | {2000 + int(y) for y in _SHORT_YEAR.findall(q)}
    regions = {full for form, full in _region_forms().items() if form in query}
    # A short alias inside a longer one (昌吉 in 昌吉州) names the same region; two
    # different full names mean a comparison, which favours neither.
    return (years.pop() if len(years) == 1 else None, regions.pop() if len(regions) == 1 else None)


def without_issuers(query: str) -> str:
    """`query` with every issuer name and alias (regions, departments) blanked out.

    They stay out of the BM25 query: every chunk of a document carries its issuer in
    its prefix, so they separate nothing there, while project tables named after the
    department ("州人社局法院判决赔偿金") matched them literally and crowded out the
    evidence (gold fused recall@5 0.954 -> 0.964, fresh probe questions 0.870 -> 0.911).
    The region still counts through the scope boost (query_scope).
    """
    q = normalize(query)
    for form in _issuer_forms():
        q = q.replace(form, " ")
    return q


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


@cache
def _issuer_forms() -> tuple[str, ...]:
    """Every region and department name and alias of issuers.json, longest first."""
    try:
        data = lexicon.load("issuers")
    except (OSError, ValueError):
        return ()
    forms = {normalize(f) for key in ("regions", "organisations") for e in data.get(key, [])
             for f in [e.get("name", ""), *e.get("aliases", [])] if f}
    return tuple(sorted(forms, key=len, reverse=True))
