"""Where an annex table's pages begin, decided once for the .docx and the PDF.

A vertical merge that crosses a page break shows its value on the first page only, in Word,
LibreOffice and WeasyPrint alike: rows 4–6 on the next page would have no lead agency. So a table
with merged cells is paginated here, from the Word template's geometry, and each writer starts
a new page exactly there (the .docx a new table after a page break, the PDF ``break-before``);
a merge is cut at the break and its value written again on the new page. The .xlsx writer breaks
its pages at the same rows (``layout.bo_cuc`` holds them for all three).

Heights are estimates (wrapped text by the font's metrics); a page is filled only to
``PAGE_FILL`` of its height so that an estimate a little short never pushes a row over.
Lengths here are points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text import metrics
from ..text.than_van import has_marks, parse_inline
from .bang import is_group
from .geometry import Geometry, TextStyle

LINE = 1.15  # a single line of Times New Roman / Liberation Serif, as a multiple of its size
PAGE_FILL = 0.95
BORDER_PT = 0.75  # the grid line under each row; the rule under an annex's Kèm theo line
RULE_LINE_PT = 6.0  # the rule's paragraph (style VBGach: an exact 6 pt line, bordered below)


def dong_cao(style: TextStyle, size: float | None = None) -> float:
    """The height of one line of ``style`` (at ``size`` when given)."""
    size = size or style.size
    if style.line_pt is not None:
        return style.line_pt
    return size * LINE * (style.line or 1.0)


def doan_cao(text: str, width_pt: float, style: TextStyle, size: float | None = None) -> float:
    """The height of a paragraph of ``style`` holding ``text`` (lines split at "\\n") over ``width_pt``."""
    size = size or style.size
    n = 0
    for part in (text or "").split("\n"):
        n += max(1, len(metrics.wrap(part, max(width_pt, 10.0), size, bold=style.bold, italic=style.italic)))
    return (style.before + style.after) / 20 + n * dong_cao(style, size)


@dataclass
class _Piece:
    col: int
    first: int
    last: int
    text: str


class BangDo:
    """The measure of one annex table: its column widths, cell margins and cell styles."""

    def __init__(self, weights: Sequence[float], width_pt: float, geo: Geometry, size: float | None = None):
        total = sum(weights) or 1
        pad = (geo.annex_cell[0] + geo.annex_cell[1]) / 20
        self.pad = pad
        self.widths = [width_pt * w / total - pad for w in weights]
        self.width = width_pt
        self.cell = geo.style("VBBang")
        self.head = geo.style("VBBangDau")
        self.group = geo.style("VBBangNhom")
        self.size = size or self.cell.size

    def o(self, text: str, col: int, span: int = 1, style: TextStyle | None = None) -> float:
        style = style or self.cell
        width = self.rong(col, span)
        if not text or not has_marks(text):
            return doan_cao(text, width, style, self.size)
        n = len(o_dong(text, width, style, self.size))
        return (style.before + style.after) / 20 + n * dong_cao(style, self.size)

    def rong(self, col: int, span: int = 1) -> float:
        """The text width of a cell of ``span`` columns from ``col`` (its margins taken off)."""
        return sum(self.widths[col:col + span]) + (span - 1) * self.pad

    def dau(self, titles: Sequence[str]) -> float:
        return max(self.o(t, k, style=self.head) for k, t in enumerate(titles)) + BORDER_PT


def o_dong(text: str, width_pt: float, style: TextStyle, size: float | None = None,
           chu_thich: Callable[[list], str] | None = None) -> list[tuple[metrics.Piece, ...]]:
    """The lines of a cell holding ``text`` over ``width_pt``: what a cell's height counts and what
    the PDF draws, one rule. Inline marks allowed: a bold or italic run is measured in its face, a
    subscript, superscript or footnote call small (``metrics.SMALL``); ``chu_thich`` gives a
    footnote's call mark from its runs (its number; "" leaves it out), else a one-digit call is
    measured (the number is known only where the document is drawn)."""
    size = size or style.size
    width = max(width_pt, 10.0)
    if not text or not has_marks(text):
        return [((line, style.bold, style.italic, ""),) if line else ()
                for part in (text or "").split("\n")
                for line in metrics.wrap(part, width, size, bold=style.bold, italic=style.italic)]
    pieces = []
    for r in parse_inline(text, style.bold, style.italic):
        if r.note is None:
            pieces.append((r.text, r.bold, r.italic, r.vert or ""))
            continue
        mark = chu_thich(r.note) if chu_thich is not None else "1"
        if mark:
            pieces.append((mark, style.bold, style.italic, "note"))
    return metrics.wrap_pieces(pieces, width, size)


def _pieces(rows, merges: Sequence[dict[int, str]], breaks: set[int]) -> list[_Piece]:
    """The merged cells, cut where a page starts (``breaks``: first row of a page)."""
    pieces: list[_Piece] = []
    open_: dict[int, _Piece] = {}
    for i, row in enumerate(rows):
        m = merges[i] if i < len(merges) else {}
        for col in list(open_):
            if m.get(col) == "continue" and i not in breaks:
                open_[col].last = i
            else:
                pieces.append(open_.pop(col))
        for col, how in m.items():
            if how == "restart" or (how == "continue" and col not in open_):
                open_[col] = _Piece(col, i, i, row[col] if col < len(row) else "")
    pieces.extend(open_.values())
    return pieces


def _heights(rows, merges, breaks: set[int], m: BangDo, label_column: bool) -> list[float]:
    heights = []
    for i, row in enumerate(rows):
        if is_group(row):
            label, title = row
            if label_column and len(m.widths) > 1:
                h = max(m.o(label, 0, style=m.head), m.o(title, 1, len(m.widths) - 1, m.group))
            else:
                h = m.o(f"{label}. {title}" if label else title, 0, len(m.widths), m.group)
        else:
            mm = merges[i] if i < len(merges) else {}
            h = max([m.o(t, k) for k, t in enumerate(row) if k < len(m.widths) and k not in mm] or [m.o("", 0)])
        heights.append(h + BORDER_PT)
    for p in _pieces(rows, merges, breaks):
        want = m.o(p.text, p.col) + BORDER_PT
        have = sum(heights[p.first:p.last + 1])
        if want > have:  # the rows of a merge too short for its text together: the last one grows
            heights[p.last] += want - have
    return heights


def _breaks(rows, heights: list[float], room: tuple[float, float], may_split: Sequence[bool]) -> dict[int, int]:
    """Row -> the number of the page it begins (the table's first page is 1), for every row that
    begins a page after the first; a row taller than its page runs on, the pages it fills counted."""
    breaks: dict[int, int] = {}
    page = 1
    used, start = 0.0, 0
    for i, h in enumerate(heights):
        cap = room[page > 1]
        if used + h > cap and i > start and not may_split[i]:
            b = i
            while b - 1 > start and is_group(rows[b - 1]):  # a group row goes with its first task
                b -= 1
            page += 1
            breaks[b] = page
            start, used = b, sum(heights[b:i + 1])
        else:
            used += h
            while used > cap and may_split[i]:  # a row taller than the page runs on
                used -= cap
                cap = room[1]
                page += 1  # a page began inside the row (not a row boundary)
    return breaks


def _paginate(rows, merges, m: BangDo, room: tuple[float, float], label_column: bool,
              may_split: Sequence[bool]) -> dict[int, int]:
    breaks: dict[int, int] = {}
    for _ in range(8):  # heights depend on where merges are cut, the cuts on heights
        new = _breaks(rows, _heights(rows, merges, set(breaks), m, label_column), room, may_split)
        if new.keys() == breaks.keys():
            return new
        breaks = new
    return breaks


def ngat_trang(rows, merges: Sequence[dict[int, str]], m: BangDo, room: tuple[float, float], *,
               label_column: bool = False, may_split: Sequence[bool] | None = None) -> list[int]:
    """The rows (indexes) that begin a new page of the table after its first page, in order.
    ``room``: the height for rows under the repeated column head on the first page of the
    annex (under its heading) and on the next ones. Empty for a table without merged cells:
    nothing is lost at a break there, and the renderer breaks where it must."""
    if not any(merges):
        return []
    may_split = list(may_split) if may_split is not None else [False] * len(rows)
    room = (room[0] * PAGE_FILL, room[1] * PAGE_FILL)
    if min(room) <= 0:
        return []
    return sorted(_paginate(rows, merges, m, room, label_column, may_split))


def cat_gop(rows, merges: Sequence[dict[int, str]], breaks: Sequence[int]) -> list[dict[int, str]]:
    """``merges`` cut at ``breaks``: a merge that runs on into a new page restarts there, its
    value written again; a merge left with one row on a side becomes a plain cell."""
    starts = set(breaks)
    out = [dict(m) for m in merges]
    for i in starts:
        if i < len(out):
            for col, how in list(out[i].items()):
                if how == "continue":
                    out[i][col] = "restart"
    # A "restart" with no "continue" below it is a cell on its own.
    for i, m in enumerate(out):
        for col, how in list(m.items()):
            nxt = out[i + 1].get(col) if i + 1 < len(out) else None
            if how == "restart" and nxt != "continue":
                del m[col]
    return out


def dau_phu_luc_cao(geo: Geometry, nhan: str, ten: str, phu_de: str, kem_theo: str) -> float:
    """The height of an annex's heading above its table: label, title, subtitle, Kèm theo line,
    the rule under it and the empty line between the rule and the table, as the Word template
    lays them out (the rule: a paragraph of style VBGach, an exact ``RULE_LINE_PT`` line with a
    bottom border; the empty line: a paragraph of style Normal)."""
    width = geo.annex_page.text_width / 20
    h = 0.0
    if nhan:
        h += doan_cao(nhan, width, geo.style("VBPhuLucSo"))
    h += doan_cao(ten, width, geo.style("VBPhuLucTen"))
    if phu_de:
        h += doan_cao(phu_de, width, geo.style("VBPhuLucTen"))
    h += doan_cao(kem_theo, width, geo.style("VBKemTheo"))
    return h + RULE_LINE_PT + BORDER_PT + dong_cao(geo.style("Normal"))


def cho_trong(geo: Geometry, heading_pt: float, head_pt: float) -> tuple[float, float]:
    """The room for rows on the annex's first page and on the next ones (points)."""
    page = geo.annex_page
    text = (page.height - page.top - page.bottom) / 20
    return text - heading_pt - head_pt, text - head_pt


def trang_moi(geo: Geometry, heading_pt: float, weights: Sequence[float], titles: Sequence[str], rows,
              merges: Sequence[dict[int, str]] | None, *, size: float | None = None, label_column: bool = False,
              may_split: bool | Sequence[bool] = False) -> list[int]:
    """The rows that begin a new page of an annex table laid over the annex page's text width
    under a heading ``heading_pt`` high: what the .docx and the PDF writers both call."""
    if not merges or not any(merges):
        return []
    m = BangDo(weights, geo.annex_page.text_width / 20, geo, size)
    split = [may_split] * len(rows) if isinstance(may_split, bool) else list(may_split)
    room = cho_trong(geo, heading_pt, m.dau(titles))
    return ngat_trang(rows, merges, m, room, label_column=label_column, may_split=split)


def trang_bat_dau(geo: Geometry, heading_pt: float, weights: Sequence[float], titles: Sequence[str], rows,
                  merges: Sequence[dict[int, str]] | None, *, size: float | None = None, label_column: bool = False,
                  may_split: bool | Sequence[bool] = False, fill: float = PAGE_FILL) -> dict[int, int]:
    """Row -> the number of the annex page it begins (from 2), for any table, merged cells or
    not: where a page begins when every page is filled to ``fill``; at ``PAGE_FILL`` as
    ``trang_moi`` decides for a table with merged cells (the same rows there). The PDF writer
    cuts a long table into pieces laid out one by one at these rows; the .xlsx writer begins
    its pages where a table without merged cells fills its pages (``fill`` 1), as the .docx
    flows."""
    merges = list(merges) if merges else [{} for _ in rows]
    m = BangDo(weights, geo.annex_page.text_width / 20, geo, size)
    split = [may_split] * len(rows) if isinstance(may_split, bool) else list(may_split)
    room = cho_trong(geo, heading_pt, m.dau(titles))
    room = (room[0] * fill, room[1] * fill)
    if min(room) <= 0:
        return {}
    return _paginate(rows, merges, m, room, label_column, split)


def tach_duoc(geo: Geometry, weights: Sequence[float], rows, size: float | None = None) -> list[bool]:
    """Per row of a ``tach_dong`` table: may it break across pages? Only a task row taller than
    the annex page's text (a row split for a line or two leaves "Chưa báo" | "cáo" and a
    continuation row with no TT); a group row never. Measured as the pagination measures."""
    m = BangDo(weights, geo.annex_page.text_width / 20, geo, size)
    page = geo.annex_page
    text = (page.height - page.top - page.bottom) / 20
    heights = _heights(rows, [{} for _ in rows], set(), m, False)
    return [not is_group(r) and h > text for r, h in zip(rows, heights)]
