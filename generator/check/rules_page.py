"""Page setup, fonts and page numbers (PAGE-*, FONT-*, PGNUM-*)."""

from __future__ import annotations

import re

from .blocks import Blocks
from .common import short
from .findings import CANH_BAO, LOI, Finding
from .model import TWIPS_POS, W, DocModel, Para, num

A4 = (11906, 16838)
TOL = 5
MARGINS = {"top": (1134, 1417), "bottom": (1134, 1417), "left": (1701, 1984), "right": (850, 1134)}
MARGIN_TOL = 2
NAMES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
_LEGACY_FONT = re.compile(r"^(\.Vn|VNI[- ]|VN-)", re.IGNORECASE)


def check(doc: DocModel, b: Blocks) -> list[Finding]:
    return _page(doc) + _fonts(doc, b) + _page_numbers(doc, b)


def _page(doc: DocModel) -> list[Finding]:
    out = []
    # once for the document (a file may hold thousands of tables and sections)
    first_of: dict[int, Para] = {}
    with_table: set[int] = set()
    for p in doc.paragraphs:
        if p.table is not None:
            first_of.setdefault(p.table, p)
            with_table.add(p.section)
    for s in doc.sections:
        place = f"mục {s.index + 1} (thiết lập trang)"
        dims = sorted((s.width, s.height))
        if abs(dims[0] - A4[0]) > TOL or abs(dims[1] - A4[1]) > TOL:
            out.append(Finding("PAGE-001", LOI, place, f"{s.width}×{s.height} twip",
                               "khổ giấy phải là A4 (210 × 297 mm)"))
        if s.index == 0 and s.width > s.height:
            out.append(Finding("PAGE-002", LOI, place, "khổ ngang",
                               "trang đầu của văn bản phải trình bày theo chiều dài khổ A4 (khổ đứng)"))
        if s.width > s.height:
            if s.index not in with_table:
                out.append(Finding("PAGE-003", CANH_BAO, place, "khổ ngang",
                                   "chỉ trình bày khổ ngang khi có bảng, biểu"))
        for side, (lo, hi) in MARGINS.items():
            v = getattr(s, side)
            if not lo - MARGIN_TOL <= v <= hi + MARGIN_TOL:
                out.append(Finding("PAGE-004", LOI, place, f"lề {NAMES[side]} {v / 56.7:.1f} mm",
                                   f"lề {NAMES[side]} phải từ {lo / 56.7:.0f} đến {hi / 56.7:.0f} mm"))
        text_width = s.width - s.left - s.right
        for t_index, tbl in enumerate(doc.tables):
            first = first_of.get(t_index)
            if first is None or first.section != s.index:
                continue
            grid = sum(num(g, "w", TWIPS_POS) or 0 for g in tbl.findall(f"{W}tblGrid/{W}gridCol"))
            if grid - text_width > 567:
                out.append(Finding("PAGE-005", CANH_BAO, f"bảng {t_index + 1}", f"rộng {grid / 567:.1f} cm",
                                   "bảng vượt ra ngoài vùng văn bản quá 1 cm"))
    return out


def _fonts(doc: DocModel, b: Blocks) -> list[Finding]:
    out = []
    bad_font: dict[str, Para] = {}
    for p in doc.paragraphs:
        for r in p.visible_runs:
            for slot in ("ascii", "hAnsi"):
                f = r.props.fonts.get(slot)
                if f and f != "Times New Roman" and f not in bad_font:
                    bad_font[f] = p
            if r.props.color and r.props.color.lower() not in ("000000", "auto"):
                out.append(Finding("FONT-003", LOI, p.place, short(r.text), "chữ trong văn bản phải màu đen"))
                break
    if not doc.default_r.fonts.get("ascii") and not any(r.props.fonts for p in doc.paragraphs for r in p.runs):
        out.append(Finding("FONT-001", LOI, "toàn văn bản", "", "không khai báo phông chữ; phải dùng Times New Roman"))
    for font, p in bad_font.items():
        if _LEGACY_FONT.match(font):
            out.append(Finding("FONT-002", LOI, p.place, font,
                               "phông chữ bảng mã cũ (TCVN3, VNI); phải dùng Unicode theo TCVN 6909:2001"))
        else:
            out.append(Finding("FONT-001", LOI, p.place, font, "phông chữ phải là Times New Roman"))
    import unicodedata
    for p in doc.paragraphs:
        if p.text and not unicodedata.is_normalized("NFC", p.text):
            out.append(Finding("FONT-002", LOI, p.place, short(p.text),
                               "văn bản phải dùng Unicode dựng sẵn (NFC), không dùng dấu tổ hợp"))
            break
    # Size steps (footnote to the font table): Tiêu ngữ = Quốc hiệu + 1 = date.
    if b.quoc_hieu and b.tieu_ngu and b.date:
        qh, tn, dt = b.quoc_hieu.size, b.tieu_ngu.size, b.date.size
        if None not in (qh, tn, dt) and not (tn == qh + 1 == dt):
            out.append(Finding("FONT-004", CANH_BAO, "phần đầu văn bản", f"{qh:g}/{tn:g}/{dt:g} pt",
                               "cỡ chữ Quốc hiệu, Tiêu ngữ, ngày tháng nên đi cùng nhau (12/13/13 hoặc 13/14/14)"))
    return out


