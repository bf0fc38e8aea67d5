"""Kế hoạch -> PDF with WeasyPrint, from the HTML/CSS templates in ``templates/html``.

The same prepared data as the .docx (``prepare``): header lines, rule lengths, body levels,
signer lines, Nơi nhận, annex rows; and the same geometry, read from the Word template the .docx
is made from (``geometry.from_template``): page sizes and margins, the header and signature
tables, the styles' sizes, bold, italic, spacing and indents fill ``nd30.css``. The main
document and each annex are separate page sets, so every annex numbers its pages from 1 with
the number hidden on its first page, and their pages are then joined into one PDF. An annex
whose templates are the built-in ones is not typeset: its pages are laid out to every line by
``layout.trang_bang`` and drawn by ``pdf_bang`` (``BangVe``).
"""

from __future__ import annotations

import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..errors import TemplateError
from ..layout.geometry import Geometry, Page, TableGeometry, TextStyle
from ..model import KeHoach, PhuLuc
from ..model.van_ban import VanBan
from ..text import metrics
from ..text.so_ngay import ngay_trong_cau, so_hieu_trong_cau
from ..text.than_van import Para, Run, parse_inline
from ..layout import bo_cuc, prepare, trang_bang
from ..layout.bo_cuc import BangBoCuc, DauBoCuc, VanBanBoCuc
from . import sandbox
from .fonts import serif_fonts
from .geometry import from_template
from ..layout.ky_so import ViTriKy
from ..resources import template_dirs, template_file, templates_dir

TEMPLATES = templates_dir("html")
FONT_LINE = 1.15  # a single line of Times New Roman (and Liberation Serif), in em: Word's "single"
CLASS = {"phan": "phan", "chuong": "phan", "muc": "muc"}
TITLE_CLASS = {"khoan": "khoan", "tieu_khoan": "tieu-khoan", "diem": "diem"}


def text_html(text: str) -> Markup:
    """Escaped text, each cited số and ký hiệu (class ``so-hieu``) and each date, quarter or
    month of a year (class ``ngay``) kept on one line."""
    spans = sorted([(a, b, "so-hieu") for a, b in so_hieu_trong_cau(text)] +
                   [(a, b, "ngay") for a, b in ngay_trong_cau(text)])
    out, at = [], 0
    for start, end, cls in spans:
        if start < at:
            continue  # inside the one before
        out += [escape(text[at:start]), Markup('<span class="{}">{}</span>').format(cls, text[start:end])]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def runs_html(runs: list[Run]) -> Markup:
    out = []
    for r in runs:
        if r.note is not None:
            out.append(Markup('<span class="chu-thich">{}</span>').format(runs_html(r.note)))
            continue
        piece = Markup("<br>").join(text_html(t) for t in r.text.split("\n"))  # "\n": a line break in a cell
        if r.vert == "sub":
            piece = Markup("<sub>{}</sub>").format(piece)
        elif r.vert == "sup":
            piece = Markup("<sup>{}</sup>").format(piece)
        if r.italic:
            piece = Markup("<i>{}</i>").format(piece)
        if r.bold:
            piece = Markup("<b>{}</b>").format(piece)
        out.append(piece)
    return Markup("").join(out)


def body_html(paras: list[Para]) -> list[dict]:
    """Each paragraph with the class of its level (the layout has closed the last with "./.")."""
    out = []
    for p in paras:
        cls = CLASS.get(p.level) or (TITLE_CLASS.get(p.level) if p.title else "") or ""
        out.append({"lop": cls, "html": runs_html(list(p.runs))})
    return out


# A long annex table is laid out in pieces of about this many pages, side by side in worker
# processes (``write_pdf``): the boxes of a piece are freed once its pages are drawn.
PIECE_PAGES = 20
LONG_TABLE_ROWS = 40  # a table with fewer rows is never cut into pieces (no estimate made)


