"""Document metadata read from the content (never the file name): title, issuer, region,
year and document type.

- issuer: the name most often given after a preparer/unit label (编制部门：…, 部门（单位）
  名称 …, 预算单位 …), else a cover line ending in an organisation word; region aliases
  are expanded with qa/lexicon/issuers.json ("新疆巴州…局" -> "巴音郭楞蒙古自治州…局").
- otherwise (qa/ingest/issuer.py): the title, a 单位构成 sentence, a sentence opening with
  a unit, a place with 本级 or a year; empty where the text names no unit.
- region: the division the issuer (else the title) names, from jionlp's data (regions.py).
- title and kind (doc_kind.py, qa/lexicon/doc_kinds.json): one heading line, never a table.
- year: the title's, then the cover, part headings, table titles, the most frequent.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest import doc_kind
from qa.ingest import issuer as issuer_rules
from qa.ingest.captions import classify
from qa.ingest.normalize import clean_line, heading_text
from qa.ingest.regions import place_at_start
from qa.ingest.script import simplified
from qa.types import DOC_TYPE_LABELS, Table

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD_LINE = re.compile(r"^[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]$")
_COVER_MAX = 40  # characters of a title line
_NOT_TITLE = {"preparer", "unit", "number"}  # caption lines that are not title lines


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str
    region: str
    year: int | None
    doc_type: str | None
    found_by: tuple[tuple[str, str], ...] = ()  # (field, how): title / label / composition / first_sentence / place_subject / heading / table / text / none
    region_path: tuple[str, ...] = ()  # province > city > county > town
    scope: str = ""  # 本级 | 汇总 | ""
    org_level: str = ""  # 单位 | 部门 | ""


@cache
def _spec() -> dict:
    spec = lexicon.load("sections")
    orgs = lexicon.load("organisations")
    issuers = lexicon.load("issuers")
    labels = "|".join(re.escape(x) for x in sorted(orgs["issuer_labels"], key=len, reverse=True))
    regions = [(form, r["name"]) for r in issuers["regions"] for form in [r["name"], *r["aliases"]]]
    aliases = {alias: o["name"] for o in issuers["organisations"] for alias in o["aliases"]}
    return {
        "label": re.compile(rf"(?:{labels})\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[：:]?\s*([^\s：:|]+)"),
        "label_cell": re.compile(rf"^(?:{labels})\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[：:]?$"),
        "code_prefix": re.compile(orgs["label_code_prefix"]),
        "not_name": re.compile(orgs["not_names"]),
        "suffixes": tuple(sorted(orgs["suffixes"], key=len, reverse=True)),
        "regions": sorted(regions, key=lambda x: len(x[0]), reverse=True),
        "orgs": aliases,
        "region_names": [r["name"] for r in issuers["regions"]],
        "place_suffixes": tuple(spec["place_suffixes"]),
    }


def cover_text(lines, first_body: int) -> list[str]:
    """The title lines: short non-blank lines before the first heading, TOC or table row
    (a table's 编制部门/单位/表N caption lines excluded)."""
    kept = (x for x in lines[:first_body] if clean_line(x) and (classify(x) or ("",))[0] not in _NOT_TITLE)
    return [t for t in map(heading_text, kept) if len(t) <= _COVER_MAX]


def read_metadata(lines, cover: list[str], part_headings: list[str], tables: list[Table]) -> Metadata:
    """Metadata of a document from its lines, title lines, 第X部分 headings and tables.

    Traditional characters and pinyin glosses are read as simplified text; every field
    records how it was found (`found_by`)."""
    head = [simplified(x) for x in doc_kind.head_lines(list(lines))]
    head_text = "\n".join(head)
    title_lines, title_how = doc_kind.find_title(head)
    title_text = "".join(title_lines)
    named = _issuer(lines, tables, title_text, head_text)
    issuer, region = normalize_issuer(named.name) if named else ("", "")
    region, region_how, place = _region(issuer, region, title_text, cover)
    kind, kind_how = _kind(title_text, part_headings, tables, head_text, lines)
    year, year_how = _year(lines, title_text, cover, part_headings, tables)
    title = _title(title_lines, issuer, year, kind)
    found_by = (
        ("title", title_how if title_lines else ("cover" if cover else "none")),
        ("issuer", named.how if named else "none"),
        ("region", region_how),
        ("year", year_how),
        ("doc_type", kind_how),
    )
    return Metadata(
        title, issuer, region, year, kind, found_by,
        place.path if place is not None else (), named.scope if named else "", _org_level(title_text or head_text),
    )


def _region(issuer: str, region: str, title: str, cover: list[str]):
    """(region, how it was found, the division named or None): the issuer's own region, else
    the division its name or the title names, else a region named on the cover."""
    if region:
        return region, "issuer", None
    place = _place(issuer, title)
    if place is not None:
        how = "issuer" if issuer and place_at_start(issuer_rules.place_text(issuer))[0] else "title"
        if place.name:
            return place.name, how, place
    region = next((name for name in _spec()["region_names"] if name in " ".join(cover)), "")
    return region, ("title" if region else "none"), place


def _issuer(lines, tables: list[Table], title: str, head_text: str):
    """The issuer and how it was found, in order: labels, title, 单位构成 sentence,
    a sentence opening with a unit, a place with 本级 or a year (title, then sentences)."""
    labelled = _issuer_name(lines, [], tables)
    if labelled:
        return issuer_rules.Named(labelled, "label")
    for find, text in (
        (issuer_rules.org_from_title, title),
        (issuer_rules.from_composition, head_text),
        (issuer_rules.from_first_sentences, head_text),
        (issuer_rules.from_inverted_name, head_text),
        (issuer_rules.from_cover_signature, head_text),
        (issuer_rules.place_from_title, title),
        (issuer_rules.place_from_sentences, head_text),
    ):
        named = find(text) if text else None
        if named:
            return named
    return None


def _place(issuer: str, title: str):
    """The division named by the issuer (at its start), else by the title."""
    place = place_at_start(issuer_rules.place_text(issuer))[0] if issuer else None
    return place or (issuer_rules.title_place(title) if title else None)


def _kind(title: str, part_headings: list[str], tables: list[Table], head_text: str, lines) -> tuple[str | None, str]:
    """The published kind: from the title, else the part headings, table titles or the first
    lines; a fiscal text of no known kind is `fallback`; None when nothing is fiscal."""
    found = doc_kind.kind_of_title(title) if title else None
    if found:
        return doc_kind.refine(found, [title, head_text]), "title"
    for how, text in (
        ("heading", " ".join(part_headings)),
        ("table", " ".join(t.title for t in tables)),
        ("text", head_text),
    ):
        found = doc_kind.kind_of_text(text) if text else None
        if found:
            return doc_kind.refine(found, [text, head_text]), how
    if doc_kind.is_fiscal("\n".join(lines)):
        return doc_kind.fallback_kind(), "text"
    return None, "none"


def _year(lines, title: str, cover: list[str], part_headings: list[str], tables: list[Table]):
    """The year of the title (the one before its kind word when it names several), else of
    the cover, part headings and table titles, else the most frequent year in the text."""
    year = _title_year(title)
    if year is not None:
        return year, "title"
    year = _heading_year(cover, part_headings, tables)
    if year is not None:
        return year, "heading"
    counts = Counter(int(y) for x in lines for y in _YEAR.findall(x))
    # on a tie the later year: a disclosure compares its year with the one before
    return (max(counts, key=lambda y: (counts[y], y)), "text") if counts else (None, "none")


def _title_year(title: str) -> int | None:
    """The year of the title: the one before its kind word when it names several, else its first."""
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(title)]
    if not years:
        return None
    kind = doc_kind.kind_of_title(title)
    before = [y for pos, y in years if kind is not None and pos < kind.start]
    return before[-1] if before else years[0][1]


