"""Question understanding: rules and lexicon words, no model, well under a millisecond.

`parse_question(text)` turns a user question into a `Question`: who (region and
organisation, plus unit names the corpus does not know), when (explicit, Chinese
numeral and relative years), which disclosure type, which period kind and which
intents. Metric names are matched later against the fact store (lookup.py),
on `Question.residue`, the text with the issuer and year words blanked out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from qa import lexicon
from qa.answer import typos, unit_kinds

# Marks a blanked-out span so a metric name can never match across it.
GAP = "|"
_YEAR_RE = re.compile(r"(?<![\d.])(20\d{2})(?:\s*年度?)?(?![\d.])")
_SHORT_YEAR_RE = re.compile(r"(?<![\d.])(\d{2})\s*年(?![\d月])")
_QUOTES_RE = re.compile(r"[“”\"'‘’「」『』《》〈〉\s]")
CJK = "\u4e00-\u9fff"


def _words(name: str) -> dict:
    return lexicon.load(name)


@cache
def _translation(source: str, target: str) -> dict[int, int]:
    """str.maketrans(source, target), made once per pair (normalize runs for every label)."""
    return str.maketrans(source, target)


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation), traditional→simplified, Chinese-numeral years, no quotes."""
    lex = _words("questions")
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_translation(lex["traditional"]["from"], lex["traditional"]["to"]))
    digits = lex["chinese_digits"]
    cn = "".join(digits)

    def numeral_year(m: re.Match) -> str:
        return "".join(str(digits[c]) for c in m.group(1)) + "年"

    text = re.sub(f"([{cn}]{{4}})年", numeral_year, text)
    text = _QUOTES_RE.sub("", text)
    return text.lower()


def norm_name(text: str) -> str:
    """Normalised form of a metric, row label or alias, comparable with `normalize`d questions."""
    text = normalize(text)
    return re.sub(r"[()（）:：,，、.。;；]", "", text)


