"""An annex laid out to its pages, every line and border placed: what the PDF draws without a
typesetter (``render.pdf_bang``).

From the annex (``bo_cuc.BangBoCuc``) and the Word template's geometry: the heading lines of the
first page (label, title, subtitle, Kèm theo line, the rule under it), the column head at the top
of every page, the rows in the heights the pagination measures (``phan_trang.BangDo``: the lines of
each cell by ``phan_trang.o_dong``, its margins, the grid line), pages beginning at the rows the
layout says (``BangBoCuc.trang`` where merged cells were cut, else ``trang_day``: every page
filled to the bottom, as the .docx flows and the .xlsx prints), a merged cell drawn once over its
rows on each page with its value, a row taller than a page broken between its lines. The page
number is at the top centre from the annex's second page on.

Lengths are points from the page's top left corner; a line of text is placed by its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import metrics
from ..text.so_ngay import ngay_trong_cau, so_hieu_trong_cau
from ..text.than_van import has_marks, parse_inline
from . import phan_trang
from .bo_cuc import BangBoCuc, OBang
from .geometry import RULE_RATIO, Geometry, TextStyle

# Times New Roman and Liberation Serif (metric twins): ascender and descender, in em.
ASCENT, DESCENT = 0.891, 0.216
BORDER = 0.5  # the grid lines of the table (nd30.css: 0.5pt)


@dataclass(frozen=True)
class DongChu:
    """One line of text: where its baseline begins (x, y), its size, its pieces (text, bold, italic)."""

    x: float
    y: float
    co_chu: float
    phan: tuple[metrics.Piece, ...]


@dataclass
class TrangBang:
    """One page: its size, the number shown at its top (None: none), the cells' borders (x, y,
    width, height), the lines of text, the rules (x1, x2, y, thickness)."""

    rong: float
    cao: float
    so: int | None
    khung: list[tuple[float, float, float, float]] = field(default_factory=list)
    chu: list[DongChu] = field(default_factory=list)
    gach: list[tuple[float, float, float, float]] = field(default_factory=list)


def ve_duoc(bang: BangBoCuc) -> bool:
    """Can the annex be laid out here? Not when a cell holds a footnote, a subscript or a
    superscript: those are left to the typesetter."""
    for row in bang.dong:
        for o in row.o:
            if o.text and not o.nhan and has_marks(o.text):
                if any(r.note is not None or r.vert for r in parse_inline(o.text)):
                    return False
    return True


def line_height(style: TextStyle, size: float | None = None) -> float:
    return phan_trang.dong_cao(style, size)


def baseline(top: float, style: TextStyle, size: float) -> float:
    """The baseline of a line whose box begins at ``top`` (the leading split above and below)."""
    h = line_height(style, size)
    return top + (h - (ASCENT + DESCENT) * size) / 2 + ASCENT * size


@dataclass
class _Cell:
    x: float
    w: float
    lines: list[tuple[metrics.Piece, ...]]
    style: TextStyle
    giua: bool


class _Pages:
    """The pages being filled, top to bottom."""

    def __init__(self, bang: BangBoCuc, geo: Geometry, first_number: int):
        self.geo, self.bang = geo, bang
        p = geo.annex_page
        self.w, self.h = p.width / 20, p.height / 20
        self.left, self.top, self.bottom = p.left / 20, p.top / 20, (p.height - p.bottom) / 20
        self.text_width = p.text_width / 20
        self.number_top = p.header / 20
        self.m = phan_trang.BangDo([c.rong for c in bang.cot], self.text_width, geo, bang.co_chu)
        self.size = self.m.size
        self.pad_left = geo.annex_cell[0] / 20
        total = sum(c.rong for c in bang.cot) or 1
        xs = [self.left]
        for c in bang.cot:
            xs.append(xs[-1] + self.text_width * c.rong / total)
        self.xs = xs
        self.pages: list[TrangBang] = []
        self.first_number = first_number
        self.y = 0.0
        self.rows_on_page = 0

    # -- text ---------------------------------------------------------------------------------

    def cell(self, text: str, col: int, span: int, style: TextStyle, giua: bool, dau: str = "",
             literal: bool = False) -> _Cell:
        width = self.m.rong(col, span)
        if literal or dau:
            head = [(dau, style.bold, style.italic)] if dau else []
            body = [(text, style.bold, style.italic)] if literal else _runs(text, style)
            lines = metrics.wrap_pieces(head + body, max(width, 10.0), self.size)
        else:
            lines = phan_trang.o_dong(text, width, style, self.size)
        return _Cell(self.xs[col], self.xs[col + span] - self.xs[col], lines, style, giua)

    def place(self, c: _Cell, top: float, height: float, lines: list | None = None, middle: bool = True) -> None:
        """The lines of cell ``c`` in the box from ``top``, ``height`` tall: centred vertically
        (``middle``) or from the top; the cell's border around the box."""
        page = self.pages[-1]
        page.khung.append((c.x, top, c.w, height))
        lines = c.lines if lines is None else lines
        lh = line_height(c.style, self.size)
        before, after = c.style.before / 20, c.style.after / 20
        inner = height - before - after - phan_trang.BORDER_PT
        y = top + phan_trang.BORDER_PT / 2 + before + (max(0.0, inner - lh * len(lines)) / 2 if middle else 0.0)
        width = c.w - (self.geo.annex_cell[0] + self.geo.annex_cell[1]) / 20
        for line in lines:
            if line:
                x = c.x + self.pad_left
                if c.giua:
                    x += (width - metrics.pieces_width(line, self.size)) / 2
                page.chu.append(DongChu(round(x, 3), round(baseline(y, c.style, self.size), 3), self.size, line))
            y += lh

    # -- pages --------------------------------------------------------------------------------

    def new_page(self) -> None:
        n = len(self.pages)
        number = self.first_number + n
        self.pages.append(TrangBang(self.w, self.h, number if number > 1 else None))
        if number > 1:
            self.number(number)
        self.y = self.top
        if n == 0:
            self.heading()
        self.head()
        self.rows_on_page = 0

    def number(self, number: int) -> None:
        style = self.geo.style("VBSoTrang")
        text = str(number)
        x = self.left + (self.text_width - metrics.width_pt(text, style.size, style.bold, style.italic)) / 2
        self.pages[-1].chu.append(DongChu(round(x, 3), round(baseline(self.number_top, style, style.size), 3),
                                          style.size, ((text, style.bold, style.italic),)))

    def heading(self) -> None:
        """Label, title, subtitle, Kèm theo line, centred over the text width; the rule under the
        last: as tall as ``bang.cao_dau`` measures it."""
        b, geo = self.bang, self.geo
        top = self.y
        y = top
        items = (([(b.nhan, "VBPhuLucSo")] if b.nhan else []) + [(b.ten, "VBPhuLucTen")] +
                 ([(b.phu_de, "VBPhuLucTen")] if b.phu_de else []) + [(b.kem_theo, "VBKemTheo")])
        for text, key in items:  # as ``phan_trang.dau_phu_luc_cao`` measures them
            style = geo.style(key)
            y += style.before / 20
            for part in text.split("\n"):
                tokens = _tokens(part) if key == "VBKemTheo" else part.split()
                for line in metrics.wrap_tokens(tokens, self.text_width, style.size, style.bold, style.italic):
                    w = metrics.width_pt(line, style.size, style.bold, style.italic)
                    self.pages[-1].chu.append(DongChu(round(self.left + (self.text_width - w) / 2, 3),
                                                      round(baseline(y, style, style.size), 3), style.size,
                                                      ((line, style.bold, style.italic),) if line else ()))
                    y += line_height(style)
            y += style.after / 20
        kem = geo.style("VBKemTheo")
        rule = min(metrics.width_pt(b.kem_theo, kem.size, italic=True), self.text_width) * RULE_RATIO
        x = self.left + (self.text_width - rule) / 2
        rule_y = y + phan_trang.RULE_LINE_PT + phan_trang.BORDER_PT / 2  # the paragraph's bottom border
        self.pages[-1].gach.append((round(x, 3), round(x + rule, 3), round(rule_y, 3), phan_trang.BORDER_PT))
        self.y = top + b.cao_dau

    def head(self) -> None:
        style = self.m.head
        cells = [self.cell(c.tieu_de, k, 1, style, True, literal=True) for k, c in enumerate(self.bang.cot)]
        h = self.m.dau([c.tieu_de for c in self.bang.cot])
        for c in cells:
            self.place(c, self.y, h)
        self.y += h

    def room(self) -> float:
        return self.bottom - self.y


