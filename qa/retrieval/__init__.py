"""Hybrid retrieval: FAISS over e5 embeddings + BM25 over number-aware jieba tokens.

Public API: `get_embedder`, `build_retrieval`, `Searcher` (see docs/ARCHITECTURE.md).
"""

from qa.retrieval.build import build_retrieval
from qa.retrieval.embedders import get_embedder
from qa.retrieval.searcher import Searcher

__all__ = ["Searcher", "build_retrieval", "get_embedder"]
