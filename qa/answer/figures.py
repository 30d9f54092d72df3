"""Answers read off facts: a value, a change and its reason, a rate, a target, a breakdown, a list.

`Figures` words each kind with the templates of prompts/answers.json and cites every
fact it states: the headline fact, the other statements of the same figure (text and
table), the parts of a breakdown, the lines giving a reason, and the audit's
citations when the document contradicts itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from qa import lexicon
from qa.answer import passages
from qa.answer.compose import cite_fact, cite_lines, label, say, shown, wording
from qa.answer.kinds import FactCtx, first_answer, load_kinds
from qa.answer.lookup import FactIndex, Scored, clean_label, title_subject, total_score_label
from qa.answer.question import Question, content_words, normalize
from qa.answer.resolve import Catalog, DocInfo
from qa.types import Answer, Citation, Document, Fact

MAX_CITATIONS = 4
# What was achieved (periods.json named achieved): not published when only the target is.
_ACHIEVED = lexicon.load("periods")["named"]["achieved"]
# Aspects of a figure that state a change (an amount or a rate of it).
_CHANGED = frozenset({"change", "rate", "variance_rate"})
# The words of a list question about projects and of self-evaluation form titles (questions.json evaluated_projects).
_EVALUATED = lexicon.load("questions")["evaluated_projects"]
# The kind listed (有哪些任务, 哪几个项目) and the header word of a table's names column (questions.json list_noun).
_LIST_NOUN = lexicon.load("questions")["list_noun"]


# The audit findings of the index (the manifest's), or doc_id -> that document's (the catalog index's).
Audit = list[dict] | Callable[[str], Sequence[dict]]


def _by_doc(findings: list[dict]) -> Callable[[str], list[dict]]:
    """doc_id -> its findings, in their order."""
    grouped: dict[str, list[dict]] = {}
    for f in findings:
        grouped.setdefault(f.get("doc"), []).append(f)
    return lambda doc_id: grouped.get(doc_id, [])


class Figures:
    """Composes fact answers for one index."""

    def __init__(self, catalog: Catalog, documents: Mapping[str, Document], facts: FactIndex, audit: Audit):
        self.catalog = catalog
        self.documents = documents
        self.facts = facts
        self.audit = audit
        self._findings = audit if callable(audit) else _by_doc(audit)
        # The fact kinds, tried in the order qa/lexicon/answer_kinds.json declares.
        self.kinds = load_kinds("fact_kinds")

    def answer(self, q: Question, top: Scored, ranked: list[Scored]) -> Answer | None:
        """The answer stating fact `top` (the best of `ranked`) the way the question asks.

        A "why" question gets the figure with its stated reason; None when the figure is
        not a change and no reason is stated (a passage may then say why).
        """
        top = self.facts.part_named(top, q, self.documents.get(top.fact.doc_id)) or top
        f = top.fact
        if _ACHIEVED in q.periods and f.aspect == "target":
            # What was achieved is asked, and only the target is published: that is no answer,
            # and a refusal states no figure (the target is in the citation).
            text = say("actual_missing", **self.who(f), metric=f.metric)
            return Answer("not_found", text, citations=(self.cite(f),), intent="not_found")
        if q.intents == {"change"} and f.aspect not in _CHANGED:
            # Only a change is asked ("比上年减少了多少") and the figure found is a level: the
            # document states no change of it; a refusal states no figure (the level is cited).
            text = say("change_missing", **self.who(f), metric=f.metric)
            return Answer("not_found", text, citations=(self.cite(f),), intent="not_found")
        answer = self._fact_answer(q, top, ranked)
        if "reason" not in q.intents:
            return answer
        reason = self.reason_of(f)
        if not reason and f.aspect == "execution_rate":
            # "执行率为啥这么低": a self-evaluation states reasons on its indicator rows.
            rows = self.facts.project_reasons(f)
            if rows:
                why = "；".join(f"{x.metric}：{x.reason.rstrip('。')}" for x in rows)
                cites = tuple(cite_lines(self.documents[f.doc_id], x.line_start, x.line_end, self.title(f.doc_id),
                                         table=x.table, quote=x.reason) for x in rows)
                return replace(answer, answer=answer.answer + say("row_reasons", reasons=why), intent="reason",
                               citations=answer.citations + cites)
        if not reason:
            # A change stated without its reason: give the change and say so.
            return replace(answer, answer=answer.answer + say("no_reason")) if f.aspect == "change" else None
        if f.aspect == "change":
            return replace(answer, intent="reason")  # the change's text carries its reason
        why = self.reason_citation(f, reason)
        return replace(answer, answer=answer.answer + say("reason", reason=reason) + "。", intent="reason",
                       citations=_with_citation(answer.citations, why))

    def reason_of(self, f: Fact) -> str:
        """The 原因 clause following the fact in its paragraph, else the reason the store recorded."""
        doc = self.documents.get(f.doc_id)
        for p in doc.paragraphs if doc is not None else ():
            if not p.line_start <= f.line_start <= p.line_end:
                continue
            start = next((o for o, line in p.offsets if line >= f.line_start), 0)
            at = _statement_at(p.text, start, clean_label(f.metric), f.raw or shown(f))
            if at >= 0:
                return _reason_after(p.text[at:], clean_label(f.metric))
        return (f.reason or "").strip("。；;，, ")

    def title(self, doc_id: str) -> str:
        """The document's title, for citations."""
        d = self.catalog.get(doc_id)
        return d.label if d else doc_id

    def cite(self, f: Fact) -> Citation:
        """Citation of the line or table row stating `f`."""
        return cite_fact(f, self.documents.get(f.doc_id), self.title(f.doc_id))

    def who(self, f: Fact) -> dict:
        """The issuer, year and document kind of `f`, for answer templates."""
        d = self.catalog.get(f.doc_id)
        who = (d.issuer if d else f.issuer) or wording()["unnamed_unit"]
        return dict(who=who, year=(d.year if d else f.year) or "",
                    doc_kind=label("doc_kind", d.doc_type if d else f.doc_type))

    def _fact_answer(self, q: Question, top: Scored, ranked: list[Scored]) -> Answer:
        """`top` worded by the first fact kind (qa/lexicon/answer_kinds.json) its aspect and the question's intents trigger."""
        f = top.fact
        same = [s.fact for s in ranked[1:] if s.fact.doc_id == f.doc_id and s.fact.aspect == f.aspect
                and abs(s.fact.value - f.value) < 1e-9 and s.score >= top.score - 4]
        facts = [f, *_unique_lines(same, f)][:MAX_CITATIONS]
        period = label("period_labels", f.period) if f.period and f.aspect != "standard" else ""
        ctx = FactCtx(q, top, ranked, self, facts, tuple(self.cite(x) for x in facts), said_metric(f), period)
        return first_answer(self.kinds, ctx, q.intents, f)

    def stated(self, ctx: FactCtx, text: str, more: list[Citation] | tuple = ()) -> Answer:
        """The answer stating `ctx.fact` in `text`, citing its statements and `more`, with the audit's word on it."""
        f = ctx.fact
        citations = [*ctx.citations, *more]
        text += self._disagreement(f, citations)
        # A change or rate is stated as a magnitude with a direction word: report it so.
        value = abs(f.value) if f.aspect in ("change", "rate", "variance_rate") else f.value
        return Answer("answered", text, value=value, unit=f.unit or None, citations=tuple(citations),
                      intent=f.aspect, context={"metric": ctx.top.name or f.metric})

    def change_text(self, f: Fact, ranked: list[Scored]) -> tuple[str, list[Fact]]:
        rate = next((s.fact for s in ranked if s.fact.aspect == "rate" and s.fact.doc_id == f.doc_id
                     and s.fact.line_start == f.line_start and s.fact.metric == f.metric), None)
        d = self.catalog.get(f.doc_id)
        down = _falls(f.direction)
        rate_text = ""
        if rate is not None:
            rate_text = say("change_rate", rate_word=label("directions", "rate_down" if down else "rate_up"),
                            rate=shown(rate))
        text = say("change", **self.who(f), metric=f.metric,
                   base=label("change_base", d.doc_type if d else ""),
                   direction=f.direction or label("directions", "decrease" if down else "increase"),
                   value=shown(f), unit=f.unit or "", rate=rate_text)
        reason = self.reason_of(f)
        if reason:
            text += say("reason", reason=reason) + "。"
        return text, [rate] if rate is not None else []

    def reason_citation(self, f: Fact, reason: str) -> Citation | None:
        """The lines stating `reason` when the fact's own quote does not include it."""
        doc = self.documents.get(f.doc_id)
        if not reason or reason in f.quote or doc is None:
            return None
        for p in doc.paragraphs:
            at = p.text.find(reason)
            if at >= 0 and p.line_start <= f.line_start + 3 and p.line_end >= f.line_start - 3:
                return cite_lines(doc, p.line_at(at), p.line_at(at + len(reason) - 1), self.title(f.doc_id),
                                  quote=reason)
        if f.origin == "table" and reason == (f.reason or "").strip("。；;，, "):
            # A self-evaluation row's 偏差原因 cell: the row's own lines state it.
            return cite_lines(doc, f.line_start, f.line_end, self.title(f.doc_id), table=f.table, quote=reason)
        return None

    def agreement(self, facts: list[Fact]) -> str:
        tables = [x.table for x in facts if x.origin == "table" and x.table]
        if tables and any(x.origin == "text" for x in facts):
            return say("agree", table=tables[0])
        return ""

    def _disagreement(self, f: Fact, citations: list[Citation]) -> str:
        """The audit's word when this figure contradicts another statement of the same document."""
        doc = self.documents.get(f.doc_id)
        for finding in self._findings(f.doc_id):
            if finding.get("doc") != f.doc_id or finding.get("severity", "contradiction") != "contradiction":
                continue
            cites = finding.get("citations", [])
            if len(cites) < 2 or not _about(finding, f):
                continue
            for c in cites:
                if c.get("line_start") not in {x.line_start for x in citations} and doc is not None:
                    citations.append(Citation(f.doc_id, " / ".join(doc.section_at(c["line_start"])),
                                              c.get("table"), c["line_start"], c.get("line_end", c["line_start"]),
                                              c.get("quote", ""), self.title(f.doc_id)))
            if finding.get("kind") == "sum_mismatch":
                return say("sum_disagree")
            values = finding.get("values", [])
            if len(values) >= 2:
                return say("disagree", a_place=_place(cites[0], doc), a_value=f"{values[0]:g}",
                           b_place=_place(cites[1], doc), b_value=f"{values[1]:g}", unit=f.unit or "")
        return ""

    def breakdown(self, f: Fact) -> tuple[str, list[Fact]]:
        """Parts of a total: the metric's components (metrics.json), else the statement's 其中 clause."""
        parts, used = [], []
        for comp in components(f.metric):
            probe = Question(raw=comp, text=comp, residue=comp)
            ranked = self.facts.rank(probe, [f.doc_id], comp)
            hit = next((s.fact for s in ranked if s.fact.aspect == f.aspect and s.fact.period == f.period
                        and s.fact.unit == f.unit and s.fact.metric != f.metric), None)
            if hit is not None:
                parts.append(f"{hit.metric}{shown(hit)}{hit.unit or ''}")
                used.append(hit)
        if not parts:
            used = self.facts.parts_of(f, self.documents.get(f.doc_id))
            parts = [f"{p.metric}{shown(p)}{p.unit or ''}" for p in used]
        if parts:
            return "、".join(parts), used
        return _listed_in_quote(f), []

    def listing(self, q: Question, docs: list[DocInfo], ranked: list[Scored]) -> Answer | None:
        """"…有哪些项目 / 包括哪几项": a project table's rows, or the parts the best total is split into."""
        if len(docs) == 1:
            answer = self._name_column_list(q, docs[0]) or self._evaluated_projects(q, docs[0])
            if answer is None and _EVALUATED["table_word"] in q.text:
                answer = self._table_list(q, docs[0])
            if answer is not None:
                return answer
        ranked = [s for s in ranked if s.fact.aspect in ("amount", "count")]
        if not ranked:
            return None
        f = ranked[0].fact
        parts = self.facts.parts_of(f, self.documents.get(f.doc_id))
        if len(parts) < 2:
            return None
        items = "、".join(f"{p.metric}（{shown(p)}{p.unit or ''}）" for p in parts)
        text = say("list", **self.who(f), what=say("composition", metric=f.metric), n=len(parts), items=items)
        citations = [self.cite(f)] + [self.cite(p) for p in _unique_lines(parts, f)]
        return Answer("answered", text, value=f.value, unit=f.unit or None, citations=tuple(citations),
                      intent="list", context={"metric": f.metric, "derived": [str(len(parts))]})

    def _name_column_list(self, q: Question, d: DocInfo) -> Answer | None:
        """"有哪些任务": the rows under a table's 任务名称 column (any "X名称" the question's X
        names), as long as they carry figures."""
        doc = self.documents.get(d.doc_id)
        m = _WHICH.search(q.text)
        if doc is None or m is None:
            return None
        # "有哪些任务呢": 任务名称, whatever follows the kind word.
        headers = {m.group(1)[:k] + _LIST_NOUN["field"] for k in range(len(m.group(1)), 0, -1)}
        for t, i, col in _name_columns(doc, headers):
            items, lines = _named_rows(t, i, col)
            if len(items) >= 2:
                cite = cite_lines(doc, lines[0], lines[-1], d.label, table=t.label)
                what = t.title.rstrip(_TITLE_TAILS["strip_chars"]) + "的" + t.rows[i][col].strip().removesuffix(_LIST_NOUN["field"])
                return _list_answer(d, what, items, (cite,))
        return None

    def _evaluated_projects(self, q: Question, d: DocInfo) -> Answer | None:
        """"哪些项目做了绩效自评": the projects the 项目支出绩效自评表 titles name."""
        doc = self.documents.get(d.doc_id)
        if doc is None or not all(w in q.text for w in _EVALUATED["asked"]):
            return None
        forms = [t for t in doc.tables if all(w in t.title for w in _EVALUATED["title"]) and title_subject(t.title)]
        names = list(dict.fromkeys(title_subject(t.title) for t in forms))
        if len(names) < 2:
            return None
        cites = tuple(cite_lines(doc, t.line_start, t.line_start, d.label, table=t.label, quote=t.title)
                      for t in forms[:MAX_CITATIONS])
        return _list_answer(d, say("evaluated_projects"), names, cites)

    def _table_list(self, q: Question, d: DocInfo) -> Answer | None:
        doc = self.documents.get(d.doc_id)
        if doc is None:
            return None
        content = content_words(q)
        scored = [(passages.overlap(content, t.title), t) for t in doc.tables if t.title]
        score, table = max(scored, key=lambda x: x[0], default=(0.0, None))
        if table is None or score < 0.5:
            return None
        leaves = [f for f in self.facts.table_leaves(d.doc_id, table.label)
                  if clean_label(f.row_path[-1]) not in normalize(d.issuer)]
        if len(leaves) < 2:
            return None
        items = [clean_label(f.row_path[-1]) for f in leaves]
        cite = cite_lines(doc, leaves[0].line_start, leaves[-1].line_end, d.label, table=table.label)
        stem = table.title.rstrip(_TITLE_TAILS["strip_chars"]).removesuffix(_TITLE_TAILS["suffix"])
        return _list_answer(d, say("table_items", table=stem), items, (cite,))

    def doc_label(self, f: Fact) -> str:
        """"{issuer}{year}年{预算/决算}": one side of a comparison."""
        d = self.catalog.get(f.doc_id)
        if d is None:
            return f.doc_id
        return f"{d.issuer}{d.year}年{label('doc_short', d.doc_type)}"