def _runs(text: str, style: TextStyle) -> list[metrics.Piece]:
    if not text or not has_marks(text):
        return [(text or "", style.bold, style.italic)]
    return [(r.text, r.bold, r.italic) for r in parse_inline(text, style.bold, style.italic) if r.note is None]


def _tokens(text: str) -> list[str]:
    """The words of ``text``, each cited số and ký hiệu and each date, quarter or month of a year
    one token, never broken (the PDF's ``so-hieu`` and ``ngay`` rule)."""
    chars = list(text)
    for a, b in so_hieu_trong_cau(text) + ngay_trong_cau(text):
        for j in range(a, b):
            if chars[j].isspace():
                chars[j] = "\x00"  # not a break: a space again once split
    return [t.replace("\x00", " ") for t in "".join(chars).split()]


def _row_cells(pages: _Pages, row) -> list[tuple[int, OBang, _Cell]]:
    m = pages.m
    out = []
    k = 0
    for o in row.o:
        if row.nhom:
            style = m.head if o.nhan else m.group
        else:
            style = m.cell
        out.append((k, o, pages.cell(o.text, k, o.span, style, o.giua, dau=o.dau, literal=o.nhan)))
        k += o.span
    return out


def trang_bang(bang: BangBoCuc, geo: Geometry, first_number: int = 1) -> list[TrangBang]:
    """The pages of the annex ``bang``, numbered from ``first_number`` (the first page shows no
    number when it is 1).

    Pages begin at the rows where the layout cut the merges (``bang.trang``), and wherever the
    next row no longer fits: a group row goes with the first task row under it, a row that may
    break (``tach``, or taller than a page) runs on from where it is; so a table without merged
    cells begins its pages where ``bang.trang_day`` says, by the same measure."""
    pages = _Pages(bang, geo, first_number)
    forced = set(bang.trang)
    cells = [_row_cells(pages, row) for row in bang.dong]
    border = phan_trang.BORDER_PT
    # Row heights as the pagination measures them: the tallest unmerged cell; a merged cell's
    # text taller than its rows together makes the last of them taller.
    heights = []
    for i, row in enumerate(bang.dong):
        own = [_cell_height(c, pages) for _, o, c in cells[i] if o.gop is None]
        heights.append(max(own or [pages.m.o("", 0)]) + border)
    for i, row in enumerate(bang.dong):
        for _, o, c in cells[i]:
            if o.gop == "restart" and o.rowspan > 1:
                want = _cell_height(c, pages) + border
                have = sum(heights[i:i + o.rowspan])
                if want > have:
                    heights[i + o.rowspan - 1] += want - have
    full = pages.bottom - pages.top - pages.m.dau([c.tieu_de for c in bang.cot])  # a page after the first
    runs_on = [row.tach or h > full for row, h in zip(bang.dong, heights)]

    def need(i: int) -> float:
        """The room row ``i`` needs on the page it begins: all of it, or its first lines when
        it runs on; a group row, the group rows under it and the first lines of their first task."""
        total = 0.0
        while i < len(bang.dong) and bang.dong[i].nhom and not runs_on[i]:
            total += heights[i]
            i += 1
        if i < len(bang.dong):
            total += _least(cells[i], pages) if runs_on[i] else heights[i]
        return total

    pages.new_page()
    # merged cells being drawn: column -> [cell, top, bottom], placed when they end or the page ends
    open_: dict[int, list] = {}

    def close(col: int) -> None:
        c, top, bottom = open_.pop(col)
        pages.place(c, top, bottom - top)

    def end_page() -> None:
        for col in list(open_):
            close(col)

    for i, row in enumerate(bang.dong):
        h = heights[i]
        if pages.rows_on_page and (i in forced or need(i) > pages.room()):
            end_page()
            pages.new_page()
        if h > pages.room():  # broken between its lines
            end_page()
            _split_row(pages, cells[i])
            continue
        top = pages.y
        for col, o, c in cells[i]:
            if o.gop == "continue" and col in open_:
                open_[col][2] = top + h
                continue
            if col in open_:
                close(col)
            if o.gop in ("restart", "continue"):  # a merge, or its part on a new page: drawn when it ends
                open_[col] = [c, top, top + h]
                continue
            pages.place(c, top, h)
        for col in [c for c in open_ if not any(k == c and o.gop for k, o, _ in cells[i])]:
            close(col)
        pages.y += h
        pages.rows_on_page += 1
    end_page()
    return pages.pages


