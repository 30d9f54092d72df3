"""Small functions: no function, closure or method of any module of the answer stage (qa/answer,
the kinds included) or the extraction stages (qa/facts, qa/ingest) above cyclomatic complexity 15
(radon's measure)."""

from __future__ import annotations

from pathlib import Path

import pytest

visitors = pytest.importorskip("radon.visitors", reason="radon measures the complexity (pip install radon)")

QA = Path(__file__).resolve().parents[1] / "qa"
STAGES = ("answer", "facts", "ingest")
LIMIT = 15
HELD = sorted(str(p.relative_to(QA)) for stage in STAGES for p in (QA / stage).rglob("*.py"))


def _blocks(path: Path):
    v = visitors.ComplexityVisitor.from_code(path.read_text(encoding="utf-8"))
    for f in v.functions:
        yield f.name, f.complexity
        yield from ((f"{f.name}.{c.name}", c.complexity) for c in f.closures)
    yield from ((f"{c.name}.{m.name}", m.complexity) for c in v.classes for m in c.methods)


@pytest.mark.parametrize("name", HELD)
def test_no_function_above_the_limit(name):
    path = QA / name
    over = [(f, c) for f, c in _blocks(path) if c > LIMIT]
    assert not over, f"{path}: above cyclomatic complexity {LIMIT}: {over}"


def test_every_stage_is_held():
    assert {name.split("/")[0] for name in HELD} == set(STAGES)
    assert {"answer/lookup.py", "facts/text_facts.py", "ingest/header.py"} <= set(HELD)


def test_the_measure_sees_a_branchy_function():
    src = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(LIMIT + 1)) + "    return -1\n"
    v = visitors.ComplexityVisitor.from_code(src)
    assert v.functions[0].complexity > LIMIT
