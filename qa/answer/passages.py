"""Answers quoted from the text: reasons, purposes, definitions, lists, anything without a fact.

`PassageSearch` asks retrieval for chunks (lexical first, the embedder only when
that finds nothing convincing), picks the sentence (or table rows) of a chunk that
best fits the question and maps it back to source lines, so the citation points at
the exact lines quoted. Some kinds are read off the documents in scope directly:
glossary entries and formulas answer definitions; the reason a document states for the
asked item going the asked way (questions.json reason_topics) answers why-questions;
the sentence saying what money is used for answers purposes; the document's own table of
contents answers questions about its make-up. Texts are compared in simplified form
(OpenCC, pinyin glosses dropped) and quoted as they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, takewhile

from qa import lexicon
from qa.answer.compose import cite_lines, label, place_of, say
from qa.answer.lookup import clean_label
from qa.answer.question import CJK, GAP, Question, content_words, core_words, holds_metric_name, norm_name
from qa.answer.resolve import DocInfo
from qa.ingest.normalize import normalize_for_match
from qa.types import Answer, Citation, Document, Paragraph, Table

_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_FULL_STOP = re.compile(r"(?<=[。！？!?])")
# An item of a series after its first ("二是…", "(三)…") and the first item ("一是", "(一)", "(1)").
_STATEMENTS = lexicon.load("text_rules")
_LATER_ITEM = re.compile(_STATEMENTS["series_items"]["later"])
_FIRST_ITEM = re.compile(_STATEMENTS["series_items"]["first"])
# How many pieces back the first item of a series may stand.
SERIES_BACK = 4
_DEF_HEADING = tuple(_STATEMENTS["glossary_headings"])
# The longest quote an answer carries: enough for a definition or a reason.
MAX_QUOTE = 260
# Retrieved passages sharing fewer of the question's bigrams than this are not an answer.
MIN_PASSAGE_OVERLAP = 0.3
# A passage this close to the question needs no second (embedding) search.
GOOD_PASSAGE_OVERLAP = 0.5
# A stated reason must name at least this share of the characters of what the question asks about.
MIN_SUBJECT_SHARE = 0.5
# A reason or use stated in another document this close to the best one leaves the question's document open.
DOC_TIE = 0.25
# The question word for an amount (questions.json how_much).
_HOW_MUCH = lexicon.load("questions")["how_much"]["word"]


@dataclass
class Passage:
    citation: Citation
    text: str
    score: float


def _grams(text: str) -> set[str]:
    t = norm_name(text)
    return {t[i:i + 2] for i in range(len(t) - 1) if GAP not in t[i:i + 2]}


def overlap(query: str, text: str) -> float:
    """Share of the query's bigrams found in `text`."""
    q = _grams(query)
    return len(q & _grams(text)) / len(q) if q else 0.0


def _sentences(p: Paragraph, ends: re.Pattern = _SENTENCE_END) -> list[tuple[int, int, str]]:
    """(start offset, end offset, sentence) of a paragraph: its pieces up to each of `ends`
    (clauses ending in ； too, or with _FULL_STOP whole sentences only)."""
    out, start = [], 0
    for piece in ends.split(p.text):
        if piece.strip():
            out.append((start, start + len(piece), piece.strip()))
        start += len(piece)
    return out


def best_sentences(doc: Document, line_start: int, line_end: int, query: str, title: str,
                   span: int = 2, listing: bool = False, noun: str = "", units: bool = False) -> Passage | None:
    """The best-fitting sentence (and the next `span`-1) of the paragraphs within the line range.

    With `listing`, whole sentences are read (a list of clauses "a购置5台车;b购置2台车;…" is one) and
    one that enumerates ("包括：a、b、c") is preferred; one whose items name the asked `noun`
    ("…、呼吸科病区、心血管病区") is quoted by those items only; with `units` (哪些单位…), one whose
    clauses name units is. A later item of a series ("二是…")
    is quoted from the series' first item ("主要原因是:一是…").
    """
    best: Passage | None = None
    for p in doc.paragraphs:
        if p.line_end < line_start or p.line_start > line_end:
            continue
        sents = _sentences(p, _FULL_STOP if listing else _SENTENCE_END)
        for i, (s, _e, text) in enumerate(sents):
            if plain(text) in plain(title):
                continue  # the document's own title answers nothing
            score = overlap(query, text)
            named = _items_naming(text, noun) if listing and noun else []
            if listing:
                score += _list_bonus(text, named, units)
            if best is None or score > best.score:
                chosen = sents[_series_start(sents, i):i + span]
                quote = ("、".join(named) if named else "".join(t for *_, t in chosen))[:MAX_QUOTE]
                first, last = p.line_at(chosen[0][0]), p.line_at(max(chosen[-1][1] - 1, s))
                quote, last = _with_body(doc, p, quote, last)
                best = Passage(cite_lines(doc, first, last, title, quote=quote), quote, score)
    return best


_SUBHEADING = re.compile(_STATEMENTS["subheadings"])


def _with_body(doc: Document, p: Paragraph, quote: str, last: int) -> tuple[str, int]:
    """A paragraph that only heads what follows ("(一)单位职责" over "1.贯彻…。2.为…。"; text_rules
    subheadings) is quoted with the paragraphs under it, up to the next heading of its kind or
    the section's end: (quote, last line); `quote` and `last` as they are for any other paragraph."""
    if not _SUBHEADING.match(p.text):
        return quote, last
    after = doc.paragraphs[doc.paragraphs.index(p) + 1:]
    body = list(takewhile(lambda b: b.section == p.section and not _SUBHEADING.match(b.text), after))
    if not body:
        return quote, last
    return (quote + "：" + "".join(b.text.strip() for b in body))[:MAX_QUOTE], body[-1].line_end


