"""A .docx read for checking: paragraphs in document order with their effective properties.

Properties are resolved the way Word does: document defaults, then the paragraph style chain
(basedOn), then the character style chain, then direct formatting.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import safety

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
    half_points = _int(rpr.find(f"{W}sz"), "val")  # a damaged value reads as "not set"
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


def _int(el, attr):
    if el is None:
        return None
    v = el.get(f"{W}{attr}")
    try:
        return int(float(v)) if v is not None else None
    except ValueError:
        return None


def read_ppr(ppr) -> PPr:
    p = PPr()
    if ppr is None:
        return p
    jc = ppr.find(f"{W}jc")
    if jc is not None:
        p.jc = {"start": "left", "end": "right", "distribute": "both"}.get(jc.get(f"{W}val"), jc.get(f"{W}val"))
    ind = ppr.find(f"{W}ind")
    if ind is not None:
        p.first_line = _int(ind, "firstLine")
        p.hanging = _int(ind, "hanging")
        p.left = _int(ind, "left") if _int(ind, "left") is not None else _int(ind, "start")
        p.right = _int(ind, "right") if _int(ind, "right") is not None else _int(ind, "end")
    sp = ppr.find(f"{W}spacing")
    if sp is not None:
        p.before = _int(sp, "before")
        p.after = _int(sp, "after")
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
    kind: str = "text"  # text | drawing_line


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
    """Paragraphs (body, table cells, text boxes) in document order, sections and headers."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = _open_docx(self.path)
        names = set(self.zip.namelist())
        self.document = self._xml("word/document.xml")
        self.styles = self._xml("word/styles.xml") if "word/styles.xml" in names else None
        self.rels = self._rels("word/_rels/document.xml.rels")
        self._style_cache: dict = {}
        self._load_styles()
        self.paragraphs: list[Para] = []
        self.sections: list[Section] = []
        self.tables: list = []
        self._walk()

    # ---- parts -------------------------------------------------------------------------------
    def _xml(self, name: str):
        try:
            data = safety.read_member(self.zip, name, _LIMITS)
        except safety.PackageError as e:
            raise DocxReadError(f"{self.path}: {e}") from None
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            line = f" dòng {e.lineno}" if getattr(e, "lineno", None) else ""
            raise DocxReadError(f"{self.path}: phần {name} bị hỏng (XML sai cú pháp ở{line or ' đầu phần'}); mở tệp "
                                "bằng Word rồi lưu lại") from None
        if root is None:
            raise DocxReadError(f"{self.path}: phần {name} rỗng; mở tệp bằng Word rồi lưu lại")
        return root

    def _rels(self, name: str) -> dict:
        if name not in self.zip.namelist():
            return {}
        root = self._xml(name)
        return {r.get("Id"): r.get("Target") for r in root.iter(f"{{{REL_NS}}}Relationship")}

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
    def _para(self, p, place: str, section: int, table=None, row=None, cell=None, textbox=False) -> Para:
        ppr_el = p.find(f"{W}pPr")
        ps = ppr_el.find(f"{W}pStyle") if ppr_el is not None else None
        sid = ps.get(f"{W}val") if ps is not None else self.default_para_style
        s_ppr, s_rpr = self.style_props(sid)
        ppr = self.default_p.merged(s_ppr).merged(read_ppr(ppr_el))
        base_r = self.default_r.merged(s_rpr)
        runs: list[Run] = []
        has_line = False
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
            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    text.append(child.text or "")
                elif tag == "tab":
                    text.append("\t")
                elif tag in ("br", "cr"):
                    text.append("\n")
                elif tag in ("drawing", "pict"):
                    if _is_line(child):
                        has_line = True
            runs.append(Run("".join(text), props))
        return Para(len(self.paragraphs), place, p, sid or "", ppr, runs, section, table, row, cell,
                    textbox, has_line)

    def _walk(self) -> None:
        body = self.document.find(f"{W}body")
        if body is None:
            raise DocxReadError(f"{self.path}: tệp không có phần thân văn bản")
        section = 0
        pending_first = 0
        counter = {"p": 0}

        def add(p, place, **kw):
            para = self._para(p, place, section, **kw)
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
        width = _int(sz, "w") or 11906
        height = _int(sz, "h") or 16838
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
            _int(mar, "top") or 0, _int(mar, "bottom") or 0, _int(mar, "left") or 0, _int(mar, "right") or 0,
            _int(pg, "start"), pg.get(f"{W}fmt") if pg is not None else None,
            _on(sp.find(f"{W}titlePg")) or False, headers, footers, first_para))

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


def _is_line(el) -> bool:
    xml = etree.tostring(el, encoding="unicode")
    return bool(re.search(r'prst="(line|straightConnector1)"|<v:line\b', xml))


def norm_text(s: str) -> str:
    """NFC, single spaces, unified tone placement for the few words where files differ."""
    s = unicodedata.normalize("NFC", s)
    s = " ".join(s.replace("\u00a0", " ").split())
    for a, b in (("HOÀ", "HÒA"), ("Hoà", "Hòa"), ("HOẢ", "HỎA"), ("uỷ", "ủy"), ("Uỷ", "Ủy"), ("UỶ", "ỦY")):
        s = s.replace(a, b)
    return s
