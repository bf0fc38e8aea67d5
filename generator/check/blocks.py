"""Find the parts of a document by their content, not by assuming our own templates: the
header block, title, Kính gửi, body, signature block and annexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.van_ban import LOAI_VAN_BAN
from .model import DocModel, Para, norm_text

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TEN_LOAI = {v.upper(): k for k, v in LOAI_VAN_BAN.items() if k != "CV"} | {"GIẤY UỶ QUYỀN": "GUQ"}
_SO = re.compile(r"^\s*Số\s*:")
_DATE = re.compile(r",\s*ngày\b")
_PHU_LUC = re.compile(r"^Phụ lục(?:\s+([IVXLC]+|\d+))?\s*$", re.IGNORECASE)
_UNDERSCORES = re.compile(r"^[_\s]{3,}$")


def is_rule_para(p: Para) -> bool:
    """A paragraph that draws a horizontal rule: underscores, a bottom border or a line shape."""
    t = p.text
    if t.strip() and _UNDERSCORES.match(t) and "_" in t:
        return True
    if not t.strip() and (p.ppr.border_bottom or p.has_line_shape):
        return True
    return False


def is_empty(p: Para) -> bool:
    return not p.text.strip() and not is_rule_para(p)


@dataclass
class Annex:
    label: Para
    title: list[Para] = field(default_factory=list)
    kem_theo: Para | None = None
    section: int = 0


@dataclass
class Blocks:
    quoc_hieu: Para | None = None
    tieu_ngu: Para | None = None
    tieu_ngu_rule: Para | None = None
    so: Para | None = None
    date: Para | None = None
    agency: list[Para] = field(default_factory=list)  # chủ quản lines first, then ban hành
    agency_rule: Para | None = None
    vv: list[Para] = field(default_factory=list)
    marks: list[Para] = field(default_factory=list)  # độ khẩn, độ mật, lưu hành
    ten_loai: Para | None = None
    loai: str | None = None  # KH, BC, ... or "CV"
    trich_yeu: list[Para] = field(default_factory=list)
    trich_yeu_rule: Para | None = None
    kinh_gui: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    sign_table: int | None = None
    noi_nhan_heading: Para | None = None
    noi_nhan: list[Para] = field(default_factory=list)
    signer: list[Para] = field(default_factory=list)  # upper-case authority/title lines
    signer_name: Para | None = None
    annexes: list[Annex] = field(default_factory=list)
    header_end: int = 0


def find_blocks(doc: DocModel) -> Blocks:
    b = Blocks()
    ps = doc.paragraphs
    first_section = [p for p in ps if p.section == 0]
    head = first_section[:60]
    for p in head:
        t = norm_text(p.text)
        if b.quoc_hieu is None and t.upper() == QUOC_HIEU and t == t.upper():
            b.quoc_hieu = p
        elif b.quoc_hieu is None and t.upper() == QUOC_HIEU:
            b.quoc_hieu = p  # wrong case is reported by the rule
    if b.quoc_hieu is not None:
        after = [p for p in head if p.order > b.quoc_hieu.order]
        for p in after[:4]:
            if "độc lập" in norm_text(p.text).lower() and "hạnh phúc" in norm_text(p.text).lower():
                b.tieu_ngu = p
                break
    for p in head:
        if b.so is None and _SO.match(p.text):
            b.so = p
        if b.date is None and _DATE.search(p.text) and "tháng" in p.text and "năm" in p.text:
            b.date = p
    anchors = [p.order for p in (b.quoc_hieu, b.tieu_ngu, b.so, b.date) if p is not None]
    if not anchors:
        return _rest(doc, b, 0)
    header_end = max(anchors)
    # Rules under the Tiêu ngữ and under the agency name.
    if b.tieu_ngu is not None:
        nxt = _next(ps, b.tieu_ngu, same_cell=True)
        if nxt is not None and is_rule_para(nxt):
            b.tieu_ngu_rule = nxt
        elif any(r.props.underline not in (None, "none") for r in b.tieu_ngu.visible_runs):
            b.tieu_ngu_rule = b.tieu_ngu
    # Agency lines: upper-case paragraphs of the left column (same table, first cell), before Số.
    if b.so is not None:
        left = [p for p in ps[:b.so.order]
                if (b.so.table is not None and p.table == b.so.table and p.cell == b.so.cell)
                or (b.so.table is None and p.order < b.so.order and p.table is None)]
        if b.quoc_hieu is not None and b.so.table is None:
            left = [p for p in left if p.order < b.quoc_hieu.order]
        for p in left:
            t = norm_text(p.text)
            if is_rule_para(p):
                if b.agency and b.agency_rule is None:
                    b.agency_rule = p
                continue
            if t and t == t.upper() and not _SO.match(t) and any(c.isalpha() for c in t):
                b.agency.append(p)
        # V/v line and marks under Số
        for p in ps[b.so.order + 1:b.so.order + 6]:
            if p.table != b.so.table or p.cell != b.so.cell:
                continue
            t = norm_text(p.text)
            if t.startswith("V/v"):
                b.vv.append(p)
            elif b.vv and t and not t.isupper() and (p.table is not None or not _header_line(p, b)):
                b.vv.append(p)
            elif t in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "MẬT", "TỐI MẬT", "TUYỆT MẬT") or "LƯU HÀNH" in t \
                    or "XEM XONG" in t or " - " in t and t.isupper():
                b.marks.append(p)
            elif p.table is None:
                continue  # a header typed without a table: only V/v and marks extend the header
            header_end = max(header_end, p.order)
    if b.agency and b.agency_rule is None:
        nxt = _next(ps, b.agency[-1], same_cell=True)
        if nxt is not None and is_rule_para(nxt):
            b.agency_rule = nxt
    # The header table as a whole ends the header block.
    if b.quoc_hieu is not None and b.quoc_hieu.table is not None:
        header_end = max(header_end, max(p.order for p in ps if p.table == b.quoc_hieu.table))
    b.header_end = header_end
    return _rest(doc, b, header_end + 1)


def _header_line(p: Para, b: Blocks) -> bool:
    """Quốc hiệu, Tiêu ngữ or the date line (already found)."""
    return p in (b.quoc_hieu, b.tieu_ngu, b.date)


def _next(ps: list[Para], p: Para, same_cell: bool = False) -> Para | None:
    for q in ps[p.order + 1:p.order + 3]:
        if same_cell and (q.table != p.table or q.cell != p.cell):
            return None
        if q.text.strip() or is_rule_para(q):
            return q
    return None


def _looks_like_body(p: Para) -> bool:
    """A justified or first-line-indented paragraph, or a Kính gửi / Căn cứ line."""
    t = norm_text(p.text)
    return (p.ppr.jc == "both" or (p.ppr.first_line or 0) > 0
            or t.startswith(("Kính gửi", "Căn cứ")))


def _rest(doc: DocModel, b: Blocks, start: int) -> Blocks:
    ps = doc.paragraphs
    i = start
    main = [p for p in ps[start:] if p.section == 0]
    # Title block: tên loại, then trích yếu lines until a rule or an empty paragraph.
    for p in main[:6]:
        t = norm_text(p.text)
        if t.upper() in TEN_LOAI:
            # "Kế hoạch" in the wrong case is still the tên loại (the rule reports the case).
            b.ten_loai = p
            b.loai = TEN_LOAI[t.upper()]
            break
        if t:
            break
    if b.ten_loai is not None:
        i = b.ten_loai.order + 1
        while i < len(ps):
            p = ps[i]
            if is_rule_para(p):
                b.trich_yeu_rule = p
                i += 1
                break
            if not p.text.strip():
                if b.trich_yeu:
                    break
                i += 1
                continue
            if p.table is not None:
                break
            if _looks_like_body(p) and (b.trich_yeu or norm_text(p.text).startswith(("Kính gửi", "Căn cứ"))):
                break  # no rule and no empty line: the body starts here
            b.trich_yeu.append(p)
            i += 1
            if len(b.trich_yeu) > 4:
                break
    elif b.vv:
        b.loai = "CV"
    # Kính gửi
    j = i
    while j < min(len(ps), i + 12):
        t = norm_text(ps[j].text)
        if t.startswith("Kính gửi"):
            b.kinh_gui.append(ps[j])
            k = j + 1
            while k < len(ps) and norm_text(ps[k].text).startswith(("-", "–")):
                b.kinh_gui.append(ps[k])
                k += 1
            i = k
            break
        j += 1
    # Signature block: the last table of the first section with "Nơi nhận:".
    sign_table = None
    for p in ps:
        if p.section == 0 and p.table is not None and norm_text(p.text).rstrip(":").strip() == "Nơi nhận":
            sign_table = p.table
            b.noi_nhan_heading = p
    if sign_table is not None:
        b.sign_table = sign_table
        cell = b.noi_nhan_heading.cell
        b.noi_nhan = [p for p in ps if p.table == sign_table and p.cell == cell
                      and p.order > b.noi_nhan_heading.order and p.text.strip()]
        others = [p for p in ps if p.table == sign_table and p.cell != cell and p.text.strip()]
        for p in others:
            t = norm_text(p.text)
            if t == t.upper() and any(c.isalpha() for c in t):
                b.signer.append(p)
            elif t and not t.startswith("("):
                b.signer_name = p
    # Body: non-empty paragraphs of section 0 between the title block and the signature table.
    end_order = min([p.order for p in ps if p.table == sign_table] or [len(ps)])
    for p in ps[i:end_order]:
        if p.section != 0 or p.table is not None or p.in_textbox or is_empty(p) or is_rule_para(p):
            continue
        b.body.append(p)
    # Annexes: "Phụ lục" labels outside tables.
    for p in ps:
        if p.table is None and _PHU_LUC.match(norm_text(p.text)) and p.order > end_order - 1:
            annex = Annex(p, section=p.section)
            k = p.order + 1
            while k < len(ps) and k < p.order + 6:
                q = ps[k]
                t = norm_text(q.text)
                if t.startswith("(") and "kèm theo" in t.lower():
                    annex.kem_theo = q
                    break
                if q.table is not None:
                    break
                if t and not is_rule_para(q):
                    annex.title.append(q)
                k += 1
            b.annexes.append(annex)
    return b
