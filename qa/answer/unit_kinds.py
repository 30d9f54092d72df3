"""Units a question names by their kind only, and the documents of a kind.

"保健院2020年…", "镇里2024年…", "我镇…", "政协的收入" name a kind of unit, not a unit;
"本部门", "我们单位" name the asker's own unit and so no unit at all. A kind selects the
documents whose issuer is of that kind, or that name no issuer and whose text names
the kind (qa/lexicon/organisations.json unit_types, qa/lexicon/scope.json self_reference).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from qa import lexicon

CJK = "\u4e00-\u9fff"


def _self_words() -> dict:
    return lexicon.load("scope")["self_reference"]


@cache
def kinds() -> dict[str, tuple[str, ...]]:
    """Every kind of unit with the forms an issuer's name shows it by: organisation suffixes,
    the departments the issuers lexicon knows (财政局), single_kinds and unit_types."""
    org = lexicon.load("organisations")
    out = {s: (s,) for s in org["suffixes"] if len(s) >= 2}
    out.update({o["name"]: (o["name"],) for o in lexicon.load("issuers")["organisations"]})
    out.update({k: (k,) for k in _self_words()["single_kinds"]})
    out.update({k: tuple(v) for k, v in org["unit_types"].items() if not k.startswith("_")})
    return out


def own() -> str:
    """The unit name a self-reference naming no kind stands for ("本部门", "我们单位" → 本单位)."""
    return _self_words()["own"]


def speaks_as_own(text: str) -> bool:
    """True when a document's text (normalized) speaks of itself as 本部门, 我单位…"""
    w = _self_words()
    return any(p + g in text for p in w["prefixes"] for g in w["generic"])


def is_kind(name: str) -> bool:
    """True when a unit name the question gives is a kind of unit ("镇", "保健院")."""
    return name in kinds()


