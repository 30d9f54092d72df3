"""No cue words in the answer stage's code (issue #12): every Chinese word a module of qa/answer
(the kinds included) matches or says lives in the lexicon (qa/lexicon/*.json) or in
prompts/answers.json, loaded into module-level constants. A string constant of the code that is
not a docstring may hold only the structural tokens below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ANSWER = Path(__file__).resolve().parents[1] / "qa" / "answer"
HELD = sorted(str(p.relative_to(ANSWER)) for p in ANSWER.rglob("*.py"))
CJK = re.compile("[\u3400-\u9fff]")

# Structural tokens, no domain words: what the code may still write.
ALLOWED_WORDS = (
    "年度",  # a year as written (2024年度), read by the year regexes
    "年",  # a year (2024年) and a year blanked out of a question
    "月",  # a date after a short year (24年6月 is no year asked)
    "的",  # the particle joining a name's parts (X的Y), dropped and split on
)
ALLOWED_CHARS = (
    "一二三四五六七八九十"  # Chinese numerals of enumeration marks (一、, (二)) and numeral years
    "\u4e00\u9fff\u3400"  # ends of the CJK ranges of character classes ([一-鿿])
)
_STRIP = re.compile("|".join([*map(re.escape, ALLOWED_WORDS), f"[{ALLOWED_CHARS}]"]))


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, nodes) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)}


def cue_words(source: str) -> list[tuple[int, str]]:
    """(line, string) of each string constant of `source`, docstrings aside, holding a CJK
    character that is not one of the ALLOWED tokens."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and CJK.search(_STRIP.sub("", n.value))]


@pytest.mark.parametrize("name", HELD)
def test_no_cue_words_in_code(name):
    found = cue_words((ANSWER / name).read_text(encoding="utf-8"))
    assert not found, f"qa/answer/{name}: domain words in code (move them to qa/lexicon or prompts): {found}"


def test_the_scan_sees_a_cue_word_and_spares_structure():
    src = ('"""文档说明。"""\n'
           'def f(t):\n    """预算"""\n    return "包括" in t or t.endswith("年度") or "的" in t\n'
           'X = r"(\\d{2})年(?![\\d月])[一-\u9fff]{2}[一二三]、"\n'
           'Y = f"{X}比率"\n')
    assert sorted(s for _, s in cue_words(src)) == ["包括", "比率"]