@dataclass
class Question:
    """What a question asks, as far as rules can tell."""

    raw: str
    text: str
    regions: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)
    # (start, end, name, tail): where an unknown unit stands, and how many following
    # characters must continue it for a document phrase to explain it ("…区内协作").
    unit_spans: list[tuple[int, int, str, int]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    unknown_years: list[str] = field(default_factory=list)  # "9999", "2025.5": years no calendar reading fits
    year_offsets: list[tuple[str, int]] = field(default_factory=list)  # ("newest"|"context", offset)
    base_years: list[int] = field(default_factory=list)  # "比2021年": the base of a change, not a scope year
    doc_type: str | None = None
    periods: list[str] = field(default_factory=list)
    intents: set[str] = field(default_factory=set)
    residue: str = ""
    region_spans: list[tuple[int, int, str]] = field(default_factory=list)
    # (start, end, kind): a kind of unit named without a name ("保健院", "我镇"; kind is 本单位 for
    # "本部门", "我们单位": the asker's own unit, unit_kinds.own). A kind is one of unknown_units.
    kind_spans: list[tuple[int, int, str]] = field(default_factory=list)
    org_spans: list[tuple[int, int, str]] = field(default_factory=list)
    year_spans: list[tuple[int, int, int]] = field(default_factory=list)
    hostile: bool = False
    # Units asked about inside their place's summary ("鄂城区公安局": 公安局 in 鄂城区's statement):
    # the figure must be stated of them.
    within: list[str] = field(default_factory=list)
    # Figures the question states in a clause that asks nothing ("编制25个，实际多少人": 25):
    # the asker knows them, so none of them is the answer.
    told: list[float] = field(default_factory=list)

    @property
    def names_issuer(self) -> bool:
        return bool(self.regions or self.orgs or self.unknown_units)

    @property
    def names_year(self) -> bool:
        return bool(self.years or self.year_offsets or self.unknown_years)


def _find_aliases(text: str, entries: list[dict]) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every alias occurrence, longest alias first, no overlaps."""
    forms = sorted(
        ((norm_name(a), e["name"]) for e in entries for a in [e["name"], *e.get("aliases", [])]),
        key=lambda p: -len(p[0]),
    )
    taken: list[tuple[int, int, str]] = []
    for form, name in forms:
        for m in re.finditer(re.escape(form), text):
            if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                taken.append((m.start(), m.end(), name))
    return sorted(taken)


def _blank(text: str, spans) -> str:
    chars = list(text)
    for s, e, *_ in spans:
        for i in range(s, e):
            chars[i] = GAP
    return "".join(chars)


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _unknown_units(text: str, known: list[tuple[int, int, str]]) -> list[tuple[int, int, str, int]]:
    """Unit names ending in an organisation suffix (局, 委, 中心 …) that no lexicon alias covers."""
    lex = _words("questions")
    strict = lex["strict_unit_suffixes"]
    # A unit name ends where the question goes on (的, a year, a metric word), which
    # keeps "委托业务费" or "中心任务" from reading as a unit; a suffix that also ends
    # common words (干部, 部门) only outside them.
    ends = [f"(?:{_alternatives(lex['unit_suffixes'])})(?=$|[^{CJK}]|[{re.escape(lex['unit_suffix_follow'])}])"]
    ends += [f"(?<![{re.escape(rule['not_before'])}]){re.escape(suffix)}(?![{re.escape(rule['not_after'])}])"
             for suffix, rule in strict.items() if not suffix.startswith("_")]
    out = []
    for m in re.finditer(f"[{CJK}]{{2,10}}?(?:{'|'.join(ends)})", _names_apart(_blank(text, known).replace("年", GAP))):
        name = m.group(0)
        for filler in sorted(lex["leading_fillers"] + lex["follow_up_cues"], key=len, reverse=True):
            name = name.removeprefix(filler)
        name = _after_break(name, lex["unit_breaks"])
        if len(name) > 1 and not name.endswith(tuple(lex["rooms"]["words"])) and not _asks_for_units(name):
            out.append((m.end() - len(name), m.end(), name, 2))
    return out


def _asks_for_units(name: str) -> bool:
    """"区政协包括哪些委员会", "下设几个中心": a question word before the suffix asks for units
    of that kind; what comes before it is no unit's name either."""
    return any(len(w) >= 2 and w in name for w in _words("questions")["question_words"])


def _after_break(name: str, breaks: dict) -> str:
    """The part of `name` after the last word that ends what comes before it ("…比宣州区审计局")."""
    cut = max((name.rfind(w) + len(w) for w in breaks["words"] if w in name), default=0)
    return name[cut:] if cut and len(name) - cut >= breaks["min_chars"] else name


def _places(text: str, regions, orgs) -> list[tuple[int, int, str, int]]:
    """County-level places ("昌吉市", "库尔勒市人社局"): a prefecture's disclosures do not cover them."""
    suffixes = "".join(_words("questions")["place_suffixes"])
    out = []
    for s, e, _name in regions:
        if e < len(text) and text[e] in suffixes and text[e - 1] not in suffixes + _words("questions")["place_end_chars"]["chars"]:
            out.append((s, e + 1, text[s:e + 1], 2))
    blanked = _blank(text, regions).replace("年", GAP)  # "2024年北京市人社局": the place is 北京市
    for s, _e, _name in orgs:
        m = re.search(f"([{CJK}]{{2,5}}[{suffixes}])$", blanked[:s])
        if m:
            out.append((m.start(1), s, m.group(1), 2))
    return out


def _qualifiers(text: str, regions, orgs) -> list[tuple[int, int, str, int]]:
    """A place the lexicon does not know, written bare before a known department
    ("成都人社局", "请问深圳人社局"): 2-4 characters of a name, set off from the rest."""
    lex = _words("questions")
    stop = re.escape(lex["qualifier_stop_chars"]["chars"])
    words = lex["leading_fillers"] + lex["follow_up_cues"] + lex["demonstratives"] + lex["previous_year_words"]
    words += list(lex["relative_years"])
    blanked = _blank(text, regions)
    for w in words:
        blanked = blanked.replace(w, GAP * len(w))
    blanked = blanked.replace("年", GAP)
    out = []
    for s, _e, _name in orgs:
        m = re.search(f"(?:^|[^{CJK}]|[{stop}])((?:(?![{stop}])[{CJK}]){{2,4}})$", blanked[:s])
        if m:
            out.append((m.start(1), s, m.group(1), 0))
    return out


def _leading_names(text: str, known) -> list[tuple[int, int, str, int]]:
    """A name standing where the issuer stands, first in the question and followed by a
    year ("国务院2024年…", "北京2024年…"): a unit unless some document or metric name
    uses it (then it is a metric, "三公经费2024年…", "公车2024年…") or it fits an issuer."""
    blanked = _blank(text, known)
    start = next((len(f) for f in sorted(_words("questions")["leading_fillers"], key=len, reverse=True)
                  if blanked.startswith(f)), 0)
    m = re.compile(f"([{CJK}]{{2,8}})(?=(?:19|20)?\\d{{2}}\\s*年)").match(blanked, start)  # a year, not a figure (接待费2.05万元)
    return [(m.start(1), m.end(1), m.group(1), 0)] if m else []


@cache
def _joined_names() -> re.Pattern:
    """A joiner (和, 与 …) right after a character ending an organisation's name (局, 办, 院 …)."""
    ends = re.escape("".join(sorted({s[-1] for s in lexicon.load("organisations")["suffixes"]})))
    return re.compile(f"(?<=[{ends}])(?:{_alternatives(_words('questions')['compare_joiners'])})")


def _names_apart(text: str) -> str:
    """`text` with a joiner between two names blanked ("游仙区政府办和宣州区审计局": two units; not
    the 和 inside 发展和改革委员会, after no name's ending)."""
    return _joined_names().sub(lambda m: GAP * len(m.group(0)), text)


def _named_places(text: str, known) -> list[tuple[int, int, str, int]]:
    """Place names the lexicon does not know ("北京市海淀区", "甘孜州"), standing where an issuer stands.

    A name counts when it is a chain of places ("广东省深圳市") or is followed by a year,
    的, an organisation or the end, so that 城乡社区支出 or 开发区建设 stay metric words.
    """
    suffixes = "".join(_words("questions")["named_place_suffixes"])
    # A place never starts with a word joining two names ("鄂城区和凉山州": two places, no chain).
    joiners = _alternatives(_words("questions")["compare_joiners"])
    one = f"(?!{joiners})[\u4e00-\u9fff]{{2,5}}?[{suffixes}]"
    text = _blank(text, known).replace("年", GAP)
    for filler in _words("questions")["leading_fillers"]:
        text = text.replace(filler, GAP * len(filler))
    text = _names_apart(text)
    out = []
    for m in re.finditer(f"(?<![\u4e00-\u9fff])((?:{one})+)", text):
        chain = len(re.findall(one, m.group(1)))
        rest = text[m.end():]
        if chain >= 2 or re.match(f"$|[\\d的{re.escape(GAP)}]", rest):
            out.append((m.start(1), m.end(1), m.group(1), 2))
    return out


def _years(text: str, q: Question) -> list[tuple[int, int]]:
    """Fill q.years / q.year_offsets; return the spans used."""
    lex = _words("questions")
    spans = []
    for m in _YEAR_RE.finditer(text):
        q.years.append(int(m.group(1)))
        spans.append((m.start(), m.end()))
        q.year_spans.append((m.start(), m.end(), int(m.group(1))))
    for m in _SHORT_YEAR_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans) and 10 <= int(m.group(1)) <= 40:
            q.years.append(2000 + int(m.group(1)))
            spans.append((m.start(), m.end()))
            q.year_spans.append((m.start(), m.end(), 2000 + int(m.group(1))))
    _unknown_years(text, q, spans)
    _as_of_years(text, q, lex)
    for word, offset in lex["relative_years"].items():
        for m in re.finditer(word, text):
            if not _blocked(text, m, lex):
                q.year_offsets.append(("newest", offset))
                spans.append((m.start(), m.end()))
    for word in lex["previous_year_words"]:
        for m in re.finditer(word, text):
            if any(s <= m.start() < e for s, e in spans) or _blocked(text, m, lex):
                continue
            q.year_offsets.append(("context", -1))
            spans.append((m.start(), m.end()))
    return spans