def _alternatives(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@cache
def _pattern() -> re.Pattern:
    w = _self_words()
    return re.compile(f"(?P<pre>{_alternatives([*w['prefixes'], *w['pointing']])})?(?P<word>{_alternatives([*w['generic'], *kinds()])})"
                      f"(?P<tail>{_alternatives(w['colloquial_tail'])})?")


@cache
def _pointing_inside() -> re.Pattern:
    ends = re.escape(lexicon.load("scope")["place_ends"])
    return re.compile(f"(?<=[{CJK}][{ends}])(?:{_alternatives(_self_words()['pointing'])})(?=[{CJK}]{{2}})")


def unpointed(text: str) -> str:
    """`text` without a pointing word between a place and the rest of a unit's name
    ("赫山区这个园区中心" → "赫山区园区中心", "鄂城区那个公安局" → "鄂城区公安局")."""
    return _pointing_inside().sub("", text)


def mentions(text: str, fillers=(), metric_at=None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each self-reference or bare kind in `text` (normalized); kind
    is `own()` for a self-reference naming no kind ("本部门", "我们单位"). `metric_at(rest)`
    tells whether `rest` starts with a metric's name (a kind right before one is a unit)."""
    w = _self_words()
    out = []
    for m in _pattern().finditer(text):
        word, s, e = m["word"], m.start(), m.end()
        if word in w["generic"] and m["pre"]:
            out.append((s, e, own()))
        elif word in kinds() and (m["pre"] or (_may_stand_bare(word) and _stands_alone(
                text, s, e, fillers, bool(m["tail"]) or (metric_at is not None and metric_at(text[e:]))))):
            out.append((s, e, word))
    return out


# A kind of unit this long names a unit at the start of a clause, or after a word joining two
# sides (scope.json long_kind_after: 比服务中心2025年), whatever words follow.
LONG_KIND = 4


def _may_stand_bare(word: str) -> bool:
    """A kind of two or more characters, or one unit_types lists ("镇2024年"; not "局2024年")."""
    return len(word) >= 2 or word in lexicon.load("organisations")["unit_types"]


def _stands_alone(text: str, s: int, e: int, fillers, colloquial: bool) -> bool:
    """A bare kind counts where a unit stands: first in its clause or after a year (a long kind
    also after a word joining two sides, 比服务中心…), followed by a year, 的 or the end ("镇里",
    "镇上", or a kind right before a metric's name, "2024年镇公务用车运行维护费", is a unit
    wherever it goes on); a kind opening the question or a long one, whatever follows it."""
    head = text[:s]
    for f in sorted(fillers, key=len, reverse=True):
        head = head.removesuffix(f)
    opening = not head  # "政协收入总共多少": a kind opening the question is its unit
    head = re.sub(r"\d年度?$", "", head)  # "2024年镇里…": after a year, too
    long = e - s >= LONG_KIND  # "服务中心津贴补贴预算": no metric's name starts so
    starts = not head or not re.match(f"[{CJK}]", head[-1]) or long and head.endswith(tuple(_self_words()["long_kind_after"]))
    rest = text[e:]
    # "市直单位行政经费…": a kind ending in a generic word (单位, 部门) starts no metric's name.
    generic = any(text[s:e].endswith(g) for g in _self_words()["generic"])
    follows = colloquial or generic or not rest or not re.match(f"[{CJK}]", rest[0]) or any(rest.startswith(f) for f in _self_words()["kind_follow"])
    return starts and (follows or opening or long)


def _admin_stripped(issuer: str) -> str:
    for tail in sorted(lexicon.load("organisations")["admin_tails"], key=len, reverse=True):
        if issuer.endswith(tail):
            return issuer[:-len(tail)]
    return issuer


@lru_cache(maxsize=1 << 14)  # a refusal weighs every unit of the corpus by the kind asked
def kind_of(name: str) -> str:
    """The most specific kind a unit's name shows, the one it ends with first ("赫山区园区中心" →
    中心, "忠县政协" → 政协, "某县司法局" → 司法局); "" for none."""
    fitting = [k for k in kinds() if issuer_of_kind(name, k)]
    ending = [k for k in fitting if any(_admin_stripped(name).endswith(f) or name.endswith(f) for f in kinds()[k])]
    return max(ending or fitting, key=len, default="")


def self_names(kind: str) -> tuple[str, ...]:
    """The words a document speaks of itself by as a unit of the kind ("我中心", "本中心", "我镇")."""
    return tuple(p + f for p in _self_words()["prefixes"] for f in kinds().get(kind, (kind,)))


def self_named(text: str, kind: str) -> bool:
    """True when a document's text (normalized) speaks of itself as a unit of the kind ("我中心", "本镇")."""
    return any(w in text for w in self_names(kind))


@cache
def split_kind(name: str) -> tuple[str, str]:
    """(kind, rest): the kind a unit's name ends with and the words before it ("赫山区园区中心" →
    ("中心", "赫山区园区")); ("", name) when it ends with none."""
    kind = kind_of(name)
    form = max((f for f in kinds().get(kind, ()) if name.endswith(f)), key=len, default="")
    return (kind, name[:len(name) - len(form)]) if form else ("", name)


def kind_only(name: str) -> bool:
    """True when a unit's name is a kind of unit and no more: the kind, perhaps after its
    level ("政协", "镇", "县公安局", "区政协"), so that it names no one unit of that kind."""
    kind, rest = split_kind(name)
    return bool(kind) and all(c in lexicon.load("scope")["place_ends"] for c in rest)


def kind_ends(text: str) -> dict[int, set[str]]:
    """end -> the kinds one of whose forms ends there in `text`."""
    out: dict[int, set[str]] = {}
    for kind, forms in kinds().items():
        for f in forms:
            at = text.find(f)
            while at >= 0:
                out.setdefault(at + len(f), set()).add(kind)
                at = text.find(f, at + 1)
    return out


@lru_cache(maxsize=1 << 16)  # issuers repeat across documents and questions
def issuer_of_kind(issuer: str, kind: str) -> bool:
    """True when an issuer's name (normalized) shows the kind: it ends with a form, after
    any 人民政府/办事处 tail, or holds a form of two or more characters ("政协忠县委员会办公室")."""
    forms = kinds().get(kind, (kind,))
    bare = _admin_stripped(issuer)
    return any(issuer.endswith(f) or bare.endswith(f) or (len(f) >= 2 and f in issuer) for f in forms)


def text_of_kind(text: str, kind: str) -> bool:
    """True when a document's text (normalized) names the kind: a form of two or more
    characters anywhere, a one-character form as the text's own unit ("我镇", "本镇")."""
    return self_named(text, kind) or any(len(f) >= 2 and f in text for f in kinds().get(kind, (kind,)))
