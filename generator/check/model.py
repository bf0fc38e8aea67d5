"""A .docx read for checking: paragraphs in document order with their effective properties.

Properties are resolved the way Word does: document defaults, then the paragraph style chain
(basedOn), then the character style chain, then direct formatting.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import safety
from . import layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_PART = 64 * 1024 * 1024  # bytes: refuse larger XML parts (zip bombs)
_LIMITS = safety.Limits(max_bytes=50 * safety.MB, max_unpacked=300 * safety.MB, max_member=MAX_PART)

_PARSER = safety.safe_parser()


class DocxReadError(Exception):
    """The file cannot be read as a .docx (message in Vietnamese)."""


# ---- numbers -------------------------------------------------------------------------------------
#
# Every number the checker takes from the XML goes through ``number`` (text) or ``num`` (an
# attribute). Accepted, as the schema of WordprocessingML (ISO/IEC 29500) and Word accept them: an
# integer with spaces around it (" 12 "), "-0", and for measures a number with a unit ("12pt",
# "1.5cm", "-2mm"; mm, cm, in, pt, pc, pi). A decimal ("1440.0", written by some programs) is
# rounded. Anything else in a WordprocessingML attribute -- not a number ("abc", "", "NaN",
# "Infinity"), an exponent ("1e400", "1e-400"), or outside what Word writes ("9" * 5000, a page
# wider than Word's 22 inches) -- is a value Word refuses when it opens the file: the checker
# refuses it too, as a read error naming the part, the line, the place and what is accepted
# (``BadValue``). Every part read is checked so as a whole (``check_numbers``), the way Word does
# when it opens the file, whether or not a rule reads the value. VML shapes (the legacy drawing
# format) hold free text coordinates: there a bad value only makes the length unknown (``number``
# returns None), as Word then draws nothing.


@dataclass(frozen=True)
class Kind:
    """What a numeric attribute holds: its unit, the range Word writes, units accepted."""

    unit: str  # Vietnamese, for the message: ", tính bằng twip (1/20 point)", or ""
    lo: float
    hi: float
    per_pt: float | None = None  # units per point when a number with a unit is accepted
    px: bool = False  # VML also accepts "px"
    bare: float = 1.0  # factor for a number without a unit


MAX_TWIPS = 31680  # 22 inches: Word's largest page, margin, indent or width
TWIPS = Kind(", tính bằng twip (1/20 point)", -MAX_TWIPS, MAX_TWIPS, per_pt=20)  # ST_SignedTwipsMeasure
TWIPS_POS = Kind(", tính bằng twip (1/20 point)", 0, MAX_TWIPS, per_pt=20)  # ST_TwipsMeasure
HALF_POINTS = Kind(", tính bằng nửa point", 0, 3276, per_pt=2)  # Word's sizes: up to 1638 pt
HUNDREDTHS = Kind(", tính bằng 1/100 dòng hoặc ký tự", -100 * 1000, 100 * 1000)
SPAN = Kind(" (số cột gộp)", 0, 63)  # Word's tables have at most 63 columns
PAGE_NUMBER = Kind("", 0, 2**31 - 1)
EMU = Kind(", tính bằng EMU (1/914400 inch)", 0, 27273042316900)  # ST_PositiveCoordinate
VML_POINTS = Kind("", -1e7, 1e7, per_pt=1, px=True, bare=1 / 20)  # bare VML numbers: 1/20 pt

_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_MEASURE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|pi|px)")
_PT_PER_UNIT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "pi": 12.0, "px": 0.75}
_XSD_SPACE = " \t\r\n"


def number(text: str | None, kind: Kind) -> float | None:
    """``text`` as a number in the unit of ``kind``, or None when it is not a value Word writes."""
    if text is None:
        return None
    s = text.strip(_XSD_SPACE)
    if not s or len(s) > 40:  # 40 characters hold every value in range, with decimals
        return None
    if _PLAIN.fullmatch(s):
        value = float(s) * kind.bare
    else:
        m = _MEASURE.fullmatch(s)
        if not m or kind.per_pt is None or (m.group(2) == "px" and not kind.px):
            return None
        value = float(m.group(1)) * _PT_PER_UNIT[m.group(2)] * kind.per_pt
    if not (math.isfinite(value) and kind.lo <= value <= kind.hi):
        return None
    return value + 0.0  # -0.0 reads as 0


class BadValue(DocxReadError):
    """A numeric attribute Word never writes: the part, line and place, the value and what is
    accepted. The runner puts the file's name in front."""

    def __init__(self, el, attr: str, value: str, kind: Kind):
        part = el.getroottree().docinfo.URL or "word/document.xml"
        line = f", dòng {el.sourceline}" if el.sourceline else ""
        where = _where(el)
        shown = value if len(value) <= 30 else value[:30] + "…"
        units = ", hoặc số kèm đơn vị mm, cm, in, pt, pc, pi" if kind.per_pt else ""
        tag = (f"{el.prefix}:" if el.prefix else "") + etree.QName(el).localname
        super().__init__(
            f"phần {part}{line}{where}, thẻ <{tag}>: giá trị "
            f"{_qname(attr)}=“{shown}” không phải giá trị Word ghi (chấp nhận: số nguyên từ {int(kind.lo)} đến "
            f"{int(kind.hi)}{kind.unit}{units}); mở tệp bằng Word rồi lưu lại")