def _as_of_years(text: str, q: Question, lex: dict) -> None:
    """"截至2021年底" is a point in time: the next year's budget states it as well as that
    year's final accounts."""
    for s, e, year in list(q.year_spans):
        before, after = text[max(0, s - 3):s], text[e:e + 7].removeprefix("年")
        if any(before.endswith(w) for w in lex["as_of_before"]) and any(after.startswith(w) for w in lex["as_of_after"]):
            q.years.append(year + 1)


def _unknown_years(text: str, q: Question, spans: list[tuple[int, int]]) -> None:
    """Numbers written as years that no calendar reading above fits ("9999年", "0年",
    "2025.5年"): kept in q.unknown_years so that no document's year can match them."""
    rule = _words("questions")["year_mention"]
    for m in re.finditer(rule["pattern"], text):
        if any(s <= m.start(1) < e for s, e in spans):
            continue
        before, after = text[max(0, m.start() - 3):m.start()], text[m.end():m.end() + 2]
        if any(before.endswith(w) for w in rule["duration_before"]) or any(
                after.startswith(w) for w in rule["duration_after"]) or _ends_range(before, rule):
            continue
        q.unknown_years.append(m.group(1))
        spans.append((m.start(), m.end()))


def _ends_range(before: str, rule: dict) -> bool:
    """True when a year mention closes a range ("92-93年"): a period named inside a name."""
    return len(before) >= 2 and before[-1] in rule["range_marks"] and before[-2].isdigit()


