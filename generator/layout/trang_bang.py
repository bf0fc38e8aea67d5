"""An annex laid out to its pages, every line and border placed: what the PDF draws without a
typesetter (``render.pdf_bang``).

From the annex (``bo_cuc.BangBoCuc``) and the Word template's geometry: the heading lines of the
first page (label, title, subtitle, Kèm theo line, the rule under it), the column head at the top
of every page, the rows in the heights the pagination measures (``phan_trang.BangDo``: the lines of
each cell by ``phan_trang.o_dong``, its margins, the grid line), pages beginning where the layout
cut merged cells (``BangBoCuc.trang``) and where the next row no longer fits, by the measure of
``BangBoCuc.trang_day`` (every page filled to the bottom, as the .docx flows and the .xlsx prints:
the same rows), a merged cell drawn once over its rows on each page with its value, a row taller
than a page broken between its lines. The page number is at the top centre from the annex's
second page on. A footnote called in a cell is numbered on from the document's notes before it
(``VanBanBoCuc.chu_thich_dau``) and written at the foot of the page of its call, under a 2-inch
rule, as the .docx has it; the rows of a page leave room for its notes.

Lengths are points from the page's top left corner; a line of text is placed by its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import metrics
from ..text.so_ngay import ngay_trong_cau, so_hieu_trong_cau
from ..text.than_van import Run
from . import phan_trang
from .bo_cuc import BangBoCuc, OBang
from .geometry import Geometry, TextStyle

# Times New Roman and Liberation Serif (metric twins): ascender and descender, in em.
ASCENT, DESCENT = 0.891, 0.216
BORDER = 0.5  # the grid lines of the table (nd30.css: 0.5pt)
RAISE = {"sup": 0.33, "note": 0.33, "sub": -0.14}  # a small run's baseline shift, in em of the text (Word's)
NOTE_RULE, NOTE_GAP = 144.0, 6.0  # the footnotes' separator (2 inches, as Word draws it), the space above it


@dataclass(frozen=True)
class DongChu:
    """One line of text: where its baseline begins (x, y), its size, its pieces (text, bold, italic,
    vert: a subscript, superscript or footnote call is drawn at ``metrics.SMALL`` of the size,
    raised or lowered by ``RAISE``)."""

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


def baseline(top: float, style: TextStyle, size: float) -> float:
    """The baseline of a line whose box begins at ``top`` (the leading split above and below)."""
    h = phan_trang.dong_cao(style, size)
    return top + (h - (ASCENT + DESCENT) * size) / 2 + ASCENT * size


@dataclass
class _Cell:
    x: float
    w: float
    lines: list[tuple[metrics.Piece, ...]]
    style: TextStyle
    giua: bool
    notes: dict[str, list[Run]] = field(default_factory=dict)  # call mark -> the footnote's runs


class _Pages:
    """The pages being filled, top to bottom."""

    def __init__(self, bang: BangBoCuc, geo: Geometry, first_number: int, first_note: int):
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
        self.next_note = first_note
        self.note_style = geo.style("FootnoteText")
        self.page_notes: list[tuple[str, list, float]] = []  # the page's footnotes: mark, lines, height

    # -- text ---------------------------------------------------------------------------------

    def cell(self, text: str, col: int, span: int, style: TextStyle, giua: bool, dau: str = "",
             literal: bool = False, numbered: bool = True) -> _Cell:
        """A cell of ``span`` columns from ``col``: its lines, its footnotes numbered on (none
        when not ``numbered``: a merged value written again); ``literal``: no inline marks."""
        width = self.m.rong(col, span)
        notes: dict[str, list[Run]] = {}
        if literal:
            lines = metrics.wrap_pieces([(text, style.bold, style.italic, "")], max(width, 10.0), self.size)
        else:
            lines = phan_trang.o_dong(dau + text, width, style, self.size,
                                      self._caller(notes) if numbered else (lambda runs: ""))
        return _Cell(self.xs[col], self.xs[col + span] - self.xs[col], lines, style, giua, notes)

    def _caller(self, notes: dict):
        def call(runs: list[Run]) -> str:
            mark = str(self.next_note)
            self.next_note += 1
            notes[mark] = runs
            return mark
        return call

    # -- footnotes ----------------------------------------------------------------------------

    def note(self, mark: str, runs: list[Run]) -> tuple[str, list, float]:
        """A footnote laid out over the text width: its mark (small, raised), a space, its text."""
        st = self.note_style
        pieces = [(mark, st.bold, st.italic, "sup"), (" ", st.bold, st.italic, "")]
        pieces += [(r.text, r.bold or st.bold, r.italic or st.italic, r.vert or "") for r in runs if r.note is None]
        lines = metrics.wrap_pieces(pieces, self.text_width, st.size)
        return mark, lines, (st.before + st.after) / 20 + len(lines) * phan_trang.dong_cao(st)

    def notes_of(self, cells, lines_of=None) -> list[tuple[str, list, float]]:
        """The footnotes called in ``cells`` (in the lines ``lines_of(cell)`` only, when given)."""
        out = []
        for c in cells:
            if c.notes:
                for line in (lines_of(c) if lines_of else c.lines):
                    out += [self.note(p[0], c.notes[p[0]]) for p in line if p[3] == "note" and p[0] in c.notes]
        return out

    def notes_height(self, notes) -> float:
        """The height ``notes`` would add to the foot of the page."""
        return _area(self.page_notes + notes) - _area(self.page_notes) if notes else 0.0

    def finish(self) -> None:
        """The page's footnotes at its foot, under the separator."""
        if not self.page_notes:
            return
        page, st = self.pages[-1], self.note_style
        top = self.bottom - _area(self.page_notes)
        page.gach.append((round(self.left, 3), round(self.left + NOTE_RULE, 3), round(top + NOTE_GAP, 3), BORDER))
        y = top + NOTE_GAP + 1.0
        for _, lines, h in self.page_notes:
            line_y = y + st.before / 20
            for line in lines:
                if line:
                    page.chu.append(DongChu(round(self.left, 3), round(baseline(line_y, st, st.size), 3), st.size, line))
                line_y += phan_trang.dong_cao(st)
            y += h
        self.page_notes = []

    def place(self, c: _Cell, top: float, height: float, lines: list | None = None, middle: bool = True) -> None:
        """The lines of cell ``c`` in the box from ``top``, ``height`` tall: centred vertically
        (``middle``) or from the top; the cell's border around the box."""
        page = self.pages[-1]
        page.khung.append((c.x, top, c.w, height))
        lines = c.lines if lines is None else lines
        lh = phan_trang.dong_cao(c.style, self.size)
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
        if c.notes:
            self.page_notes += self.notes_of([c], lambda _: lines)

    # -- pages --------------------------------------------------------------------------------

    def new_page(self) -> None:
        if self.pages:
            self.finish()
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
                                          style.size, ((text, style.bold, style.italic, ""),)))

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
                                                      ((line, style.bold, style.italic, ""),) if line else ()))
                    y += phan_trang.dong_cao(style)
            y += style.after / 20
        rule = b.gach / 20
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
        """The height left for rows: down to the page's footnotes, if any."""
        return self.bottom - self.y - _area(self.page_notes)


