"""Body text, căn cứ, headings, numbering and text hygiene (BODY-*, CC-001, HEAD-*, TEXT-001).

The body is ``Blocks.body`` (non-empty paragraphs of the first section between the title block
and the signature table), cut at the first annex label or a stray "Nơi nhận:" in case the
signature block is not a table. Each paragraph is given a kind: a Phần/Chương or Mục label, the
title under such a label, an "Điều n." heading, a căn cứ line, or a level of the numbering
clerks type (``text.than_van.classify``: I. / 1. / 1.1. / a) / - / + / plain).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text import than_van
from .blocks import Blocks, is_rule_para
from .common import JC_NAME, PER_RULE, Collector, in_range, is_upper, main_size, run_sizes, short, size_text
from .findings import CANH_BAO, LOI, Finding
from .model import HUNDREDTHS, TWIPS_POS, W, DocModel, Para, norm_text, num

SEVERITY = {
    "BODY-001": LOI, "BODY-002": LOI, "BODY-003": LOI, "BODY-004": LOI, "BODY-005": LOI,
    "BODY-006": CANH_BAO, "BODY-007": CANH_BAO, "CC-001": LOI,
    "HEAD-001": LOI, "HEAD-002": LOI, "HEAD-003": LOI, "HEAD-004": LOI, "HEAD-005": CANH_BAO,
    "TEXT-001": CANH_BAO,
}

INDENTS = (567, 720)  # 1 cm, 1.27 cm
INDENT_TOL = 6
MIN_GAP = 120  # twips: 6 pt between paragraphs
SINGLE_EM = 1.15  # Times New Roman single line height, in em
TEXT_LIMIT = 5  # TEXT-001 findings per document


# ---- the body and its kinds ------------------------------------------------------------------

_LABEL_PC = re.compile(r"^(?P<w>(?i:phần|chương))\s+(?P<n>[IVXLC]+|\d+)(?![^\W_])\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
_LABEL_MUC = re.compile(r"^(?P<w>(?i:tiểu mục|mục))\s+(?P<n>\d+|[IVXLC]+)(?![^\W_])\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
_DIEU = re.compile(r"^Điều\s+(?P<n>\d+)\s*\.(?:\s|$)")
_CAN_CU = ("Căn cứ",)
_CAN_CU_TAIL = ("Theo đề nghị", "Xét đề nghị")
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass
class Item:
    p: Para
    text: str  # normalised text
    kind: str  # label_pc | label_muc | label_title | dieu | can_cu | a than_van level
    number: str | None = None
    title: bool = False  # a heading line (label, label title, mục, titled khoản/điểm, Điều)
    inline: bool = False  # a label with its title on the same line
    label_word: str = ""


def annex_labels(doc: DocModel, b: Blocks) -> list[Para]:
    """The "Phụ lục" labels (and the titles of annexes typed without one), as ``Blocks`` found
    them (after the signature block, or after the title block when there is none)."""
    return [a.label for a in b.annexes]


def body_paras(doc: DocModel, b: Blocks) -> list[Para]:
    """``Blocks.body`` cut at the first annex label and at a "Nơi nhận:" outside a table."""
    stop = min([p.order for p in annex_labels(doc, b)] or [len(doc.paragraphs)])
    out = []
    for p in b.body:
        if p.order >= stop:
            break
        if norm_text(p.text).rstrip(":").strip() == "Nơi nhận":
            break
        out.append(p)
    if b.sign_table is None:
        # No signature table: the signer's lines follow the body as paragraphs. The content
        # ends with "./." by convention; cut there when it can be seen.
        ends = [k for k, p in enumerate(out) if p.text.rstrip().endswith("./.")]
        if ends:
            out = out[:ends[-1] + 1]
    return out


def _label(rx, t: str):
    m = rx.match(t)
    if not m:
        return None
    rest = m.group("rest")
    if rest and not (any(c.isalpha() for c in rest) and rest == rest.upper()):
        return None  # a sentence that starts with "Phần I của …"
    return m


def analyse(body: list[Para]) -> list[Item]:
    items: list[Item] = []
    texts = [norm_text(p.text.replace("\t", " ")) for p in body]
    # Level and title of every line by the numbering clerks type.
    parsed = than_van.parse_body("\n".join(texts))
    by_line = {tp.line: tp for tp in parsed}
    after_label = False
    in_can_cu = True
    for k, (p, t) in enumerate(zip(body, texts)):
        m_pc, m_muc = _label(_LABEL_PC, t), _label(_LABEL_MUC, t)
        if m_pc or m_muc:
            m = m_pc or m_muc
            item = Item(p, t, "label_pc" if m_pc else "label_muc", m.group("n"), True,
                        bool(m.group("rest")), m.group("w"))
            after_label = not item.inline
            in_can_cu = False
            items.append(item)
            continue
        if after_label:
            after_label = False
            level = than_van.classify(t)[0]
            if level == "doan" and not _DIEU.match(t):
                items.append(Item(p, t, "label_title", title=True))
                continue
        if in_can_cu and (t.startswith(_CAN_CU) or (items and items[-1].kind == "can_cu"
                                                     and t.startswith(_CAN_CU_TAIL))):
            items.append(Item(p, t, "can_cu"))
            continue
        in_can_cu = False
        md = _DIEU.match(t)
        if md:
            items.append(Item(p, t, "dieu", md.group("n"), True))
            continue
        tp = by_line.get(k + 1)
        if tp is None or tp.level in ("phan", "chuong"):
            items.append(Item(p, t, "doan"))  # "Phần I của …" is a sentence, not a label
        else:
            items.append(Item(p, t, tp.level, tp.number, tp.title))
    return items


# ---- entry ---------------------------------------------------------------------------------------

def check(doc: DocModel, b: Blocks) -> list[Finding]:
    out = Collector(SEVERITY, per_rule=PER_RULE, paragraphs=doc.paragraphs)
    body = body_paras(doc, b)
    if body:
        items = analyse(body)
        _format(doc, items, out)
        _end_marker(items, out)
        _can_cu(items, out)
        _labels(items, out)
        _dieu(items, out)
        _numbering(items, out)
        _muc_headings(items, out)
    findings = out.findings()
    findings += _hygiene(doc, b)
    return findings


# ---- BODY-001..006 -------------------------------------------------------------------------------

def first_line(p: Para) -> int:
    """Effective first-line indent in twips (negative for a hanging indent)."""
    ind = p.el.find(f"{W}pPr/{W}ind")  # direct: firstLine and hanging exclude each other
    if ind is not None:
        for attr, sign in (("hanging", -1), ("firstLine", 1)):
            v = num(ind, attr, TWIPS_POS)
            if v is not None:
                return sign * v
        for attr, sign in (("hangingChars", -1), ("firstLineChars", 1)):
            v = num(ind, attr, HUNDREDTHS)
            if v is not None:
                return sign * round(v / 100 * main_size(p) * 20)
    if p.ppr.hanging:
        return -p.ppr.hanging
    return p.ppr.first_line or 0


def _indent_ok(v: int) -> bool:
    return any(abs(v - x) <= INDENT_TOL for x in INDENTS)


def _spacing_els(doc: DocModel, p: Para) -> list:
    """w:spacing elements that apply to the paragraph: document default, style chain, direct."""
    els = []
    if doc.styles is not None:
        dd = doc.styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
        if dd is not None:
            els.append(dd)
    for st in doc.style_chain(p.style_id or doc.default_para_style):
        sp = st.find(f"{W}pPr/{W}spacing")
        if sp is not None:
            els.append(sp)
    sp = p.el.find(f"{W}pPr/{W}spacing")
    if sp is not None:
        els.append(sp)
    return els


def space(doc: DocModel, p: Para, side: str) -> int:
    """Space before or after (twips): lines units and HTML auto spacing resolved."""
    value = 0
    for sp in _spacing_els(doc, p):
        auto = sp.get(f"{W}{side}Autospacing")
        if auto is not None and auto not in ("0", "false", "off"):
            value = 280  # Word's HTML auto spacing: 14 pt
            continue
        lines = num(sp, f"{side}Lines", HUNDREDTHS)
        if lines is not None:
            value = round(lines / 100 * 240)
            continue
        v = num(sp, side, TWIPS_POS)
        if v is not None:
            value = v
    return value


def _contextual(doc: DocModel, p: Para) -> bool:
    on = None
    for st in doc.style_chain(p.style_id or doc.default_para_style):
        el = st.find(f"{W}pPr/{W}contextualSpacing")
        if el is not None:
            on = el.get(f"{W}val") not in ("0", "false", "off")
    el = p.el.find(f"{W}pPr/{W}contextualSpacing")
    if el is not None:
        on = el.get(f"{W}val") not in ("0", "false", "off")
    return bool(on)


def _format(doc: DocModel, items: list[Item], out: Collector) -> None:
    heading_kinds = ("label_pc", "label_muc", "label_title")
    sizes: dict[float, list[Para]] = {}
    for it in items:
        p = it.p
        centred_heading = it.kind in heading_kinds
        # BODY-001: justified. Centred labels and their titles are exempt; the decree does not
        # state the alignment of "I. …" headings (one line: justified and left look the same).
        if not centred_heading and it.kind != "muc" and p.ppr.jc != "both":
            out.add("BODY-001", p, f"nội dung văn bản phải căn đều hai lề (đang {JC_NAME.get(p.ppr.jc, p.ppr.jc)})")
        # BODY-002: 13–14 pt.
        s = run_sizes(p)
        if s and not all(13 <= x <= 14 for x in s):
            out.add("BODY-002", p, "nội dung văn bản phải cỡ chữ từ 13 đến 14", text=f"{size_text(p)}: {short(p.text, 40)}")
        for x in s:
            sizes.setdefault(x, []).append(p)
        # BODY-003: first-line indent 1 cm or 1.27 cm.
        fl = first_line(p)
        if not centred_heading:
            if it.kind == "muc":
                ok = fl == 0 or _indent_ok(fl)
            else:
                ok = _indent_ok(fl)
            if not ok:
                out.add("BODY-003", p, "đầu dòng phải lùi vào 1 cm hoặc 1,27 cm",
                         text=f"lùi {fl / 567:.2f} cm: {short(p.text, 40)}")
        # BODY-005: line spacing from single to 1.5 lines.
        _line_spacing(p, out)
        # BODY-006: running text upright and not wholly bold.
        if not it.title and it.kind not in ("can_cu",) and len(it.text) > 0:
            if p.italic:
                out.add("BODY-006", p, "nội dung văn bản trình bày kiểu chữ đứng, không in nghiêng cả đoạn")
            elif p.bold and not _looks_like_heading(it):
                out.add("BODY-006", p, "nội dung văn bản không in đậm cả đoạn (chỉ đề mục in đậm)")
    # BODY-002 (warning): one size for the whole body.
    inside = {x: ps for x, ps in sizes.items() if 13 <= x <= 14}
    if len(inside) > 1:
        main = max(inside, key=lambda x: len(inside[x]))
        other = next(x for x in sorted(inside) if x != main)
        p = inside[other][0]
        out.add("BODY-002", p, "nội dung văn bản nên dùng thống nhất một cỡ chữ", text=f"{other:g} pt / {main:g} pt",
                severity=CANH_BAO)
    # BODY-004: at least 6 pt between consecutive paragraphs.
    for prev, it in zip(items, items[1:]):
        p1, p2 = prev.p, it.p
        if p2.order != p1.order + 1:
            continue  # an empty paragraph or a table between them
        same = p1.style_id == p2.style_id
        after = 0 if same and _contextual(doc, p1) else space(doc, p1, "after")
        before = 0 if same and _contextual(doc, p2) else space(doc, p2, "before")
        if after + before < MIN_GAP:
            out.add("BODY-004", p2, "khoảng cách giữa các đoạn văn tối thiểu là 6 pt",
                     text=f"{(after + before) / 20:g} pt: {short(p2.text, 40)}")


def _looks_like_heading(it: Item) -> bool:
    """A bold line with no numbering that reads as a heading: short, no closing punctuation."""
    t = it.text
    if it.kind == "doan":
        return len(t) <= 120 and not t.endswith((".", ";", ",", ":"))
    return it.kind in ("khoan", "tieu_khoan", "diem") and len(t) <= 200 and not t.endswith((".", ";"))


def _line_spacing(p: Para, out: Collector) -> None:
    line, rule = p.ppr.line, p.ppr.line_rule or "auto"
    if line is None:
        return  # single
    if rule == "auto":
        if not 238 <= line <= 362:
            out.add("BODY-005", p, "khoảng cách dòng từ đơn (single) đến 1,5 dòng",
                     text=f"{line / 240:.2f} dòng: {short(p.text, 40)}")
        return
    ratio = line / (20 * SINGLE_EM * main_size(p))
    if ratio > 1.5 + 0.01:
        out.add("BODY-005", p, "khoảng cách dòng từ đơn (single) đến 1,5 dòng",
                 text=f"{line / 20:g} pt ({rule}): {short(p.text, 40)}")
    elif rule == "exact" and ratio < 1.0 - 0.01:
        sev = CANH_BAO if ratio >= 0.9 else LOI
        out.add("BODY-005", p, "khoảng cách dòng cố định không được nhỏ hơn dòng đơn",
                 text=f"{line / 20:g} pt (exact): {short(p.text, 40)}", severity=sev)


# ---- BODY-007, CC-001 ----------------------------------------------------------------------------

def _end_marker(items: list[Item], out: Collector) -> None:
    last = items[-1]
    if not last.text.rstrip().endswith("./."):
        out.add("BODY-007", last.p, "nội dung văn bản kết thúc bằng dấu “./.”", text=short(last.text[-60:]))


def _can_cu(items: list[Item], out: Collector) -> None:
    block = []
    for it in items:
        if it.kind != "can_cu":
            break
        block.append(it)
    if not block:
        return
    # "Căn cứ …, UBND xã ban hành Kế hoạch như sau:" introduces the body: the căn cứ list
    # flows into that sentence, so it is not a căn cứ line of its own.
    lead_in = block[-1].text.endswith(":")
    if lead_in:
        block = block[:-1]
    for k, it in enumerate(block):
        p = it.p
        if not p.italic:
            out.add("CC-001", p, "căn cứ ban hành văn bản trình bày bằng chữ in nghiêng")
        last = k == len(block) - 1
        t = it.text.rstrip()
        if last and not lead_in:
            if not t.endswith("."):
                out.add("CC-001", p, "căn cứ cuối cùng kết thúc bằng dấu chấm “.”", text=short(t[-60:]))
        elif not last and not t.endswith(";"):
            out.add("CC-001", p, "mỗi căn cứ trình bày một dòng, cuối dòng có dấu chấm phẩy “;”", text=short(t[-60:]))
        elif last and lead_in and not t.endswith((";", ".")):
            out.add("CC-001", p, "mỗi căn cứ trình bày một dòng, cuối dòng có dấu chấm phẩy “;”", text=short(t[-60:]))


# ---- HEAD-001..005 -------------------------------------------------------------------------------

def _labels(items: list[Item], out: Collector) -> None:
    for k, it in enumerate(items):
        if it.kind not in ("label_pc", "label_muc"):
            continue
        p = it.p
        pc = it.kind == "label_pc"
        rule = "HEAD-001" if pc else "HEAD-002"
        what = "phần, chương" if pc else "mục, tiểu mục"
        word = it.label_word
        if word != word[:1].upper() + word[1:].lower():
            out.add(rule, p, f"từ “{word.capitalize()}” trình bày bằng chữ in thường (chỉ viết hoa chữ đầu)")
        if pc and not _ROMAN.match(it.number or ""):
            out.add(rule, p, "số thứ tự của phần, chương dùng chữ số La Mã")
        if not pc and not (it.number or "").isdigit():
            out.add(rule, p, "số thứ tự của mục, tiểu mục dùng chữ số Ả Rập")
        if it.inline:
            out.add(rule, p, f"số thứ tự {what} trình bày trên một dòng riêng, tên {what} ở dòng ngay dưới")
        if p.ppr.jc != "center":
            out.add(rule, p, f"số thứ tự {what} phải căn giữa")
        if not p.bold:
            out.add(rule, p, f"số thứ tự {what} phải in đậm")
        if p.italic:
            out.add(rule, p, f"số thứ tự {what} trình bày kiểu chữ đứng")
        if not in_range(p):
            out.add(rule, p, f"số thứ tự {what} cỡ chữ từ 13 đến 14", text=f"{size_text(p)}: {short(p.text, 40)}")
        if it.inline:
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is None or nxt.kind != "label_title":
            out.add(rule, p, f"tên {what} trình bày ngay dưới số thứ tự {what}")
            continue
        q = nxt.p
        if not is_upper(q, every_run=True):
            out.add(rule, q, f"tên {what} trình bày bằng chữ in hoa")
        if q.ppr.jc != "center":
            out.add(rule, q, f"tên {what} phải căn giữa")
        if not q.bold:
            out.add(rule, q, f"tên {what} phải in đậm")


def _prefix_runs(p: Para, n: int):
    """Visible runs that carry the first ``n`` non-space characters."""
    got, runs = 0, []
    for r in p.runs:
        if got >= n:
            break
        k = len("".join(r.text.split()))
        if k:
            runs.append(r)
            got += k
    return runs


def _dieu(items: list[Item], out: Collector) -> None:
    body_sizes = [main_size(it.p) for it in items if it.kind in ("doan", "gach", "khoan", "diem")]
    body_size = max(set(body_sizes), key=body_sizes.count) if body_sizes else None
    expected = 1
    for it in items:
        if it.kind != "dieu":
            continue
        p = it.p
        label = re.match(r"^Điều\s+\d+\s*\.", it.text).group(0)
        runs = _prefix_runs(p, len("".join(label.split())))
        if not runs or not all(r.props.bold for r in runs):
            out.add("HEAD-003", p, "“Điều n.” phải in đậm", text=short(p.text, 40))
        if body_size is not None and main_size(p) != body_size:
            out.add("HEAD-003", p, "điều trình bày cùng cỡ chữ với phần nội dung",
                     text=f"{main_size(p):g} pt: {short(p.text, 40)}")
        n = int(it.number) if len(it.number) <= 9 else None  # no Điều has a longer number
        if n != expected:
            out.add("HEAD-003", p, f"số thứ tự điều phải liên tục; mong đợi “Điều {expected}.”",
                     text=short(p.text, 40))
        expected = (expected if n is None else n) + 1


def _numbering(items: list[Item], out: Collector) -> None:
    """HEAD-004 by ``than_van.check_numbering``: Phần/Chương and "I." headings over the whole
    body; khoản, tiểu khoản and điểm in segments that restart under every higher heading
    (Phần/Chương/Mục label, "I." heading, "Điều n.")."""
    line_of: dict[int, Item] = {}
    high: list[than_van.Para] = []
    segments: list[list[than_van.Para]] = [[]]
    for k, it in enumerate(items, start=1):
        line_of[k] = it
        if it.kind in ("label_pc", "label_muc", "dieu", "muc"):
            if it.kind == "label_pc" and _ROMAN.match(it.number or ""):
                level = "phan" if it.label_word.lower() == "phần" else "chuong"
                high.append(than_van.Para(level, [], it.number, True, k))
            elif it.kind == "muc":
                high.append(than_van.Para("muc", [], it.number, True, k))
            segments.append([])
        elif it.kind in ("khoan", "tieu_khoan", "diem") and it.number is not None:
            segments[-1].append(than_van.Para(it.kind, [], it.number, it.title, k))
    issues = than_van.check_numbering(high)
    for seg in segments:
        issues += than_van.check_numbering(seg)
    for issue in sorted(issues, key=lambda i: i.line):
        it = line_of[issue.line]
        out.add("HEAD-004", it.p, issue.message, text=short(it.p.text, 40))


def _muc_headings(items: list[Item], out: Collector) -> None:
    for it in items:
        if it.kind != "muc":
            continue
        p = it.p
        rest = re.sub(r"^\s*[IVXLC]+\.\s*", "", p.text)
        if not is_upper(p, rest, every_run=True):
            out.add("HEAD-005", p, "đề mục “I. …” trình bày bằng chữ in hoa", text=short(p.text, 40))
        if not p.bold:
            out.add("HEAD-005", p, "đề mục “I. …” trình bày chữ in đậm", text=short(p.text, 40))


# ---- TEXT-001 ------------------------------------------------------------------------------------

_DOUBLE = re.compile(r"(?<=\S)( {2,})(?=\S)")
_BLANK_BEFORE = re.compile(r"(?i:ngày|tháng|năm|số:?)$")
_SPACE_BEFORE = re.compile(r"(?<=[^\W_]) +(?:[,;:]|\.(?![./]))")
_NO_SPACE_AFTER = re.compile(r"[,;](?=[^\W\d_])|(?<!http)(?<!https):(?=[^\W\d_])")
_SENTENCE_JOIN = re.compile(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})")
# Tone placement in open syllables: old style "hoà, thuỷ, khoẻ" against new "hòa, thủy, khỏe".
_OLD_TONE = re.compile(r"(?<![^\W\d_])[^\W\d_]*?(?<![qQ])(?:o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])", re.IGNORECASE)
_NEW_TONE = re.compile(r"(?<![^\W\d_])[^\W\d_]*?(?<![qQ])(?:[òóỏõọ][ae]|[ùúủũụ]y)(?![^\W\d_])", re.IGNORECASE)
# Cheap tests for the letter pairs the two patterns need (a long report has thousands of paragraphs).
# The pairs end an open syllable: "hoà" but not "hoàn".
_OLD_PAIR = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])", re.IGNORECASE)
_NEW_PAIR = re.compile(r"(?:[òóỏõọ][ae]|[ùúủũụ]y)(?![^\W\d_])", re.IGNORECASE)


def _hygiene(doc: DocModel, b: Blocks) -> list[Finding]:
    out: list[Finding] = []
    skip = {p.order for p in (b.so, b.date) if p is not None}
    skip |= {a.kem_theo.order for a in b.annexes if a.kem_theo is not None}
    old: list[tuple[Para, str]] = []
    new: list[tuple[Para, str]] = []

    def add(p: Para, where: int, message: str):
        if len(out) < TEXT_LIMIT:
            t = p.text
            out.append(Finding("TEXT-001", CANH_BAO, p.place, short(t[max(0, where - 25):where + 25], 50), message))

    for p in doc.paragraphs:
        t = unicodedata.normalize("NFC", p.text.replace("\u00a0", " "))
        if not t.strip() or is_rule_para(p):
            continue
        # Only the first word of each style is reported.
        if not old and _OLD_PAIR.search(t) and (m := _OLD_TONE.search(t)):
            old.append((p, m.group(0)))
        if not new and _NEW_PAIR.search(t) and (m := _NEW_TONE.search(t)):
            new.append((p, m.group(0)))
        if p.order in skip or len(out) >= TEXT_LIMIT:
            continue
        for m in _DOUBLE.finditer(t):
            before = t[:m.start()]
            if _BLANK_BEFORE.search(before) or t[m.end():].startswith("/"):
                continue  # a blank left to fill in: "ngày      tháng", "số      /KH-UBND"
            add(p, m.start(), "giữa các từ chỉ cách một dấu cách")
            break
        m = _SPACE_BEFORE.search(t)
        if m:
            add(p, m.start(), "không đặt dấu cách trước dấu “,” “.” “;” “:”")
        m = _NO_SPACE_AFTER.search(t)
        if m:
            add(p, m.start(), "sau dấu “,” “;” “:” phải có một dấu cách")
        else:
            m = _SENTENCE_JOIN.search(t)
            if m and t[m.end()].isupper() and not t[m.end():m.end() + 2].isupper() and t[m.start() - 1].islower():
                add(p, m.start(), "sau dấu chấm kết thúc câu phải có một dấu cách")
    if old and new and len(out) < TEXT_LIMIT:
        p_old, w_old = old[0]
        p_new, w_new = new[0]
        out.append(Finding("TEXT-001", CANH_BAO, p_new.place, f"“{w_old}” ({p_old.place}) và “{w_new}”",
                           "dùng thống nhất một kiểu đặt dấu thanh trong văn bản (hòa/hoà, thủy/thuỷ)"))
    return out
