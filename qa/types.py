"""The typed records every stage speaks.

Data flows ingest -> chunking -> facts -> retrieval -> answer; each stage takes
and returns these frozen dataclasses and never reaches into another stage's
internals. Line numbers are 1-based lines of the corpus file as stored.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Literal

DocType = Literal["budget", "final_accounts", "performance_targets"]
DOC_TYPE_LABELS: dict[str, str] = {
    "budget": "部门预算公开",
    "final_accounts": "部门决算公开",
    "performance_targets": "绩效目标表",
    "sangong_budget": "三公经费预算公开",
    "sangong_final_accounts": "三公经费决算公开",
    "sangong": "三公经费公开",
    "performance_self_evaluation": "绩效自评",
    "performance_evaluation": "绩效评价报告",
    "procurement": "政府采购情况公开",
    "government_budget": "政府预算（草案）",
    "fiscal_other": "财政信息公开",
}


@dataclass(frozen=True)
class Section:
    """A heading and the lines it governs (up to the next heading of its level or above)."""

    path: tuple[str, ...]
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Table:
    """One logical table, whatever its source layout (pipe, tab, one-cell-per-line, PDF text).

    `rows` holds every body row with every cell as text ("" for an empty cell);
    `row_lines[i]` is the (first) source line of `rows[i]`, so a cell can be cited.
    A table continued across a page break (header repeated) is merged into one.
    """

    number: str | None  # "表10", or None when the document does not number it
    title: str
    line_start: int
    line_end: int
    unit: str | None  # "万元", "元", … from 单位：…
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]
    section: tuple[str, ...] = ()
    kind: str = ""  # optional template name, e.g. "project_self_evaluation"

    @property
    def label(self) -> str:
        """Human label used in citations: "表10 财政拨款“三公”经费支出情况表"."""
        return f"{self.number} {self.title}".strip() if self.number else self.title


@dataclass(frozen=True)
class Paragraph:
    """Narrative text with hard wraps joined and markup dropped.

    `line_starts[i]` is the character offset in `text` where source line
    `line_start + i`'s contribution begins (monotone, one entry per source line
    that contributed text), so any offset maps back to a source line.
    """

    text: str
    line_start: int
    line_end: int
    section: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]  # (char offset in text, source line), ascending

    def line_at(self, offset: int) -> int:
        """Source line holding character `offset` of `text`."""
        line = self.line_start
        for start, src in self.offsets:
            if start > offset:
                break
            line = src
        return line


@dataclass(frozen=True)
class Problem:
    """Something a loader noticed and could not do; reported, never raised."""

    doc_id: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    issuer: str
    region: str
    year: int | None
    doc_type: str  # DocType
    layout: str  # "markdown" | "tsv" | "cell_lines" | "pdf_text" | "pdf" | "docx" | "plain"
    sha256: str
    lines: tuple[str, ...]  # the source text, line i+1 = lines[i]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    paragraphs: tuple[Paragraph, ...]
    problems: tuple[Problem, ...] = ()
    found_by: tuple[tuple[str, str], ...] = ()  # (field, how it was read): title / label / first_sentence / …
    region_path: tuple[str, ...] = ()  # province > city > county > town of `region`
    scope: str = ""  # 本级 | 汇总 | "" (a whole government's or department's summary)
    org_level: str = ""  # 单位 | 部门 | ""

    def section_at(self, line: int) -> tuple[str, ...]:
        """Deepest section path containing `line` (empty tuple when none; of equally deep
        ones, the later section). A bisect over precomputed line ranges."""
        bounds, paths = self._section_ranges
        k = bisect_right(bounds, line) - 1
        return paths[k] if k >= 0 else ()

    @cached_property
    def _section_ranges(self) -> tuple[list[int], list[tuple[str, ...]]]:
        """The lines where the set of sections containing a line changes, and the deepest
        section path of each range that starts there (computed once per document)."""
        bounds = sorted({s.line_start for s in self.sections} | {s.line_end + 1 for s in self.sections})
        best: list[tuple[tuple[int, int], tuple[str, ...]]] = [((-1, -1), ())] * len(bounds)
        for order, s in enumerate(self.sections):
            rank = (len(s.path), order)
            for k in range(bisect_left(bounds, s.line_start), bisect_left(bounds, s.line_end + 1)):
                if rank >= best[k][0]:
                    best[k] = (rank, s.path)
        return bounds, [path for _, path in best]


@dataclass(frozen=True)
class Chunk:
    """A retrievable unit: never crosses a section boundary; tables split by row groups."""

    chunk_id: str  # content hash: stable across rebuilds
    doc_id: str
    section: tuple[str, ...]
    table: str | None  # Table.label when the chunk is (part of) a table
    line_start: int
    line_end: int
    text: str  # what a user reads
    embed_text: str  # prefixed with issuer, year, doc type and section path
    kind: str = "text"  # "text" | "table"


@dataclass(frozen=True, slots=True)  # slots: an index holds hundreds of thousands
class Fact:
    """One figure the disclosure states, with what it means and where it is."""

    doc_id: str
    year: int | None
    issuer: str
    region: str
    doc_type: str
    metric: str  # canonical metric name (lexicon), or the row label when none fits
    value: float
    unit: str
    origin: str  # "text" | "table"
    line_start: int
    line_end: int
    quote: str
    period: str | None = None  # 预算数 / 决算数 / 上年数 / 年初预算数 / 全年执行数 / 指标值 …
    aspect: str = "amount"  # amount | change | rate | share | count | target | actual | score …
    direction: str | None = None  # 增加 / 减少 for changes
    reason: str | None = None  # 主要原因是… when stated
    operator: str | None = None  # >=, <=, =, >, < for performance targets
    table: str | None = None  # Table.label
    row_path: tuple[str, ...] = ()
    column_path: tuple[str, ...] = ()
    code: str | None = None  # 功能分类 / 经济分类 code, e.g. "2080101", "30201"
    raw: str = ""  # the number exactly as written ("1,583.14")
    # Its meaning, filled in by qa/facts/meaning.py when facts are extracted:
    subject: str = ""  # the project its table is about (title remark or 项目名称 cell), "" for none
    section: tuple[str, ...] = ()  # the deepest section path holding line_start


@dataclass(frozen=True)
class Citation:
    doc: str
    section: str
    table: str | None
    line_start: int
    line_end: int
    quote: str
    title: str = ""


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class AuditFinding:
    doc: str
    kind: str  # sum_mismatch | table_text_mismatch | duplicate_mismatch | rate_mismatch | rounding | bad_date
    message: str
    values: tuple[float, ...]
    citations: tuple[Citation, ...]
    severity: str = "contradiction"  # contradiction | rounding


@dataclass(frozen=True)
class Answer:
    status: str  # answered | not_found | ambiguous
    answer: str
    value: float | None = None
    unit: str | None = None
    citations: tuple[Citation, ...] = ()
    candidates: tuple[str, ...] = ()  # for ambiguous: what to choose from
    intent: str = ""
    ms: float = 0.0
    id: str | None = None
    context: dict = field(default_factory=dict, compare=False, hash=False)


def to_dict(obj) -> dict:
    """Plain JSON-ready dict of any record above (tuples become lists)."""
    return asdict(obj)
