"""The issuing organisation named by the text (qa/lexicon/organisations.json): a name is a
run of characters ending in an organisation word (局, 中心, 街道办事处, 人民检察院…), read
from the title, from a sentence stating the budget units (从单位构成看，X包括…) or from a
sentence opening with it (X2022年…, X是…). A place followed by 本级 or a year
(凉山州州本级…, 衢江区2016年…) is the issuer of a whole-government statement.
Where the text names none (本部门, 我镇), nothing is returned: never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.regions import place_at_start

_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?")
_CJK_RUN = re.compile(r"^[\u4e00-\u9fff]+")
_CLAUSE = re.compile(r"[。；;，,！？!?\n]|\s{2,}")
_STOP = re.compile(r"(?:19|20)\d{2}\s*年|[“”\"「」（(]|财政拨款|一般公共预算|部门|单位预算|单位决算|预算|决算|三公|政府采购|绩效|项目")


@dataclass(frozen=True)
class Named:
    name: str
    how: str
    scope: str = ""


@cache
def _spec() -> dict:
    spec = lexicon.load("organisations")
    return {
        "suffixes": tuple(sorted(spec["suffixes"], key=len, reverse=True)),
        "not_name": re.compile(spec["not_names"]),
        "composition": [re.compile(c) for c in spec["composition_cues"]],
        "follow": re.compile(spec["subject_follow"]),
        "place_follow": re.compile(spec["place_subject_follow"]),
        "scope_words": spec["scope_words"],
        "strip": tuple(spec["strip_after_name"]),
        "inverted": [re.compile(x) for x in spec["inverted_names"]],
    }


def is_org(name: str) -> bool:
    """A name that ends in an organisation word and is not 本部门/我单位-like."""
    spec = _spec()
    return len(name) >= 3 and name.endswith(spec["suffixes"]) and not spec["not_name"].match(name)


def org_at(text: str, follow: re.Pattern | None) -> str:
    """The organisation name opening `text`: the shortest run ending in an organisation word
    that `follow` accepts after it; without `follow`, the whole run of characters."""
    run = _CJK_RUN.match(text)
    if not run:
        return ""
    if follow is None:
        return run.group(0) if is_org(run.group(0)) else ""
    for end in range(3, len(run.group(0)) + 1):
        if is_org(text[:end]) and follow.match(text[end:]):
            return text[:end]
    return ""


def _scope_after(text: str) -> str:
    return next((scope for word, scope in _spec()["scope_words"] if text.startswith(word)), "")


def _title_head(title: str) -> tuple[str, str]:
    """(the title after its year and 关于, its opening name up to a year or kind word)."""
    text = re.sub(r"^关于", "", _YEAR.sub("", title.strip()))
    stop = _STOP.search(text)
    head = text[: stop.start()] if stop else text
    for word in _spec()["strip"]:
        head = head.removesuffix(word)
    return text, head


def org_from_title(title: str) -> Named | None:
    """The organisation the title opens with (after its year and 关于)."""
    text, head = _title_head(title)
    return Named(head, "title", _scope_after(text[len(head):])) if is_org(head) else None


def place_from_title(title: str) -> Named | None:
    """The place the title opens with, when no organisation follows it (红河县本级…)."""
    text, head = _title_head(title)
    place, used = place_at_start(text)
    if place is not None and used and (used == len(head) or _spec()["place_follow"].match(text[used:])):
        rest = text[used:].lstrip("州市县区")
        return Named(text[:used], "place_subject", _scope_after(rest) or "汇总")
    return None


def title_place(title: str):
    """The division the title names first (after its year and 关于), or None."""
    return place_at_start(_title_head(title)[0])[0]


def from_composition(text: str) -> Named | None:
    """A unit named by a sentence listing the budget units (从单位构成看，X包括…)."""
    follow = re.compile(r"^(?:包括|本级|[（(]汇总[）)]|部门|\s|[、,，0-9]|$)")
    for cue in _spec()["composition"]:
        for m in cue.finditer(text):
            name = org_at(text[m.end():], follow)
            if name:
                rest = text[m.end() + len(name):]
                return Named(name, "composition", _scope_after(rest.lstrip("（(")))
    return None


_SIGNATURE = re.compile(r"([\u4e00-\u9fff]{3,30})\s+[二〇○零一三四五六七八九]{4}\s*年")


def from_cover_signature(text: str) -> Named | None:
    """A unit signing a cover: its name, then a date in Chinese numerals (X局 二〇二一年十一月)."""
    for m in _SIGNATURE.finditer(text):
        if is_org(m.group(1)):
            return Named(m.group(1), "cover_signature")
    return None


def _clauses(text: str) -> list[str]:
    return [c.strip(" \t-·•") for c in _CLAUSE.split(text)]


def from_first_sentences(text: str) -> Named | None:
    """A unit opening a sentence and followed by a year, 是, 内设, 包括…"""
    for c in _clauses(text):
        name = org_at(c, _spec()["follow"])
        if name:
            return Named(name, "first_sentence", _scope_after(c[len(name):].lstrip("（(")))
    return None


def from_inverted_name(text: str) -> Named | None:
    """A name putting the organisation before its place (政协忠县委员会办公室) where it opens a
    statement about itself (…内设3个科室, …2021年…): anywhere in a clause, the name says which."""
    spec = _spec()
    for pattern in spec["inverted"]:
        for m in pattern.finditer(text):
            if spec["follow"].match(text[m.end():]):
                return Named(m.group(0), "inverted_name")
    return None


def place_text(issuer: str) -> str:
    """The issuer's name with an inverted name's place first ("政协忠县委员会办公室" → "忠县…"),
    for reading the place it is from."""
    for pattern in _spec()["inverted"]:
        m = pattern.match(issuer)
        if m:
            return m.group("place") + issuer[m.end("place"):]
    return issuer


def place_from_sentences(text: str) -> Named | None:
    """A place opening a clause followed by 本级 or a year (a whole-government statement)."""
    spec = _spec()
    for c in _clauses(text):
        c = _YEAR.sub("", c)
        place, used = place_at_start(c)
        if place is not None and used and spec["place_follow"].match(c[used:]):
            return Named(c[:used], "place_subject", _scope_after(c[used:].lstrip("州市县区")) or "汇总")
    return None