def long_table_pages(pages: list[int], n_rows: int, estimate) -> dict[int, int]:
    """Row -> the number of the annex page it begins, for an annex table laid out in pieces:
    a table with merged cells (``pages``: ``phan_trang.trang_moi``) or any table estimated
    longer than ``PIECE_PAGES`` (``estimate()``: ``phan_trang.trang_bat_dau``); each of these
    rows then begins a page in the PDF. Empty for a short table without merged cells: WeasyPrint
    breaks its pages where they fill."""
    if not pages and n_rows < LONG_TABLE_ROWS:
        return {}
    trang = estimate()
    if not pages and (not trang or max(trang.values()) <= PIECE_PAGES):
        return {}
    return trang


def _pt(twips: int) -> str:
    return f"{twips / metrics.TWIPS_PER_PT:.2f}"


def lop_dong(nhom: bool, tach: bool, trang_moi: bool) -> str:
    """A table row's classes: ``nhom`` (a group row), ``tach`` (may break across pages),
    ``trang-moi`` (begins a page: ``layout.phan_trang``)."""
    return " ".join(c for c, on in (("nhom", nhom), ("tach", tach), ("trang-moi", trang_moi)) if on)


def annex_html(bang: BangBoCuc, geo: Geometry) -> dict:
    """The annex template's ``pl``: the annex ``bang`` (laid out once: ``layout.bo_cuc``) as HTML
    pieces: heading lines, columns in percent, rows with their cells' HTML, spans and classes; a
    cell a vertical merge covers is left out (its rowspan is on the cell above). A long table
    also says at which rows its pieces begin (``long_table_pages``)."""
    total = sum(c.rong for c in bang.cot) or 1
    cols = [{"tieu_de": c.tieu_de, "rong": f"{100 * c.rong / total:.3f}"} for c in bang.cot]
    trang = long_table_pages(bang.trang, len(bang.dong), lambda: bang.trang_uoc)
    starts = set(bang.trang) | set(trang)
    dong = []
    for i, row in enumerate(bang.dong):
        cells = []
        for o in row.o:
            if o.gop == "continue":
                continue
            html = escape(o.text) if o.nhan else escape(o.dau) + runs_html(parse_inline(o.text))
            cells.append({"html": html, "giua": o.giua, "span": o.span, "rowspan": o.rowspan})
        dong.append({"nhom": row.nhom, "o": cells, "tach": row.tach, "trang_moi": i in starts, "trang": trang.get(i),
                     "lop": lop_dong(row.nhom, row.tach, i in starts)})
    return {
        "nhan": bang.nhan,
        "ten": bang.ten,
        "phu_de": bang.phu_de,
        "kem_theo": text_html(bang.kem_theo),
        "gach": _pt(bang.gach),
        # the default size is the table style's, as in the .docx (a size set on the annex wins)
        "co_chu": f"{geo.size('VBBang') if bang.co_chu is None else bang.co_chu:g}",
        "tach_dong": bang.tach_dong,
        "cot": cols,
        "dong": dong,
        "tiep": False,
        "trang_dau": 1,
    }


def _annex(kh: KeHoach, pl: PhuLuc, index: int, geo: Geometry) -> dict:
    return annex_html(bo_cuc.bang_ke_hoach(kh, pl, index, geo), geo)


def _font_css(family: str, faces: dict[str, Path]) -> str:
    rules = []
    for face, path in faces.items():
        weight = "bold" if "bold" in face else "normal"
        style = "italic" if "italic" in face else "normal"
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def header_context(d: DauBoCuc, tieu_de_tep: str, co_quan_tep: str) -> dict:
    """Header, title and signature values every page template uses, from the laid-out header and
    signature block (the .docx twin: ``docx_common.header_context``)."""
    h, hl = d.truong, d.dong
    return {
        "tieu_de_tep": tieu_de_tep,
        "co_quan_tep": co_quan_tep,
        "co_quan_chu_quan": hl.parent_lines,
        "co_quan_ban_hanh": hl.agency_lines,
        "gach_co_quan": _pt(hl.agency_rule),
        "gach_tieu_ngu": _pt(hl.motto_rule),
        "so_ky_hieu": h.so_line,
        "do_mat_khan": h.do_mat_khan or "",
        "dia_danh_ngay": h.dia_danh_ngay,
        "ten_loai": h.ten_loai,
        "trich_yeu": h.trich_yeu,
        "gach_trich_yeu": _pt(hl.trich_yeu_rule),
        "noi_nhan": d.noi_nhan,
        "quyen_han": d.quyen_han,
        "ho_ten": d.ho_ten,
    }


