"""What every docxtpl-rendered document shares: the sandboxed template environment
(``sandbox``), the geometry read from a template, the header and signature values, body paragraphs by level,
bordered annex tables, annex sections and the final touches (footnotes, page setup,
document properties).

``docx_ke_hoach`` (Kế hoạch) and ``docx_van_ban`` (Báo cáo, Công văn and other typed
documents) are thin layers over these pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import re

from docxtpl import DocxTemplate
from lxml import etree

from .. import safety
from ..errors import TemplateError
from .docx_styles import StyleIds
from ..model.van_ban import VanBan
from ..oxml import sections
from ..oxml.footnotes import FootnoteCollector
from ..oxml.rule import rule_paragraph
from ..layout.bo_cuc import BangBoCuc, DauBoCuc, VanBanBoCuc
from ..layout.prepare import KinhGuiLine
from ..oxml.table import Cell, Table, TableRow, distribute, page_break_paragraph
from ..oxml.xml import NS_W, ParaProps, Raw, paragraph, run
from ..text.than_van import Para, Run, parse_inline
from ..layout import prepare
from . import geometry, sandbox
from ..resources import templates_dir

W = f"{{{NS_W}}}"
TEMPLATE_DIR = templates_dir("docx")

BODY_STYLE = {"phan": "VBPhanChuong", "chuong": "VBPhanChuong", "muc": "VBMuc"}
TITLE_STYLE = {"khoan": "VBKhoan", "tieu_khoan": "VBTieuKhoan", "diem": "VBDiem"}


def make_env() -> sandbox.Sandbox:
    """Templates are user data: the one sandbox (``sandbox``), a new budget for each document."""
    return sandbox.make_env()


def runs_xml(runs: list[Run], notes: FootnoteCollector, size: float | None = None) -> str:
    out = []
    for r in runs:
        if r.note is not None:
            out.append(notes.reference(runs_xml(r.note, notes)))
        else:
            out.append(run(r.text, bold=True if r.bold else None, italic=True if r.italic else None,
                           vert=r.vert, size=size))
    return "".join(out)


def _styles(styles) -> Callable[[str], str]:
    """Style key -> id in the template (``styles``: a ``StyleIds``); without one the key is the id."""
    return (lambda key: key) if styles is None else styles.__getitem__


class Geometry:
    """What the .docx writer measures by: the template's geometry (``layout``, read by
    ``geometry.read``), its body section (``sect``; ``annex_sect``: the template's own annex
    section, when it has one) and the ids its styles have (``ids``, found by name)."""

    def __init__(self, tpl: DocxTemplate, template: Path | str = "mẫu .docx"):
        doc = tpl.docx
        self.ids = StyleIds(doc, template)
        # a template of two sections: the second is the annex pages; the document keeps the first
        self.annex_sect = sections.split_annex_section(doc.element)
        self.sect = sections.body_sectpr(doc.element)
        self.layout = geometry.read(doc, self.ids, template, self.annex_sect)
        try:
            self.page = sections.geometry(self.sect)
        except (AttributeError, TypeError, ValueError):
            raise geometry.page_error(template) from None
        self.left_cell = self.layout.header.cell(0)
        self.right_cell = self.layout.header.cell(1)

    def size(self, key: str, default: float | None = None) -> float:
        """The size (pt) of the style ``key``, inherited through the styles it is based on."""
        return self.layout.size(key)

    def bold(self, key: str) -> bool:
        return self.layout.bold(key)


def body_paragraphs(paras: list[Para], notes: FootnoteCollector, styles: StyleIds | None = None) -> list[Raw]:
    """Each body paragraph in the style of its level (the layout has closed the last with "./.";
    it is kept with the signature block)."""
    sid = _styles(styles)
    out = []
    for i, p in enumerate(paras):
        style = sid(BODY_STYLE.get(p.level) or (TITLE_STYLE.get(p.level) if p.title else None) or "VBThanVan")
        out.append(paragraph(runs_xml(list(p.runs), notes), ParaProps(style=style, keep_next=i == len(paras) - 1)))
    return out


def header_context(d: DauBoCuc, geo: Geometry) -> dict:
    """Header, title and signature values of the templates (every template uses the same names),
    from the laid-out header and signature block."""
    h, hl = d.truong, d.dong
    return {
        "co_quan_chu_quan": hl.parent_lines,
        "co_quan_ban_hanh": hl.agency_lines,
        "gach_co_quan": rule_paragraph(hl.agency_rule, geo.left_cell, geo.ids["VBGach"]),
        "gach_tieu_ngu": rule_paragraph(hl.motto_rule, geo.right_cell, geo.ids["VBGach"]),
        "so_ky_hieu": h.so_line,
        "do_mat_khan": h.do_mat_khan or "",
        "dia_danh_ngay": h.dia_danh_ngay,
        "ten_loai": h.ten_loai,
        "trich_yeu": h.trich_yeu,
        "gach_trich_yeu": rule_paragraph(hl.trich_yeu_rule, geo.page.text_width, geo.ids["VBGach"]),
        "noi_nhan": d.noi_nhan,
        "quyen_han": d.quyen_han,
        "ho_ten": d.ho_ten,
    }


# ---- annex tables ------------------------------------------------------------------------------

def annex_table(bang: BangBoCuc, width: int, notes: FootnoteCollector, styles: StyleIds | None = None) -> Raw:
    """The annex table ``bang`` (laid out once: ``layout.bo_cuc``) as WordprocessingML over
    ``width`` twips: a bold header row repeated on every page, group rows kept with the next
    row, task rows kept whole on a page unless the layout lets them break, vertical merges as
    the layout cut them; where the layout begins a page, the table is cut into tables separated
    by a page break, each with its column head. ``styles``: the template's style ids."""
    sid = _styles(styles)
    head, group, cell, centred = sid("VBBangDau"), sid("VBBangNhom"), sid("VBBang"), sid("VBBangGiua")
    grid = distribute(width, [c.rong for c in bang.cot])
    run_size = bang.co_chu
    head_row = TableRow([Cell(run(c.tieu_de, size=run_size), head) for c in bang.cot], header=True)
    table = Table(grid, [head_row], style=sid("VBBangLuoi"))
    pieces = [table]
    for row in bang.dong:
        if row.trang_moi:
            table = Table(grid, [head_row], style=sid("VBBangLuoi"))
            pieces.append(table)
        if row.nhom:
            cells = []
            for o in row.o:
                text = run(o.text, size=run_size) if o.nhan else (
                    (run(o.dau, size=run_size) if o.dau else "") + runs_xml(parse_inline(o.text), notes, run_size))
                cells.append(Cell(text, head if o.nhan else group, span=o.span))
            table.rows.append(TableRow(cells, keep_next=True))
            continue
        cells = [Cell(runs_xml(parse_inline(o.text), notes, run_size), centred if o.giua else cell, vmerge=o.gop)
                 for o in row.o]
        table.rows.append(TableRow(cells, cant_split=not row.tach))
    return Raw(page_break_paragraph().join(t.xml() for t in pieces))