def _area(notes) -> float:
    """The height of the foot of a page holding ``notes``: the space and rule above them, them."""
    return sum(h for _, _, h in notes) + NOTE_GAP + 1.0 if notes else 0.0


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
        style = (m.head if o.nhan else m.group) if row.nhom else m.cell
        out.append((k, o, pages.cell(o.text, k, o.span, style, o.giua, dau=o.dau, literal=o.nhan,
                                     numbered=o.gop != "continue")))
        k += o.span
    return out


def trang_bang(bang: BangBoCuc, geo: Geometry, first_number: int = 1, first_note: int = 1) -> list[TrangBang]:
    """The pages of the annex ``bang``, numbered from ``first_number`` (the first page shows no
    number when it is 1), its footnotes from ``first_note``.

    Pages begin at the rows where the layout cut the merges (``bang.trang``), and wherever the
    next row no longer fits: a group row goes with the first task row under it, a row that may
    break (``tach``, or taller than a page) runs on from where it is; so a table without merged
    cells begins its pages where ``bang.trang_day`` says, by the same measure."""
    pages = _Pages(bang, geo, first_number, first_note)
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
        """The room row ``i`` needs on the page it begins: all of it and its footnotes, or its
        first lines when it runs on; a group row, the group rows under it and the first lines of
        their first task."""
        total, notes = 0.0, []
        while i < len(bang.dong) and bang.dong[i].nhom and not runs_on[i]:
            total += heights[i]
            notes += pages.notes_of([c for _, _, c in cells[i]])
            i += 1
        if i < len(bang.dong):
            if runs_on[i]:
                total += _least(cells[i], pages)
            else:
                total += heights[i]
                notes += pages.notes_of([c for _, _, c in cells[i]])
        return total + pages.notes_height(notes)

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
        if h + pages.notes_height(pages.notes_of([c for _, _, c in cells[i]])) > pages.room():
            end_page()  # broken between its lines
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
    pages.finish()
    return pages.pages


def _cell_height(c: _Cell, pages: _Pages) -> float:
    return (c.style.before + c.style.after) / 20 + len(c.lines) * phan_trang.dong_cao(c.style, pages.size)


def _least(cells: list, pages: _Pages) -> float:
    """The height of a row's first part when it breaks: one line of each cell, its margins."""
    return max((c.style.before + c.style.after) / 20 + phan_trang.dong_cao(c.style, pages.size) for _, _, c in cells) \
        + phan_trang.BORDER_PT


def _split_row(pages: _Pages, cells: list) -> None:
    """A row taller than the room left: its cells' lines from the top, as many as fit on each page."""
    cols = {id(c): col for col, _, c in cells}
    done = {col: 0 for col, _, _ in cells}
    while True:
        # the notes called in what is left of the row, at the foot of this page if they fit
        notes = pages.notes_of([c for _, _, c in cells], lambda c: c.lines[done[cols[id(c)]]:])
        room = pages.room() - pages.notes_height(notes)
        if room < _least(cells, pages):
            room = pages.room()
        top = pages.y
        used = 0.0
        left = False
        parts = []
        for col, o, c in cells:
            pad = (c.style.before + c.style.after) / 20 + phan_trang.BORDER_PT
            lh = phan_trang.dong_cao(c.style, pages.size)
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
