"""Any administrative document of the reporting cycle -> .docx: a Báo cáo (or another typed
document) through ``templates/docx/bao-cao.docx``, a Công văn through ``cong-van.docx``.

The caller gives the header data (``VanBan``), the Kính gửi recipients, the body as
paragraphs (``vanban.text.than_van``) and the annex tables as rows of cell texts; the
layout comes from the template and the shared pieces of ``docx_common``:

- Kính gửi (Phụ lục I, II.9.a): one recipient on the line "Kính gửi: X."; several: "Kính gửi:"
  then one "- X;" line each, the last ending ".", the dashes aligned under the colon. The
  block is centred on the text width; a long recipient wraps under its own first letter.
- Công văn (Mẫu 1.5): no tên loại; "V/v …" under Số in the header, broken into balanced
  lines that fit the cell; its ký hiệu is the agency's and the drafting unit's abbreviations
  ("UBND-KT", the unit taken from the "Lưu" line).
- A document with Kính gửi starts its Nơi nhận with "- Như trên;".
"""

from __future__ import annotations

from pathlib import Path

from ..model.van_ban_di import VanBanDi
from ..oxml.footnotes import FootnoteCollector, next_free_id
from ..oxml.xml import Raw
from ..resources import template_file
from ..layout import bo_cuc, prepare
from .docx_common import (
    TEMPLATE_DIR, Geometry, finish, kinh_gui_paragraph, layout_context, open_template, render_template,
    require_tags, template_variables,
)
from .docx_styles import BODY

TEMPLATE_BAO_CAO = TEMPLATE_DIR / "bao-cao.docx"
TEMPLATE_CONG_VAN = TEMPLATE_DIR / "cong-van.docx"


def default_template(doc: VanBanDi, mau: Path | None = None) -> Path:
    """cong-van.docx for a công văn; bao-cao.docx for a typed document (its Kính gửi is optional):
    the user's copy in the templates folder ``mau`` when it has one, the built-in one otherwise."""
    return template_file("docx", "cong-van.docx" if doc.vb.loai == "CV" else "bao-cao.docx", mau)


def needed_tags(doc: VanBanDi) -> list[str]:
    """The template variables this document cannot do without."""
    tags = ["co_quan_ban_hanh", "so_ky_hieu", "dia_danh_ngay", "trich_yeu", "than_van", "noi_nhan", "quyen_han",
            "ho_ten", "phu_luc"]
    if doc.vb.loai != "CV":
        tags.insert(3, "ten_loai")
    if doc.kinh_gui:
        tags.insert(-5, "kinh_gui")
    return tags


# ---- Kính gửi ----------------------------------------------------------------------------------

def kinh_gui_paragraphs(recipients: list[str], text_width: int, size: float = 14,
                        style: str = "VBKinhGui") -> list[Raw]:
    """The Kính gửi block (``prepare.kinh_gui_layout``) as paragraphs of style ``style`` (the
    template's id of “Kính gửi (ND30)”)."""
    return [kinh_gui_paragraph(line, style) for line in prepare.kinh_gui_layout(recipients, text_width, size)]


# ---- rendering ---------------------------------------------------------------------------------

def build_context(doc: VanBanDi, geo: Geometry, notes: FootnoteCollector):
    """The template's values and the section properties that end the document: the document
    laid out once (``layout.bo_cuc.van_ban``), translated."""
    bc = bo_cuc.van_ban(doc, geo.layout)
    context, landscape = layout_context(bc, geo, notes)
    context["kinh_gui"] = [kinh_gui_paragraph(line, geo.ids["VBKinhGui"]) for line in bc.kinh_gui]
    return context, landscape


def render_van_ban_docx(doc: VanBanDi, target: Path, template: Path | None = None, mau: Path | None = None) -> None:
    """Write the document as .docx to ``target`` (the caller makes the write atomic); the
    template: ``template``, else ``default_template(doc, mau)``."""
    template = template or default_template(doc, mau)
    tpl = open_template(template)
    geo = Geometry(tpl, template)
    geo.ids.require(BODY + (("VBKinhGui",) if doc.kinh_gui else ()))
    notes = FootnoteCollector(next_free_id(tpl.docx), geo.ids)
    vb = doc.vb
    context, landscape = build_context(doc, geo, notes)
    used = template_variables(tpl)
    render_template(tpl, template, context)
    require_tags(used, template, needed_tags(doc))
    finish(tpl, vb, notes, landscape, target)