def _qname(attr: str) -> str:
    return "w:" + attr[len(W):] if attr.startswith(W) else attr


def num(el, attr: str, kind: Kind = TWIPS, *, plain: bool = False) -> int | None:
    """The attribute ``attr`` of ``el`` (w:``attr``; with ``plain``, ``attr`` without a
    namespace), rounded, in the unit of ``kind``; None when ``el`` or the attribute is absent.
    Raises ``BadValue`` for a value Word never writes."""
    if el is None:
        return None
    name = attr if plain else f"{W}{attr}"
    v = el.get(name)
    if v is None:
        return None
    value = number(v, kind)
    if value is None:
        raise BadValue(el, name, v, kind)
    return round(value)


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_INDENTS = tuple((a, TWIPS) for a in ("left", "right", "start", "end")) + (
    ("hanging", TWIPS_POS), ("firstLine", TWIPS_POS),
    *((f"{a}Chars", HUNDREDTHS) for a in ("left", "right", "start", "end", "hanging", "firstLine")))
# Numeric attributes checked in every part read: element -> (attribute, kind).
_NUMERIC = {
    f"{W}sz": (("val", HALF_POINTS),), f"{W}szCs": (("val", HALF_POINTS),),
    f"{W}ind": _INDENTS,
    f"{W}spacing": (("before", TWIPS_POS), ("after", TWIPS_POS), ("line", TWIPS), ("beforeLines", HUNDREDTHS),
                    ("afterLines", HUNDREDTHS)),
    f"{W}pgSz": (("w", TWIPS_POS), ("h", TWIPS_POS)),
    f"{W}pgMar": (("top", TWIPS), ("bottom", TWIPS), *((a, TWIPS_POS) for a in ("left", "right", "header",
                                                                                 "footer", "gutter"))),
    f"{W}pgNumType": (("start", PAGE_NUMBER),),
    f"{W}gridCol": (("w", TWIPS_POS),),
    f"{W}gridSpan": (("val", SPAN),),
}
# Widths in twips when their type is dxa (or absent); percentages and "auto" are not read.
_WIDTHS = tuple(f"{W}{t}" for t in ("tcW", "tblW", "tblInd", "top", "left", "bottom", "right", "start", "end"))


def check_numbers(root) -> None:
    """Raise ``BadValue`` for the first numeric attribute of the part that Word never writes."""
    for el in root.iter(*_NUMERIC, *_WIDTHS, f"{WP}extent"):
        tag = el.tag
        if tag in _NUMERIC:
            for attr, kind in _NUMERIC[tag]:
                num(el, attr, kind)
        if tag in _WIDTHS and el.get(f"{W}type") in (None, "dxa"):
            num(el, "w", TWIPS)
        elif tag == f"{WP}extent":
            num(el, "cx", EMU, plain=True)
            num(el, "cy", EMU, plain=True)


def _where(el) -> str:
    """The place of an element in words: the style in styles.xml, the paragraph, table row and
    cell, or section settings in the body (numbered as the checker's findings are)."""
    style = next((a for a in el.iterancestors(f"{W}style")), None)
    if style is not None:
        return f", kiểu “{style.get(f'{W}styleId') or ''}”"
    if any(True for _ in el.iterancestors(f"{W}docDefaults")):
        return ", định dạng mặc định (docDefaults)"
    body = next((a for a in el.iterancestors(f"{W}body")), None)
    if body is None:
        return ""
    top = el if el.getparent() is body else next(a for a in el.iterancestors() if a.getparent() is body)
    tag = etree.QName(top).localname
    if tag == "sectPr":
        return ", thiết lập trang của mục cuối"
    n = 1 + sum(1 for s in top.itersiblings(preceding=True) if s.tag == top.tag)
    if tag == "p":
        in_section = el.tag == f"{W}sectPr" or any(a.tag == f"{W}sectPr" for a in el.iterancestors())
        return f", đoạn {n}" + (" (thiết lập trang)" if in_section else "")
    if tag == "tbl":
        out = f", bảng {n}"
        tr = next((a for a in [el, *el.iterancestors()] if a.tag == f"{W}tr" and a.getparent() is top), None)
        if tr is not None:
            out += f", dòng {1 + sum(1 for s in tr.itersiblings(f'{W}tr', preceding=True))}"
            tc = next((a for a in [el, *el.iterancestors()] if a.tag == f"{W}tc" and a.getparent() is tr), None)
            if tc is not None:
                out += f", ô {1 + sum(1 for s in tc.itersiblings(f'{W}tc', preceding=True))}"
        return out
    return ""


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(f"{W}val") not in ("0", "false", "off", "none")


