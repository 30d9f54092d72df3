"""Facts from narrative paragraphs, driven by qa/lexicon/text_rules.json.

Every number followed by a unit is labelled by the words before it, back to the
previous clause boundary. Those words decide what it is:

* "…“三公”经费数为2.28万元" — an amount of the metric they name (which becomes the
  sentence's *subject*);
* "比上年预算减少2.01万元" / "下降46.85%" — a change / rate of the subject, signed,
  with the 主要原因是… that follows attached as its reason;
* "占 92.90%" — a share; "预决算差异率 28.70%" — a rate word's aspect;
* "价值 6.11 万元" — an attribute of the subject ("房屋" -> "房屋价值");
* "其中：" / "包括：" — the following items are parts of the subject (row_path
  parent, child), which the audit sums;
* "项目名称：X" sets a context; "预算安排规模：…" states X's amount and
  "资金分配情况：…" lists X's parts;
* "完成全年预算50.74万元的67.2%" — the subject's budget (全年预算数) and execution rate;
  "年初预算为2.95万元" / "支出预算为…" inside final accounts — a budget, not 决算数;
* "公务接待24批次,210人次" / "出国(境)团组2个" — counts named by text_rules count_metrics;
* "收、支总计各是4125.49,4143.91万元" / "购置数及保有量分别为1辆和130辆" — a distributive
  enumeration: items and figures paired in order ("…,各下降x%、y%" reuses the items); a change
  after 各 with no items ("…支出总计Y,各增加Z万元") is each amount's of the sentence;
* "申请预算资金90万元" / "年初批复预算8个项目985万元" — a label naming a budget states it
  (text_rules budget_label_words), an amount right after a count is named by the words before it;
* "二、自有资金:0万元三、其他:3683.397万元" — an enumerated 其他 is an item (其他资金);
* "本单位支出为…" — the unit's own total (text_rules own_totals); "政府性基金预算财政拨款收入" —
  a fund's part of a whole the lexicon splits by fund (metrics.json by_fund);
* "决算数大于预算数55.93万元" — the subject's gap with that period (gap_verbs); "增加了X130万元" —
  X's change (leading_change_verbs); "培训人员不少于100人" — an operator (operator_words);
* a rate written "--" or left blank is no figure; a label that names nothing ("的", ")", one
  character, a reason marker) gives way to the sentence's subject, else the heading's metric,
  else no fact — inside a reason, to nothing.

Traditional characters and a mirror site's pinyin glosses are read as simplified words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.facts import rules
from qa.ingest.normalize import strip_pinyin_glosses, to_simplified
from qa.types import Document, Fact, Paragraph

_YEAR = re.compile(r"(?:截至|截止)?\s*\d{4}\s*(?:年(?!初)(?:度|底|末)?|(?=年初))")  # "2017年初预算": 年初 stays
_ENUM = re.compile(r"^\s*" + rules.text_rules()["enumeration_mark"] + r"\s*")
_GLOSS_AT_START = re.compile(r"^[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]元?")  # "35萬(wàn)元": the unit's gloss
# "1,234" is one number; after a decimal ("4125.49,4143.91万元") a comma separates two
_NUM = (r"(?<![\d.])(?:(?<!\d,)|(?<=\.\d,)|(?<=\.\d\d,)|(?<=\.\d{3},)|(?<=\.\d{4},))"
        r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@dataclass
class _State:
    """What a paragraph's earlier statements set up for its later numbers."""

    subject: str = ""  # raw label of the current subject
    path: tuple[str, ...] = ()  # row_path of the subject
    code: str | None = None  # classification code of the subject
    list_parent: tuple[str, ...] | None = None  # parent path while a 其中 list is open
    outer_parent: tuple[str, ...] | None = None  # the enclosing list of a nested 其中 list
    reason_at: int | None = None  # offset where the current item's reason begins
    pending: list[dict] = field(default_factory=list)  # facts of the item awaiting a reason
    scope_period: str | None = None  # "上年数" while a sentence dated to the year before lasts
    subject_period: str | None = None  # the period the subject's own words name ("申请预算资金": 预算数)
    section_metric: str = ""  # lexicon metric the paragraph's heading names ("（二）公务接待费")
    count_entry: dict | None = None  # count_metrics entry of the last count named by its words
    bracketed: bool = False  # the figure at hand stands inside brackets ("(其中外事接待26批次)")
    outside: tuple | None = None  # (subject, path, code) before a bracket's own subject took over
    list_bracketed: bool = False  # the open 其中 list began inside brackets: it ends with them
    list_before_bracket: tuple[str, ...] | None = None  # the list open when the bracket's began


def number_pattern() -> re.Pattern:
    """Numbers with a unit (and bare numbers, checked against count metrics later)."""
    skip = set(rules.text_rules()["ignored_units"])
    units = "|".join(re.escape(u) for u in rules.unit_words() if u not in skip)
    words = "|".join(re.escape(w) for w in rules.text_rules()["unit_word_starts"])
    return re.compile(rf"(?P<num>{_NUM})\s*(?:(?!{words})(?P<unit>{units}))?(?![\d.])")


def text_facts(doc: Document) -> list[Fact]:
    """Facts stated in the narrative paragraphs of `doc`."""
    pattern = number_pattern()
    facts: list[Fact] = []
    context: tuple[str, tuple[str, ...]] | None = None  # (project, section where it was set)
    open_list: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (parent path, section)
    heading = ""  # metric named by the last heading-like paragraph ("(3)公务接待费支出情况。")
    for para in doc.paragraphs:
        context = _context(para, context)
        if open_list and open_list[1] != para.section:
            open_list = None
        heading = _heading_metric(para.text) if _is_heading_like(para.text) else heading
        found, parent = _paragraph_facts(doc, para, pattern, context[0] if context else None,
                                         open_list[0] if open_list else None, heading)
        facts.extend(found)
        # "…收入预算 785.85 万元，其中：" with its items in the paragraphs that follow
        open_list = (parent, para.section) if parent else open_list
    return facts


def _context(para: Paragraph, current):
    rules_ = rules.text_rules()
    stops = rules_["context_value_stops"]
    for text, section in [(para.text, para.section)] + [(s, para.section[: i + 1]) for i, s in enumerate(para.section)]:
        for k in rules_["context_keys"]:
            at = text.find(k)
            if at < 0:
                continue
            value = re.sub(r"\s+", "", text[at + len(k) :]).lstrip("：:")
            cut = min([value.find(s) for s in stops if s in value] + [len(value)])
            if value[:cut]:
                return value[:cut], section
    if current and para.section[: len(current[1])] != current[1]:
        return None
    return current


