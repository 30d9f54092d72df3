"""Kinds of answer as declared handlers.

qa/lexicon/answer_kinds.json lists the kinds in the order they are tried and what
triggers each (intents of the question, the fact's aspect); each kind is one module
here exposing `NAME` and `answer(ctx) -> Answer | None`. `load_kinds(group)` reads the
file once into typed records, checking every entry: a malformed one fails at load
with the file and the key named. Adding a kind is an entry there, a module here and
its template in prompts/answers.json.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa import lexicon
from qa.answer.compose import wording

KINDS_FILE = lexicon.LEXICON_DIR / "answer_kinds.json"
GROUPS = ("question_kinds", "fact_kinds")
_WHEN_KEYS = ("intents_any", "intents_none", "aspects", "or_fields")
_ENTRY_KEYS = {"name", "when", "templates", "words"}


class KindError(ValueError):
    """A malformed entry of the kinds file; the message names the file and the key."""


@dataclass(frozen=True)
class When:
    """What triggers a kind: intents of the question, the aspect or a field of the fact."""

    intents_any: frozenset[str] = frozenset()
    intents_none: frozenset[str] = frozenset()
    aspects: frozenset[str] = frozenset()
    or_fields: tuple[str, ...] = ()

    def fits(self, intents: set[str], fact=None) -> bool:
        """True when `intents` (and the fact, for a fact kind) trigger the kind."""
        if self.intents_any and not intents & self.intents_any:
            return False
        if intents & self.intents_none:
            return False
        return fact is None or self._fits_fact(fact)

    def _fits_fact(self, fact) -> bool:
        if not self.aspects:
            return True
        return fact.aspect in self.aspects or any(getattr(fact, f) for f in self.or_fields)


@dataclass(frozen=True)
class Kind:
    """One kind of answer: its name, its place in the declared order, its trigger, its handler."""

    name: str
    order: int
    when: When
    templates: tuple[str, ...]
    answer: Callable
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the domain words the module reads


@dataclass(frozen=True)
class Ctx:
    """What a question kind answers from: the turn (question, words, scope, follow-up hint),
    the documents in scope, the facts ranked for it, and the answerer's parts."""

    turn: Any
    docs: list
    ranked: list
    answerer: Any


@dataclass(frozen=True)
class FactCtx:
    """What a fact kind words: the question, the best fact and the ranking it won, the
    other statements of the same figure, and the metric, period and unit to say."""

    q: Any
    top: Any
    ranked: list
    figures: Any
    facts: list
    citations: list
    metric: str
    period: str

    @property
    def fact(self):
        return self.top.fact


@cache
def load_kinds(group: str, path: Path = KINDS_FILE) -> tuple[Kind, ...]:
    """The kinds of `group` ("question_kinds" or "fact_kinds") in their declared order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise KindError(f"{path}: unreadable ({e})") from e
    entries = data.get(group) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise KindError(f"{path}: {group}: a non-empty list of kinds is required")
    kinds = tuple(_kind(entry, order, f"{path}: {group}[{order}]") for order, entry in enumerate(entries))
    names = [k.name for k in kinds]
    if len(set(names)) != len(names):
        raise KindError(f"{path}: {group}: a kind is declared twice ({names})")
    return kinds


def _kind(entry, order: int, where: str) -> Kind:
    if not isinstance(entry, dict) or set(entry) - _ENTRY_KEYS or "name" not in entry:
        raise KindError(f"{where}: an object with keys {sorted(_ENTRY_KEYS)} and a name is required")
    name = entry["name"]
    module = _module(name, f"{where}.name")
    templates = tuple(_strings(entry.get("templates", []), f"{where}.templates"))
    missing = [t for t in templates if t not in wording()]
    if missing:
        raise KindError(f"{where}.templates: {missing} not in prompts/answers.json")
    return Kind(name, order, _when(entry.get("when", {}), f"{where}.when"), templates, module.answer,
                _words(entry.get("words", {}), f"{where}.words"))


def _words(words, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(words, dict):
        raise KindError(f"{where}: an object of word lists is required")
    return {k: tuple(_strings(v, f"{where}.{k}")) for k, v in words.items() if not k.startswith("_")}


def _module(name, where: str):
    if not isinstance(name, str) or not name.isidentifier():
        raise KindError(f"{where}: {name!r} is not a module name")
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:
        raise KindError(f"{where}: no module qa/answer/kinds/{name}.py") from e
    if getattr(module, "NAME", None) != name or not callable(getattr(module, "answer", None)):
        raise KindError(f"{where}: qa/answer/kinds/{name}.py must expose NAME = {name!r} and answer(ctx)")
    return module


def _when(when, where: str) -> When:
    if not isinstance(when, dict) or set(when) - set(_WHEN_KEYS):
        raise KindError(f"{where}: an object with keys among {list(_WHEN_KEYS)} is required")
    fields = {k: _strings(when.get(k, []), f"{where}.{k}") for k in _WHEN_KEYS}
    known = set(lexicon.load("questions")["intents"])
    for key in ("intents_any", "intents_none"):
        unknown = [i for i in fields[key] if i not in known]
        if unknown:
            raise KindError(f"{where}.{key}: unknown intents {unknown} (questions.json intents)")
    return When(frozenset(fields["intents_any"]), frozenset(fields["intents_none"]),
                frozenset(fields["aspects"]), tuple(fields["or_fields"]))


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KindError(f"{where}: a list of non-empty strings is required")
    return value


def kind_words(name: str) -> dict[str, tuple[str, ...]]:
    """The words the kinds file declares for kind `name` (its module reads them, not code)."""
    kind = next((k for group in GROUPS for k in load_kinds(group) if k.name == name), None)
    if kind is None:
        raise KindError(f"{KINDS_FILE}: no kind {name!r}")
    return kind.words


def first_answer(kinds: tuple[Kind, ...], ctx, intents: set[str], fact=None):
    """The answer of the first kind, in declared order, that `intents` (and `fact`) trigger and that answers."""
    for kind in kinds:
        if kind.when.fits(intents, fact):
            answer = kind.answer(ctx)
            if answer is not None:
                return answer
    return None