def layout_context(vb: VanBan, bc: VanBanBoCuc) -> dict:
    """The page templates' values for a laid-out document (``layout.bo_cuc.VanBanBoCuc``)."""
    h = bc.dau.truong
    return {**header_context(bc.dau, f"{vb.ten_loai} {h.so_ky_hieu.strip()}", vb.co_quan_ban_hanh.ten),
            "than_van": body_html(bc.than_van), "truong_them": bc.truong_them}


def context(kh: KeHoach, geo: Geometry | None = None) -> dict:
    return layout_context(kh, bo_cuc.ke_hoach(kh, geo or Geometry()))


def make_env(template_dir: Path = TEMPLATES) -> sandbox.Sandbox:
    """Templates are user data: the one sandbox (``sandbox``), a new budget for each document."""
    return sandbox.make_env(jinja2.FileSystemLoader(str(template_dir)))


def _template_place(template_dir: Path, file: str | None, line: int | None) -> str:
    """“…/ke-hoach.html, dòng 36 “<p>{{ 1/0 }}</p>””: the template file and the line holding the
    faulty tag, as the user sees it in an editor."""
    if not file or file.startswith("<"):
        return str(template_dir)
    if not line:
        return file
    try:
        text = " ".join(Path(file).read_text(encoding="utf-8", errors="replace").splitlines()[line - 1].split())
    except (OSError, IndexError):  # the place is a courtesy; never hide the error behind another
        text = ""
    shown = f" “{text if len(text) <= 120 else text[:117] + '…'}”" if text else ""
    return f"{file}, dòng {line}{shown}"


@contextmanager
def template_errors(template_dir: Path) -> Iterator[None]:
    """The templates' own mistakes and limits become TemplateError in Vietnamese, naming the
    template file and line."""
    try:
        yield
    except OSError as e:  # TemplateNotFound too: a page template or nd30.css is missing
        raise TemplateError(f"{template_dir}: thiếu mẫu HTML/CSS ({e})") from None
    except Exception as e:  # the template's own mistakes and limits; anything else is ours
        message = sandbox.describe(e)
        if message is None:
            raise
        raise TemplateError(f"{_template_place(template_dir, *sandbox.error_place(e))}: {message}") from None


# ---- the style sheet's values: the geometry in CSS units ----------------------------------------

# Style key -> its name in nd30.css (``kieu.<name>``).
CSS_STYLES = {
    "Normal": "thuong", "VBThanVan": "than_van", "VBPhanChuong": "phan_chuong", "VBMuc": "muc",
    "VBKhoan": "khoan", "VBTieuKhoan": "tieu_khoan", "VBDiem": "diem",
    "VBCoQuanChuQuan": "co_quan_chu_quan", "VBCoQuanBanHanh": "co_quan_ban_hanh", "VBQuocHieu": "quoc_hieu",
    "VBTieuNgu": "tieu_ngu", "VBSoKyHieu": "so_ky_hieu", "VBDiaDanh": "dia_danh", "VBDoMat": "do_mat_khan",
    "VBTenLoai": "ten_loai", "VBTrichYeu": "trich_yeu", "VBTrichYeuCV": "trich_yeu_cv", "VBKinhGui": "kinh_gui",
    "VBNoiNhanTieuDe": "noi_nhan_tieu_de", "VBNoiNhan": "noi_nhan", "VBQuyenHan": "quyen_han",
    "VBHoTen": "ho_ten", "VBPhuLucSo": "phu_luc_so", "VBPhuLucTen": "phu_luc_ten", "VBKemTheo": "kem_theo",
    "VBBang": "bang", "VBBangDau": "bang_dau", "VBBangNhom": "bang_nhom", "VBSoTrang": "so_trang",
    "FootnoteText": "chu_thich",
}