def annex_context(bangs: list[BangBoCuc], geo: Geometry, notes: FootnoteCollector):
    """The template's ``phu_luc`` items, each starting a landscape section numbered from 1,
    and the landscape section properties that end the document (``None`` without annexes)."""
    landscape = sections.landscape_from(geo.sect, annex=geo.annex_sect)
    land_width = sections.geometry(landscape).text_width
    out = []
    for i, a in enumerate(bangs):
        previous = geo.sect if i == 0 else landscape
        out.append({
            "ngat_trang": Raw(sections.section_break_paragraph(previous)),
            "nhan": a.nhan,
            "ten": a.ten,
            "phu_de": a.phu_de,
            "kem_theo": a.kem_theo,
            "gach": rule_paragraph(a.gach, land_width, geo.ids["VBGach"]),
            "bang": annex_table(a, land_width, notes, geo.ids),
        })
    return out, (landscape if bangs else None)


def layout_context(bc: VanBanBoCuc, geo: Geometry, notes: FootnoteCollector):
    """The template's values for a laid-out document (``layout.bo_cuc.VanBanBoCuc``), and the
    section properties that end it: only a translation of the layout."""
    context = header_context(bc.dau, geo)
    if bc.vv:  # a công văn: "V/v …" under Số, in the lines the layout broke it into
        context["trich_yeu"] = "\n".join(bc.vv)
    context["phu_luc"], landscape = annex_context(bc.phu_luc, geo, notes)
    context["than_van"] = body_paragraphs(bc.than_van, notes, geo.ids)
    context["truong_them"] = bc.truong_them
    return context, landscape