# How statements are written (text_rules.json): the next item of an enumerated reason
# (二是…, 另外…), what opens a reason (主要原因是) and a list of parts (其中：, 包括：).
_STATEMENTS = lexicon.load("text_rules")
_NEXT_ITEM = re.compile(r"^\s*(?:" + "|".join([*map(re.escape, _STATEMENTS["next_items"]), _STATEMENTS["enumeration_mark"]]) + ")")
_REASONS = tuple(sorted(_STATEMENTS["reason_markers"], key=len, reverse=True))
_OPENERS = tuple(dict.fromkeys(w.rstrip("：:，,") for w in _STATEMENTS["list_openers"]))
_FALLS = tuple(w for w, way in _STATEMENTS["change_verbs"].items() if way == _STATEMENTS["fall_way"])
_TITLE_TAILS = _STATEMENTS["table_title_tails"]


def _listed_in_quote(f: Fact) -> str:
    """The parts a statement lists after its 其中/包括 ("" for a table row or none listed)."""
    opener = next((w for w in _OPENERS if w in f.quote), None)
    if opener is None or len(f.row_path) >= 2:
        return ""
    return f.quote.split(opener, 1)[1].lstrip(":：").rstrip("。")


def _falls(direction: str | None) -> bool:
    """True for a direction the statements write for a fall (减少, 下降, 降低 …)."""
    return (direction or "").startswith(_FALLS)