# What each unit a listing sentence's clauses name adds to its fit (哪些单位…), up to MAX_LISTED units.
UNIT_ITEM = 0.15
MAX_LISTED = 6
# A passage holding it lists something (text_rules list_word: 包括).
_LIST_WORD = _STATEMENTS["list_word"]
# Row names that are totals, no listed item (text_rules total_labels).
_TOTAL_LABELS = tuple(_STATEMENTS["total_labels"])


def _list_bonus(text: str, named: list[str], units: bool) -> float:
    """What makes `text` a better answer to a list question: its series (a、b、c; a;b), 包括,
    items naming the asked noun, and, when units are asked, its clauses naming units."""
    bonus = 0.05 * min(MAX_LISTED, len(re.findall("[、;；]", text))) + (0.1 if _LIST_WORD in text else 0.0) + 0.1 * bool(named)
    return bonus + UNIT_ITEM * min(MAX_LISTED, _unit_clauses(text)) if units else bonus


def _unit_clauses(text: str) -> int:
    """How many clauses of `text` (split at 、，；：) name a unit (questions.json unit_suffixes)."""
    suffixes = lexicon.load("questions")["unit_suffixes"]
    return sum(any(w in c for w in suffixes) for c in re.split(r"[、,，;；:：]", text))


def asks_units(q: Question) -> bool:
    """True when a list question asks for units ("哪些单位购置了公务用车", questions.json list_noun unit_nouns)."""
    kind = asked_kind(q)
    return bool(kind) and kind.startswith(tuple(lexicon.load("questions")["list_noun"]["unit_nouns"]))


# What a series whose every item ends with the asked kind adds to its fit; what any numbered series
# adds as a list (as much as the longest series of a sentence, _list_bonus).
KIND_NAMED = 0.1
SERIES_LISTED = 0.05 * MAX_LISTED
_PAREN_MARKS = re.compile(r"[()（）]")


def asked_kind(q: Question) -> str:
    """The kind of item a list question asks for wherever it stands ("包括哪几类" -> 类,
    "有哪些项目支出？列一下" -> 项目支出; questions.json list_noun which)."""
    m = re.search(lexicon.load("questions")["list_noun"]["which"], q.text)
    return m.group(1) if m else ""


_NUMBERED = re.compile(r"^\s*(?:(?P<n>\d+)[、.．]|[(（](?P<m>\d+)[)）])\s*(?P<name>[^\d:：,，。；;]{2,40})")


def series_passages(doc: Document, line_start: int, line_end: int, query: str, title: str,
                    kind: str = "") -> list[Passage]:
    """Each numbered series starting within the line range ("1.一般公共服务支出(类)8.34 万元…",
    "2.社会保障和就业支出(类)…", one paragraph each, under one heading) as a list of its items'
    names, fitting the query by its heading and names, and better when every name ends with
    the asked `kind` ("哪几类": 一般公共服务支出(类), not …(类)财政事务(款)信息化建设(项))."""
    out = []
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        m = _NUMBERED.match(p.text)
        if line_start <= p.line_start <= line_end and m and int(m.group("n") or m.group("m")) == 1:
            run = _numbered_run(paras, i)
            if len(run) >= 2:
                names = [name for name, _ in run]
                quote = "、".join(names)[:MAX_QUOTE]
                c = cite_lines(doc, p.line_start, run[-1][1].line_end, title, quote=quote)
                fit = overlap(query, heading(doc, p) + "".join(names)) + SERIES_LISTED
                fit += KIND_NAMED if kind and all(_PAREN_MARKS.sub("", n).endswith(kind) for n in names) else 0.0
                out.append(Passage(c, quote, fit))
    return out


def _numbered_run(paras: list[Paragraph], i: int) -> list[tuple[str, Paragraph]]:
    """(name, paragraph) of the numbered items from paragraph `i` (numbered 1) on, numbered
    1, 2, 3… under the same heading."""
    run: list[tuple[str, Paragraph]] = []
    for p in paras[i:]:
        m = _NUMBERED.match(p.text)
        if m is None or int(m.group("n") or m.group("m")) != len(run) + 1 or p.section != paras[i].section:
            break
        run.append((m.group("name").strip(), p))
    return run


def _series_start(sents: list[tuple[int, int, str]], i: int) -> int:
    """The index of the piece holding the first item of the series piece `i` goes on ("二是…"
    after "…主要原因是:一是…;"), up to SERIES_BACK pieces back; `i` itself otherwise."""
    if not _LATER_ITEM.match(sents[i][2]):
        return i
    return next((k for k in range(i - 1, max(i - SERIES_BACK, 0) - 1, -1) if _FIRST_ITEM.search(sents[k][2])), i)


def _items_naming(text: str, noun: str) -> list[str]:
    """The enumerated items of `text` (split at 、，：；) that name `noun`, when there are two or more."""
    items = [x.strip() for x in re.split(r"[、,，:：;；。]", text) if noun in x]
    return items if len(items) >= 2 else []


def asked_noun(q: Question) -> str:
    """The kind of item a list question asks for (questions.json list_noun): "有哪些病区" -> 病区."""
    m = re.search(lexicon.load("questions")["list_noun"]["pattern"], q.text)
    return m.group(1) if m else ""


