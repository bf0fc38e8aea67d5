"""Find the parts of a document by their content, not by assuming our own templates: the
header block, title, Kính gửi, body, signature block and annexes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..model.van_ban import LOAI_VAN_BAN
from .model import DocModel, Para, norm_text

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TEN_LOAI = {v.upper(): k for k, v in LOAI_VAN_BAN.items() if k != "CV"} | {"GIẤY UỶ QUYỀN": "GUQ"}
_SO = re.compile(r"^\s*Số\s*:")
_DATE = re.compile(r",\s*ngày\b")
# "Phụ lục", "Phụ lục II", "Phụ lục số 2", and a title typed after it in the same line:
# "Phụ lục I: DANH MỤC …", "Phụ lục - Nhiệm vụ …" (the separator may be left out before a title
# in capitals).
_PHU_LUC = re.compile(r"^phụ lục(?:\s+(?:số\s+)?(?P<n>[IVXLC]+|\d{1,2})(?![^\W_]))?\s*"
                      r"(?:(?P<sep>[:.\-–])\s*)?(?P<rest>.*)$", re.IGNORECASE)
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


def box(p: Para) -> tuple:
    """Where a paragraph stands on the page: its table cell, its column of a line laid out with
    tabs (a paragraph outside both is in the left column), or its text box."""
    if p.table is not None:
        return ("table", p.table, p.row, p.cell, p.in_textbox)
    return ("page", p.column or 1, p.in_textbox)


def same_box(p: Para, q: Para) -> bool:
    return box(p) == box(q)


def next_in_box(ps: list[Para], p: Para, limit: int = 2) -> Para | None:
    """The next paragraph with text or a rule in ``p``'s box, looking at most ``limit`` paragraphs
    of that box further; None when the box ends first."""
    seen = 0
    for q in ps[p.order + 1:]:
        if q.in_textbox and not p.in_textbox:
            continue
        if p.table is not None and (q.table != p.table or q.row != p.row):
            return None
        if not same_box(q, p):
            if p.table is None and q.table is not None:
                return None
            continue
        if q.text.strip() or is_rule_para(q):
            return q
        seen += 1
        if seen >= limit:
            return None
    return None


def is_quoc_hieu_like(text: str) -> bool:
    """The Quốc hiệu misspelled: close to it, or with its first and last words."""
    t = norm_text(text).upper()
    if "CỘNG H" in t and "VIỆT NAM" in t and len(t) <= len(QUOC_HIEU) + 12:
        return True
    return abs(len(t) - len(QUOC_HIEU)) <= 6 and difflib.SequenceMatcher(None, t, QUOC_HIEU).ratio() >= 0.85


@dataclass(frozen=True)
class AnnexLabel:
    """A "Phụ lục" label as typed: its numeral and the title typed in its own paragraph."""

    numeral: str | None  # "II", "2"; None for a lone "Phụ lục"
    rest: str  # the title after the label on its line ("Phụ lục I: TITLE"), "" when none
    more: tuple[str, ...] = ()  # the lines after manual breaks in the label's paragraph

    @property
    def title(self) -> str:
        """The title typed in the label's paragraph ("" when none), NFC, single spaces."""
        return " ".join(x for x in (self.rest, *self.more) if x)

    @property
    def same_line(self) -> bool:
        return bool(self.rest)


def annex_label(p: Para) -> AnnexLabel | None:
    """``p`` is a "Phụ lục" label outside tables (alone, or with the annex's title after it in the
    same paragraph: after a separator when in capitals or the paragraph is bold, or after a
    manual line break); None otherwise ("Phụ lục kèm theo Kế hoạch này …" is a sentence)."""
    if p.table is not None or p.in_textbox:
        return None
    first, *more = p.text.split("\n")
    m = _PHU_LUC.match(norm_text(first))
    if m is None:
        return None
    rest = m.group("rest")
    if rest:
        upper = rest == rest.upper() and any(c.isalpha() for c in rest)
        if not (upper or (m.group("sep") and p.bold)):
            return None
    return AnnexLabel(m.group("n"), rest, tuple(t for x in more if (t := norm_text(x))))