def _blocked(text: str, m: re.Match, lex: dict) -> bool:
    """True when a year word is the comparison base ("比上年") or part of a name ("上年结转")."""
    before = text[max(0, m.start() - 3):m.start()]
    after = text[m.end():m.end() + 4]
    return any(before.endswith(w) for w in lex["relative_year_blockers_before"]) or any(
        after.startswith(w) for w in lex["not_a_year_after"]
    )


def doc_type_of(text: str) -> str | None:
    """The disclosure type a text asks for (预算 / 决算 / 绩效目标), ignoring 预算 inside fund names."""
    lex = _words("questions")
    cleaned = text
    for w in lex["doc_type_blockers"]:
        cleaned = cleaned.replace(w, GAP)
    # In the order of questions.json doc_types: "绩效自评表…（结余数/预算数）" asks a self-evaluation.
    for kind, words in lex["doc_types"].items():
        if not kind.startswith("_") and any(w in cleaned for w in words):
            return kind
    return None


def _document_words(text: str) -> list[tuple[int, int]]:
    """Where the question names a document itself, a form or a report ("绩效自评表里…",
    "那张自评表中…"): words of no figure."""
    words = [w for k, ws in _words("questions")["doc_types"].items() if not k.startswith("_") for w in ws
             if w.endswith(tuple(_words("questions")["document_word_endings"]["endings"]))]
    return [m.span() for m in re.finditer(_alternatives(words), text)] if words else []


def _doc_type(text: str, intents: set[str]) -> str | None:
    """The disclosure type asked; the cue words of an intent naming the budget as a base or
    a whole ("比预算少了多少", "完成预算的百分之几") name none: with no other type word, the
    type that states such figures (asked.json implied_doc_types)."""
    implied = {k: v for k, v in lexicon.load("asked")["implied_doc_types"].items() if not k.startswith("_")}
    cues = [c for i in implied if i in intents for c in _words("questions")["intents"][i]]
    cues += [m.group(0) for i in implied if i in intents for p in _intent_patterns().get(i, ()) for m in p.finditer(text)]
    for c in sorted(cues, key=len, reverse=True):
        text = text.replace(c, GAP)
    return doc_type_of(text) or next((implied[i] for i in implied if i in intents), None)


def periods_of(text: str) -> list[str]:
    """Period kinds named in a text (预算数, 决算数, 年初预算数, 指标值 …), most specific kept."""
    lex = _words("questions")
    # "一般公共预算收入" names an account, not a budget figure (periods.json title_neutral).
    for w in _words("periods")["title_neutral"]:
        text = text.replace(w, GAP)
    # "年初有没有安排预算": a question word inside a period's words does not part them (年初安排).
    joined = re.sub("|".join(map(re.escape, sorted(lex["question_words"], key=len, reverse=True))), "", text)
    found = []
    for period, words in lex["periods"].items():
        if any(w in text or w in joined for w in words):
            found.append(period)
    # "全年预算" also contains "预算": keep the most specific period only (periods.json most_specific).
    drop = {general for general, specific in _words("periods")["most_specific"].items()
            if not general.startswith("_") and general in found and set(specific) & set(found)}
    return [p for p in found if p not in drop]


def _intents(text: str) -> set[str]:
    lex = _words("questions")
    # "三公对比表中…" names a table: a comparison's word ending a table's name asks no comparison.
    text = _without(text, _compared_tables(lex))
    intents = _cue_intents(text, lex["intents"])
    intents |= {name for name, patterns in _intent_patterns().items() if any(p.search(text) for p in patterns)}
    bare = text.rstrip("?？。!！ ")
    # "占一般公共预算当年拨款的比例": a share, however the whole is named.
    if re.search(lex["share_pattern"]["pattern"], text):
        intents.add("share")
    # "预决算差异的原因" asks why, not for a difference.
    if "reason" in intents:
        intents.discard("compare")
    # "包括哪几项" lists items; it does not ask for a count.
    if any(w in text for w in lex["list_not_count"]["words"]):
        intents.discard("count")
    # "A比B多/少…" compares two figures; "比上年…", "和上年比多了还是少了" is a change, not a comparison.
    if _previous_year_base().search(text):
        intents.add("change")
    elif re.search(lex["compare_pattern"]["pattern"], _without(text, _ratio_cues(lex))):
        intents.add("compare")
    # "…原因是什么" asks for a reason, not a definition.
    if any(bare.endswith(w) for w in lex["definition_endings"]) and not intents & {"reason", "purpose"}:
        intents.add("definition")
    return intents


def _compared_tables(lex: dict) -> list[str]:
    """Names of tables made of a comparison's word (对比表, 比较表; questions.json document_word_endings)."""
    return [c + e for c in lex["intents"]["compare"] for e in lex["document_word_endings"]["endings"]]