def components(metric: str) -> list[str]:
    """The component metrics metrics.json lists for `metric` (empty when it has none)."""
    return next((m.get("components", []) for m in lexicon.load("metrics")["metrics"] if m["name"] == metric), [])


def _reason_after(text: str, metric: str) -> str:
    """The 主要原因 of the statement at the start of `text`: its own clause (up to "；" unless the
    reason goes on "二是…"), continued by following sentences without figures of their own."""
    clauses = re.split(r"(?<=[；;])", text)
    clause = clauses[0]
    for nxt in clauses[1:]:
        if not _NEXT_ITEM.match(nxt):
            break
        clause += nxt
    why, marker = _first_of(clause, _REASONS)
    if why < 0:
        return _reason_next(text, metric)
    # "…，其中：A…，主要原因是…" explains the part A, not the total stated first.
    if 0 <= _first_of(clause, _OPENERS)[0] < why:
        return ""
    sentences = [x for x in re.split(r"(?<=。)", clause[why + len(marker):]) if x.strip()]
    reason = sentences[0] if sentences else ""
    for more in sentences[1:]:
        if re.search(r"\d", more) or len(reason) > 200:
            break
        reason += more
    return reason.lstrip(_STATEMENTS["reason_leads"]).rstrip("。；; ").strip()


