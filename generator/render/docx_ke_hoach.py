"""Kế hoạch -> .docx through the docxtpl template ``templates/docx/ke-hoach.docx``.

The template owns the layout a user may restyle in Word (styles, header table, signature
table, page setup, page-number header). This module fills it: plain values for the text
lines, and ready-made paragraphs (``{{p ...}}``) for what must be computed: rules of exact
length, the body by level, annex tables and section breaks.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..errors import TemplateError
from ..model import KeHoach, PhuLuc
from ..oxml import sections
from ..oxml.footnotes import FootnoteCollector
from ..oxml.rule import rule_paragraph
from ..oxml.table import Cell, Table, TableRow, distribute
from ..oxml.xml import NS_W, ParaProps, Raw, footnote_ref_run, paragraph, run
from ..text import metrics
from ..text.than_van import Para, Run, parse_inline
from . import prepare
from .layout import RULE_RATIO

W = f"{{{NS_W}}}"
TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "docx" / "ke-hoach.docx"

BODY_STYLE = {"phan": "VBPhanChuong", "chuong": "VBPhanChuong", "muc": "VBMuc"}
TITLE_STYLE = {"khoan": "VBKhoan", "tieu_khoan": "VBTieuKhoan", "diem": "VBDiem"}
CENTRED_COLUMNS = {"tt", "tien_do", "thoi_gian", "kinh_phi"}
END_MARK = "./."


def make_env() -> SandboxedEnvironment:
    """Templates are user data: sandboxed, autoescaped, and strict about unknown names."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def runs_xml(runs: list[Run], notes: FootnoteCollector, size: float | None = None) -> str:
    out = []
    for r in runs:
        if r.note is not None:
            out.append(footnote_ref_run(notes.add(runs_xml(r.note, notes))))
        else:
            out.append(run(r.text, bold=True if r.bold else None, italic=True if r.italic else None,
                           vert=r.vert, size=size))
    return "".join(out)


