"""Two baselines run on the same questions as our system, so every figure has a yardstick.

- naive_rag: what a typical RAG tutorial builds — the raw file text cut into fixed
  500-character windows (50 overlap), the same e5 model, FAISS top-k;
- bm25: BM25 over the same windows with plain jieba tokens.
Both answer the same way: the number nearest after one of the question's keywords
in the top window, citing that window's lines; no keyword in the window = not found.
They never see the document structure, the fact store or the lexicon — that is the
point of comparing against them.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import faiss
import jieba
import numpy as np

from qa.eval.numbers import fold, numbers_in

CHUNK_CHARS = 500
OVERLAP = 50
BM25_K1, BM25_B = 1.5, 0.75
# Question words that say what is asked, not about what: never used as keywords.
_QUESTION_WORDS = frozenset(["多少", "什么", "哪些", "哪几", "几个", "为什么", "为何", "是否", "怎么", "如何", "请问", "一下", "呢", "吗", "多少钱", "是", "的", "了", "有", "和", "与", "年", "比", "中", "里"])
# A year ("2024年") or a list number ("1、") is not an answer.
_NOT_ANSWER = re.compile(r"^(?:年|、|\.\D|月|日)")
_UNITS = ("亿元", "万元", "元", "%", "平方米", "万人次", "人次", "人", "辆", "个", "次", "件", "份", "天", "小时")
WINDOW = 80
# How far before a number a keyword may end to count as "near" it.
NEAR = 60


@dataclass(frozen=True)
class Window:
    """A fixed-size slice of a corpus file and the lines it spans."""

    doc: str
    line_start: int
    line_end: int
    text: str


def fixed_windows(corpus_dir: Path, size: int = CHUNK_CHARS, overlap: int = OVERLAP) -> list[Window]:
    """Every .txt file cut into `size`-character windows overlapping by `overlap`."""
    out: list[Window] = []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        for a in range(0, max(len(text) - overlap, 1), size - overlap):
            b = min(a + size, len(text))
            line_a = bisect.bisect_right(starts, a)
            line_b = bisect.bisect_right(starts, max(a, b - 1))
            out.append(Window(path.stem, line_a, line_b, text[a:b]))
    return out


def keywords(question: str) -> list[str]:
    """Content words of a question (jieba), longest first."""
    words = {w for w in jieba.lcut(fold(question)) if len(w) >= 2 and w not in _QUESTION_WORDS and not w.isdigit()}
    return sorted(words, key=len, reverse=True)


def answer_from(question: str, window: Window | None) -> dict:
    """A `qa ask`-shaped answer: the number right after the question's keywords in the window."""
    if window is None:
        return {"status": "not_found", "answer": "", "value": None, "unit": None, "citations": []}
    text = fold(window.text)
    found = {k: [m.end() for m in re.finditer(re.escape(k), text)] for k in keywords(question)}
    marks = [e for ends in found.values() for e in ends]
    if not marks:
        return {"status": "not_found", "answer": "", "value": None, "unit": None, "citations": []}
    # The number preceded (within NEAR characters) by the most distinct keywords, then the closest.
    best: tuple[tuple[int, int], float, str] | None = None
    for value, start, end in numbers_in(text):
        after = text[end:end + 4].lstrip()
        if _NOT_ANSWER.match(after):
            continue
        near = [min(start - e for e in ends if 0 <= start - e <= NEAR) for ends in found.values()
                if any(0 <= start - e <= NEAR for e in ends)]
        if not near:
            continue
        key = (-len(near), min(near))
        if best is None or key < best[0]:
            best = (key, value, next((u for u in _UNITS if after.startswith(u)), ""))
    first = min(marks)
    snippet = text[max(0, first - WINDOW): first + WINDOW]
    cite = {"doc": window.doc, "line_start": window.line_start, "line_end": window.line_end, "quote": snippet}
    # The passage is the citation's quote; the answer itself is only the picked number.
    if best is None:
        return {"status": "answered", "answer": "", "value": None, "unit": None, "citations": [cite]}
    return {"status": "answered", "answer": f"{best[1]:g}{best[2]}", "value": best[1], "unit": best[2] or None, "citations": [cite]}


class DenseBaseline:
    """Fixed windows embedded with the same e5 model, exact inner-product FAISS search.

    Window and query vectors are cached on disk by model and text: embedding is the
    slow part (~0.1 s a query on two cores), and a rerun on the same corpus and
    questions then embeds nothing.
    """

    def __init__(self, windows: list[Window], embedder, cache_dir: Path):
        self.windows = windows
        self.embedder = embedder
        self.cache_dir = Path(cache_dir)
        model = hashlib.sha256(embedder.model_id.encode()).hexdigest()[:12]
        self._query_path = self.cache_dir / f"naive_rag-queries-{model}.npz"
        self._queries = self._load_queries()
        self._new_queries = False
        vectors = self._window_vectors(model)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    def _window_vectors(self, model: str) -> np.ndarray:
        h = hashlib.sha256(model.encode())
        for w in self.windows:
            h.update(w.text.encode("utf-8") + b"\0")
        path = self.cache_dir / f"naive_rag-windows-{h.hexdigest()[:16]}.npy"
        if path.is_file():
            return np.load(path)
        vectors = self.embedder.embed_passages([w.text for w in self.windows])
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors

    def _load_queries(self) -> dict[str, np.ndarray]:
        if not self._query_path.is_file():
            return {}
        with np.load(self._query_path) as z:
            return dict(zip(z["texts"].tolist(), z["vectors"], strict=True))

    def save_queries(self) -> None:
        """Write the query vectors embedded during this run to the cache."""
        if self._new_queries and self._queries:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            texts = list(self._queries)
            np.savez(self._query_path, texts=np.array(texts), vectors=np.stack([self._queries[t] for t in texts]))
            self._new_queries = False

    def search(self, question: str, k: int = 5) -> list[Window]:
        vec = self._queries.get(question)
        if vec is None:
            vec = self._queries[question] = self.embedder.embed_query(question)
            self._new_queries = True
        _, ids = self.index.search(vec[None, :], k)
        return [self.windows[i] for i in ids[0] if i >= 0]


class BM25Baseline:
    """Okapi BM25 over plain jieba tokens of the same windows (written here to stay independent)."""

    def __init__(self, windows: list[Window], k1: float = BM25_K1, b: float = BM25_B):
        self.windows = windows
        self.k1, self.b = k1, b
        self.tfs = [Counter(_tokens(w.text)) for w in windows]
        self.lengths = np.array([sum(tf.values()) for tf in self.tfs], dtype=float)
        self.avg = float(self.lengths.mean()) if len(windows) else 1.0
        df = Counter(t for tf in self.tfs for t in tf)
        n = len(windows)
        self.idf = {t: math.log1p((n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def search(self, question: str, k: int = 5) -> list[Window]:
        scores = np.zeros(len(self.windows))
        for t in set(_tokens(question)):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, tf in enumerate(self.tfs):
                f = tf.get(t)
                if f:
                    scores[i] += idf * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg))
        order = [i for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
        return [self.windows[i] for i in order]


def _tokens(text: str) -> list[str]:
    return [t for t in jieba.lcut(fold(text)) if t.strip() and re.search(r"\w", t)]
