"""Signature block, Nơi nhận, Kính gửi and the drafter's initials (SIG-*, NN-*, KG-*, MISC-001).

SIG-007: the signer's title typed above the KT./TL./TUQ. line (the order reversed) is an error;
SIG-003 (a warning) is a KT./TL./TUQ. line with no title under it at all.
"""

from __future__ import annotations

import re

from ..text import metrics
from .blocks import Blocks, is_rule_para
from .common import WORD_DEFAULT_SIZE, Collector, is_upper, main_size, run_sizes, short
from .findings import Finding
from .model import HALF_POINTS, W, DocModel, Para, norm_text, num
from .rules_header import SEVERITY, clean, fmt_issues, now

_PREFIX_OK = re.compile(r"^(TM|KT|Q|TL|TUQ)\. \S")
# Anything that looks like an authority prefix, however it is punctuated: "KT", "K.T.", "kt.".
_PREFIX_LIKE = re.compile(r"^(?:T\.?\s?M|K\.?\s?T|T\.?\s?U\.?\s?Q|T\.?\s?L|Q)(?:[.\s]|$)", re.IGNORECASE)
_NEEDS_OWN_TITLE = re.compile(r"^(?:K\.?\s?T|T\.?\s?L|T\.?\s?U\.?\s?Q)(?:[.\s]|$)", re.IGNORECASE)
# As in nd30-rules.json, and also "PGS.TS. …" (titles joined by dots).
_ACADEMIC = re.compile(r"^(?:GS|PGS|TS|TSKH|ThS|Ths|BS|CKI|CKII|KS|CN|NGND|NGƯT|TTND|TTUT)(?:\.|\s|$)")
_ACADEMIC_ANY = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|Ths|BS|CKI|CKII|KS|CN|NGND|NGƯT|TTND|TTUT)\.?[\s,]*)+")
_LUU = re.compile(r"^- Lưu: VT(?:, [^;]+?)?\.(?P<misc> [A-ZĐ][A-Za-zĐđ.]*\s?\(?\d+\)?\.?)?$")
_LUU_LIKE = re.compile(r"^[-–—•+]?\s*Lưu\b", re.IGNORECASE)
_DRAFTER = re.compile(r"^[A-ZĐ][A-Za-zĐđ.]*\s?\(?\d+\)?\.?$")
_ITEM_START = ("-", "–", "—", "+", "•", "*")
MIN_GAP_LINES = 3
MIN_GAP_TWIPS = 850  # 1.5 cm


def check(doc: DocModel, b: Blocks) -> list[Finding]:
    out = Collector(SEVERITY, dedupe=True, paragraphs=doc.paragraphs)
    heading, items = _noi_nhan(doc, b)
    _signer(doc, b, out, heading)
    kinh_gui = _kinh_gui_block(doc, b)
    _recipients(b, out, heading, items, kinh_gui)
    _kinh_gui(b, out, kinh_gui)
    return out.findings()


# ---- finding the blocks ------------------------------------------------------------------------

def _noi_nhan(doc: DocModel, b: Blocks) -> tuple[Para | None, list[Para]]:
    """The "Nơi nhận:" paragraph and the paragraphs of the recipients under it, as ``Blocks``
    found them."""
    return b.noi_nhan_heading, list(b.noi_nhan)


def _signer_paras(doc: DocModel, b: Blocks, heading: Para | None = None) -> list[Para]:
    """All paragraphs (empty ones too) of the signer's column, as ``Blocks`` found it."""
    return list(b.signer_column)


# ---- signature ----------------------------------------------------------------------------------

def _mark_size(doc: DocModel, p: Para) -> float:
    """Size of an empty paragraph: its mark's run properties, else its style."""
    half_points = num(p.el.find(f"{W}pPr/{W}rPr/{W}sz"), "val", HALF_POINTS)
    if half_points:
        return half_points / 2
    size = doc.default_r.merged(doc.style_props(p.style_id or None)[1]).size
    return size if size is not None else WORD_DEFAULT_SIZE