def kinh_gui_paragraph(line: KinhGuiLine, style: str = "VBKinhGui") -> Raw:
    """One line of the Kính gửi block, in style ``style`` (the template's id of “Kính gửi (ND30)”)."""
    return paragraph(run(line.text), ParaProps(style=style, ind_left=line.left, hanging=line.hanging))


# ---- rendering ---------------------------------------------------------------------------------

def open_template(template: Path) -> DocxTemplate:
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as e:  # a missing or damaged template
        if not Path(template).is_file():
            raise TemplateError(f"{template}: không tìm thấy tệp mẫu .docx") from None
        raise TemplateError(f"{template}: không mở được mẫu .docx (tệp hỏng hoặc không phải .docx; mở bằng Word rồi "
                            f"lưu lại dạng “Word Document (.docx)”; chi tiết: {e})") from None
    return tpl


# The template variables a document cannot do without, as a template maker writes them.
TAGS = {
    "co_quan_ban_hanh": "{%p for l in co_quan_ban_hanh %}…{{ l }}…{%p endfor %} (tên cơ quan ban hành)",
    "so_ky_hieu": "{{ so_ky_hieu }} (số, ký hiệu)",
    "dia_danh_ngay": "{{ dia_danh_ngay }} (địa danh, ngày tháng)",
    "ten_loai": "{{ ten_loai }} (tên loại văn bản)",
    "trich_yeu": "{{ trich_yeu }} (trích yếu)",
    "kinh_gui": "{%p for kg in kinh_gui %}…{{p kg }}…{%p endfor %} (Kính gửi)",
    "than_van": "{%p for d in than_van %}…{{p d }}…{%p endfor %} (thân văn bản)",
    "noi_nhan": "{%p for l in noi_nhan %}…{{ l }}…{%p endfor %} (nơi nhận)",
    "quyen_han": "{%p for l in quyen_han %}…{{ l }}…{%p endfor %} (quyền hạn, chức vụ người ký)",
    "ho_ten": "{{ ho_ten }} (họ tên người ký)",
    "phu_luc": "{%p for pl in phu_luc %}…{%p endfor %} (các phụ lục)",
}


def template_variables(tpl: DocxTemplate) -> set[str] | None:
    """The names the template's tags use, or None when its tags cannot be read (the rendering
    then says where the mistake is). Parsed by the sandbox: finding the names folds constant
    expressions, and a plain Environment would compute ``{{ [1] * 10**9 }}`` there, outside
    every limit."""
    from jinja2 import TemplateError as JinjaTemplateError, meta

    try:
        return set(meta.find_undeclared_variables(sandbox.Sandbox().parse(tpl.patch_xml(tpl.get_xml()))))
    except (JinjaTemplateError, ValueError, OverflowError, RecursionError, MemoryError):
        return None  # a tag Jinja cannot parse (or a hostile literal): render_template says where it is