@cache
def _intent_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    """Intent -> its patterns (asked.json intent_patterns): cues whose middle words vary."""
    table = lexicon.load("asked")["intent_patterns"]
    return {k: tuple(re.compile(p) for p in v) for k, v in table.items() if not k.startswith("_")}


@cache
def _previous_year_base() -> re.Pattern:
    return re.compile(lexicon.load("asked")["previous_year_base"]["pattern"])


def _ratio_cues(lex: dict) -> list[str]:
    """Cue words of a share or a rate (占比, 比例, 百分比): their 比 compares nothing."""
    return lex["intents"]["share"] + lex["intents"]["rate"]


def _without(text: str, words: list[str]) -> str:
    """`text` with every occurrence of `words` blanked out."""
    return _blank(text, [m.span() for w in words for m in re.finditer(re.escape(w), text)])


def _cue_intents(text: str, cues: dict[str, list[str]]) -> set[str]:
    """The intents whose cue words stand in `text`; a cue inside a longer cue of another
    intent found there is part of it ("多少个" in "多少个百分点" asks no count)."""
    found = [(m.start(), m.start() + len(c), name) for name, words in cues.items() for c in words
             for m in re.finditer(re.escape(c), text)]
    return {name for s, e, name in found
            if not any(o != name and a <= s and e <= b and b - a > e - s for a, b, o in found)}


def _base_year(text: str, q: Question) -> None:
    """A year named as the base of a change ("比21年", "跟疫情前2019年比") before a later
    year the question names: the later year's change against it is asked. The base year is
    no scope year (q.base_years), only a side of a comparison where its own disclosure exists."""
    rule = lexicon.load("asked")["base_year"]
    for s, e, year in q.year_spans:
        if any(y > year for y in q.years) and _names_base(text, s, e, rule):
            q.base_years.append(year)
            q.years = [y for y in q.years if y != year]
            q.intents.add("change")


def _names_base(text: str, start: int, end: int, rule: dict) -> bool:
    before = text[max(0, start - rule["gap"]):start]
    if any(w in before for w in rule["before"]):
        return True
    after = text[end:].removeprefix("年")
    return any(w in before for w in rule["with_before"]) and any(after.startswith(w) for w in rule["with_after"])


def parse_question(raw: str) -> Question:
    """Everything rules can tell about a question (never raises)."""
    lex = _words("questions")
    limit = lex["max_question_chars"]
    # "收人总计": a look-alike slip in a metric's words is read as the metric (typos.py).
    text = typos.mended(_plain_wording(unit_kinds.unpointed(normalize(raw)), lex["colloquial_forms"]), in_metric_names)
    q = Question(raw=raw, text=text)
    if len(text) > limit:
        # Only the start of an overlong input is read: a question is short.
        text = q.text = text[:limit]
    q.hostile = any(m in text for m in lex["hostile_markers"])
    issuers = _words("issuers")
    # A province-level word (新疆, 自治区) names no disclosure issuer: the corpus is
    # prefecture departments, and 自治区 mostly appears as a funding source.
    regions = _find_aliases(text, [r for r in issuers["regions"] if r.get("level") != "province"])
    orgs = _find_aliases(_blank(text, regions), issuers["organisations"])
    q.regions = list(dict.fromkeys(name for *_, name in regions))
    q.orgs = list(dict.fromkeys(name for *_, name in orgs))
    q.region_spans, q.org_spans = regions, orgs
    # Province words are blanked too: they name no issuer, but neither are they a foreign place.
    provinces = _find_aliases(_blank(text, regions + orgs), [r for r in issuers["regions"] if r.get("level") == "province"])
    # A name two rules find is judged by the first (the stricter): no overlapping spans.
    q.kind_spans = [k for k in unit_kinds.mentions(text, lex["leading_fillers"], _starts_metric)
                    if not _covered(k, regions + orgs)]
    q.unit_spans = _unit_spans(text, regions, orgs, provinces, q.kind_spans)
    q.unknown_units = list(dict.fromkeys([*(n for _s, _e, n, _t in q.unit_spans), *(k for *_, k in q.kind_spans)]))
    year_spans = _years(_blank(text, regions + orgs), q)
    q.periods = periods_of(text)
    asking = _without_remarks(text)
    q.intents = _intents(asking)
    q.told = _told_figures(text)
    _base_year(asking, q)
    q.doc_type = _doc_type(text, q.intents)
    # A quoted figure names the document, not the metric ("支出总计4143.91万元，比上年…").
    q.residue = _blank(text, regions + orgs + _own_levels(text, regions + orgs) + q.kind_spans + _figure_spans(text)
                       + [(s, e) for s, e in year_spans] + _document_words(text))
    return q