def _len(twips: int) -> str:
    return f"{twips / metrics.TWIPS_PER_PT:.2f}pt"


def _page_css(p: Page) -> dict:
    return {"rong": _len(p.width), "cao": _len(p.height), "tren": _len(p.top), "duoi": _len(p.bottom),
            "trai": _len(p.left), "phai": _len(p.right), "dau_trang": _len(p.header)}


def _table_css(t: TableGeometry) -> dict:
    return {"rong": _len(t.width), "thut": _len(t.indent), "cot": [_len(w) for w in t.grid],
            "le_trai": _len(t.cell_left), "le_phai": _len(t.cell_right)}


def _style_css(s: TextStyle) -> dict:
    weight = "bold" if s.bold else "normal"
    style = "italic" if s.italic else "normal"
    if s.line_pt is not None:  # an exact line height
        line, height = f"{s.line_pt:.2f}pt", f"{s.line_pt:.2f}pt"
    else:
        line = f"{round((s.line or 1.0) * FONT_LINE, 2):g}"
        height = f"{s.size * (s.line or 1.0) * FONT_LINE:.2f}pt"
    return {"co_chu": f"{s.size:g}pt", "dam": weight, "nghieng": style, "cach_tren": _len(s.before),
            "cach_duoi": _len(s.after), "gian_dong": line, "dong": height, "thut_dau": _len(s.first_line),
            "chu": f"font-size: {s.size:g}pt; font-weight: {weight}; font-style: {style}"}


def css_context(geo: Geometry) -> dict:
    """The values ``nd30.css`` is filled with: ``trang`` and ``trang_ngang`` (the pages of the
    document and of its annexes), ``dau`` and ``ky`` (header and signature tables), ``bang`` (the
    annex tables' cell margins) and ``kieu`` (each style: co_chu, dam, nghieng, cach_tren,
    cach_duoi, gian_dong, dong, thut_dau, chu), all with their CSS units."""
    return {
        "trang": _page_css(geo.page),
        "trang_ngang": _page_css(geo.annex_page),
        "dau": _table_css(geo.header),
        "ky": _table_css(geo.signature),
        "bang": {"le_trai": _len(geo.annex_cell[0]), "le_phai": _len(geo.annex_cell[1])},
        "kieu": {name: _style_css(geo.style(key)) for key, name in CSS_STYLES.items()},
    }


def base_context(env: sandbox.Sandbox, geo: Geometry | None = None) -> dict:
    """The style sheet (filled with the geometry ``geo``; None: the built-in template's) and the
    embedded font faces every page template includes."""
    family, faces = serif_fonts()
    css = Markup(env.get_template("nd30.css").render(phong=Markup(family), **css_context(geo or Geometry())))
    return {"css": css, "phong_chu": Markup(_font_css(family, faces))}