def require_tags(used: set[str] | None, template: Path, names) -> None:
    """Every variable of ``names`` appears in a tag of the template (``used``), or a TemplateError
    lists the tags that are missing: without them the document would silently lack that part."""
    if used is None:
        return
    absent = [n for n in names if n not in used]
    if absent:
        raise TemplateError(f"{template}: mẫu .docx thiếu thẻ " + "; ".join(f"“{TAGS[n]}”" for n in absent)
                            + ". Thêm lại thẻ đúng như mẫu có sẵn (vanban mau xuat)")


def _paragraph_at(tpl: DocxTemplate, lineno: int | None) -> str:
    """The text of the template paragraph on ``lineno`` of the source Jinja saw (docxtpl puts
    every body paragraph on its own line), for the message: “… {{ 1/0 }} …”."""
    if not lineno:
        return ""
    try:
        src = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
        line = src.splitlines()[lineno - 1]
    except Exception:  # the place is a courtesy; never hide the error behind another
        return ""
    text = " ".join(re.sub(r"<[^>]+>", "", line).split())
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    if not text:
        return ""
    return f", đoạn “{text if len(text) <= 120 else text[:117] + '…'}”"


def _clean(value):
    """The context's plain text under the one rule of ``vanban.safety`` (Jinja escapes & < >
    but would let a control character through into the XML); ready-made XML (``Raw``) is kept."""
    if isinstance(value, str):
        return value if hasattr(value, "__html__") else safety.xml_text(value)
    if isinstance(value, dict):  # a dict of its own type (prepare.TruongThem) keeps it
        out = {k: _clean(v) for k, v in value.items()}
        return out if type(value) is dict else type(value)(out)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value) if not hasattr(value, "_fields") else value
    return value


def render_template(tpl: DocxTemplate, template: Path, context: dict) -> None:
    """Fill the template; the template's own mistakes become TemplateError in Vietnamese, each
    naming the template file and the paragraph that holds the faulty tag."""
    def fail(message: str, line: int | None) -> TemplateError:
        return TemplateError(f"{template}{_paragraph_at(tpl, line)}: {message}")

    recovering_fix = tpl.fix_tables

    def strict_fix_tables(xml):
        # docxtpl re-reads the filled body with a *recovering* parser, which silently drops
        # everything after an XML mistake; a broken result must be an error instead.
        etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml, safety.safe_parser())
        return recovering_fix(xml)

    tpl.fix_tables = strict_fix_tables
    try:
        tpl.render(_clean(context), jinja_env=make_env(), autoescape=True)
    except etree.LxmlError:
        raise fail("mẫu sau khi điền tạo ra văn bản hỏng (XML sai cú pháp); trong thẻ của mẫu không dùng “|safe” "
                   "hay chèn thẻ XML", None) from None
    except Exception as e:  # the template's own mistakes and limits; anything else is ours
        message = sandbox.describe(e)
        if message is None:
            raise
        raise fail(message, sandbox.error_place(e)[1]) from None


def finish(tpl: DocxTemplate, vb: VanBan, notes: FootnoteCollector, last_section, target: Path) -> None:
    """Last section's page setup, footnotes, document properties; then save to ``target``."""
    doc = tpl.docx
    if last_section is not None:
        body_sect = sections.body_sectpr(doc.element)
        body_sect.getparent().replace(body_sect, last_section)
    notes.write_into(doc)
    cp = doc.core_properties
    # document properties hold text too: the same rule for characters XML 1.0 cannot hold
    cp.title = safety.xml_text(f"{vb.ten_loai} {prepare.header(vb).so_ky_hieu.strip()}")
    cp.author = safety.xml_text(vb.co_quan_ban_hanh.ten)
    subject = safety.xml_text(vb.trich_yeu)
    cp.subject = subject if len(subject) <= 255 else subject[:254] + "…"
    cp.language = "vi-VN"
    tpl.save(str(target))