def _heading_year(cover: list[str], part_headings: list[str], tables: list[Table]) -> int | None:
    """The first year of the cover's period line ("(2022年)" under a title), the part headings, the table titles."""
    periods = [x for x in cover if _PERIOD_LINE.match(x)]
    sources = [" ".join(periods), " ".join(part_headings), " ".join(t.title for t in tables)]
    return next((int(m.group(1)) for s in sources for m in [_YEAR.search(s)] if m), None)


def _org_level(text: str) -> str:
    """单位 or 部门, from the words 单位预算/部门决算… in the title (else the first lines)."""
    found = [(text.find(w), level) for w, level in lexicon.load("organisations")["level_words"] if w in text]
    return min(found)[1] if found else ""


def _issuer_name(lines, cover: list[str], tables: list[Table]) -> str:
    """Most frequent organisation name given after an issuer label, on a line (编制部门：X)
    or in the next filled cell of a table row (预算单位 | X); else a title line naming one."""
    spec = _spec()
    names = [spec["code_prefix"].sub("", simplified(n)) for n in _labelled_names(lines, tables, spec)]
    found = _merged_short_names(Counter(normalize_issuer(n)[0] for n in names if issuer_rules.is_org(n)))
    if found:
        return found.most_common(1)[0][0]
    return next((x for x in cover if issuer_rules.is_org(x)), "")