# A sentence opening with at most this many characters before its reason marker ("收入、支出变动
#较大的主要原因是…") gives the reason of the statement before it.
REASON_HEAD = 20


def _reason_next(text: str, metric: str) -> str:
    """The reason the sentence after the statement's gives ("…增长50.28%。收入、支出变动较大的主要
    原因是…"), when it opens with its reason marker after a few words, no figure, and, if any
    words, words of the metric's (收入 of 财政拨款收入); else ""."""
    end = text.find("。")
    nxt = text[end + 1:].split("。")[0] if end >= 0 else ""
    why, marker = _first_of(nxt, _REASONS)
    if why < 0 or why > REASON_HEAD or re.search(r"\d", nxt[:why]):
        return ""
    head = re.sub(r"[^\u4e00-\u9fff]", "", nxt[:why])
    if len(head) >= 2 and not passages.overlap(head, metric):
        return ""
    return nxt[why + len(marker):].lstrip(_STATEMENTS["reason_leads"]).rstrip("；; ").strip()


def _first_of(text: str, words: tuple[str, ...]) -> tuple[int, str]:
    """The offset and word of the earliest of `words` in `text` (the longest at one offset), or (-1, "")."""
    found = [(text.find(w), -len(w), w) for w in words if w in text]
    return (min(found)[0], min(found)[2]) if found else (-1, "")


