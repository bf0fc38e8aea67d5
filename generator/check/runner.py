"""Run every rule module over a document."""

from __future__ import annotations

from pathlib import Path

from .blocks import find_blocks
from .findings import Finding
from .model import DocModel, DocxReadError

__all__ = ["DocxReadError", "kiem_tra", "RULE_MODULES"]


def _modules():
    from . import (rules_annex, rules_body, rules_consistency, rules_header, rules_page,
                   rules_signature)
    return [rules_page, rules_header, rules_body, rules_signature, rules_annex, rules_consistency]


RULE_MODULES = _modules


def kiem_tra(path: Path | str) -> list[Finding]:
    """Check one .docx against the ND30 rules; raises DocxReadError when it cannot be read."""
    path = Path(path)
    doc = DocModel(path)
    try:
        blocks = find_blocks(doc)
        findings: list[Finding] = []
        for module in _modules():
            findings.extend(module.check(doc, blocks))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError) as e:
        # A value Word never writes ("abc" as a width, a missing attribute): the file is damaged
        # or hand-made; the user gets a message, not a traceback. The kind is named for a bug report.
        raise DocxReadError(f"{path}: tệp có giá trị định dạng mà Word không tạo ra, không kiểm tra được "
                            f"(chi tiết kỹ thuật: {type(e).__name__}: {e}); mở tệp bằng Word rồi lưu lại") from None
    return findings
