"""Document metadata read from the content (never the file name): title, issuer, region,
year and document type.

- issuer: the name most often given after a preparer/unit label (编制部门：…, 部门（单位）
  名称 …, 预算单位 …), else a cover line ending in an organisation word; region aliases
  are expanded with qa/lexicon/issuers.json ("新疆巴州…局" -> "巴音郭楞蒙古自治州…局").
- year and type: from the cover (title lines), then part headings, then table titles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from qa import lexicon
from qa.ingest.captions import classify
from qa.ingest.normalize import clean_line, heading_text
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


@cache
def _spec() -> dict:
    spec = lexicon.load("sections")
    issuers = lexicon.load("issuers")
    labels = "|".join(re.escape(x) for x in sorted(spec["issuer_labels"], key=len, reverse=True))
    suffixes = tuple(spec["org_suffixes"])
    regions = [(form, r["name"]) for r in issuers["regions"] for form in [r["name"], *r["aliases"]]]
    orgs = {alias: o["name"] for o in issuers["organisations"] for alias in o["aliases"]}
    return {
        "label": re.compile(rf"(?:{labels})\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[：:]?\s*([^\s：:|]+)"),
        "label_cell": re.compile(rf"^(?:{labels})\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[：:]?$"),
        "suffixes": suffixes,
        "regions": sorted(regions, key=lambda x: len(x[0]), reverse=True),
        "orgs": orgs,
        "region_names": [r["name"] for r in issuers["regions"]],
        "place_suffixes": tuple(spec["place_suffixes"]),
        "doc_types": [(d["type"], tuple(d["keywords"])) for d in spec["doc_types"]],
    }


def cover_text(lines, first_body: int) -> list[str]:
    """The title lines: short non-blank lines before the first heading, TOC or table row
    (a table's 编制部门/单位/表N caption lines excluded)."""
    kept = (x for x in lines[:first_body] if clean_line(x) and (classify(x) or ("",))[0] not in _NOT_TITLE)
    return [t for t in map(heading_text, kept) if len(t) <= _COVER_MAX]


def read_metadata(lines, cover: list[str], part_headings: list[str], tables: list[Table]) -> Metadata:
    """Metadata of a document from its lines, title lines, 第X部分 headings and tables."""
    issuer, region = normalize_issuer(_issuer_name(lines, cover, tables))
    region = region or next((name for name in _spec()["region_names"] if name in " ".join(cover)), "")
    sources = [" ".join(cover), " ".join(part_headings), " ".join(t.title for t in tables)]
    year = next((int(m.group(1)) for s in sources for m in [_YEAR.search(s)] if m), None)
    if year is None:
        years = Counter(int(y) for x in lines for y in _YEAR.findall(x))
        year = years.most_common(1)[0][0] if years else None
    doc_type = next(
        (t for s in sources for t, words in _spec()["doc_types"] if any(w in s for w in words)), None
    )
    return Metadata(_title(cover, issuer, year, doc_type), issuer, region, year, doc_type)


def _issuer_name(lines, cover: list[str], tables: list[Table]) -> str:
    """Most frequent organisation name given after an issuer label, on a line (编制部门：X)
    or in the next filled cell of a table row (预算单位 | X); else a title line naming one."""
    spec = _spec()
    names = [
        m.group(1) for line in lines for m in spec["label"].finditer(clean_line(line.replace("\t", " ")))
    ]
    for t in tables:
        for r in (*t.header, *t.rows):
            names.extend(
                next((c for c in r[i + 1 :] if c), "") for i, c in enumerate(r) if spec["label_cell"].match(c)
            )
    found = Counter(normalize_issuer(n)[0] for n in names if n.endswith(spec["suffixes"]))
    if found:
        return found.most_common(1)[0][0]
    return next((x for x in cover if x.endswith(spec["suffixes"])), "")


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