def _paragraph_facts(doc, para: Paragraph, pattern, context, list_parent,
                     heading: str = "") -> tuple[list[Fact], tuple | None]:
    """The paragraph's facts, and the parent of a 其中 list it leaves open at its end."""
    tr = rules.text_rules()
    text = para.text
    state = _State(list_parent=list_parent, section_metric=_section_metric(para, tr) or heading)
    out: list[dict] = []
    prev_end = 0
    field_role = None
    last_at = 0  # end of the last figure that became a fact
    found = list(figures(text, pattern))
    paired = distributed(text, found, tr)
    counted = None  # (noun, words before) of a count just stated ("8个项目")
    placed: list[tuple[int, dict]] = []  # (offset, fact) of the paragraph's figures so far
    for m in found:
        window = text[prev_end : m.start()]
        field_role = _field_role(text, prev_end, m.start(), tr) or field_role
        _advance(state, window, prev_end, text, tr, field_role, context)
        state.bracketed = _in_brackets(text, m.start())
        named = paired.get(m.start())
        window, m = _naming_words(window, m, named, counted, tr)
        counted, noun = None, _noun_after(text, m, tr)
        fact = _label_number(doc, state, window, m, tr, field_role, context, joined=prev_end > 0,
                             lead=_lead(text, m.start(), tr), noun=noun,
                             purpose=_purpose_after(text, m, tr))
        if fact is None:
            # a figure nothing names is passed over; a bare number stays part of the words
            prev_end = m.end() if m.group("unit") else prev_end
            continue
        _qualify_count(fact, out[-1] if out else None, text[last_at : m.start()], tr)
        _as_difference(fact, out, tr)
        _with_operator(fact, _plain(text[max(0, m.start() - 8) : m.start()]), tr)
        _as_target(doc, fact, tr)
        prev_end = last_at = m.end()
        fact["line_start"] = fact["line_end"] = para.line_at(m.start())
        fact["quote"] = _quote(text, m.start(), m.end())
        out.append(fact)
        out += [] if named else _each(fact, _sentence(placed, text, m.start()), text, m.start(), tr)
        placed.append((m.start(), fact))
        counted = (noun, window) if noun and fact["aspect"] == "count" else None
        if field_role == "amount":
            field_role = None
    _advance(state, text[prev_end:], prev_end, text, tr, field_role, context)
    _attach_reasons(state, text, len(text), tr)
    ends_open = any(text.rstrip().endswith(o.rstrip()) for o in tr["list_openers"])
    facts = [rules.new_fact(doc, origin="text", **f) for f in out]
    return facts, (state.list_parent if ends_open else None)


def _naming_words(window: str, m, named: tuple[str, str] | None, counted: tuple[str, str] | None, tr):
    """(words naming the figure, the figure): the item a distributive enumeration pairs with it
    ("收、支总计各是4125.49,4143.91万元", with the list's unit), the words before a count it
    follows straight away ("年初批复预算8个项目985万元"), else the words before it."""
    if named:
        return "，" + named[0], _Figure(m, named[1])
    if counted and window.strip() == counted[0] and _names_something(counted[1], tr):
        return counted[1], m
    return window, m


def _sentence(placed: list[tuple[int, dict]], text: str, at: int) -> list[tuple[int, dict]]:
    """The (offset, fact) placed in the sentence that holds offset `at`."""
    start = text.rfind("。", 0, at)
    return [(offset, f) for offset, f in placed if offset > start]


@dataclass(frozen=True)
class _Figure:
    """A figure of an enumeration paired item by item, with the unit its list writes once."""

    match: re.Match
    unit: str

    def group(self, name: str) -> str:
        return self.unit if name == "unit" else self.match.group(name)

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()


def distributed(text: str, found: list[re.Match], tr) -> dict[int, tuple[str, str]]:
    """Start of each figure of a distributive enumeration -> (the words naming it, its unit):
    "A、B分别为x、y万元" / "收、支总计各是x,y万元" pair the items with the figures in order, the
    unit written once after the last; "…,各下降x%、y%" reuses the items of the sentence's last
    enumeration. Items and figures of unequal number are left as they are (text_rules
    distributive_markers, figure_separators, item_abbreviations)."""
    out: dict[int, tuple[str, str]] = {}
    items: list[str] = []
    items_end = 0
    for run in _figure_runs(text, found, tr):
        head, verb = _distributive_clause(text, run[0].start(), tr)
        if head is None:
            continue
        if re.search(f"[{re.escape(tr['item_ends'])}]", text[items_end : run[0].start()]):
            items = []  # a sentence ended since the last enumeration
        own = _items(head, len(run), tr)
        items, items_end = (own, run[-1].end()) if own else (items, items_end)
        if len(items) != len(run) or (not own and _clean(head, tr)):
            continue
        units = [m.group("unit") for m in run]
        for k, m in enumerate(run):
            unit = next((u for u in units[k:] if u), "")
            out[m.start()] = (items[k] + verb, unit)
    return out


def _figure_runs(text: str, found: list[re.Match], tr) -> list[list[re.Match]]:
    """Runs of two or more figures separated only by figure_separators ("1辆和130辆", "x,y万元")."""
    runs: list[list[re.Match]] = []
    for m in found:
        gap = text[runs[-1][-1].end() : m.start()] if runs else None
        if gap is not None and re.fullmatch(tr["figure_separators"], gap):
            runs[-1].append(m)
        else:
            runs.append([m])
    return [r for r in runs if len(r) >= 2]


def _distributive_clause(text: str, at: int, tr) -> tuple[str | None, str]:
    """(items, verb) of the clause before `at` when it ends with a distributive marker and a verb
    ("收、支总计各减少" -> ("收、支总计", "减少")), (None, "") otherwise."""
    start = max(text.rfind(c, 0, at) for c in tr["clause_boundaries"]) + 1
    clause = _plain(text[start:at]).strip()
    for marker in sorted(tr["distributive_markers"], key=len, reverse=True):
        i = clause.rfind(marker)
        verb = clause[i + len(marker) :] if i >= 0 else ""
        if i >= 0 and len(verb) <= tr["distributive_verb_chars"] and not re.search(r"\d", verb):
            return clause[:i], verb
    return None, ""


def _items(head: str, n: int, tr) -> list[str]:
    """The `n` items "收、支总计" / "公务用车购置数及保有量" enumerates, each named in full
    ("收入总计", "支出总计"; "公务用车保有量"), [] when they are not `n`."""
    for separators in tr["item_separators"]:
        parts = [p for p in re.split(f"[{separators}]", _clean(head, tr)) if p]
        if len(parts) == n:
            return _shared_words(parts, tr)
    return []


def _shared_words(parts: list[str], tr) -> list[str]:
    """Items completed by the words they share: single characters take the last item's ending
    ("收、支总计" -> 收入总计, 支出总计, item_abbreviations), a later item the first item's
    beginning when together they form a lexicon metric ("购置数及保有量" -> 公务用车保有量)."""
    abbr = tr["item_abbreviations"]
    last = parts[-1]
    if len(last) > 1 and all(len(p) == 1 for p in parts[:-1]):
        tail = last[1:]
        return [abbr.get(p, p) + tail for p in parts[:-1]] + [abbr.get(last[0], last[0]) + tail]
    first = parts[0]
    out = [first]
    for p in parts[1:]:
        fuller = (first[:cut] + p for cut in range(len(first) - 1, 0, -1))
        out.append(p if rules.canonical_metric(p) else next((f for f in fuller if rules.canonical_metric(f)), p))
    return out


def _names_something(window: str, tr) -> bool:
    """True when the last clause of `window` names something of two characters or more ("(含" does not)."""
    label = _clean(re.split(f"[{re.escape(tr['clause_boundaries'])}]", _plain(window))[-1], tr)
    return len(label) >= 2 and not _fragment(label, tr)