def render_pages(template_dir: Path, main: str, ctx: dict, annex_template: str, annexes: list[BangBoCuc],
                 mau: Path | None = None, geo: Geometry | None = None, ve_bang: bool = True,
                 chu_thich_dau: list[int] | None = None) -> list:
    """The page sets of the PDF: the HTML of the main document (template ``main``), then each
    annex (laid out once: ``layout.bo_cuc``), on landscape pages numbered on their own; every
    template error is a TemplateError naming the template. ``mau``: the user's templates folder;
    a file of its ``html/`` is used in place of the built-in one. ``geo``: the geometry of the
    Word template (None: the built-in template's).

    An annex whose page and style templates are the built-in ones is laid out to its lines
    (``layout.trang_bang``) and drawn without WeasyPrint (``BangVe``); when a user restyled the
    annex page or the style sheet, or ``ve_bang`` is false, each annex is typeset by WeasyPrint
    from its HTML, a long one in pieces (``_pieces``). Either way an annex numbers its footnotes
    from ``chu_thich_dau`` (each annex's first: ``VanBanBoCuc.chu_thich_dau``), on from the body's."""
    geo = geo or Geometry()
    env = make_env(template_dir)
    if mau is not None:  # the user's files first, then the built-in ones
        env.loader = jinja2.FileSystemLoader([str(d) for d in template_dirs("html", mau)])
    with template_errors(template_dirs("html", mau)[0] if mau is not None else template_dir):
        base = base_context(env, geo)
        pages: list = [PageSet(env.get_template(main).render({**base, **ctx}))]
        built_in = _is_built_in(env, annex_template, template_dir)
        drawn = ve_bang and built_in and _is_built_in(env, "nd30.css", template_dir)
        for k, bang in enumerate(annexes, start=1):
            if drawn:
                pages.append(BangVe(bang, geo, k, chu_thich_dau[k - 1] if chu_thich_dau else 1))
                continue
            pl = annex_html(bang, geo)
            trang = {i: r["trang"] for i, r in enumerate(pl.get("dong", [])) if r.get("trang")}
            note = chu_thich_dau[k - 1] if chu_thich_dau else 1
            for piece, count in (_pieces(pl, trang) if built_in else [(pl, None)]):
                html = env.get_template(annex_template).render(
                    {**base, "css": base["css"] + _notes_from(note), "tieu_de_tep": ctx["tieu_de_tep"],
                     "truong_them": ctx.get("truong_them", {}), "pl": piece})
                pages.append(PageSet(html, k, piece["trang_dau"], count))
                note += sum(str(o["html"]).count('class="chu-thich"') for r in piece["dong"] for o in r["o"])
    return pages


def _notes_from(first: int) -> Markup:
    """The style sheet's line that numbers a page set's footnotes from ``first`` (an annex's are
    numbered on from the body's, as the .docx numbers them)."""
    return Markup(f"\nhtml {{ counter-reset: footnote {first - 1}; }}\n") if first > 1 else Markup("")


class BangVe:
    """An annex drawn from its laid-out lines (``layout.trang_bang``, ``pdf_bang``), not typeset:
    a page set of its own, numbered from 1."""

    first_page, pages = 1, None

    def __init__(self, bang: BangBoCuc, geo: Geometry, annex: int, first_note: int = 1):
        self.bang, self.geo, self.annex, self.first_note = bang, geo, annex, first_note

    def cost(self) -> int:
        """``_cost`` of the same annex typeset, a tenth: drawn, a page takes a few milliseconds."""
        return sum(len(o.text) for row in self.bang.dong for o in row.o) // 10


class PageSet(str):
    """The HTML of one page sequence of the PDF: the main document (``annex`` 0), an annex, or
    a piece of a long annex (``first_page``: the number of its first page, ``pages``: how many
    pages it is estimated to fill, None when it ends the annex)."""

    def __new__(cls, html: str, annex: int = 0, first_page: int = 1, pages: int | None = None):
        obj = super().__new__(cls, html)
        obj.annex, obj.first_page, obj.pages = annex, first_page, pages
        return obj


def _is_built_in(env, name: str, template_dir: Path) -> bool:
    """Is template ``name`` the built-in one (whose pieces ``pl.tiep`` and ``pl.trang_dau`` shape)?"""
    try:
        _, filename, _ = env.loader.get_source(env, name)
    except Exception:  # noqa: BLE001 -- the render below reports a missing template
        return False
    return filename is not None and Path(filename).resolve() == (Path(template_dir) / name).resolve()


def _pieces(pl: dict, trang: dict[int, int]) -> list[tuple[dict, int | None]]:
    """The annex ``pl`` cut into pieces of about ``PIECE_PAGES`` pages at rows that begin a page
    (``trang``: row -> page), each with the pages it is estimated to fill (None for the last);
    the first keeps the heading, the others continue its table (``tiep``) from page
    ``trang_dau``. One piece when the table is short."""
    rows = pl["dong"]
    cuts, last = [], 1
    for i, page in sorted(trang.items()):
        if page - last >= PIECE_PAGES and i < len(rows):
            cuts.append((i, page))
            last = page
    end = max(trang.values(), default=1)
    if cuts and end - cuts[-1][1] < PIECE_PAGES // 2:  # a short last piece goes with the one before
        cuts.pop()
    if not cuts:
        return [(pl, None)]
    out = []
    bounds = [(0, 1)] + cuts + [(len(rows), None)]
    for (a, first), (b, nxt) in zip(bounds, bounds[1:]):
        dong = rows[a:b]
        if a:  # the piece's first row begins its first page by itself: no forced break before it
            head = dict(dong[0])
            head["trang_moi"] = False
            head["lop"] = " ".join(c for c in head["lop"].split() if c != "trang-moi")
            dong = [head] + dong[1:]
        out.append(({**pl, "dong": dong, "tiep": bool(a), "trang_dau": first}, None if nxt is None else nxt - first))
    return out