def _statement_at(text: str, start: int, name: str, raw: str) -> int:
    """Offset of the statement "{name}…{raw}" at or after `start` (the fact's own clause), or -1."""
    for m in re.finditer(re.escape(name), text):
        if m.start() >= start and raw in text[m.end():m.end() + 40]:
            return m.start()
    return text.find(raw, start)


def _list_answer(d: DocInfo, what: str, items: list[str], cites: tuple[Citation, ...]) -> Answer:
    """"{who}{year}年{kind}中，{what}共{n}项：…": a list read off one document, its count derived."""
    text = say("list", who=d.issuer, year=d.year or "", doc_kind=label("doc_kind", d.doc_type),
               what=what, n=len(items), items="、".join(items))
    return Answer("answered", text, citations=cites, intent="list", context={"derived": [str(len(items))]})


def _name_columns(doc: Document, headers: set[str]):
    """(table, header row, column) of each cell of `doc`'s tables that is one of `headers` ("任务名称")."""
    for t in doc.tables:
        for i, row in enumerate(t.rows):
            col = next((j for j, c in enumerate(row) if normalize(c) in headers), None)
            if col is not None:
                yield t, i, col


def _named_rows(t, header: int, col: int) -> tuple[list[str], list[int]]:
    """The names in column `col` below row `header` that carry figures, with their lines; the
    run ends at the first named row without figures."""
    items, lines = [], []
    for r, line in zip(t.rows[header + 1:], t.row_lines[header + 1:], strict=False):
        name = r[col].strip()
        figures = any(_NUMBER.fullmatch(c.strip()) for c in r[col + 1:] if c.strip())
        if name and figures:
            items.append(name)
            lines.append(line)
        elif name and items:
            break
    return items, lines