@dataclass
class Props:
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    color: str | None = None
    underline: str | None = None
    vert: str | None = None
    fonts: dict = field(default_factory=dict)

    def merged(self, other: Props) -> Props:
        out = Props(**{k: getattr(self, k) for k in ("size", "bold", "italic", "caps", "color",
                                                     "underline", "vert")}, fonts=dict(self.fonts))
        for k in ("size", "bold", "italic", "caps", "color", "underline", "vert"):
            v = getattr(other, k)
            if v is not None:
                setattr(out, k, v)
        out.fonts.update(other.fonts)
        return out


def read_rpr(rpr) -> Props:
    p = Props()
    if rpr is None:
        return p
    half_points = num(rpr.find(f"{W}sz"), "val", HALF_POINTS)
    if half_points:
        p.size = half_points / 2
    p.bold = _on(rpr.find(f"{W}b"))
    p.italic = _on(rpr.find(f"{W}i"))
    p.caps = _on(rpr.find(f"{W}caps"))
    c = rpr.find(f"{W}color")
    if c is not None:
        p.color = c.get(f"{W}val")
    u = rpr.find(f"{W}u")
    if u is not None:
        p.underline = u.get(f"{W}val")
    v = rpr.find(f"{W}vertAlign")
    if v is not None:
        p.vert = v.get(f"{W}val")
    f = rpr.find(f"{W}rFonts")
    if f is not None:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs", "asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            val = f.get(f"{W}{slot}")
            if val:
                p.fonts[slot] = val
    return p


@dataclass
class PPr:
    jc: str | None = None
    first_line: int | None = None
    hanging: int | None = None
    left: int | None = None
    right: int | None = None
    before: int | None = None
    after: int | None = None
    line: int | None = None
    line_rule: str | None = None
    border_bottom: bool | None = None
    keep_next: bool | None = None
    page_break_before: bool | None = None

    def merged(self, other: PPr) -> PPr:
        out = PPr(**self.__dict__)
        for k, v in other.__dict__.items():
            if v is not None:
                setattr(out, k, v)
        return out


def _int(el, attr, kind: Kind = TWIPS):
    return num(el, attr, kind)


def read_ppr(ppr) -> PPr:
    p = PPr()
    if ppr is None:
        return p
    jc = ppr.find(f"{W}jc")
    if jc is not None:
        p.jc = {"start": "left", "end": "right", "distribute": "both"}.get(jc.get(f"{W}val"), jc.get(f"{W}val"))
    ind = ppr.find(f"{W}ind")
    if ind is not None:
        p.first_line = _int(ind, "firstLine", TWIPS_POS)
        p.hanging = _int(ind, "hanging", TWIPS_POS)
        p.left = _int(ind, "left") if _int(ind, "left") is not None else _int(ind, "start")
        p.right = _int(ind, "right") if _int(ind, "right") is not None else _int(ind, "end")
    sp = ppr.find(f"{W}spacing")
    if sp is not None:
        p.before = _int(sp, "before", TWIPS_POS)
        p.after = _int(sp, "after", TWIPS_POS)
        p.line = _int(sp, "line")
        p.line_rule = sp.get(f"{W}lineRule") or ("auto" if p.line is not None else None)
    bdr = ppr.find(f"{W}pBdr/{W}bottom")
    if bdr is not None:
        p.border_bottom = bdr.get(f"{W}val") not in ("nil", "none")
    p.keep_next = _on(ppr.find(f"{W}keepNext"))
    p.page_break_before = _on(ppr.find(f"{W}pageBreakBefore"))
    return p


@dataclass
class Run:
    text: str
    props: Props
    kind: str = "text"  # text | number (Word's automatic number, not typed) | note (a footnote reference,
    #                     no text) | page (a page break typed in the text, read as a line break)
    note: str | None = None  # for a note: the id of the footnote or endnote


@dataclass
class Shape:
    """A line shape drawn in a paragraph: its length and, when it is anchored, the horizontal
    position of its left end from the left edge of the text column (twips)."""

    length: int | None
    x: int | None
    el: object = None


