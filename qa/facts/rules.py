"""Domain knowledge the fact stage applies, read from qa/lexicon/*.json.

Metric names and aliases (metrics.json), 政府收支分类科目 codes (classification.json),
unit words (units.json), period words (periods.json), narrative patterns
(text_rules.json) and the self-evaluation form's 总分 and 偏差原因 words (selfeval.json). Nothing here names a particular document.
"""

from __future__ import annotations

import re
from functools import cache

from qa.ingest.normalize import normalize_for_match, parse_number
from qa.lexicon import load
from qa.types import Document, Fact

TOTAL_WORDS = ("总计", "合计", "小计", "总额")  # plus the self-evaluation total, see total_words()
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_OPERATORS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", ">": ">", "<": "<", "=": "=", "＝": "="}
_TARGET = re.compile(
    r"^(?P<op>[<>≤≥=＝]{1,2})?\s*(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>[^\d\s]{0,8})$"
)


def key(text: str) -> str:
    """Matching form of a label: NFKC, no spaces, no quotes ("“三公”经费 " -> "三公经费")."""
    return normalize_for_match(text).replace(" ", "").translate(_QUOTES)


def text_rules() -> dict:
    """The narrative patterns of text_rules.json."""
    return load("text_rules")


# --- metrics -------------------------------------------------------------------------


@cache
def _metric_index() -> tuple[dict[str, str], dict[str, dict]]:
    by_alias: dict[str, str] = {}
    by_name: dict[str, dict] = {}
    for m in load("metrics")["metrics"]:
        by_name[m["name"]] = m
        for alias in [m["name"], *m.get("aliases", [])]:
            by_alias.setdefault(key(alias), m["name"])
    return by_alias, by_name


def canonical_metric(label: str) -> str | None:
    """The lexicon's canonical metric for `label`: an exact alias match, else one after
    dropping trailing qualifier words ("…运行经费财政拨款预算" -> 机关运行经费), or None."""
    by_alias, _ = _metric_index()
    k = key(label)
    qualifiers = [key(q) for q in text_rules()["metric_qualifiers"]]
    while k:
        if k in by_alias:
            return by_alias[k]
        k = next((k[: -len(q)] for q in qualifiers if k.endswith(q) and len(k) > len(q)), "")
    return None


def is_metric_name(label: str) -> bool:
    """True when `label` is exactly a lexicon metric's name or alias ("一般公共预算", "收入预算")."""
    return key(label) in _metric_index()[0]


def metric_by_suffix(label: str, shortest: int = 3) -> str | None:
    """The metric whose name or alias (at least `shortest` characters) ends `label`, or ends it
    once trailing qualifier words are dropped; the longest such alias wins, ties going to the
    reading with more qualifiers dropped: a narrative subject that carries its issuer and scope
    ("某街道办事处“三公”经费财政拨款支出决算" -> 财政拨款“三公”经费; "…三公经费支出合计" -> 三公,
    not 支出合计)."""
    by_alias, _ = _metric_index()
    qualifiers = [key(q) for q in text_rules()["metric_qualifiers"]]
    k, stage, best = key(label), 0, None
    while k:
        for a in by_alias:
            if len(a) >= shortest and k.endswith(a) and not _splits_word(k, len(k) - len(a)):
                best = max(best or (0, 0, ""), (len(a), stage, a))
        k = next((k[: -len(q)] for q in qualifiers if k.endswith(q) and len(k) > len(q)), "")
        stage += 1
    return by_alias[best[2]] if best else None


def _splits_word(k: str, cut: int) -> bool:
    """True when position `cut` of `k` falls inside a word the lexicon keeps whole (its
    contractions' long forms): "财政拨款收入|支出总体" is 收入支出总体, not 支出总体."""
    words = [key(w) for w in load("metrics").get("contractions", {}) if not w.startswith("_")]
    return any(m.start() < cut < m.end() for w in words for m in re.finditer(re.escape(w), k))


def metric_info(name: str) -> dict:
    """The lexicon entry of canonical metric `name` ({} when it is not a lexicon metric)."""
    return _metric_index()[1].get(name, {})