def _unit_spans(text: str, regions: list, orgs: list, provinces: list, kinds: list) -> list[tuple[int, int, str, int]]:
    """The units named that no lexicon knows, each once: the first rule finding a span keeps it."""
    out: list[tuple[int, int, str, int]] = []
    for span in (_unknown_units(text, regions + orgs) + _places(text, regions, orgs)
                 + _qualifiers(text, regions, orgs) + _named_places(text, regions + orgs + provinces)
                 + _leading_names(text, regions + orgs + provinces)):
        if not _covered(span, out + kinds):
            out.append(_without_own_level(span))
    return out


def _own_level() -> dict:
    return lexicon.load("scope")["own_level"]


def _without_own_level(span: tuple[int, int, str, int]) -> tuple[int, int, str, int]:
    """"凉山州本级", "凉山州州本级…": the region's own level is the region (凉山州), and the name
    ends there ("红河县本级三公经费2021年": 三公经费 is the metric); the span covers the word."""
    s, _e, name, tail = span
    at = name.find(_own_level()["word"], 2)
    if at < 0:
        return span
    rest = name[:at]
    if len(rest) > 2 and rest[-1] == rest[-2] and rest[-1] in _own_level()["levels"]:
        rest = rest[:-1]
    return s, s + at + len(_own_level()["word"]), rest, 0 if at + 2 < len(name) else tail


def _own_levels(text: str, names) -> list[tuple[int, int]]:
    """The own-level words right after the names ("昌吉州本级"): part of the name's mention."""
    return [(e, e + n) for _s, e, *_ in names if (n := own_level_after(text, e))]


def own_level_after(text: str, end: int) -> int:
    """The length of an own-level word (本级, 州本级) right after a name ending at `end`, else 0."""
    m = re.compile(f"[{re.escape(_own_level()['levels'])}]?{re.escape(_own_level()['word'])}").match(text, end)
    return m.end() - end if m else 0


_FIGURE = re.compile(r"(?<![\d.,])\d[\d,]*\.\d+(?![\d.])")
# A remark in brackets quoting a figure ("(比上年减少14.6万元那个)") says which item is meant.
_FIGURE_REMARK = re.compile(r"\([^()]*\d[^()]*\)")


def _without_remarks(text: str) -> str:
    """`text` with its bracketed remarks quoting a figure blanked: they identify the item asked
    about, their words (比上年减少) ask nothing; so is a clause that states a figure and asks
    nothing, before one that asks ("比上年下降2.82%，今年安排了多少")."""
    text = _FIGURE_REMARK.sub(lambda m: GAP * len(m.group(0)), text)
    parts = _told_parts(text)
    return "".join(GAP * len(p) if t else p for p, t in parts)


def _told_parts(text: str) -> list[tuple[str, bool]]:
    """The clauses of `text`, each with whether it only tells (states a figure, asks nothing);
    none tells when every clause would."""
    parts = re.split(r"(?<=[,，;；])", text)
    told = [bool(_stated_figures(p)) and not any(w in p for w in _words("questions")["question_words"]) for p in parts]
    return list(zip(parts, [False] * len(parts) if all(told) else told, strict=True))


def _told_figures(text: str) -> list[float]:
    """The figures the clauses that only tell state ("编制25个，实际多少人" → [25.0])."""
    return [value for p, t in _told_parts(text) if t for value in _stated_figures(p)]


# A quoted figure identifies a document when it has this many digits or more ("502.4", not "0.4").
MIN_FIGURE_DIGITS = 4
# A whole amount of money the question quotes ("公车购置及运行费500万元") identifies its document too.
MIN_INTEGER_DIGITS = 3


@cache
def _quoted_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The unit written after a quoted figure (money or percent), and a whole amount of money."""
    units = "|".join(map(re.escape, sorted([*lexicon.load("units")["money"], "%"], key=len, reverse=True)))
    money = re.compile(rf"(?<![\d.,])\d{{{MIN_INTEGER_DIGITS},}}(?![\d.])(?=\s*(?:{units}))")  # "500万元"
    return re.compile(units), money


def _figure_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, figure without commas) of the figures with decimals a question quotes
    ("支出总计4143.91万元，比上年…") and of its whole amounts of money ("500万元"), with the
    money or percent unit written after them."""
    units, money = _quoted_patterns()
    out = []
    for m in sorted([*_FIGURE.finditer(text), *money.finditer(text)], key=lambda m: m.start()):
        figure = m.group(0).replace(",", "")
        if sum(c.isdigit() for c in figure) >= MIN_FIGURE_DIGITS or "." not in figure:
            unit = units.match(text, m.end())
            out.append((m.start(), unit.end() if unit else m.end(), figure))
    return out


