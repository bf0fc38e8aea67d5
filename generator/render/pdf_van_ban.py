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

from markupsafe import escape

from ..layout.geometry import FALLBACK, PORTRAIT, Geometry
from ..model.van_ban import VanBan
from ..text import metrics
from ..text.than_van import parse_inline
from ..layout import prepare
from ..layout import phan_trang
from ..layout.bang import cot_nhan, is_group, rowspans, vertical_merges
from ..model.phu_luc import CO_CHU_BANG
from ..model.van_ban_di import BangPhuLuc, VanBanDi
from .docx_van_ban import NHU_TREN, default_template, trich_yeu_cong_van
from .geometry import from_template
from ..layout.geometry import RULE_RATIO
from .pdf_ke_hoach import (
    TEMPLATES, _pt, body_html, header_context, long_table_pages, lop_dong, render_pages, rowspans, runs_html,
    text_html, write_pdf,
)


def kinh_gui_lines(recipients: list[str], text_width: int = PORTRAIT.text_width,
                   size: float = FALLBACK["VBKinhGui"].size) -> list[dict]:
    """The Kính gửi block of the .docx (``prepare.kinh_gui_layout``): each line's text, its left
    and hanging indents in points."""
    return [{"chu": line.text, "trai": _pt(line.left), "treo": _pt(line.hanging)}
            for line in prepare.kinh_gui_layout(recipients, text_width, size)]


def context(doc: VanBanDi, geo: Geometry | None = None) -> dict:
    geo = geo or Geometry()
    vb = doc.vb
    noi_nhan = prepare.noi_nhan(vb)
    if doc.kinh_gui and noi_nhan[:1] != [NHU_TREN]:
        noi_nhan = [NHU_TREN] + noi_nhan
    cong_van = vb.loai == "CV"
    base = header_context(vb, geo)
    left_cell = geo.header.cell(0)
    return {
        **base,
        "mo_ta": vb.trich_yeu,
        "cong_van": cong_van,
        # A công văn: no tên loại; "V/v …" under Số in balanced lines that fit the cell.
        "vv": (trich_yeu_cong_van(vb.trich_yeu, left_cell, geo.size("VBTrichYeuCV")).split("\n") if cong_van else []),
        "ten_loai": "" if cong_van else base["ten_loai"],
        "trich_yeu": "" if cong_van else base["trich_yeu"],
        "kinh_gui": kinh_gui_lines(doc.kinh_gui, geo.page.text_width, geo.size("VBKinhGui")),
        "than_van": body_html(doc.than_van),
        "noi_nhan": noi_nhan,
        "truong_them": prepare.truong_them(doc.truong_them),
    }


