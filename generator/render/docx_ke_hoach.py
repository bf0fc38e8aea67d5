"""Kế hoạch -> .docx through the docxtpl template ``templates/docx/ke-hoach.docx``.

The template owns the layout a user may restyle in Word (styles, header table, signature
table, page setup, page-number header). This module fills it: plain values for the text
lines, and ready-made paragraphs (``{{p ...}}``) for what must be computed: rules of exact
length, the body by level, annex tables and section breaks.
"""

from __future__ import annotations

from pathlib import Path

from ..model import KeHoach
from ..oxml.footnotes import FootnoteCollector
from ..layout import bo_cuc
from ..oxml.footnotes import next_free_id
from ..resources import template_file
from .docx_common import (
    TEMPLATE_DIR, Geometry, finish, layout_context, open_template, render_template, require_tags, template_variables,
)
from .docx_styles import BODY

TEMPLATE = TEMPLATE_DIR / "ke-hoach.docx"
TAGS = ("co_quan_ban_hanh", "so_ky_hieu", "dia_danh_ngay", "ten_loai", "trich_yeu", "than_van", "noi_nhan",
        "quyen_han", "ho_ten", "phu_luc")


def build_context(kh: KeHoach, geo: Geometry, notes: FootnoteCollector):
    """The template's values and the section properties that end the document: the plan laid
    out once (``layout.bo_cuc.ke_hoach``), translated."""
    return layout_context(bo_cuc.ke_hoach(kh, geo.layout), geo, notes)


def render_ke_hoach_docx(kh: KeHoach, target: Path, template: Path | None = None, mau: Path | None = None) -> None:
    """Write the plan as .docx to ``target`` (the caller makes the write atomic). The template:
    ``template``, else ``docx/ke-hoach.docx`` of the user's templates folder ``mau`` when it has
    one, else the built-in one."""
    template = template or template_file("docx", "ke-hoach.docx", mau)
    tpl = open_template(template)
    geo = Geometry(tpl, template)
    geo.ids.require(BODY)
    notes = FootnoteCollector(next_free_id(tpl.docx), geo.ids)
    context, landscape = build_context(kh, geo, notes)
    used = template_variables(tpl)
    render_template(tpl, template, context)
    require_tags(used, template, TAGS)
    finish(tpl, kh, notes, landscape, target)
