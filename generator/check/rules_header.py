"""Header block, title block, công văn trích yếu and marks (HDR-*, TTL-*, CV-*, MARK-*).

The helpers at the top (format checks, rule lengths) are also used by ``rules_signature``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from ..model.van_ban import LOAI_VAN_BAN
from ..text import metrics
from .blocks import QUOC_HIEU, TIEU_NGU, Blocks, is_rule_para, same_box
from .common import JC_NAME, WORD_DEFAULT_SIZE, Collector, is_upper, main_size, run_sizes, short
from .findings import CANH_BAO, LOI, Finding
from .model import EMU, SPAN, TWIPS, TWIPS_POS, VML_POINTS, W, DocModel, Para, norm_text, num, number

SEVERITY = {
    "HDR-001": LOI, "HDR-002": LOI, "HDR-003": LOI, "HDR-004": LOI, "HDR-005": LOI, "HDR-006": CANH_BAO,
    "HDR-007": LOI, "HDR-008": LOI, "HDR-009": CANH_BAO, "HDR-010": LOI, "HDR-011": CANH_BAO,
    "HDR-012": LOI, "HDR-013": LOI, "HDR-014": CANH_BAO, "HDR-015": LOI, "HDR-016": LOI,
    "HDR-017": CANH_BAO, "HDR-019": CANH_BAO,
    "TTL-001": LOI, "TTL-002": LOI, "TTL-003": LOI, "TTL-004": CANH_BAO, "TTL-005": CANH_BAO,
    "CV-001": LOI, "CV-002": CANH_BAO, "CV-003": LOI, "MARK-001": LOI, "MARK-002": LOI,
    # rules_signature
    "SIG-001": LOI, "SIG-002": LOI, "SIG-003": CANH_BAO, "SIG-004": LOI, "SIG-005": CANH_BAO,
    "SIG-006": CANH_BAO, "SIG-007": LOI, "NN-001": LOI, "NN-002": LOI, "NN-003": LOI, "NN-004": CANH_BAO,
    "KG-001": LOI, "KG-002": CANH_BAO, "KG-003": CANH_BAO, "MISC-001": LOI,
}

SUPERSCRIPT_K = (0.58, 0.67)  # renderer scale of superscript underscores (nd30.md §3)
EMU_PER_TWIP = 635
DEFAULT_CELL_MARGIN = 108  # Word's default left/right cell margin (twips)

TYPE_ABBR = {k for k in LOAI_VAN_BAN if k != "CV"} | {"SY", "TrS", "SL"}
_KY_HIEU = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)+"
_SO_ANY = re.compile(rf"^Số:\s?(?P<so>\d+)/(?P<ky_hieu>{_KY_HIEU})$")
_SO_DRAFT = re.compile(rf"^Số:\s*(?:[.…]*\s*)?/(?P<ky_hieu>{_KY_HIEU})$")
_SO_QPPL = re.compile(r"^Số:\s?\d+/\d{4}/")
_SO_LOOSE = re.compile(r"^\s*s[ốô]\s*[:.]?\s*(?:\d|[.…_\s]*/)", re.IGNORECASE)
_DATE_FULL = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
_DATE_DRAFT = re.compile(r"^(?P<place>[^,]+), ngày\s*(?P<d>\d{1,2}|[.…]*)\s*tháng\s*(?P<m>\d{1,2}|[.…]*)"
                         r"\s*năm\s*(?P<y>[12]\d{3}|\d{0,3}[.…]*)$")
_VV = re.compile(r"^V/v \S")
URGENCY = ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN")
CIRCULATION = ("XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI BỘ")


# ---- helpers -------------------------------------------------------------------------------------

def clean(text: str) -> str:
    """NFC, no-break spaces as spaces, outer spaces removed; inner spacing kept as typed."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()


def _any(p: Para, attr: str) -> bool:
    return any(getattr(r.props, attr) for r in p.visible_runs)


