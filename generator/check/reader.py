"""What the checker's reader found in a document, as one structure: the header values, the title,
the body with its levels, footnotes, the signer block, Nơi nhận and the annexes with their tables.

``doc_van_ban(path)`` reads any .docx (ours or typed by hand: header in a table or laid out with
tabs, numbering typed or automatic, signer block in a table or with tabs, annexes in their own
section or after a page break) into a ``VanBanDoc``. The checker's rules judge the same reading
(``DocModel`` and ``blocks.find_blocks``); the importer turns it into a plan.

Every item carries a ``Place``: the place in words as the checker's findings name it ("đoạn 4,
bên trái", "bảng 3, dòng 5, ô 2, đoạn 1") and the numbers behind it: ``paragraph`` is the
index in ``DocModel.paragraphs`` (``Para.order``), ``table`` the index in ``DocModel.tables``
(from 0, "bảng 1" is 0), ``row`` and ``cell`` count from 1 as in the words, ``column`` is 1 or 2
for a part of a line laid out with tabs. Texts are NFC with single spaces (tabs and manual line
breaks read as spaces) unless said otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text import than_van
from .blocks import Blocks, find_blocks, is_rule_para
from .model import W, DocModel, Para, norm_text
from .rules_annex import KemTheo, annexes, header_number_date, parse_kem_theo
from .rules_body import analyse, body_paras
from .runner import read_docx

__all__ = ["AnnexDoc", "BodyPara", "Cell", "Header", "Line", "Note", "Place", "Row", "Signer", "Table", "VanBanDoc",
           "doc_van_ban", "marked", "read_model", "table"]


@dataclass(frozen=True)
class Place:
    text: str  # in words, as the findings name places
    paragraph: int | None = None  # index in DocModel.paragraphs
    table: int | None = None  # index in DocModel.tables (from 0)
    row: int | None = None  # from 1
    cell: int | None = None  # from 1: the w:tc of the row
    column: int | None = None  # 1 left, 2 right: a part of a line laid out with tabs

    @classmethod
    def of(cls, p: Para) -> Place:
        return cls(p.place, p.order, p.table, p.row, p.cell, p.column)


@dataclass
class Line:
    """One paragraph (or one part of a line laid out with tabs, or one line after a manual break)."""

    text: str
    place: Place
    bold: bool | None = None  # every visible run bold (None: no visible run)
    italic: bool | None = None
    size: float | None = None  # dominant size in points

    @classmethod
    def of(cls, p: Para, text: str | None = None) -> Line:
        return cls(norm_text(p.text.replace("\t", " ")) if text is None else text, Place.of(p), p.bold, p.italic,
                   p.size)


@dataclass
class Header:
    chu_quan: list[Line] = field(default_factory=list)  # lines of the governing body, above the agency (not bold)
    co_quan: list[Line] = field(default_factory=list)  # lines of the issuing agency
    quoc_hieu: Line | None = None
    quoc_hieu_exact: bool = True  # False: the line found is a misspelled Quốc hiệu
    tieu_ngu: Line | None = None
    so_line: Line | None = None
    so: str | None = None  # the number: "132"; "" when left blank in a draft; None without a readable Số line
    ky_hieu: str | None = None  # "KH-UBND"
    date_line: Line | None = None
    dia_danh: str | None = None  # "Hưng Yên"
    ngay: tuple | None = None  # (day, month, year), None for each part left blank
    vv: list[Line] = field(default_factory=list)  # trích yếu of a công văn, under the Số
    marks: list[Line] = field(default_factory=list)  # độ khẩn, độ mật, phạm vi lưu hành
    layout: str | None = None  # "table", "tabs" (tab stops) or "paragraphs"


@dataclass
class BodyPara:
    text: str  # as shown: Word's automatic number included ("1.1. Đổi mới …")
    level: str  # than_van's levels (muc, khoan, tieu_khoan, diem, gach, cong, doan) or label_pc,
    #             label_muc, label_title (Phần/Chương/Mục labels and titles), dieu, can_cu
    number: str | None  # "I", "1", "1.1", "a"
    label: str | None  # the numbering as shown: "I.", "1.1.", "a)", "-"
    automatic: bool  # the label is Word's automatic numbering, not typed
    title: bool  # a heading line
    bold: bool | None
    italic: bool | None
    notes: list[str]  # ids of the footnotes it references (``VanBanDoc.notes``)
    place: Place


@dataclass
class Note:
    id: str
    number: int  # as shown: the order of its first reference, from 1
    text: str
    place: str  # "chú thích cuối trang 2"
    anchor: Place | None  # where it is referenced


@dataclass
class Signer:
    lines: list[Line] = field(default_factory=list)  # authority and title lines, in order ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    name: Line | None = None
    layout: str | None = None  # "table", "tabs" or "paragraphs"


@dataclass
class Cell:
    text: str  # the cell's paragraphs joined with "\n", each normalised; a merged-down cell: the text it continues
    place: Place  # of its first paragraph
    grid: int  # first grid column it covers (from 0)
    span: int  # grid columns it covers (w:gridSpan)
    merged: bool = False  # continues the cell above (w:vMerge): its text is that cell's
    notes: list[str] = field(default_factory=list)
    merge: str | None = None  # w:vMerge as typed: "restart", "continue" or None
    marked: str = ""  # the cell's own text with inline marks (see ``marked``), paragraphs joined with "\n"
    bold: bool = False  # every paragraph with text is bold


@dataclass
class Row:
    index: int  # from 1
    cells: list[Cell]
    kind: str  # "header", "group", "task" or "other"
    repeat_header: bool = False  # Word repeats it on every page (w:tblHeader)
    level: int | None = None  # for a group: 1 (I/II, "Nhóm …", a row across the table), 2 (A–Đ)

    @property
    def header(self) -> bool:
        """A row of column titles (``kind == "header"``): the first, Word's repeated one, or one
        typed again further down."""
        return self.kind == "header"

    def grid(self) -> list[Cell]:
        """One entry per grid column: a cell spanning columns fills each column it covers."""
        return [c for c in self.cells for _ in range(max(1, c.span))]


@dataclass
class Table:
    index: int  # in DocModel.tables
    place: str  # "bảng 3"
    grid: int  # grid columns
    columns: list[str]  # titles of the first header row, one per grid column ("" under a merged title)
    rows: list[Row]


@dataclass
class AnnexDoc:
    label: Line | None  # "Phụ lục II"; None for an annex without a label (its title opens it)
    numeral: str | None
    title: list[Line]  # the lines of its name, in capitals (``title_typed`` is the part on the label's line)
    kem_theo: Line | None
    kem_theo_parts: KemTheo | None  # type, số, ký hiệu, date, issuer as read from the Kèm theo line
    section: int
    tables: list[Table]
    page_break: bool = False  # the label starts a page with a page break typed in the text
    danh_muc: bool = False  # no label and titled "DANH MỤC …" (the decree's own shape for a list)
    title_typed: str = ""  # the title typed in the label's paragraph ("Phụ lục I: TITLE"), else ""
    phu_de: list[Line] = field(default_factory=list)  # sub-title lines under the name, in sentence case


@dataclass
class VanBanDoc:
    path: Path
    header: Header
    ten_loai: Line | None
    loai: str | None  # "KH", "BC", … or "CV"
    trich_yeu: list[Line]
    kinh_gui: list[Line]
    body: list[BodyPara]
    notes: dict[str, Note]  # footnotes by id
    signer: Signer
    noi_nhan_heading: Line | None
    noi_nhan: list[Line]  # recipient lines, the Lưu line and the drafter's line as typed, one a line
    annexes: list[AnnexDoc]
    # paragraphs (``Para.order``) of the signature block's first and last part: Nơi nhận, the
    # signer's lines and the tables they are in; None when neither was found
    signature: tuple[int, int] | None = None
    model: DocModel | None = field(default=None, repr=False, compare=False)  # the reading all this comes from


def doc_van_ban(path: Path | str) -> VanBanDoc:
    """Read a .docx; raises ``DocxReadError`` (Vietnamese message) when it cannot be read."""
    return read_docx(path, lambda doc: read_model(doc, find_blocks(doc)))


def read_model(doc: DocModel, b: Blocks) -> VanBanDoc:
    """The reading of a document already read into ``doc`` and ``b``."""
    return VanBanDoc(doc.path, _header(doc, b), Line.of(b.ten_loai) if b.ten_loai else None, b.loai,
                     [Line.of(p) for p in b.trich_yeu], [Line.of(p) for p in b.kinh_gui], _body(doc, b),
                     _notes(doc), _signer(doc, b),
                     _heading(b), _recipients(b), _annexes(doc, b),
                     (b.sign_start, b.sign_end) if b.sign_start is not None else None, doc)


# ---- header ---------------------------------------------------------------------------------------

_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\S*?)\s*tháng\s*(?P<m>\S*?)\s*năm\s*(?P<y>\S*)$")


def _number(s: str | None) -> int | None:
    s = (s or "").strip(" .…_")
    return int(s) if s.isdecimal() and len(s) <= 4 else None


def _header(doc: DocModel, b: Blocks) -> Header:
    h = Header()
    agency = list(b.agency)
    first_bold = next((k for k, p in enumerate(agency) if p.bold), 0)
    h.chu_quan = [Line.of(p) for p in agency[:first_bold]]
    h.co_quan = [Line.of(p) for p in agency[first_bold:]]
    if b.quoc_hieu is not None:
        h.quoc_hieu, h.quoc_hieu_exact = Line.of(b.quoc_hieu), b.quoc_hieu_exact
    if b.tieu_ngu is not None:
        h.tieu_ngu = Line.of(b.tieu_ngu)
    if b.so is not None:
        h.so_line = Line.of(b.so)
        so, h.ky_hieu, _ = header_number_date(b)
        h.so = so if so is not None else ("" if h.ky_hieu else None)
    if b.date is not None:
        h.date_line = Line.of(b.date)
        m = _DATE.match(h.date_line.text)
        if m:
            h.dia_danh = m.group("place").strip()
            h.ngay = (_number(m.group("d")), _number(m.group("m")), _number(m.group("y")))
    h.vv = [Line.of(p) for p in b.vv]
    h.marks = [Line.of(p) for p in b.marks]
    anchor = b.quoc_hieu or b.so or b.date
    if anchor is not None:
        h.layout = "table" if anchor.table is not None else "tabs" if anchor.column is not None else "paragraphs"
    return h


# ---- body and notes ------------------------------------------------------------------------------

def _body(doc: DocModel, b: Blocks) -> list[BodyPara]:
    paras = body_paras(doc, b)
    out = []
    for it in analyse(paras) if paras else []:
        p = it.p
        label = None
        if it.kind in ("muc", "khoan", "tieu_khoan", "diem", "gach", "cong"):
            rest = than_van.classify(it.text)[2]
            label = it.text[:len(it.text) - len(rest)].strip() or None
        out.append(BodyPara(it.text, it.kind, it.number, label, p.number_label is not None, it.title, p.bold,
                            p.italic, list(p.note_refs), Place.of(p)))
    return out


def _notes(doc: DocModel) -> dict[str, Note]:
    anchors: dict[str, Para] = {}
    for p in doc.paragraphs:
        for ref in p.note_refs:
            anchors.setdefault(ref, p)
    out = {}
    ordered = sorted(doc.footnotes, key=lambda i: anchors[i].order if i in anchors else len(doc.paragraphs))
    for n, note_id in enumerate(ordered, start=1):
        paras = doc.footnotes[note_id]
        text = norm_text(" ".join(p.text for p in paras))
        place = paras[0].place.rsplit(", đoạn", 1)[0] if paras else ""
        anchor = anchors.get(note_id)
        out[note_id] = Note(note_id, n, text, place, Place.of(anchor) if anchor is not None else None)
    return out


# ---- Nơi nhận ------------------------------------------------------------------------------------

def _heading(b: Blocks) -> Line | None:
    """"Nơi nhận:" as typed, without the recipients typed after it on its line."""
    p = b.noi_nhan_heading
    if p is None:
        return None
    if not b.noi_nhan_inline:
        return Line.of(p)
    first = norm_text(p.text.split("\n")[0])
    rest = b.noi_nhan_inline.split("\n")[0]
    return Line.of(p, first[:len(first) - len(rest)].strip() if first.endswith(rest) else first)


def _recipients(b: Blocks) -> list[Line]:
    """The recipient lines: those typed after "Nơi nhận:" on its paragraph, then each line of
    the paragraphs under it (a paragraph with manual line breaks gives one line per break)."""
    out = [Line.of(b.noi_nhan_heading, t) for t in b.noi_nhan_inline.split("\n") if t]
    for p in b.noi_nhan:
        out.extend(Line.of(p, norm_text(t.replace("\t", " "))) for t in p.text.split("\n") if t.strip())
    return out


# ---- signer --------------------------------------------------------------------------------------

def _signer(doc: DocModel, b: Blocks) -> Signer:
    col = b.signer_column
    s = Signer()
    if not col:
        return s
    s.layout = "table" if col[0].table is not None else "tabs" if col[0].column is not None else "paragraphs"
    lines: list[tuple[Para, str]] = []
    for p in col:
        if not p.text.strip() or is_rule_para(p) or norm_text(p.text).startswith("("):
            continue
        lines.extend((p, norm_text(t)) for t in p.text.split("\n") if t.strip())
    if not lines:
        return s
    last_p, last_t = lines[-1]
    gap = len(lines) > 1 and any(not p.text.strip() for p in col if lines[-2][0].order < p.order < last_p.order)
    if last_t != last_t.upper() or gap:  # a name in capitals is the name when space for the signature precedes it
        s.name = Line.of(last_p, last_t)
        lines = lines[:-1]
    s.lines = [Line.of(p, t) for p, t in lines]
    return s


# ---- annexes -------------------------------------------------------------------------------------

_TASK_TT = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
_GROUP_TT = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_GROUP_TEXT = re.compile(r"^(?:(?P<roman>[IVXLC]+)|(?P<letter>[A-ZĐ]))[.)]\s+\S")
_TT_TITLES = ("tt", "stt", "số tt", "số thứ tự")


def _annexes(doc: DocModel, b: Blocks) -> list[AnnexDoc]:
    parts = annexes(doc, b)
    out = []
    starts = [a.label.order for a in parts]
    for k, a in enumerate(parts):
        end = starts[k + 1] if k + 1 < len(starts) else len(doc.paragraphs)
        tables = sorted({p.table for p in doc.paragraphs[a.label.order:end] if p.table is not None})
        section = a.label.section
        out.append(AnnexDoc(Line.of(a.label) if a.labelled else None, a.numeral,
                            [Line.of(p) for p in a.name], Line.of(a.kem_theo) if a.kem_theo else None,
                            parse_kem_theo(a.kem_theo.text) if a.kem_theo is not None else None, section,
                            [_table(doc, t) for t in tables], a.label.page_break, a.danh_muc,
                            a.typed.title if a.typed is not None else "", [Line.of(p) for p in a.subtitle]))
    return out


def _grid_span(tc) -> int:
    from .model import SPAN, num
    return num(tc.find(f"{W}tcPr/{W}gridSpan"), "val", SPAN) or 1


def _vmerge(tc) -> str | None:
    el = tc.find(f"{W}tcPr/{W}vMerge")
    if el is None:
        return None
    return "restart" if el.get(f"{W}val") == "restart" else "continue"


def table(doc: DocModel, index: int) -> Table:
    """Table ``index`` of the document (from 0) as rows of cells with their merges and kinds."""
    return _table(doc, index)


def _table(doc: DocModel, index: int) -> Table:
    tbl = doc.tables[index]
    paras: dict[tuple[int, int], list[Para]] = {}
    for p in doc.paragraphs:
        if p.table == index and not p.in_textbox:
            paras.setdefault((p.row, p.cell), []).append(p)
    rows: list[Row] = []
    above: dict[int, Cell] = {}  # grid column -> the cell last seen there
    grid_width = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    for ri, tr in enumerate(tbl.findall(f"{W}tr"), start=1):
        cells, g = [], 0
        for ci, tc in enumerate(tr.findall(f"{W}tc"), start=1):
            ps = paras.get((ri, ci), [])
            span = _grid_span(tc)
            text = "\n".join(t for t in (norm_text(p.text.replace("\t", " ")) for p in ps) if t)
            notes = [n for p in ps for n in p.note_refs]
            place = Place.of(ps[0]) if ps else Place(f"bảng {index + 1}, dòng {ri}, ô {ci}", None, index, ri, ci)
            own = [(m, p) for p in ps if (m := marked(doc, p, drop_bold=True).replace("\t", " ").strip())]
            cell = Cell(text, place, g, span, notes=notes, merge=_vmerge(tc), marked="\n".join(m for m, _ in own),
                        bold=bool(own) and all(p.bold for _, p in own))
            if _vmerge(tc) == "continue" and g in above:
                cell.text, cell.merged = above[g].text, True
            for k in range(g, g + span):
                above[k] = cell
            cells.append(cell)
            g += span
        header = tr.find(f"{W}trPr/{W}tblHeader")
        repeat = header is not None and header.get(f"{W}val") not in ("0", "false", "off")
        rows.append(Row(ri, cells, "other", repeat))
    grid = max([grid_width] + [sum(c.span for c in r.cells) for r in rows])
    _kinds(rows, grid)
    first = next((r for r in rows if r.kind == "header"), None)
    columns = [""] * grid
    if first is not None:
        for c in first.cells:
            columns[c.grid] = c.text
    return Table(index, f"bảng {index + 1}", grid, columns, rows)


def _kinds(rows: list[Row], grid: int) -> None:
    """Header rows (repeated by Word, the first row of titles, a title row typed again), group rows
    (I/II, A–Đ, "Nhóm …", a row across the table) and task rows (numbered "1", "1." or "1.1")."""
    titles: list[Cell] | None = None
    tt_grid = 0
    for r in rows:
        texts = [c.text for c in r.cells]
        if r.repeat_header or (titles is None and _looks_like_titles(texts)):
            r.kind = "header"
            if titles is None:
                titles = r.cells
                tt_grid = next((c.grid for c in titles if c.text.lower() in _TT_TITLES), 0)
            continue
        if titles is None:
            continue
        if texts == [c.text for c in titles]:
            r.kind = "header"
            continue
        tt_cell = next((c for c in r.cells if c.grid == tt_grid and not c.merged), None)
        tt = tt_cell.text if tt_cell is not None else ""
        own = [c for c in r.cells if c.text and not c.merged]
        wide = [c for c in own if c.span >= max(2, grid // 2)]
        text = " ".join(c.text for c in own)
        if _TASK_TT.match(tt) and len(own) > 1 and not wide:
            r.kind = "task"
        elif own and (_GROUP_TT.match(tt) or wide or (len(own) == 1 and (_GROUP_TEXT.match(text)
                                                                        or text.lower().startswith("nhóm")))):
            r.kind = "group"
            m = _GROUP_TEXT.match(text)
            number = tt.rstrip(".") if _GROUP_TT.match(tt) else (m.group("roman") or m.group("letter")) if m else ""
            r.level = 2 if number and not _ROMAN.match(number) else 1


_ROMAN = re.compile(r"^[IVX]+$")  # the numerals of groups: I … XX; "C", "D", "L" are letters of A–Đ


def _looks_like_titles(texts: list[str]) -> bool:
    words = [t.lower() for t in texts if t]
    if len(words) < 2:
        return False
    return any(t in _TT_TITLES for t in words) or (len(words) >= 3 and any(t.startswith("nội dung") for t in words))


# ---- inline marks --------------------------------------------------------------------------------

def marked(doc: DocModel, p: Para, drop_bold: bool = False, drop_italic: bool = False) -> str:
    """The paragraph's text (without Word's automatic number) with the project's inline marks:
    ``**bold**``, ``*italic*``, ``^sup^``, ``~sub~`` and each footnote it references as ``^[its
    text]``; the rest escaped (``than_van.escape_inline``). ``drop_bold``/``drop_italic``: the
    paragraph's own emphasis (every visible run bold, as a heading) is not marked. Tabs and manual
    line breaks stay as typed ("\t", "\n"); a typed page break is left out."""
    return _marked(doc, p, drop_bold, drop_italic, True)


def _marked(doc: DocModel, p: Para, drop_bold: bool, drop_italic: bool, notes: bool) -> str:
    pieces: list[tuple[str, bool, bool, str | None]] = []  # text, bold, italic, vert ("note": a note's marks)
    for r in p.runs:
        if r.kind in ("number", "page"):
            continue
        if r.kind == "note":
            if notes:
                pieces.append((_note_marks(doc, r.note or ""), False, False, "note"))
            continue
        vert = r.props.vert if r.props.vert in ("superscript", "subscript") else None
        for piece in re.split(r"([\t\n])", r.text):
            if piece:
                pieces.append((piece, bool(r.props.bold), bool(r.props.italic), vert))
    visible = [x for x in pieces if x[3] != "note" and x[0].strip()]
    all_bold = bool(visible) and all(x[1] for x in visible)
    all_italic = bool(visible) and all(x[2] for x in visible)
    groups: list[list] = []  # consecutive pieces of the same look, marked once
    for text, bold, italic, vert in pieces:
        if vert != "note":
            bold = bold and not (drop_bold and all_bold)
            italic = italic and not (drop_italic and all_italic)
            if not text.strip():
                bold = italic = False  # spaces and breaks carry no emphasis
                vert = None
        key = (bold, italic, vert)
        if groups and groups[-1][1] == key and vert != "note":
            groups[-1][0] += text
        else:
            groups.append([text, key])
    return "".join(text if key[2] == "note" else _mark(text, *key) for text, key in groups)


def _note_marks(doc: DocModel, note_id: str) -> str:
    texts = [t for q in doc.footnotes.get(note_id, []) if (t := _marked(doc, q, False, False, False).strip())]
    # a note's text cannot hold another note
    return f"^[{' '.join(texts)}]" if texts else ""


def _mark(text: str, bold: bool, italic: bool, vert: str | None) -> str:
    from ..text.than_van import escape_inline
    if not text:
        return ""
    s = escape_inline(text)
    core = s.strip()
    if not core:
        return s
    lead, trail = s[:len(s) - len(s.lstrip())], s[len(s.rstrip()):]
    if vert in ("superscript", "subscript") and " " not in core:
        mark = "^" if vert == "superscript" else "~"
        core = f"{mark}{core}{mark}"
    if italic and not bold:  # "***x***" cannot be read back: bold wins
        core = f"*{core}*"
    if bold:
        core = f"**{core}**"
    return lead + core + trail
