"""A corpus of plans typed by hand, the way clerks type them in Word, from the seed texts.

The seeds (``../shared/seeds/*.txt``, ``SEEDS`` below) are text exports of real provincial plans:
their wording, structure, signer blocks, Nơi nhận lists and annex tables are intact, the layout
is lost. ``seed_plan(key)`` parses one into a ``Plan`` (content only); ``build(plan, path, ...)``
types it into a .docx with python-docx in one of the layouts clerks use, and returns the path and
the ground truth (``Built``); ``corpus(folder)`` builds every named variant of ``VARIANTS``.

Layouts (keyword arguments of ``build``):

- ``header``: ``"table"`` (a two-column borderless table) or ``"tabs"`` (agency and Quốc hiệu in
  one paragraph separated by tabs, Tiêu ngữ with the next agency line, the Số and the date in
  another; the rules under the agency and the Tiêu ngữ are two line shapes in one empty
  paragraph, told apart by their horizontal position);
- ``motto``: ``"own"`` (the Tiêu ngữ in its own paragraph) or ``"break"`` (after a manual line
  break in the Quốc hiệu's paragraph; table header only);
- ``rules``: ``"underscore"`` (superscript underscores) or ``"shape"`` (a ``wps`` line in
  ``mc:AlternateContent`` with a VML fallback, as Word saves a drawn line; always so with tabs);
- ``numbering``: ``"typed"`` ("I.", "1.", "1.1.", "a)") or ``"auto"`` (Word's numbering,
  numbering.xml with upperRoman/decimal/lowerLetter levels; dash items stay typed);
- ``signer``: ``"table"`` (Nơi nhận left, signer right), ``"tabs"`` (the same laid out with a
  centre tab stop) or ``"paragraphs"`` (the signer's lines centred in the right half, then
  "Nơi nhận:" and the recipients under them at the left margin);
- ``noi_nhan``: ``"same"`` (in the signer's layout, as above), ``"table"`` (signer as
  paragraphs, then Nơi nhận in the left cell of a two-column borderless table), ``"paragraphs"``
  (signer in the right cell of a table, Nơi nhận typed as paragraphs under it) or ``"none"`` (no
  Nơi nhận: the truth's recipients are then []);
- ``noi_nhan_inline``: the first recipient typed on the heading's line ("Nơi nhận: - UBND tỉnh;");
- ``annex``: ``"section"`` (its own landscape section, page numbers from 1) or ``"page_break"``
  (after a plain page break in the first section);
- ``danh_muc``: the annex has no "Phụ lục" label, its title starts "DANH MỤC" and the body cites
  the Danh mục;
- ``annex_label``: ``"own"`` (the "Phụ lục" label in its own paragraph above the title),
  ``"inline"`` ("Phụ lục: TITLE" in one paragraph, against the decree) or ``"none"`` (no label,
  the bold upper-case title first; against the decree unless it is a Danh mục);
- ``kem_theo``: the Kèm theo line typed instead of the seed's;
- ``vmerge``: equal consecutive agency and timeline cells of a group merged vertically;
- ``repeat_rows``: the header row typed again in the table where the seed shows page breaks
  (besides the repeated header row of Word, always set);
- ``quoc_hieu``, ``signer_lines``: replace those texts (the tests of real errors use them).

The documents are correct by the decree, except where a test asks otherwise: what the seeds typed
against it (a space in "Số: 132 /KH-UBND", an annex title in lower case, a body ending "./p") is
typed correctly here. Everything is deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from vanban.text import metrics, than_van

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
if not SEEDS.is_dir():  # a work tree elsewhere: the seeds beside the main checkout
    SEEDS = Path("/work/shared/seeds")
SEED_FILES = {"000": "000_1d172811794a88b0.txt", "001": "001_981051a740b3f286.txt",
              "003": "003_d9d4b1395fd230e0.txt"}

TEXT_WIDTH = 9072  # twips: A4 portrait, margins 3 cm left and 2 cm right
LANDSCAPE_WIDTH = 16838 - 1701 - 1134
LEFT_CENTRE, RIGHT_CENTRE = 1843, 6378  # centre tab stops of the two columns (3.25 cm, 11.25 cm)
EMU_PER_TWIP = 635
FONT = "Times New Roman"

# Column titles of the seeds' annexes and the project's column codes.
COLUMN_CODES = {"TT": "tt", "Nội dung thực hiện": "noi_dung", "Cơ quan chủ trì": "chu_tri",
                "Cơ quan phối hợp": "phoi_hop", "Tiến độ": "tien_do", "Kết quả": "san_pham", "Ghi chú": "ghi_chu"}


# ---- the content of a plan ----------------------------------------------------------------------

@dataclass
class Group:
    text: str  # "I. Các nhiệm vụ đến hết năm 2026", "A. …", "Nhóm nhiệm vụ về …"
    level: int  # 1 for I/II and "Nhóm …", 2 for A–Đ


@dataclass
class TaskRow:
    cells: list[str]  # one text per column; inline marks <sub>, <sup> kept
    note: str | None = None  # a footnote attached to the content cell


@dataclass
class AnnexPlan:
    label: str | None
    title: str
    kem_theo: str
    columns: list[str]
    rows: list[Group | TaskRow]
    repeat_at: list[int] = field(default_factory=list)  # row indices before which the seed repeats the header


@dataclass
class Plan:
    key: str
    chu_quan: list[str]
    co_quan: list[str]
    so: str
    date: str
    trich_yeu: str
    body: list[str]  # lines as typed, numbering included
    noi_nhan: list[str]  # items, the Lưu line last
    signer: list[str]
    name: str
    annex: AnnexPlan | None = None
    ten_loai: str = "KẾ HOẠCH"
    body_notes: dict[int, str] = field(default_factory=dict)  # body line index -> footnote text


# ---- ground truth ---------------------------------------------------------------------------------

@dataclass
class Task:
    tt: str  # as typed: "1." or "1"
    noi_dung: str
    chu_tri: list[str]  # the cell split at ";" (the project's convention)
    phoi_hop: list[str]
    tien_do: str
    san_pham: str | None
    ghi_chu: str
    groups: list[str]  # titles of the groups above it, outermost first
    note: str | None = None


@dataclass
class Truth:
    chu_quan: list[str]
    co_quan: list[str]
    so: str | None  # number part; "" for a draft left blank
    ky_hieu: str
    dia_danh: str
    ngay: tuple  # (day, month, year), None for a blank
    so_line: str
    date_line: str
    ten_loai: str
    trich_yeu: str
    body: list[tuple[str, str | None, str]]  # (level, number, text as shown with its number)
    body_notes: list[str]
    signer: list[str]  # authority and title lines
    name: str
    noi_nhan: list[str]
    annex_label: str | None = None
    annex_title: str | None = None
    kem_theo: str | None = None
    columns: list[str] = field(default_factory=list)  # column codes
    column_titles: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


@dataclass
class Built:
    path: Path
    truth: Truth
    options: dict


# ---- parsing the seeds ----------------------------------------------------------------------------

def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _plain(s: str) -> str:
    """Text without the export's marks (markdown, HTML tags, bookmarks) and with single spaces."""
    s = re.sub(r"\[bookmark: [^\]]*\]", "", s)
    s = re.sub(r"</?(?:b|sup|sub)>", "", s)
    s = s.replace("**", "").replace("*", "")
    s = re.sub(r"^#+\s*", "", s.strip())
    return " ".join(s.split())