def fmt_issues(p: Para, *, size: tuple[float, float] | None = None, bold: bool | None = None,
               italic: bool | None = None, upper: bool | None = None, center: bool = False,
               left: bool = False) -> list[str]:
    """What is wrong with a paragraph's format, as short Vietnamese phrases."""
    out = []
    ss = run_sizes(p)
    if size is not None and ss and not all(size[0] <= s <= size[1] for s in ss):
        out.append("cỡ " + "/".join(f"{s:g}" for s in sorted(ss)))
    if bold is True and not p.bold:
        out.append("không in đậm" if not _any(p, "bold") else "có chỗ không in đậm")
    if bold is False and _any(p, "bold"):
        out.append("in đậm")
    if italic is True and not p.italic:
        out.append("không in nghiêng" if not _any(p, "italic") else "có chỗ không in nghiêng")
    if italic is False and _any(p, "italic"):
        out.append("in nghiêng")
    if upper is True and not is_upper(p):
        out.append("không in hoa")
    if center and p.ppr.jc != "center":
        out.append(JC_NAME.get(p.ppr.jc, p.ppr.jc or ""))
    if left and p.ppr.jc not in (None, "left", "both"):
        out.append(JC_NAME.get(p.ppr.jc, p.ppr.jc or ""))
    return out


def now(issues: list[str]) -> str:
    return f" (hiện tại: {', '.join(issues)})" if issues else ""


