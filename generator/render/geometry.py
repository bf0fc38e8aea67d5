"""The one reader of a Word template's geometry (``vanban.layout.geometry.Geometry``): pages of
the document and of its annexes, the header and signature tables, the styles by name.

The .docx writer reads it from the template it fills (``docx_common.Geometry``); the PDF writer
from the same template file (``from_template``), so both formats measure by the same values.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import TemplateError
from ..layout import geometry as g
from ..oxml import sections
from ..oxml.template import body_tables, style_cell_margins, table_shape, table_text
from .docx_styles import StyleIds

# The signature table is the first table after the header that holds one of these tags.
SIGNATURE_TAGS = ("noi_nhan", "quyen_han", "ho_ten")


def _chain(style):
    """The style and those it is based on, nearest first (at most 20: a loop ends there)."""
    seen = 0
    while style is not None and seen < 20:
        yield style
        style, seen = style.base_style, seen + 1


def _first(style, get):
    for s in _chain(style):
        try:
            value = get(s)
        except (AttributeError, ValueError, TypeError, KeyError):  # a value python-docx cannot read
            value = None
        if value is not None:
            return value
    return None


def text_style(style, fallback: g.TextStyle) -> g.TextStyle:
    """What ``style`` (a python-docx paragraph style; None: absent) gives its text, inherited
    through the styles it is based on. Absent style: ``fallback``; absent size: the fallback's;
    absent bold, italic, spacing, indent: off or zero, as Word reads them."""
    if style is None:
        return fallback
    size = _first(style, lambda s: s.font.size)
    line = _first(style, lambda s: s.paragraph_format.line_spacing)
    multiple, exact = 1.0, None
    if isinstance(line, float):  # "auto": a multiple of a single line
        multiple = line
    elif line is not None:  # a Length: an exact or at-least line height
        multiple, exact = None, line.pt
    before = _first(style, lambda s: s.paragraph_format.space_before)
    after = _first(style, lambda s: s.paragraph_format.space_after)
    first_line = _first(style, lambda s: s.paragraph_format.first_line_indent)
    return g.TextStyle(
        size=size.pt if size else fallback.size,
        bold=bool(_first(style, lambda s: s.font.bold)),
        italic=bool(_first(style, lambda s: s.font.italic)),
        before=before.twips if before is not None else 0,
        after=after.twips if after is not None else 0,
        line=multiple, line_pt=exact,
        first_line=first_line.twips if first_line is not None else 0,
    )


def _page(pg: sections.PageGeometry, fallback: g.Page) -> g.Page:
    return g.Page(pg.width, pg.height,
                  top=fallback.top if pg.top is None else pg.top,
                  bottom=fallback.bottom if pg.bottom is None else pg.bottom,
                  left=pg.left, right=pg.right,
                  header=fallback.header if pg.header is None else pg.header)


def _table(shape, fallback: g.TableGeometry) -> g.TableGeometry:
    # Word's own cell margin when the table sets none (108 twips), as the .docx is shown
    return g.TableGeometry(shape.grid, indent=shape.indent or 0,
                           cell_left=108 if shape.cell_left is None else shape.cell_left,
                           cell_right=108 if shape.cell_right is None else shape.cell_right)


def page_error(template: Path | str) -> TemplateError:
    return TemplateError(f"{template}: mẫu .docx thiếu thiết lập trang (khổ giấy, lề) ở cuối văn bản; "
                         "mở mẫu bằng Word hoặc LibreOffice, đặt khổ A4 và lề rồi lưu lại")


def header_error(template: Path | str) -> TemplateError:
    return TemplateError(f"{template}: mẫu .docx thiếu bảng đầu văn bản (bảng hai cột: bên trái tên cơ "
                         "quan và số, ký hiệu; bên phải quốc hiệu, tiêu ngữ và địa danh, ngày tháng), "
                         "phải là bảng đầu tiên của văn bản")


def read(document, ids: StyleIds, template: Path | str, annex_sect=None) -> g.Geometry:
    """The geometry of the python-docx ``document`` (a template whose sections were already made
    one, ``sections.split_annex_section``; ``annex_sect``: the template's annex section it
    returned), its styles found through ``ids``."""
    element = document.element
    try:
        page = _page(sections.geometry(sections.body_sectpr(element)), g.PORTRAIT)
    except (AttributeError, TypeError, ValueError):
        raise page_error(template) from None
    annex_page = g.LANDSCAPE
    if annex_sect is not None:
        try:
            annex_page = _page(sections.geometry(annex_sect), g.LANDSCAPE)
        except (AttributeError, TypeError, ValueError):
            annex_page = g.LANDSCAPE
    tables = body_tables(element.body)
    header = table_shape(tables[0]) if tables else None
    if header is None or len(header.grid) < 2:
        raise header_error(template)
    signature = g.SIGNATURE
    rest = tables[1:]
    sign = next((t for t in rest if any(tag in table_text(t) for tag in SIGNATURE_TAGS)), rest[0] if rest else None)
    if sign is not None:
        shape = table_shape(sign)
        if len(shape.grid) >= 2 and all(shape.grid[:2]):
            signature = _table(shape, g.SIGNATURE)
    annex_cell = g.ANNEX_CELL
    grid_style = ids.style("VBBangLuoi")
    if grid_style is not None:
        left, right = style_cell_margins(grid_style.element)
        annex_cell = (g.ANNEX_CELL[0] if left is None else left, g.ANNEX_CELL[1] if right is None else right)
    styles = {key: text_style(ids.style(key), fallback) for key, fallback in g.FALLBACK.items()}
    return g.Geometry(page=page, annex_page=annex_page, header=_table(header, g.HEADER), signature=signature,
                      annex_cell=annex_cell, styles=styles)


def from_template(template: Path) -> g.Geometry:
    """The geometry of the Word template file ``template`` (for a writer that does not fill it)."""
    from .docx_common import Geometry, open_template

    return Geometry(open_template(template), template).layout