def _marked(s: str) -> str:
    """As ``_plain`` but keeping <sub> and <sup> (typed as sub- and superscript runs)."""
    s = re.sub(r"\[bookmark: [^\]]*\]", "", s)
    s = re.sub(r"</?b>", "", s).replace("**", "")
    s = re.sub(r"\s+<(sub|sup)>", r"<\1>", s)
    return " ".join(s.split())


def _read(key: str) -> list[str]:
    return _nfc((SEEDS / SEED_FILES[key]).read_text(encoding="utf-8")).splitlines()


def _split_tail(lines: list[str]) -> tuple[list[str], int]:
    """Body lines (plain) up to "Nơi nhận:" and the index of that line."""
    body, k = [], 0
    for k, line in enumerate(lines):
        t = _plain(line)
        if t.rstrip(":") == "Nơi nhận":
            return body, k
        if t:
            body.append(t)
    return body, len(lines)


def _join_broken(body: list[str]) -> list[str]:
    """A line that starts in lower case continues the line above (a page break in the export)."""
    out: list[str] = []
    for t in body:
        if out and t[:1].islower():
            out[-1] = out[-1] + " " + t
        else:
            out.append(t)
    return out


def _letters_under(body: list[str], headings: tuple[str, ...]) -> list[str]:
    """Dash items under the given headings typed as a), b), c) …"""
    out, under, n = [], False, 0
    for t in body:
        if t in headings:
            under, n = True, 0
        elif not t.startswith("- "):
            under = False
        elif under:
            t = f"{'abcdđeghiklmn'[n]}) {t[2:]}"
            n += 1
        out.append(t)
    return out


def _seed_000() -> Plan:
    lines = _read("000")
    head = [_plain(x) for x in lines[:12] if _plain(x)]
    trich_yeu = head[3]
    start = lines.index(next(x for x in lines if x.startswith("Thực hiện Nghị quyết")))
    body, k = _split_tail(lines[start:])
    body = _letters_under(body, ("1. Mục đích", "2. Yêu cầu"))
    tail = [_plain(x) for x in lines[start + k + 1:] if _plain(x)]
    noi_nhan = [t for t in tail if t.startswith("- ")]
    signer_text = "\n".join(x for x in lines[start + k:] if x.startswith("**") or x.endswith("**"))
    signer = [_plain(s) for s in signer_text.split("\n") if _plain(s)]
    return Plan("000", [], ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"], "Số:      /KH-UBND",
                "Thái Nguyên, ngày      tháng 4 năm 2026", trich_yeu, body, noi_nhan, signer, tail[-1],
                body_notes={0: "Nghị quyết được Quốc hội khóa XV thông qua ngày 10/12/2025."})