def metric_aliases(name: str) -> list[str]:
    """Canonical `name` and every alias of it."""
    info = metric_info(name)
    return [name, *info.get("aliases", [])] if info else [name]


def metrics_matching(text: str) -> list[str]:
    """Canonical metrics one of whose names or aliases contains `text` or is contained in it."""
    k = key(text)
    if not k:
        return []
    by_alias, _ = _metric_index()
    return sorted({name for alias, name in by_alias.items() if k in alias or (len(alias) > 1 and alias in k)})


def table_subject(title: str) -> str:
    """Metric a table's 合计/总计 row states: the lexicon metric whose `total_of` words the
    title contains (longest match), else the title without its 情况表/明细表 ending."""
    k = key(title)
    best, best_len = None, 0
    for m in load("metrics")["metrics"]:
        for word in m.get("total_of", []):
            if key(word) in k and len(key(word)) > best_len:
                best, best_len = m["name"], len(key(word))
    if best:
        return best
    stem = re.sub(r"(情况明细表|明细表|情况表|总体情况表|表)$", "", re.sub(r"^表\s*\d+\s*", "", title.strip()))
    return canonical_metric(stem) or stem


def named_total() -> str:
    """The row label that totals a self-evaluation form ("总分", selfeval.json `total_label`):
    unlike 合计, its figures are named by the label itself, not by the table's subject."""
    return load("selfeval")["total_label"]


@cache
def total_words() -> tuple[str, ...]:
    """Row labels that total a table: 总计/合计/小计/总额 and the form total 总分."""
    return (*TOTAL_WORDS, named_total())


def is_total_label(label: str) -> bool:
    """True for a 合计/总计/小计/总分 row label (also "收入总计", "公务用车购置及运行费（小计）")."""
    k = key(label)
    return any(k == w or k.endswith(w) or k.endswith(f"({w})") for w in total_words())


def is_named_total(label: str) -> bool:
    """True for the self-evaluation total "总分" (see named_total)."""
    return key(label) == key(named_total())


@cache
def _reason_columns() -> frozenset[str]:
    return frozenset(key(w) for w in load("selfeval").get("reason_columns", []))


def is_reason_column(header_leaf: str) -> bool:
    """True for a column whose text gives the reason of its row's figures (偏差原因分析及改进措施)."""
    return key(header_leaf) in _reason_columns()


def strip_total(label: str) -> str:
    """`label` without a trailing （小计）/（合计） marker."""
    return re.sub(r"[（(](?:小计|合计)[）)]$", "", label.strip())


# --- classification codes ------------------------------------------------------------


@cache
def classification() -> dict[str, dict[str, str]]:
    """{"functional": {code: name}, "economic": {code: name}}."""
    data = load("classification")
    return {"functional": data["functional"], "economic": data["economic"]}


def code_name(code: str) -> str | None:
    """Standard name of a functional or economic code."""
    c = classification()
    return c["functional"].get(code) or c["economic"].get(code)


def functional_code(path: list[str]) -> str | None:
    """Functional code of a 类/款/项 name path ("社会保障和就业支出", "…管理事务", "行政运行").

    Each level is looked up among the children of the previous one, so a 项 name
    shared by many 款 (行政运行) resolves to the right code."""
    table = classification()["functional"]
    code = ""
    for name in path:
        k = key(name)
        width = len(code) + (3 if not code else 2)
        hits = [c for c, n in table.items() if len(c) == width and c.startswith(code) and key(n) == k]
        if not hits and not code:
            hits = [c for c, n in table.items() if len(c) == 3 and key(n).startswith(k[:4])]
        if len(hits) != 1:
            return None
        code = hits[0]
    return code or None


# --- units ---------------------------------------------------------------------------


@cache
def _units() -> dict:
    return load("units")


def money_factor(unit: str | None) -> float | None:
    """Factor to 元 of a money unit ("万元" -> 10000), None when `unit` is not money."""
    return _units()["money"].get((unit or "").strip())


