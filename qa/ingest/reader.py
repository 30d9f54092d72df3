"""Bytes to lines: encoding detection and the refusals (empty, binary, oversized, undecodable).

Lines are kept exactly as stored (only the line terminator is removed), so that
line i+1 of the file is `lines[i]` and line numbers can be cited.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from qa import settings
from qa.errors import DocumentError

_BOM = b"\xef\xbb\xbf"
# UTF-8 first (strict, so GBK bytes fail it), then GB18030, a superset of GBK/GB2312.
_ENCODINGS = ("utf-8", "gb18030")
_CONTROL_SHARE = 0.01  # more control characters than this and the "text" is binary


def read_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their sha256; refuses a missing, empty or oversized file."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise DocumentError(str(path), f"无法打开文件（{err.strerror}）") from err
    limit_mb = float(settings.get("max_file_mb"))
    if size > limit_mb * 1024 * 1024:
        raise DocumentError(
            str(path), f"文件大小 {size / 1024 / 1024:.1f} MB 超过上限 {limit_mb:g} MB（QA_MAX_FILE_MB）"
        )
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(str(path), "文件为空")
    return data, hashlib.sha256(data).hexdigest()


def refuse_long_text(size: int, path: Path) -> None:
    """Refuse `size` bytes of text over max_text_mb: a disclosure is well under 0.2 MB, and
    checking and embedding a text of many megabytes takes a build far beyond minutes."""
    limit_mb = float(settings.get("max_text_mb"))
    if size > limit_mb * 1024 * 1024:
        raise DocumentError(
            str(path), f"文字量 {size / 1024 / 1024:.1f} MB 超过上限 {limit_mb:g} MB（QA_MAX_TEXT_MB）："
                       "一份公开文件通常不到 0.2 MB，请按文件拆分后再放入语料"
        )


def text_size(lines) -> int:
    """Bytes of `lines` in UTF-8 (what max_text_mb limits)."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def decode_text(data: bytes, path: Path) -> str:
    """Text of a plain-text file in UTF-8 (with or without BOM) or GB18030/GBK; refuses binary data."""
    if b"\x00" in data:
        raise DocumentError(str(path), "是二进制文件（含 NUL 字节），不是文本")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
        if controls > _CONTROL_SHARE * len(text):
            raise DocumentError(str(path), "含大量控制字符，不是文本文件")
        return text
    raise DocumentError(str(path), "编码无法识别（支持 UTF-8、UTF-8 BOM、GB18030/GBK）")


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as stored: split on "\\n" only (a lone form feed or U+2028 does not start a line),
    CR of CRLF removed, no phantom empty line after a final newline."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def read_text_lines(path: Path) -> tuple[tuple[str, ...], str]:
    """Lines of a text file and the sha256 of its bytes."""
    data, sha = read_bytes(path)
    refuse_long_text(len(data), path)  # before decoding: the text in UTF-8 is about as large or larger
    return split_lines(decode_text(data, path)), sha
