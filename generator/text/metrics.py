"""Text widths in Times New Roman metrics, for the rules drawn under header lines and for
row heights in spreadsheets. Widths come from ``tnr_metrics.json`` (Liberation Serif 2, which is
metric-compatible with Times New Roman), so no font file is needed at run time."""

from __future__ import annotations

import json
import math
import re
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


Piece = tuple[str, bool, bool, str]  # text, bold, italic, vert: "" | "sub" | "sup" | "note" (a footnote call)
SMALL = 0.65  # the size of a subscript, superscript or footnote call, as a share of the text's (Word's)


def wrap_pieces(pieces: list[Piece], max_pt: float, size_pt: float) -> list[tuple[Piece, ...]]:
    """Greedy word wrap of text in several faces (``pieces``: text, bold, italic, vert; "\\n"
    breaks the line) into lines no wider than ``max_pt``, each line its pieces in order (a space
    between two words in the face of the piece it came from; a subscript, superscript or
    footnote call at ``SMALL`` of the size, part of the word it touches). The rule of ``wrap``,
    the same lines when every piece has one face; a word may change face inside ("**Sở** Tư pháp",
    "PM~2.5~")."""
    scale = size_pt / 1000
    out: list[tuple[Piece, ...]] = []
    # words of the current paragraph: (fragments, face of the space before it)
    words: list[tuple[list[Piece], tuple[bool, bool]]] = []
    current: list[Piece] = []
    gap: tuple[bool, bool] | None = None

    def end_word() -> None:
        nonlocal current
        if current:
            words.append((current, gap or (current[0][1], current[0][2])))
            current = []

    def end_paragraph() -> None:
        end_word()
        out.extend(_greedy(words, max_pt, scale) or [()])
        words.clear()

    for text, bold, italic, vert in pieces:
        for k, part in enumerate(text.split("\n")):
            if k:
                end_paragraph()
                gap = None
            for token in _TOKENS.findall(part):
                if token.isspace():
                    end_word()
                    gap = (bold, italic)
                else:
                    if not current and not words:
                        gap = None
                    current.append((token, bold, italic, vert))
    end_paragraph()
    return out


_TOKENS = re.compile(r"\s+|\S+")


def _piece_units(t: str, b: bool, i: bool, v: str) -> float:
    return _units(t, _face(b, i)) * (SMALL if v else 1.0)


def _greedy(words, max_pt: float, scale: float) -> list[tuple[Piece, ...]]:
    # The greedy rule of ``_wrap``, for words of several faces; ``_wrap`` restates it for one
    # face, about 6 times faster, since every plain cell is measured with it (a test compares both).
    lines: list[tuple[Piece, ...]] = []
    line: list[Piece] = []
    used = 0.0
    for fragments, (sb, si) in words:
        w = sum(_piece_units(*f) for f in fragments) * scale
        space = _units(" ", _face(sb, si)) * scale
        if line and used + space + w > max_pt:
            lines.append(_merge(line))
            line, used = list(fragments), w
        elif line:
            line.append((" ", sb, si, ""))
            line.extend(fragments)
            used += space + w
        else:
            line, used = list(fragments), w
    if line:
        lines.append(_merge(line))
    return lines


def _merge(line: list[Piece]) -> tuple[Piece, ...]:
    """Neighbouring pieces of one face joined."""
    out: list[Piece] = []
    for t, b, i, v in line:
        if out and out[-1][1:] == (b, i, v):
            out[-1] = (out[-1][0] + t, b, i, v)
        else:
            out.append((t, b, i, v))
    return tuple(out)


def pieces_width(pieces: tuple[Piece, ...] | list[Piece], size_pt: float) -> float:
    """The width of one line of ``pieces``, in points."""
    return sum(_piece_units(*p) for p in pieces) * size_pt / 1000


def wrap_tokens(tokens: list[str], max_pt: float, size_pt: float, bold: bool = False,
                italic: bool = False) -> list[str]:
    """``tokens`` (words, or groups of words never to be broken, such as a date) wrapped greedily
    as ``wrap`` wraps words, one space between two."""
    face = (bool(bold), bool(italic))
    lines = _greedy([([(t, *face, "")], face) for t in tokens if t], max_pt, size_pt / 1000)
    return ["".join(p[0] for p in line) for line in lines] or [""]


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
