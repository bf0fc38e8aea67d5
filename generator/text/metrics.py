"""Text widths in Times New Roman metrics, for the rules drawn under header lines and for
row heights in spreadsheets. Widths come from ``tnr_metrics.json`` (Liberation Serif 2, which is
metric-compatible with Times New Roman), so no font file is needed at run time."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

TWIPS_PER_PT = 20


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, int]]:
    return json.loads((Path(__file__).with_name("tnr_metrics.json")).read_text(encoding="utf-8"))


def _face(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold",
            (False, True): "italic", (True, True): "bolditalic"}[(bold, italic)]


def width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Rendered width of one line of text, in points."""
    widths = _table()[_face(bold, italic)]
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        w = widths.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[0]
            w = widths.get(base, 500)
        total += w
    return total * size_pt / 1000


def width_twips(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
    return round(width_pt(text, size_pt, bold, italic) * TWIPS_PER_PT)


def wrap(text: str, max_pt: float, size_pt: float, bold: bool = False, italic: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``max_pt``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and width_pt(candidate, size_pt, bold, italic) > max_pt:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def balanced_wrap(text: str, max_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Wrap into the fewest lines, then even out their lengths (centred header names look
    better as two similar lines than as one long and one short)."""
    greedy = wrap(text, max_pt, size_pt, bold)
    n = len(greedy)
    if n == 1:
        return greedy
    words = text.split()
    best: list[str] | None = None
    best_width = None
    # Try every break position set for two lines (the common case); keep greedy otherwise.
    if n == 2:
        for k in range(1, len(words)):
            a, b = " ".join(words[:k]), " ".join(words[k:])
            wa, wb = width_pt(a, size_pt, bold), width_pt(b, size_pt, bold)
            if max(wa, wb) <= max_pt and (best_width is None or max(wa, wb) < best_width):
                best, best_width = [a, b], max(wa, wb)
    return best or greedy
