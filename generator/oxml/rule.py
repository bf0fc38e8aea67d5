"""Horizontal rules under header lines: a bordered empty paragraph whose indents give the
rule an exact, computed length, centred in the space it sits in."""

from __future__ import annotations

from .xml import ParaProps, Raw, paragraph


def rule_paragraph(length: int, available: int, style: str = "VBGach") -> Raw:
    """A rule of ``length`` twips centred in ``available`` twips (a table cell or the text width)."""
    length = max(1, min(length, available))
    side = (available - length) // 2
    return paragraph("", ParaProps(style=style, ind_left=side, ind_right=available - length - side))