class _Geometry:
    """Measurements read from the template, so a user's changes to it are respected."""

    def __init__(self, tpl: DocxTemplate):
        doc = tpl.docx
        body = doc.element.body
        self.sect = sections.body_sectpr(doc.element)
        self.page = sections.geometry(self.sect)
        tbl = body.find(f"{W}tbl")
        grid = [int(g.get(f"{W}w")) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        mar = tbl.find(f"{W}tblPr/{W}tblCellMar")
        left = right = 108
        if mar is not None:
            lm, rm = mar.find(f"{W}left"), mar.find(f"{W}right")
            left = int(lm.get(f"{W}w")) if lm is not None else left
            right = int(rm.get(f"{W}w")) if rm is not None else right
        self.left_cell = grid[0] - left - right
        self.right_cell = grid[1] - left - right
        self.styles = doc.styles

    def size(self, style_id: str, default: float) -> float:
        el = self.styles.element.get_by_id(style_id)
        if el is None:
            return default
        style = self.styles[el.name_val]
        return style.font.size.pt if style.font.size else default

    def bold(self, style_id: str) -> bool:
        el = self.styles.element.get_by_id(style_id)
        return bool(el is not None and self.styles[el.name_val].font.bold)


def _body_paragraphs(paras: list[Para], notes: FootnoteCollector) -> list[Raw]:
    out = []
    for i, p in enumerate(paras):
        style = BODY_STYLE.get(p.level) or (TITLE_STYLE.get(p.level) if p.title else None) or "VBThanVan"
        runs = list(p.runs)
        last = i == len(paras) - 1
        if last:
            runs.append(Run(END_MARK))
        out.append(paragraph(runs_xml(runs, notes), ParaProps(style=style, keep_next=last)))
    return out


def _annex_table(pl: PhuLuc, width: int, notes: FootnoteCollector) -> Raw:
    cols = pl.cot
    grid = distribute(width, [c.weight for c in cols])
    size = None if pl.co_chu == 12 else pl.co_chu
    table = Table(grid)
    table.rows.append(TableRow([Cell(run(c.title, size=size), "VBBangDau") for c in cols], header=True))
    codes = [c.ma for c in cols]
    for row in prepare.annex_rows(pl):
        if row.kind == "group":
            title = runs_xml(parse_inline(row.title), notes, size)
            if codes[0] == "tt" and len(cols) > 1:
                cells = [Cell(run(row.label, size=size), "VBBangNhom"),
                         Cell(title, "VBBangNhom", span=len(cols) - 1)]
                cells[0].style = "VBBangDau"
            else:
                label = f"{row.label}. " if row.label else ""
                cells = [Cell(run(label, size=size) + title, "VBBangNhom", span=len(cols))]
            table.rows.append(TableRow(cells, keep_next=True))
            continue
        cells = []
        for c in cols:
            text = row.cell(c.ma)
            style = "VBBangGiua" if c.ma in CENTRED_COLUMNS else "VBBang"
            cells.append(Cell(runs_xml(parse_inline(text), notes, size), style, vmerge=row.merge.get(c.ma)))
        table.rows.append(TableRow(cells))
    return table.xml()


def build_context(kh: KeHoach, geo: _Geometry, notes: FootnoteCollector) -> dict:
    h = prepare.header(kh)
    hl = prepare.header_layout(
        kh, geo.left_cell, geo.page.text_width,
        agency_size=geo.size("VBCoQuanBanHanh", 13), agency_bold=geo.bold("VBCoQuanBanHanh"),
        parent_size=geo.size("VBCoQuanChuQuan", 13), motto_size=geo.size("VBTieuNgu", 14),
        trich_yeu_size=geo.size("VBTrichYeu", 14))

    landscape = sections.landscape_from(geo.sect)
    land_width = sections.geometry(landscape).text_width
    annexes = []
    kem = prepare.kem_theo(kh)
    kem_width = metrics.width_twips(kem, geo.size("VBKemTheo", 14), italic=True)
    for i, pl in enumerate(kh.phu_luc):
        previous = geo.sect if i == 0 else landscape
        annexes.append({
            "ngat_trang": Raw(sections.section_break_paragraph(previous)),
            "nhan": prepare.annex_label(i, len(kh.phu_luc)),
            "ten": pl.ten.upper(),
            "phu_de": pl.phu_de or "",
            "kem_theo": kem,
            "gach": rule_paragraph(round(min(kem_width, land_width) * RULE_RATIO), land_width),
            "bang": _annex_table(pl, land_width, notes),
        })

    return {
        "co_quan_chu_quan": hl.parent_lines,
        "co_quan_ban_hanh": hl.agency_lines,
        "gach_co_quan": rule_paragraph(hl.agency_rule, geo.left_cell),
        "gach_tieu_ngu": rule_paragraph(hl.motto_rule, geo.right_cell),
        "so_ky_hieu": h.so_line,
        "do_mat_khan": h.do_mat_khan or "",
        "dia_danh_ngay": h.dia_danh_ngay,
        "ten_loai": h.ten_loai,
        "trich_yeu": h.trich_yeu,
        "gach_trich_yeu": rule_paragraph(hl.trich_yeu_rule, geo.page.text_width),
        "than_van": _body_paragraphs(prepare.body(kh), notes),
        "noi_nhan": prepare.noi_nhan(kh),
        "quyen_han": prepare.signer(kh),
        "ho_ten": kh.nguoi_ky.ho_ten,
        "phu_luc": annexes,
    }, landscape


def render_ke_hoach_docx(kh: KeHoach, target: Path, template: Path = TEMPLATE) -> None:
    """Write the plan as .docx to ``target`` (the caller makes the write atomic)."""
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as e:  # a missing or damaged template
        raise TemplateError(f"{template}: không mở được mẫu .docx ({e})") from None
    notes = FootnoteCollector()
    geo = _Geometry(tpl)
    context, landscape = build_context(kh, geo, notes)
    try:
        tpl.render(context, jinja_env=make_env(), autoescape=True)
    except jinja2.exceptions.SecurityError as e:
        raise TemplateError(f"{template}: mẫu dùng thao tác không được phép ({e})") from None
    except jinja2.exceptions.UndefinedError as e:
        raise TemplateError(f"{template}: mẫu dùng biến không có trong dữ liệu ({e})") from None
    except jinja2.exceptions.TemplateSyntaxError as e:
        raise TemplateError(f"{template}: lỗi cú pháp trong mẫu, dòng {e.lineno}: {e.message}") from None
    doc = tpl.docx
    if kh.phu_luc:
        body_sect = sections.body_sectpr(doc.element)
        body_sect.getparent().replace(body_sect, landscape)
    notes.write_into(doc)
    cp = doc.core_properties
    cp.title = f"{kh.ten_loai} {prepare.header(kh).so_ky_hieu.strip()}"
    cp.author = kh.co_quan_ban_hanh.ten
    cp.subject = kh.trich_yeu if len(kh.trich_yeu) <= 255 else kh.trich_yeu[:254] + "…"
    cp.language = "vi-VN"
    tpl.save(str(target))