def best_row(doc: Document, line_start: int, line_end: int, query: str, title: str,
             table: Table | None) -> Passage | None:
    """The table row (source line) within the range that best fits the query, its cells joined."""
    best: Passage | None = None
    for n in range(line_start, min(line_end, len(doc.lines)) + 1):
        text = re.sub(r"\s*[|\t]\s*", " ", doc.lines[n - 1]).strip(" |")
        text = re.sub(r"<[^>]*>", "", text)
        if not text:
            continue
        score = overlap(query, text)
        if best is None or score > best.score:
            quote = text[:MAX_QUOTE]
            best = Passage(cite_lines(doc, n, n, title, table=table.label if table else None, quote=quote),
                           quote, score)
    return best


def table_at(doc: Document, line: int) -> Table | None:
    return next((t for t in doc.tables if t.line_start <= line <= t.line_end), None)


def table_items(doc: Document, table: Table, title: str) -> tuple[list[str], Citation]:
    """Row names of a table (totals and the unit's own name left out), with a citation of the rows."""
    items = []
    for row in table.rows:
        name = next((c for c in row if c.strip() and not re.fullmatch(r"[\d.,\s※-]+", c)), "")
        name = clean_label(name)
        if not name or any(w in name for w in _TOTAL_LABELS) or name in norm_name(doc.issuer):
            continue
        items.append(name)
    items = list(dict.fromkeys(items))
    rows = table.row_lines or (table.line_start,)
    quote = "、".join(items)
    return items, cite_lines(doc, min(rows), max(rows), title, table=table.label, quote=quote)


_ENUM = r"(?:[(（](?:\d+|[一二三四五六七八九十]+)[)）]|\d+[、.．]|[一二三四五六七八九十]+[、.．])"
_TERM = r"(?P<term>[^：:，,。；;]{2,30}?)"


@cache
def _def_entry() -> re.Pattern:
    """A glossary entry where an entry may start (paragraph start, after 。/；, after 注：):
    "三、X：…", "1、X:指…", "X，反映…", "(1)X。指…" (the verbs are questions.json definition_verbs),
    "X指…" (definition_forms bare_verbs)."""
    lex = lexicon.load("questions")
    verbs = "|".join(sorted(map(re.escape, lex["definition_verbs"]), key=len, reverse=True))
    forms = lex["definition_forms"]
    bare = "|".join(re.escape(v) + (f"(?![{forms['not_after_bare_verb']}])" if len(v) == 1 else "")
                    for v in sorted(forms["bare_verbs"], key=len, reverse=True))
    note = re.escape(_STATEMENTS["note_marker"])
    return re.compile(rf"(?:^|(?<=[。；;])|(?<={note}[:：]))\s*(?P<enum>{_ENUM})?\s*{_TERM}\s*"
                      rf"(?:(?P<sep>[:：](?!\d)|[，,。])\s*(?P<verb>{verbs})?|(?P<bare>{bare}))")


@cache
def _next_item() -> re.Pattern:
    """The start of an enumerated item after a sentence's end."""
    return re.compile(rf"(?<=[。；;])\s*{_ENUM}")


def _entries(p: Paragraph):
    """(term, start, end) of each glossary entry of `p`: a term with a colon opening the paragraph
    or an enumerated item, or any term followed by a definition verb; it runs to its sentence's
    end (a colon entry opening the paragraph: the whole paragraph; an enumerated item: up to the
    next item, "1、X：指…。具体包括…。2、…")."""
    for m in _def_entry().finditer(p.text):
        colon = (m.group("sep") or "") in ":："
        opening = m.start() == 0 or bool(m.group("enum"))
        if not (m.group("verb") or m.group("bare")) and not (colon and opening):
            continue
        if colon and m.start() == 0 and not m.group("enum"):
            end = len(p.text)
        elif m.group("enum"):
            item = _next_item().search(p.text, m.end())
            end = item.start() if item else len(p.text)
        else:
            stop = p.text.find("。", m.end())
            end = len(p.text) if stop < 0 else stop + 1
        yield m.group("term"), m.start("term"), end


@cache
def _formula() -> re.Pattern:
    """A term and its formula: "结余率(计算方法为:结余数/预算数)", "结余率=结余数/预算数"."""
    words = "|".join(map(re.escape, sorted(lexicon.load("questions")["definition_forms"]["formulas"],
                                           key=len, reverse=True)))
    return re.compile(rf"(?P<term>[{CJK}]{{2,12}})\s*(?:[(（]\s*(?:{words})[:：]?[^()（）]*[)）]"
                      rf"|(?:{words})?[:：]?\s*[=＝]\s*[{CJK}][^\s,，。；;]*)")


def _formulas(text: str):
    """(term, start, end) of each formula in `text`, once for each ending of its term ("…效益指标结余率"
    is also "结余率"): the text before a formula runs on from the words before it."""
    for m in _formula().finditer(text):
        for s in range(m.start("term"), m.end("term") - 1):
            yield text[s:m.end("term")], s, m.end()


def _scope_notes(p: Paragraph):
    """(term, start, end) of each sentence of `p` stating how a figure is counted (questions.json
    definition_forms scope_notes: "…公开的“政府采购支出金额”的计算口径为政府采购合同金额…。"), the
    term in plain form."""
    words = lexicon.load("questions")["definition_forms"]["scope_notes"]
    for start, end, text in _sentences(p):
        said = plain(text)
        at = min((said.find(w) for w in words if w in said), default=-1)
        if at > 0:
            yield said[:at].removesuffix("的"), start, end


