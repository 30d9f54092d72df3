"""Small functions in the answer stage: no function or method of any module of qa/answer
(the kinds included) above cyclomatic complexity 15 (radon's measure)."""

from __future__ import annotations

from pathlib import Path

import pytest

visitors = pytest.importorskip("radon.visitors", reason="radon measures the complexity (pip install radon)")

ANSWER = Path(__file__).resolve().parents[1] / "qa" / "answer"
LIMIT = 15
HELD = sorted(str(p.relative_to(ANSWER)) for p in ANSWER.rglob("*.py"))


def _blocks(path: Path):
    v = visitors.ComplexityVisitor.from_code(path.read_text(encoding="utf-8"))
    yield from ((f.name, f.complexity) for f in v.functions)
    yield from ((f"{c.name}.{m.name}", m.complexity) for c in v.classes for m in c.methods)


@pytest.mark.parametrize("name", HELD)
def test_no_function_above_the_limit(name):
    path = ANSWER / name
    over = [(f, c) for f, c in _blocks(path) if c > LIMIT]
    assert not over, f"{path}: above cyclomatic complexity {LIMIT}: {over}"


def test_the_measure_sees_a_branchy_function():
    src = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(LIMIT + 1)) + "    return -1\n"
    v = visitors.ComplexityVisitor.from_code(src)
    assert v.functions[0].complexity > LIMIT