def _labelled_names(lines, tables: list[Table], spec: dict) -> list[str]:
    """The names written after an issuer label, on a line (编制部门：X) or in the next filled cell
    of a table row (预算单位 | X)."""
    names = [m.group(1) for line in lines for m in spec["label"].finditer(clean_line(line.replace("\t", " ")))]
    for t in tables:
        for r in (*t.header, *t.rows):
            names.extend(
                next((c for c in r[i + 1 :] if c), "") for i, c in enumerate(r) if spec["label_cell"].match(c)
            )
    return names


def _merged_short_names(found: Counter) -> Counter:
    """A short name's count added to the longest name ending with it: "人力资源和社会保障局" is the
    same unit as "昌吉…人力资源和社会保障局"."""
    for short in list(found):
        longer = [n for n in found if n != short and n.endswith(short)]
        if longer:
            found[max(longer, key=len)] += found.pop(short)
    return found


def normalize_issuer(name: str) -> tuple[str, str]:
    """(full issuer name, region) for a name as written: region aliases expanded, a province
    prefix before a prefecture dropped, an organisation alias expanded ("昌吉州人社局" ->
    "昌吉回族自治州人力资源和社会保障局")."""
    spec = _spec()
    region, rest = "", name
    while True:
        match = next(
            (
                (form, full)
                for form, full in spec["regions"]
                if rest.startswith(form) and not rest[len(form) :].startswith(spec["place_suffixes"])
            ),
            None,
        )
        if match is None:
            break
        region, rest = match[1], rest[len(match[0]) :]
    rest = spec["orgs"].get(rest, rest)
    return (region + rest if region else name), region


def _title(cover: list[str], issuer: str, year: int | None, doc_type: str | None) -> str:
    """The title lines joined, the issuer's name as normalised; issuer and year prefixed when
    the title lines do not state them; "{issuer}{year}年{type}" when there are no title lines."""
    parts = [
        issuer if issuer and normalize_issuer(x)[0] == issuer else x
        for x in cover
        if not _PERIOD_LINE.match(x)
    ]
    core = "".join(parts)
    named = (issuer and issuer in core) or any(normalize_issuer(x)[1] for x in parts)
    prefix = ("" if named else issuer) + (f"{year}年" if year and str(year) not in core else "")
    return prefix + (core or DOC_TYPE_LABELS.get(doc_type or "", ""))