def quoted_figures(text: str) -> tuple[str, ...]:
    """The figures a question quotes, which identify the document stating them."""
    return tuple(dict.fromkeys(f for *_, f in _figure_spans(text)))


def _covered(span, spans) -> bool:
    """True when `span` (start, end, …) overlaps one of `spans`."""
    return any(span[0] < e and s < span[1] for s, e, *_ in spans)


def _plain_wording(text: str, forms: dict[str, str]) -> str:
    """`text` with everyday phrasings in the disclosure's words, longest first; a phrasing
    inside the disclosure's own form ("值多少" in "价值多少") is left alone."""
    for form in sorted((f for f in forms if not f.startswith("_")), key=len, reverse=True):
        plain = forms[form]
        inside = [(m.start(), m.end()) for m in re.finditer(re.escape(plain), text)]
        pieces, last = [], 0
        for m in re.finditer(re.escape(form), text):
            if any(s <= m.start() and m.end() <= e for s, e in inside):
                continue
            pieces += [text[last:m.start()], plain]
            last = m.end()
        text = "".join(pieces) + text[last:]
    return text


MAX_CLAUSES = 3


def clauses(raw: str) -> list[str]:
    """The questions inside `raw`: "三公经费决算多少？比上年增加多少？" is two, each with its
    own question word; a part without one ("昌吉州人社局2023年，…") or asking only which way a
    figure went ("比上年是增是减？降幅多少？": the rate says it) stays with the next."""
    lex = _words("questions")
    raw = (raw or "").strip()[:lex["max_question_chars"]]  # only the start of an overlong input is read
    parts = [p for p in re.split(r"(?<=[？?；;，,])", raw) if p.strip()]
    out: list[str] = []
    pending = ""
    for part in parts:
        pending += part
        if _asks(pending, lex["question_words"]) and not _direction_only(pending):
            out.append(pending)
            pending = ""
    if pending:
        out = out[:-1] + [out[-1] + pending] if out else [pending]
    # More than a few is a list pasted in, not questions asked together.
    return out if len(out) <= MAX_CLAUSES else [raw]


def _asks(part: str, question_words: list[str]) -> bool:
    """True when `part` asks something: a question word or a question mark. A part with a cue
    only ("有份自评表把科目调整次数作为数量指标，", "比上年下降2.82%，") tells what the next asks about."""
    return any(w in part for w in question_words) or part.rstrip().endswith(("?", "？"))


@cache
def _figure_with_unit() -> re.Pattern:
    units = lexicon.load("units")
    words = sorted([*units["money"], *units["measure"], *units["percent"]], key=len, reverse=True)
    return re.compile(rf"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*({'|'.join(map(re.escape, words))})")


def figures_with_units(text: str) -> list[tuple[float, str]]:
    """(value, unit as written) of each figure `text` (normalized) writes with a unit of money,
    measure or percent (19.8万元, 25个, 2.82%; 2022年 too: a year's 年 is a measure's)."""
    return [(float(m.group(1).replace(",", "")), m.group(2)) for m in _figure_with_unit().finditer(text)]


# The unit a year is written with: a figure "in" it is a year, stated of nothing.
_YEAR_UNIT = "年"


def _stated_figures(part: str) -> list[float]:
    """The figures `part` states with their unit (下降2.82%, 19.8万元; a year is none)."""
    return [value for value, unit in figures_with_units(part) if unit != _YEAR_UNIT]


def _direction_only(part: str) -> bool:
    """True when `part` asks which way a figure went (是增是减, 多了还是少了) and no quantity."""
    return any(p.search(part) for p in _intent_patterns()["change"]) and not any(
        w in part for w in lexicon.load("asked")["quantity_words"])


def forget_mention(q: Question, start: int, end: int) -> None:
    """Read `q.text[start:end]` (an issuer or year word) back into the question's words:
    it sits inside a name ("帮扶克州资金", "人社局劳动保障大厦维修经费")."""
    q.residue = q.residue[:start] + q.text[start:end] + q.residue[end:]


def blank_mention(q: Question, start: int, end: int) -> None:
    """Take `q.text[start:end]` (a unit name kept as the question's issuer) out of its words,
    with the own-level word after it ("凉山州本级": the region itself)."""
    end += own_level_after(q.text, end)
    q.residue = q.residue[:start] + GAP * (end - start) + q.residue[end:]