def _height(doc: DocModel, p: Para) -> float:
    """Approximate height (twips) of an empty or placeholder paragraph, spacing included."""
    size = main_size(p) if p.text.strip() else _mark_size(doc, p)
    lines = max(1, p.text.count("\n") + 1)
    if p.ppr.line_rule in ("exact", "atLeast") and p.ppr.line:
        h = max(p.ppr.line, size * 20 * 1.15) if p.ppr.line_rule == "atLeast" else p.ppr.line
    else:
        h = size * 20 * 1.15 * (p.ppr.line or 240) / 240
    return h * lines + (p.ppr.before or 0) + (p.ppr.after or 0)


def _signer(doc: DocModel, b: Blocks, out: Collector, heading: Para | None) -> None:
    col = _signer_paras(doc, b, heading)
    lines = [p for p in col if p.text.strip() and not clean(p.text).startswith("(") and not is_rule_para(p)]
    if not lines:
        out.add("SIG-001", "cuối văn bản", "thiếu quyền hạn, chức vụ và họ tên người ký (in hoa, đậm, cỡ 13–14, "
                "căn giữa)")
        return
    # The name is the last line; if it is in capitals it is only the name when space for the
    # signature separates it from the title lines.
    last = lines[-1]
    name = last
    if is_upper(last):
        gap_before = len(lines) > 1 and any(
            not p.text.strip() or clean(p.text).startswith("(") for p in col if lines[-2].order < p.order < last.order)
        if not gap_before:
            name = None
    titles = [p for p in lines if p is not name]
    if not titles:
        out.add("SIG-001", name, "thiếu quyền hạn, chức vụ của người ký phía trên họ tên (in hoa, đậm, cỡ 13–14)")
    for p in titles:
        issues = fmt_issues(p, size=(13, 14), bold=True, italic=False, upper=True, center=True)
        if issues:
            out.add("SIG-001", p, "quyền hạn, chức vụ của người ký phải in hoa, đậm, cỡ 13–14, căn giữa"
                    + now(issues))
        t = clean(p.text)
        if _PREFIX_LIKE.match(t) and not _PREFIX_OK.match(t):
            out.add("SIG-002", p, "viết tắt quyền hạn ký phải là “TM. ”, “KT. ”, “TL. ”, “TUQ. ” hoặc “Q. ” "
                    "(in hoa, dấu chấm rồi một dấu cách)")
    for k, p in enumerate(titles):
        t = clean(p.text)
        if _NEEDS_OWN_TITLE.match(t) and "\n" not in p.text and k == len(titles) - 1:
            above = clean(titles[k - 1].text) if k else ""
            if above and not _PREFIX_LIKE.match(above):
                # "PHÓ GIÁM ĐỐC" over "KT. GIÁM ĐỐC": the signer's title above the authority.
                out.add("SIG-007", p, "dòng quyền hạn “KT.”, “TL.”, “TUQ.” đặt trên, chức vụ của người ký đặt "
                        f"ở dòng dưới (hiện tại: “{short(above)}” ở trên “{short(t)}”)")
            else:
                out.add("SIG-003", p, "sau dòng KT./TL./TUQ. phải ghi chức vụ của người ký ở dòng dưới")
    if name is None:
        out.add("SIG-004", last, "thiếu họ và tên người ký (in thường, đậm, cỡ 13–14, căn giữa)")
        return
    text = norm_text(name.text)
    if _ACADEMIC.match(text):
        out.add("SIG-005", name, "không ghi học hàm, học vị trước họ tên người ký (trừ ngành được phép)")
    bare = _ACADEMIC_ANY.sub("", text).strip() or text
    issues = fmt_issues(name, size=(13, 14), bold=True, italic=False, center=True)
    if is_upper(name):
        issues.append("in hoa toàn bộ")
    elif not all(_capitalised(w) for w in bare.split()):
        issues.append("chưa viết hoa đúng chữ cái đầu mỗi âm tiết")
    if issues:
        out.add("SIG-004", name, "họ tên người ký phải in thường, viết hoa chữ cái đầu mỗi âm tiết, đậm, cỡ 13–14, "
                "căn giữa" + now(issues))
    # Space for the signature and the seal.
    if titles and titles[0].order < name.order:
        prev = max((p for p in titles if p.order < name.order), key=lambda p: p.order)
        gap = [p for p in col if prev.order < p.order < name.order
               and (not p.text.strip() or clean(p.text).startswith("("))]
        height = sum(_height(doc, p) for p in gap) + (prev.ppr.after or 0) + (name.ppr.before or 0)
        if len(gap) < MIN_GAP_LINES and height < MIN_GAP_TWIPS:
            out.add("SIG-006", name, "giữa chức vụ và họ tên người ký cần đủ chỗ cho chữ ký và dấu (khoảng 3 dòng "
                    "trống trở lên)" + now([f"{len(gap)} dòng, khoảng {height / 567:.1f} cm"]))


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return True
    return letters[0].isupper() and all(c.islower() for c in letters[1:])


