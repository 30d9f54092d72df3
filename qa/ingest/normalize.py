"""Text normalisation shared by the loaders and importable by later stages.

Two kinds of helpers: *display* cleaning (markup out, spaced-out CJK labels
closed up, text otherwise as written) and *matching* normalisation
(`normalize_for_match`: full-width to half-width, spaces around CJK dropped,
traditional characters to simplified, pinyin glosses dropped) so that "785.85 万元",
"785.85万元", "７８５.８５万元" and "785.85萬(wàn)元" compare equal. Lines themselves are
never rewritten: quotes and line numbers cite the page as published.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import opencc

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOLD = re.compile(r"\*\*|__")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_DIGIT_CJK_GAP = re.compile(rf"(?<=[0-9%])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[0-9])")
_SPACES = re.compile(r"\s+")
_CELL_BORDER = re.compile(r"\s*\|$")
_NUMBER = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_OPERATOR_GAP = re.compile(r"([<>≤≥])\s+=")
# A pinyin gloss a mirror site put after a character: 經(jīng)費(fèi) (tone marks required, so an
# abbreviation such as (PPP) or (km) stays).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（][a-z{_TONED}]*[{_TONED}][a-z{_TONED}]*[)）]")
SENTENCE_END = "。！？；：:;!?"
FULL_STOP = "。！？!?"  # in hard-wrapped text a line may end at "；" or "：" by accident of width
_CLOSERS = "”’」』）)》】"


def strip_markup(text: str) -> str:
    """`text` without HTML tags (<b>, <p>, <br>…), markdown bold markers and entities."""
    return html.unescape(_BOLD.sub("", _TAG.sub("", text)))


def squeeze_cjk(text: str) -> str:
    """Drop whitespace between two CJK characters ("收  入  总  计" -> "收入总计"); keep others."""
    return _CJK_GAP.sub("", text)


def clean_cell(text: str) -> str:
    """A table cell as text: markup dropped, spaced-out CJK closed up, ends trimmed ("　" -> "")."""
    return squeeze_cjk(strip_markup(text)).strip()


def clean_line(text: str) -> str:
    """A line reduced to its words: markdown heading/list markers, markup and extra spaces removed;
    a paragraph a page wrapped as a table cell ("…增加。 |", then a line of a lone "|") loses
    its cell border."""
    text = strip_markup(text).strip()
    if not text.strip("|"):
        return ""
    if not text.startswith("|"):
        text = _CELL_BORDER.sub("", text)
    text = re.sub(r"^#{1,6}\s*", "", text)
    text = re.sub(r"^[-*•]\s+", "", text)
    return _SPACES.sub(" ", text).strip()


def heading_text(text: str) -> str:
    """Heading as shown in a section path: markup dropped, gaps next to CJK closed
    ("中心 2025 年" -> "中心2025年")."""
    text = squeeze_cjk(clean_line(text))
    return _DIGIT_CJK_GAP.sub("", text)


@cache
def _traditional_chars() -> frozenset[str]:
    """Characters OpenCC's t2s dictionary changes: text without any is left alone (fast path)."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, targets = line.partition("\t")
        if len(key) == 1 and targets.split(" ")[0] != key:
            chars.add(key)
    return frozenset(chars)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified(text: str) -> str:
    return _t2s().convert(text)


def to_simplified(text: str) -> str:
    """`text` in simplified characters (OpenCC t2s, phrase-aware); text with no traditional
    character is returned as is."""
    traditional = _traditional_chars()
    return _simplified(text) if any(c in traditional for c in text) else text


def strip_pinyin_glosses(text: str) -> str:
    """`text` without pinyin glosses inside words ("經(jīng)費(fèi)" -> "經費")."""
    return _PINYIN_GLOSS.sub("", text) if "(" in text or "（" in text else text


def normalize_for_match(text: str) -> str:
    """Canonical form for comparing text: NFKC (full-width digits/punctuation to half-width),
    markup dropped, pinyin glosses dropped, traditional characters to simplified, whitespace
    next to CJK removed, "> =" joined to ">=", other runs of spaces collapsed."""
    text = to_simplified(strip_pinyin_glosses(unicodedata.normalize("NFKC", strip_markup(text))))
    text = _OPERATOR_GAP.sub(r"\1=", text)
    text = re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text)
    return _SPACES.sub(" ", text).strip()


def parse_number(text: str) -> float | None:
    """The number written in `text` ("1,583.14" -> 1583.14, "１２.５%" -> 12.5, "<b>2.28</b>" -> 2.28),
    or None when `text` is not a plain number."""
    s = normalize_for_match(text).replace("−", "-").replace(" ", "")
    if not _NUMBER.match(s):
        return None
    return float(s.rstrip("%").replace(",", ""))


def is_number(text: str) -> bool:
    """True when `text` is a plain number (thousands separators and a trailing % allowed)."""
    return parse_number(text) is not None


def ends_sentence(text: str, marks: str = SENTENCE_END) -> bool:
    """True when `text` ends with one of `marks` (closing quotes/brackets ignored)."""
    s = text.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in marks


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one hard-wrapped sentence: no space in Chinese, one between Latin words."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return f"{left} {right}"
    return left + right


def display_width(text: str) -> int:
    """Width in half-width columns (a CJK character counts 2): how wide a line was on the page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_OPENERS, _CLOSING = "（(", "）)"


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost balanced （…）/(…) group of `text`, so that
    `text[start:end]` is the group with its brackets; nested groups stay inside their
    parent ("表（“为民办实事”工作经费（区级））：项目资金" -> one group, inner text
    "“为民办实事”工作经费（区级）"). Full- and half-width brackets pair with either kind;
    an unclosed group is dropped."""
    groups, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in _OPENERS:
            if depth == 0:
                start = i
            depth += 1
        elif c in _CLOSING and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups
