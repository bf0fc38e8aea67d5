"""The plain-text rules shared by the parts of ``nhap``: a value as typed (``clean``), a line
of the shared reader with its text as typed (``Line``), names in normal case and Vietnamese
upper-case tests. Where a line is, and what it is, is the shared reader's business
(``vanban.check.reader``)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..check.model import Para


def clean(s: str) -> str:
    """NFC and single spaces: a value as typed, letters untouched."""
    return " ".join(unicodedata.normalize("NFC", s).replace("\u00a0", " ").split())


@dataclass
class Line:
    """A line of the shared reader's (``vanban.check.reader.Line``) with its text as typed."""

    text: str  # normalised spaces, NFC
    para: Para
    bold: bool = False

    @property
    def place(self) -> str:
        return self.para.place


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
