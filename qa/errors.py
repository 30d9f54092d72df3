"""One error family: every user-facing failure is a QAError with a Chinese message
that says what to do. The CLI and the app print `str(err)`; never a stack trace."""

import os


class QAError(Exception):
    """Base of every error a user may see."""

    code = "error"


class DocumentError(QAError):
    """A corpus file could not be read or holds no recognisable disclosure."""

    code = "bad_document"

    def __init__(self, path: str, reason: str):
        super().__init__(f"文档 {path} 无法读取：{reason}")
        self.path = path
        self.reason = reason


class IndexMissingError(QAError):
    code = "index_missing"

    def __init__(self, index_dir: str):
        where = os.path.abspath(index_dir)
        super().__init__(f"在 {where} 没有找到建好的索引（当前目录 {os.getcwd()}）：请先运行 `qa build`，"
                         "或在项目目录下运行，或用 --index / QA_INDEX 指向已建好的索引目录。")
        self.path = where


class CorpusMissingError(QAError):
    code = "corpus_missing"

    def __init__(self, corpus_dir: str):
        where = os.path.abspath(corpus_dir)
        super().__init__(f"语料目录 {where} 不存在或不是文件夹：请在项目目录下运行，或用 --corpus / QA_CORPUS 指定语料目录。")
        self.path = where


class IndexMismatchError(QAError):
    """The index was built with other settings (model, tokenizer, version) than asked now."""

    code = "index_mismatch"


class UnknownDocumentError(QAError):
    code = "unknown_document"

    def __init__(self, doc_id: str, known: list[str] | None = None):
        listed = f"现有文档：{'、'.join(sorted(known)) or '（无）'}" if known is not None else "可用 `qa facts` 或 `qa build` 的输出查看文档列表"
        super().__init__(f"语料中没有文档 {doc_id!r}；{listed}")
        self.doc_id = doc_id


class BackendMissingError(QAError):
    """An optional backend's package is not installed."""

    code = "backend_missing"
