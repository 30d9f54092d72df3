"""Which disclosures a question is about.

The catalog is the manifest of the built index (one entry per document: issuer,
region, year, doc type, title). `Catalog.select` narrows it by what the question
names; `Catalog.describe` words the asked-for scope when nothing fits, so a
not_found answer can say which disclosures do exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.answer.question import normalize
from qa.types import DOC_TYPE_LABELS


@dataclass(frozen=True)
class DocInfo:
    """What the manifest says about one document."""

    doc_id: str
    title: str
    issuer: str
    region: str
    year: int | None
    doc_type: str

    @property
    def label(self) -> str:
        """Title as published, or issuer + year + type when the title is missing."""
        return self.title or f"{self.issuer}{self.year or ''}年{DOC_TYPE_LABELS.get(self.doc_type, '')}"


@dataclass
class Scope:
    """The constraints a question (plus its conversation) puts on documents."""

    regions: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    doc_type: str | None = None
    unknown_units: list[str] = field(default_factory=list)
    unknown_years: list[str] = field(default_factory=list)  # "9999", "2025.5": no document has them

    def copy(self) -> Scope:
        return Scope(list(self.regions), list(self.orgs), list(self.years), self.doc_type,
                     list(self.unknown_units), list(self.unknown_years))


# performance-target tables also appear inside budget and final-accounts disclosures,
# so asking for 绩效目标 narrows to those documents only when one exists.
_SOFT_TYPES = {"performance_targets"}
# A performance-target table is drawn up with the budget (预算金额): asking for a
# year's 预算 finds it when that year has no budget disclosure.
_STAGE_OF = {"budget": "performance_targets"}


def fits(name: str, doc: DocInfo) -> bool:
    """True when `name` could be a short form of the document's issuer: its characters stand
    in that order in the issuer's name, with or without its region ("人社中心", "社保局",
    "广东财政厅"; not "司法局", "成都"), or it stands in the title."""
    chars = normalize(name)
    if not chars:
        return False
    for whole in (d for d in (doc.issuer, doc.region + doc.issuer) if d):
        rest = iter(normalize(whole))
        if all(c in rest for c in chars):
            return True
    return chars in normalize(doc.title)


def of_type(doc: DocInfo, doc_type: str) -> bool:
    """True when the document is a disclosure of that type, or a narrower kind of it
    (sangong_final_accounts is a final_accounts disclosure of 三公经费 only)."""
    return doc.doc_type == doc_type or doc.doc_type.endswith("_" + doc_type)


class Catalog:
    """The documents of an index and the words that identify them."""

    def __init__(self, docs: list[DocInfo], texts: dict[str, str] | None = None):
        self.docs = sorted(docs, key=lambda d: (d.year or 0, d.doc_id))
        self._texts = texts or {}
        years = [d.year for d in self.docs if d.year]
        self.newest_year = max(years) if years else None

    @classmethod
    def from_manifest(cls, manifest: dict, texts: dict[str, str] | None = None) -> Catalog:
        """Catalog of the `documents` entries of index/manifest.json."""
        docs = [
            DocInfo(e["doc"], e.get("title", ""), e.get("issuer", ""), e.get("region", ""),
                    e.get("year"), e.get("doc_type", ""))
            for e in manifest.get("documents", [])
        ]
        return cls(docs, texts)

    def get(self, doc_id: str) -> DocInfo | None:
        return next((d for d in self.docs if d.doc_id == doc_id), None)

    def known_phrase(self, phrase: str) -> bool:
        """True when `phrase` occurs in some document: then it is not a foreign unit's name."""
        p = normalize(phrase)
        return any(p in t for t in self._texts.values())

    def names_with(self, phrase: str, word: str, full: str) -> bool:
        """True when `phrase`, which starts with the issuer word `word` (an alias of `full`),
        occurs in some document other than as the tail of `full` itself: the word is then
        part of a name there ("人社局劳动保障大厦维修经费"), not the issuer writing
        "…服务中心政府采购预算"."""
        p, w, f = normalize(phrase), normalize(word), normalize(full)
        for t in self._texts.values():
            at = t.find(p)
            while at >= 0:
                if t[max(0, at + len(w) - len(f)):at + len(w)] != f:
                    return True
                at = t.find(p, at + 1)
        return False

    def foreign_units(self, scope: Scope) -> list[str]:
        """Unit names the question uses that fit no issuer of the corpus."""
        return [u for u in scope.unknown_units if not self.fits_issuer(u)]

    def fits_issuer(self, name: str) -> bool:
        """True when `name` could be a short form of some document's issuer."""
        return any(fits(name, d) for d in self.docs)

    def select(self, scope: Scope, strict_type: bool = True) -> list[DocInfo]:
        """Documents fitting every constraint of `scope`."""
        if self.foreign_units(scope) or scope.unknown_years:
            return []
        docs = list(self.docs)
        if scope.regions:
            docs = [d for d in docs if d.region in scope.regions]
        if scope.orgs:
            docs = [d for d in docs if any(d.issuer.endswith(o) or o in d.issuer for o in scope.orgs)]
        if scope.unknown_units:
            # "大英县司法局", "广东财政厅": a name no lexicon knows keeps only its own unit's documents.
            docs = [d for d in docs if all(fits(u, d) for u in scope.unknown_units)]
        if scope.years:
            docs = [d for d in docs if d.year in scope.years]
        if scope.doc_type and strict_type:
            typed = [d for d in docs if of_type(d, scope.doc_type)]
            if not typed and scope.doc_type in _STAGE_OF:
                typed = [d for d in docs if d.doc_type == _STAGE_OF[scope.doc_type]]
            if typed or scope.doc_type not in _SOFT_TYPES:
                docs = typed
        return docs

    def left_out_by_type(self, scope: Scope) -> list[DocInfo]:
        """Documents a soft document type left out: 绩效目标 tables also stand in budget
        disclosures, so a target missing from the 绩效目标表 documents may be there."""
        if scope.doc_type not in _SOFT_TYPES:
            return []
        chosen = self.select(scope)
        return [d for d in self.select(scope, strict_type=False) if d not in chosen]

    def describe(self, scope: Scope) -> str:
        """The asked-for scope in words: "伊犁哈萨克自治州教育局2025年部门预算"."""
        units = scope.unknown_units
        # "北京市财政局": the place the question named, then the department.
        who = "".join(units) + "".join(scope.orgs) if units else "".join(scope.regions) + "".join(scope.orgs)
        when = "、".join(f"{y}年" for y in [*scope.years, *scope.unknown_years])
        kind = DOC_TYPE_LABELS.get(scope.doc_type or "", "")
        return (who + when + kind) or "所问单位"

    def available(self) -> str:
        """Every document of the corpus, as a list for a not_found answer."""
        return "；".join(d.label for d in self.docs)

    def units(self) -> str:
        """Every issuer of the corpus, for a not_found answer."""
        return "、".join(dict.fromkeys(d.issuer for d in self.docs if d.issuer))

    def years(self) -> str:
        """Every year of the corpus, oldest first, for a not_found answer."""
        return "、".join(str(y) for y in sorted({d.year for d in self.docs if d.year}))

    def nearest(self, scope: Scope) -> list[DocInfo]:
        """Documents of the asked unit in other years or types (what a person probably meant)."""
        loose = scope.copy()
        loose.years, loose.unknown_years, loose.doc_type = [], [], None
        if not (loose.regions or loose.orgs or loose.unknown_units) or self.foreign_units(loose):
            return []
        return self.select(loose)