# ---- Nơi nhận -----------------------------------------------------------------------------------

def _recipients(b: Blocks, out: Collector, heading: Para | None, items: list[Para], kinh_gui: list[Para]) -> None:
    if heading is None:
        out.add("NN-001", "cuối văn bản", "thiếu “Nơi nhận:” (cỡ 12, đậm, nghiêng, căn trái)")
        return
    inline = b.noi_nhan_inline.split("\n") if b.noi_nhan_inline else []
    if inline:
        # The recipients typed on the heading's line: its own format cannot be told from theirs.
        out.add("NN-001", heading, "từ “Nơi nhận:” đứng riêng một dòng, mỗi nơi nhận một dòng “- …;” ở dưới"
                + now([f"“{short(inline[0], 40)}” cùng dòng với “Nơi nhận:”"]))
    else:
        issues = fmt_issues(heading, bold=True, italic=True, left=True)
        ss = run_sizes(heading)
        if ss and ss != {12.0}:
            issues.insert(0, "cỡ " + "/".join(f"{s:g}" for s in sorted(ss)))
        if (heading.ppr.first_line or 0) > 0:
            issues.append("thụt đầu dòng")
        if norm_text(heading.text) != "Nơi nhận:":
            issues.insert(0, "chữ “" + short(heading.text) + "”")
        if issues:
            out.add("NN-001", heading, "từ “Nơi nhận:” phải in thường, cỡ 12, đậm, nghiêng, căn trái, có dấu hai chấm"
                    + now(issues))
    if not items and inline:
        if not _LUU_LIKE.match(inline[-1]):
            out.add("NN-003", heading, "cuối danh sách nơi nhận phải có dòng “- Lưu: VT, <đơn vị soạn thảo>.”")
        return
    if not items:
        out.add("NN-003", heading, "cuối danh sách nơi nhận phải có dòng “- Lưu: VT, <đơn vị soạn thảo>.”")
        return
    luu = next((i for i in range(len(items) - 1, -1, -1) if _LUU_LIKE.match(norm_text(items[i].text))), None)
    # A Lưu line that wraps: its continuation lines belong to it.
    luu_end = luu
    if luu is not None:
        text = norm_text(items[luu].text)
        while not text.endswith(".") and luu_end + 1 < len(items) \
                and not norm_text(items[luu_end + 1].text).startswith(_ITEM_START) \
                and not _DRAFTER.match(norm_text(items[luu_end + 1].text)):
            luu_end += 1
            text += " " + norm_text(items[luu_end].text)
    before = items[:luu] if luu is not None else items
    _items(out, before)
    if luu is None:
        out.add("NN-003", items[-1], "dòng cuối của nơi nhận phải là “- Lưu: VT, <đơn vị soạn thảo>.”")
    else:
        p = items[luu]
        m = _LUU.match(text)
        suffix = m.group("misc").strip() if m and m.group("misc") else None
        issues = fmt_issues(p, italic=False)
        luu_sizes = _span_sizes(p, 0, _suffix_start(p, suffix)) if suffix else run_sizes(p)
        if luu_sizes and luu_sizes != {11.0}:
            issues.insert(0, "cỡ " + "/".join(f"{s:g}" for s in sorted(luu_sizes)))
        if issues:
            out.add("NN-002", p, "các dòng nơi nhận phải cỡ 11, chữ đứng" + now(issues))
        if not m:
            out.add("NN-003", p, "dòng lưu phải ghi “- Lưu: VT, <viết tắt đơn vị soạn thảo>[ <số bản lưu>].”")
        elif suffix:
            found = _span_sizes(p, _suffix_start(p, suffix), None)
            if found and found != {11.0}:
                out.add("MISC-001", p, "ký hiệu người soạn thảo và số lượng bản phát hành phải cỡ 11"
                        + now(["cỡ " + "/".join(f"{s:g}" for s in sorted(found))]))
        for q in items[luu_end + 1:]:
            t = norm_text(q.text)
            if _DRAFTER.match(t):
                issues = fmt_issues(q, italic=False)
                if run_sizes(q) != {11.0}:
                    issues.insert(0, "cỡ " + "/".join(f"{s:g}" for s in sorted(run_sizes(q))))
                if issues:
                    out.add("MISC-001", q, "ký hiệu người soạn thảo và số lượng bản phát hành phải cỡ 11, chữ đứng"
                            + now(issues))
            else:
                out.add("NN-003", q, "dòng “- Lưu: VT, ….” phải là dòng cuối cùng của nơi nhận")
    if kinh_gui and (inline or before):
        if (inline[0] if inline else norm_text(before[0].text)) != "- Như trên;":
            out.add("NN-004", heading if inline else before[0],
                    "văn bản có “Kính gửi” thì dòng đầu nơi nhận là “- Như trên;”")