def _rows_001(lines: list[str]) -> tuple[list[str], list[Group | TaskRow]]:
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if not line.strip() and not line.startswith("\t"):
            if current:
                rows.append(current)
            current = None
            continue
        if line.startswith("\t"):
            current = (current or []) + [line[1:]]
        elif current:
            current[-1] += " " + line  # a cell typed on two lines
    if current:
        rows.append(current)
    cells = [[_marked(c) for c in r] for r in rows]
    columns = cells[0]
    out: list[Group | TaskRow] = []
    for r in cells[1:]:
        if len(r) == 1:
            out.append(Group(r[0], 1))
        elif len(r) == 2 and not r[0]:
            out.append(Group(r[1], 2))
        elif len(r) == len(columns):
            out.append(TaskRow(r))
    return columns, out


def _seed_001() -> Plan:
    lines = _read("001")
    trich_yeu = _plain(lines[1])
    k0 = next(i for i, x in enumerate(lines) if x.startswith("Thực hiện Kế hoạch"))
    body, k = _split_tail(lines[k0:])
    k += k0
    label_at = next(i for i in range(k, len(lines)) if _plain(lines[i]) == "Phụ lục")
    noi_nhan = [_plain(x) for x in lines[k + 1:label_at] if _plain(x)]
    title = _plain(lines[label_at + 1])
    kem_theo = _plain(lines[label_at + 2])
    columns, rows = _rows_001(lines[label_at + 3:])
    annex = AnnexPlan("Phụ lục", title.upper(), kem_theo, columns, rows)
    return Plan("001", ["UBND TỈNH QUẢNG TRỊ"], ["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"], "Số:      /KH-SNNMT",
                "Quảng Trị, ngày      tháng      năm 2026", trich_yeu, body, noi_nhan,
                ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Hoàng Văn Bình", annex)


def _rows_003(lines: list[str]) -> tuple[list[str], list[Group | TaskRow], list[int]]:
    columns: list[str] = []
    out: list[Group | TaskRow] = []
    repeat_at: list[int] = []
    for line in lines:
        if not line.strip():
            continue
        cells = [_marked(c) for c in line.split("\t")]
        while cells and not cells[-1] and len(cells) > 6:
            cells.pop()
        if cells[0] == "TT":
            if not columns:
                columns = cells
            else:
                repeat_at.append(len(out))
            continue
        if line.startswith("<b>"):
            out.append(Group(cells[0], 1))
            continue
        cells = (cells + [""] * len(columns))[:len(columns)]
        if not cells[0] and out and isinstance(out[-1], TaskRow):
            prev = out[-1]  # a task continued on the next page
            prev.cells = [(a + " " + b).strip() if b else a for a, b in zip(prev.cells, cells)]
            continue
        out.append(TaskRow(cells))
    return columns, out, repeat_at


def _seed_003() -> Plan:
    lines = _read("003")
    k0 = next(i for i, x in enumerate(lines) if x.startswith("Thực hiện Nghị quyết"))
    trich_yeu = _plain(next(x for x in lines if x.startswith("### Triển khai")))
    body, k = _split_tail(lines[k0:])
    k += k0
    body = _join_broken(body)
    body[-1] = re.sub(r"\./p$", "./.", body[-1])
    tail = lines[k + 1:]
    noi_nhan = [_marked(x) for x in tail if x.startswith("- ")]
    label_at = next(i for i, x in enumerate(tail) if _plain(x) == "Phụ lục")
    signer_text = "\n".join(x for x in tail[:label_at] if "**" in x and not x.startswith("- "))
    signer_lines = [_plain(s) for s in signer_text.split("\n") if _plain(s)]
    rest = [x for x in tail[label_at + 1:] if x.strip()]
    title, kem_theo = _plain(rest[0]), _plain(rest[1])
    columns, rows, repeat_at = _rows_003(rest[2:])
    for r in rows:
        if isinstance(r, TaskRow) and "Chương trình phát triển ngành công nghiệp môi trường" in r.cells[1]:
            r.note = "Quyết định số 1894/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ."
    annex = AnnexPlan("Phụ lục", title, kem_theo, columns, rows, repeat_at)
    return Plan("003", [], ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"], "Số: 132/KH-UBND",
                "Hưng Yên, ngày 16 tháng 4 năm 2026", trich_yeu, body, noi_nhan, signer_lines[:-1],
                signer_lines[-1], annex)


def seed_plan(key: str) -> Plan:
    """The content of seed ``key`` ("000", "001", "003")."""
    return {"000": _seed_000, "001": _seed_001, "003": _seed_003}[key]()


# ---- typing a .docx ------------------------------------------------------------------------------

_INLINE = re.compile(r"<(sub|sup)>(.*?)</\1>")


def _runs(text: str) -> list[tuple[str, str | None]]:
    """(text, "subscript"/"superscript"/None) pieces of a text with <sub>/<sup> marks."""
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], None))
        out.append((m.group(2), "subscript" if m.group(1) == "sub" else "superscript"))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def unmarked(text: str) -> str:
    return _INLINE.sub(lambda m: m.group(2), text)