def cell_width(doc: DocModel, p: Para) -> int | None:
    """Width (twips) a paragraph can use: the cell minus its margins, or the text width."""
    if p.table is None:
        if p.in_textbox or not doc.sections:
            return None
        s = doc.sections[min(p.section, len(doc.sections) - 1)]
        return s.width - s.left - s.right
    tc = next((a for a in p.el.iterancestors() if a.tag == f"{W}tc"), None)
    if tc is None:
        return None
    tbl = next((a for a in tc.iterancestors() if a.tag == f"{W}tbl"), None)
    width = None
    tcw = tc.find(f"{W}tcPr/{W}tcW")
    if tcw is not None and tcw.get(f"{W}type") in (None, "dxa"):
        width = num(tcw, "w", TWIPS)
    if not width and tbl is not None:
        grid = [num(g, "w", TWIPS_POS) or 0 for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        tr = tc.getparent()
        start = 0
        for c in tr.findall(f"{W}tc"):
            n = num(c.find(f"{W}tcPr/{W}gridSpan"), "val", SPAN)
            n = 1 if n is None else n
            if c is tc:
                width = sum(grid[start:start + n]) or None
                break
            start += n
    if not width:
        return None
    margins = []
    for side in (("left", "start"), ("right", "end")):
        m = None
        for holder in (tc.find(f"{W}tcPr/{W}tcMar"),
                       tbl.find(f"{W}tblPr/{W}tblCellMar") if tbl is not None else None):
            if holder is None:
                continue
            el = holder.find(f"{W}{side[0]}")
            el = el if el is not None else holder.find(f"{W}{side[1]}")
            if el is not None and el.get(f"{W}type") in (None, "dxa"):
                m = num(el, "w", TWIPS) or 0
                break
        margins.append(DEFAULT_CELL_MARGIN if m is None else m)
    return width - sum(margins)


def _drawn_length(p: Para) -> int | None:
    """Length (twips) of the first line shape drawn in the paragraph (or in its part of a line
    laid out with tabs), from its extent."""
    return next((s.length for s in p.shapes if s.length), None)


def rule_length(doc: DocModel, rule: Para, owner: Para | None = None) -> tuple[float, float] | None:
    """Range of possible rendered lengths (twips) of a rule paragraph, or None if unknown.

    ``owner`` is the text paragraph when the rule is drawn by that paragraph itself (underline
    of the Tiêu ngữ, or its own bottom border)."""
    if owner is not None and rule is owner:
        if any(r.props.underline not in (None, "none") for r in owner.visible_runs):
            w = metrics.width_twips(norm_text(owner.text), main_size(owner), bool(owner.bold))
            return (w, w)
    if rule.text.strip() and "_" in rule.text:
        runs = [r for r in rule.runs if "_" in r.text]
        n = sum(r.text.count("_") for r in runs)
        size = next((r.props.size for r in runs if r.props.size is not None), WORD_DEFAULT_SIZE)
        scaled = any(r.props.vert in ("superscript", "subscript") for r in runs)
        nominal = n * 0.5 * size * 20
        return (nominal * SUPERSCRIPT_K[0], nominal * SUPERSCRIPT_K[1]) if scaled else (nominal, nominal)
    if rule.has_line_shape:
        d = _drawn_length(rule)
        return (d, d) if d else None
    if rule.ppr.border_bottom:
        avail = cell_width(doc, rule)
        if avail is None:
            return None
        length = avail - (rule.ppr.left or 0) - (rule.ppr.right or 0)
        return (length, length) if length > 0 else None
    return None


def ratio_ok(length: tuple[float, float], width: float, lo: float, hi: float) -> bool:
    return length[1] / width >= lo and length[0] / width <= hi


def ratio_text(length: tuple[float, float], width: float) -> str:
    a, b = length[0] / width, length[1] / width
    return f"tỉ lệ {a:.2f}" if abs(a - b) < 0.005 else f"tỉ lệ {a:.2f}–{b:.2f}"


def _third_to_half(doc: DocModel, out: Collector, rule_id: str, rule: Para, lines: list[Para], what: str) -> None:
    """The rule under the agency name or the trích yếu: 1/3 to 1/2 of the longest line above it."""
    length = rule_length(doc, rule)
    widths = [w for p in lines for w in line_widths(doc, p)]
    if length is None or not widths:
        return
    width = max(widths)
    if not ratio_ok(length, width, 0.30, 0.55):
        out.add(rule_id, rule, f"đường kẻ dưới {what} dài từ 1/3 đến 1/2 độ dài dòng chữ"
                f" (hiện tại: {ratio_text(length, width)})", text=short(rule.text) or "đường kẻ")


def line_widths(doc: DocModel, p: Para) -> list[int]:
    """Widths (twips) of the rendered lines of a paragraph, wrapped at the space it has."""
    size, bold, italic = main_size(p), bool(p.bold), bool(p.italic)
    avail = cell_width(doc, p)
    if avail is not None:
        avail -= (p.ppr.left or 0) + (p.ppr.right or 0)
    out = []
    for piece in norm_text_lines(p.text):
        lines = metrics.wrap(piece, avail / 20, size, bold, italic) if avail and avail > 0 else [piece]
        out.extend(metrics.width_twips(line, size, bold, italic) for line in lines)
    return [w for w in out if w > 0]


def norm_text_lines(text: str) -> list[str]:
    return [norm_text(t) for t in text.split("\n") if t.strip()]


def head_paras(doc: DocModel, b: Blocks) -> list[Para]:
    """Paragraphs of page 1 before the title block (where the header elements live)."""
    end = b.header_end + 1
    if b.ten_loai is not None:
        end = b.ten_loai.order
    elif b.kinh_gui:
        end = b.kinh_gui[0].order
    first = [p for p in doc.paragraphs if p.section == 0][:60]
    return [p for p in first if p.order < max(end, 1)] if (b.quoc_hieu or b.so or b.date) else first[:20]


def _same_box(p: Para, q: Para) -> bool:
    return same_box(p, q)


def _between(doc: DocModel, a: Para, b: Para) -> list[Para]:
    return doc.paragraphs[a.order + 1:b.order]


# ---- rules ---------------------------------------------------------------------------------------

def check(doc: DocModel, b: Blocks) -> list[Finding]:
    out = Collector(SEVERITY, dedupe=True)
    head = head_paras(doc, b)
    _quoc_hieu_tieu_ngu(doc, b, out, head)
    _agency(doc, b, out)
    _so(doc, b, out, head)
    _date(doc, b, out, head)
    _same_line(doc, b, out)
    _title(doc, b, out)
    _cong_van(doc, b, out)
    _marks(doc, b, out, head)
    return out.findings()


def _quoc_hieu_tieu_ngu(doc: DocModel, b: Blocks, out: Collector, head: list[Para]) -> None:
    qh = b.quoc_hieu
    msg = f"Quốc hiệu phải ghi đúng “{QUOC_HIEU}”"
    if qh is not None and not b.quoc_hieu_exact:
        out.add("HDR-001", qh, msg)
    if qh is None:
        near = next((p for p in head if "CỘNG H" in norm_text(p.text).upper()
                     and "VIỆT NAM" in norm_text(p.text).upper()), None)
        if near is not None:
            out.add("HDR-001", near, msg)
            qh = near
        else:
            out.add("HDR-001", "phần đầu văn bản", "thiếu Quốc hiệu: " + msg)
    if qh is not None:
        issues = fmt_issues(qh, size=(12, 13), bold=True, italic=False, upper=True, center=True)
        if qh.table is not None and qh.cell == 1 and any(
                p.table == qh.table and p.row == qh.row and (p.cell or 0) > 1 and p.text.strip()
                for p in doc.paragraphs):
            issues.append("không ở cột bên phải")
        if issues:
            out.add("HDR-002", qh, "Quốc hiệu phải in hoa, chữ đứng, đậm, cỡ 12–13, căn giữa ở ô bên phải"
                    + now(issues))
    tn = b.tieu_ngu
    if tn is None and qh is not None:
        tn = next((p for p in head if p.order > qh.order and "độc lập" in norm_text(p.text).lower()), None)
    if tn is None:
        out.add("HDR-003", qh if qh is not None else "phần đầu văn bản",
                f"thiếu Tiêu ngữ “{TIEU_NGU}” ngay dưới Quốc hiệu")
        return
    text = clean(tn.text)
    if text != TIEU_NGU:
        what = "dùng gạch ngang dài thay cho dấu gạch nối (-)" if re.search("[\u2010-\u2015\u2212]", text) \
            else "sai chữ hoặc khoảng cách"
        out.add("HDR-003", tn, f"Tiêu ngữ phải ghi đúng “{TIEU_NGU}”, các cụm từ nối bằng dấu gạch nối (-) "
                f"có cách chữ hai bên (hiện tại: {what})")
    between = _between(doc, qh, tn) if qh is not None and qh.order < tn.order else []
    if qh is not None and any(p.text.strip() and not is_rule_para(p) for p in between if _same_box(p, tn)):
        out.add("HDR-003", tn, "Tiêu ngữ phải đặt ngay dưới Quốc hiệu")
    issues = fmt_issues(tn, size=(13, 14), bold=True, italic=False, center=True)
    if qh is not None and qh.order < tn.order:
        gap = (qh.ppr.after or 0) + (tn.ppr.before or 0)
        empties = [p for p in between if not p.text.strip() and not is_rule_para(p) and _same_box(p, tn)]
        if empties or gap > 0:
            issues.append("có khoảng cách với Quốc hiệu")
    if tn.ppr.line_rule in (None, "auto") and (tn.ppr.line or 240) > 276:
        issues.append("giãn dòng lớn hơn dòng đơn")
    if issues:
        out.add("HDR-004", tn, "Tiêu ngữ phải in đậm, chữ đứng, cỡ 13–14, căn giữa, ngay dưới Quốc hiệu "
                "cách dòng đơn" + now(issues))
    # The rule under it.
    rule = b.tieu_ngu_rule
    if rule is None and (tn.ppr.border_bottom or tn.has_line_shape
                         or any(r.props.underline not in (None, "none") for r in tn.visible_runs)):
        rule = tn
    if rule is None:
        out.add("HDR-005", tn, "phía dưới Tiêu ngữ phải có đường kẻ ngang, nét liền")
        return
    length = rule_length(doc, rule, owner=tn)
    if length is None or tn.size is None:
        return
    width = metrics.width_twips(norm_text(tn.text), tn.size, bool(tn.bold))
    if width and not ratio_ok(length, width, 0.85, 1.15):
        out.add("HDR-006", rule, "đường kẻ dưới Tiêu ngữ phải có độ dài bằng độ dài dòng chữ Tiêu ngữ"
                f" (hiện tại: {ratio_text(length, width)})", text=short(rule.text) or "đường kẻ")


def _left_column(doc: DocModel, b: Blocks) -> list[Para]:
    """Paragraphs of the agency column above the Số line (the same ones blocks.py looks at)."""
    ps = doc.paragraphs
    if b.so is not None:
        if b.so.table is not None:
            return [p for p in ps[:b.so.order] if p.table == b.so.table and p.cell == b.so.cell
                    and p.row is not None]
        return []
    qh = b.quoc_hieu
    if qh is not None and qh.table is not None:
        left = [p for p in ps if p.table == qh.table and p.row == qh.row and (p.cell or 0) < (qh.cell or 0)]
        stop = next((i for i, p in enumerate(left)
                     if _SO_LOOSE.match(p.text) or "ngày" in p.text or p.text.strip().startswith("V/v")), None)
        return left[:stop] if stop is not None else left
    return []


def _agency(doc: DocModel, b: Blocks, out: Collector) -> None:
    lines = list(b.agency)
    column = _left_column(doc, b)
    if not lines and b.so is None:
        lines = [p for p in column if p.text.strip() and not is_rule_para(p) and is_upper(p)]
    if not lines:
        if b.quoc_hieu is not None or b.so is not None:
            out.add("HDR-007", "phần đầu văn bản", "thiếu tên cơ quan, tổ chức ban hành văn bản (in hoa, "
                    "đậm, cỡ 12–13, ở góc trái phía trên)")
        return
    # Lines of the column that are not upper case are agency lines written in lower case.
    for p in column:
        if p in lines or not p.text.strip() or is_rule_para(p) or (b.so is not None and p.order >= b.so.order):
            continue
        if p.order < lines[-1].order or (b.agency_rule is not None and p.order < b.agency_rule.order):
            out.add("HDR-007", p, "tên cơ quan, tổ chức phải viết in hoa, cỡ 12–13, căn giữa"
                    + now(["không in hoa"]))
    first_bold = next((i for i, p in enumerate(lines) if p.bold), None)
    if first_bold is None:
        out.add("HDR-007", lines[-1], "tên cơ quan, tổ chức ban hành văn bản phải in hoa, đậm, cỡ 12–13, "
                "căn giữa" + now(["không in đậm"]))
        first_bold = len(lines) - 1
    for i, p in enumerate(lines):
        if i < first_bold:  # chủ quản: regular, upper case
            issues = fmt_issues(p, size=(12, 13), bold=False, italic=False, upper=True, center=True)
            if issues:
                out.add("HDR-007", p, "tên cơ quan, tổ chức chủ quản phải in hoa, chữ đứng, không đậm, "
                        "cỡ 12–13, căn giữa" + now(issues))
        else:
            issues = fmt_issues(p, size=(12, 13), bold=True if i > first_bold or p.bold else None,
                                italic=False, upper=True, center=True)
            if issues:
                out.add("HDR-007", p, "tên cơ quan, tổ chức ban hành văn bản phải in hoa, đậm, chữ đứng, "
                        "cỡ 12–13, căn giữa" + now(issues))
    bold_lines = lines[first_bold:]
    last = lines[-1]
    rule = b.agency_rule
    if rule is not None and rule.order < last.order:
        out.add("HDR-008", rule, "đường kẻ phải đặt ngay dưới tên cơ quan, tổ chức ban hành",
                text=short(rule.text) or "đường kẻ")
        return
    if rule is None:  # blocks.py only looks for it when it found the Số line
        after = [p for p in column if p.order > last.order and (p.text.strip() or is_rule_para(p))]
        if after and is_rule_para(after[0]):
            rule = after[0]
    if rule is None and (last.ppr.border_bottom or last.has_line_shape):
        rule = last
    if rule is None:
        underlined = any(r.props.underline not in (None, "none") for p in bold_lines for r in p.visible_runs)
        out.add("HDR-008", last, "phía dưới tên cơ quan, tổ chức ban hành phải có đường kẻ ngang nét liền, "
                "đặt cân đối" + (" (gạch chân chữ không thay được đường kẻ)" if underlined else ""))
        return
    _third_to_half(doc, out, "HDR-009", rule, bold_lines, "tên cơ quan ban hành")


def _so(doc: DocModel, b: Blocks, out: Collector, head: list[Para]) -> None:
    so = b.so or next((p for p in head if _SO_LOOSE.match(p.text)), None)
    if so is None:
        if b.quoc_hieu is not None:
            out.add("HDR-010", "phần đầu văn bản", "thiếu số, ký hiệu văn bản (“Số: 01/KH-UBND”) dưới tên cơ quan")
        return
    text = clean(so.text)
    issues = fmt_issues(so, bold=False, italic=False, center=True)
    ss = run_sizes(so)
    if ss and ss != {13.0}:
        issues.insert(0, "cỡ " + "/".join(f"{s:g}" for s in sorted(ss)))
    if issues:
        out.add("HDR-010", so, "dòng số, ký hiệu phải cỡ 13, chữ đứng, không đậm, căn giữa dưới tên cơ quan"
                + now(issues))
    m = _SO_ANY.match(text)
    draft = _SO_DRAFT.match(text)
    if _SO_QPPL.match(text):
        out.add("HDR-014", so, "số/năm/ký hiệu là cách ghi của văn bản quy phạm pháp luật; văn bản hành chính "
                "ghi “Số: <số>/<ký hiệu>”")
        return
    if draft:
        out.add("HDR-011", so, "số văn bản chưa được điền (văn thư cấp số khi ban hành)")
        ky_hieu = draft.group("ky_hieu")
    elif m:
        number = m.group("so")
        if not number.strip("0") or (len(number) <= 9 and int(number) == 0):
            out.add("HDR-010", so, "số văn bản bắt đầu từ 01, ghi bằng chữ số Ả Rập")
        elif len(number) == 1 or (number.startswith("0") and len(number) > 2):
            out.add("HDR-012", so, "số nhỏ hơn 10 phải ghi thêm số 0 phía trước (01–09), số từ 10 trở lên "
                    "không thêm số 0")
        ky_hieu = m.group("ky_hieu")
    else:
        out.add("HDR-010", so, "số, ký hiệu phải ghi “Số: <số>/<ký hiệu>”, các nhóm chữ viết tắt nối bằng dấu "
                "gạch nối (-) không cách chữ (ví dụ “Số: 05/KH-UBND”)")
        return
    first = ky_hieu.split("-")[0]
    if b.ten_loai is not None and b.loai:
        if first != b.loai:
            out.add("HDR-013", so, f"ký hiệu của {norm_text(b.ten_loai.text).lower()} phải bắt đầu bằng chữ "
                    f"viết tắt tên loại “{b.loai}” (ví dụ “{b.loai}-UBND”)")
    elif b.vv and first in TYPE_ABBR:
        out.add("HDR-013", so, "ký hiệu công văn gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo, không có "
                f"chữ viết tắt tên loại (“{first}”)")


def _pad_issues(d: str | None, m: str | None) -> list[str]:
    out = []
    if d and d.isdigit() and 1 <= int(d) <= 9 and len(d) != 2:
        out.append("ngày nhỏ hơn 10 phải ghi thêm số 0 (01–09)")
    if m and m.isdigit():
        v = int(m)
        if v in (1, 2) and len(m) != 2:
            out.append("tháng 1, 2 phải ghi 01, 02")
        elif 3 <= v <= 9 and len(m) != 1:
            out.append("tháng 3 đến 9 không thêm số 0")
    return out


def _date(doc: DocModel, b: Blocks, out: Collector, head: list[Para]) -> None:
    p = b.date or next((q for q in head if "ngày" in q.text and "tháng" in q.text and "năm" in q.text
                        and not _SO_LOOSE.match(q.text)), None)
    if p is None:
        if b.quoc_hieu is not None:
            out.add("HDR-015", "phần đầu văn bản", "thiếu địa danh và thời gian ban hành văn bản dưới Quốc hiệu")
        return
    issues = fmt_issues(p, size=(13, 14), bold=False, italic=True, center=True)
    if issues:
        out.add("HDR-015", p, "địa danh, ngày tháng năm phải in nghiêng, cỡ 13–14, không đậm, căn giữa dưới "
                "Quốc hiệu và Tiêu ngữ" + now(issues))
    text = clean(p.text)
    full = _DATE_FULL.match(text)
    draft = None if full else _DATE_DRAFT.match(text)
    form = "“<Địa danh>, ngày … tháng … năm …” (dấu phẩy sau địa danh)"
    if full:
        d, m, y = full.group("d"), full.group("m"), full.group("y")
        pads = _pad_issues(d, m)
        if pads:
            out.add("HDR-016", p, "; ".join(pads))
        try:
            datetime.date(int(y), int(m), int(d))
        except ValueError:
            out.add("HDR-015", p, f"ngày {d} tháng {m} năm {y} không phải ngày có thật")
        else:
            if not 1900 <= int(y) <= 2999:
                out.add("HDR-015", p, "năm ban hành phải ghi đủ bốn chữ số")
        return
    if draft:
        d, m, y = draft.group("d"), draft.group("m"), draft.group("y")
        if d.isdigit() and m.isdigit() and len(y) == 4 and y.isdigit():
            # Every part is filled in: only the spacing differs from the required form.
            out.add("HDR-015", p, "địa danh và thời gian phải ghi " + form + ", cách một dấu cách giữa các chữ")
            return
        pads = _pad_issues(d, m)
        if pads:
            out.add("HDR-016", p, "; ".join(pads))
        if (d.isdigit() and not 1 <= int(d) <= 31) or (m.isdigit() and not 1 <= int(m) <= 12):
            out.add("HDR-015", p, "ngày, tháng ban hành không có thật")
        out.add("HDR-017", p, "ngày tháng năm ban hành chưa được điền đủ (điền khi ký ban hành)")
        return
    out.add("HDR-015", p, "địa danh và thời gian phải ghi " + form)


def _box_index(p: Para, paras: list[Para]) -> int:
    """Position of ``p`` among the non-empty lines of its text box."""
    box = p.place.rsplit(", đoạn", 1)[0]
    same = [q for q in paras if q.in_textbox and q.place.rsplit(", đoạn", 1)[0] == box and q.text.strip()]
    return same.index(p) if p in same else -1


def _same_line(doc: DocModel, b: Blocks, out: Collector) -> None:
    so, date = b.so, b.date
    if so is None or date is None:
        return
    if so.table is not None and date.table is not None:
        ok = so.table == date.table and so.row == date.row
    elif so.table is None and date.table is None:
        ok = so is date or so.el is date.el or (so.in_textbox and date.in_textbox
                            and _box_index(so, doc.paragraphs) == _box_index(date, doc.paragraphs))
    else:
        ok = False
    if not ok:
        out.add("HDR-019", so, "số, ký hiệu và địa danh, ngày tháng năm phải trình bày trên cùng một dòng "
                "(cùng một hàng của bảng phần đầu văn bản)")


def _title(doc: DocModel, b: Blocks, out: Collector) -> None:
    tl = b.ten_loai
    if tl is None:
        if not b.vv and b.quoc_hieu is not None:
            out.add("TTL-001", "sau phần đầu văn bản", "thiếu tên loại văn bản (in hoa, đậm, cỡ 13–14, căn giữa); "
                    "chỉ công văn không có tên loại")
        return
    issues = fmt_issues(tl, size=(13, 14), bold=True, italic=False, upper=True, center=True)
    if issues:
        out.add("TTL-001", tl, "tên loại văn bản phải in hoa, đậm, chữ đứng, cỡ 13–14, căn giữa" + now(issues))
    ty = b.trich_yeu
    if not ty:
        out.add("TTL-002", tl, "thiếu trích yếu nội dung ngay dưới tên loại văn bản")
        return
    if any(not p.text.strip() for p in _between(doc, tl, ty[0])):
        out.add("TTL-002", ty[0], "trích yếu nội dung đặt ngay dưới tên loại văn bản, không cách dòng trống")
    for k, p in enumerate(ty):
        issues = fmt_issues(p, size=(13, 14), bold=True, italic=False, center=True)
        if is_upper(p):
            issues.append("viết in hoa toàn bộ")
        elif k == 0:
            first = next((c for c in norm_text(p.text) if c.isalpha()), "")
            if first and not first.isupper():
                issues.append("chữ cái đầu không viết hoa")
        if issues:
            out.add("TTL-002", p, "trích yếu nội dung phải in thường (viết hoa chữ cái đầu), đậm, chữ đứng, "
                    "cỡ 13–14, căn giữa" + now(issues))
    sizes_ty = {main_size(p) for p in ty}
    if tl.size is not None and any(s != tl.size for s in sizes_ty):
        out.add("TTL-005", ty[0], "tên loại và trích yếu nên cùng cỡ chữ"
                + now([f"{tl.size:g} và {'/'.join(f'{s:g}' for s in sorted(sizes_ty))} pt"]))
    rule = b.trich_yeu_rule
    last = ty[-1]
    if rule is None and (last.ppr.border_bottom or last.has_line_shape):
        rule = last
    if rule is None:
        out.add("TTL-003", last, "phía dưới trích yếu phải có đường kẻ ngang nét liền, đặt cân đối")
        return
    _third_to_half(doc, out, "TTL-004", rule, ty, "trích yếu")


def _cong_van(doc: DocModel, b: Blocks, out: Collector) -> None:
    if not b.vv:
        return
    first = b.vv[0]
    if not _VV.match(clean(first.text)):
        out.add("CV-001", first, "trích yếu công văn ghi “V/v <nội dung>”")
    for p in b.vv:
        issues = fmt_issues(p, size=(12, 13), bold=False, italic=False, center=True)
        if issues:
            out.add("CV-001", p, "trích yếu công văn phải in thường, chữ đứng, không đậm, cỡ 12–13, căn giữa "
                    "dưới số, ký hiệu" + now(issues))
    if b.so is not None and b.so.order < first.order:
        between = _between(doc, b.so, first)
        if not any(not p.text.strip() for p in between):
            gap = (b.so.ppr.after or 0) + (first.ppr.before or 0)
            if gap < 120:
                out.add("CV-002", first, "trích yếu công văn đặt cách dòng số, ký hiệu 6 pt"
                        + now([f"{gap / 20:g} pt"]))
    if b.ten_loai is not None:
        out.add("CV-003", b.ten_loai, "công văn không có tên loại văn bản")


def _marks(doc: DocModel, b: Blocks, out: Collector, head: list[Para]) -> None:
    paras = list(head) + [p for p in b.marks if p not in head]
    if doc.sections:
        s0 = doc.sections[0]
        for kind in ("first", "default"):
            el = s0.headers.get(kind)
            if el is not None:
                paras.extend(doc.header_paragraph(q) for q in el.iter(f"{W}p"))
                break
    for p in paras:
        t = norm_text(p.text).upper()
        if t in URGENCY:
            rule, what = "MARK-001", "dấu chỉ mức độ khẩn"
        elif t in CIRCULATION:
            rule, what = "MARK-002", "chỉ dẫn phạm vi lưu hành"
        else:
            continue
        issues = fmt_issues(p, size=(13, 14), bold=True, upper=True)
        if issues:
            out.add(rule, p, f"{what} phải in hoa, đậm, cỡ 13–14, trong khung viền đơn" + now(issues))
