"""Invisible and direction characters: text whose shown form differs from what is stored.

A zero-width space, a byte-order mark inside a line or a bidirectional override pasted from a web
page or another program prints nothing, or reorders what prints: "100.000.000" can be stored as
"000.000.001" behind U+202E and still look right on the page. In a document that is signed, the
text shown must be the text stored. The characters below are removed from plan and return text
when it is read (with a located warning) and reported by the checker in any .docx.

The set: U+200B–U+200F (zero-width space, non-joiner, joiner, left-to-right and right-to-left
marks), U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates), U+FEFF (byte-order
mark / zero-width no-break space) and U+2028, U+2029 (line and paragraph separators, which some
programs show as a break and others as nothing).
"""

from __future__ import annotations

import re

AN = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029"
KY_TU_AN = re.compile(f"[{AN}]")
# Of these, the embeddings, overrides and isolates reorder the text around them when it is shown.
DOI_CHIEU = re.compile("[\u202a-\u202e\u2066-\u2069]")

TEN = {
    "\u200b": "khoảng trắng độ rộng 0 (U+200B)",
    "\u200c": "ký tự không nối (U+200C)",
    "\u200d": "ký tự nối độ rộng 0 (U+200D)",
    "\u200e": "dấu chiều trái sang phải (U+200E)",
    "\u200f": "dấu chiều phải sang trái (U+200F)",
    "\u202a": "mở nhúng trái sang phải (U+202A)",
    "\u202b": "mở nhúng phải sang trái (U+202B)",
    "\u202c": "đóng nhúng chiều (U+202C)",
    "\u202d": "ép chiều trái sang phải (U+202D)",
    "\u202e": "ép chiều phải sang trái (U+202E)",
    "\u2066": "cô lập trái sang phải (U+2066)",
    "\u2067": "cô lập phải sang trái (U+2067)",
    "\u2068": "cô lập theo nội dung (U+2068)",
    "\u2069": "đóng cô lập chiều (U+2069)",
    "\ufeff": "dấu thứ tự byte (U+FEFF)",
    "\u2028": "ký tự ngắt dòng Unicode (U+2028)",
    "\u2029": "ký tự ngắt đoạn Unicode (U+2029)",
}


def tim_ky_tu_an(text: str) -> list[str]:
    """The distinct invisible or direction characters in ``text``, in order of first use."""
    return list(dict.fromkeys(KY_TU_AN.findall(text)))


def bo_ky_tu_an(text: str) -> str:
    """``text`` without invisible or direction characters (U+2028/U+2029 become a space, since
    they stood for a break between words)."""
    return KY_TU_AN.sub(lambda m: " " if m.group() in "\u2028\u2029" else "", text)


def mo_ta(chars: list[str]) -> str:
    """A Vietnamese description of the characters found, for a message."""
    return ", ".join(TEN.get(c, f"U+{ord(c):04X}") for c in chars)