def annex(vb: VanBan, pl: BangPhuLuc, index: int, count: int, geo: Geometry | None = None) -> dict:
    """One annex's heading lines and table, as ``docx_van_ban.build_context`` builds them, measured
    by ``geo`` (None: the built-in template's geometry)."""
    geo = geo or Geometry()
    total = sum(w for _, w, _ in pl.cot) or 1
    cols = [{"tieu_de": t, "rong": f"{100 * w / total:.3f}"} for t, w, _ in pl.cot]
    centred = [c for _, _, c in pl.cot]
    n = len(pl.cot)
    label_column = cot_nhan(n, centred[0])  # a centred first column is the TT
    merges = vertical_merges(pl.dong, pl.gop_cot) if pl.gop_cot else [{} for _ in pl.dong]
    size = None if pl.co_chu == CO_CHU_BANG else pl.co_chu  # None: the table style's
    weights, titles = [w for _, w, _ in pl.cot], [t for t, _, _ in pl.cot]
    tach = phan_trang.tach_duoc(geo, weights, pl.dong, size) if pl.tach_dong else [False] * len(pl.dong)
    nhan = pl.nhan or prepare.annex_label(index, count)
    kem = pl.kem_theo or prepare.kem_theo(vb)
    # Where the pages begin, as the .docx has them: a merge is cut there and its value repeated.
    heading = phan_trang.dau_phu_luc_cao(geo, nhan, pl.ten.upper(), pl.phu_de or "", kem)
    pages = phan_trang.trang_moi(geo, heading, weights, titles, pl.dong, merges, size=size,
                                 label_column=label_column, may_split=tach)
    trang = long_table_pages(pages, len(pl.dong), lambda: phan_trang.trang_bat_dau(
        geo, heading, weights, titles, pl.dong, merges, size=size, label_column=label_column, may_split=tach))
    merges = phan_trang.cat_gop(pl.dong, merges, pages) if pages else merges
    spans = rowspans(merges, range(n))
    starts = set(pages) | set(trang)
    dong = []
    for i, row in enumerate(pl.dong):
        if is_group(row):
            label, title_text = row
            title = runs_html(parse_inline(title_text))
            if label_column:
                cells = [{"html": escape(label), "giua": True, "span": 1, "rowspan": 1},
                         {"html": title, "giua": False, "span": n - 1, "rowspan": 1}]
            else:
                lead = f"{label}. " if label else ""
                cells = [{"html": escape(lead) + title, "giua": False, "span": n, "rowspan": 1}]
            dong.append({"nhom": True, "o": cells, "trang_moi": i in starts, "trang": trang.get(i),
                         "lop": lop_dong(True, False, i in starts)})
            continue
        cells = []
        for k in range(n):
            if merges[i].get(k) == "continue":
                continue
            text = row[k] if k < len(row) else ""
            cells.append({"html": runs_html(parse_inline(text or "")), "giua": centred[k], "span": 1,
                          "rowspan": spans.get((i, k), 1)})
        dong.append({"nhom": False, "o": cells, "tach": tach[i], "trang_moi": i in starts, "trang": trang.get(i),
                     "lop": lop_dong(False, tach[i], i in starts)})
    kem_width = metrics.width_twips(kem, geo.size("VBKemTheo"), italic=True)
    return {
        "nhan": nhan,
        "ten": pl.ten.upper(),
        "phu_de": pl.phu_de or "",
        "kem_theo": text_html(kem),
        "gach": _pt(round(min(kem_width, geo.annex_page.text_width) * RULE_RATIO)),
        # the default size is the table style's, as in the .docx (a size set on the annex wins)
        "co_chu": f"{geo.size('VBBang') if pl.co_chu == CO_CHU_BANG else pl.co_chu:g}",
        "tach_dong": pl.tach_dong,
        "cot": cols,
        "dong": dong,
        "tiep": False,
        "trang_dau": 1,
    }


def render_html(doc: VanBanDi, template_dir: Path = TEMPLATES, mau: Path | None = None,
                geo: Geometry | None = None) -> list[str]:
    """The HTML of the main document, then of each annex (each laid out on its own, landscape);
    measured by ``geo``, or by the Word template the document's .docx is made from
    (``docx_van_ban.default_template``: bao-cao.docx or cong-van.docx, the user's copy in ``mau`` first)."""
    geo = geo or from_template(default_template(doc, mau))
    return render_pages(template_dir, "van-ban.html", context(doc, geo), "van-ban-phu-luc.html",
                        [annex(doc.vb, pl, i, len(doc.phu_luc), geo) for i, pl in enumerate(doc.phu_luc)], mau, geo)


def render_van_ban_pdf(doc: VanBanDi, target: Path, pdfa: bool = False, template_dir: Path = TEMPLATES,
                       mau: Path | None = None) -> None:
    """Write the document as PDF to ``target``; ``pdfa`` gives an archival PDF/A-3u file; ``mau``:
    the user's templates folder."""
    vb = doc.vb
    write_pdf(render_html(doc, template_dir, mau), target, template_dir,
              title=f"{vb.ten_loai} {prepare.header(vb).so_ky_hieu.strip()}",
              author=vb.co_quan_ban_hanh.ten, description=vb.trich_yeu, pdfa=pdfa)
