"""Lines of a hand-made document: a paragraph cut at its line breaks and tab stops, each piece
with its emphasis, and the plain-text rules shared by the parts of ``nhap`` (names in normal
case, Vietnamese upper-case tests)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..check.model import Para, norm_text  # norm_text: comparisons only (it unifies tone marks)


def clean(s: str) -> str:
    """NFC and single spaces: a value as typed, letters untouched."""
    return " ".join(unicodedata.normalize("NFC", s).replace("\u00a0", " ").split())


@dataclass
class Line:
    text: str  # normalised spaces, NFC
    para: Para
    column: int = 0  # 0: the left of a tab stop or the only piece; 1: right of a tab stop
    bold: bool = False
    tabbed: bool = False  # came out of a paragraph laid out with tab stops

    @property
    def place(self) -> str:
        return self.para.place


def lines(p: Para) -> list[Line]:
    """The paragraph's pieces: one per line break, each cut at its tab stops (left, right)."""
    pieces: list[list[tuple[str, bool]]] = [[]]
    column = getattr(p, "column", None)  # a part the reader cut out of a line laid out with tab stops
    if column is not None:
        runs = [r for r in p.runs if getattr(r, "kind", "text") != "number"]
        text = clean("".join(r.text for r in runs).replace("\t", " ").replace("\n", " "))
        visible = [r for r in runs if r.text.strip()]
        if not text:
            return []
        return [Line(text, p, column - 1, bool(visible) and all(r.props.bold for r in visible), True)]
    for r in p.runs:
        bold = bool(r.props.bold)
        for ch_block in re.split(r"(\n|\t)", r.text):
            if ch_block == "\n":
                pieces.append([])
            elif ch_block:
                pieces[-1].append((ch_block, bold))
    out: list[Line] = []
    for piece in pieces:
        text = "".join(t for t, _ in piece)
        leading_tab = text.startswith("\t")
        parts: list[list[tuple[str, bool]]] = [[]]
        for t, b in piece:
            for k, seg in enumerate(re.split(r"\t+", t)):
                if k:
                    parts.append([])
                if seg:
                    parts[-1].append((seg, b))
        parts = [x for x in parts if "".join(t for t, _ in x).strip()]
        tabbed = "\t" in text.strip("\t") or (leading_tab and bool(parts))
        for k, part in enumerate(parts):
            s = clean("".join(t for t, _ in part))
            visible = [(t, b) for t, b in part if t.strip()]
            bold = bool(visible) and all(b for _, b in visible)
            if len(parts) > 1:
                column = 1 if k > 0 else 0
            else:  # one piece after tab stops: two or more tabs put it in the right column
                column = 1 if len(text) - len(text.lstrip("\t")) >= 2 else (1 if leading_tab and _right_text(s) else 0)
            out.append(Line(s, p, column, bold, tabbed))
    return out


def _right_text(s: str) -> bool:
    low = s.lower()
    return ("độc lập" in low and "hạnh phúc" in low) or low.startswith("cộng hòa") or ", ngày" in low \
        or s.startswith(("TM.", "KT.", "TL.", "TUQ.", "Q."))


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


# Words that start a place name inside an agency's name: the name after them keeps its capitals.
_PLACE = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


_HEADS = ("sở", "bộ", "phòng", "cục", "ban", "vụ")
_ABBR = ("UBND", "HĐND", "MTTQ", "UBMTTQ", "VN", "TW")


def sentence_case(upper: str) -> str:
    """An upper-case name in normal case, as a guess: "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" ->
    "Ủy ban nhân dân tỉnh Hưng Yên" (the words after a place word keep their capitals; an
    abbreviation with a digit or "&", such as "NN&MT" or "KT2", stays as typed)."""
    words = upper.split()
    low = [w.lower() for w in words]
    out = []
    place = False
    field = low[0] in _HEADS if low else False  # "Sở Nông nghiệp và Môi trường"
    for i, w in enumerate(low):
        if words[i] in _ABBR:
            out.append(words[i])
        elif place or i == 0 or (field and (i == 1 or low[i - 1] == "và")):
            out.append(w[:1].upper() + w[1:])
        elif any(c.isdigit() or c == "&" for c in words[i]):
            out.append(words[i])
        else:
            out.append(w)
        if w in _PLACE or " ".join(low[max(0, i - 1):i + 1]) in _PLACE:
            place = True
    return " ".join(out)


def title_case_person(upper: str) -> str:
    """A person's name typed in capitals: "NGUYỄN VĂN A" -> "Nguyễn Văn A"."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in upper.split())


def title_line(upper: str) -> str:
    """A signer's title in normal case: "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "GIÁM ĐỐC" -> "Giám đốc"."""
    s = upper.lower()
    s = s[:1].upper() + s[1:]
    if s.startswith("Phó ") and len(s) > 4:
        s = "Phó " + s[4:5].upper() + s[5:]
    return s


def find_casing(upper: str, texts: list[str]) -> str | None:
    """The name ``upper`` as the document writes it in normal case somewhere in ``texts``."""
    target = " ".join(upper.split()).casefold()
    if not target:
        return None
    for t in texts:
        s = " ".join(t.split())
        i = s.casefold().find(target)
        while i >= 0:
            found = s[i:i + len(target)]
            before = s[i - 1] if i > 0 else " "
            after = s[i + len(target)] if i + len(target) < len(s) else " "
            if not before.isalnum() and not after.isalnum() and not is_upper(found):
                return found
            i = s.casefold().find(target, i + 1)
    return None
