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
    doc = DocModel(Path(path))
    blocks = find_blocks(doc)
    findings: list[Finding] = []
    for module in _modules():
        findings.extend(module.check(doc, blocks))
    return findings
