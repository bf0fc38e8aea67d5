"""What every writer draws the same, laid out once and format-neutral: the header and signature
block (``DauBoCuc``: header lines as wrapped in the template's cells, rule lengths, signer and
recipients) and an annex table (``BangBoCuc``): its heading lines, its columns
(titles, relative widths, centred or not), and every row's cells with their spans and vertical
merges already cut where the pages begin, which rows begin a page and which may break across
one. The .docx and PDF writers only translate it (``render.docx_common.annex_table``,
``render.pdf_ke_hoach.annex_html``); every rule (merges, pagination, label column, centred
columns, split rows) is applied here, once, from the Word template's geometry.

A plan's annex (``model.PhuLuc``) and an issued document's (``model.van_ban_di.BangPhuLuc``)
become the same layout (``bang_ke_hoach``, ``bang_van_ban``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model import KeHoach, PhuLuc
from ..model.phu_luc import CO_CHU_BANG
from ..model.van_ban import VanBan
from ..model.van_ban_di import BangPhuLuc, VanBanDi
from ..text.than_van import Para, parse_inline, plain
from ..text import metrics
from . import phan_trang, prepare
from .bang import CENTRED_COLUMNS, TableData, cot_nhan, is_group, rowspans, vertical_merges
from .geometry import RULE_RATIO, Geometry
from .prepare import Header, HeaderLayout, KinhGuiLine


@dataclass(frozen=True)
class DauBoCuc:
    """The header and the signature block of a document, laid out in the template's header
    table and text width: the fields (``Header``), the agency names' line breaks and the three
    rule lengths (``HeaderLayout``, twips), the Nơi nhận lines, the quyền hạn lines, the name."""

    truong: Header
    dong: HeaderLayout
    noi_nhan: list[str]
    quyen_han: list[str]
    ho_ten: str


def dau(vb: VanBan, geo: Geometry) -> DauBoCuc:
    """The header and signature block of ``vb`` laid out by ``geo`` (the Word template's)."""
    lines = prepare.header_layout(
        vb, geo.header.cell(0), geo.page.text_width,
        agency_size=geo.size("VBCoQuanBanHanh"), agency_bold=geo.bold("VBCoQuanBanHanh"),
        parent_size=geo.size("VBCoQuanChuQuan"), motto_size=geo.size("VBTieuNgu"),
        trich_yeu_size=geo.size("VBTrichYeu"))
    return DauBoCuc(prepare.header(vb), lines, prepare.noi_nhan(vb), prepare.signer(vb), vb.nguoi_ky.ho_ten)


@dataclass(frozen=True)
class CotBang:
    """A column: its title, relative width, centred or not."""

    tieu_de: str
    rong: float
    giua: bool = False


@dataclass(frozen=True)
class OBang:
    """A cell: its text (inline marks allowed), centred or not, the columns it spans, and its
    vertical merge: ``gop`` "restart" (the first cell of a merge, ``rowspan`` rows tall),
    "continue" (covered by the cell above: a writer of row spans leaves it out), or None.
    ``nhan``: the label of a group row (drawn like a column head)."""

    text: str
    giua: bool = False
    span: int = 1
    rowspan: int = 1
    gop: str | None = None
    nhan: bool = False
    dau: str = ""  # plain text before ``text``: a group's "I. " when its label has no column of its own


@dataclass(frozen=True)
class DongBangBoCuc:
    """A row: a group row (``nhom``) or a task row, its cells in column order, whether it may
    break across pages (``tach``) and whether it begins a page (``trang_moi``)."""

    nhom: bool
    o: tuple[OBang, ...]
    tach: bool = False
    trang_moi: bool = False


@dataclass
class BangBoCuc:
    """One annex, laid out: heading lines, columns, rows; ``co_chu``: the table's font size when
    the annex sets one (None: the table style's); ``gach``: the length of the rule under the Kèm
    theo line (twips); ``cao_dau``: the heading's height above the
    table (points); ``trang``: the rows that begin a page (a table with merged cells is cut
    there, each merge restarted with its value)."""

    nhan: str
    ten: str
    phu_de: str
    kem_theo: str
    cot: list[CotBang]
    dong: list[DongBangBoCuc]
    co_chu: float | None
    cao_dau: float
    trang: list[int]
    tach_dong: bool = False
    gach: int = 0
    # what the page estimate of a long table needs (``trang_uoc``)
    _estimate: tuple = field(default=(), repr=False)

    @cached_property
    def trang_uoc(self) -> dict[int, int]:
        """Row -> the number of the annex page it begins (from 2), as every page filled: where a
        writer laying a long table out in pieces cuts it (``phan_trang.trang_bat_dau``)."""
        geo, rows, merges, label_column, may_split = self._estimate
        return phan_trang.trang_bat_dau(geo, self.cao_dau, [c.rong for c in self.cot], [c.tieu_de for c in self.cot],
                                        rows, merges, size=self.co_chu, label_column=label_column, may_split=may_split)

    @cached_property
    def trang_day(self) -> dict[int, int]:
        """Row -> the number of the annex page it begins, as every page filled to the bottom: where
        a table without merged cells begins its pages when nothing forces them (the .docx flows
        so), and where the .xlsx begins them."""
        geo, rows, merges, label_column, may_split = self._estimate
        return phan_trang.trang_bat_dau(geo, self.cao_dau, [c.rong for c in self.cot], [c.tieu_de for c in self.cot],
                                        rows, merges, size=self.co_chu, label_column=label_column, may_split=may_split,
                                        fill=1.0)


WORD_SAFETY_PT = 1.5  # a little more than a word's metric width: hinted glyphs can be wider
MIN_SHARE = 0.3  # no column is widened past this share of the table for its words


def do_rong(geo: Geometry, cot: list[CotBang], rows: TableData, size: float | None = None) -> list[CotBang]:
    """``cot`` with each column made at least as wide as the longest word of its title (bold,
    as the column head prints it) and of its cells, so that no program breaks "STT" into "ST" |
    "T" or a date "15/12/2026" into "15/12/202" | "6" (a word wider than its cell is broken
    inside it). The width a column gains comes from the columns with room to spare, in
    proportion to that room; a column is never widened past ``MIN_SHARE`` of the table, and
    when the words cannot all fit the widths are left as they were."""
    if not cot:
        return cot
    width_pt = geo.annex_page.text_width / 20
    pad = (geo.annex_cell[0] + geo.annex_cell[1]) / 20
    head, cell = geo.style("VBBangDau"), geo.style("VBBang")
    words: list[set[str]] = [set(c.tieu_de.split()) for c in cot]
    cells: list[set[str]] = [set() for _ in cot]
    for row in rows:
        if is_group(row):
            continue
        for k, text in enumerate(row[:len(cot)]):
            if text:
                cells[k].update(plain(text).split())
    need = []
    for k in range(len(cot)):
        w = max([metrics.width_pt(x, size or head.size, bold=head.bold) for x in words[k]] +
                [metrics.width_pt(x, size or cell.size, bold=cell.bold) for x in cells[k]] + [0.0])
        need.append(min(w + WORD_SAFETY_PT + pad, width_pt * MIN_SHARE))
    total = sum(c.rong for c in cot) or 1
    have = [width_pt * c.rong / total for c in cot]
    short = {k: need[k] - have[k] for k in range(len(cot)) if need[k] > have[k]}
    if not short:
        return cot
    spare = {k: have[k] - need[k] for k in range(len(cot)) if k not in short and have[k] > need[k]}
    deficit, room = sum(short.values()), sum(spare.values())
    if deficit > room:
        return cot
    widths = [need[k] if k in short else have[k] - (deficit * spare[k] / room if k in spare else 0)
              for k in range(len(cot))]
    return [CotBang(c.tieu_de, round(w * total / width_pt, 6), c.giua) for c, w in zip(cot, widths)]


def bang(geo: Geometry, *, nhan: str, ten: str, phu_de: str, kem_theo: str, cot: list[CotBang], rows: TableData,
         merges: list[dict[int, str]] | None, tt_dau: bool, co_chu: float = CO_CHU_BANG,
         tach_dong: bool = False) -> BangBoCuc:
    """Lay an annex table out on the annex pages of ``geo``: ``rows`` (a group row ``(label,
    title)``, a task row its cells' texts), ``merges`` (per row: column index -> "restart" |
    "continue"), ``tt_dau``: the first column is the number (TT) column, ``co_chu`` (CO_CHU_BANG:
    the table style's size), ``tach_dong`` (long rows may break across pages: only those taller
    than a page, ``phan_trang.tach_duoc``)."""
    n = len(cot)
    size = None if co_chu == CO_CHU_BANG else co_chu
    cot = do_rong(geo, cot, rows, size)
    weights, titles = [c.rong for c in cot], [c.tieu_de for c in cot]
    label_column = cot_nhan(n, tt_dau)
    merges = merges if merges is not None else [{} for _ in rows]
    tach = phan_trang.tach_duoc(geo, weights, rows, size) if tach_dong else [False] * len(rows)
    heading = phan_trang.dau_phu_luc_cao(geo, nhan, ten.upper(), phu_de, kem_theo)
    pages = phan_trang.trang_moi(geo, heading, weights, titles, rows, merges, size=size,
                                 label_column=label_column, may_split=tach)
    estimate = (geo, rows, merges, label_column, tach)
    if pages:
        merges = phan_trang.cat_gop(rows, merges, pages)
    spans = rowspans(merges, range(n))
    starts = set(pages)
    out = []
    for i, row in enumerate(rows):
        if is_group(row):
            label, title = row
            if label_column:
                cells = (OBang(label, True, nhan=True), OBang(title, span=n - 1))
            else:
                cells = (OBang(title, span=n, dau=f"{label}. " if label else ""),)
            out.append(DongBangBoCuc(True, cells, trang_moi=i in starts))
            continue
        cells = []
        for k, c in enumerate(cot):
            text = row[k] if k < len(row) else ""
            how = merges[i].get(k)
            cells.append(OBang(text or "", c.giua, rowspan=spans.get((i, k), 1), gop=how))
        out.append(DongBangBoCuc(False, tuple(cells), tach=tach[i], trang_moi=i in starts))
    rule = round(min(metrics.width_twips(kem_theo, geo.size("VBKemTheo"), italic=True), geo.annex_page.text_width)
                 * RULE_RATIO)
    return BangBoCuc(nhan, ten.upper(), phu_de, kem_theo, list(cot), out, size, heading, pages, tach_dong, rule,
                     _estimate=estimate)


def bang_ke_hoach(kh: KeHoach, pl: PhuLuc, index: int, geo: Geometry) -> BangBoCuc:
    """A plan's annex ``pl`` (the ``index``-th) laid out."""
    cot = [CotBang(c.title, c.weight, c.ma in CENTRED_COLUMNS) for c in pl.cot]
    rows, merges = prepare.annex_table_data(pl)
    return bang(geo, nhan=prepare.annex_labels(kh.phu_luc)[index], ten=pl.ten, phu_de=pl.phu_de or "",
                kem_theo=prepare.annex_kem_theo(kh, pl), cot=cot, rows=rows, merges=merges,
                tt_dau=pl.cot[0].ma == "tt", co_chu=pl.co_chu)


def bang_van_ban(vb: VanBan, pl: BangPhuLuc, index: int, count: int, geo: Geometry) -> BangBoCuc:
    """An issued document's annex ``pl`` (the ``index``-th of ``count``) laid out; a centred
    first column is the TT column."""
    cot = [CotBang(t, w, c) for t, w, c in pl.cot]
    merges = vertical_merges(pl.dong, pl.gop_cot) if pl.gop_cot else None
    return bang(geo, nhan=pl.nhan or prepare.annex_label(index, count), ten=pl.ten, phu_de=pl.phu_de or "",
                kem_theo=pl.kem_theo or prepare.kem_theo(vb), cot=cot, rows=pl.dong, merges=merges,
                tt_dau=bool(cot) and cot[0].giua, co_chu=pl.co_chu, tach_dong=pl.tach_dong)


# ---- a whole document ----------------------------------------------------------------------

NHU_TREN = "- Như trên;"  # a document with Kính gửi starts its Nơi nhận so


@dataclass(frozen=True)
class MucBoCuc:
    """A section: its orientation and where its page numbers start (each annex from 1, in a
    landscape section of its own, Phụ lục I, II.1)."""

    ngang: bool
    phu_luc: int | None = None  # the annex it holds (index), None: the document itself
    trang_dau: int = 1


@dataclass(frozen=True)
class VanBanBoCuc:
    """A document laid out once, format-neutral, measured by the Word template's geometry:
    what the .docx and PDF writers translate, each rule applied here.

    ``dau``: header and signature block (Nơi nhận begins with "- Như trên;" when the document
    has Kính gửi); ``vv``: a công văn's "V/v …" lines under Số (else empty); ``kinh_gui``: the
    Kính gửi lines with their indents; ``than_van``: the body's paragraphs by level, the last
    closed by "./."; ``phu_luc``: the annex tables; ``truong_them``: the province's
    own fields; ``muc``: the sections; ``chu_thich``: the footnotes in document order (body,
    then annexes), as the .docx numbers them."""

    dau: DauBoCuc
    vv: list[str]
    kinh_gui: list[KinhGuiLine]
    than_van: list[Para]
    phu_luc: list[BangBoCuc]
    truong_them: dict

    @property
    def muc(self) -> list[MucBoCuc]:
        return [MucBoCuc(False)] + [MucBoCuc(True, k) for k in range(len(self.phu_luc))]

    @property
    def chu_thich(self) -> list[str]:
        out = _notes([r for p in self.than_van for r in p.runs])
        for b in self.phu_luc:
            out += _bang_notes(b)
        return out

    @property
    def chu_thich_dau(self) -> list[int]:
        """The number of each annex's first footnote: they are numbered on from the body's, in
        document order (as the .docx numbers them)."""
        n = len(_notes([r for p in self.than_van for r in p.runs]))
        out = []
        for b in self.phu_luc:
            out.append(n + 1)
            n += len(_bang_notes(b))
        return out


def _notes(runs) -> list[str]:
    """The texts of the footnotes in ``runs``, a note's own notes after it."""
    out: list[str] = []
    for r in runs:
        if r.note is not None:
            out.append("".join(x.text for x in r.note).strip())
            out += _notes(r.note)
    return out


def _bang_notes(b: BangBoCuc) -> list[str]:
    """The footnotes of an annex's cells, row by row (a cell a merge covers holds none)."""
    out: list[str] = []
    for row in b.dong:
        for o in row.o:
            if o.text and o.gop != "continue":
                out += _notes(parse_inline(o.text))
    return out


def ke_hoach(kh: KeHoach, geo: Geometry) -> VanBanBoCuc:
    """A plan laid out by ``geo`` (the Word template's)."""
    return VanBanBoCuc(dau(kh, geo), [], [], prepare.closed(prepare.body(kh)),
                       [bang_ke_hoach(kh, pl, i, geo) for i, pl in enumerate(kh.phu_luc)],
                       prepare.truong_them(kh.truong_them))


def van_ban(doc: VanBanDi, geo: Geometry) -> VanBanBoCuc:
    """An issued document (Báo cáo, Công văn…) laid out by ``geo`` (the Word template's)."""
    vb = doc.vb
    d = dau(vb, geo)
    if doc.kinh_gui and d.noi_nhan[:1] != [NHU_TREN]:
        d = DauBoCuc(d.truong, d.dong, [NHU_TREN] + d.noi_nhan, d.quyen_han, d.ho_ten)
    vv = (prepare.trich_yeu_cong_van(vb.trich_yeu, geo.header.cell(0), geo.size("VBTrichYeuCV")).split("\n")
          if vb.loai == "CV" else [])
    kinh_gui = prepare.kinh_gui_layout(doc.kinh_gui, geo.page.text_width, geo.size("VBKinhGui")) if doc.kinh_gui else []
    n = len(doc.phu_luc)
    return VanBanBoCuc(d, vv, kinh_gui, prepare.closed(doc.than_van),
                       [bang_van_ban(vb, pl, i, n, geo) for i, pl in enumerate(doc.phu_luc)],
                       prepare.truong_them(doc.truong_them))
