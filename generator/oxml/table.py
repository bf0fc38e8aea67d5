"""Bordered data tables: header row repeated on every page, rows that do not split,
cells spanning columns and cells merged vertically. Built as one string, row by row
(linear in the number of rows; python-docx's cell(i, j) would be quadratic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .xml import Raw


@dataclass
class Cell:
    content: str  # runs xml
    style: str = "VBBang"
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    valign: str = "center"


@dataclass
class TableRow:
    cells: list[Cell]
    header: bool = False
    cant_split: bool = True
    keep_next: bool = False


@dataclass
class Table:
    grid: list[int]
    rows: list[TableRow] = field(default_factory=list)
    style: str = "VBBangLuoi"

    def xml(self) -> Raw:
        total = sum(self.grid)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style}"/><w:tblW w:w="{total}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{g}"/>' for g in self.grid]
        out.append("</w:tblGrid>")
        for row in self.rows:
            trpr = ""
            if row.cant_split:
                trpr += "<w:cantSplit/>"
            if row.header:
                trpr += "<w:tblHeader/>"
            out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
            col = 0
            for c in row.cells:
                width = sum(self.grid[col:col + c.span])
                col += c.span
                tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
                if c.span > 1:
                    tcpr += f'<w:gridSpan w:val="{c.span}"/>'
                if c.vmerge == "restart":
                    tcpr += '<w:vMerge w:val="restart"/>'
                elif c.vmerge == "continue":
                    tcpr += "<w:vMerge/>"
                tcpr += f'<w:vAlign w:val="{c.valign}"/>'
                content = "" if c.vmerge == "continue" else c.content
                keep = "<w:keepNext/>" if row.keep_next else ""
                out.append(f'<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{c.style}"/>{keep}'
                           f"</w:pPr>{content}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return Raw("".join(out))


def distribute(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` twips in proportion to ``weights``; the rounding rest goes to the widest."""
    s = sum(weights)
    widths = [int(total * w / s) for w in weights]
    widths[weights.index(max(weights))] += total - sum(widths)
    return widths


def page_break_paragraph() -> Raw:
    """An empty, 1-pt paragraph that starts a new page: what separates the pieces of a table
    paginated by ``layout.phan_trang`` (a page break inside a table row is honoured by Word but
    not by LibreOffice; two tables with nothing between would join)."""
    return Raw('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" '
               'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')
