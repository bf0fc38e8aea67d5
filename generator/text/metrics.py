"""Text widths in Times New Roman metrics, for the rules drawn under header lines and for
row heights in spreadsheets. Widths come from ``tnr_metrics.json`` (Liberation Serif 2, which is
metric-compatible with Times New Roman), so no font file is needed at run time."""

from __future__ import annotations

import json
import math
import unicodedata
from functools import lru_cache
from pathlib import Path

TWIPS_PER_PT = 20


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, int]]:
    return json.loads((Path(__file__).with_name("tnr_metrics.json")).read_text(encoding="utf-8"))


_FACES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


def _face(bold: bool, italic: bool) -> str:
    return _FACES[(bool(bold), bool(italic))]


def width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Rendered width of one line of text, in points."""
    return _units(text, _face(bold, italic)) * size_pt / 1000


@lru_cache(maxsize=1 << 16)
def _units(text: str, face: str) -> int:
    # The width in thousandths of the size: the same words (Vietnamese syllables, agency names)
    # are measured again for every cell, row and form they appear in, hence the cache.
    widths = _table()[face]
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        w = widths.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[0]
            w = widths.get(base, 500)
        total += w
    return total


def width_twips(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
    return round(width_pt(text, size_pt, bold, italic) * TWIPS_PER_PT)


def wrap(text: str, max_pt: float, size_pt: float, bold: bool = False, italic: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``max_pt``."""
    return list(_wrap(text, max_pt, size_pt, bold, italic))


@lru_cache(maxsize=1 << 15)
def _wrap(text: str, max_pt: float, size_pt: float, bold: bool, italic: bool) -> tuple[str, ...]:
    # A line's width is the sum of its words' and spaces' widths: each word is measured once
    # (the same text is wrapped again for every row and form it appears in, hence the cache).
    face = _face(bold, italic)
    space = _units(" ", face) * size_pt / 1000
    lines: list[str] = []
    current: list[str] = []
    current_pt = 0.0
    for word in text.split():
        w = _units(word, face) * size_pt / 1000
        if current and current_pt + space + w > max_pt:
            lines.append(" ".join(current))
            current, current_pt = [word], w
        elif current:
            current.append(word)
            current_pt += space + w
        else:
            current, current_pt = [word], w
    if current:
        lines.append(" ".join(current))
    return tuple(lines) or ("",)


def line_count(text: str, max_pt: float, size_pt: float, bold: bool = False, italic: bool = False) -> int:
    """The lines of ``text`` (lines split at "\\n") wrapped greedily as ``wrap`` does, a word wider
    than ``max_pt`` broken inside (as a spreadsheet cell shows it), counted without making them."""
    face = _face(bold, italic)
    scale = size_pt / 1000
    space = _units(" ", face) * scale
    n = 0
    for part in text.split("\n"):
        used = -1.0  # nothing on the current line yet
        for word in part.split():
            w = _units(word, face) * scale
            if used >= 0 and used + space + w <= max_pt:
                used += space + w
                continue
            n += math.ceil(w / max_pt - 1e-9) if w > max_pt else 1  # too wide: alone, broken inside
            used = w
        if used < 0:
            n += 1  # an empty line
    return n


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