def _each(fact: dict, sentence: list[tuple[int, dict]], text: str, at: int, tr) -> list[dict]:
    """"收入总计X万元,支出总计Y万元,与上年相比,各增加Z万元,增长R%": a change stated once after an
    each-marker (text_rules each_markers) with no items of its own, and a bare rate or change right
    after it, are also the changes of the sentence's other amounts, and of their joint name when
    the lexicon contracts it (收入支出总计 = 收支总计); the copies of `fact` for them."""
    if fact["aspect"] not in ("change", "rate") or not _of_each(fact, sentence, text, at, tr):
        return []  # "各单位增加…": items of its own
    amounts = {f["metric"]: f for _, f in sentence if f["aspect"] == "amount" and rules.money_factor(f["unit"])}
    copies = [dict(fact, metric=f["metric"], row_path=f["row_path"], code=f["code"])
              for name, f in amounts.items() if name != fact["metric"]]
    joint = _joint_name(list(amounts), tr)
    return copies + ([dict(fact, metric=joint, row_path=(joint,), code=None)] if joint else [])


def _of_each(fact: dict, sentence: list[tuple[int, dict]], text: str, at: int, tr) -> bool:
    """True when `fact` is a bare change after an each-marker ("各增加"), or a bare change or rate
    right after one of the same metric ("各增加Z万元,增长R%")."""
    marker, bare = _bare_change(text, at, tr)
    if bare and marker:
        return True
    last_at, last = sentence[-1] if sentence else (0, None)
    return bool(bare and not marker and last and last["metric"] == fact["metric"]
                and all(_bare_change(text, last_at, tr)))


def _bare_change(text: str, at: int, tr) -> tuple[str | None, bool]:
    """(each-marker opening it, whether it is a change verb with no name of its own) of the clause
    before `at`: "各增加" -> ("各", True), "增长" -> (None, True), "各单位增加" -> ("各", False)."""
    start = max(text.rfind(c, 0, at) for c in tr["clause_boundaries"]) + 1
    clause = _plain(text[start:at]).strip()
    marker = next((w for w in tr["each_markers"] if clause.startswith(w)), None)
    change = _change(clause[len(marker or ""):], tr)
    return marker, bool(change) and not _clean(change[0], tr)


def _joint_name(names: list[str], tr) -> str:
    """"收入总计", "支出总计" -> "收入支出总计": two names sharing an ending whose heads joined are
    a long form the lexicon contracts (metrics.json contractions), else ""."""
    if len(names) != 2:
        return ""
    n = 0
    while n < min(map(len, names)) and names[0][-1 - n] == names[1][-1 - n]:
        n += 1
    heads = "".join(x[: len(x) - n] for x in names)
    return heads + names[0][len(names[0]) - n :] if n and heads in rules.contractions() else ""


def _qualify_count(fact: dict, before: dict | None, gap: str, tr) -> None:
    """"行政编制269人,实有人数226人": a staff count straight after an establishment's count in the
    same item is that establishment's (行政编制实有人数); text_rules qualified_counts."""
    words = tr["qualified_counts"].get(fact["metric"])
    if not (words and before and before["aspect"] == "count" and before["metric"].endswith(tuple(words))):
        return
    if any(c in gap for c in tr["item_ends"]):
        return
    fact["row_path"] = (before["metric"], fact["metric"])
    fact["metric"] = before["metric"] + fact["metric"]


def _as_difference(fact: dict, before: list[dict], tr) -> None:
    """"支出2.05万元,年初预算为2.95万元,差值为0.9万元": a difference (text_rules difference_words)
    of the two amounts just stated is the change of the first against the second, signed by them,
    and named like them; a difference the two amounts do not make stays as written."""
    words = tr["difference_words"]
    if fact["aspect"] != "amount" or not any(fact["metric"].endswith(w) for w in words) or len(before) < 2:
        return
    actual, base = before[-2], before[-1]
    if not all(f["aspect"] == "amount" and f["unit"] == fact["unit"] for f in (actual, base)):
        return
    gap = actual["value"] - base["value"]
    if abs(abs(gap) - fact["value"]) > 0.005:
        return
    direction = "增加" if gap > 0 else "减少" if gap < 0 else None
    fact.update(metric=actual["metric"], row_path=actual["row_path"], aspect="change", direction=direction,
                value=-fact["value"] if gap < 0 else fact["value"], period=actual["period"])


def _with_operator(fact: dict, before: str, tr) -> None:
    """"培训人员不少于100人" / "全年不少于2次": a bound word (text_rules operator_words) right before
    the figure is its operator (>=); the words naming it leave the bound word out (strip_suffixes)."""
    words = tr["operator_words"]
    word = next((w for w in sorted(words, key=len, reverse=True) if before.rstrip().endswith(w)), None)
    if word:
        fact["operator"] = words[word]


def _as_target(doc, fact: dict, tr) -> None:
    """A count or rate a performance form states as an indicator's target (text_rules
    target_documents: "足额保障率=100%" in a 自评表, any in a 绩效目标表) is its 指标值."""
    kinds = tr["target_documents"]
    signed = fact.get("operator") and doc.doc_type in kinds["operator_signed"]
    if fact["aspect"] in ("count", "rate") and (signed or doc.doc_type in kinds["stated"]):
        fact["aspect"], fact["period"] = "target", "指标值"


def _noun_after(text: str, m: re.Match, tr) -> str:
    """The noun a count's measure word introduces ("28个展区以及…" -> 展区), "" when none:
    read up to a noun_stops word; one character ("5台车"), glued words or a noun_skips word
    is no noun."""
    if (m.group("unit") or "") not in tr["noun_measures"]:
        return ""
    word = re.match(r"[\u4e00-\u9fff]*", _plain(text[m.end() : m.end() + 24])).group()
    relative = _relative_noun(word, tr)
    if relative:
        return relative
    word = _up_to_stop(word, tr)
    named = 2 <= len(word) <= tr["noun_max_chars"]
    return word if named and not any(word.startswith(s) for s in tr["noun_skips"]) else ""


def _up_to_stop(word: str, tr) -> str:
    return word[:min([word.find(s) for s in tr["noun_stops"] if s in word] + [len(word)])]


def _relative_noun(word: str, tr) -> str:
    """A noun after a clause describing it ("16个由福建援疆资金支持的培训班" -> 福建援疆资金支持的培训班):
    the clause without its opening word, up to its last 的, and the head noun after it; "" when
    `word` opens no such clause (text_rules.json noun_clauses)."""
    rule = tr["noun_clauses"]
    opener = next((o for o in rule["openers"] if word.startswith(o)), None)
    at = word.rfind(rule["marker"])
    if opener is None or at <= len(opener):
        return ""
    head = _up_to_stop(word[at + len(rule["marker"]):], tr)
    noun = word[len(opener):at + len(rule["marker"])] + head
    return noun if len(head) >= 2 and len(noun) <= rule["max_chars"] else ""


