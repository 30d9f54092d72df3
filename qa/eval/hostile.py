"""Hostile questions: a deterministic, seeded generator of inputs no user should be answered
with a figure for (garbage, injections, absent years and units), plus their legitimate
neighbours (corpus slices, traditional characters, real questions) for contrast.

`generate(n, seed, corpus_dir)` returns `n` cases spread evenly over `CATEGORIES`; the same
arguments always give the same list. `must_refuse` marks the categories whose answer must
never be `answered` with a value. Used by bench/bench_hostile.py and tests/test_hostile.py.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qa import lexicon

HUGE_CHARS = 100_000


@dataclass(frozen=True)
class Case:
    category: str
    text: str
    must_refuse: bool


@cache
def words() -> dict:
    return json.loads((Path(__file__).with_name("hostile.json")).read_text(encoding="utf-8"))


def _pick(rng: random.Random, key: str) -> str:
    return rng.choice(words()[key])


def _empty(rng: random.Random, _lines) -> str:
    return "".join(rng.choice(["", " ", "\t", "\n", "\u3000", "\r\n"]) for _ in range(rng.randint(0, 6)))


def _huge(rng: random.Random, lines) -> str:
    unit = rng.choice(["啊", "a", "9", "三公经费", "。", rng.choice(lines) if lines else "预算"])
    return (unit * (HUGE_CHARS // len(unit) + 1))[:HUGE_CHARS]


def _controls(rng: random.Random, _lines) -> str:
    return "".join(_pick(rng, "controls") for _ in range(rng.randint(1, 12)))


def _surrogates(rng: random.Random, _lines) -> str:
    lone = [chr(rng.randint(0xD800, 0xDFFF)) for _ in range(rng.randint(1, 4))]
    return "".join(lone) + rng.choice(["", "?", "2700", " "])


def _nul(rng: random.Random, _lines) -> str:
    return "\x00" * rng.randint(1, 64) + rng.choice(["", "\x00abc", "123"])


def _injection(rng: random.Random, _lines) -> str:
    return _pick(rng, "injections") * rng.randint(1, 3)


def _path(rng: random.Random, _lines) -> str:
    return _pick(rng, "paths")


def _traditional(rng: random.Random, _lines) -> str:
    """A real question in traditional characters (the lexicon's mapping, read backwards)."""
    table = lexicon.load("questions")["traditional"]
    back = str.maketrans(table["to"], table["from"])
    return rng.choice(words()["legit"])[0].translate(back)


def _bare_digits(rng: random.Random, _lines) -> str:
    forms = [str(rng.randint(0, 10_000)), f"{rng.randint(0, 99_999)}.{rng.randint(0, 99):02d}",
             f"{rng.randint(1, 9_999):,}.{rng.randint(0, 99)}", str(-rng.randint(1, 5_000)),
             str(rng.randint(0, 9_999)).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
             f" {rng.randint(0, 999)} ", f"{rng.randint(0, 100)}%"]
    return rng.choice(forms)


def _digit_string(rng: random.Random, _lines) -> str:
    n = rng.randint(6, 40)
    return "".join(rng.choice("0123456789") for _ in range(n)) + rng.choice(["", "?", "？", "。"])


def _absurd_year(rng: random.Random, _lines) -> str:
    year = rng.choice(["0", "-1", "1900", "9999", "2025.5", str(10 ** 20), str(rng.randint(1, 1948)),
                       str(rng.randint(2101, 99_999)), f"{rng.randint(2000, 2030)}.{rng.randint(1, 9)}",
                       str(-rng.randint(2, 3000)), "二〇五〇"])
    unit = rng.choice(["", *words()["corpus_units"]])
    return rng.choice([f"{year}年{unit}{_pick(rng, 'metrics')}", f"{unit}{year}年{_pick(rng, 'metrics')}",
                       f"{year}年"])


def _absent_unit(rng: random.Random, _lines) -> str:
    unit = rng.choice([_pick(rng, "absent_places") + _pick(rng, "absent_departments"), _pick(rng, "absent_units_alone")])
    year = rng.choice(["", "2022年", "2023年", "2024年", "2025年"])
    return rng.choice([f"{unit}{year}{_pick(rng, 'metrics')}", f"{year}{unit}{_pick(rng, 'metrics')}",
                       f"请问{unit}{year}的{_pick(rng, 'metrics')}"])


def _unsuffixed_unit(rng: random.Random, _lines) -> str:
    unit, year, metric = _pick(rng, "unsuffixed_units"), rng.choice(["2022年", "2024年", "2025年"]), _pick(rng, "metrics")
    return rng.choice([f"{unit}{year}{metric}", f"{year}{unit}{metric}", f"{unit}的{metric}"])


def _no_metric(rng: random.Random, _lines) -> str:
    return _pick(rng, "no_metric")


def _corpus_slice(rng: random.Random, lines) -> str:
    if not lines:
        return "预算"
    line = rng.choice(lines)
    start = rng.randint(0, max(0, len(line) - 2))
    return line[start:start + rng.randint(2, 30)]


def _line_fragment(rng: random.Random, lines) -> str:
    if not lines:
        return "预算"
    a, b = rng.choice(lines), rng.choice(lines)
    return a[: rng.randint(1, len(a))] + b[rng.randint(0, len(b) - 1):]


def _punctuation(rng: random.Random, _lines) -> str:
    return _pick(rng, "punctuation") * rng.randint(1, 200)


def _emoji(rng: random.Random, _lines) -> str:
    return "".join(_pick(rng, "emoji") for _ in range(rng.randint(1, 20)))


def _foreign_script(rng: random.Random, _lines) -> str:
    return _pick(rng, "foreign_scripts")


def _mixed_script(rng: random.Random, _lines) -> str:
    legit = rng.choice(words()["legit"])[0]
    cut = rng.randint(0, len(legit))
    return legit[:cut] + _pick(rng, "foreign_scripts") + _pick(rng, "emoji") + legit[cut:]


def _legit(rng: random.Random, _lines) -> str:
    return rng.choice(words()["legit"])[0]


# name -> (generator, must_refuse)
CATEGORIES: dict[str, tuple[Callable[[random.Random, list[str]], str], bool]] = {
    "empty": (_empty, True),
    "huge": (_huge, False),
    "control": (_controls, True),
    "surrogate": (_surrogates, True),
    "nul": (_nul, True),
    "injection": (_injection, True),
    "path": (_path, True),
    "traditional": (_traditional, False),
    "bare_digits": (_bare_digits, True),
    "digit_string": (_digit_string, True),
    "absurd_year": (_absurd_year, True),
    "absent_unit": (_absent_unit, True),
    "unsuffixed_unit": (_unsuffixed_unit, False),
    "no_metric": (_no_metric, True),
    "corpus_slice": (_corpus_slice, False),
    "line_fragment": (_line_fragment, False),
    "punctuation": (_punctuation, True),
    "emoji": (_emoji, True),
    "foreign_script": (_foreign_script, True),
    "mixed_script": (_mixed_script, False),
    "legit": (_legit, False),
}


def corpus_lines(corpus_dir: Path | str | None) -> list[str]:
    """Non-empty lines of the corpus's .txt files (sorted, so the sample is reproducible)."""
    if corpus_dir is None:
        return []
    out: list[str] = []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        out += [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return out


def generate(n: int = 10_000, seed: int = 0, corpus_dir: Path | str | None = None) -> list[Case]:
    """`n` cases, category by category in turn, from one seeded generator."""
    rng = random.Random(seed)
    lines = corpus_lines(corpus_dir)
    names = list(CATEGORIES)
    cases = []
    for i in range(n):
        name = names[i % len(names)]
        make, must_refuse = CATEGORIES[name]
        cases.append(Case(name, make(rng, lines), must_refuse))
    return cases


def gives_figure(answer) -> bool:
    """An answer that states a figure: answered with a value."""
    return answer.status == "answered" and answer.value is not None