def _items(out: Collector, paras: list[Para]) -> None:
    """Recipient lines: 11 pt, regular, "- X;" (wrapped lines continue the item above)."""
    prev_text = None
    for k, p in enumerate(paras):
        t = norm_text(p.text)
        issues = fmt_issues(p, bold=False, italic=False)
        if run_sizes(p) != {11.0}:
            issues.insert(0, "cỡ " + "/".join(f"{s:g}" for s in sorted(run_sizes(p))))
        starts = t.startswith(_ITEM_START)
        if starts and not (t.startswith("- ") or t.startswith("+ ")):
            issues.append("đầu dòng không phải dấu gạch ngang “- ”")
        elif not starts and (prev_text is None or prev_text.endswith((";", ":", "."))):
            issues.append("thiếu dấu gạch ngang “- ” đầu dòng")
        nxt = norm_text(paras[k + 1].text) if k + 1 < len(paras) else None
        continues = nxt is not None and not nxt.startswith(_ITEM_START) and not t.endswith((";", ":"))
        if not continues and not t.endswith(";") and not (t.endswith(":") and nxt and nxt.startswith("+")):
            issues.append("không kết thúc bằng dấu chấm phẩy")
        if issues:
            out.add("NN-002", p, "mỗi nơi nhận một dòng “- <tên cơ quan>;”, cỡ 11, chữ đứng, không đậm"
                    + now(issues))
        prev_text = t


def _suffix_start(p: Para, suffix: str) -> int:
    start = p.text.rstrip().rfind(suffix)
    return start if start >= 0 else len(p.text)


def _span_sizes(p: Para, start: int, end: int | None) -> set[float]:
    """Sizes of the visible runs overlapping the characters [start, end) of the paragraph."""
    pos, found = 0, set()
    for r in p.runs:
        r_end = pos + len(r.text)
        part = r.text[max(0, start - pos):None if end is None else max(0, end - pos)]
        if part.strip():
            found.add(r.props.size if r.props.size is not None else WORD_DEFAULT_SIZE)
        pos = r_end
    return found