def _noun_label(noun: str, label: str | None) -> str:
    """The count's name: the lexicon metric the words just before the number form with the noun
    ("内设" + "科室" -> 内设机构数), else the noun's own metric, else the noun."""
    tail = re.sub(r"\s+", "", label or "")
    for k in range(min(len(tail), 4), 0, -1):
        name = rules.canonical_metric(tail[-k:] + noun)
        if name:
            return name
    return rules.canonical_metric(noun) or noun


def _section_metric(para: Paragraph, tr) -> str:
    """The lexicon metric the paragraph's own heading names, "" when it names none."""
    heading = _clean(para.section[-1], tr) if para.section else ""
    return (rules.canonical_metric(heading) or rules.metric_by_suffix(heading) or "") if heading else ""


def _plain(words: str) -> str:
    """Words as the lexicon writes them: a mirror site's pinyin glosses dropped, traditional
    characters simplified ("與上年相比減少" -> "与上年相比减少"); plain text is returned as is."""
    return to_simplified(strip_pinyin_glosses(_GLOSS_AT_START.sub("", words)))


def _is_heading_like(text: str) -> bool:
    """A short paragraph with no figure: a heading the document's outline did not recognise."""
    return len(text) <= 40 and not re.search(r"\d+(?:\.\d+)?\s*(?:万|元|%|％)", text)


def _heading_metric(text: str) -> str:
    """The lexicon metric a heading-like paragraph names ("(3)公务接待费支出情况。" -> 公务接待费)."""
    tr = rules.text_rules()
    s = _clean(text, tr).rstrip("。.：:")
    for suffix in sorted(tr["heading_suffixes"], key=len, reverse=True):
        s = s[: -len(suffix)] if s.endswith(suffix) and len(s) > len(suffix) else s
    return (rules.canonical_metric(s) or rules.metric_by_suffix(s) or "") if s else ""


def _lead(text: str, at: int, tr) -> str:
    """The words of the clause that ends at `at` ("完成全年预算50.74万元的" before "67.2%")."""
    start = max(text.rfind(c, 0, at) for c in tr["clause_boundaries"]) + 1
    return re.sub(r"\s+", "", text[start:at])


def _field_role(text: str, start: int, end: int, tr) -> str | None:
    """Role of a project-template field ("预算安排规模", "资金分配情况") opened in text[start:end]."""
    window = text[start:end]
    best = None
    for k, role in tr["field_keys"].items():
        if k in window and (best is None or window.rfind(k) > best[0]):
            best = (window.rfind(k), role)
    return best[1] if best else None


def figures(text: str, pattern: re.Pattern | None = None):
    """Matches of the numbers in `text` that state a figure; thresholds ("50 万元以上"),
    classification codes, document numbers and dates are left in place as words."""
    qualifiers = rules.text_rules()["qualifier_suffixes"]
    for m in (pattern or number_pattern()).finditer(text):
        after = text[m.end() : m.end() + 6]
        if not any(after.startswith(q) for q in qualifiers) and not _not_a_figure(text, m):
            yield m


def _not_a_figure(text: str, m: re.Match) -> bool:
    """A number that is a classification code, a document number, a title's or a date's part."""
    num = m.group("num")
    before = text[max(0, m.start() - 1) : m.start()]
    name = rules.code_name(num) if num.isdigit() else None
    return bool(
        (before and before in "〔[【第")
        or text.rfind("《", 0, m.start()) > text.rfind("》", 0, m.start())
        or (name and text.startswith(name, m.start() + len(num)))
        or (not m.group("unit") and text[m.end() : m.end() + 1] in "年月日号、.")
    )


def _advance(state: _State, window: str, offset: int, text: str, tr, field_role, context) -> None:
    """Update lists, reasons and items for the text between two numbers."""
    for i, ch in enumerate(window):
        at = offset + i
        if ch in ")）":
            _close_bracket(state)
        if ch in tr["item_ends"] and not _reason_goes_on(state, text, at, ch):
            _end_item(state, text, at, ch, tr)
        for marker in tr["reason_markers"]:
            if window.startswith(marker, i) and state.reason_at is None:
                state.reason_at = at + len(marker)
        opener = next((o for o in tr["list_openers"] if window.startswith(o, i)), None)
        if opener:
            _open_list(state, window[:i], text, at, tr, field_role)
    if field_role == "parts" and context and state.list_parent is None:
        state.list_parent = (context,)


def _reason_goes_on(state: _State, text: str, at: int, ch: str) -> bool:
    """True when an item of a numbered reason ends and the next follows ("原因是:1、…相应增加;2、本年
    增加了其他资金预算7000万元。"): the reason goes on, its figures are no subject of the sentence."""
    return state.reason_at is not None and ch != "。" and bool(_ENUM.match(text[at + 1 :]))


def _end_item(state: _State, text: str, at: int, ch: str, tr) -> None:
    """An item ends at `at` (。/；): its reason is complete; a sentence's end closes its list, whose
    total is the subject again; a ； closes a nested list."""
    _attach_reasons(state, text, at, tr)
    state.reason_at = None
    if ch == "。" and not _in_brackets(text, at):
        if state.list_parent:  # the list is over: its total
            state.subject, state.path = state.list_parent[-1], state.list_parent  # is the subject again
        state.list_parent = state.outer_parent = state.scope_period = None
    elif state.outer_parent is not None:
        state.list_parent, state.outer_parent = state.outer_parent, None


def _open_list(state: _State, before: str, text: str, at: int, tr, field_role) -> None:
    """A 其中/包括 list opens at `at`: its parent is the subject, else the words before the opener
    ("…收入预算 785.85 万元，其中：" / "收入预算包括："); a sentence end just before it ("…1942.57萬元。其中:")
    names nothing, so the subject stays the parent."""
    head = _clean(before.split("，")[-1].split("；")[-1], tr)
    head = _name(head) if head and not _fragment(head, tr) else ""
    parent = (head,) if head and not state.subject else state.path or ((head,) if head else ())
    if state.list_parent is not None and field_role == "parts":
        state.outer_parent = state.list_parent
    state.list_bracketed = _in_brackets(text, at)
    state.list_before_bracket = state.list_parent if state.list_bracketed else None
    state.list_parent = parent
    # The parts of a total its words date ("本项目共申请预算资金90万元。其中:30万元用于…") are of its period.
    state.scope_period = state.scope_period or state.subject_period


def _close_bracket(state: _State) -> None:
    """A bracket closes: the subject before its own is the subject again, and a 其中 list opened
    inside it ends ("(其中:上级财政资金:…;本级财政:0万元)二、自有资金")."""
    if state.outside is not None:
        (state.subject, state.path, state.code), state.outside = state.outside, None
    if state.list_bracketed:
        state.list_parent, state.list_bracketed = state.list_before_bracket, False


def _in_brackets(text: str, at: int) -> bool:
    """True when `at` lies inside a bracket opened in its sentence ("(…400万元。)比上年…")."""
    before = strip_pinyin_glosses(text[:at])  # a mirror's "公務(wù)" is no bracket
    return max(before.rfind("("), before.rfind("（")) > max(before.rfind(")"), before.rfind("）"))


def _attach_reasons(state: _State, text: str, end: int, tr) -> None:
    if state.reason_at is not None and state.pending:
        reason = strip_pinyin_glosses(text[state.reason_at : end]).strip(" ，,。；;")  # "執(zhí)行" -> "執行"
        for f in state.pending:
            if f["aspect"] in ("change", "rate") and f["reason"] is None:
                f["reason"] = reason or None
    state.pending = []