@dataclass
class Annex:
    """An annex as found: where it starts, its title lines (``name`` and ``subtitle``) and its
    Kèm theo line (``_annex_title``)."""

    label: Para  # the "Phụ lục" label; for an annex without one, its title
    title: list[Para] = field(default_factory=list)
    kem_theo: Para | None = None
    section: int = 0
    labelled: bool = True  # False for an annex without a "Phụ lục" label
    danh_muc: bool = False  # without a label and titled "DANH MỤC …" (the decree's own shape)
    typed: AnnexLabel | None = None  # the label as read (None without a label)

    @property
    def numeral(self) -> str | None:
        """The label's numeral ("II", "2"); None for a lone "Phụ lục" or without a label."""
        return self.typed.numeral if self.typed is not None else None

    @property
    def name(self) -> list[Para]:
        """The title lines that name the annex: those in capitals from the first (the rest of
        ``title`` is the sub-title, in sentence case)."""
        k = next((k for k, p in enumerate(self.title) if not _upper(p)), len(self.title))
        return self.title[:k] if k or not self.title else self.title[:1]

    @property
    def subtitle(self) -> list[Para]:
        return self.title[len(self.name):]


@dataclass
class Blocks:
    quoc_hieu: Para | None = None  # found by its text, or when misspelled by its likeness
    quoc_hieu_exact: bool = True  # the Quốc hiệu's text is right (its case aside)
    tieu_ngu: Para | None = None
    tieu_ngu_rule: Para | None = None
    so: Para | None = None
    date: Para | None = None
    agency: list[Para] = field(default_factory=list)  # chủ quản lines first, then ban hành
    agency_column: list[Para] = field(default_factory=list)  # every paragraph of the agency's column above Số
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
    sign_start: int | None = None  # order of the signature block's first paragraph (table or tab layout)
    sign_end: int | None = None  # order of its last paragraph
    noi_nhan_heading: Para | None = None
    noi_nhan_inline: str = ""  # recipients typed after "Nơi nhận:" in its own paragraph ("- UBND tỉnh;")
    noi_nhan: list[Para] = field(default_factory=list)  # the paragraphs of the recipients under the heading
    signer_column: list[Para] = field(default_factory=list)  # every paragraph of the signer's column
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
        if b.quoc_hieu is None and t.upper() == QUOC_HIEU:
            b.quoc_hieu = p  # wrong case is reported by the rule
    if b.quoc_hieu is None:
        # Misspelled: still the Quốc hiệu's place, so that nothing else is taken for it.
        b.quoc_hieu = next((p for p in head if p.text.strip() and is_quoc_hieu_like(p.text)), None)
        b.quoc_hieu_exact = b.quoc_hieu is None
    motto = [p for p in head if "độc lập" in norm_text(p.text).lower() and "hạnh phúc" in norm_text(p.text).lower()]
    if b.quoc_hieu is not None:
        after = [p for p in motto if p.order > b.quoc_hieu.order]
        b.tieu_ngu = next((p for p in after if same_box(p, b.quoc_hieu)), after[0] if after else None)
    elif motto:
        b.tieu_ngu = motto[0]
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
        nxt = next_in_box(ps, b.tieu_ngu)
        if nxt is not None and is_rule_para(nxt):
            b.tieu_ngu_rule = nxt
        elif any(r.props.underline not in (None, "none") for r in b.tieu_ngu.visible_runs):
            b.tieu_ngu_rule = b.tieu_ngu
    # Agency lines: upper-case paragraphs of the left column (same table cell, or the left column
    # of lines laid out with tabs), before Số.
    if b.so is not None:
        if b.so.table is not None:
            left = [p for p in ps[:b.so.order] if p.table == b.so.table and p.cell == b.so.cell]
        elif b.so.column is not None:
            start = min([p.order for p in (b.quoc_hieu, b.tieu_ngu) if p is not None] + [b.so.order])
            first = next((p.order for p in ps[:start + 1] if p.el is ps[start].el), start)
            left = [p for p in ps[first:b.so.order] if p.column == 1 and p.table is None and not p.in_textbox]
        else:
            left = [p for p in ps[:b.so.order] if p.table is None]
        if b.quoc_hieu is not None and b.so.table is None and b.so.column is None:
            left = [p for p in left if p.order < b.quoc_hieu.order]
        b.agency_column = left
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
            if not same_box(p, b.so):
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
        nxt = next_in_box(ps, b.agency[-1])
        if nxt is not None and is_rule_para(nxt):
            b.agency_rule = nxt
    # The header table as a whole ends the header block; so do the parts of its last line.
    if b.quoc_hieu is not None and b.quoc_hieu.table is not None:
        header_end = max(header_end, max(p.order for p in ps if p.table == b.quoc_hieu.table))
    last = ps[header_end]
    while header_end + 1 < len(ps) and ps[header_end + 1].el is last.el:
        header_end += 1
    b.header_end = header_end
    return _rest(doc, b, header_end + 1)