def _definitions(doc: Document):
    """(term, quote, first line, last line, in a glossary section) of each glossary entry,
    formula and counting note of `doc`, in its paragraphs and in its tables' rows."""
    for p in doc.paragraphs:
        glossary = any(h in s for s in p.section for h in _DEF_HEADING)
        for raw, start, end in chain(_entries(p), _formulas(p.text), _scope_notes(p)):
            yield raw, p.text[start:end].strip()[:MAX_QUOTE], p.line_at(start), p.line_at(max(end - 1, start)), glossary
    for t in doc.tables:
        for n in range(t.line_start, min(t.line_end, len(doc.lines)) + 1):
            for raw, start, end in _formulas(doc.lines[n - 1]):
                yield raw, doc.lines[n - 1][start:end].strip()[:MAX_QUOTE], n, n, False


def _enumerates(term: str, question: str) -> bool:
    """True when `question` asks what `term` includes ("公务用车包括哪些车", "行政经费具体包括哪些":
    definition_forms enumeration_fillers may stand between)."""
    forms = lexicon.load("questions")["definition_forms"]
    fillers = "|".join(map(re.escape, forms["enumeration_fillers"]))
    words = "|".join(map(re.escape, forms["enumerations"]))
    return re.search(rf"{re.escape(term)}(?:{fillers})*(?:{words})", question) is not None


def _term_forms(raw: str) -> set[str]:
    """The forms in which a question may name the term `raw`: with or without its remark
    ("行政经费(机关运行经费)"), without glosses ("公務(wù)用車"), and its words after the last 的
    ("…决算公开的政府采购支出金额" -> 政府采购支出金额)."""
    forms = {norm_name(raw.replace("*", "")), norm_name(_PAREN.sub("", raw)), plain(raw)}
    return forms | {f.rsplit("的", 1)[-1] for f in forms if "的" in f}


def _lists(entry: str, enumerations: list[str]) -> bool:
    """True when a definition lists what its term covers: an enumeration word (包括) or a series (a、b、c)."""
    return any(w in entry for w in enumerations) or entry.count("、") >= 2


# How much a term's place before the asking words outweighs its length (a character of place: 100).
TERM_PLACE = 100


def _asked_at(text: str) -> int:
    """Where the definition's asking words start in `text` (怎么计算, 是什么意思); its end if none."""
    at = [text.find(c) for c in lexicon.load("questions")["intents"]["definition"] if c in text]
    return min(at, default=len(text))


def definition(doc: Document, text: str, title: str, listing: bool = False) -> Passage | None:
    """The glossary entry (or formula) of `doc` whose term occurs in the question `text`.

    The longest such term wins; an entry inside a 名词解释 section beats the same
    term defined elsewhere. With `listing` ("X包括哪些"), only an entry listing what its
    term covers, the term asked as such.
    """
    text = norm_name(text)
    enumerations = lexicon.load("questions")["definition_forms"]["enumerations"]
    asked_at = _asked_at(text)
    best: Passage | None = None
    for raw, quote, first, last, glossary in _definitions(doc):
        term = max((t for t in _term_forms(raw) if len(t) >= 2 and t in text), key=len, default="")
        if not term or listing and not (_enumerates(term, text) and _lists(normalize_for_match(quote), enumerations)):
            continue
        # The term asked is the one right before the asking words ("项目支出绩效自评表中结余率是怎么
        # 计算的": 结余率, not 项目支出; "三公经费预算说明中行政经费是什么意思": 行政经费), then the longest.
        said = text.rfind(term, 0, asked_at)
        score = TERM_PLACE * (said + len(term) if said >= 0 else 0) + len(term) + (0.5 if glossary else 0.0)
        if best is None or score > best.score:
            best = Passage(cite_lines(doc, first, last, title, quote=quote), quote, score)
    return best