def _clean(label: str, tr, issuer: str = "") -> str:
    """A clause reduced to the name it states: no enumerator, year, issuer, filler words."""
    s = re.sub(r"\s+", "", label)
    for marker in tr["reason_markers"]:
        s = s.split(marker)[-1]
    s = _unbracketed(_ENUM.sub("", s))
    for p in sorted(tr["list_openers"] + [w + "：" for w in tr["field_keys"]], key=len, reverse=True):
        s = s.replace(p, "")
    if issuer:
        s = s.replace(issuer, "")
    s = _YEAR.sub("", s).strip("，,：:")
    changed = True
    while changed and s and not rules.canonical_metric(s):
        changed = False
        for w in sorted(tr["self_words"] + tr["strip_prefixes"], key=len, reverse=True):
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w) :].lstrip("，,：:"), True
                break
        for w in sorted(tr["strip_suffixes"], key=len, reverse=True):
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
                break
    return _unbracketed(_ENUM.sub("", s)).strip("，,：:")


def _unbracketed(s: str) -> str:
    """`s` without the tail of a bracket opened before it ("不可比)…") or one left open at its end
    (or, when the bracket opens it, without that bracket)."""
    s = re.sub(r"^[^（(]*[)）]", "", s)
    opened = re.search(r"[（(][^)）]*$", s)
    if not opened:
        return s
    # "预算执行情况(" names what precedes the bracket; "(其中外事接待" what is inside it
    return s[: opened.start()] if opened.start() > 0 else s[1:]


def _fragment(label: str | None, tr) -> bool:
    """True for a label that names nothing: punctuation, digits, one character ("新增了605.99万元":
    新) or a function word ("的", "其中", "占 %")."""
    core = re.sub(r"[^\u4e00-\u9fff]", "", label or "")
    return len(core) < 2 or core in tr["fragment_labels"]


def is_named(metric: str) -> bool:
    """True for a metric name that names something (see _fragment)."""
    return not _fragment(metric, rules.text_rules())


def _text_period(label: str, tr) -> tuple[str, str | None]:
    """`label` without a trailing period word and that period, narrative words included
    ("…经费支出预算" -> 预算数, "支出决算" -> 决算数, also with a total word after it: "全年预算总额" ->
    全年预算数; text_rules period_totals); a lexicon name ("一般公共预算") is kept whole."""
    label, period = rules.split_period(label, prefer_metric=True)
    if period or rules.is_metric_name(label):
        return label, period
    bare = next((label[: -len(w)] for w in tr["period_totals"] if label.endswith(w)), label)
    for word in sorted(tr["text_periods"], key=len, reverse=True):
        if bare.endswith(word):
            return bare[: -len(word)], tr["text_periods"][word]
    return label, None


def _name(label: str) -> str:
    """Canonical metric of `label`: a lexicon name or alias, else one that ends it (unless a fund
    qualifies it, _fund_part), else the label."""
    if rules.canonical_metric(label):
        return rules.canonical_metric(label)
    suffix = rules.metric_by_suffix(label)
    return (_fund_part(label, suffix) or suffix or label) if suffix else label


def _fund_part(label: str, metric: str) -> str | None:
    """"政府性基金预算财政拨款收入" / "一般公共预算财政拨款支出总计": a fund's name (periods.json
    title_neutral) before a metric the lexicon splits by fund (metrics.json by_fund) names that
    fund's part, not the whole: the lexicon name of the words from the fund on, a trailing total
    word dropped (一般公共预算支出), else those words as written; None when no fund names it."""
    words = _fund_words(label, metric) if rules.metric_info(metric).get("by_fund") else ""
    if not words:
        return None
    bare = next((words[: -len(w)] for w in rules.total_words() if words.endswith(w) and len(words) > len(w)), words)
    return rules.canonical_metric(words) or rules.canonical_metric(bare) or words


def _fund_words(label: str, metric: str) -> str:
    """The words of `label` from the first fund name on that `metric` does not hold, "" when none."""
    found = [label.find(f) for f in rules.fund_names() if f in label and f not in metric]
    return label[min(found) :] if found else ""


def _classified(label: str, tr) -> tuple[str, tuple[str, ...], str | None] | None:
    """(item name, 类/款/项 names, code) of "社会保障和就业支出（类）…行政运行（项）", else None."""
    levels = "".join(tr["class_levels"])
    parts = re.findall(rf"(\d{{3,7}})?([^（()）]+?)[（(]([{levels}])[)）]", label)
    if not parts:
        return None
    names = tuple(name.strip() for _, name, _ in parts)
    code = next((c for c, _, _ in reversed(parts) if c), None) or rules.functional_code(list(names))
    return names[-1], names, code


def _change(clause: str, tr) -> tuple[str, str] | None:
    """(label before the change phrase, direction) when `clause` ends with a change verb."""
    c = clause.rstrip(" ")
    for tail in sorted(tr["change_tails"], key=len, reverse=True):
        c = c[: -len(tail)] if c.endswith(tail) and len(c) > len(tail) else c
    for verb in sorted(tr["change_verbs"], key=len, reverse=True):
        if c.endswith(verb):
            head = c[: -len(verb)]
            for prefix in sorted(tr["comparison_prefixes"], key=len, reverse=True):
                at = head.find(prefix)
                if at >= 0:
                    head = head[:at]
                    break
            head = re.split(tr["comparison_regex"], head)[0]
            head, _ = rules.split_period(head)
            return head, tr["change_verbs"][verb]
    return None


def _stated_change(clause: str, tr) -> tuple[str, str] | None:
    """(label, direction) of a change verb ending `clause` (_change), of a gap with a period
    (_gap) or of a change verb opening it (_leading_change)."""
    return _change(clause, tr) or _gap(clause, tr) or _leading_change(clause, tr)


def _leading_change(clause: str, tr) -> tuple[str, str] | None:
    """(what changed, direction) when `clause` opens with a past change verb (text_rules
    leading_change_verbs: "增加了机关运行补助经费130万元", "本年减少了…经费3万元"): the figure is
    that item's change, not an amount named "增加了…"; None otherwise."""
    words = _clean(clause, tr)
    verb = next((v for v in sorted(tr["leading_change_verbs"], key=len, reverse=True) if words.startswith(v)), None)
    rest = _text_period(words[len(verb) :], tr)[0] if verb else ""
    return (rest, tr["leading_change_verbs"][verb]) if rest and not _fragment(rest, tr) else None


def _gap(clause: str, tr) -> tuple[str, str] | None:
    """(label before the comparison, direction) when `clause` ends comparing with a period
    ("决算数大于预算数", "支出小于年初预算"; text_rules gap_verbs): the figure is the gap of the
    subject's figure with that period, a change signed by the verb; None otherwise."""
    for verb, direction in tr["gap_verbs"].items():
        at = clause.rfind(verb)
        rest, period = rules.split_period(clause[at + len(verb) :].strip()) if at >= 0 else ("", None)
        if period and not rest:
            return rules.split_period(clause[:at])[0], direction
    return None