def render_html(kh: KeHoach, template_dir: Path = TEMPLATES, mau: Path | None = None,
                geo: Geometry | None = None, ve_bang: bool = True) -> list:
    """The page sets of the PDF (``render_pages``: the HTML of the main document, then each annex,
    drawn or typeset); measured by ``geo``, or by the Word template the plan's .docx is made from
    (``docx/ke-hoach.docx`` of ``mau``, else the built-in)."""
    geo = geo or from_template(template_file("docx", "ke-hoach.docx", mau))
    bc = bo_cuc.ke_hoach(kh, geo)  # the plan laid out once; the pages only translate it
    return render_pages(template_dir, "ke-hoach.html", layout_context(kh, bc), "phu-luc.html",
                        bc.phu_luc, mau, geo, ve_bang, bc.chu_thich_dau)


def write_pdf(pages: list, target: Path, template_dir: Path, *, title: str, author: str,
              description: str, pdfa: bool = False) -> None:
    """Lay out each page set on its own (typeset from its HTML, or an annex drawn: ``BangVe``; so
    every annex numbers its pages from 1), join their pages into one PDF and write it to
    ``target``; ``pdfa`` gives a PDF/A-3u file.

    The page sets (``PageSet``: the main document, each annex, each piece of a long annex) are
    independent: they are laid out and drawn side by side in worker processes (``_Order`` says
    which next; ``io.parallel_schedule``, where the machine forks), each into a PDF of its own,
    and the parent only joins the pages (pypdf: the first set's file, with its metadata, XMP and
    output intent, takes the pages of the others). A piece of an annex numbers its pages from
    the page it is estimated to begin, or from where it truly begins once the pieces before it
    are drawn; when they filled another number of pages than estimated, it is laid out again,
    numbered from where it truly begins."""
    from ..io import forks, parallel_schedule

    meta = {"title": title, "author": author, "description": description, "pdfa": pdfa,
            "base_url": str(template_dir)}
    order = _Order([p if isinstance(p, (PageSet, BangVe)) else PageSet(p) for p in pages], meta)
    if forks(len(order.sets)):
        _warm(order.sets[0], meta)  # before the workers are forked: they start warm
    parallel_schedule(_render_set, order.next, order.done, len(order.sets))
    # The signature fields go where the first set (the document itself) has its signing space.
    spaces = order.parts[0][3] if order.sets else []
    Path(target).write_bytes(_join([order.parts[k][0] for k in range(len(order.sets))],
                                   spaces[-1] if spaces else None))


_WARM: set[str] = set()  # the stylesheets (head of a page set) this process has laid out once


def _warm(html: str, meta: dict) -> None:
    """Lay out one line with the document's stylesheet and fonts, once per process: WeasyPrint's
    first layout in a process (its import, fontconfig, Pango, the fonts) costs about 1 s. Done here,
    before the workers are forked, they inherit it instead of each paying it (measured on the
    150-agency report: 6.2 s cold, 4.3 s once the process is warm, 1.1 s for the warm-up)."""
    head = html.split("<body", 1)[0]
    if head in _WARM or "</head>" not in head:
        return
    _render_set((0, head + '<body><p>Việt Nam 0123456789</p></body></html>', None, {**meta, "pdfa": False}))
    _WARM.add(head)


