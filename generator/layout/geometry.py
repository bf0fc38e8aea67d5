"""The geometry of a document, format-neutral: pages, the header and signature tables, and the
text styles the documents use, as the Word template actually used says them (the built-in one or
the user's ``--mau`` copy). The .docx writer fills that template; the PDF writer takes every
measurement from this object, so a template restyled in Word gives a PDF restyled the same way.

Lengths are twips (1/20 pt), font sizes points. A value the template does not set falls back
to the built-in template's value (``FALLBACK``), which follows Nghị định 30 (nd30.md §7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

A4_SHORT, A4_LONG = 11906, 16838


@dataclass(frozen=True)
class Page:
    """A page's size and margins (twips); ``header``: from the top edge to the page number."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int = 567

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


@dataclass(frozen=True)
class TableGeometry:
    """A borderless layout table of the template: column widths, indent, cell margins (twips)."""

    grid: tuple[int, ...]
    indent: int = 0
    cell_left: int = 108
    cell_right: int = 108

    @property
    def width(self) -> int:
        return sum(self.grid)

    def cell(self, i: int) -> int:
        """The text width inside column ``i``."""
        return self.grid[i] - self.cell_left - self.cell_right


@dataclass(frozen=True)
class TextStyle:
    """What a paragraph style gives its text: size (pt), bold, italic, space before and after
    (twips), line spacing (``line``: a multiple of a single line; ``line_pt``: an exact or
    minimum height in points) and first-line indent (twips; negative: hanging)."""

    size: float
    bold: bool = False
    italic: bool = False
    before: int = 0
    after: int = 0
    line: float | None = 1.0
    line_pt: float | None = None
    first_line: int = 0


# The styles the documents use, by key (the built-in template's style id), with the values of the
# built-in template: what a template that lacks a style, or a value of it, is read as.
FALLBACK: dict[str, TextStyle] = {
    "Normal": TextStyle(14),
    "VBThanVan": TextStyle(14, before=120, line=1.15, first_line=567),
    "VBPhanChuong": TextStyle(14, bold=True, before=120, line=1.15),
    "VBMuc": TextStyle(14, bold=True, before=120, line=1.15, first_line=567),
    "VBKhoan": TextStyle(14, bold=True, before=120, line=1.15, first_line=567),
    "VBTieuKhoan": TextStyle(14, bold=True, before=120, line=1.15, first_line=567),
    "VBDiem": TextStyle(14, italic=True, before=120, line=1.15, first_line=567),
    "VBCoQuanChuQuan": TextStyle(13),
    "VBCoQuanBanHanh": TextStyle(13, bold=True),
    "VBQuocHieu": TextStyle(13, bold=True),
    "VBTieuNgu": TextStyle(14, bold=True),
    "VBSoKyHieu": TextStyle(13, before=120),
    "VBDiaDanh": TextStyle(14, italic=True, before=120),
    "VBDoMat": TextStyle(13, bold=True, before=120),
    "VBTenLoai": TextStyle(14, bold=True, before=480),
    "VBTrichYeu": TextStyle(14, bold=True),
    "VBTrichYeuCV": TextStyle(12, before=120),
    "VBKinhGui": TextStyle(14, after=120),
    "VBNoiNhanTieuDe": TextStyle(12, bold=True, italic=True, before=240),
    "VBNoiNhan": TextStyle(11),
    "VBQuyenHan": TextStyle(14, bold=True),
    "VBHoTen": TextStyle(14, bold=True),
    "VBPhuLucSo": TextStyle(14, bold=True),
    "VBPhuLucTen": TextStyle(14, bold=True),
    "VBKemTheo": TextStyle(14, italic=True),
    "VBBang": TextStyle(12, before=40, after=40),
    "VBBangDau": TextStyle(12, bold=True, before=40, after=40),
    "VBBangNhom": TextStyle(12, bold=True, before=40, after=40),
    "VBSoTrang": TextStyle(14),
    "FootnoteText": TextStyle(11, after=40),
}

PORTRAIT = Page(A4_SHORT, A4_LONG, top=1417, bottom=1134, left=1984, right=1134)
# Landscape annex pages, margins in reading orientation (Phụ lục I, I.3): 20/20/30/20 mm.
LANDSCAPE = Page(A4_LONG, A4_SHORT, top=1134, bottom=1134, left=1701, right=1134)
HEADER = TableGeometry((3600, 5700), indent=-300, cell_left=57, cell_right=57)
SIGNATURE = TableGeometry((3800, 4988), cell_left=57, cell_right=57)
ANNEX_CELL = (85, 85)  # left and right cell margins of the annex tables
RULE_RATIO = 0.4  # rules under the agency name, the trích yếu, the Kèm theo line: 1/3–1/2 of the text


@dataclass(frozen=True)
class Geometry:
    """Everything a writer measures by, read once per document from its Word template."""

    page: Page = PORTRAIT
    annex_page: Page = LANDSCAPE
    header: TableGeometry = HEADER
    signature: TableGeometry = SIGNATURE
    annex_cell: tuple[int, int] = ANNEX_CELL
    styles: Mapping[str, TextStyle] = field(default_factory=lambda: dict(FALLBACK))

    def style(self, key: str) -> TextStyle:
        """The style ``key`` (a key of ``FALLBACK``) as the template has it."""
        return self.styles.get(key) or FALLBACK[key]

    def size(self, key: str) -> float:
        return self.style(key).size

    def bold(self, key: str) -> bool:
        return self.style(key).bold