def _label_number(doc, state: _State, window: str, m: re.Match, tr, field_role, context,
                  joined: bool, lead: str = "", noun: str = "", purpose: str = "") -> dict | None:
    raw, unit = m.group("num"), rules.unit_spelling(m.group("unit") or "")
    window, lead = _plain(window), _plain(lead)
    clauses, clause, embedded = _figure_clause(window, joined, tr)
    aspect, direction, period, label, attribute, older, sign = _read_clause(
        doc, state, clause, clauses, unit, lead, tr, purpose)
    if _names_item_before(window, noun, aspect, purpose):
        return None
    label = _noun_label(noun, label) if _named_by_noun(noun, aspect) else label
    label, names, code = _classify_label(_named_label(label, clause, (doc.issuer, state.subject), tr), tr)
    info = rules.metric_info(rules.canonical_metric(label or state.subject) or "")
    if not unit and info.get("kind") != "count":
        return None  # a bare number is a figure only where the lexicon expects a count
    named = _figure_name(state, label, names, unit, aspect, embedded, tr, field_role, context)
    if named is None:
        return None  # nothing names it: a fact without a metric is no fact
    metric, path, counted = named
    aspect, metric = _per_unit(label, aspect, metric, tr)
    metric, path = _project_amount(field_role, context, aspect) or (metric, path)
    unit = unit or info.get("unit", "")
    aspect = _aspect_of_money_unit(aspect, unit)
    stock = attribute or rules.metric_info(metric).get("stock")
    named_period = period
    period = _period_of_figure(doc, state, period, aspect, unit, unplaced=stock or older)
    fact = dict(metric=metric, value=_signed(float(raw.replace(",", "")), sign), unit=unit, period=period,
                aspect=aspect, direction=direction, reason=None, row_path=path, raw=raw,
                code=code if label else state.code)
    if _takes_subject(state, label, aspect, attribute, counted):
        _new_subject(state, label, path, code, named_period)
    state.pending.append(fact)
    return fact


def _named_by_noun(noun: str, aspect: str) -> bool:
    """An amount with a noun after its measure ("28个展区") is named by that noun."""
    return bool(noun) and aspect == "amount"


def _names_item_before(window: str, noun: str, aspect: str, purpose: str) -> bool:
    """True when the words before a figure name the item before it ("18台网络数据通讯设备、
    25.29㎡P1.5LED显示屏"): no figure of its own."""
    return not _named_by_noun(noun, aspect) and _after_enumeration(window) and not purpose


def _project_amount(field_role, context, aspect: str) -> tuple[str, tuple[str, ...]] | None:
    """(metric, row_path) of the project's amount stated under its 预算安排规模 field, else None."""
    return (context, (context,)) if field_role == "amount" and context and aspect == "amount" else None


def _takes_subject(state: _State, label, aspect: str, attribute: bool, counted) -> bool:
    """True when the figure's label becomes the sentence's subject: a named amount or change, not
    a share, an attribute, a count or a figure inside a reason."""
    return bool(label) and aspect != "share" and not attribute and not counted and state.reason_at is None


def _figure_clause(window: str, joined: bool, tr) -> tuple[list[str], str, bool]:
    """(the window's clauses, the figure's own clause, is embedded). Straight after the previous
    figure ("…22万元是上年结转结余资金12万元") a figure is a mention inside another statement, so
    its words are kept as written rather than read as a lexicon metric."""
    clauses = re.split(f"[{re.escape(tr['clause_boundaries'])}]", window)
    clause = clauses[-1]
    embedded = joined and len(clauses) == 1
    if embedded:
        clause = next((clause[len(c) :] for c in tr["connectors"] if clause.lstrip().startswith(c)), clause)
    return clauses, clause, embedded


def _signed(value: float, sign: int) -> float:
    """The value, negated for a decrease (zero stays zero)."""
    return -value if sign < 0 and value else value


def _classify_label(label: str | None, tr) -> tuple[str | None, tuple[str, ...] | None, str | None]:
    """(label, 类/款/项 names or None, code): a classified item's own name and code, else the
    label bounded to the indicator it names."""
    classified = _classified(label, tr) if label else None
    if classified:
        return classified
    return _bounded_label(_indicator_name(label, tr), tr), None, None


def _figure_name(state: _State, label, names, unit: str, aspect: str, embedded: bool, tr,
                 field_role, context) -> tuple[str, tuple[str, ...], str | None] | None:
    """(metric, row_path, count metric or None) of a figure: a count text_rules names, else its
    label's metric (the subject's or the heading's when the label names nothing); None when
    nothing names it."""
    counted = _count_metric(label, unit, state, tr) if _is_count(aspect, unit, label) else None
    if counted:
        return counted, (counted,), counted
    metric_label = label or _unnamed_figure_name(state, field_role, context)
    if not metric_label:
        return None
    path = names if names is not None else _path(state, label, field_role, context, unit)
    return _figure_metric(metric_label, label, unit, embedded), path, None


def _aspect_of_money_unit(aspect: str, unit: str) -> str:
    """An amount in no money unit is a rate (percent) or a count."""
    if aspect == "amount" and not rules.money_factor(unit):
        return "rate" if rules.is_percent(unit) else "count"
    return aspect


def _read_clause(doc, state: _State, clause: str, clauses: list[str], unit: str, lead: str, tr,
                 purpose: str) -> tuple:
    """(aspect, direction, period, label, is an attribute, against an older year, sign) the words
    before a figure give it: an execution rate, a share, a rate word's aspect, a change, else an
    amount named by its label."""
    change = _stated_change(clause, tr)
    rate_word = next((w for w in tr["rate_words"] if w in clause), None)
    percent = rules.is_percent(unit)
    if percent and _executed(lead, tr):
        return "execution_rate", None, None, None, False, False, 1  # "完成全年预算50.74万元的67.2%"
    if percent and (not _clean(clause, tr, doc.issuer) or any(s in clause for s in tr["share_markers"])):
        return "share", None, None, None, False, False, 1
    if rate_word and percent:
        label = None if state.subject else _clean(clause, tr, doc.issuer)  # "总预算执行率为"
        return tr["rate_words"][rate_word], None, None, label, False, False, 1
    if change:
        head, direction = change
        older = _older_base(clause, doc.year)  # "比2019年(疫情前)决算数减少": not this year's change
        label = _change_label(head, clauses, purpose, doc.issuer, tr)
        return "rate" if percent else "change", direction, None, label, False, older, -1 if direction == "减少" else 1
    label, period, attribute = _amount_label(doc, state, clause, clauses, tr, purpose)
    return "amount", None, period, label, attribute, False, 1


def _change_label(head: str, clauses: list[str], purpose: str, issuer: str, tr) -> str | None:
    """What a change is of: the words before its verb, else the clause before, else the words
    after the figure (_purpose_after: "新增了605.99万元政府性基金预算财政拨款")."""
    label = _clean(head, tr, issuer) or _earlier_label(clauses, tr, issuer)[0]
    return purpose if _fragment(label, tr) and purpose else label