def _cell_height(c: _Cell, pages: _Pages) -> float:
    return (c.style.before + c.style.after) / 20 + len(c.lines) * line_height(c.style, pages.size)


def _least(cells: list, pages: _Pages) -> float:
    """The height of a row's first part when it breaks: one line of each cell, its margins."""
    return max((c.style.before + c.style.after) / 20 + line_height(c.style, pages.size) for _, _, c in cells) \
        + phan_trang.BORDER_PT


def _split_row(pages: _Pages, cells: list) -> None:
    """A row taller than the room left: its cells' lines from the top, as many as fit on each page."""
    done = {col: 0 for col, _, _ in cells}
    while True:
        room = pages.room()
        top = pages.y
        used = 0.0
        left = False
        parts = []
        for col, o, c in cells:
            pad = (c.style.before + c.style.after) / 20 + phan_trang.BORDER_PT
            lh = line_height(c.style, pages.size)
            fit = max(1, int((room - pad) // lh))
            lines = c.lines[done[col]:done[col] + fit]
            done[col] += len(lines)
            left = left or done[col] < len(c.lines)
            used = max(used, pad + lh * len(lines))
            parts.append((c, lines))
        height = room if left else used
        for c, lines in parts:
            pages.place(c, top, height, lines, middle=False)
        pages.y += height
        pages.rows_on_page += 1
        if not left:
            return
        pages.new_page()
