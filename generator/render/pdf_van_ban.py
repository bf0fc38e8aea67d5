"""A document of the reporting cycle (Báo cáo, Công văn, any ``VanBanDi``) -> PDF with
WeasyPrint, the twin of ``docx_van_ban``.

The values are those of the .docx: header lines and rule lengths from ``prepare``, the
"V/v …" lines of a công văn and the Kính gửi indents measured the same way, "- Như trên;"
opening the Nơi nhận of a document with Kính gửi, the body closed by "./." as Word shows it,
and each annex on landscape pages (as ``docx_common.annex_context`` puts every annex) with its
own page numbering. Templates: ``templates/html/van-ban.html`` and ``van-ban-phu-luc.html``
over the shared ``nd30.css``; the Jinja environment and the PDF assembly are those of
``pdf_ke_hoach``.
"""

from __future__ import annotations

from pathlib import Path


from ..layout.geometry import FALLBACK, PORTRAIT, Geometry
from ..model.van_ban import VanBan
from ..layout import bo_cuc, prepare
from ..model.van_ban_di import BangPhuLuc, VanBanDi
from .docx_van_ban import default_template
from .geometry import from_template
from .pdf_ke_hoach import (
    TEMPLATES, _pt, annex_html, layout_context, render_pages, write_pdf,
)


def kinh_gui_lines(recipients: list[str], text_width: int = PORTRAIT.text_width,
                   size: float = FALLBACK["VBKinhGui"].size) -> list[dict]:
    """The Kính gửi block of the .docx (``prepare.kinh_gui_layout``): each line's text, its left
    and hanging indents in points."""
    return _kinh_gui(prepare.kinh_gui_layout(recipients, text_width, size))


def _kinh_gui(lines: list[prepare.KinhGuiLine]) -> list[dict]:
    return [{"chu": line.text, "trai": _pt(line.left), "treo": _pt(line.hanging)} for line in lines]


def context(doc: VanBanDi, geo: Geometry | None = None, bc: bo_cuc.VanBanBoCuc | None = None) -> dict:
    """The page templates' values: the document laid out once (``layout.bo_cuc.van_ban``), translated."""
    vb = doc.vb
    bc = bc or bo_cuc.van_ban(doc, geo or Geometry())
    base = layout_context(vb, bc)
    cong_van = vb.loai == "CV"
    return {
        **base,
        "mo_ta": vb.trich_yeu,
        "cong_van": cong_van,
        "vv": bc.vv,  # a công văn: no tên loại; "V/v …" under Số in balanced lines that fit the cell
        "ten_loai": "" if cong_van else base["ten_loai"],
        "trich_yeu": "" if cong_van else base["trich_yeu"],
        "kinh_gui": _kinh_gui(bc.kinh_gui),
    }


def annex(vb: VanBan, pl: BangPhuLuc, index: int, count: int, geo: Geometry | None = None) -> dict:
    """One annex's heading lines and table, laid out once (``layout.bo_cuc``) as the .docx has it,
    measured by ``geo`` (None: the built-in template's geometry)."""
    geo = geo or Geometry()
    return annex_html(bo_cuc.bang_van_ban(vb, pl, index, count, geo), geo)


def render_html(doc: VanBanDi, template_dir: Path = TEMPLATES, mau: Path | None = None,
                geo: Geometry | None = None, ve_bang: bool = True) -> list:
    """The page sets of the PDF (``pdf_ke_hoach.render_pages``: the HTML of the main document,
    then each annex on landscape pages of its own, drawn or typeset); measured by ``geo``, or by the Word template the document's .docx is made from
    (``docx_van_ban.default_template``: bao-cao.docx or cong-van.docx, the user's copy in ``mau`` first)."""
    geo = geo or from_template(default_template(doc, mau))
    bc = bo_cuc.van_ban(doc, geo)  # the document laid out once; the pages only translate it
    return render_pages(template_dir, "van-ban.html", context(doc, geo, bc), "van-ban-phu-luc.html",
                        bc.phu_luc, mau, geo, ve_bang, bc.chu_thich_dau)


def render_van_ban_pdf(doc: VanBanDi, target: Path, pdfa: bool = False, template_dir: Path = TEMPLATES,
                       mau: Path | None = None) -> None:
    """Write the document as PDF to ``target``; ``pdfa`` gives an archival PDF/A-3u file; ``mau``:
    the user's templates folder."""
    vb = doc.vb
    write_pdf(render_html(doc, template_dir, mau), target, template_dir,
              title=f"{vb.ten_loai} {prepare.header(vb).so_ky_hieu.strip()}",
              author=vb.co_quan_ban_hanh.ten, description=vb.trich_yeu, pdfa=pdfa)