def asks_figure(q: Question) -> bool:
    """True when the question wants a number: then a passage without it is no answer."""
    if q.intents & {"reason", "purpose", "list", "definition", "which"}:
        return False
    lex = lexicon.load("questions")
    if q.intents & {"count", "rate", "share", "change", "compare"} or any(c in q.text for c in lex["figure_cues"]):
        return True
    # "差旅费决算", "社会保险基金支出": a bare metric name asks for its figure.
    tail = q.residue.rstrip("?？。!！ " + GAP)
    return any(tail.endswith(w) for w in lex["figure_endings"])


def content_words(q: Question) -> str:
    """The question minus issuer, year and question words: what a passage must talk about."""
    text = q.residue
    for w in sorted(lexicon.load("questions")["question_words"], key=len, reverse=True):
        text = text.replace(w, GAP)
    return text


@cache
def _non_metric_words() -> tuple[str, ...]:
    """Cue, question, period and follow-up words, and units ("变化了多少万元"): no metric's name."""
    lex = lexicon.load("questions")
    drop = [c for cues in lex["intents"].values() for c in cues] + lex["question_words"] + lex["strip_words"]
    drop += [w for ws in lex["periods"].values() for w in ws] + lex["follow_up_cues"]
    units = lexicon.load("units")
    drop += [u for u in units["money"] if len(u) > 1] + [u for u in units["measure"] if len(u) > 1]
    return tuple(w for w in dict.fromkeys(drop) if w)


@lru_cache(maxsize=1 << 12)  # asked several times for each question's words
def core_words(words: str) -> str:
    """What is left of the metric words once cue, period and question words are gone ("" for "那2024年呢")."""
    # Every occurrence goes, overlapping ones too ("下降幅度": 下降, 降幅, 幅度), and the
    # phrasings of asked.json intent_patterns ("多了还是少了", "完成了全年预算的百分之几").
    spans = _word_spans(words, _non_metric_words())
    spans += [m.span() for ps in _intent_patterns().values() for p in ps for m in p.finditer(words)]
    text = _blank(words, spans)
    return text.strip(GAP) if len(text.replace(GAP, "")) >= 2 else ""


def _word_spans(text: str, words) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of each of `words` in `text`, overlapping ones included."""
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return out


@cache
def _metric_names() -> tuple[str, ...]:
    entries = lexicon.load("metrics")["metrics"]
    return tuple(norm_name(a) for e in entries for a in [e["name"], *e.get("aliases", [])])


def _starts_metric(text: str) -> bool:
    """True when `text` starts with a metric's name or alias of the lexicon (2+ characters)."""
    return any(len(n) >= 2 and text.startswith(n) for n in _metric_names())


def holds_metric_name(phrase: str) -> bool:
    """True when a metric name or alias of the lexicon (2+ characters) stands in `phrase`."""
    p = norm_name(phrase)
    return any(len(n) >= 2 and n in p for n in _metric_names())


def in_metric_names(phrase: str) -> bool:
    """True when `phrase` stands in a metric name or alias of the lexicon ("公车" in "公车运行费")."""
    p = norm_name(phrase)
    return bool(p) and any(p in name for name in _metric_names())


def document_totals(q: Question, words: str) -> tuple[str, ...]:
    """`words` with the document's own word for its money ("预算", "总决算") or for all it spends
    or receives ("支出") read as that total's names, in the order to try them (questions.json
    document_totals), when nothing else is asked: "天台小学2024年预算是多少" asks 收支总预算;
    () when the question asks something else."""
    rule = lexicon.load("questions")["document_totals"]
    if not q.intents <= set(rule["intents"]):
        return ()
    core = core_words(words)
    for total in rule["totals"]:
        metrics = total["metric"].get(q.doc_type or "") or total["metric"].get("*", ())
        said = next((w for w in total["words"] if w in words), None)
        if metrics and said and not _names_metric(_blank_words(core, total["words"])):
            return tuple(words.replace(said, m, 1) for m in metrics)
    return ()


def _blank_words(text: str, words: list[str]) -> str:
    """`text` with every occurrence of `words` blanked."""
    return _blank(text, _word_spans(text, words))


def _names_metric(core: str) -> bool:
    """Single characters left between cue words ("多…少" of 多了还是少了) name nothing."""
    return any(len(run) >= 2 for run in core.split(GAP))


def metric_words(q: Question) -> str:
    """The question minus issuer, year, fillers and follow-up cues: what it asks about."""
    lex = lexicon.load("questions")
    text = q.residue
    for w in sorted(lex["question_fillers"] + lex["follow_up_cues"], key=len, reverse=True):
        text = text.replace(w, GAP)
    return text.strip(GAP) if len(text.replace(GAP, "")) >= 2 else ""
