"""The rows of a large sheet written as SpreadsheetML text, into a workbook openpyxl writes.

openpyxl builds an object per cell and serialises each through lxml: for the consolidated
workbook of 1,500 agencies (213,000 cells) that is most of the time it takes, and lxml's writer
spells every Vietnamese letter as a character reference (33 MB of sheet XML where UTF-8 needs a
third of it). Here a sheet's ``<sheetData>`` is text made row by row from values and style
indexes the caller got from openpyxl (``wb._cell_styles``), and everything else in the workbook
(styles, column widths, merges, print settings, page breaks, charts, defined names) is still
openpyxl's. The cells are what openpyxl would write for the same values (``t="inlineStr"`` text,
``t="n"`` numbers formatted as ``openpyxl.compat.safe_string`` does, empty styled cells), only
in UTF-8.
"""

from __future__ import annotations

import math
import os
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

_MARKS = (b"<sheetData></sheetData>", b"<sheetData/>")  # lxml writes the first


def _number(value: float | int) -> str:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    return "%.16g" % value


def _escape(text: str) -> str:
    # text content: the three markup characters, and CR (a parser would read a literal one as LF)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class SheetRows:
    """Cells and row heights of one sheet; ``set`` in any order, written in row and column order.

    Values: ``str`` (text, never a formula: the caller has removed characters XML 1.0 cannot
    hold), ``int``/``float``, or ``None`` (an empty cell that keeps its style)."""

    def __init__(self) -> None:
        self._cells: dict[int, dict[int, str]] = {}
        self._heights: dict[int, float] = {}
        self._letters: list[str] = [""]

    def _letter(self, col: int) -> str:
        while len(self._letters) <= col:
            self._letters.append(get_column_letter(len(self._letters)))
        return self._letters[col]

    def set(self, row: int, col: int, value, style: int) -> None:
        ref = f"{self._letter(col)}{row}"
        if value is None or value == "":
            xml = f'<c r="{ref}" s="{style}"/>' if style else ""
        elif isinstance(value, str):
            space = ' xml:space="preserve"' if value != value.strip() else ""
            xml = f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"a cell holds text or a number, not {type(value).__name__}")
        else:
            xml = f'<c r="{ref}" s="{style}" t="n"><v>{_number(value)}</v></c>'
        cells = self._cells.setdefault(row, {})
        if xml:
            cells[col] = xml
        else:
            cells.pop(col, None)

    def height(self, row: int, points: float) -> None:
        self._heights[row] = points
        self._cells.setdefault(row, {})

    @property
    def max_row(self) -> int:
        return max(self._cells, default=0)

    def dimension(self) -> str:
        cols = [c for cells in self._cells.values() for c in cells]
        if not cols:
            return "A1:A1"
        rows = [r for r, cells in self._cells.items() if cells] or [1]
        return f"{self._letter(min(cols))}{min(rows)}:{self._letter(max(cols))}{max(rows)}"

    def chunks(self):
        """``<sheetData>…</sheetData>`` in pieces of text."""
        yield "<sheetData>"
        for r in sorted(self._cells):
            cells = self._cells[r]
            ht = self._heights.get(r)
            attrs = f' ht="{_number(ht)}" customHeight="1"' if ht is not None else ""
            if cells:
                yield f'<row r="{r}"{attrs}>' + "".join(cells[c] for c in sorted(cells)) + "</row>"
            else:
                yield f'<row r="{r}"{attrs}/>'
        yield "</sheetData>"


class _RowsWriter(WorksheetWriter):
    """openpyxl's sheet writer with the rows left out, then put in from ``SheetRows``."""

    def __init__(self, ws, rows: SheetRows):
        self.sheet_rows = rows
        super().__init__(ws)

    def write_dimensions(self):
        from openpyxl.worksheet.dimensions import SheetDimension

        self.xf.send(SheetDimension(self.sheet_rows.dimension()).to_tree())

    def write_rows(self):
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)

    def write(self):
        super().write()
        with open(self.out, "rb") as f:
            xml = f.read()
        mark = next((m for m in _MARKS if xml.count(m) == 1), None)
        if mark is None or xml.lstrip().startswith(b"<?xml"):
            # what this module relies on: one empty sheetData, and no declaration naming an
            # encoding other than UTF-8 (lxml writes ASCII with character references)
            raise RuntimeError("openpyxl wrote a sheet this module does not know how to fill")
        head, tail = xml.split(mark)
        tmp = f"{self.out}.rows"
        try:
            with open(tmp, "wb") as f:
                f.write(head)
                batch: list[str] = []
                size = 0
                for piece in self.sheet_rows.chunks():
                    batch.append(piece)
                    size += len(piece)
                    if size > 1 << 20:
                        f.write("".join(batch).encode("utf-8"))
                        batch, size = [], 0
                f.write("".join(batch).encode("utf-8"))
                f.write(tail)
            os.replace(tmp, self.out)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)


class _Writer(ExcelWriter):
    def __init__(self, workbook, archive, rows: dict[str, SheetRows]):
        super().__init__(workbook, archive)
        self.sheet_rows = rows

    def write_worksheet(self, ws):
        rows = self.sheet_rows.get(ws.title)
        if rows is None:
            return super().write_worksheet(ws)
        # ExcelWriter.write_worksheet, with the rows writer above
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _RowsWriter(ws, rows)
        try:
            writer.write()
            ws._rels = writer._rels
            self._archive.write(writer.out, ws.path[1:])
            self.manifest.append(ws)
        finally:
            writer.cleanup()


def save_workbook(wb, target, rows: dict[str, SheetRows]) -> None:
    """Write ``wb`` to ``target`` as ``wb.save`` does, the sheets named in ``rows`` with those
    rows (their openpyxl cells, if any, are not written)."""
    from datetime import datetime, timezone

    wb.properties.modified = datetime.now(timezone.utc).replace(tzinfo=None)
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(wb, archive, rows).save()


__all__ = ["SheetRows", "save_workbook"]
