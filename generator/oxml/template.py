"""Reading the measurements of a Word template that python-docx does not give: the grid, indent
and cell margins of a table, the cell margins of a table style, the text a table holds."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .xml import NS_W

W = f"{{{NS_W}}}"


@dataclass(frozen=True)
class TableShape:
    """A table as the template draws it (twips): column widths, indent from the text's left edge,
    left and right cell margins (None: not set on the table)."""

    grid: tuple[int, ...]
    indent: int | None
    cell_left: int | None
    cell_right: int | None


def _twips(el: etree._Element | None, attr: str = "w") -> int | None:
    """A twips value of ``el`` (``w:type`` "dxa" or none); anything else (percent, auto, junk): None."""
    if el is None or el.get(f"{W}type") not in (None, "dxa"):
        return None
    try:
        return int(float(el.get(f"{W}{attr}")))
    except (TypeError, ValueError, OverflowError):
        return None


def _margins(holder: etree._Element | None) -> tuple[int | None, int | None]:
    """Left and right margins of a ``w:tblCellMar`` (``start``/``end`` as Word 2010 writes them)."""
    if holder is None:
        return None, None
    out = []
    for side, alias in (("left", "start"), ("right", "end")):
        el = holder.find(f"{W}{side}")
        out.append(_twips(el if el is not None else holder.find(f"{W}{alias}")))
    return out[0], out[1]


def body_tables(body: etree._Element) -> list[etree._Element]:
    """The tables directly in the body, in order."""
    return body.findall(f"{W}tbl")


def table_shape(tbl: etree._Element) -> TableShape:
    grid = []
    for g in tbl.findall(f"{W}tblGrid/{W}gridCol"):
        grid.append(max(0, _twips(g) or 0))
    ppr = tbl.find(f"{W}tblPr")
    indent = _twips(ppr.find(f"{W}tblInd")) if ppr is not None else None
    left, right = _margins(ppr.find(f"{W}tblCellMar") if ppr is not None else None)
    return TableShape(tuple(grid), indent, left, right)


def table_text(tbl: etree._Element) -> str:
    return "".join(t.text or "" for t in tbl.iter(f"{W}t"))


def style_cell_margins(style_element: etree._Element) -> tuple[int | None, int | None]:
    """Left and right cell margins a table style sets (``w:style/w:tblPr/w:tblCellMar``)."""
    return _margins(style_element.find(f"{W}tblPr/{W}tblCellMar"))