def unit_spelling(unit: str) -> str:
    """The standard spelling of a unit as stated ("萬元" -> "万元", "1000.86万" is 万元): the same
    unit, so a fact answers a question whichever spelling it uses."""
    return _units().get("spellings", {}).get(unit, unit)


def value_in(value: float, unit: str, target: str) -> float | None:
    """`value` stated in `unit` expressed in `target` (12500 元 -> 1.25 万元), None when the two
    units do not convert (not both money, and not the same unit)."""
    factor = comparable(target, unit)
    return value * factor if factor is not None else None


def is_percent(unit: str | None) -> bool:
    """True for "%" or "％"."""
    return (unit or "").strip() in _units()["percent"]


def unit_words() -> list[str]:
    """Every unit word, longest first (so 万人次 wins over 万)."""
    u = _units()
    words = {*u["money"], *u["measure"], *u["percent"], *text_rules().get("extra_units", [])}
    return sorted(words, key=len, reverse=True)


def comparable(a: str, b: str) -> float | None:
    """Factor that turns values in unit `b` into unit `a` (both money, or the same unit), else None."""
    fa, fb = money_factor(a), money_factor(b)
    if fa and fb:
        return fb / fa
    return 1.0 if a.strip() == b.strip() else None


def unit_of_header(text: str) -> str | None:
    """Unit written in a header or label, e.g. "预算金额（万元）" -> "万元"."""
    m = re.search(r"[（(]\s*([^（）()]{1,4})\s*[)）]", text)
    return m.group(1) if m and (money_factor(m.group(1)) or m.group(1) in _units()["measure"]) else None


# --- periods and column aspects ------------------------------------------------------


@cache
def _periods() -> dict:
    return load("periods")


@cache
def _period_words() -> list[tuple[str, str]]:
    pairs = [(key(w), kind) for kind, words in _periods()["periods"].items() for w in words]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def period_of(texts) -> str | None:
    """Period kind named in any of `texts` (column words, a table title, a label)."""
    for text in texts:
        k = key(text)
        for word, kind in _period_words():
            if word in k:
                return kind
    return None


def split_period(label: str, prefer_metric: bool = False) -> tuple[str, str | None]:
    """`label` without a trailing period word, and that period ("…经费预算数" -> ("…经费", "预算数")).

    With `prefer_metric`, a shorter period word that leaves a lexicon name wins over the
    longest one ("一般公共预算支出决算数": 一般公共预算支出 + 决算数, not 一般公共预算 + 支出决算数)."""
    k = label.strip()
    words = _period_words()
    if prefer_metric:
        named = [(w, kind) for w, kind in words if k.endswith(w) and is_metric_name(k[: len(k) - len(w)])]
        words = sorted(named, key=lambda p: len(p[0])) + list(words)
    for word, kind in words:
        if key(k).endswith(word):
            return k[: len(k) - len(word)].rstrip() if k.endswith(word) else k, kind
    return k, None


def default_period(doc_type: str, title: str = "") -> str | None:
    """Period of a figure whose column or sentence names none: by document type, else by
    the period word of the title ("…政府采购决算公开说明" -> 决算数), fund names set aside."""
    period = _periods()["doc_type_default"].get(doc_type)
    if period or not title:
        return period
    text = key(title)
    for word in fund_names():
        text = text.replace(key(word), "")
    return next((kind for word, kind in _periods().get("title_periods", []) if word in text), None)


def contractions() -> dict[str, str]:
    """Long forms of words inside metric names -> their short forms (metrics.json contractions)."""
    return {k: v for k, v in load("metrics").get("contractions", {}).items() if not k.startswith("_")}


def fund_names() -> list[str]:
    """Names of funds holding a period word that states no period (一般公共预算; periods.json title_neutral)."""
    return _periods().get("title_neutral", [])


