"""Run every rule module over a document."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .blocks import find_blocks
from .findings import Finding
from .model import BadValue, DocModel, DocxReadError

__all__ = ["DocxReadError", "kiem_tra", "read_docx", "RULE_MODULES"]

T = TypeVar("T")


def _modules():
    from . import (rules_annex, rules_body, rules_consistency, rules_header, rules_hidden, rules_page,
                   rules_signature)
    return [rules_page, rules_header, rules_body, rules_signature, rules_annex, rules_consistency,
            rules_hidden]


RULE_MODULES = _modules


def _regular_file(path: Path) -> None:
    """Refuse, before anything opens it, a path that is not a regular file: opening a FIFO or a
    device blocks or never ends."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocxReadError(f"{path}: không tìm thấy tệp") from None
    except OSError as e:
        raise DocxReadError(f"{path}: không đọc được thông tin tệp ({e.strerror or type(e).__name__})") from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return
    what = ("thư mục" if stat.S_ISDIR(mode) else "ống dẫn có tên (FIFO)" if stat.S_ISFIFO(mode)
            else "thiết bị" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode)
            else "không phải tệp thường")
    raise DocxReadError(f"{path}: không phải một tệp (là {what}); cần tệp văn bản Word .docx")


def kiem_tra(path: Path | str) -> list[Finding]:
    """Check one .docx against the ND30 rules; raises DocxReadError when it cannot be read."""
    def check(doc: DocModel) -> list[Finding]:
        blocks = find_blocks(doc)
        findings: list[Finding] = []
        for module in _modules():
            findings.extend(module.check(doc, blocks))
        return findings

    return read_docx(path, check)


def read_docx(path: Path | str, work: Callable[[DocModel], T]) -> T:
    """``work`` on the document read from ``path``; every failure to read it is a DocxReadError
    naming the file (Vietnamese message), never another exception."""
    path = Path(path)
    _regular_file(path)
    try:
        return work(DocModel(path))
    except BadValue as e:
        raise DocxReadError(f"{path}: {e}") from None
    except DocxReadError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError,
            RecursionError, MemoryError) as e:
        # Not expected after the reader's checks; should a file still reach such a case, the user
        # gets a message, not a traceback, and the kind is named for a bug report.
        raise DocxReadError(f"{path}: tệp có giá trị định dạng mà Word không tạo ra, không kiểm tra được "
                            f"(chi tiết kỹ thuật: {type(e).__name__}: {str(e)[:200]}); mở tệp bằng Word rồi "
                            "lưu lại") from None
    except OSError as e:
        raise DocxReadError(f"{path}: không đọc được tệp ({e.strerror or type(e).__name__})") from None