def _font(run, size: float, bold=False, italic=False, vert=None) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rfonts = run._element.get_or_add_rPr().find(qn("w:rFonts"))
    for slot in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONT)
    if vert == "superscript":
        run.font.superscript = True
    elif vert == "subscript":
        run.font.subscript = True


def _mark(p, size: float, bold=False, italic=False) -> None:
    """The paragraph mark's run properties, as Word keeps them for the last typed format."""
    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)
    ppr.append(rpr)


_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _para(container, text="", size=14, bold=False, italic=False, align="center", first_line=None, before=0,
          after=0, line=1.0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), line
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    for piece, vert in _runs(text):
        _font(p.add_run(piece), size, bold, italic, vert)
    _mark(p, size, bold, italic)
    return p


def _cell_para(cell, text="", **kw):
    """A paragraph in a table cell: the cell's own first paragraph, then new ones."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not getattr(cell, "_used", False):
        cell._element.remove(cell.paragraphs[0]._element)
    cell._used = True
    return _para(cell, text, **kw)


def _tabs(p, stops: list[tuple[str, int]]) -> None:
    ppr = p._p.get_or_add_pPr()
    tabs = OxmlElement("w:tabs")
    for kind, pos in stops:
        t = OxmlElement("w:tab")
        t.set(qn("w:val"), kind)
        t.set(qn("w:pos"), str(pos))
        tabs.append(t)
    ppr.insert(0, tabs) if ppr.find(qn("w:pStyle")) is None else ppr.insert(1, tabs)


def _tab_run(p, size):
    r = p.add_run()
    _font(r, size)
    r._element.append(OxmlElement("w:tab"))


_SHAPE_ID = [100]

_LINE_RUN = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<w:rPr><w:noProof/></w:rPr><mc:AlternateContent>'
    '<mc:Choice xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" Requires="wps">'
    '<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{z}" behindDoc="0" '
    'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="Straight Connector {id}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
    '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/>'
    '</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
    '</w:drawing></mc:Choice><mc:Fallback><w:pict>'
    '<v:line xmlns:v="urn:schemas-microsoft-com:vml" id="Line {id}" '
    'style="position:absolute;z-index:{z};mso-position-horizontal-relative:text;'
    'mso-position-vertical-relative:text" from="{x0}pt,{ypt}pt" to="{x1}pt,{ypt}pt" strokeweight=".5pt"/>'
    '</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def _line_shape(p, start: int, length: int, y: int = 40) -> None:
    """A drawn line (twips from the column's left edge) anchored in paragraph ``p``."""
    _SHAPE_ID[0] += 1
    xml = _LINE_RUN.format(z=251659264 + _SHAPE_ID[0], x=start * EMU_PER_TWIP, y=y * EMU_PER_TWIP,
                           cx=length * EMU_PER_TWIP, id=_SHAPE_ID[0], x0=f"{start / 20:g}",
                           x1=f"{(start + length) / 20:g}", ypt=f"{y / 20:g}")
    p._p.append(parse_xml(xml))


def _underscores(width: float, size: float) -> str:
    """Superscript underscores drawing a rule of ``width`` twips."""
    return "_" * max(3, round(width / (0.5 * size * 20 * 0.625)))


def _longest(lines: list[str], size: float, bold: bool, avail: int) -> float:
    return max(metrics.width_twips(x, size, bold) for t in lines for x in metrics.wrap(t, avail / 20, size, bold))


def _page_field(paragraph, size=14):
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        r = paragraph.add_run()
        _font(r, size)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._element.append(fc)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r._element.append(el)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


class _Notes:
    """Footnotes typed with Word's References > Insert Footnote."""

    def __init__(self):
        self.texts: list[str] = []

    def ref(self, p, text: str, size=14) -> None:
        self.texts.append(text)
        r = p.add_run()
        _font(r, size, vert="superscript")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.texts)))
        r._element.append(ref)

    def write(self, doc) -> None:
        if not self.texts:
            return
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                 '</w:r></w:p></w:footnote>']
        for k, text in enumerate(self.texts, start=1):
            rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:sz w:val="20"/></w:rPr>'
            notes.append(f'<w:footnote w:id="{k}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
                         f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:vertAlign w:val="superscript"/>'
                         f'<w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
                         f'<w:r>{rpr}<w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')
        blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>{"".join(notes)}</w:footnotes>'
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    blob.encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)