@dataclass
class Para:
    order: int
    place: str
    el: object
    style_id: str
    ppr: PPr
    runs: list[Run]
    section: int = 0
    table: int | None = None  # index of top-level table
    row: int | None = None
    cell: int | None = None
    in_textbox: bool = False
    has_line_shape: bool = False
    shapes: list[Shape] = field(default_factory=list)  # line shapes drawn in the paragraph
    number_label: str | None = None  # Word's automatic number as shown ("1.1.", "a)"), also the first run
    note_refs: list[str] = field(default_factory=list)  # ids of the footnotes referenced, in order
    column: int | None = None  # 1 (left) or 2 (right) for a part of a line laid out with tab stops
    line: int | None = None  # for a part of a paragraph split at manual line breaks: its line, from 1
    number_format: str | None = None  # numFmt of Word's automatic numbering ("decimal", "bullet", ...)

    @property
    def page_break(self) -> bool:
        """A page break typed in the paragraph or set before it (not a section break)."""
        return bool(self.ppr.page_break_before) or any(r.kind == "page" for r in self.runs)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]

    def _all(self, attr) -> bool | None:
        runs = self.visible_runs
        if not runs:
            return None
        return all(bool(getattr(r.props, attr)) for r in runs)

    @property
    def bold(self) -> bool | None:
        return self._all("bold")

    @property
    def italic(self) -> bool | None:
        return self._all("italic")

    @property
    def sizes(self) -> set[float]:
        return {r.props.size for r in self.visible_runs if r.props.size is not None}

    @property
    def size(self) -> float | None:
        sizes = [r.props.size for r in self.visible_runs if r.props.size is not None and r.props.vert is None]
        return max(set(sizes), key=sizes.count) if sizes else None


@dataclass
class Section:
    index: int
    el: object
    width: int
    height: int
    orient: str
    top: int
    bottom: int
    left: int
    right: int
    pg_start: int | None
    pg_fmt: str | None
    title_pg: bool
    headers: dict  # type -> header element (inherited resolved)
    footers: dict
    first_para: int = 0  # order of the section's first paragraph


_KIND = safety.PackageKind(
    "văn bản Word .docx",
    ole="tệp là văn bản Word 97-2003 (.doc) hoặc tệp .docx có mật khẩu mở; mở bằng Word, bỏ mật khẩu (nếu có) "
        "rồi lưu lại dạng “Word Document (.docx)”",
    not_zip=lambda other: ("không phải tệp .docx" + (f" (là {other})" if other else " (nội dung không phải văn bản "
                                                                                  "Word)")
                           + "; lưu văn bản bằng Word dạng “Word Document (.docx)”"),
    broken="tệp .docx bị hỏng (không giải nén được); mở bằng Word rồi lưu lại")


def _open_docx(path: Path) -> zipfile.ZipFile:
    """The package, after the shared checks of ``vanban.safety``; every refusal says what the
    file is and what is accepted."""
    def fail(message: str):
        raise DocxReadError(f"{path}: {message}")

    try:
        head, infos = safety.open_package(path, _KIND, _LIMITS)
    except safety.PackageError as e:
        fail(str(e))
    z = zipfile.ZipFile(path)
    if "word/document.xml" not in infos:
        mimetype = b""
        if "mimetype" in infos:
            try:
                mimetype = safety.read_member(z, "mimetype", _LIMITS)[:100]
            except safety.PackageError:
                pass
        z.close()
        other = safety.what_is_it(head, set(infos), mimetype)
        fail("không phải tệp .docx (thiếu word/document.xml" + (f"; tệp là {other}" if other else "")
             + "); lưu văn bản bằng Word dạng “Word Document (.docx)”")
    return z