def _header_line(p: Para, b: Blocks) -> bool:
    """Quốc hiệu, Tiêu ngữ or the date line (already found)."""
    return p in (b.quoc_hieu, b.tieu_ngu, b.date)




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
            # one name a line, "- …;" (empty lines between them are skipped)
            while k < len(ps) and ps[k].table is None and ps[k].section == ps[j].section:
                t = norm_text(ps[k].text)
                if t.startswith(("-", "–", "+")) and len(t) < 200:
                    b.kinh_gui.append(ps[k])
                elif t or is_rule_para(ps[k]):
                    break
                k += 1
            i = b.kinh_gui[-1].order + 1
            break
        j += 1
    _signature(ps, b, i)
    for p in b.signer_column:
        t = norm_text(p.text)
        if t and t == t.upper() and any(c.isalpha() for c in t):
            b.signer.append(p)
        elif t and not t.startswith("("):
            b.signer_name = p
    # Body: non-empty paragraphs of section 0 between the title block and the signature block.
    end_order = b.sign_start if b.sign_start is not None else len(ps)
    for p in ps[i:end_order]:
        if p.section != 0 or p.table is not None or p.in_textbox or is_empty(p) or is_rule_para(p):
            continue
        b.body.append(p)
    # Annexes: "Phụ lục" labels outside tables; a "DANH MỤC …" title that starts a page with a
    # Kèm theo line under it is an annex without a label, and so is a bold title in capitals
    # that is the first text after the signature block with a table under it. Without a
    # signature block they are looked for from the end of the title block.
    untitled = _unlabelled_title(ps, b.sign_end) if b.sign_end is not None else None
    for p in ps[end_order if b.sign_start is not None else i:]:
        danh_muc = _is_danh_muc(ps, p)
        typed = annex_label(p)
        if typed is None and not danh_muc and p is not untitled:
            continue
        if typed is None and b.annexes and p in b.annexes[-1].title:
            continue
        annex = Annex(p, section=p.section, labelled=typed is not None, typed=typed,
                      danh_muc=typed is None and _DANH_MUC.match(norm_text(p.text)) is not None)
        _annex_title(ps, annex, untitled)
        b.annexes.append(annex)
    return b


def is_kem_theo(p: Para) -> bool:
    """The "(Kèm theo …)" line under an annex's title ("(Ban hành kèm theo …)" too, brackets or not)."""
    t = norm_text(p.text)
    return (t.startswith("(") and "kèm theo" in t.lower()) or t.lower().startswith(("kèm theo", "ban hành kèm theo"))


def _upper(p: Para) -> bool:
    """Shown in capitals: its letters upper case, or every visible run with w:caps."""
    t, runs = p.text, p.visible_runs
    return any(c.isalpha() for c in t) and (t == t.upper() or (bool(runs) and all(r.props.caps for r in runs)))


def _title_like(p: Para) -> bool:
    """A title line: in capitals, or bold and centred."""
    return _upper(p) or (bool(p.bold) and p.ppr.jc == "center")


def _annex_title(ps: list[Para], a: Annex, untitled: Para | None) -> None:
    """An annex's title lines and Kèm theo line, the one rule for the checker and the importer:
    the paragraphs with text under its start (the title of an annex without a label is its
    start), within eight paragraphs, before a table or the next annex; with a Kèm theo line they
    are every paragraph above it, without one the first lines that look like a title."""
    lines = [] if a.labelled else [a.label]
    for q in ps[a.label.order + 1:a.label.order + 9]:
        if q.table is not None or annex_label(q) is not None or q is untitled or _is_danh_muc(ps, q):
            break
        if not q.text.strip() or is_rule_para(q) or q.in_textbox:
            continue
        if is_kem_theo(q):
            a.kem_theo = q
            break
        lines.append(q)
    if a.kem_theo is None:
        k = next((k for k, q in enumerate(lines) if not _title_like(q)), len(lines))
        lines = lines[:max(k, 0 if a.labelled else 1)]
    a.title = lines


