"""Administrative divisions of China (province > city > county > town) from jionlp's
bundled, offline data, and the place named at the start of a name ("浙江省宁波市镇海龙赛医院"
-> 镇海区 with parents 浙江省 / 宁波市).

Forms: every full name, a prefecture's short form + 州 (凉山州 for 凉山彝族自治州), and
short forms (镇海, 广东) for provinces or under a parent already named. A town (镇/街道/乡)
counts only under its county named just before it: town names repeat across China.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from qa.ingest.script import jionlp

LEVELS = ("province", "city", "county", "town")
_MAX_FORM = 16


@dataclass(frozen=True)
class Place:
    path: tuple[str, ...]  # full names from the province down ("广东省", "深圳市", "罗湖区")

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def level(self) -> str:
        return LEVELS[len(self.path) - 1]


@cache
def _index() -> dict[str, list[tuple[Place, bool]]]:
    """form -> [(place, is a short form)]."""
    index: dict[str, list[tuple[Place, bool]]] = {}

    def add(form: str, place: Place, short: bool) -> None:
        if len(form) >= 2:
            index.setdefault(form, []).append((place, short))

    def walk(node: dict, path: tuple[str, ...]) -> None:
        for key, child in node.items():
            if key.startswith("_") or not isinstance(child, dict):
                continue
            full = child.get("_full_name", key)
            here = path if path and path[-1] == full else (*path, full)  # 上海市 > 上海市
            place = Place(here)
            add(full, place, False)
            aliases = child.get("_alias") or []
            for alias in [aliases] if isinstance(aliases, str) else aliases:
                if alias != full:
                    add(alias, place, True)
                    if full.endswith("州") and not alias.endswith("州"):
                        add(alias + "州", place, False)
            if len(here) < len(LEVELS):
                walk(child, here)

    walk(jionlp().china_location_loader(detail=True), ())
    return index


def place_at_start(text: str) -> tuple[Place | None, int]:
    """The most specific place named at the start of `text` by a chain of division names,
    and how many characters the chain takes; (None, 0) when it names none or is ambiguous."""
    index = _index()
    found: Place | None = None
    pos = 0
    while pos < len(text):
        step = _next(index, text, pos, found)
        if step is None:
            break
        found, pos = step
    return found, pos


def _next(index, text: str, pos: int, parent: Place | None) -> tuple[Place, int] | None:
    """The longest division form at `pos` that fits under `parent` (or opens a chain)."""
    for end in range(min(len(text), pos + _MAX_FORM), pos + 1, -1):
        entries = index.get(text[pos:end], [])
        fits = [p for p, short in entries if _fits(p, short, parent)]
        if not fits:
            continue
        if parent is None:
            top = min(len(p.path) for p in fits)
            fits = [p for p in fits if len(p.path) == top]
        if len({p.path for p in fits}) == 1:
            return fits[0], end
        return None  # ambiguous: several divisions share this name
    return None


def _fits(place: Place, short: bool, parent: Place | None) -> bool:
    if parent is None:
        return place.level != "town" and (not short or place.level == "province")
    return len(place.path) > len(parent.path) and place.path[: len(parent.path)] == parent.path


def short_forms(place: Place) -> tuple[str, ...]:
    """The forms a question may use for `place` (full name, short form, short form + 州)."""
    index = _index()
    return tuple(sorted({form for form, entries in index.items() for p, _ in entries if p == place}, key=len))


def question_forms() -> dict[str, tuple[str, ...]]:
    """The forms a question may name a place of China in, at county level and above: "names",
    full names of three or more characters (a two-character full name such as 城区 or 和县 is
    too often part of other words), and "short" forms of provinces and cities (北京, 昆明);
    a county's short form (公安 for 公安县) is a common word and is left out."""
    names, short_forms_ = set(), set()
    for form, entries in _index().items():
        for place, short in entries:
            if place.level == "town":
                continue
            if not short and len(form) >= 3:
                names.add(form)
            elif short and place.level in ("province", "city"):
                short_forms_.add(form)
    return {"names": tuple(sorted(names)), "short": tuple(sorted(short_forms_ - names))}