class DocModel:
    """Paragraphs (body, table cells, text boxes) in document order, sections and headers; the
    paragraphs of footnotes and endnotes (``notes``; the footnotes' also by id, ``footnotes``).
    Every part is read here: the package is closed when the model is built.

    A paragraph numbered by Word (numbering.xml) starts with a run of kind "number" holding the
    number as shown ("1.1." and its tab); its line shapes are ``Para.shapes`` (DrawingML, VML, or
    either inside mc:AlternateContent). Lines laid out with tab stops and the Quốc hiệu's
    paragraph holding the Tiêu ngữ after a line break are split into their parts (``layout``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = _open_docx(self.path)
        try:
            names = set(self.zip.namelist())
            self.document = self._xml("word/document.xml")
            self.styles = self._xml("word/styles.xml") if "word/styles.xml" in names else None
            self.rels, self.rel_types = self._rels("word/_rels/document.xml.rels")
            self._style_cache: dict = {}
            self._load_styles()
            self.paragraphs: list[Para] = []
            self.sections: list[Section] = []
            self.tables: list = []
            self.default_tab = self._default_tab() if "word/settings.xml" in names else 720
            self._numbering = Numbering(self._numbering_part())
            self._walk()
            self.notes, self.footnotes = self._notes()
            layout.split(self)
        finally:
            self.zip.close()

    # ---- parts -------------------------------------------------------------------------------
    def _xml(self, name: str):
        try:
            data = safety.read_member(self.zip, name, _LIMITS)
        except safety.PackageError as e:
            raise DocxReadError(f"{self.path}: {e}") from None
        try:
            root = etree.fromstring(data, _PARSER, base_url=name)  # the part's name, for messages
        except etree.XMLSyntaxError as e:
            line = f" dòng {e.lineno}" if getattr(e, "lineno", None) else ""
            raise DocxReadError(f"{self.path}: phần {name} bị hỏng (XML sai cú pháp ở{line or ' đầu phần'}); mở tệp "
                                "bằng Word rồi lưu lại") from None
        if root is None:
            raise DocxReadError(f"{self.path}: phần {name} rỗng; mở tệp bằng Word rồi lưu lại")
        if root.tag.startswith(W):  # a WordprocessingML part (not relationships)
            check_numbers(root)
        return root

    def _rels(self, name: str) -> tuple[dict, dict]:
        """Targets and types (the last word of the type: "footnotes", "header") by id."""
        if name not in self.zip.namelist():
            return {}, {}
        rels = list(self._xml(name).iter(f"{{{REL_NS}}}Relationship"))
        return ({r.get("Id"): r.get("Target") for r in rels},
                {r.get("Id"): (r.get("Type") or "").rsplit("/", 1)[-1] for r in rels})

    def part_for(self, rid: str):
        target = self.rels.get(rid)
        if not target:
            return None
        name = target.lstrip("/") if target.startswith("/") else f"word/{target}"
        if name not in self.zip.namelist():
            return None
        return self._xml(name)

    # ---- styles ------------------------------------------------------------------------------
    def _load_styles(self) -> None:
        self.default_r = Props()
        self.default_p = PPr()
        self.style_els = {}
        self.default_para_style = None
        if self.styles is None:
            return
        dd = self.styles.find(f"{W}docDefaults")
        if dd is not None:
            self.default_r = read_rpr(dd.find(f"{W}rPrDefault/{W}rPr"))
            self.default_p = read_ppr(dd.find(f"{W}pPrDefault/{W}pPr"))
        for st in self.styles.findall(f"{W}style"):
            sid = st.get(f"{W}styleId")
            self.style_els[sid] = st
            if st.get(f"{W}type") == "paragraph" and st.get(f"{W}default") in ("1", "true"):
                self.default_para_style = sid

    def style_chain(self, sid: str | None) -> list:
        chain, seen = [], set()
        while sid and sid in self.style_els and sid not in seen:
            seen.add(sid)
            st = self.style_els[sid]
            chain.append(st)
            b = st.find(f"{W}basedOn")
            sid = b.get(f"{W}val") if b is not None else None
        return list(reversed(chain))  # base first

    def style_props(self, sid: str | None) -> tuple[PPr, Props]:
        if sid in self._style_cache:
            return self._style_cache[sid]
        ppr, rpr = PPr(), Props()
        for st in self.style_chain(sid):
            ppr = ppr.merged(read_ppr(st.find(f"{W}pPr")))
            rpr = rpr.merged(read_rpr(st.find(f"{W}rPr")))
        self._style_cache[sid] = (ppr, rpr)
        return ppr, rpr

    def style_name(self, sid: str | None) -> str:
        st = self.style_els.get(sid)
        if st is None:
            return ""
        n = st.find(f"{W}name")
        return n.get(f"{W}val") if n is not None else ""

    # ---- walk ----------------------------------------------------------------------------------
    def _para(self, p, place: str, section: int, table=None, row=None, cell=None, textbox=False,
              numbered: bool = False) -> Para:
        ppr_el = p.find(f"{W}pPr")
        ps = ppr_el.find(f"{W}pStyle") if ppr_el is not None else None
        sid = ps.get(f"{W}val") if ps is not None else self.default_para_style
        s_ppr, s_rpr = self.style_props(sid)
        level = self._numbering.level_of(p, self.style_chain(sid)) if numbered else None
        ppr = self.default_p.merged(s_ppr)
        if level is not None:
            ppr = ppr.merged(level.ppr)
        ppr = ppr.merged(read_ppr(ppr_el))
        base_r = self.default_r.merged(s_rpr)
        runs: list[Run] = []
        shapes: list[Shape] = []
        notes: list[str] = []
        label = None
        if level is not None:
            label = self._numbering.label(level)
            if label is not None:
                mark = read_rpr(ppr_el.find(f"{W}rPr")) if ppr_el is not None else Props()
                runs.append(Run(label + level.suffix, base_r.merged(mark).merged(level.rpr), "number"))
        for r in p.iter(f"{W}r"):
            # Skip runs inside a nested text box's paragraphs, and VML/DrawingML fallbacks.
            if _inside(r, p):
                continue
            rpr_el = r.find(f"{W}rPr")
            props = base_r
            if rpr_el is not None:
                rs = rpr_el.find(f"{W}rStyle")
                if rs is not None:
                    props = props.merged(self.style_props(rs.get(f"{W}val"))[1])
                props = props.merged(read_rpr(rpr_el))
            text = []

            def flush(kind: str | None = None, note: str | None = None, props=props, text=text):
                if text or kind is None:
                    runs.append(Run("".join(text), props))
                    text.clear()
                if kind is not None:
                    runs.append(Run("\n" if kind == "page" else "", props, kind, note))

            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    text.append(child.text or "")
                elif tag == "tab":
                    text.append("\t")
                elif tag == "br" and child.get(f"{W}type") == "page":
                    flush("page")
                elif tag in ("br", "cr"):
                    text.append("\n")
                elif tag == "noBreakHyphen":
                    text.append("-")
                elif tag in ("drawing", "pict", "AlternateContent"):
                    shape = line_shape(child)
                    if shape is not None:
                        shapes.append(shape)
                elif tag in ("footnoteReference", "endnoteReference") and child.get(f"{W}id") is not None:
                    notes.append(child.get(f"{W}id"))
                    flush("note", child.get(f"{W}id"))
            flush()
        return Para(len(self.paragraphs), place, p, sid or "", ppr, runs, section, table, row, cell,
                    textbox, bool(shapes), shapes, label, notes,
                    number_format=level.fmt if level is not None else None)

    def _walk(self) -> None:
        body = self.document.find(f"{W}body")
        if body is None:
            raise DocxReadError(f"{self.path}: tệp không có phần thân văn bản")
        section = 0
        pending_first = 0
        counter = {"p": 0}

        def add(p, place, **kw):
            para = self._para(p, place, section, numbered=True, **kw)
            self.paragraphs.append(para)
            for tb in p.iter(f"{W}txbxContent"):
                if any(a.tag == MC_FALLBACK for a in tb.iterancestors()):
                    continue
                for k, q in enumerate(tb.findall(f".//{W}p"), start=1):
                    self.paragraphs.append(self._para(q, f"{place}, hộp văn bản, đoạn {k}", section,
                                                      textbox=True))
            return para

        for child in body:
            tag = etree.QName(child).localname
            if tag == "p":
                counter["p"] += 1
                add(child, f"đoạn {counter['p']}")
                sp = child.find(f"{W}pPr/{W}sectPr")
                if sp is not None:
                    self._add_section(sp, pending_first)
                    section += 1
                    pending_first = len(self.paragraphs)
            elif tag == "tbl":
                t = len(self.tables)
                self.tables.append(child)
                for ri, tr in enumerate(child.findall(f"{W}tr"), start=1):
                    for ci, tc in enumerate(tr.findall(f"{W}tc"), start=1):
                        for k, p in enumerate(tc.iter(f"{W}p"), start=1):
                            add(p, f"bảng {t + 1}, dòng {ri}, ô {ci}, đoạn {k}", table=t, row=ri, cell=ci)
            elif tag == "sectPr":
                self._add_section(child, pending_first)

    def _add_section(self, sp, first_para: int) -> None:
        sz, mar = sp.find(f"{W}pgSz"), sp.find(f"{W}pgMar")
        width = _int(sz, "w", TWIPS_POS) or 11906
        height = _int(sz, "h", TWIPS_POS) or 16838
        orient = (sz.get(f"{W}orient") if sz is not None else None) or ("landscape" if width > height else "portrait")
        pg = sp.find(f"{W}pgNumType")
        prev = self.sections[-1] if self.sections else None
        headers = dict(prev.headers) if prev else {}
        footers = dict(prev.footers) if prev else {}
        for ref in sp.findall(f"{W}headerReference"):
            headers[ref.get(f"{W}type")] = self.part_for(ref.get(f"{{{R_NS}}}id"))
        for ref in sp.findall(f"{W}footerReference"):
            footers[ref.get(f"{W}type")] = self.part_for(ref.get(f"{{{R_NS}}}id"))
        self.sections.append(Section(
            len(self.sections), sp, width, height, orient,
            _int(mar, "top") or 0, _int(mar, "bottom") or 0, _int(mar, "left", TWIPS_POS) or 0,
            _int(mar, "right", TWIPS_POS) or 0, _int(pg, "start", PAGE_NUMBER),
            pg.get(f"{W}fmt") if pg is not None else None,
            _on(sp.find(f"{W}titlePg")) or False, headers, footers, first_para))

    def _default_tab(self) -> int:
        """Word's default tab stop interval (twips); 720 when the settings do not say or cannot be read."""
        try:
            el = self._xml("word/settings.xml").find(f"{W}defaultTabStop")
            return num(el, "val", TWIPS_POS) or 720
        except DocxReadError:
            return 720

    def _numbering_part(self):
        for rid, kind in self.rel_types.items():
            if kind == "numbering":
                return self.part_for(rid)
        return None

    def _notes(self) -> tuple[list[Para], dict[str, list[Para]]]:
        """Paragraphs of the footnotes and endnotes, separators aside; and the footnotes' by id."""
        out: list[Para] = []
        by_id: dict[str, list[Para]] = {}
        for rid, kind in self.rel_types.items():
            if kind not in ("footnotes", "endnotes"):
                continue
            root = self.part_for(rid)
            if root is None:
                continue
            name = "chú thích cuối trang" if kind == "footnotes" else "chú thích cuối văn bản"
            notes = [n for n in root.findall(f"{W}{kind[:-1]}")
                     if n.get(f"{W}type") in (None, "normal")]
            for i, note in enumerate(notes, start=1):
                paras = [self._para(q, f"{name} {i}, đoạn {k}", 0) for k, q in enumerate(note.iter(f"{W}p"), start=1)]
                out.extend(paras)
                if kind == "footnotes" and note.get(f"{W}id") is not None:
                    by_id[note.get(f"{W}id")] = paras
        return out, by_id

    def header_footer_parts(self) -> list[tuple[str, object]]:
        """Each header and footer part once, with its name in words ("đầu trang (trang đầu, mục
        2)"), in the order of the sections that use them."""
        kinds = {"first": "trang đầu", "even": "trang chẵn"}
        out, seen = [], set()
        for s in self.sections:
            for word, parts in (("đầu trang", s.headers), ("chân trang", s.footers)):
                for kind, root in parts.items():
                    if root is None:
                        continue
                    key = root.getroottree().docinfo.URL or id(root)
                    if key in seen:
                        continue
                    seen.add(key)
                    detail = [kinds[kind]] if kind in kinds else []
                    if len(self.sections) > 1:
                        detail.append(f"mục {s.index + 1}")
                    out.append((word + (f" ({', '.join(detail)})" if detail else ""), root))
        return out

    # ---- helpers -----------------------------------------------------------------------------
    def para_props_of(self, el) -> Props:
        """Effective run properties of a paragraph element in another part (header/footer)."""
        ppr_el = el.find(f"{W}pPr")
        ps = ppr_el.find(f"{W}pStyle") if ppr_el is not None else None
        sid = ps.get(f"{W}val") if ps is not None else self.default_para_style
        return self.default_r.merged(self.style_props(sid)[1])

    def header_paragraph(self, el) -> Para:
        return self._para(el, "đầu trang", 0)


