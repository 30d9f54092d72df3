"""Checks for what a user types (command-line arguments, web query parameters, batch lines).

Each check returns the clean value or raises BadArgumentError whose Chinese message names
the argument, says what is accepted and shows (a short, printable form of) what was given.
"""

from __future__ import annotations

import re

from qa.errors import QAError

YEAR_RANGE = (1900, 2100)
LIMIT_MAX = 1_000_000
K_MAX = 1000
WORKERS_MAX = 4096  # Ray workers of a build (qa build --ray-workers)
FILTER_MAX_CHARS = 200  # a document id, a metric or a subset tag is short

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")


class BadArgumentError(QAError):
    code = "bad_argument"


def clean_text(text: str) -> str:
    """`text` as valid Unicode: undecodable bytes (surrogate escapes) and lone surrogates become U+FFFD.

    Command-line arguments reach Python with their undecodable bytes as surrogate escapes; those
    are decoded again as UTF-8 (so text split across them survives) with the rest replaced.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte, e.g. JSON "\udff2"
        return _SURROGATES.sub("\ufffd", text)


def shown(value: object, limit: int = 40) -> str:
    """A short printable form of a user's value for an error message."""
    text = _CONTROLS.sub("\ufffd", clean_text(str(value)))
    return repr(text if len(text) <= limit else text[:limit] + "…")


def question_text(value: object, name: str = "问题") -> str:
    """A question or search query: text, made valid (control characters become spaces), not empty."""
    if not isinstance(value, str):
        raise BadArgumentError(f"{name}须为文本，收到 {type(value).__name__} {shown(value)}")
    text = _CONTROLS.sub(" ", clean_text(value)).strip()
    if not text:
        raise BadArgumentError(f"{name}不能为空")
    if not text.replace("\ufffd", "").strip():
        raise BadArgumentError(f"{name}只有无法解码的字节（已换成 \ufffd）：{shown(value)}")
    return text


def filter_text(value: str, name: str) -> str:
    """A filter value (document id, metric, tag): short printable text, not empty."""
    text = clean_text(value).strip()
    if not text:
        raise BadArgumentError(f"参数 {name} 不能为空")
    if _CONTROLS.search(text) or "\ufffd" in text:
        raise BadArgumentError(f"参数 {name} 含有控制字符或无法解码的字节：{shown(value)}")
    if len(text) > FILTER_MAX_CHARS:
        raise BadArgumentError(f"参数 {name} 过长（{len(text)} 个字符，最多 {FILTER_MAX_CHARS} 个）：{shown(value)}")
    return text


def known_doc(doc: str, doc_ids: list[str], name: str = "--doc") -> str:
    """`doc` if it is one of `doc_ids`; otherwise the message lists the ids there are."""
    if doc not in doc_ids:
        raise BadArgumentError(f"参数 {name}：索引中没有文档 {shown(doc)}；现有文档：{'、'.join(sorted(doc_ids)) or '（无）'}")
    return doc


def path_text(value: str, name: str) -> str:
    """A file or folder path: not empty, no NUL (undecodable bytes are kept: file names may have them)."""
    if not value.strip():
        raise BadArgumentError(f"参数 {name} 不能为空")
    if "\x00" in value:
        raise BadArgumentError(f"参数 {name} 含有 NUL 字符：{shown(value)}")
    return value


def _integer(value: object, name: str, low: int, high: int, what: str) -> int:
    text = str(value).translate(_FULL_WIDTH_DIGITS).strip()  # a Chinese keyboard types ２０２５
    if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise BadArgumentError(f"参数 {name} 须为 {low}–{high} 之间的{what}，收到 {shown(value)}")
    return int(text)


def year(value: object, name: str = "--year") -> int:
    return _integer(value, name, *YEAR_RANGE, "年份（如 2025）")


def count(value: object, name: str, high: int) -> int:
    return _integer(value, name, 1, high, "整数")
