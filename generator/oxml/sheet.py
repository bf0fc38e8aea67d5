"""SpreadsheetML of a filled return, read where openpyxl's cell values do not tell enough.

openpyxl (read with ``data_only``) gives a formula cell's saved value, and None both for an empty
cell and for a formula whose value was never computed (a workbook written by a script, never
opened in Excel). It also leaves the ``_xHHHH_`` escapes of ST_Xstring in the text (``_x000B_``,
a vertical tab) after dropping the ``_x005F_`` that escapes a literal one, so the two can no longer
be told apart. This module reads the parts themselves, only when their bytes show a formula or an
escape (most returns have neither), through the shared safe parser (``vanban.safety``).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.utils.cell import column_index_from_string

from ..safety import safe_parser

XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XSTRING_BYTES = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_FORMULA_BYTES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_TEXT_TYPES = ("s", "inlineStr", "str")


class SheetXmlError(Exception):
    """A part openpyxl read could not be parsed again (never expected; reported as a damaged file)."""


def decode_xstring(text: str) -> str:
    """ST_Xstring decoded: ``_x000B_`` -> U+000B; ``_x005F_`` -> "_", so ``_x005F_x000B_`` stays
    the literal text "_x000B_" (the escapes are read left to right, never overlapping)."""
    return XSTRING.sub(lambda m: chr(int(m.group(1), 16)), text)


def has_escape(data: bytes) -> bool:
    return _XSTRING_BYTES.search(data) is not None


def has_formula(data: bytes) -> bool:
    return _FORMULA_BYTES.search(data) is not None


@dataclass(frozen=True)
class Formula:
    text: str  # as written, without "="; "" for a cell sharing another cell's formula
    saved: bool  # a value was saved with it
    error: str | None = None  # the saved value is an error: "#DIV/0!", "#REF!", ...


@dataclass
class SheetCells:
    """(row, column) -> what openpyxl's value does not say."""

    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # decoded text of escaped cells


def _parse(data: bytes, name: str):
    try:
        return etree.fromstring(data, safe_parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        raise SheetXmlError(f"{name}: {e}") from None


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el, local: str) -> str | None:
    """An attribute by its local name, in any namespace (transitional or strict OOXML)."""
    for k, v in el.attrib.items():
        if k.rsplit("}", 1)[-1] == local:
            return v
    return None


def sheet_parts(workbook_xml: bytes, rels_xml: bytes | None) -> dict[str, str]:
    """Sheet name -> the part holding it ("xl/worksheets/sheet1.xml")."""
    targets: dict[str, str] = {}
    if rels_xml:
        for rel in _parse(rels_xml, "xl/_rels/workbook.xml.rels").iter("{*}Relationship"):
            rid, target = rel.get("Id"), rel.get("Target")
            if rid and target:
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                targets[rid] = path
    out: dict[str, str] = {}
    for sheet in _parse(workbook_xml, "xl/workbook.xml").iter("{*}sheet"):
        name, rid = sheet.get("name"), _attr(sheet, "id")
        if name and rid in targets:
            out[name] = targets[rid]
    return out


def _runs_text(el) -> str:
    """The text of a shared string item or inline string: its ``t``, or the ``t`` of its runs
    (phonetic runs left out), as openpyxl joins them."""
    parts = []
    for child in el:
        kind = _local(child)
        if kind == "t":
            parts.append(child.text or "")
        elif kind == "r":
            parts += [t.text or "" for t in child if _local(t) == "t"]
    return "".join(parts)


def shared_strings(data: bytes) -> list[str]:
    """The shared string table as stored (escapes not decoded)."""
    root = _parse(data, "xl/sharedStrings.xml")
    return [_runs_text(si) for si in root if _local(si) == "si"]


def read_cells(data: bytes, shared: list[str] | None, name: str = "sheet") -> SheetCells:
    """The formula cells of a sheet part, and the decoded text of its cells whose stored text
    holds an ``_xHHHH_`` escape (``shared``: the raw shared strings, or None when they hold none)."""
    out = SheetCells()
    root = _parse(data, name)
    r = 0
    for row in root.iter("{*}row"):
        try:
            r = int(row.get("r")) if row.get("r") else r + 1
        except ValueError:
            r += 1
        c = 0
        for cell in row:
            if _local(cell) != "c":
                continue
            m = _REF.match(cell.get("r") or "")
            if m:
                c = column_index_from_string(m.group(1).upper())
            else:
                c += 1
            kind = cell.get("t") or "n"
            f = v = inline = None
            for child in cell:
                local = _local(child)
                if local == "f":
                    f = child
                elif local == "v":
                    v = child
                elif local == "is":
                    inline = child
            stored = v.text if v is not None else None
            if f is not None:
                saved = stored is not None and (stored != "" or kind == "str")
                out.formulas[(r, c)] = Formula((f.text or "").strip(), saved,
                                               stored if saved and kind == "e" else None)
            if kind not in _TEXT_TYPES:
                continue
            if kind == "s":
                if shared is None or stored is None:
                    continue
                try:
                    raw = shared[int(stored)]
                except (ValueError, IndexError):
                    continue
            elif kind == "inlineStr":
                if inline is None:
                    continue
                raw = _runs_text(inline)
            else:
                raw = stored or ""
            if XSTRING.search(raw):
                out.texts[(r, c)] = decode_xstring(raw)
    return out



_CELL_REF_BYTES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})\"")
_ROW_BYTES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


@dataclass(frozen=True)
class Extent:
    rows: int  # the farthest row holding a cell (or the number of rows, if larger)
    columns: int  # the farthest column holding a cell
    last_row_cell: str  # a cell on the farthest row, "A100000"
    last_column_cell: str  # a cell in the farthest column, "XFD3"


def extent(data: bytes) -> Extent:
    """How far the cells of a sheet part reach, read from its bytes without building any cell, so
    a sheet of a hundred thousand rows is judged before a reader loads it. Rows written without
    cell references are counted."""
    rows = cols = 0
    row_ref = col_ref = "A1"
    for m in _CELL_REF_BYTES.finditer(data):
        letters = m.group(1).decode("ascii").upper()
        try:
            col = column_index_from_string(letters)
        except ValueError:  # beyond XFD: as far as a reference reaches
            col = 18_278
        row = int(m.group(2))
        if row > rows:
            rows, row_ref = row, f"{letters}{row}"
        if col > cols:
            cols, col_ref = col, f"{letters}{row}"
    counted = len(_ROW_BYTES.findall(data))
    if counted > rows:
        rows, row_ref = counted, f"A{counted}"
    return Extent(rows, cols, row_ref, col_ref)


def named_styles(styles_xml: bytes) -> dict[int, str]:
    """The named cell styles of a workbook's styles part: the index a cell format's ``xfId`` gives
    -> the style's name. (openpyxl numbers them by their order, which a workbook LibreOffice saved
    does not follow.)"""
    out: dict[int, str] = {}
    for el in _parse(styles_xml, "xl/styles.xml").iter("{*}cellStyle"):
        name, xf = el.get("name"), el.get("xfId")
        if name and xf and xf.isdigit():
            out[int(xf)] = name
    return out