def _unique_lines(facts: list[Fact], first: Fact) -> list[Fact]:
    seen = {(first.line_start, first.table)}
    out = []
    for x in facts:
        key = (x.line_start, x.table)
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _about(finding: dict, f: Fact) -> bool:
    """True when an audit finding speaks of figure `f`: its first citation is f's line and its
    first value is f's (a line stating a total and its parts holds findings about each)."""
    values = finding.get("values") or [f.value]
    return finding["citations"][0].get("line_start") == f.line_start and abs(values[0] - f.value) < 1e-6

def _place(c: dict, doc: Document | None) -> str:
    """A finding's citation as words: its table, else its section (line numbers stay in the citation)."""
    if c.get("table"):
        return c["table"]
    section = doc.section_at(c["line_start"]) if doc is not None and c.get("line_start") else ()
    return say("text_place", section=section[-1]) if section else say("text_place_bare")


def _with_citation(citations: tuple[Citation, ...], extra: Citation | None) -> tuple[Citation, ...]:
    """`citations` plus `extra`; on the same lines as one of them, its quote joins that one's."""
    if extra is None:
        return citations
    key = (extra.doc, extra.line_start, extra.line_end)
    for i, c in enumerate(citations):
        if (c.doc, c.line_start, c.line_end) == key:
            return citations[:i] + (replace(c, quote=f"{c.quote}｜{extra.quote}"),) + citations[i + 1:]
    return citations + (extra,)


# "有哪些任务" / "哪几个项目": the kind of thing listed.
_WHICH = re.compile(_LIST_NOUN["which"])
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def said_metric(f: Fact) -> str:
    """The metric as an answer names it: which project's 总分, a rate said to be one of execution."""
    metric = f.metric
    if len(f.row_path) >= 2 and f.row_path[-1] == metric == total_score_label():
        metric = say("project_score", project=f.row_path[0], metric=metric)  # which project's 总分
    if f.aspect == "execution_rate" and wording()["execution_rate_word"] not in metric:
        metric += wording()["execution_rate_suffix"]
    return metric
