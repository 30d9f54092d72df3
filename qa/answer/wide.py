"""Questions whose scope is many documents (no unit named): candidates chosen store-side.

Up to `bound` documents in scope are answered as they always were: every one's facts ranked.
Past it, the catalog index (catalog_index.CatalogIndex.scores) offers the documents whose facts
have the question's keys (name bigrams, the unit asked), a rare key counting more, and those
scoring near the best are the candidates: no other document's facts are read. When there are
more than `bound` candidates (many units, or one unit's many years), only the best `RANKED` are
ranked (by their keys, then newest first), and an ambiguous figure among them is answered the
way an ambiguous unit is (`wide_answer`: a few of the fitting documents named, one per unit
first, the rest counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qa.answer.compose import say
from qa.answer.lookup import question_keys
from qa.answer.question import Question
from qa.answer.resolve import UNITS_SHOWN, DocInfo, labels, unit_of
from qa.types import Answer

# Documents in scope up to which every one is ranked (the seeds + wild index has 45), and
# candidates past which the question is too wide to rank them all.
BOUND = 64
# Candidates ranked when more than BOUND fit (the best by their keys, then the newest).
RANKED = 16
# A document whose keys score at least this share of the best one's is a candidate.
SHARE = 0.75


@dataclass(frozen=True)
class Candidates:
    """The documents a question is answered from, and every document that fits it."""

    docs: tuple[DocInfo, ...]
    ordered: tuple[DocInfo, ...] = ()  # every fitting one, best first; set only when too wide to rank them all

    @property
    def wide(self) -> bool:
        return bool(self.ordered)

    @cached_property
    def fitting(self) -> tuple[DocInfo, ...]:
        """Every fitting document, best first, the first of each unit ahead of the others."""
        return tuple(_spread(list(self.ordered)))


def choose(keys, q: Question, text: str | None, docs: list[DocInfo], bound: int = BOUND) -> Candidates:
    """The candidate documents of `docs` for the question (or `text`); every one of `docs`
    when they are few or there is no catalog index (`keys` None) to choose by."""
    if keys is None or len(docs) <= bound:
        return Candidates(tuple(docs))
    scores = keys.doc_scores(question_keys(q, text), [d.doc_id for d in docs])
    best = float(scores.max(initial=0.0))
    chosen = np.flatnonzero(scores >= SHARE * best) if best else np.arange(len(docs))
    if len(chosen) <= bound:
        return Candidates(tuple(docs[i] for i in chosen))
    # Best score first, then the newest, then by id.
    years = np.fromiter((docs[i].year or 0 for i in chosen), dtype=np.int64, count=len(chosen))
    ids = np.array([docs[i].doc_id for i in chosen])
    ordered = tuple(docs[chosen[i]] for i in np.lexsort((ids, -years, -scores[chosen])))
    return Candidates(ordered[:RANKED], ordered)


def _spread(docs: list[DocInfo]) -> list[DocInfo]:
    """`docs` with the first of each unit ahead of the others (a few named are of several units)."""
    seen: set[str] = set()
    first, rest = [], []
    for d in docs:
        (rest if unit_of(d) in seen else first).append(d)
        seen.add(unit_of(d))
    return first + rest


def wide_answer(c: Candidates) -> Answer:
    """The ambiguity answer over every fitting document: a few named, the others counted."""
    names = tuple(d.label for d in c.fitting[:UNITS_SHOWN])
    # The count is the answerer's own figure, not a document's: the grounding check is told so.
    return Answer("ambiguous", say("ambiguous", candidates=labels(list(c.fitting), "；")), candidates=names,
                  intent="ambiguous", context={"derived": (str(len(c.fitting)),)})
