"""One error family: every user-facing failure is a QAError with a Chinese message
that says what to do. The CLI and the app print `str(err)`; never a stack trace."""


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
        super().__init__(f"索引目录 {index_dir} 不存在或不完整，请先运行 `qa build`。")


class IndexMismatchError(QAError):
    """The index was built with other settings (model, tokenizer, version) than asked now."""

    code = "index_mismatch"


class UnknownDocumentError(QAError):
    code = "unknown_document"

    def __init__(self, doc_id: str):
        super().__init__(f"语料中没有文档 {doc_id!r}，可用 `qa build` 后查看 index/ 中的文档列表。")
        self.doc_id = doc_id


class BackendMissingError(QAError):
    """An optional backend's package is not installed."""

    code = "backend_missing"