class PassageSearch:
    """Quoted answers from retrieved chunks and glossary entries."""

    def __init__(self, searcher, documents: dict[str, Document], titles):
        self.searcher = searcher
        self.documents = documents
        self.title = titles  # doc_id -> document title

    def definition(self, q: Question, docs: list[DocInfo]) -> Answer | None:
        """The glossary (名词解释) entry for the term the question asks about, newest document first."""
        found = []
        for d in sorted(docs, key=lambda d: -(d.year or 0)):
            doc = self.documents.get(d.doc_id)
            p = definition(doc, q.residue, d.label, listing="list" in q.intents) if doc else None
            if p is not None:
                found.append(p)
        if not found:
            return None
        best = max(found, key=lambda p: p.score)
        return Answer("answered", say("definition", title=best.citation.title, text=best.text),
                      citations=(best.citation,), intent="definition")

    def reason(self, q: Question, docs: list[DocInfo]) -> Answer | None:
        """"为什么比上年少了 / 为什么没花完预算 / 为啥出国经费是零": the reason the named documents
        state for what the question asks about (its subject) going the way it asks (its topic,
        questions.json reason_topics); None when the question names no topic or subject, or no
        stated reason fits both."""
        topic, subject = asked_topic(q.text), reason_subject(q)
        if topic is None or not (subject or topic.against_budget):
            return None  # "增长的原因是什么？" after a figure: the figure's own reason (a change fact) says it
        figures = figures_of(q)
        issuers = {d.doc_id: d.issuer for d in docs}

        def scored(doc: Document, p: Paragraph):
            own = without_issuer(subject, issuers.get(doc.doc_id, ""))
            if subject and not own:
                return
            for start, end, head, body, before in stated_reasons(p):
                yield start, end, reason_fit(topic, own, head, body, before, figures)
            for start, end, head, body in implied_reasons(p, topic):
                fit = reason_fit(topic, own, head, body, "", figures)
                yield start, end, None if fit is None else IMPLIED_FIT * fit

        return self._quoted(docs, scored, "reason")

    def purpose(self, q: Question, docs: list[DocInfo], earlier: str = "") -> Answer | None:
        """"公务接待主要用来干什么": the sentence of the named documents saying what the asked
        item is used for (questions.json purpose_markers), the item named in it or in the
        sentences before it in its paragraph; quoted from where the item is named. A follow-up
        naming nothing ("这笔钱主要拿来干什么？") asks about the `earlier` question's words."""
        lex = lexicon.load("questions")
        subject = subject_of(q, lex["intents"]["purpose"] + lex["intents"]["list"])
        subject = subject if core_words(subject) else earlier.strip(GAP)
        if not subject:
            return None
        figures = figures_of(q)

        def scored(doc: Document, p: Paragraph):
            for start, end, fit in stated_uses(p, subject, heading(doc, p)):
                said = plain(p.text[start:end])
                yield start, end, fit + 0.5 * sum(f in said for f in figures) if fit >= MIN_PASSAGE_OVERLAP else None

        return self._quoted(docs, scored, "purpose")

    def _quoted(self, docs: list[DocInfo], scored, intent: str) -> Answer | None:
        """The span (start, end, score) that `scored(document, paragraph)` rates best over the documents,
        quoted; None when no span has a score, or when another document's best comes within
        DOC_TIE of it (the question does not say which document it means)."""
        best: dict[str, tuple[float, Document, Paragraph, int, int, str]] = {}
        for d in docs:
            doc = self.documents.get(d.doc_id)
            for p in doc.paragraphs if doc is not None else ():
                for start, end, score in scored(doc, p):
                    if score is not None and (d.doc_id not in best or score > best[d.doc_id][0]):
                        best[d.doc_id] = (score, doc, p, start, end, d.label)
        ranked = sorted(best.values(), key=lambda b: -b[0])
        if not ranked or len(ranked) > 1 and ranked[1][0] >= ranked[0][0] - DOC_TIE:
            return None
        _score, doc, p, start, end, title = ranked[0]
        quote = p.text[start:end].strip()[:MAX_QUOTE]
        c = cite_lines(doc, p.line_at(start), p.line_at(max(end - 1, start)), title, quote=quote)
        return Answer("answered", say("passage", title=c.title, place=place_of(c), text=c.quote),
                      citations=(c,), intent=intent)

    def outline(self, q: Question, docs: list[DocInfo]) -> Answer | None:
        """"公开了哪几张报表 / 包括哪几个部分": the items of the kind asked (questions.json outline) that
        the one document in scope lists, in its order; None when several documents would answer."""
        kind = next((k for k in lexicon.load("questions")["outline"]["kinds"]
                     if any(w in q.text for w in k["asked"])), None)
        if kind is None:
            return None
        part = re.search(lexicon.load("questions")["outline"]["part_label"], q.text)
        found = []
        for d in docs:
            doc = self.documents.get(d.doc_id)
            items = outline_items(doc, kind["label"], part.group(0) if part else "") if doc else []
            if len(items) >= 2:
                found.append((d, doc, items))
        if len(found) != 1:
            return None
        d, doc, items = found[0]
        return _listed(d, doc, kind["what"], [(title, line) for _label, title, line in items])

    def fields(self, q: Question, docs: list[DocInfo]) -> Answer | None:
        """"有哪些项目支出？列一下": the items the one document in scope names in fields of the
        asked kind ("1、项目名称：就业工作经费", questions.json list_noun), in its order; None when
        no document or several would answer."""
        kind = asked_kind(q)
        labels = {kind[:k] + lexicon.load("questions")["list_noun"]["field"] for k in range(len(kind), 1, -1)}
        found = [(d, doc, items) for d in docs if (doc := self.documents.get(d.doc_id)) is not None
                 and len(items := field_items(doc, labels)) >= 2]
        if len(found) != 1:
            return None
        d, doc, items = found[0]
        return _listed(d, doc, kind, items)

    def find(self, q: Question, docs: list[DocInfo], absence: bool = False, earlier: str = "") -> Answer | None:
        """The retrieved sentence (or table rows) that best fits the question, quoted; for a
        purpose question ("主要用来干什么"), the sentence saying what the money is used for (of
        the `earlier` question's words when it names nothing); for a question about the
        document's make-up ("公开了哪几张报表"), its table of contents."""
        if "purpose" in q.intents and (found := self.purpose(q, docs, earlier)) is not None:
            return found
        if "list" in q.intents and (found := self.outline(q, docs) or self.fields(q, docs)) is not None:
            return found
        best = self._searched(q, docs, absence) if self.searcher is not None else None
        if best is None or best.score < MIN_PASSAGE_OVERLAP:
            return None
        absent = any(w in best.text for w in lexicon.load("questions")["absence_cues"])
        if absence and not (best.score >= GOOD_PASSAGE_OVERLAP and absent):
            return None
        c = best.citation
        return Answer("answered", say("passage", title=c.title, place=place_of(c), text=best.text),
                      citations=(c,), intent="passage")

    def _searched(self, q: Question, docs: list[DocInfo], absence: bool) -> Passage | None:
        """The best passage by lexical search (instant); the embedder runs only when that found
        nothing convincing. A statement that nothing was arranged repeats the question's words:
        lexical search alone finds it."""
        best = self._best_passage(q, docs, "bm25")
        if not absence and (best is None or best.score < GOOD_PASSAGE_OVERLAP):
            fused = self._best_passage(q, docs, "fused")
            if fused is not None and (best is None or fused.score > best.score):
                best = fused
        return best

    def _best_passage(self, q: Question, docs: list[DocInfo], mode: str) -> Passage | None:
        content = content_words(q)
        hits = self.searcher.search(q.text.replace(GAP, ""), k=5, doc=[d.doc_id for d in docs], mode=mode)
        best: Passage | None = None
        for h in hits:
            doc = self.documents.get(h.chunk.doc_id)
            if doc is None:
                continue
            title = self.title(doc.doc_id)
            found = [best_sentences(doc, h.chunk.line_start, h.chunk.line_end, content, title,
                                    listing="list" in q.intents, noun=asked_noun(q), units=asks_units(q))]
            if "list" in q.intents:
                found += series_passages(doc, h.chunk.line_start, h.chunk.line_end, content, title, asked_kind(q))
            if h.chunk.kind == "table":
                table = table_at(doc, h.chunk.line_start)
                found.append(best_row(doc, h.chunk.line_start, h.chunk.line_end, content, title, table))
                if table is not None and "list" in q.intents:
                    items, cite = table_items(doc, table, title)
                    header = " ".join(table.header[0]) if table.header else ""
                    if items:
                        found.append(Passage(cite, "、".join(items), overlap(content, table.label + header)))
            for p in found:
                if p is not None and (best is None or p.score > best.score):
                    best = p
        return best


