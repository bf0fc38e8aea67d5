"""Kế hoạch -> .docx through the docxtpl template ``templates/docx/ke-hoach.docx``.

The template owns the layout a user may restyle in Word (styles, header table, signature
table, page setup, page-number header). This module fills it: plain values for the text
lines, and ready-made paragraphs (``{{p ...}}``) for what must be computed: rules of exact
length, the body by level, annex tables and section breaks.
"""

from __future__ import annotations

from pathlib import Path

from ..model import KeHoach, PhuLuc
from ..oxml.footnotes import FootnoteCollector
from ..oxml.xml import Raw
from . import prepare
from .docx_common import (
    TEMPLATE_DIR, AnnexPart, Column, Geometry, annex_context, annex_table, body_paragraphs, finish,
    header_context, open_template, render_template,
)

TEMPLATE = TEMPLATE_DIR / "ke-hoach.docx"
CENTRED_COLUMNS = {"tt", "tien_do", "thoi_gian", "kinh_phi"}


def _annex_table(pl: PhuLuc, width: int, notes: FootnoteCollector) -> Raw:
    columns = [Column(c.title, c.weight, c.ma in CENTRED_COLUMNS) for c in pl.cot]
    codes = [c.ma for c in pl.cot]
    rows: list = []
    merges: list[dict[int, str]] = []
    for row in prepare.annex_rows(pl):
        if row.kind == "group":
            rows.append((row.label, row.title))
            merges.append({})
        else:
            rows.append([row.cell(ma) for ma in codes])
            merges.append({codes.index(ma): how for ma, how in row.merge.items()})
    return annex_table(columns, rows, width, notes, size=pl.co_chu,
                       label_column=codes[0] == "tt", merges=merges)


def build_context(kh: KeHoach, geo: Geometry, notes: FootnoteCollector):
    kem = prepare.kem_theo(kh)
    parts = [AnnexPart(prepare.annex_label(i, len(kh.phu_luc)), pl.ten, pl.phu_de or "", kem,
                       lambda width, pl=pl: _annex_table(pl, width, notes))
             for i, pl in enumerate(kh.phu_luc)]
    annexes, landscape = annex_context(parts, geo)
    context = header_context(kh, geo)
    context["than_van"] = body_paragraphs(prepare.body(kh), notes)
    context["phu_luc"] = annexes
    return context, landscape


def render_ke_hoach_docx(kh: KeHoach, target: Path, template: Path = TEMPLATE) -> None:
    """Write the plan as .docx to ``target`` (the caller makes the write atomic)."""
    tpl = open_template(template)
    notes = FootnoteCollector()
    context, landscape = build_context(kh, Geometry(tpl), notes)
    render_template(tpl, template, context)
    finish(tpl, kh, notes, landscape, target)
