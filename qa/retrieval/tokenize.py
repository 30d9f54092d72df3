"""Number-aware Chinese tokens for BM25: jieba with the domain dictionary.

Why not a generic tokenizer: bm25s's default splits `123.5万元` in the middle and
jieba alone splits `1,583.14` at the comma and `“三公”经费` at the quotes. Here
numbers are cut out first and kept whole (thousands separators dropped, so the
table's `1583.14` and the narrative's `1,583.14` meet), codes such as 2080101 or
30201 stay one token, full-width forms are folded (NFKC) and jieba only ever sees
the text between numbers, with metric names, classification names and issuers
from qa/lexicon loaded as user words so 三公经费 / 机关运行经费 / 一般公共预算
stay whole. The dictionary words inside a long word are emitted too, so a question
that says 运行经费 still meets 机关运行经费, and an alias also yields its canonical
name (巴州 -> 巴音郭楞蒙古自治州, 招待费 -> 公务接待费).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable

import jieba

from qa import lexicon

# A number as written in the disclosures: 1,583.14 / 123.5 / 2080101. A trailing % is
# left out so "下降46.85%" and a question saying "46.85" meet.
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# Quotes are dropped, not turned into separators, so “三公”经费 reads 三公经费.
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
# A token with no letter, digit or CJK character is punctuation or space.
_WORDY = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
# Function words that occur in every chunk; they only add noise to BM25 scores.
STOPWORDS = frozenset(["的", "了", "是", "在", "为", "与", "及", "和", "或", "对", "将", "其", "等", "其中", "以", "按", "由", "于", "之", "个", "本", "该", "这", "上述", "如下"])
# Very long inputs (a pasted page) are cut: beyond this many tokens a query adds nothing.
MAX_QUERY_TOKENS = 256


def normalize(text: str) -> str:
    """NFKC-fold full-width digits/letters/punctuation, lower-case, drop quotes."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text)).lower()


def has_content(text: str) -> bool:
    """True when `text` holds a letter, digit or CJK character (not only punctuation/space)."""
    return bool(text) and bool(_WORDY.search(normalize(text)))


def lexicon_words() -> dict[str, str]:
    """Domain words for jieba, each mapped to its canonical form ("" when it is one).

    Metric names and aliases (an alias maps to its metric), classification names,
    issuer names and aliases. Each lexicon file may be missing or half-written while
    others edit it; whatever parses is used.
    """
    words: dict[str, str] = {}
    for name, extract in (("metrics", _metric_words), ("classification", _class_words), ("issuers", _issuer_words)):
        try:
            for word, canonical in extract(lexicon.load(name)):
                word, canonical = normalize(word).strip(), normalize(canonical).strip()
                # jieba user words need two characters and no spaces to be useful.
                if len(word) >= 2 and " " not in word:
                    words.setdefault(word, "" if canonical == word else canonical)
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            continue
    return dict(sorted(words.items()))


def _metric_words(data) -> Iterable[tuple[str, str]]:
    for m in data.get("metrics", []):
        name = m.get("name", "")
        yield name, name
        yield from ((a, name) for a in m.get("aliases", []))


def _class_words(data) -> Iterable[tuple[str, str]]:
    for table in data.values():
        if isinstance(table, dict):
            yield from ((v, v) for v in table.values() if isinstance(v, str))


def _issuer_words(data) -> Iterable[tuple[str, str]]:
    for key in ("regions", "organisations"):
        for entry in data.get(key, []):
            name = entry.get("name", "")
            yield name, name
            yield from ((a, name) for a in entry.get("aliases", []))


class Tokenizer:
    """jieba (own instance, so other users of the global jieba are untouched) + number rules.

    `user_words` maps each domain word to its canonical form ("" for itself); both
    are emitted, so 巴州 in a question meets 巴音郭楞蒙古自治州 in a chunk.
    """

    def __init__(self, user_words: dict[str, str] | None = None):
        self.user_words = lexicon_words() if user_words is None else dict(sorted(user_words.items()))
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for w in {*self.user_words, *(c for c in self.user_words.values() if c)}:
            # A high frequency makes jieba prefer the whole domain word over its parts.
            self._jieba.add_word(w, freq=200_000)

    @property
    def signature(self) -> dict:
        """What a BM25 index must record so queries are tokenised exactly like its chunks."""
        text = "\n".join(f"{w}\t{c}" for w, c in self.user_words.items())
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        return {"name": "jieba+subwords+numbers", "jieba": jieba.__version__, "user_words": digest}

    def dump(self) -> str:
        """The user words as "word<TAB>canonical" lines (read back by `from_dump`)."""
        return "\n".join(f"{w}\t{c}" for w, c in self.user_words.items())

    @classmethod
    def from_dump(cls, text: str) -> Tokenizer:
        """The tokenizer an index was built with, from its saved user words."""
        pairs = (line.split("\t", 1) for line in text.splitlines() if line.strip())
        return cls({p[0]: p[1] if len(p) > 1 else "" for p in pairs})

    def tokenize(self, text: str) -> list[str]:
        """Tokens of `text`: whole numbers, words with their dictionary sub-words, canonical forms."""
        text = normalize(text)
        tokens: list[str] = []
        pos = 0
        for m in _NUMBER.finditer(text):
            tokens.extend(self._words(text[pos : m.start()]))
            number = m.group().replace(",", "")
            tokens.append(number)
            # "2.00" in a table also answers to "2": the short form is emitted beside it.
            short = number.rstrip("0").rstrip(".") if "." in number else number
            if short != number and short:
                tokens.append(short)
            pos = m.end()
        tokens.extend(self._words(text[pos:]))
        return tokens

    def _words(self, text: str) -> list[str]:
        if not text.strip():
            return []
        out: list[str] = []
        for word in self._jieba.cut(text, HMM=False):
            if word in STOPWORDS or not _WORDY.search(word):
                continue
            out.append(word)
            out.extend(self._parts(word))
            canonical = self.user_words.get(word)
            if canonical:
                out.append(canonical)
        return out

    def _parts(self, word: str) -> list[str]:
        """Dictionary words inside `word` (jieba's search mode stops at 3 characters;
        财政拨款三公经费 must also yield 三公经费)."""
        n = len(word)
        freq = self._jieba.FREQ
        return [word[i : i + k] for k in range(2, n) for i in range(n - k + 1) if freq.get(word[i : i + k])]