# ---------------------------------------------------------------- stated reasons
@dataclass(frozen=True)
class ReasonTopic:
    """What a why-question asks the reason of (questions.json reason_topics)."""

    name: str
    asked: tuple[str, ...]
    stated: tuple[str, ...]
    against_budget: bool | None = None  # the reason's head compares with the budget (True) or must not (False)
    anywhere: bool = False

    def fits(self, head: str, body: str) -> bool:
        """True when a reason whose marker is preceded by `head` and followed by `body` is one of this topic."""
        where = head + body if self.anywhere else head
        if not any(w in where for w in self.stated):
            return False
        if self.against_budget is None:
            return True
        words = lexicon.load("questions")["reason_topics"]
        if self.against_budget:  # "年初预算为2万元，差值为0.05万元，原因为…" is a gap with the budget too
            return any(w in head for w in words["budget_comparisons"] + words["budget_gaps"])
        return not any(w in head for w in words["budget_comparisons"])


@cache
def reason_topics() -> tuple[ReasonTopic, ...]:
    return tuple(ReasonTopic(t["name"], tuple(t["asked"]), tuple(t["stated"]), t.get("against_budget"),
                             bool(t.get("anywhere")))
                 for t in lexicon.load("questions")["reason_topics"]["topics"])


def asked_topic(text: str) -> ReasonTopic | None:
    """The topic of a why-question: the first whose asked words it holds ("多少" is no 多 or 少, nor
    is a filler's "这么多"); one asking both ways ("多了还是少了") asks the either_way topic."""
    lex = lexicon.load("questions")["reason_topics"]
    for w in sorted([_HOW_MUCH, *lex["fillers"]], key=len, reverse=True):
        text = text.replace(w, GAP)
    held = [t for t in reason_topics() if any(w in text for w in t.asked)]
    either = lex["either_way"]
    if set(either["both"]) <= {t.name for t in held}:
        return next(t for t in reason_topics() if t.name == either["topic"])
    return held[0] if held else None


def reason_subject(q: Question) -> str:
    """What a why-question asks about: its words without topic, reason and filler words."""
    lex = lexicon.load("questions")
    return subject_of(q, [w for t in reason_topics() for w in t.asked] + lex["reason_topics"]["fillers"]
                      + lex["intents"]["reason"])


def subject_of(q: Question, cues: list[str]) -> str:
    """What a question asks about: its words after any reference to the document itself
    ("三公预算说明里"), without the units it names ("区政协"), the cue words of its kind (`cues`),
    question words and fillers; the runs of characters left, joined by GAP."""
    lex = lexicon.load("questions")
    text = "".join(GAP if any(s <= i < e for s, e, *_ in q.unit_spans) else c
                   for i, c in enumerate(q.residue)).replace(_HOW_MUCH, GAP)
    for ending in lex["document_references"]["endings"]:
        text = text[text.rfind(ending) + len(ending):] if ending in text else text
    for w in sorted(cues + lex["question_words"] + lex["strip_words"] + lex["demonstratives"], key=len, reverse=True):
        text = text.replace(w, GAP)
    return re.sub(rf"[^{CJK}A-Za-z]+", GAP, text).strip(GAP)


def without_issuer(subject: str, issuer: str) -> str:
    """`subject` without its runs that only name the document's issuer ("县政协|忠县|支出" of
    政协忠县委员会办公室 -> "支出")."""
    issuer = plain(issuer)
    runs = [r for r in subject.split(GAP) if r and not (issuer and set(r) <= set(issuer))]
    return GAP.join(runs)


def figures_of(q: Question) -> list[str]:
    """The numbers a question names besides its years ("涨了1078%", "502.4万元"), written as
    `plain` writes them (no separators, no decimal point)."""
    found = re.findall(r"\d+(?:\.\d+)?(?![\d.]|\s*年)", q.text.replace(",", ""))
    return [f.replace(".", "") for f in found if len(f.replace(".", "")) >= 2]


def subject_share(subject: str, text: str) -> float:
    """Share of the subject's characters found in `text`."""
    chars = {c for c in subject if c != GAP}
    return len(chars & set(text)) / len(chars) if chars else 0.0


@lru_cache(maxsize=1 << 16)
def plain(text: str) -> str:
    """`text` as the questions are compared: simplified characters (OpenCC), no pinyin glosses."""
    return norm_name(normalize_for_match(text))