def _executed(lead: str, tr) -> bool:
    """True when the words before a rate state an execution rate (text_rules execution_rate_patterns:
    "完成全年预算50.74万元的", "占总预算比为"); a share of a total the lexicon names ("占收入预算总额的9.7%")
    is none."""
    if not any(re.search(p, lead) for p in tr["execution_rate_patterns"]):
        return False
    whole = re.search(r"占(.+?)(?:的|比)", lead)
    return not (whole and rules.canonical_metric(whole.group(1)))


def _period_of_figure(doc, state: _State, period: str | None, aspect: str, unit: str, unplaced: bool) -> str | None:
    """The figure's own period, else the sentence's (上年数 while a dated sentence lasts), else for
    money the document's; a stock, a share or a change against an older year has none."""
    if period is None and aspect == "amount":
        period = state.scope_period
    if period is None and rules.money_factor(unit) and aspect != "share" and not unplaced:
        period = rules.default_period(doc.doc_type, doc.title)
    return period


def _new_subject(state: _State, label: str, path: tuple[str, ...], code: str | None, period: str | None = None) -> None:
    """The figure's label becomes the sentence's subject, with the period its words name; inside
    brackets only until they close."""
    if state.bracketed and state.outside is None:  # an aside: its subject ends with the bracket
        state.outside = (state.subject, state.path, state.code)
    state.subject, state.path, state.code, state.subject_period = label, path, code, period


def _amount_label(doc, state: _State, clause: str, clauses: list[str], tr,
                  purpose: str = "") -> tuple[str | None, str | None, bool]:
    """(label, period, is an attribute) of an amount: named by the words before it, else by the
    purpose after it ("其中:30万元用于基建工程项目审计"), else by the clause before."""
    clean = _clean(clause, tr, doc.issuer)
    label, period = _budget_named(clean, *_text_period(clean, tr), tr)
    period = _previous_year(clause, doc.year) or period
    if label and period == "上年数" and not state.bracketed:
        # "2021年的三公经费决算数合计为807.95万,其中:…" dates its list; "(含2023年…5个)" only itself
        state.scope_period = period
    named_by = clause
    if _unnamed(label, clause, (doc.issuer, state.subject), tr) and purpose:
        label = purpose
    elif _unnamed(label, clause, (doc.issuer, state.subject), tr) and not _enumerated(label, clause, tr):
        label, earlier = _earlier_label(clauses, tr, doc.issuer)
        period, named_by = period or earlier, clauses[-2] if len(clauses) > 1 else ""
    if _enumerated(label, named_by, tr):
        label = _other_item(label, state, tr)  # "三、其他:3683.397万元": an item of its own
    if label in tr["attribute_words"] and state.subject:
        return state.subject + label, period, True
    return label, period, False


def _unnamed(label: str | None, clause: str, whose: tuple[str, str], tr) -> bool:
    """True for a label that names nothing (_fragment), unless it is the unit's own total (_own_total)."""
    return _fragment(label, tr) and not _own_total(label, clause, whose, tr)


def _named_label(label: str | None, clause: str, whose: tuple[str, str], tr) -> str | None:
    """`label`, or the unit's own total it names ("本单位支出为" -> 本年支出; text_rules own_totals),
    or None when it names nothing."""
    if _own_total(label, clause, whose, tr):
        return tr["own_totals"][label]
    return None if _fragment(label, tr) else label


def _own_total(label: str | None, clause: str, whose: tuple[str, str], tr) -> bool:
    """True for a word that names nothing alone (支出; text_rules own_totals) said of the unit itself
    ("本单位支出为1942.57万元", "某幼儿园支出…": a self word or the issuer, `whose`[0], in the clause) or
    set against the unit's opposite total, the sentence's subject `whose`[1] ("收入增加610.92万元,…,
    支出增加471.41万元"; own_total_opposites): the unit's own total, not a part of the subject
    ("…24批次,支出2.05万元" names the subject's)."""
    issuer, subject = whose
    if label not in tr["own_totals"]:
        return False
    selves = tr["self_words"] + ([issuer] if issuer else [])
    opposite = tr["own_total_opposites"].get(label, "")
    return any(w in clause for w in selves) or bool(opposite and subject and opposite in subject)


def _budget_named(clean: str, label: str, period: str | None, tr) -> tuple[str, str | None]:
    """A label naming a budget ("申请预算资金", "年初批复预算", "调整预算后项目预算"; text_rules
    budget_label_words) states that budget, whatever the document reports: its period, and the
    label kept whole; a bare period word ("年初预算为") still names nothing. Fund names
    (一般公共预算…, periods.json title_neutral) are no budget words."""
    plain = clean
    for fund in rules.fund_names():
        plain = plain.replace(fund, "")
    words = tr["budget_label_words"]
    word = next((w for w in sorted(words, key=len, reverse=True) if w in plain), None)
    if not word or any(b in plain[: plain.find(word)] for b in tr["budget_label_blockers"]):
        return label, period  # "共完成预算资金89.97万元": what was spent of it
    if clean.endswith(word) and len(clean) - len(label) >= len(word):
        return label, period  # "…支出年初预算为": the period word ends the name, read as such
    return (clean if label else label), words[word]


def _enumerated(label: str | None, clause: str, tr) -> bool:
    """True for a word naming an item only after an enumerator ("三、其他"; text_rules enumerated_names)."""
    return label in tr["enumerated_names"] and bool(_ENUM.match(_plain(clause)))


def _other_item(label: str, state: _State, tr) -> str:
    """An enumerated item named by a word of its own ("其他"), completed by the head noun of the
    item before it (text_rules item_heads: "二、自有资金…三、其他" -> 其他资金)."""
    head = next((h for h in tr["item_heads"] if state.subject.endswith(h)), "")
    return label + head


def _figure_metric(words: str, label: str | None, unit: str, embedded: bool) -> str:
    """The metric `words` name for a figure in `unit`: as written inside another statement
    (embedded), else the lexicon's (_name), unless that is money and the figure a count of
    things ("处置报废公务用车1辆" is no 公务用车购置及运行费): then as written."""
    if embedded and label:
        return words
    name = _name(words)
    counted = unit and not rules.money_factor(unit) and not rules.is_percent(unit)
    return words if counted and rules.money_factor(rules.metric_info(name).get("unit")) else name


def _per_unit(label: str | None, aspect: str, metric: str, tr) -> tuple[str, str]:
    """(aspect, metric) of a figure its label states per head or per period (text_rules
    per_unit_words): "补贴标准为每人每月 2675.84 元" is a standard, not an amount, of metric
    "补贴标准" ("为每人每月" says per what, which the quote keeps); others as they are."""
    if not (label and any(w in label for w in tr["per_unit_words"])):
        return aspect, metric
    return "standard", re.sub(r"为?(?:每[人月年天日次])+$", "", metric) or metric


def _unnamed_figure_name(state: _State, field_role: str | None, context: str | None) -> str:
    """What names a figure its own words do not: the sentence's subject, else the heading's
    metric, else the project a template's amount field states; nothing inside a reason
    ("…55.93万元,主要原因:2017年度62名…" is no figure of the subject)."""
    if state.reason_at is not None:
        return ""
    return state.subject or state.section_metric or _field_context(field_role, context)


def _field_context(field_role: str | None, context: str | None) -> str:
    """The project a template's amount field states ("项目名称X…年度资金总额…10606.75万元"), else ""."""
    return context if field_role == "amount" and context else ""