# ---- Kính gửi -----------------------------------------------------------------------------------

def _kinh_gui_block(doc: DocModel, b: Blocks) -> list[Para]:
    if b.kinh_gui:
        return list(b.kinh_gui)
    ps = doc.paragraphs
    start = (b.trich_yeu_rule or (b.trich_yeu[-1] if b.trich_yeu else None) or b.ten_loai)
    start_order = start.order + 1 if start is not None else b.header_end + 1
    for p in ps[start_order:start_order + 15]:
        if p.section != 0:
            break
        if norm_text(p.text).lower().startswith("kính gửi"):
            block = [p]
            for q in ps[p.order + 1:]:
                if not norm_text(q.text).startswith(_ITEM_START):
                    break
                block.append(q)
            return block
    return []


def _dash_x(p: Para) -> float:
    x = (p.ppr.left or 0) + (p.ppr.first_line or 0) - (p.ppr.hanging or 0)
    lead = p.text[: len(p.text) - len(p.text.lstrip(" \u00a0"))]
    if lead:
        x += metrics.width_twips(lead.replace("\u00a0", " "), main_size(p))
    return x


def _kinh_gui(b: Blocks, out: Collector, block: list[Para]) -> None:
    if not block:
        if b.loai == "CV" and b.vv:
            out.add("KG-003", b.vv[0], "công văn phải có “Kính gửi:” và tên cơ quan, cá nhân nhận")
        return
    head, lines = block[0], block[1:]
    t = norm_text(head.text)
    fmt = "“Kính gửi: <nơi nhận>” (một nơi nhận, cùng dòng) hoặc “Kính gửi:” rồi mỗi nơi nhận một dòng “- …;”, " \
          "dòng cuối kết thúc bằng dấu chấm"
    for p in block:
        issues = fmt_issues(p, size=(13, 14), bold=False, italic=False)
        if issues:
            out.add("KG-001", p, "“Kính gửi” và nơi nhận phải in thường, chữ đứng, không đậm, cỡ 13–14"
                    + now(issues))
    if not t.startswith("Kính gửi:"):
        out.add("KG-001", head, "phải ghi “Kính gửi:” (có dấu hai chấm)")
    rest = t.split(":", 1)[1].strip() if ":" in t else t[len("Kính gửi"):].strip()
    if rest:
        if lines:
            out.add("KG-001", head, "ghi " + fmt)
        elif rest.endswith((";", ":")):
            out.add("KG-001", head, "một nơi nhận ghi cùng dòng “Kính gửi: <nơi nhận>”, không kết thúc bằng dấu ;")
    else:
        if not lines:
            out.add("KG-001", head, "thiếu nơi nhận sau “Kính gửi:”")
        elif len(lines) == 1:
            out.add("KG-001", lines[0], "chỉ một nơi nhận thì ghi cùng dòng với “Kính gửi:”")
        else:
            for k, p in enumerate(lines):
                lt = norm_text(p.text)
                last = k == len(lines) - 1
                if not lt.startswith("- "):
                    out.add("KG-001", p, "mỗi nơi nhận một dòng, bắt đầu bằng dấu gạch ngang “- ”")
                elif not last and not lt.endswith(";"):
                    out.add("KG-001", p, "mỗi nơi nhận kết thúc bằng dấu chấm phẩy, riêng nơi cuối cùng bằng dấu chấm")
                elif last and not lt.endswith("."):
                    out.add("KG-001", p, "nơi nhận cuối cùng kết thúc bằng dấu chấm")
            xs = {round(_dash_x(p) / 57) for p in lines}  # 1 mm steps
            if len(xs) > 1:
                out.add("KG-002", lines[0], "các dấu gạch đầu dòng của nơi nhận phải thẳng hàng (dưới dấu hai chấm)")