def _inside(r, p) -> bool:
    """True if run ``r`` belongs to a text box or fallback nested inside paragraph ``p``."""
    for a in r.iterancestors():
        if a is p:
            return False
        if a.tag in (f"{W}txbxContent", MC_FALLBACK):
            return True
    return False


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
EMU_PER_TWIP = 635
_LINE_GEOMETRY = ("line", "straightConnector1")


def line_shape(el) -> Shape | None:
    """The line shape drawn by a run's child (w:drawing, w:pict, or mc:AlternateContent with
    one of them: the DrawingML choice first, its VML fallback when the choice draws no line)."""
    tag = etree.QName(el).localname
    if tag == "AlternateContent":
        for branch in (*el.findall(f"{MC}Choice"), *el.findall(f"{MC}Fallback")):
            for child in branch:
                if etree.QName(child).localname in ("drawing", "pict"):
                    shape = line_shape(child)
                    if shape is not None:
                        return shape
        return None
    if tag == "drawing":
        if not any(g.get("prst") in _LINE_GEOMETRY for g in el.iter(f"{A_NS}prstGeom")):
            return None
        extent = next(el.iter(f"{WP}extent"), None)
        cx = num(extent, "cx", EMU, plain=True)
        x = None
        pos = next(el.iter(f"{WP}positionH"), None)
        if pos is not None and pos.get("relativeFrom") in (None, "column", "margin", "character"):
            off = pos.find(f"{WP}posOffset")
            text = (off.text or "").strip() if off is not None else ""
            if re.fullmatch(r"-?[0-9]{1,15}", text):
                x = round(int(text) / EMU_PER_TWIP)
        return Shape(round(cx / EMU_PER_TWIP) if cx is not None else None, x, el)
    if tag == "pict":
        line = next(el.iter(f"{V}line"), None)
        if line is None:
            return None
        a = [_vml_pt(v) for v in (line.get("from") or "0,0").split(",")]
        b = [_vml_pt(v) for v in (line.get("to") or "0,0").split(",")]
        if a and b and a[0] is not None and b[0] is not None:
            return Shape(round(abs(b[0] - a[0]) * 20), round(min(a[0], b[0]) * 20), line)
        return Shape(None, None, line)
    return None