@cache
def _marker_pattern() -> re.Pattern:
    m = lexicon.load("questions")["reason_markers"]
    after = "|".join(map(re.escape, m["not_followed_by"]))
    words = "|".join(sorted(map(re.escape, m["words"]), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?!{after})")


def _marker(text: str) -> re.Match | None:
    """The first reason marker of `text` (questions.json reason_markers)."""
    return _marker_pattern().search(text)


def stated_reasons(p: Paragraph):
    """(start, end, head, body, before) of each reason stated in `p`: from the piece (sentence or
    clause) holding a reason marker to its sentence's end or the next piece with a marker; `head`
    (the words before the marker, said of what the reason is for), `body` and the piece `before`
    in plain form. A head that says nothing of its own ("主要原因是：") is the piece before it."""
    pieces = _sentences(p)
    for i, (s, _e, text) in enumerate(pieces):
        m = _marker(text)
        if m is None:
            continue
        end = _reason_end(p, pieces, i)
        start, head, before = s, plain(text[:m.start()]), plain(pieces[i - 1][2]) if i else ""
        if len(re.sub(rf"[^{CJK}]", "", head)) < 6 and i > 0:
            start, head, before = pieces[i - 1][0], before + head, ""
        yield start, end, head, plain(p.text[s + m.end():end]), before


# A reason stated without a marker ("比2016年减少,我办…厉行节约") fits a little less than a marked one.
IMPLIED_FIT = 0.8
# The words after the change a sentence states must hold this many characters to be its reason.
IMPLIED_MIN_CHARS = 8


def implied_reasons(p: Paragraph, topic: ReasonTopic):
    """(start, end, head, body) of each sentence of `p` stating a change of the `topic` and going
    on, without a marker or a figure, with why ("2017年“三公”经费预算比2016年减少,我办按照…要求,
    厉行节约,继续严控“三公”经费。"): `head` up to the change's word, `body` what follows."""
    for s, e, text in _sentences(p):
        said = plain(text)
        if _marker(said) is not None:
            continue
        at = min((said.find(w) + len(w) for w in topic.stated if w in said), default=-1)
        body = said[at:]
        if at > 0 and not re.search(r"\d", body) and len(re.findall(rf"[{CJK}]", body)) >= IMPLIED_MIN_CHARS:
            yield s, e, said[:at], body


def _reason_end(p: Paragraph, pieces: list[tuple[int, int, str]], i: int) -> int:
    """End offset of the reason stated from piece `i`: its sentence's end or the next piece with a
    marker, and the whole sentence after it when that one goes on with the reason (no marker, no
    figure: "本年增加三支一扶工作经费…，导致经费较上年增加。")."""
    end, sentences = pieces[i][1], 0
    for _s, e, text in pieces[i + 1:]:
        if _marker(text) is not None:
            break
        if p.text[end - 1] in "。！？!?":
            sentences += 1
            if sentences > 1 or re.search(r"\d", text):
                break
        end = e
    return end


# What a reason of the asked topic adds; what one whose head names the subject word for word adds
# (its own reason, even of the other direction, beats a sibling item's: 公务接待费 not 公务用车运行费).
TOPIC_FIT = 0.6
WHOLE_SUBJECT = 1.0


def reason_fit(topic: ReasonTopic, subject: str, head: str, body: str, before: str,
               figures: list[str]) -> float | None:
    """How well a stated reason answers: it must be of the asked topic or name the asked subject
    word for word in its head, and its head with the piece before it must hold at least half the characters
    of the subject. More of the subject's bigrams fit better (in the head, or a little less in
    the piece before when the head names no item: "较2023年增加40.17万元，主要是…"), and so does
    each figure of the question in the head ("502.4万元比上年减少的原因"); of equals, the first stated."""
    fits, whole = topic.fits(head, body), names_whole(subject, head)
    if not (fits or whole):
        return None
    before = "" if holds_metric_name(head) else before  # a head naming its own item says what it is for
    share = subject_share(subject, before + head) if subject else 1.0  # no subject: the whole's reason
    if share < MIN_SUBJECT_SHARE:
        return None
    fit = max(overlap(subject, head), 0.9 * overlap(subject, before + head))
    return fit + 0.5 * share + 0.5 * sum(f in head for f in figures) + TOPIC_FIT * fits + WHOLE_SUBJECT * whole


def names_whole(subject: str, text: str) -> bool:
    """True when `text` holds every run of the subject (two characters or more) word for word."""
    runs = [r for r in subject.split(GAP) if len(r) >= 2]
    return bool(runs) and all(r in text for r in runs)


# ---------------------------------------------------------------- stated uses
@cache
def _use_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, lexicon.load("questions")["purpose_markers"]["words"])))


@cache
def _definition_verb() -> re.Pattern:
    """A definition verb (questions.json definition_verbs), 指 not in 指标/指导/指出/指定/指示."""
    lex = lexicon.load("questions")
    verbs = sorted(lex["definition_verbs"], key=len, reverse=True)
    blocks = {v: c for v, c in lex["definition_verb_blocks"].items() if not v.startswith("_")}
    return re.compile("|".join(re.escape(v) + (f"(?![{blocks[v]}])" if v in blocks else "") for v in verbs))


# A sentence before the use sentence names its item a little less surely, per sentence back.
USE_CONTEXT_DECAY = 0.9
# How many sentences before a use sentence may name its item.
USE_CONTEXT = 2


def heading(doc: Document, p: Paragraph) -> str:
    """What stands over paragraph `p`: its section's heading, else the caption of the table just
    before it ("项目支出绩效自评表（委托业务项目）")."""
    if p.section:
        return p.section[-1]
    before = [t for t in doc.tables if t.line_end < p.line_start]
    return max(before, key=lambda t: t.line_end).label if before else ""


