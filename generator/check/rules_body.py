from __future__ import annotations


def check(doc, b) -> list:
    return []