def _cost(html) -> int:
    """A rough measure of the work of laying out a page set: WeasyPrint's time goes with its
    boxes (a table of a thousand short cells takes longer than pages of running text); an annex
    drawn from its lines costs little."""
    if isinstance(html, BangVe):
        return html.cost()
    return 50 * (html.count("<td") + html.count("<p")) + len(html)


class _Order:
    """Which page set a free worker lays out next, and which are laid out again.

    A long annex is a chain of pieces: each numbers its pages on from the pieces before it, so
    the chain starts first, every piece but the last at once (numbered from its estimated first
    page); then the independent sets (the main document, the annexes in one piece), the longest
    first, so that the workers end together; the last piece of a chain last, by when the pieces
    before it are usually drawn and its first page is known. A piece drawn with another first
    page than the one it truly begins is laid out again, before anything else."""

    def __init__(self, sets: list[PageSet], meta: dict):
        self.sets, self.meta = sets, meta
        # set -> (PDF, pages, first page drawn, signing spaces)
        self.parts: dict[int, tuple[bytes, int, int, list]] = {}
        chains: dict[int, list[int]] = {}
        for k, s in enumerate(sets):
            chains.setdefault(s.annex, []).append(k)
        self.chain = {k: ks for ks in chains.values() for k in ks}
        long_ = [ks for ks in chains.values() if len(ks) > 1]
        self.first = [k for ks in long_ for k in ks[:-1]]
        self.alone = sorted((ks[0] for ks in chains.values() if len(ks) == 1), key=lambda k: -_cost(sets[k]))
        self.last = [ks[-1] for ks in long_]
        self.again: list[int] = []
        self.started: dict[int, int] = {}  # set -> the first page it is being drawn with

    def _begins(self, k: int) -> tuple[int, bool]:
        """The first page of set ``k`` and whether it is known (every piece before it drawn);
        else the estimate, from the pages drawn so far and the estimates of the others."""
        page, known = 1, True
        for j in self.chain[k]:
            if j == k:
                return page, known
            if j in self.parts:
                page += self.parts[j][1]
            else:
                page += self.sets[j].pages or 0
                known = False
        raise AssertionError(k)

    def next(self):
        if self.again:
            k = self.again.pop(0)
        elif self.first:
            k = self.first.pop(0)
        elif self.alone:
            k = self.alone.pop(0)
        elif self.last:
            k = next((j for j in self.last if self._begins(j)[1]), self.last[0])
            self.last.remove(k)
        else:
            return None
        page = self._begins(k)[0]
        self.started[k] = page
        s = self.sets[k]
        return k, (s if isinstance(s, BangVe) else str(s)), (None if page == s.first_page else page), self.meta

    def done(self, item, result) -> None:
        k = item[0]
        data, n, spaces = result
        self.parts[k] = (data, n, self.started[k], spaces)
        for j in self.chain[k]:  # a piece drawn from a page it does not begin: again
            page, known = self._begins(j)
            if known and j in self.parts and self.parts[j][2] != page and j not in self.again:
                self.parts.pop(j)
                self.again.append(j)


def _render_set(item) -> tuple[bytes, int, list]:
    """One page set laid out and drawn on its own: (its PDF, its number of pages, its signing
    spaces). ``first``: the number of its first page, in place of the one its HTML was written
    with."""
    _, html, first, meta = item
    if isinstance(html, BangVe):
        from .pdf_bang import ve_trang

        drawn = trang_bang.trang_bang(html.bang, html.geo, first or 1, html.first_note)
        return ve_trang(drawn, meta["title"]), len(drawn), []
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if first is not None:
        html = _renumber(html, first)
    with no_cycle_collection():
        doc = HTML(string=html, base_url=meta["base_url"]).render(font_config=FontConfiguration())
        doc.metadata.title = meta["title"]
        doc.metadata.authors = [meta["author"]]
        doc.metadata.description = meta["description"]
        doc.metadata.lang = "vi"
        options = {"pdf_variant": "pdf/a-3u"} if meta["pdfa"] else {}
        data = doc.write_pdf(**options)
        n = len(doc.pages)
        spaces = signing_spaces(doc)
    del doc
    gc.collect()  # the boxes of this set, before the next one is laid out
    return data, n, spaces