def _has_page_field(el) -> bool:
    if el is None:
        return False
    instr = " ".join((t.text or "") for t in el.iter(f"{W}instrText"))
    simple = " ".join(f.get(f"{W}instr") or "" for f in el.iter(f"{W}fldSimple"))
    return bool(re.search(r"\bPAGE\b", instr + " " + simple))


def _page_para(el):
    for p in el.iter(f"{W}p"):
        if _has_page_field(p):
            return p
    return None


def _page_numbers(doc: DocModel, b: Blocks) -> list[Finding]:
    out = []
    if not doc.sections:
        return out
    s0 = doc.sections[0]
    default = s0.headers.get("default")
    place = "đầu trang (mục 1)"
    page_p = _page_para(default) if default is not None else None
    multi_page = len(doc.paragraphs) > 40
    if page_p is None:
        if multi_page:
            out.append(Finding("PGNUM-001", LOI, place, "", "phải đánh số trang ở giữa lề trên, bằng chữ số Ả Rập"))
    else:
        para = doc.header_paragraph(page_p)
        if para.ppr.jc != "center":
            out.append(Finding("PGNUM-001", LOI, place, "", "số trang phải căn giữa lề trên"))
        size = _field_size(doc, page_p)
        if size is not None and not 13 <= size <= 14:
            out.append(Finding("PGNUM-003", LOI, place, f"{size:g} pt", "số trang cỡ chữ 13–14, kiểu đứng"))
        if _field_italic(doc, page_p):
            out.append(Finding("PGNUM-003", LOI, place, "nghiêng", "số trang trình bày kiểu chữ đứng"))
        if s0.pg_fmt not in (None, "decimal"):
            out.append(Finding("PGNUM-003", LOI, place, s0.pg_fmt, "số trang bằng chữ số Ả Rập"))
        if s0.pg_start not in (None, 1):
            out.append(Finding("PGNUM-004", LOI, place, str(s0.pg_start), "số trang bắt đầu từ 1"))
        first = s0.headers.get("first")
        if not s0.title_pg or (first is not None and _has_page_field(first)):
            out.append(Finding("PGNUM-002", LOI, place, "", "không hiển thị số trang ở trang thứ nhất"))
    for s in doc.sections:
        for kind, el in s.footers.items():
            if _has_page_field(el):
                out.append(Finding("PGNUM-001", LOI, f"chân trang (mục {s.index + 1})", "",
                                   "số trang đặt ở lề trên, không đặt ở chân trang"))
                break
    # Each annex is numbered on its own, from 1.
    for a in b.annexes:
        if a.section == 0:
            continue
        s = doc.sections[a.section] if a.section < len(doc.sections) else None
        if s is None:
            continue
        if s.pg_start != 1:
            out.append(Finding("PGNUM-005", LOI, f"mục {s.index + 1} (phụ lục)", a.label.text,
                               "mỗi phụ lục đánh số trang riêng, bắt đầu từ 1"))
        first = s.headers.get("first")
        if not s.title_pg or (first is not None and _has_page_field(first)):
            out.append(Finding("PGNUM-006", CANH_BAO, f"mục {s.index + 1} (phụ lục)", a.label.text,
                               "không nên hiển thị số trang ở trang đầu của phụ lục"))
    return out


def _field_runs(p):
    return [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None or r.find(f"{W}instrText") is not None]


def _field_size(doc: DocModel, p) -> float | None:
    base = doc.para_props_of(p)
    from .model import read_rpr
    for r in _field_runs(p):
        props = base.merged(read_rpr(r.find(f"{W}rPr")))
        if props.size is not None:
            return props.size
    return base.size


def _field_italic(doc: DocModel, p) -> bool:
    base = doc.para_props_of(p)
    from .model import read_rpr
    return any(base.merged(read_rpr(r.find(f"{W}rPr"))).italic for r in _field_runs(p))
