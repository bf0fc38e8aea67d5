"""Where the decree places the digital signatures of an electronic document (Nghị định 30,
Phụ lục I, ô 7c, 8 and 14; nd30.md), format-neutral.

- The signer's signature (ô 7c): the image of the handwritten signature, centred in the signing
  space between the line of quyền hạn, chức vụ and the signer's name. Its field is a box of
  ``TY_LE_CHU_KY`` width for one height, as tall as the signing space, centred in it.
- The agency's signature (ô 8): the image of the seal at its real size, covering about a third of
  the signature image on its left: a square of the seal's diameter, centred on the signature's
  height, its right edge a third of the way into the signature field.
- On an attachment or a separate annex file (ô 14): the agency's signature line (số and ký
  hiệu, signing time, agency name) at the top right of page 1, in the top margin.

Rectangles are PDF user-space points, origin at the page's bottom left: (x0, y0, x1, y1).
"""

from __future__ import annotations

from dataclasses import dataclass

Rect = tuple[float, float, float, float]

MM = 72 / 25.4  # points per millimetre

# Field names of the two signatures in every PDF the project writes.
O_NGUOI_KY = "NguoiKy"
O_CO_QUAN = "CoQuan"
O_KEM_THEO = "CoQuanKemTheo"

TY_LE_CHU_KY = 2.0  # width / height of the signature image's box
DUONG_KINH_DAU_MM = 36.0  # the seal's diameter when none is given
PHAN_DAU_TRUM = 1 / 3  # the share of the signature the seal covers, on its left

# The agency line of ô 14: 10 pt, three lines, at the top right of page 1.
CO_CHU_KEM_THEO = 10
RONG_KEM_THEO_MM = 75.0
CAO_KEM_THEO_MM = 14.0


@dataclass(frozen=True)
class ViTriKy:
    """The signing space of one document: its page (0-based) and rectangle."""

    trang: int
    vung: Rect


def whole(rect: Rect) -> Rect:
    """``rect`` with a whole number of points for width and height, about the same centre: a
    signature's appearance is drawn in a box of whole points (pyHanko), and a field of another
    size would stretch it."""
    x0, y0, x1, y1 = rect
    w, h = round(x1 - x0), round(y1 - y0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left, bottom = round(cx - w / 2, 2), round(cy - h / 2, 2)
    return (left, bottom, left + w, bottom + h)


def o_nguoi_ky(vung: Rect) -> Rect:
    """The signer's field in the signing space ``vung``: ``TY_LE_CHU_KY`` wide for one high, as
    tall as the space (narrower spaces: as wide as the space, the height kept), centred."""
    x0, y0, x1, y1 = vung
    h = y1 - y0
    w = min(x1 - x0, TY_LE_CHU_KY * h)
    cx = (x0 + x1) / 2
    return whole((cx - w / 2, y0, cx + w / 2, y1))


def o_co_quan(nguoi_ky: Rect, duong_kinh_mm: float = DUONG_KINH_DAU_MM) -> Rect:
    """The agency's (seal's) field for the signer's field ``nguoi_ky``: a square of the seal's
    diameter, vertically centred on the signature, covering ``PHAN_DAU_TRUM`` of it on the left."""
    x0, y0, x1, y1 = nguoi_ky
    d = duong_kinh_mm * MM
    right = x0 + (x1 - x0) * PHAN_DAU_TRUM
    cy = (y0 + y1) / 2
    d = round(d)
    return (round(right - d, 2), round(cy - d / 2, 2), round(right - d, 2) + d, round(cy - d / 2, 2) + d)


def o_kem_theo(rong_trang: float, cao_trang: float, le_tren: float, le_phai: float) -> Rect:
    """The agency line's field on page 1 of an attachment (ô 14): at the top right, its right edge
    on the right margin, inside the top margin (``le_tren``, ``le_phai``: the margins, points)."""
    w, h = round(RONG_KEM_THEO_MM * MM), round(CAO_KEM_THEO_MM * MM)
    x1 = rong_trang - le_phai
    # inside the top margin, a little below the page's edge; never over the text area
    top = cao_trang - max(3 * MM, (le_tren - h) / 2)
    top = max(top, cao_trang - le_tren + h)
    return whole((x1 - w, top - h, x1, top))


def phan_trum(dau: Rect, chu_ky: Rect) -> float:
    """The share of the signature's width that the seal covers (0: apart, 1: all of it)."""
    overlap = min(dau[2], chu_ky[2]) - max(dau[0], chu_ky[0])
    width = chu_ky[2] - chu_ky[0]
    return max(0.0, overlap) / width if width > 0 else 0.0