def _after_enumeration(window: str) -> bool:
    """True when a figure follows an enumeration mark straight away ("…设备、25.29㎡"): the words
    before the mark are the previous item's, so they do not name this figure."""
    return window.rstrip().endswith("、")


def _purpose_after(text: str, m: re.Match, tr) -> str:
    """What an amount is for when its purpose follows it ("30万元用于基建工程项目审计;" ->
    基建工程项目审计), or what a change verb right before it says was added ("新增了605.99万元
    政府性基金预算财政拨款,"; text_rules named_after_verbs); "" when neither."""
    after = _plain(text[m.end() : m.end() + tr["max_label_chars"] + 4])
    marker = _after_marker(after, _plain(text[max(0, m.start() - 8) : m.start()]), tr)
    if marker is None:
        return ""
    words = re.split(f"[{re.escape(tr['clause_boundaries'])}]", after[len(marker) :])[0]
    return words if 2 <= len(words) <= tr["max_label_chars"] and not re.search(r"\d", words) else ""


def _after_marker(after: str, before: str, tr) -> str | None:
    """The purpose_markers word opening `after`, "" when a named_after_verbs word ends `before`
    (the name follows the figure straight away), None when neither."""
    marker = next((w for w in sorted(tr["purpose_markers"], key=len, reverse=True) if after.startswith(w)), None)
    return "" if marker is None and before.rstrip().endswith(tuple(tr["named_after_verbs"])) else marker


def _indicator_name(label: str | None, tr) -> str | None:
    """The indicator a glued 绩效目标表 row names ("…一级指标二级指标…数量指标办公大楼日常维修维护次数
    反映办公大楼全年维修维护情况" -> 办公大楼日常维修维护次数): the words after the last 二级指标 name,
    before its explanation (text_rules indicator_explanations); other labels are kept."""
    if not label:
        return label
    at = min([label.find(w) for w in tr["indicator_explanations"] if label.find(w) > 1] + [len(label)])
    name = label[:at]
    ends = [name.rfind(lv) + len(lv) for lv in rules.indicator_levels() if lv.endswith("指标") and lv in name]
    ends = [e for e in ends if len(name) - e >= 2]
    name = name[max(ends) :] if ends else name
    return name.rstrip("<>≤≥=＞＜") if at < len(label) or name != label[:at] else label


def _bounded_label(label: str | None, tr) -> str | None:
    """`label` when it is no longer than a name can be; a longer run of words is named by the
    lexicon metric that ends it ("…和其他单位使用财政拨款安排“三公”经费支出总额为"), unless it
    holds digits: glued cells of a table flattened into one line are no name."""
    if not label or len(label) <= tr["max_label_chars"]:
        return label
    return None if re.search(r"\d", label) else rules.metric_by_suffix(label)


def _is_count(aspect: str, unit: str, label: str | None) -> bool:
    """A count ("24批次", "2辆") whose own words name no lexicon metric."""
    measure = unit and not rules.money_factor(unit) and not rules.is_percent(unit)
    return bool(aspect == "amount" and measure and not (label and rules.canonical_metric(label)))


def _older_base(clause: str, year: int | None) -> bool:
    """True for a change measured against a year before the previous one ("比2019年…减少")."""
    stated = re.search(r"(?:比|较|与|和)\s*(\d{4})\s*年", clause)
    return bool(stated and year and int(stated.group(1)) < year - 1)


def _previous_year(clause: str, year: int | None) -> str | None:
    """"上年数" for an amount the clause dates to the year before the document's
    ("2022年决算…其中…2021年的三公经费决算数合计为807.95万"), else None."""
    stated = re.search(r"(\d{4})\s*年(?!初)", clause)
    return "上年数" if stated and year and int(stated.group(1)) == year - 1 else None


def _count_metric(label: str | None, unit: str, state: _State, tr) -> str | None:
    """The count metric (count_metrics) of "公务接待24批次" / "出国(境)团组2个": named by the
    figure's own words, else by its sentence's subject or heading, else like the count before it."""
    texts = [label] if label else [state.subject, state.section_metric]
    for text in filter(None, texts):
        for entry in tr["count_metrics"]:
            if unit in entry["units"] and any(w in text for w in entry["words"]):
                if any(w in text for w in entry.get("distinct", [])):
                    return None  # "外事接待": a kind of its own, named by its words
                state.count_entry = entry
                if not state.subject:  # "…24批次,210人次,支出2.05万元": the amount is 公务接待费
                    state.subject, state.path = entry["subject"], (entry["subject"],)
                return entry["units"][unit]
    entry = state.count_entry if not label else None
    return entry["units"].get(unit) if entry else None


def _earlier_label(clauses: list[str], tr, issuer: str) -> tuple[str | None, str | None]:
    """Label (and period) named by the clause before the number's own, comparisons removed:
    "…行政运行（项）：2025年预算数为" or "收入支出总体与上年相比，增加"."""
    if len(clauses) < 2:
        return None, None
    prev = re.sub(tr["comparison_pattern"], "", clauses[-2])
    for prefix in tr["comparison_prefixes"]:
        prev = prev.split(prefix)[0]
    label, period = rules.split_period(_clean(prev, tr, issuer))
    return label or None, period


def _path(state: _State, label: str | None, field_role, context, unit: str = "") -> tuple[str, ...]:
    """The row_path of a figure in `unit` its `label` names (the subject's when it names none)."""
    if not label:
        return state.path
    name = _figure_metric(label, label, unit, False)
    if state.reason_at is not None:
        return (name,)  # a figure quoted in a reason is not an item of the list
    if state.list_parent and state.list_parent[-1:] != (name,):
        return _under(state.list_parent, name, state.path)
    if field_role == "parts" and context:
        return (context, name)
    return (name,)


def _under(parent: tuple[str, ...], name: str, last: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Path of list item `name` below `parent`, checked against the lexicon's components: an
    ancestor's component closes a nested list ("…其中:公务用车购置…;公务接待费…" is a part of
    三公, not of 公务用车购置及运行费), a component's component goes below that component when
    the item just stated is it or one of its parts (`last`: "…公务用车购置及运行费500万元(公务用车购置费100万元…)")."""
    components = rules.metric_info(parent[-1]).get("components")
    if not components or name in components or not rules.metric_info(name):
        return parent + (name,)
    for cut in range(len(parent) - 1, 0, -1):
        if name in rules.metric_info(parent[cut - 1]).get("components", []):
            return parent[:cut] + (name,)
    middle = next((c for c in components if name in rules.metric_info(c).get("components", [])), None)
    return parent + ((middle,) if middle and middle in last else ()) + (name,)


def _quote(text: str, start: int, end: int, reach: int = 60) -> str:
    """The clause around text[start:end], cut at sentence ends and at most `reach` chars each side."""
    left = max((text.rfind(c, 0, start) for c in "。；;"), default=-1) + 1
    right_hits = [i for i in (text.find(c, end) for c in "。；;") if i >= 0]
    right = min(right_hits) + 1 if right_hits else len(text)
    left = max(left, start - reach)
    right = min(right, end + reach)
    return text[left:right].strip()