# Word's automatic numbering: levels I. / 1. / 1.1. / a) of one list.
_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("lowerLetter", "%4)"))
_LEVEL_OF = {"muc": 0, "khoan": 1, "tieu_khoan": 2, "diem": 3}
NUM_ID = 90


def _numbering(doc) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS))
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {w} w:abstractNumId="{NUM_ID}"><w:multiLevelType w:val="multilevel"/>'
                         f'{lvls}</w:abstractNum>')
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {w} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>'))


def _num_pr(p, level: int) -> None:
    ppr = p._p.get_or_add_pPr()
    num = parse_xml('<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    f'<w:ilvl w:val="{level}"/><w:numId w:val="{NUM_ID}"/></w:numPr>')
    ppr.insert(0, num)


def _page_break(doc) -> None:
    p = doc.add_paragraph()
    r = p.add_run()
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r._element.append(br)


def _header_table(doc, plan: Plan, quoc_hieu: str, motto: str, rules: str) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _widths(t, [6.5, 9.5])
    left, right = t.rows[0].cells
    bold_from = len(plan.chu_quan)
    lines = plan.chu_quan + plan.co_quan
    for k, line in enumerate(lines):
        _cell_para(left, line, size=13, bold=k >= bold_from)
    agency_w = _longest(plan.co_quan, 13, True, 3685 - 216)
    if rules == "shape":
        rp = _cell_para(left, "", size=13)
        length = round(agency_w * 0.42)
        _line_shape(rp, (3685 - 216 - length) // 2, length)
    else:
        p = _cell_para(left, _underscores(agency_w * 0.42, 13), size=13)
        p.runs[0].font.superscript = True
    _cell_para(left, plan.so, size=13)
    tn = "Độc lập - Tự do - Hạnh phúc"
    tn_w = metrics.width_twips(tn, 14, True)
    if motto == "break":
        p = _cell_para(right, quoc_hieu, size=13, bold=True)
        r = p.add_run()
        _font(r, 14, bold=True)
        r._element.append(OxmlElement("w:br"))
        _font(p.add_run(tn), 14, bold=True)
    else:
        _cell_para(right, quoc_hieu, size=13, bold=True)
        _cell_para(right, tn, size=14, bold=True)
    if rules == "shape":
        rp = _cell_para(right, "", size=14)
        _line_shape(rp, (5386 - 216 - tn_w) // 2, tn_w)
    else:
        p = _cell_para(right, _underscores(tn_w, 14), size=14)
        p.runs[0].font.superscript = True
    _cell_para(right, plan.date, size=14, italic=True)


def _header_tabs(doc, plan: Plan, quoc_hieu: str) -> None:
    stops = [("center", LEFT_CENTRE), ("center", RIGHT_CENTRE)]
    lines = plan.chu_quan + plan.co_quan
    right = [(quoc_hieu, 13), ("Độc lập - Tự do - Hạnh phúc", 14)]
    bold_from = len(plan.chu_quan)
    n = max(len(lines), 2)
    tn_w = metrics.width_twips(right[1][0], 14, True)
    agency_w = max(metrics.width_twips(x, 13, True) for x in plan.co_quan)
    agency_len = round(agency_w * 0.42)
    tn_placed = False
    for k in range(n):
        p = _para(doc, "", size=13, align="left")
        _tabs(p, stops)
        if k < len(lines):
            _tab_run(p, 13)
            _font(p.add_run(lines[k]), 13, bold=k >= bold_from)
        if k < 2:
            if k >= len(lines):
                _tab_run(p, 13)
            _tab_run(p, 13)
            text, size = right[k]
            _font(p.add_run(text), size, bold=True)
        elif not tn_placed:
            # The line under the Tiêu ngữ, drawn beside the last agency line.
            _line_shape(p, RIGHT_CENTRE - tn_w // 2, tn_w, y=0)
            tn_placed = True
    p = _para(doc, "", size=13, align="left")
    _line_shape(p, LEFT_CENTRE - agency_len // 2, agency_len)
    if not tn_placed:
        _line_shape(p, RIGHT_CENTRE - tn_w // 2, tn_w, y=0)
    p = _para(doc, "", size=13, align="left", before=6)
    _tabs(p, stops)
    _tab_run(p, 13)
    _font(p.add_run(plan.so), 13)
    _tab_run(p, 13)
    _font(p.add_run(plan.date), 14, italic=True)


def _noi_nhan_lines(container, plan: Plan, inline: bool, para=None) -> None:
    """"Nơi nhận:" and the recipients one a line; ``inline``: the first recipient typed on the
    heading's line ("Nơi nhận: - UBND tỉnh;")."""
    para = para or (lambda text, **kw: _para(container, text, **kw))
    items = list(plan.noi_nhan)
    if inline:
        p = para("Nơi nhận:", size=12, bold=True, italic=True, align="left")
        _font(p.add_run(" "), 11)
        for piece, vert in _runs(items.pop(0)):
            _font(p.add_run(piece), 11, vert=vert)
    else:
        para("Nơi nhận:", size=12, bold=True, italic=True, align="left")
    for item in items:
        para(item, size=11, align="left")


def _signer_cell(cell, plan: Plan, signer: list[str]) -> None:
    for line in signer:
        _cell_para(cell, line, size=14, bold=True)
    for _ in range(4):
        _cell_para(cell, "", size=14)
    _cell_para(cell, plan.name, size=14, bold=True)


def _signer_table(doc, plan: Plan, signer: list[str], noi_nhan: str = "same", inline: bool = False) -> None:
    """Nơi nhận left and the signer right in a two-column table; ``noi_nhan="paragraphs"``: the
    left cell left empty and the recipients typed as paragraphs under the table; ``"none"``: no
    Nơi nhận at all."""
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _widths(t, [7.0, 9.0])
    nn, sg = t.rows[0].cells
    if noi_nhan == "same":
        _noi_nhan_lines(nn, plan, inline, lambda text, **kw: _cell_para(nn, text, **kw))
    _signer_cell(sg, plan, signer)
    if noi_nhan == "paragraphs":
        _para(doc, "", size=11, align="left")
        _noi_nhan_lines(doc, plan, inline)


def _signer_tabs(doc, plan: Plan, signer: list[str], inline: bool = False) -> None:
    items = list(plan.noi_nhan)
    if inline:
        left = [("Nơi nhận:", 12, True, True, items.pop(0))]
    else:
        left = [("Nơi nhận:", 12, True, True, None)]
    left += [(x, 11, False, False, None) for x in items]
    name_at = max(len(signer) + 3, min(len(left) - 1, len(signer) + 4))
    right = {k: (line, True) for k, line in enumerate(signer)}
    right[name_at] = (plan.name, True)
    n = max(len(left), name_at + 1)
    for k in range(n):
        p = _para(doc, "", size=11, align="left")
        if k in right or k < len(left):
            _tabs(p, [("center", RIGHT_CENTRE)])
        if k < len(left):
            text, size, bold, italic, more = left[k]
            for piece, vert in _runs(text):
                _font(p.add_run(piece), size, bold, italic, vert)
            if more:
                _font(p.add_run(" "), 11)
                for piece, vert in _runs(more):
                    _font(p.add_run(piece), 11, vert=vert)
        if k in right:
            _tab_run(p, 14)
            _font(p.add_run(right[k][0]), 14, bold=True)


def _signer_paragraphs(doc, plan: Plan, signer: list[str], noi_nhan: str = "same", inline: bool = False) -> None:
    """The signer's lines as centred paragraphs indented into the right half, space for the
    signature, the name; then "Nơi nhận:" and the recipients under them at the left margin
    (``noi_nhan="table"``: in the left cell of a two-column borderless table, the right cell
    empty; ``"none"``: no Nơi nhận at all)."""
    def right(text=""):
        p = _para(doc, text, size=14, bold=bool(text))
        p.paragraph_format.left_indent = Twips(RIGHT_CENTRE - TEXT_WIDTH // 4 - 283)
        p.paragraph_format.right_indent = Twips(0)
        return p

    for line in signer:
        right(line)
    for _ in range(4):
        right()
    right(plan.name)
    _para(doc, "", size=11, align="left")
    if noi_nhan == "table":
        t = doc.add_table(rows=1, cols=2)
        _no_borders(t)
        _widths(t, [7.0, 9.0])
        nn = t.rows[0].cells[0]
        _noi_nhan_lines(nn, plan, inline, lambda text, **kw: _cell_para(nn, text, **kw))
    elif noi_nhan == "same":
        _noi_nhan_lines(doc, plan, inline)


def _merge_down(cells) -> None:
    """Cells of one column, from top to bottom, merged vertically."""
    for k, cell in enumerate(cells):
        tcpr = cell._tc.get_or_add_tcPr()
        vm = OxmlElement("w:vMerge")
        if k == 0:
            vm.set(qn("w:val"), "restart")
        tcpr.append(vm)
        if k:
            for p in list(cell.paragraphs)[1:]:
                cell._element.remove(p._element)


def _annex_table(doc, annex: AnnexPlan, notes: _Notes, width: int, vmerge: bool, repeat_rows: bool):
    cols = len(annex.columns)
    weights = {"tt": 0.7, "noi_dung": 5.0, "chu_tri": 2.4, "phoi_hop": 2.6, "tien_do": 1.6, "san_pham": 2.2,
               "ghi_chu": 2.0}
    codes = [COLUMN_CODES[c] for c in annex.columns]
    total = sum(weights[c] for c in codes)
    widths = [width / 567 * weights[c] / total for c in codes]
    t = doc.add_table(rows=0, cols=cols)
    t.style = doc.styles["Table Grid"]

    def header_row(repeat: bool):
        row = t.add_row()
        if repeat:
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        for cell, title in zip(row.cells, annex.columns):
            _cell_para(cell, title, size=12, bold=True)

    header_row(True)
    rows: list = []
    for k, item in enumerate(annex.rows):
        if repeat_rows and k in annex.repeat_at:
            header_row(False)
        row = t.add_row()
        if isinstance(item, Group):
            start = 0 if item.level == 1 else 1
            if start:
                _cell_para(row.cells[0], "", size=12)
            merged = row.cells[start].merge(row.cells[cols - 1])
            _cell_para(merged, item.text, size=12, bold=True, align="left")
            rows.append(None)
            continue
        for c, (cell, text) in enumerate(zip(row.cells, item.cells)):
            p = _cell_para(cell, text, size=12, align="center" if codes[c] in ("tt", "tien_do") else "left")
            if item.note and codes[c] == "noi_dung":
                notes.ref(p, item.note, size=12)
        rows.append((row, item))
    _widths(t, widths)
    if vmerge:
        for code in ("chu_tri", "phoi_hop", "tien_do"):
            c = codes.index(code)
            run: list = []
            for entry in rows + [None]:
                same = entry is not None and run and entry[1].cells[c] == run[0][1].cells[c]
                if same:
                    run.append(entry)
                    continue
                if len(run) > 1 and run[0][1].cells[c]:
                    _merge_down([r.cells[c] for r, _ in run])
                run = [entry] if entry is not None else []
    return t


def _truth(plan: Plan, body_lines: list[str], signer: list[str], annex: AnnexPlan | None, label, kem_theo,
           noi_nhan: str = "same") -> Truth:
    so = re.match(r"^Số:\s*(\d*)\s*/\s*(\S+)$", plan.so)
    d = re.match(r"^(?P<place>[^,]+), ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d*)$", plan.date)
    parsed = than_van.parse_body("\n".join(body_lines))
    body = [(tp.level, tp.number, " ".join(text.split())) for tp, text in zip(parsed, body_lines)]
    truth = Truth(list(plan.chu_quan), list(plan.co_quan), so.group(1), so.group(2), d.group("place"),
                  tuple(int(x) if x else None for x in (d.group("d"), d.group("m"), d.group("y"))),
                  " ".join(plan.so.split()), " ".join(plan.date.split()), plan.ten_loai, plan.trich_yeu, body,
                  [plan.body_notes[k] for k in sorted(plan.body_notes)], list(signer), plan.name,
                  [unmarked(x) for x in plan.noi_nhan] if noi_nhan != "none" else [])
    if annex is None:
        return truth
    truth.annex_label, truth.annex_title, truth.kem_theo = label, annex.title, kem_theo
    truth.column_titles = list(annex.columns)
    truth.columns = [COLUMN_CODES[c] for c in annex.columns]
    path: list[str] = []
    for item in annex.rows:
        if isinstance(item, Group):
            path = path[:item.level - 1] + [item.text]
            truth.groups.append(item.text)
            continue
        v = dict(zip(truth.columns, (unmarked(c) for c in item.cells)))
        truth.tasks.append(Task(v["tt"], v["noi_dung"], [s.strip() for s in v["chu_tri"].split(";") if s.strip()],
                                [s.strip() for s in v["phoi_hop"].split(";") if s.strip()], v["tien_do"],
                                v.get("san_pham"), v.get("ghi_chu", ""), list(path), item.note))
    return truth


def build(plan: Plan, path: Path, *, header: str = "table", motto: str = "own", rules: str = "underscore",
          numbering: str = "typed", signer: str = "table", annex: str = "section", danh_muc: bool = False,
          kem_theo: str | None = None, vmerge: bool = False, repeat_rows: bool = False,
          quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", signer_lines: list[str] | None = None,
          annex_label: str = "own", noi_nhan: str = "same", noi_nhan_inline: bool = False) -> Built:
    """Type ``plan`` into ``path`` in the layout the keywords name (see the module's docstring)."""
    options = dict(header=header, motto=motto, rules="shape" if header == "tabs" else rules, numbering=numbering,
                   signer=signer, annex=annex, danh_muc=danh_muc, kem_theo=kem_theo, vmerge=vmerge,
                   repeat_rows=repeat_rows, annex_label=annex_label, noi_nhan=noi_nhan,
                   noi_nhan_inline=noi_nhan_inline)
    allowed = {"table": ("same", "paragraphs", "none"), "tabs": ("same",), "paragraphs": ("same", "table", "none")}
    if noi_nhan not in allowed[signer]:
        raise ValueError(f"noi_nhan={noi_nhan!r} with signer={signer!r}")
    rules = options["rules"]
    signer_lines = list(signer_lines or plan.signer)
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), FONT)
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    notes = _Notes()

    if header == "tabs":
        _header_tabs(doc, plan, quoc_hieu)
    else:
        _header_table(doc, plan, quoc_hieu, motto, rules)
    _para(doc, "", size=14)
    _para(doc, plan.ten_loai, bold=True)
    _para(doc, plan.trich_yeu, bold=True)
    ty_w = _longest([plan.trich_yeu], 14, True, TEXT_WIDTH)
    length = round(ty_w * 0.42)
    if rules == "shape":
        _line_shape(_para(doc, ""), (TEXT_WIDTH - length) // 2, length, y=0)
    else:
        p = _para(doc, _underscores(length, 14))
        p.runs[0].font.superscript = True

    body = list(plan.body)
    if danh_muc:
        body = [re.sub(r"tại Phụ lục kèm theo", "tại Danh mục kèm theo", t) for t in body]
    parsed = than_van.parse_body("\n".join(body))
    if numbering == "auto":
        _numbering(doc)
    for k, (tp, text) in enumerate(zip(parsed, body)):
        bold = tp.title
        shown = text
        if numbering == "auto" and tp.level in _LEVEL_OF:
            shown = than_van.classify(text)[2]
        p = _para(doc, "", bold=bold, align="both", first_line=1.0, before=6)
        if numbering == "auto" and tp.level in _LEVEL_OF:
            _num_pr(p, _LEVEL_OF[tp.level])
        _font(p.add_run(shown), 14, bold=bold)
        if k in plan.body_notes:
            notes.ref(p, plan.body_notes[k])

    if signer == "tabs":
        _signer_tabs(doc, plan, signer_lines, noi_nhan_inline)
    elif signer == "paragraphs":
        _signer_paragraphs(doc, plan, signer_lines, noi_nhan, noi_nhan_inline)
    else:
        _signer_table(doc, plan, signer_lines, noi_nhan, noi_nhan_inline)

    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(hp)

    a = plan.annex
    label = kem = None
    if a is not None:
        kem = kem_theo or a.kem_theo
        label = None if danh_muc else a.label
        if annex_label == "none":
            label = None
        if annex == "section":
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Twips(16838), Twips(11906)
            new.top_margin, new.bottom_margin, new.left_margin, new.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
            pg = OxmlElement("w:pgNumType")
            pg.set(qn("w:start"), "1")
            new._sectPr.append(pg)
            new.different_first_page_header_footer = True
            width = LANDSCAPE_WIDTH
        else:
            _page_break(doc)
            width = TEXT_WIDTH
        if label and annex_label == "inline":
            _para(doc, f"{label}: {a.title}", bold=True)
        elif label and annex_label == "own":
            _para(doc, label, bold=True)
            _para(doc, a.title, bold=True)
        else:
            _para(doc, a.title, bold=True)
        _para(doc, kem, italic=True)
        _para(doc, "", size=12)
        _annex_table(doc, a, notes, width, vmerge, repeat_rows)
        _para(doc, "", size=12)
    notes.write(doc)
    path = Path(path)
    doc.save(str(path))
    return Built(path, _truth(plan, body, signer_lines, a, label, kem, noi_nhan), options)


# ---- the corpus ---------------------------------------------------------------------------------

VARIANTS: dict[str, tuple[str, dict]] = {
    "000-bang": ("000", {}),
    "000-tab-tu-dong": ("000", {"header": "tabs", "numbering": "auto", "signer": "tabs"}),
    "000-ngat-dong-hinh-ve": ("000", {"motto": "break", "rules": "shape"}),
    "001-bang-ngang": ("001", {"vmerge": True}),
    "001-tab-ngat-trang": ("001", {"header": "tabs", "numbering": "auto", "signer": "tabs", "annex": "page_break"}),
    "001-doan-chu-ky": ("001", {"signer": "paragraphs", "annex": "page_break"}),
    "003-bang-lap-tieu-de": ("003", {"repeat_rows": True}),
    "003-tab-doan-chu-ky": ("003", {"header": "tabs", "numbering": "auto", "signer": "paragraphs"}),
    "003-tab-danh-muc": ("003", {"header": "tabs", "signer": "tabs", "danh_muc": True, "annex": "page_break"}),
    "003-kem-theo-chu-tich": ("003", {"rules": "shape", "kem_theo": "(Kèm theo Kế hoạch số 132/KH-UBND ngày 16 "
                                                                 "tháng 4 năm 2026 của Chủ tịch UBND tỉnh Hưng Yên)"}),
}


def variant(name: str, folder: Path, **changes) -> Built:
    """One variant of ``VARIANTS`` built in ``folder`` (``changes`` override its keywords)."""
    key, options = VARIANTS[name]
    return build(seed_plan(key), Path(folder) / f"{name}.docx", **{**options, **changes})


def corpus(folder: Path) -> dict[str, Built]:
    """Every variant of ``VARIANTS``, built in ``folder``."""
    plans = {key: seed_plan(key) for key in SEED_FILES}
    return {name: build(plans[key], Path(folder) / f"{name}.docx", **options)
            for name, (key, options) in VARIANTS.items()}