def _vml_pt(v: str) -> float | None:
    """A VML coordinate in points (bare numbers are twentieths of a point); None when unreadable."""
    return number(v, VML_POINTS) if v.strip() else 0.0


# ---- Word's automatic numbering ------------------------------------------------------------------

@dataclass
class Level:
    """One level of a list in numbering.xml."""

    abstract: str
    ilvl: int
    start: int
    fmt: str
    text: str
    suffix: str
    ppr: PPr
    rpr: Props
    num_id: str = ""


_ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN_DIGITS:
        while n >= value:
            out += digits
            n -= value
    return out


def _letter(n: int) -> str:
    """Word's letters: a … z, then aa … zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if n <= 0 or n > 3999:
        return str(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """The lists of numbering.xml, and the numbers Word shows, counted in document order."""

    def __init__(self, root):
        self.levels: dict[tuple[str, int], Level] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for an in root.findall(f"{W}abstractNum"):
            aid = an.get(f"{W}abstractNumId")
            for lvl in an.findall(f"{W}lvl"):
                ilvl = num(lvl, "ilvl", SPAN) or 0
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                suff = lvl.find(f"{W}suff")
                suffix = {"space": " ", "nothing": ""}.get(suff.get(f"{W}val") if suff is not None else "tab", "\t")
                start = num(lvl.find(f"{W}start"), "val", PAGE_NUMBER)
                self.levels[(aid, ilvl)] = Level(
                    aid, ilvl, start or 0, fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "", suffix, read_ppr(lvl.find(f"{W}pPr")),
                    read_rpr(lvl.find(f"{W}rPr")))
        for n in root.findall(f"{W}num"):
            ref = n.find(f"{W}abstractNumId")
            overrides = {}
            for o in n.findall(f"{W}lvlOverride"):
                so = o.find(f"{W}startOverride")
                if so is not None:
                    overrides[num(o, "ilvl", SPAN) or 0] = num(so, "val", PAGE_NUMBER) or 0
            if ref is not None:
                self.nums[n.get(f"{W}numId")] = (ref.get(f"{W}val"), overrides)

    def level_of(self, p, style_chain: list) -> Level | None:
        """The list level of paragraph ``p``: its own w:numPr, else its style's."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        holders = [num_pr] if num_pr is not None else []
        holders += [st.find(f"{W}pPr/{W}numPr") for st in reversed(style_chain)]
        num_id, ilvl = None, None
        for h in holders:
            if h is None:
                continue
            if num_id is None and h.find(f"{W}numId") is not None:
                num_id = h.find(f"{W}numId").get(f"{W}val")
            if ilvl is None and h.find(f"{W}ilvl") is not None:
                ilvl = num(h.find(f"{W}ilvl"), "val", SPAN)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        aid, _ = self.nums[num_id]
        level = self.levels.get((aid, ilvl or 0))
        if level is None:
            return None
        return Level(**{**level.__dict__, "num_id": num_id})

    def label(self, level: Level) -> str | None:
        """Count the paragraph at ``level`` and return its number as shown (None for bullets)."""
        aid, overrides = self.nums[level.num_id]
        counters = self.counters.setdefault(aid, {})
        if level.num_id not in self.started:
            self.started.add(level.num_id)
            for ilvl, start in overrides.items():
                counters[ilvl] = start - 1
        counters[level.ilvl] = counters.get(level.ilvl, self._start(aid, level.ilvl) - 1) + 1
        for deeper in [k for k in counters if k > level.ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return None

        def value(m):
            k = int(m.group(1)) - 1
            lv = self.levels.get((aid, k))
            n = counters.get(k, self._start(aid, k))
            return format_number(n, lv.fmt if lv else "decimal")

        return re.sub(r"%([1-9])", value, level.text)

    def _start(self, aid: str, ilvl: int) -> int:
        lv = self.levels.get((aid, ilvl))
        return lv.start if lv is not None else 1


def norm_text(s: str) -> str:
    """NFC, single spaces, unified tone placement for the few words where files differ."""
    s = unicodedata.normalize("NFC", s)
    s = " ".join(s.replace("\u00a0", " ").split())
    if any(a in s for a, _ in _TONES):
        for a, b in _TONES:
            # At the end of a syllable only: "Hoà" is "Hòa", "Hoàng" stays as it is.
            s = re.sub(f"{a}(?![^\\W\\d_])", b, s)
    return s


_TONES = (("HOÀ", "HÒA"), ("Hoà", "Hòa"), ("HOẢ", "HỎA"), ("uỷ", "ủy"), ("Uỷ", "Ủy"), ("UỶ", "ỦY"))
