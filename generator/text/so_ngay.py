"""Số, ký hiệu and the place-and-date line (Phụ lục I, mục II.3-4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Blank widths a văn thư fills in by hand on a draft.
DRAFT_NUMBER_BLANK = " " * 6
DRAFT_DAY_BLANK = " " * 4


# A document's số and ký hiệu as a sentence cites it: "85/KH-SNNMT", "247/2025/QH15",
# "30/2020/NĐ-CP", "2093/SNNMT-QLMT". One unit to a reader: a line never breaks inside it.
SO_HIEU_TRONG_CAU = re.compile(r"(?<![\w/])\d{1,6}/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9&]*(?:[-–][A-ZĐ0-9&]+)*")


def so_hieu_trong_cau(text: str) -> list[tuple[int, int]]:
    """Where ``text`` cites a số and ký hiệu: (start, end) of each, in order."""
    return [m.span() for m in SO_HIEU_TRONG_CAU.finditer(text)]


# A date ("10/12/2025", "15/12/2026") or a quarter or month of a year ("II/2026", "12/2026"):
# Word and LibreOffice keep them whole, but the Unicode line-breaking rules a PDF's layout follows
# allow a break after "/" before digits that follow letters ("Quý II/" | "2026").
NGAY_TRONG_CAU = re.compile(r"(?<![\w/])(?:\d{1,2}/\d{1,2}/\d{4}|(?:[IVX]{1,4}|\d{1,2})/\d{4})(?![\w/])")


def ngay_trong_cau(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a date, or a quarter or month of a year, that must not be broken
    across lines: (start, end) of each, in order (a số and ký hiệu is not one of them)."""
    return [m.span() for m in NGAY_TRONG_CAU.finditer(text)]


def so_text(so: int | None) -> str:
    """The number part: zero-padded below 10, blank in a draft."""
    if so is None:
        return DRAFT_NUMBER_BLANK
    if so < 1:
        raise ValueError("số văn bản phải là số nguyên dương")
    return f"{so:02d}"


def ky_hieu(loai: str | None, viet_tat: str, don_vi: str | None = None) -> str:
    """Ký hiệu: ``KH-SNNMT`` for a typed document, ``UBND-VX`` for a công văn."""
    if loai:
        return f"{loai}-{viet_tat}"
    return f"{viet_tat}-{don_vi}" if don_vi else viet_tat


def so_ky_hieu(so: int | None, ky_hieu_text: str) -> str:
    """``05/KH-SNNMT`` or ``      /KH-UBND``."""
    return f"{so_text(so)}/{ky_hieu_text}"


def so_line(so: int | None, ky_hieu_text: str) -> str:
    """The header line: ``Số: 05/KH-SNNMT``; a draft keeps the blank: ``Số:      /KH-UBND``."""
    if so is None:
        return f"Số:{DRAFT_NUMBER_BLANK}/{ky_hieu_text}"
    return f"Số: {so_ky_hieu(so, ky_hieu_text)}"


@dataclass(frozen=True)
class NgayThang:
    """A date that may be partly unknown in a draft: year, optional month, optional day."""

    nam: int | None = None
    thang: int | None = None
    ngay: int | None = None

    @property
    def day_text(self) -> str:
        # Days 1-9 take a leading zero.
        return f"{self.ngay:02d}" if self.ngay else DRAFT_DAY_BLANK

    @property
    def month_text(self) -> str:
        # Only months 1 and 2 take a leading zero (so "tháng 01", "tháng 4", "tháng 12").
        if not self.thang:
            return DRAFT_DAY_BLANK
        return f"{self.thang:02d}" if self.thang < 3 else str(self.thang)

    @property
    def year_text(self) -> str:
        return str(self.nam) if self.nam else DRAFT_DAY_BLANK

    @property
    def complete(self) -> bool:
        return bool(self.nam and self.thang and self.ngay)

    def words(self) -> str:
        """``ngày 05 tháng 01 năm 2026``; unknown parts keep blank spacing."""
        return f"ngày {self.day_text} tháng {self.month_text} năm {self.year_text}"


def dia_danh_line(dia_danh: str, ngay: NgayThang) -> str:
    """``Quảng Trị, ngày 05 tháng 01 năm 2026``."""
    return f"{dia_danh}, {ngay.words()}"