PX = 0.75  # points per CSS pixel


def signing_spaces(doc) -> list[ViTriKy]:
    """Where WeasyPrint laid out the signing space (the ``cho-ky`` block between the quyền hạn,
    chức vụ lines and the signer's name) of a rendered document: its page and box, in PDF
    points from the page's bottom left."""
    out = []
    for number, page in enumerate(doc.pages):
        for box in page._page_box.descendants():  # noqa: SLF001 (WeasyPrint's laid-out boxes)
            element = getattr(box, "element", None)
            if element is None or "cho-ky" not in (element.get("class") or "").split():
                continue
            x, y = box.border_box_x(), box.border_box_y()
            w, h = box.border_width(), box.border_height()
            if w <= 0 or h <= 0:
                continue
            top = page.height * PX
            out.append(ViTriKy(number, (x * PX, top - (y + h) * PX, (x + w) * PX, top - y * PX)))
    return out


def _renumber(html: str, first: int) -> str:
    """The HTML of a piece of an annex, its pages numbered from ``first``."""
    return re.sub(r"(@page :first \{ counter-reset: page )\d+", lambda m: f"{m.group(1)}{first}", html, count=1)


def _join(parts: list[bytes], ky: ViTriKy | None = None) -> bytes:
    """The pages of ``parts`` in order in one PDF, with the empty signature fields of the signing
    space ``ky`` (``kyso.o_ky``); the document's own parts (catalog, metadata, XMP, PDF/A output
    intent) are those of the first."""
    if len(parts) == 1 and ky is None:
        return parts[0]
    from pypdf import PdfReader, PdfWriter

    from ..kyso.o_ky import them_o_ky

    writer = PdfWriter(clone_from=io.BytesIO(parts[0]))
    info = dict(writer._info.get_object()) if writer._info is not None else {}  # noqa: SLF001
    for data in parts[1:]:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    if info:
        writer.add_metadata(info)
    if ky is not None:
        them_o_ky(writer, ky)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while WeasyPrint lays out and draws one page set:
    layout allocates hundreds of thousands of boxes that all stay alive until the set's PDF is
    written, and every full collection walks them all again (measured: a 91-page report 3.2 s ->
    2.6 s). Reference counting still frees everything it can; the set's cycles are collected
    once it is drawn (``_render_set``), so memory is bounded by the largest set, a long annex
    being cut into pieces of about ``PIECE_PAGES`` pages."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_ke_hoach_pdf(kh: KeHoach, target: Path, pdfa: bool = False, template_dir: Path = TEMPLATES,
                        mau: Path | None = None) -> None:
    """Write the plan as PDF to ``target``; ``pdfa`` gives an archival PDF/A-3u file; ``mau``: the
    user's templates folder."""
    write_pdf(render_html(kh, template_dir, mau), target, template_dir,
              title=f"{kh.ten_loai} {prepare.header(kh).so_ky_hieu.strip()}",
              author=kh.co_quan_ban_hanh.ten, description=kh.trich_yeu, pdfa=pdfa)


def text_stamp_pdf(lines: list[str], width: float, height: float, size: float) -> bytes:
    """A one-page PDF of ``width`` by ``height`` points showing ``lines`` right-aligned from its top
    in the document's serif font at ``size`` points, regular, black: the appearance of a text
    signature (ô 14 of an attachment), drawn by the same engine and fonts as the documents."""
    from weasyprint import HTML

    family, faces = serif_fonts()
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (f"<html lang='vi'><head><style>{_font_css(family, faces)}"
            f"@page {{ size: {width}pt {height}pt; margin: 0 }}"
            f"body {{ margin: 0; font-family: '{family}'; font-size: {size}pt; line-height: 1.15; color: #000; "
            f"text-align: right; font-weight: normal; font-style: normal }} p {{ margin: 0; white-space: nowrap }}"
            f"</style></head><body>{body}</body></html>")
    return HTML(string=html).write_pdf()
