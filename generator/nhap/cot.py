"""Annex column titles, as clerks type them, to the project's column codes: the one rule the
importers of Word tables (``nhap.phu_luc``) and of Excel tables (``nhap.xlsx``) share."""

from __future__ import annotations

import re
import unicodedata


def _fold(s: str) -> str:
    """Lower case, no diacritics, "đ" as "d", punctuation as spaces, single spaces: for matching."""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).casefold().replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


_CO_QUAN_THUC_HIEN = ("co quan thuc hien", "don vi thuc hien", "co quan don vi thuc hien", "trach nhiem thuc hien",
                      "don vi chu quan")


def ma_cot(title: str) -> tuple[str | None, bool]:
    """(column code, guessed) of a header title; (None, False) when it means no known column."""
    t = _fold(title)
    if not t:
        return None, False
    if t in ("tt", "stt", "so tt", "so thu tu", "s tt", "thu tu"):
        return "tt", False
    if "chu tri" in t:
        return "chu_tri", "phoi hop" in t
    if "phoi hop" in t:
        return "phoi_hop", False
    if t.startswith(("noi dung", "ten nhiem vu", "nhiem vu", "ten cong viec", "cong viec", "ten de an",
                     "ten hoat dong", "hoat dong", "giai phap", "danh muc nhiem vu")):
        return "noi_dung", False
    if t.startswith(("san pham", "ket qua", "hinh thuc van ban", "hinh thuc san pham")):
        return "san_pham", False
    if t.startswith(("tien do", "thoi han", "hoan thanh")):
        return "tien_do", False
    if t.startswith(("thoi gian", "thoi diem")):
        return "thoi_gian", False
    if t.startswith(("kinh phi", "du toan", "nguon kinh phi", "nguon von", "nguon luc")):
        return "kinh_phi", False
    if t.startswith("ghi chu"):
        return "ghi_chu", False
    if t.startswith("ten "):  # "Tên đề án, chương trình …"
        return "noi_dung", False
    if t.startswith(_CO_QUAN_THUC_HIEN) or t in ("don vi", "co quan", "co quan don vi", "trach nhiem"):
        return "chu_tri", True
    return None, False