def _use_named(pieces: list[tuple[int, int, str]], i: int, over: str) -> list[tuple[int, str]]:
    """(start, plain text) of what may name the item the use sentence `i` speaks of, nearest
    first: the sentence itself, the USE_CONTEXT before it, then the heading `over` the paragraph
    ("关于…上年结转结余预算情况说明") quoted from the sentence; in a definition ("X：指用于…"),
    its term only."""
    s, _e, text = pieces[i]
    m = _use_pattern().search(text)
    if m is None:
        return []
    verb = _definition_verb().search(text, 0, m.start())
    if verb is not None:
        return [(s, plain(text[:verb.start()]))]
    named = [(pieces[i - k][0], plain(pieces[i - k][2])) for k in range(min(i, USE_CONTEXT) + 1)]
    return named + [(s, plain(over))] if over else named


def stated_uses(p: Paragraph, subject: str, over: str = ""):
    """(start, end, fit) of each sentence of `p` saying what money is used for, `fit` being how
    well it or what comes before it names `subject` (at least half its characters), less per
    step back; the quote starts at the sentence that names it best (when both fit in one quote)
    and runs to the end of the use's sentence."""
    pieces = _sentences(p)
    for i in range(len(pieces)):
        best: tuple[float, int] | None = None
        for k, (start, named) in enumerate(_use_named(pieces, i, over)):
            if subject_share(subject, named) < MIN_SUBJECT_SHARE:
                continue
            fit = overlap(subject, named) * USE_CONTEXT_DECAY ** k
            if best is None or fit > best[0]:
                best = (fit, start)
        if best is not None:
            end = _sentence_end(p, pieces, i)
            # A naming sentence too long to quote with the use (a form's header run together) is left out.
            yield (best[1] if end - best[1] <= MAX_QUOTE else pieces[i][0]), end, best[0]


def _sentence_end(p: Paragraph, pieces: list[tuple[int, int, str]], i: int) -> int:
    """End offset of the use stated from piece `i`: the clauses after it in its sentence that go on
    listing uses of the same money ("30万元用于预算编制；30万元用于审计；…。"), not a clause naming
    an item of its own ("；住房保障支出114.07万元，主要用于…")."""
    end = pieces[i][1]
    for _s, e, text in pieces[i + 1:]:
        m = _use_pattern().search(text)
        if p.text[end - 1] in "。！？!?" or m is None or _names_an_item(text[:m.start()]):
            break
        end = e
    return end


def _names_an_item(text: str) -> bool:
    """True when the words before a use marker name an item ("住房保障支出114.07万元，主要"), not
    only an amount ("其中:30万元")."""
    for w in sorted(lexicon.load("questions")["purpose_markers"]["not_an_item"], key=len, reverse=True):
        text = text.replace(w, "")
    return len(re.findall(rf"[{CJK}]", text)) >= 3


# ---------------------------------------------------------------- the document's own outline
def _listed(d: DocInfo, doc: Document, what: str, items: list[tuple[str, int]]) -> Answer:
    """"{who}{year}年{kind}中，{what}共{n}项：…": the (item, line) pairs of one document, each line cited."""
    by_line: dict[int, list[str]] = {}
    for item, line in items:
        by_line.setdefault(line, []).append(item)
    cites = tuple(cite_lines(doc, n, n, d.label, quote="、".join(ts)) for n, ts in by_line.items())
    names = [item for item, _line in items]
    text = say("list", who=d.issuer, year=d.year or "", doc_kind=label("doc_kind", d.doc_type),
               what=what, n=len(names), items="、".join(names))
    return Answer("answered", text, citations=cites, intent="list", context={"derived": [str(len(names))]})


def field_items(doc: Document, labels: set[str]) -> list[tuple[str, int]]:
    """(item, line) of each line of `doc` opening with a field whose label is one of `labels`
    ("8、项目名称：社保基金监督检查审计经费"), each item once, in order."""
    field = re.compile(rf"^\s*{_ENUM}?\s*(?P<label>[{CJK}]{{1,8}})\s*[:：]\s*(?P<item>[^\s:：,，。；;]{{2,60}})")
    items: dict[str, int] = {}
    for n, line in enumerate(doc.lines, 1):
        m = field.match(normalize_for_match(line))
        if m and m.group("label") in labels:
            items.setdefault(m.group("item"), n)
    return list(items.items())


def outline_items(doc: Document, item_label: str, part: str = "") -> list[tuple[str, str, int]]:
    """(label, title, line) of each item `doc` lists under a label matching `item_label`
    ("表一:收入支出决算总表", "第二部分 2020年度部门决算说明"), each label once, in order; with
    `part` ("第二部分"), only the items under that part."""
    part_label = lexicon.load("questions")["outline"]["part_label"]
    pattern = re.compile(rf"(?:(?P<part>{part_label})|(?P<item>{item_label}))\s*[:：]?\s*"
                         rf"(?P<title>[^\s:：]{{2,40}}?)(?=\s|$|[:：]|{part_label}|{item_label})")
    items, seen, current = [], set(), ""
    for n, line in enumerate(doc.lines, 1):
        for m in pattern.finditer(normalize_for_match(line)):
            current = m.group("part") or current
            name = m.group("item") or (m.group("part") if re.fullmatch(item_label, m.group("part")) else None)
            if name is None or name in seen or (part and current != part):
                continue
            seen.add(name)
            items.append((name, m.group("title"), n))
    return items