def period_aspect(period: str | None, texts=()) -> str | None:
    """Aspect implied by a period column (指标值 -> target, 实际完成值 -> actual, 上年完成值 -> actual).

    A text's own period (its longest period word) decides first, so 实际完成指标值 is an
    actual although it contains 指标值; a period without an aspect (上年实际完成值 is 上年数)
    falls back to the aspect words it contains."""
    words = _periods()["period_aspects"]
    for text in texts:
        own = period_of([text])
        if own in words:
            return words[own]
        for word, aspect in words.items():
            if key(word) in key(text):
                return aspect
    return words.get(period or "")


def column_aspect(texts) -> tuple[str, str] | None:
    """(aspect, unit) of a score / execution-rate column named in `texts`, else None."""
    joined = "".join(key(t) for t in texts)
    for spec in _periods()["aspects"]:
        if any(key(w) in joined for w in spec["words"]):
            return spec["aspect"], spec["unit"]
    return None


def row_aspect(labels) -> tuple[str, str] | None:
    """(aspect, unit) a row label gives its figures: a change rate between years
    ("2016年比2015年增减%"); an indicator's own name ("年度维护成本增长率") is no such row."""
    joined = "".join(key(t) for t in labels)
    spec = _periods()["row_aspects"]
    between_years = re.search(r"\d{4}年|上年", joined)
    return (spec["aspect"], spec["unit"]) if between_years and any(key(w) in joined for w in spec["words"]) else None


def metric_of_components(names) -> str | None:
    """The lexicon metric at least two of whose components are among `names` (any spelling)."""
    named = {canonical_metric(n) for n in names} - {None}
    for m in load("metrics")["metrics"]:
        if len(named & set(m.get("components", []))) >= 2:
            return m["name"]
    return None


def indicator_levels() -> list[str]:
    """一级/二级指标 names of the performance forms (selfeval.json level1 + level2)."""
    lex = load("selfeval")
    return [*lex["level1"], *lex["level2"]]


def year_of_label(label: str) -> int | None:
    """The year a row label is ("2015年", "2016年度"), else None."""
    m = re.fullmatch(r"\s*(\d{4})\s*年度?\s*", label)
    return int(m.group(1)) if m else None


def ratios() -> list[dict]:
    """Rate columns that follow from two period columns (periods.json "ratios")."""
    return _periods()["ratios"]


def column_role(header_leaf: str) -> str | None:
    """"code", "label" or "note" for a header word, None for anything else."""
    k = key(header_leaf)
    for role, words in _periods()["column_roles"].items():
        if any(k == key(w) for w in words):
            return role
    return None


# --- numbers -------------------------------------------------------------------------


def parse_value(cell: str) -> tuple[str | None, float, str, str] | None:
    """(operator, value, unit, raw) of a numeric cell such as "1,583.14", ">=109人",
    "> =90%", "≤85万元", "<=4.25 万元/月"; None for text, dates and empty cells."""
    m = _TARGET.match(normalize_for_match(cell).replace(" ", ""))
    known = set(unit_words())
    if not m or not all(part in known for part in m.group("unit").split("/") if m.group("unit")):
        return None
    value = parse_number(m.group("num"))
    if value is None or (m.group("num").isdigit() and len(m.group("num")) >= 11):
        return None  # 11+ bare digits: a telephone or id number, not a figure
    op = _OPERATORS.get(m.group("op") or "")
    if m.group("op") and op is None:
        return None
    return op, value, m.group("unit"), m.group("num")


def decimals(raw: str) -> int:
    """Decimal places written in `raw` ("2.28" -> 2, "120" -> 0)."""
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def table_index(doc: Document, fact: Fact) -> int | None:
    """Index in doc.tables of the table a table fact comes from (labels repeat, spans do not)."""
    return next((k for k, t in enumerate(doc.tables)
                 if t.label == fact.table and t.line_start <= fact.line_start <= t.line_end), None)


def new_fact(doc: Document, **fields) -> Fact:
    """A Fact about `doc`: the document's year, issuer, region and type filled in."""
    return Fact(doc_id=doc.doc_id, year=doc.year, issuer=doc.issuer, region=doc.region,
                doc_type=doc.doc_type, **fields)
