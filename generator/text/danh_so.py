"""Numbering sequences used by the decree: Roman numerals and Vietnamese letters."""

from __future__ import annotations

# Phụ lục I: điểm are lettered with the Vietnamese alphabet, which has no f, j, w, z.
VIETNAMESE_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def roman(n: int) -> str:
    """Upper-case Roman numeral of a positive integer."""
    if n <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letter(n: int, upper: bool = False) -> str:
    """The n-th (1-based) Vietnamese letter: a, b, c, d, đ, e, g, ..."""
    if not 1 <= n <= len(VIETNAMESE_LETTERS):
        raise ValueError(f"letter numbering supports 1..{len(VIETNAMESE_LETTERS)}")
    s = VIETNAMESE_LETTERS[n - 1]
    return s.upper() if upper else s


def label(style: str, n: int) -> str:
    """Label of the n-th item for a numbering style (see ``model.phu_luc.DanhSo``)."""
    if style == "la_ma":
        return roman(n)
    if style == "chu_cai":
        return letter(n, upper=True)
    if style == "so":
        return str(n)
    return ""