_ITEM = ("-", "–", "—", "+", "•")


_NN = re.compile(r"^nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def _nn_rest(p: Para) -> str | None:
    """``p`` starts with "Nơi nhận" ("Nơi nhận:", in any case): what is typed after it in the
    paragraph, "" when nothing or a recipient list that starts with a dash ("Nơi nhận: - UBND
    tỉnh;", or lines after manual breaks); None for any other paragraph ("Nơi nhận hồ sơ: …" is a
    sentence)."""
    first, _, more = p.text.partition("\n")
    m = _NN.match(norm_text(first))
    if m is None:
        return None
    rest = m.group("rest")
    if rest and not rest.startswith(_ITEM):
        return None
    lines = [t for x in [rest, *more.split("\n")] if (t := norm_text(x))]
    if lines and not lines[0].startswith(_ITEM):
        return None
    return "\n".join(lines)


def _is_nn_text(p: Para) -> bool:
    return _nn_rest(p) is not None


def _signer_line(p: Para) -> bool:
    """A line of the signer typed as a paragraph: the authority and title in capitals, the space
    for the signature, "(Đã ký)", or a name (two to six capitalised words, not at the left margin
    of a justified line, no closing punctuation)."""
    t = norm_text(p.text)
    if not t:
        return True
    if p.ppr.jc == "both" or t.endswith(("./.", ";", ":")) or t.startswith(_ITEM):
        return False
    if t.startswith("("):
        return True
    if t == t.upper() and any(c.isalpha() for c in t):
        return True
    words = t.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not t.endswith((".", ","))


def _stops(q: Para, section: int) -> bool:
    """Where the paragraphs of a signature block typed one under the other end: a table, another
    section, a text box, a page break or an annex label."""
    return (q.table is not None or q.section != section or q.in_textbox or _page_break(q)
            or q.ppr.page_break_before or annex_label(q) is not None)


def _signature(ps: list[Para], b: Blocks, start: int) -> None:
    """The signature block after ``start``: "Nơi nhận:" and its recipients (in a table cell, the
    left part of lines laid out with tabs, or paragraphs), and the signer's column (the other cell
    of that row, the right part of those lines, or, found next to the recipients, paragraphs or a
    table of its own above or under them). Without "Nơi nhận:", the signer's lines or table that
    end the first section's text."""
    heading = _sign_heading(ps, start)
    if heading is None:
        col, table = _signer_after_body(ps, b, start)
        b.signer_column, b.sign_table = col, table
    else:
        b.noi_nhan_heading = heading
        b.noi_nhan_inline = _nn_rest(heading) or ""
        if heading.table is not None:
            cell, row = heading.cell, heading.row
            b.sign_table = heading.table
            b.noi_nhan = [p for p in ps if p.table == heading.table and p.cell == cell and p.row == row
                          and p.order > heading.order and p.text.strip()]
            beside = [p for p in ps if p.table == heading.table and p.row == row and p.cell != cell]
            if any(p.text.strip() for p in beside):
                b.signer_column = beside
            block = [p for p in ps if p.table == heading.table]
        elif heading.column == 1:
            after = ps[heading.order + 1:]
            right_end = next((k for k, p in enumerate(after) if p.column is None or p.table is not None),
                             len(after))
            b.signer_column = [p for p in after[:right_end] if p.column == 2]
            for p in after:
                if p.table is not None or p.section != heading.section or p.column == 2:
                    if p.column == 2:
                        continue
                    break
                if not p.text.strip():
                    if p.column is None:
                        break
                    continue
                b.noi_nhan.append(p)
            block = [heading, *b.noi_nhan]
        else:
            k = heading.order + 1
            while k < len(ps) and not _stops(ps[k], heading.section) and ps[k].text.strip():
                t = norm_text(ps[k].text)
                if (b.noi_nhan or b.noi_nhan_inline) and not t.startswith(_ITEM) and t == t.upper() and " " in t:
                    break  # the signer's first line under the recipients
                b.noi_nhan.append(ps[k])
                k += 1
            block = [heading, *b.noi_nhan]
        if not b.signer_column:
            col, table = _signer_near(ps, b, block[0].order, block[-1].order)
            b.signer_column = col
            if b.sign_table is None:
                b.sign_table = table
    parts = [p.order for p in [b.noi_nhan_heading, *b.noi_nhan, *b.signer_column] if p is not None]
    parts += [p.order for p in ps if b.sign_table is not None and p.table == b.sign_table]
    if parts:
        b.sign_start, b.sign_end = min(parts), max(parts)


def _sign_heading(ps: list[Para], start: int) -> Para | None:
    """"Nơi nhận:" heading the signature block: the last one of the first section heading a table
    cell or the left part of lines laid out with tabs, else the last typed as a paragraph."""
    found = [p for p in ps[start:] if p.section == 0 and not p.in_textbox and _is_nn_text(p)]
    laid_out = [p for p in found if (p.table is not None and _is_sign_heading(ps, p))
                or (p.table is None and p.column == 1)]
    if laid_out:
        return laid_out[-1]
    return next((p for p in reversed(found) if p.table is None and p.column is None), None)


def _has_title(paras: list[Para]) -> bool:
    """Among ``paras``, an authority or title line in capitals."""
    return any((t := norm_text(p.text)) and t == t.upper() and any(c.isalpha() for c in t) for p in paras)


def _signer_table(ps: list[Para], b: Blocks, table: int) -> list[Para]:
    """The signer's cell of a small table of its own (at most two rows of at most three cells):
    every paragraph of the right-most cell with text, when it holds a title in capitals."""
    header = {p.table for p in (b.quoc_hieu, b.so, b.date) if p is not None}
    paras = [p for p in ps if p.table == table and not p.in_textbox]
    if table in header or len({p.row for p in paras}) > 2 or any((p.cell or 0) > 3 for p in paras):
        return []
    cells = sorted({(p.row, p.cell) for p in paras if p.text.strip()}, key=lambda rc: (rc[1], rc[0]))
    if not cells:
        return []
    row, cell = cells[-1]
    col = [p for p in paras if p.row == row and p.cell == cell]
    return col if _has_title(col) else []


def _signer_run(ps: list[Para], k: int, step: int, section: int) -> list[Para]:
    """The signer's lines typed as paragraphs from ``ps[k]`` on, upwards (``step`` -1) or
    downwards (1), empty paragraphs at either end left out."""
    run: list[Para] = []
    while 0 <= k < len(ps) and not _stops(ps[k], section) and _signer_line(ps[k]):
        run.append(ps[k])
        k += step
    if step < 0:
        run.reverse()
    while run and not run[0].text.strip():
        run.pop(0)
    while run and not run[-1].text.strip():
        run.pop()
    return run


def _signer_near(ps: list[Para], b: Blocks, first: int, last: int) -> tuple[list[Para], int | None]:
    """The signer's column next to a Nơi nhận block that holds none (paragraphs ``first`` to
    ``last``): paragraphs or a table of its own just above it (after the body), else just under
    it; with the signer's table when in one."""
    section = ps[first].section
    for k, step in ((first - 1, -1), (last + 1, 1)):
        while 0 <= k < len(ps) and ps[k].table is None and not ps[k].in_textbox and not ps[k].text.strip() \
                and not _stops(ps[k], section):
            k += step
        if not 0 <= k < len(ps) or ps[k].section != section:
            continue
        q = ps[k]
        if q.table is not None and q.table != ps[first].table:
            col = _signer_table(ps, b, q.table)
            if col:
                return col, q.table
            continue
        run = _signer_run(ps, k, step, section)
        if _has_title(run):
            return run, None
    return [], None


def _signer_after_body(ps: list[Para], b: Blocks, start: int) -> tuple[list[Para], int | None]:
    """The signer of a document without "Nơi nhận:": what ends the first section's text (before
    a page break or an annex label) when it is the signer's own table, or the signer's lines typed
    as paragraphs after the body's "./." or centred or indented into the right half."""
    end = start
    while end < len(ps) and ps[end].section == 0 and not (ps[end].table is None and _stops(ps[end], 0)):
        end += 1
    k = end - 1
    while k >= start and (ps[k].in_textbox or (ps[k].table is None and not ps[k].text.strip())):
        k -= 1
    if k < start:
        return [], None
    if ps[k].table is not None:
        col = _signer_table(ps, b, ps[k].table)
        return (col, ps[k].table) if col else ([], None)
    run = _signer_run(ps, k, -1, 0)
    if not _has_title(run) or run[0].order <= start:
        return [], None
    before = next((q for q in reversed(ps[start:run[0].order]) if q.text.strip() or q.table is not None), None)
    ended = before is not None and before.table is None and norm_text(before.text).endswith("./.")
    placed = all(q.ppr.jc in ("center", "right") or (q.ppr.left or 0) >= RIGHT_HALF for q in run if q.text.strip())
    return (run, None) if ended or placed else ([], None)


RIGHT_HALF = 2268  # twips (4 cm): a paragraph indented this far is laid out in the right half


def _unlabelled_title(ps: list[Para], after: int) -> Para | None:
    """The first text after the signature block (its last paragraph ``after``) when it is a bold
    title in capitals with a table under it before any "Phụ lục" label: an annex typed without
    its label."""
    first = next((p for p in ps[after + 1:] if not p.in_textbox and (p.table is not None or p.text.strip())), None)
    if first is None or first.table is not None or annex_label(first) is not None or not first.bold:
        return None
    t = norm_text(first.text)
    if t != t.upper() or not any(c.isalpha() for c in t):
        return None
    for q in ps[first.order + 1:]:
        if q.table is not None:
            return first
        if annex_label(q) is not None:
            return None
    return None


def _is_sign_heading(ps: list[Para], p: Para) -> bool:
    """"Nơi nhận:" that heads the signature block: the first text of its table cell with the
    signer's lines in another cell of the row or recipient lines under it or after it on its line,
    or the left part of a line laid out with tabs."""
    if not _is_nn_text(p) or p.in_textbox:
        return False
    if p.table is None:
        return p.column == 1
    cell = [q for q in ps if q.table == p.table and q.row == p.row and q.cell == p.cell]
    if next((q for q in cell if q.text.strip()), None) is not p:
        return False
    beside = [q for q in ps if q.table == p.table and q.row == p.row and q.cell != p.cell and q.text.strip()]
    row_cells = {q.cell for q in ps if q.table == p.table and q.row == p.row}
    if len(row_cells) > 3:
        return False
    signer = any(norm_text(q.text) == norm_text(q.text).upper() and any(c.isalpha() for c in q.text) for q in beside)
    items = any(norm_text(q.text).startswith(("-", "–", "+", "•")) for q in cell if q.order > p.order)
    return signer or items or bool(_nn_rest(p))


_DANH_MUC = re.compile(r"^DANH MỤC\b")


def _is_danh_muc(ps: list[Para], p: Para) -> bool:
    """An annex titled "DANH MỤC …" (upper case, first on its page) with a Kèm theo line under it."""
    t = norm_text(p.text)
    if p.table is not None or p.in_textbox or not _DANH_MUC.match(t) or t != t.upper():
        return False
    if not _starts_page(ps, p):
        return False
    for q in ps[p.order + 1:p.order + 5]:
        u = norm_text(q.text).lower()
        if q.table is not None:
            return False
        if u.startswith(("(kèm theo", "kèm theo", "(ban hành kèm theo")):
            return True
    return False


def _page_break(p: Para) -> bool:
    from .model import W
    return any(br.get(f"{W}type") == "page" for br in p.el.iter(f"{W}br"))


def _starts_page(ps: list[Para], p: Para) -> bool:
    """First on its page: a page break before it, or a new section (the section's own break
    type is the rules' business)."""
    if p.ppr.page_break_before or _page_break(p):
        return True
    for q in reversed(ps[:p.order]):
        if q.in_textbox:
            continue
        if q.section != p.section:
            return True
        if _page_break(q):
            return True
        if q.table is not None or q.text.strip() or is_rule_para(q):
            return False
    return False
