"""Annex task tables from Excel (.xlsx) -> PhuLuc: the project's own annex workbook (written by
``vanban kehoach``) and a plain table a clerk made.

What is recognised, sheet by sheet (each sheet holding a task table is one annex, in sheet order;
hidden sheets and sheets without a table are left out with a warning):

- The header row, found by its titles in the first rows (TT/STT, Nội dung…, Cơ quan chủ trì,
  Cơ quan phối hợp, Tiến độ, Thời gian thực hiện, Sản phẩm/Kết quả, Kinh phí, Ghi chú), whatever
  the case, diacritics, spacing or line breaks; a two-row header whose upper titles are merged
  ("Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"); a row numbering the columns "(1) (2) …"
  under it is skipped. A title that means no known column is kept as a column of its own (the
  first unused of ghi_chu and kinh_phi, titled as typed; with neither free, its values go into
  ghi_chu as "Tiêu đề: giá trị") and reported.
  A title that differs from the default one is kept (``Cot.tieu_de``).
- The rows above the header: a "Phụ lục …" label and a "(Kèm theo …)" line are recognised and
  left to the plan (its header says them); the first title line(s) in capitals are the annex's
  ``ten``, the next line its ``phu_de``.
- Group rows: a TT of I, II, III… (``la_ma``) or A, B, C, D, Đ… (``chu_cai``), a content cell
  merged across the row (a number in TT: ``so``; none: ``khong``; "I. …" typed in the merged cell
  counts as its label), or a content starting "Nhóm …" with nothing else on the row. Levels nest
  Roman above letters above numbers (I above A when both occur); unnumbered groups at the level
  where they first occur. A bold content alone on a row is taken for a group, with a warning.
- Task rows: the cells of the known columns; a cell merged down a column applies to each row it
  covers (the column is then listed in ``gop_o``); agencies split on ";" and line breaks (never
  on commas: "Các sở, ban, ngành" is one name; a line starting in lower case continues the name
  above); task numbers are regenerated (numbers running on across groups set
  ``danh_so_lien_tuc``), a typed number that differs is reported.
- Notes "(1) …" under the table become footnotes where "(1)" stands in the cells above, as the
  annex writer prints them. Empty rows, a totals row ("Tổng cộng"), a repeated header row and
  values outside the table are skipped; each is reported with its place.
- In the project's own workbook (its header cells carry the template's named style), the column
  widths become ``rong`` for the columns whose width is not the default proportion, and the
  table's font size becomes ``co_chu``. A clerk's widths and fonts are not taken: the reissued
  annex follows the decree's form.

Task ids are made from the place of the task, never from what was typed: ``PL<a>-<g>-<nn>``,
where ``a`` is the annex's number (1, 2… in sheet order), ``g`` the group's number at each level
joined by "." (the 2nd letter group of the 1st Roman group is "1.2") and ``nn`` the task's number
within its group on two digits; a task outside any group is ``PL<a>-<nn>``. Reading one file
twice gives the same ids.

The file is read like a return form (``vanban.load.phieu``): the shared package limits and
refusals (``vanban.safety``), sheets reaching too far refused from their bytes before openpyxl
builds a cell (``vanban.oxml.sheet.extent``), a formula's saved value used with a warning and a
formula without one reported, ``_xHHHH_`` escapes decoded, characters XML cannot hold and
invisible characters removed (the latter reported). openpyxl reads the whole workbook (not in
read-only mode, which sees neither merged cells nor named styles), after those checks bounded it.
Text taken into cells whose marks the writers interpret (``**``, ``~``, ``^``…) is escaped, so it
prints as typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings as py_warnings
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from .. import safety
from ..errors import InputError, Problem, o_bang_tinh
from ..model.base import MAX_O, MAX_TEN, MAX_TIEU_DE
from ..model.phu_luc import COT_MAC_DINH, RONG_MAX, RONG_MIN, PhuLuc
from ..oxml import sheet as sheet_xml
from .cot import ma_cot
from ..text.danh_so import VIETNAMESE_LETTERS
from ..text.ky_tu_an import bo_ky_tu_an, mo_ta, tim_ky_tu_an
from ..text.than_van import escape_inline

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ROWS = 5000  # an annex holds a plan's tasks; a cell beyond is a stray key press far away
MAX_COLUMNS = 50
HEAD_SCAN_ROWS = 30
MAX_HEAD_ROWS = 3
# The named style of the header cells in the project's annex template (templates/xlsx/phu-luc.xlsx):
# a workbook whose header carries it was written by ``vanban kehoach``.
OWN_HEAD_STYLE, OWN_GROUP_STYLE = "VB Đầu bảng", "VB Nhóm"
OWN_MIN_WIDTH = 5  # the annex writer's narrowest column (characters)
WIDTH_TOLERANCE = 0.015  # widths are saved to 0.01 character, and programs re-saving round them
# Columns an unknown title is kept in, in this order: columns the reporting cycle never reads
# (a timeline column is judged for deadlines, a product column is reported on).
SLOTS = ("ghi_chu", "kinh_phi")
TEXT_FIELDS = ("noi_dung", "san_pham", "tien_do", "thoi_gian", "kinh_phi", "ghi_chu")
AGENCY_FIELDS = ("chu_tri", "phoi_hop")

_LETTERS = [x.upper() for x in VIETNAMESE_LETTERS]
_ROMAN = re.compile(r"^(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LABEL_IN_TEXT = re.compile(r"^(?P<n>[IVXL]+|[A-ZĐ]|\d{1,2})\s*[.):]\s*(?P<rest>\S.*)$", re.S)
_LABEL_LINE = re.compile(r"^phu luc(?: so)?(?: (?P<n>[ivxl]+|\d+|[a-z]))?(?P<rest>.*)$")
_NOTE_ROW = re.compile(r"^\((?P<n>\d{1,3})\)\s*(?P<text>\S.*)$", re.S)
_BULLET = re.compile(r"^[-–—+•·*]\s*")
_SHOWN = 60


# ---- small helpers --------------------------------------------------------------------------

_where = o_bang_tinh  # the place of a cell, as every message names it


def _ref(r: int, c: int) -> str:
    return f"{get_column_letter(c)}{r}"


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _fold(s: str) -> str:
    """Lower case, no diacritics, "đ" as "d", punctuation as spaces, single spaces: for matching."""
    s = unicodedata.normalize("NFD", _nfc(s).casefold().replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _long_text(text: str | None) -> str:
    """Free text: line breaks kept (no blank line), spaces inside lines collapsed."""
    lines = [" ".join(line.split()) for line in (text or "").split("\n")]
    return "\n".join(line for line in lines if line)


def _is_upper(s: str) -> bool:
    return any(c.isalpha() for c in s) and s == s.upper()


def _group_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _as_text(value, number_format: str | None) -> str | None:
    """A cell's value as the clerk sees it, in Vietnamese conventions (dates dd/mm/yyyy, "." between
    thousands and "," before decimals when the cell is formatted so)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, (int, float)):
        fmt = number_format or ""
        v = float(value)
        if "%" in fmt:
            return f"{v * 100:g}%".replace(".", ",")
        grouped = "#,##" in fmt
        if v.is_integer():
            n = int(v)
            return _group_thousands(n) if grouped else str(n)
        text = f"{v:.10g}"
        if grouped:
            whole, _, frac = text.partition(".")
            return _group_thousands(int(whole)) + ("," + frac if frac else "")
        return text.replace(".", ",") if "," in fmt or grouped else text
    return str(value)


# ---- opening the file -----------------------------------------------------------------------

_LIMITS = safety.Limits(max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED)
_SAVE_AS = "lưu lại dạng “Excel Workbook (.xlsx)”"
_KIND = safety.PackageKind(
    "bảng phụ lục nhiệm vụ .xlsx",
    ole=f"tệp là bảng tính Excel 97-2003 (.xls) hoặc tệp .xlsx có mật khẩu mở; mở bằng Excel, bỏ mật khẩu (nếu có) "
        f"rồi {_SAVE_AS}",
    not_zip=lambda other: ("không phải tệp Excel .xlsx" + (f" mà là {other}" if other else " (nội dung không phải "
                                                                                            "bảng tính)")
                           + f"; mở bảng bằng Excel hoặc LibreOffice rồi {_SAVE_AS}"),
    broken=f"tệp .xlsx bị hỏng (không giải nén được); mở lại bằng Excel rồi {_SAVE_AS}")
_WORKBOOK, _WORKBOOK_RELS, _SHARED, _STYLES = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                               "xl/sharedStrings.xml", "xl/styles.xml")


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    return True


def _open(path: Path, f: str) -> tuple[Workbook, dict[str, bytes]]:
    """The workbook, after the file passed the shared limits and every sheet part was measured from
    its bytes; with the bytes of the parts the cleaning reads again (formulas, escapes)."""
    def fail(message: str, place: str = ""):
        raise InputError([Problem(f, place, message)])

    try:
        parts = safety.workbook_parts(
            path, _KIND, _LIMITS, lambda name: name in (_WORKBOOK, _WORKBOOK_RELS, _SHARED, _STYLES)
            or name.startswith("xl/worksheets/"), _SAVE_AS)
    except safety.PackageError as e:
        message = str(e)
        if message.startswith("không phải tệp Excel") and "mà là" not in message:
            try:
                sample = safety.head_bytes(path, 2048)
            except safety.PackageError:
                sample = b""
            if _looks_like_text(sample):
                message = ("không phải tệp Excel .xlsx mà là tệp văn bản thuần (như .csv); mở bằng Excel hoặc "
                           f"LibreOffice rồi {_SAVE_AS}")
        fail(message)
    try:
        where = sheet_xml.sheet_parts(parts[_WORKBOOK], parts.get(_WORKBOOK_RELS))
    except sheet_xml.SheetXmlError:
        fail(f"không đọc được bảng tính (tệp .xlsx bị hỏng); mở lại bằng Excel rồi {_SAVE_AS}")
    far = []
    for sheet, part in where.items():
        data = parts.get(part)
        if data is None:
            continue
        ext = sheet_xml.extent(data)
        if ext.rows > MAX_ROWS:
            far.append(Problem(f, _where(sheet, ext.last_row_cell),
                               f"có dữ liệu hoặc định dạng ở dòng {ext.rows}, quá xa bảng (bảng phụ lục không quá "
                               f"{MAX_ROWS} dòng); xóa các dòng thừa ở cuối sheet rồi lưu lại"))
        if ext.columns > MAX_COLUMNS:
            far.append(Problem(f, _where(sheet, ext.last_column_cell),
                               f"có dữ liệu hoặc định dạng ở cột {get_column_letter(min(ext.columns, 16384))}, quá "
                               f"xa bảng (bảng phụ lục không quá {MAX_COLUMNS} cột); xóa các cột thừa rồi lưu lại"))
    if far:
        raise InputError(far)
    try:
        with py_warnings.catch_warnings(), path.open("rb") as fh:
            py_warnings.simplefilter("ignore")  # unsupported extensions (slicers, ...) are not our concern
            wb = load_workbook(fh, read_only=False, data_only=True)  # a file object: judged by content
    except Exception:  # openpyxl raises many kinds on damaged parts; none is for the user
        fail(f"không đọc được bảng tính (tệp .xlsx bị hỏng hoặc không đúng định dạng); mở lại bằng Excel rồi "
             f"{_SAVE_AS}")
    return wb, parts


# ---- a sheet as text ------------------------------------------------------------------------

@dataclass
class _Grid:
    """The cleaned text of a sheet's cells, with its merges and the facts the reader asks about."""

    ws: Worksheet
    name: str
    text: dict[tuple[int, int], str] = field(default_factory=dict)  # non-empty cells only
    top: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # covered cell -> top-left
    span: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # top-left -> (rows, cols)
    max_row: int = 0
    max_col: int = 0
    styles: dict[int, str] = field(default_factory=dict)  # named cell styles by xfId

    def style(self, r: int, c: int) -> str | None:
        """The named style of a cell, as the file names it."""
        cell = self.ws._cells.get((r, c))  # noqa: SLF001 -- no cell created
        if not isinstance(cell, Cell) or not cell.has_style:
            return None
        return self.styles.get(cell._style.xfId)  # noqa: SLF001

    def get(self, r: int, c: int) -> str:
        return self.text.get((r, c), "")

    def shown(self, r: int, c: int) -> str:
        """The text a reader sees at (r, c): a covered cell shows its merge's text."""
        return self.text.get(self.top.get((r, c), (r, c)), "")

    def cols_spanned(self, r: int, c: int) -> int:
        return self.span.get((r, c), (1, 1))[1]

    def bold(self, r: int, c: int) -> bool:
        cell = self.ws._cells.get((r, c))  # noqa: SLF001 -- no cell created
        return bool(cell is not None and cell.font is not None and cell.font.b)


def _clean(text: str) -> tuple[str, list[str]]:
    """(text, invisible characters removed): Word's manual line break (a vertical tab) and "\\r" as
    line breaks, characters XML cannot hold removed, invisible and direction characters removed, NFC."""
    found = tim_ky_tu_an(text)
    if found:
        text = bo_ky_tu_an(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _nfc(safety.XML_ILLEGAL.sub("", text)), found


def _grids(wb: Workbook, parts: dict[str, bytes], f: str, warn: list[Problem]) -> list[_Grid]:
    """Every visible worksheet as cleaned text; formulas judged (a saved value used with a warning,
    none or an error value reported), escapes decoded. Nothing in the file changes."""
    shared_raw = parts.get(_SHARED)
    shared_escaped = shared_raw is not None and sheet_xml.has_escape(shared_raw)
    try:
        shared = sheet_xml.shared_strings(shared_raw) if shared_escaped else None
        where = sheet_xml.sheet_parts(parts[_WORKBOOK], parts.get(_WORKBOOK_RELS))
    except sheet_xml.SheetXmlError:
        raise InputError([Problem(f, "", f"không đọc được bảng tính (tệp .xlsx bị hỏng); mở lại bằng Excel rồi "
                                         f"{_SAVE_AS}")]) from None
    try:
        styles = sheet_xml.named_styles(parts[_STYLES]) if _STYLES in parts else {}
    except sheet_xml.SheetXmlError:
        styles = {}  # only the own workbook's widths depend on them
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            if any(isinstance(c, Cell) and c.value is not None for c in ws._cells.values()):  # noqa: SLF001
                warn.append(Problem(f, _where(ws.title), "sheet đang ẩn nên không được đọc; nếu sheet này là một "
                                                         "phụ lục, bỏ ẩn (Unhide) rồi lưu lại"))
            continue
        data = parts.get(where.get(ws.title, ""))
        info = None
        if data is not None and (shared_escaped or sheet_xml.has_formula(data) or sheet_xml.has_escape(data)):
            try:
                info = sheet_xml.read_cells(data, shared, where[ws.title])
            except sheet_xml.SheetXmlError:
                raise InputError([Problem(f, _where(ws.title), "không đọc được sheet (tệp .xlsx bị hỏng); mở lại "
                                                               f"bằng Excel rồi {_SAVE_AS}")]) from None
        g = _Grid(ws, ws.title, styles=styles)
        for (r, c), cell in ws._cells.items():  # noqa: SLF001 -- the cells the file holds, none created
            if not isinstance(cell, Cell):
                continue
            value = cell._value  # noqa: SLF001 -- the raw value: the setter would guess formulas
            if info is not None and (r, c) in info.texts:
                value = info.texts[(r, c)]
            fm = info.formulas.get((r, c)) if info is not None else None
            if fm is not None:
                shown = f"ô có công thức “={_quote(fm.text)}”" if fm.text else "ô có công thức"
                if not fm.saved:
                    warn.append(Problem(f, _where(ws.title, _ref(r, c)),
                                        f"{shown} chưa có giá trị được tính (tệp chưa từng mở bằng Excel); ô được để "
                                        "trống; mở tệp bằng Excel, lưu lại rồi nhập lại, hoặc gõ giá trị thay công "
                                        "thức"))
                    continue
                if fm.error:
                    warn.append(Problem(f, _where(ws.title, _ref(r, c)),
                                        f"{shown} cho giá trị lỗi {fm.error}; ô được để trống; sửa công thức hoặc "
                                        "gõ giá trị"))
                    continue
                if value is not None:
                    warn.append(Problem(f, _where(ws.title, _ref(r, c)),
                                        f"{shown}: đã dùng giá trị Excel lưu kèm “{_quote(str(value))}”; kiểm tra "
                                        "lại giá trị này"))
            text = _as_text(value, cell.number_format)
            if text is None:
                continue
            text, found = _clean(text)
            if found:
                warn.append(Problem(f, _where(ws.title, _ref(r, c)),
                                    f"đã bỏ {mo_ta(found)}: ký tự không hiển thị hoặc đổi chiều chữ, thường do dán "
                                    "từ trang web hay phần mềm khác; kiểm tra lại nội dung ô"))
            if text.strip():
                g.text[(r, c)] = text
                g.max_row, g.max_col = max(g.max_row, r), max(g.max_col, c)
        for rng in ws.merged_cells.ranges:
            first = (rng.min_row, rng.min_col)
            g.span[first] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != first:
                        g.top[(r, c)] = first
                        g.text.pop((r, c), None)  # a covered cell's own value is hidden, as Excel hides it
        out.append(g)
    return out


# ---- columns (their titles read by nhap.cot.ma_cot) -----------------------------------------

@dataclass
class _Col:
    c: int  # sheet column
    title: str  # as typed (one line)
    ma: str | None  # the model's code, None when its values are not placed
    custom: bool  # title kept (differs from the default)
    unknown: bool = False  # kept in a free slot
    extra: str | None = None  # title of an unknown column folded into ghi_chu (no slot left)


def _header_titles(g: _Grid, rows: list[int], c: int) -> list[str]:
    parts: list[str] = []
    for r in rows:
        t = _one_line(g.shown(r, c))
        if t and (not parts or parts[-1] != t):
            parts.append(t)
    return parts


def _find_header(g: _Grid) -> tuple[int, dict[int, tuple[str | None, bool]]] | None:
    """(row, column -> (code, guessed)) of the first row in the top rows whose titles name the
    content column and one more known column."""
    for r in range(1, min(g.max_row, HEAD_SCAN_ROWS) + 1):
        codes = {c: ma_cot(g.shown(r, c)) for c in range(1, g.max_col + 1) if g.shown(r, c)}
        found = [code for code, _ in codes.values() if code]
        if "noi_dung" in found and len(set(found)) >= 2:
            return r, codes
    return None


def _header_rows(g: _Grid, r: int) -> list[int]:
    """The header's rows: its first row, and the rows under it that a merge in it reaches, or that
    hold the titles under a title merged across columns ("Cơ quan thực hiện" over "Chủ trì")."""
    last = r
    for c in range(1, g.max_col + 1):
        rows, cols = g.span.get((r, c), (1, 1))
        if rows > 1:
            last = max(last, r + rows - 1)
        if cols > 1 and rows == 1 and last == r:
            below = [ma_cot(g.get(r + 1, x))[0] for x in range(c, c + cols) if g.get(r + 1, x)]
            if below and all(below) and not ma_cot(g.get(r + 1, c))[0] == "noi_dung":
                last = r + 1
    return list(range(r, min(last, r + MAX_HEAD_ROWS - 1) + 1))


def _columns(g: _Grid, head: list[int], f: str, warn: list[Problem]) -> list[_Col]:
    two_rows = len(head) > 1
    cols: list[_Col] = []
    used: set[str] = set()
    for c in range(1, g.max_col + 1):
        parts = _header_titles(g, head, c)
        if not parts:
            continue
        code, guessed = ma_cot(parts[-1])
        if code is None and len(parts) > 1:
            code, guessed = ma_cot(" ".join(parts))
            if code is None:
                code, guessed = ma_cot(parts[0])
        title = parts[-1] if not two_rows or code is not None else " - ".join(parts)
        place = _where(g.name, _ref(head[-1] if g.get(head[-1], c) else head[0], c))
        if code is not None and code in used:
            warn.append(Problem(f, place, f"cột “{title}” trùng loại với một cột trước nó; được giữ như một cột "
                                          "khác"))
            code, guessed = None, False
        if code is None:
            slot = next((s for s in SLOTS if s not in used and not _later_has(g, head, c, s)), None)
            if slot is None:
                warn.append(Problem(f, place, f"cột “{title}” không thuộc loại cột nào đã biết và không còn cột trống "
                                              "để giữ; giá trị của cột được ghi thêm vào cột “Ghi chú” dạng "
                                              f"“{title}: …”"))
                cols.append(_Col(c, title, None, False, extra=title))
                continue
            warn.append(Problem(f, place, f"cột “{title}” không thuộc loại cột nào đã biết; được giữ làm cột "
                                          f"“{slot}” với tiêu đề “{title}”; sửa tiêu đề nếu cần"))
            used.add(slot)
            cols.append(_Col(c, title, slot, True, unknown=True))
            continue
        if guessed:
            shown = COT_MAC_DINH[code][0]
            warn.append(Problem(f, place, f"đã hiểu cột “{' - '.join(parts)}” là “{shown}”; kiểm tra lại"))
        used.add(code)
        default = COT_MAC_DINH[code][0]
        # A title under a merged one ("Chủ trì" under "Cơ quan thực hiện") says too little alone:
        # the default title stands for it.
        custom = len(parts) == 1 and _fold(title) != _fold(default)
        cols.append(_Col(c, title, code, custom))
    return cols


def _later_has(g: _Grid, head: list[int], c: int, slot: str) -> bool:
    """Whether a column right of ``c`` is titled as ``slot`` (an unknown column must not take it)."""
    for x in range(c + 1, g.max_col + 1):
        parts = _header_titles(g, head, x)
        if parts and (ma_cot(parts[-1])[0] == slot or ma_cot(" ".join(parts))[0] == slot):
            return True
    return False


# ---- rows above the header ------------------------------------------------------------------

def _titles(g: _Grid, head_row: int, f: str, warn: list[Problem]) -> tuple[str | None, str | None]:
    lines: list[tuple[str, int]] = []
    for r in range(1, head_row):
        texts = [g.get(r, c) for c in range(1, g.max_col + 1) if g.get(r, c)]
        for t in texts:
            for line in t.split("\n"):
                line = _one_line(line)
                if line:
                    lines.append((line, r))
    ten: list[str] = []
    phu_de: list[str] = []
    label = _LABEL_LINE
    at_label = next((k for k, (line, _r) in enumerate(lines) if label.match(_fold(line))), None)
    if at_label:  # above the label: a document header copied in (the plan's header says it)
        for line, r in lines[:at_label]:
            if not _fold(line).startswith(("cong hoa xa hoi chu nghia", "doc lap tu do hanh phuc")):
                warn.append(Problem(f, _where(g.name, row=r), f"dòng “{_quote(line)}” ở trên dòng “Phụ lục” không "
                                                              "được giữ (phần đầu văn bản do Kế hoạch ghi)"))
        lines = lines[at_label:]
    for line, r in lines:
        t = _fold(line)
        m = label.match(t)
        if m and not m.group("rest").strip():
            continue  # the label "Phụ lục II": the plan numbers its annexes
        if m and m.group("n"):  # "PHỤ LỤC I: DANH MỤC ...": the label, then the title
            line = re.sub(r"^\s*phụ\s+lục(\s+số)?\s+\S+?\s*[:.\-–]?\s+", "", line, flags=re.I)
            t = _fold(line)
        if t.startswith(("cong hoa xa hoi chu nghia", "doc lap tu do hanh phuc")):
            continue  # the plan's own header says them
        if t.startswith("kem theo") or line.startswith("(Kèm theo") or t.startswith("ban hanh kem theo"):
            continue  # said by the plan's header
        if t.startswith(("don vi tinh", "dvt")):
            warn.append(Problem(f, _where(g.name, row=r), f"dòng “{_quote(line)}” không được giữ (bản phụ lục không "
                                                          "có dòng này); ghi đơn vị vào tiêu đề cột nếu cần"))
            continue
        if not phu_de and (not ten or _is_upper(line) and _is_upper(ten[-1])):
            ten.append(line)
        else:
            phu_de.append(line)
    return (" ".join(ten) or None), (" ".join(phu_de) or None)


# ---- groups and tasks -----------------------------------------------------------------------

@dataclass
class _Group:
    ten: str
    danh_so: str
    row: int
    nhom: list[_Group] = field(default_factory=list)
    nhiem_vu: list[_Task] = field(default_factory=list)


@dataclass
class _Task:
    row: int
    values: dict[str, object]
    tt: str  # as typed
    tt_cell: str | None


def _roman_value(s: str) -> int | None:
    if not _ROMAN.match(s):
        return None
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


def _label(s: str) -> str:
    return _one_line(s).rstrip(".):").strip()


def _label_kinds(label: str) -> list[tuple[str, int]]:
    """The group numberings a TT label can belong to, with its ordinal in each."""
    out = []
    rv = _roman_value(label)
    if rv:
        out.append(("la_ma", rv))
    if label in _LETTERS:
        out.append(("chu_cai", _LETTERS.index(label) + 1))
    return out


_RANK = {"la_ma": 0, "chu_cai": 1, "so": 2}


class _Tree:
    """Groups nested by their numbering: Roman, then letters, then numbers; an unnumbered group
    at the level where such groups first occur."""

    def __init__(self) -> None:
        self.root: list[_Group] = []
        self.tasks: list[_Task] = []  # outside any group
        self.levels: list[str] = []
        self.stack: list[_Group] = []

    def _siblings(self, depth: int) -> list[_Group]:
        return self.stack[depth - 1].nhom if depth > 0 and len(self.stack) >= depth else self.root

    def expected(self, kind: str) -> int | None:
        if kind not in self.levels:
            return None
        depth = self.levels.index(kind)
        return sum(1 for x in self._siblings(depth) if x.danh_so == kind) + 1

    def choose(self, kinds: list[tuple[str, int]]) -> tuple[str, int]:
        """The numbering of an ambiguous label ("I": Roman one or the letter after H)."""
        def score(k: tuple[str, int]) -> int:
            exp = self.expected(k[0])
            return 2 if exp == k[1] else (1 if exp is not None else (1 if k[1] == 1 else 0))
        return max(kinds, key=score)  # max keeps the first (Roman) on a tie

    def add_group(self, g: _Group) -> None:
        if g.danh_so not in self.levels:
            # Roman above letters above numbers, whatever came first; an unnumbered group ("Nhóm …")
            # takes the level where it first occurs.
            rank = _RANK.get(g.danh_so)
            at = next((i for i, k in enumerate(self.levels) if rank is not None and _RANK.get(k, -1) > rank),
                      len(self.levels))
            self.levels.insert(at, g.danh_so)
        depth = min(self.levels.index(g.danh_so), len(self.stack))
        del self.stack[depth:]
        self._siblings(depth).append(g)
        self.stack.append(g)

    def add_task(self, t: _Task) -> None:
        (self.stack[-1].nhiem_vu if self.stack else self.tasks).append(t)


_TOTALS = ("tong cong", "tong so", "tong", "cong", "tong kinh phi", "cong kinh phi", "tong cong kinh phi")


def _is_total(*texts: str) -> bool:
    for text in texts:
        t = _fold(text)
        if t in _TOTALS or t.startswith("tong cong ") and len(t) < 40:  # never "Cộng đồng …"
            return True
    return False


def _agencies(text: str) -> list[str]:
    """A cell of agencies as a list: one per line or per ";" (a comma stays inside a name); a line
    starting in lower case continues the name above it; bullets and closing marks dropped."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if lines and line[0].islower() and not lines[-1].endswith(";"):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    names: list[str] = []
    for line in lines:
        for p in line.split(";"):
            p = _BULLET.sub("", p.strip()).strip().rstrip(",.;").strip()
            if p:
                names.append(p)
    return names


# ---- one sheet ------------------------------------------------------------------------------

class _SheetReader:
    def __init__(self, g: _Grid, f: str, warn: list[Problem], errors: list[Problem]):
        self.g, self.f, self.warn, self.errors = g, f, warn, errors

    def at(self, r: int, c: int | None = None) -> str:
        return _where(self.g.name, _ref(r, c) if c else None, None if c else r)

    def note(self, r: int, c: int | None, message: str) -> None:
        self.warn.append(Problem(self.f, self.at(r, c), message))

    def read(self, number: int) -> dict | None:
        g = self.g
        found = _find_header(g)
        if found is None:
            return None
        head_row, _codes = found
        head = _header_rows(g, head_row)
        cols = _columns(g, head, self.f, self.warn)
        by_code = {c.ma: c for c in cols if c.ma}
        if "noi_dung" not in by_code:
            return None
        ten, phu_de = _titles(g, head_row, self.f, self.warn)
        if not ten:
            sheet_name = _one_line(g.name)
            generic = re.match(r"^(sheet|trang tính|phụ lục)\s*\S*$", sheet_name, re.I) or not sheet_name
            ten = "DANH MỤC NHIỆM VỤ" if generic else sheet_name
            self.note(head_row, None, f"không thấy tên phụ lục ở các dòng trên tiêu đề bảng; đã đặt tên “{ten}”; sửa "
                                      "tên (ten) trong tệp kết quả")
        first = head[-1] + 1
        last = g.max_row
        table_cols = {c.c for c in cols}

        # Notes under the table: "(1) …" alone on a row.
        notes: dict[int, str] = {}
        note_rows: dict[int, int] = {}  # sheet row -> note number
        for r in range(first, last + 1):
            filled = [c for c in range(1, g.max_col + 1) if g.get(r, c)]
            if len(filled) == 1 and filled[0] == min(table_cols):
                m = _NOTE_ROW.match(g.get(r, filled[0]).strip())
                if m and (g.cols_spanned(r, filled[0]) > 1 or "tt" not in by_code):
                    notes.setdefault(int(m.group("n")), _long_text(m.group("text")))
                    note_rows[r] = int(m.group("n"))

        # Text as the model holds it (marks escaped), footnotes put back where "(n)" stands.
        model_text: dict[tuple[int, int], str] = {}
        k = 1
        for r in range(first, last + 1):
            if r in note_rows:
                continue
            for c in sorted(table_cols):
                raw = g.get(r, c)
                if not raw:
                    continue
                escaped = escape_inline(raw)
                if notes:
                    marker = f"({k})"
                    if marker not in escaped:
                        above = g.top.get((r - 1, c), (r - 1, c))
                        if g.get(*above) == raw and above in model_text:  # a merge cut by a page break
                            model_text[(r, c)] = model_text[above]
                            continue
                    pos = 0
                    while k in notes:
                        marker = f"({k})"
                        i = escaped.find(marker, pos)
                        if i < 0:
                            break
                        note = "^[" + escape_inline(notes[k].replace("\n", " ")) + "]"
                        escaped = escaped[:i] + note + escaped[i + len(marker):]
                        pos = i + len(note)
                        k += 1
                model_text[(r, c)] = escaped
        for row, n in note_rows.items():
            if n >= k:
                self.note(row, min(table_cols), f"chú thích ({n}) không tìm thấy dấu “({n})” trong bảng để gắn vào; "
                                                "chú thích này không được giữ")

        # A cell merged down a column: its text applies to every row it covers.
        merged_codes: set[str] = set()
        code_of = {c.c: c.ma for c in cols}
        for (r0, c0), (nrows, _ncols) in g.span.items():
            if nrows < 2 or r0 < first or c0 not in table_cols or (r0, c0) not in model_text:
                continue
            for r in range(r0 + 1, r0 + nrows):
                g.text[(r, c0)] = g.get(r0, c0)
                model_text[(r, c0)] = model_text[(r0, c0)]
            if code_of.get(c0) not in (None, "tt", "noi_dung"):
                merged_codes.add(code_of[c0])

        tree = _Tree()
        blanks: list[int] = []
        seen_task = False
        tt_col = by_code.get("tt")
        nd_col = by_code["noi_dung"]
        header_folds = {c.c: _fold(c.title) for c in cols}
        last_data = first - 1
        for r in range(first, last + 1):
            if r in note_rows:
                continue
            filled = {c: g.get(r, c) for c in range(1, g.max_col + 1) if g.get(r, c)}
            inside = {c: t for c, t in filled.items() if c in table_cols}
            if not filled:
                blanks.append(r)
                continue
            if not inside:
                for c, t in filled.items():
                    self.note(r, c, f"giá trị “{_quote(t)}” nằm ngoài các cột của bảng; không được giữ")
                continue
            tt = _label(g.get(r, tt_col.c)) if tt_col else ""
            content = g.get(r, nd_col.c)
            if sum(1 for c, t in inside.items() if _fold(t) == header_folds.get(c)) >= 2:
                continue  # the header repeated (a printed page's header copied into the table)
            if not seen_task and not tree.root and r == first and self._numbering_row(inside):
                continue
            if _is_total(tt, content) or (not content and any(_is_total(t) for t in inside.values())):
                self.note(r, None, "dòng tổng cộng được bỏ qua (bản phụ lục không có dòng tổng)")
                continue
            group = self._group(r, inside, tt, content, cols, tree, model_text)
            if group is not None:
                tree.add_group(group)
                last_data = r
                continue
            if not content:
                for c, t in inside.items():
                    self.note(r, c, f"dòng không có nội dung nhiệm vụ; giá trị “{_quote(t)}” không được giữ")
                continue
            seen_task = True
            last_data = r
            tree.add_task(self._task(r, cols, model_text, tt, tt_col))
            for c, t in filled.items():
                if c not in table_cols:
                    self.note(r, c, f"giá trị “{_quote(t)}” nằm ngoài các cột của bảng; không được giữ")
        inner_blanks = [r for r in blanks if r < last_data]
        if inner_blanks:
            shown = ", ".join(str(r) for r in inner_blanks[:10]) + (" …" if len(inner_blanks) > 10 else "")
            self.warn.append(Problem(self.f, _where(g.name), f"bỏ qua {len(inner_blanks)} dòng trống trong bảng "
                                                             f"(dòng {shown})"))
        return self._model(tree, number, ten, phu_de, cols, merged_codes, head_row)

    # -- rows --

    def _numbering_row(self, inside: dict[int, str]) -> bool:
        nums = []
        for c in sorted(inside):
            m = re.fullmatch(r"\(?(\d{1,2})\)?", inside[c].strip())
            if not m:
                return False
            nums.append(int(m.group(1)))
        return len(nums) >= 2 and nums == list(range(nums[0], nums[0] + len(nums)))

    def _group(self, r: int, inside: dict[int, str], tt: str, content: str, cols: list[_Col], tree: _Tree,
               model_text: dict) -> _Group | None:
        g = self.g
        nd = next(c.c for c in cols if c.ma == "noi_dung")
        tt_c = next((c.c for c in cols if c.ma == "tt"), None)
        others = {c: t for c, t in inside.items() if c not in (nd, tt_c)}
        # The text of the row, when it stands in one cell merged across the table (after the TT
        # cell, or from the first column: "I. Tên nhóm" or "Nhóm …" over the whole row).
        span_cell = None
        for c in sorted(inside):
            rest = [x for x in inside if x != c]
            if g.cols_spanned(r, c) >= 2 and (not rest or rest == [tt_c] and c != tt_c):
                span_cell = c
                break
        if span_cell is not None and span_cell == tt_c:
            tt = ""
        kinds = _label_kinds(tt) if tt else []
        title_cell = span_cell or nd
        title = _long_text(g.get(r, title_cell)).replace("\n", " ")
        mtitle = model_text.get((r, title_cell), "")
        danh_so = None
        if kinds:
            danh_so, _n = tree.choose(kinds)
        elif span_cell is not None:
            m = _LABEL_IN_TEXT.match(title)
            lk = _label_kinds(m.group("n")) if m else []
            if tt.isdigit():
                danh_so = "so"
            elif m and (lk or m.group("n").isdigit()):
                danh_so = tree.choose(lk)[0] if lk else "so"
                title = m.group("rest")
                mm = _LABEL_IN_TEXT.match(mtitle)
                mtitle = mm.group("rest") if mm else escape_inline(title)
            else:
                danh_so = "khong"
        elif content and not others and _fold(content).startswith("nhom ") and not tt.isdigit():
            danh_so = "khong"
        elif content and not others and not tt and g.bold(r, nd) and len(content) <= MAX_TIEU_DE:
            danh_so = "khong"
            self.note(r, nd, f"dòng chữ đậm “{_quote(content)}” không có số thứ tự nên được hiểu là tên nhóm "
                             "nhiệm vụ; kiểm tra lại")
        if danh_so is None:
            return None
        if not title:
            self.note(r, tt_c, f"dòng nhóm “{tt}” không có tên nhóm; đã bỏ qua dòng này")
            return None
        for c, t in inside.items():
            if c not in (nd, tt_c, span_cell):
                self.note(r, c, f"dòng nhóm “{_quote(title)}” có thêm giá trị “{_quote(t)}”; giá trị này không được "
                                "giữ (dòng nhóm chỉ có số thứ tự và tên)")
        if len(title) > MAX_TIEU_DE:
            self.errors.append(Problem(self.f, self.at(r, title_cell), f"tên nhóm dài {len(title)} ký tự, quá "
                                                                       f"{MAX_TIEU_DE}; rút gọn tên nhóm"))
        return _Group(mtitle or escape_inline(title), danh_so, r)

    def _task(self, r: int, cols: list[_Col], model_text: dict, tt: str, tt_col: _Col | None) -> _Task:
        values: dict[str, object] = {}
        extras: list[str] = []
        for col in cols:
            text = model_text.get((r, col.c), "")
            if not text or col.ma == "tt":
                continue
            if col.ma is None:
                extras.append(f"{col.extra}: {_long_text(text)}")
                continue
            if col.ma in AGENCY_FIELDS:
                names = _agencies(text)
                for name in names:
                    if len(name) > MAX_TEN:
                        self.errors.append(Problem(self.f, self.at(r, col.c),
                                                   f"tên cơ quan dài {len(name)} ký tự, quá {MAX_TEN}: "
                                                   f"“{_quote(name)}”; tách các cơ quan bằng dấu “;” hoặc xuống dòng"))
                values[col.ma] = names
            else:
                values[col.ma] = _long_text(text)
        if extras:
            values["ghi_chu"] = "\n".join(x for x in [values.get("ghi_chu"), *extras] if x)
        for code in TEXT_FIELDS:
            v = values.get(code)
            if isinstance(v, str) and len(v) > MAX_O:
                c = next((x.c for x in cols if x.ma == code), None)
                self.errors.append(Problem(self.f, self.at(r, c), f"ô dài {len(v)} ký tự, quá {MAX_O}; rút gọn nội "
                                                                  "dung ô"))
        return _Task(r, values, tt, _ref(r, tt_col.c) if tt_col else None)

    # -- the annex --

    def _model(self, tree: _Tree, number: int, ten: str, phu_de: str | None, cols: list[_Col],
               merged: set[str], head_row: int) -> dict | None:
        def prune(groups: list[_Group]) -> list[_Group]:
            kept = []
            for x in groups:
                x.nhom = prune(x.nhom)
                if x.nhom or x.nhiem_vu:
                    kept.append(x)
                else:
                    self.note(x.row, None, f"nhóm “{_quote(x.ten)}” không có nhiệm vụ nào; nhóm này không được giữ")
            return kept

        tree.root = prune(tree.root)
        if not tree.root and not tree.tasks:
            return None
        lien_tuc = self._continuous(tree)
        self._check_numbers(tree, lien_tuc, next((c.c for c in cols if c.ma == "tt"), None))

        def task(t: _Task, tid: str) -> dict:
            return {"id": tid, **t.values}

        def group(x: _Group, path: str) -> dict:
            d: dict = {"ten": x.ten, "danh_so": x.danh_so}
            if x.nhiem_vu:
                d["nhiem_vu"] = [task(t, f"PL{number}-{path}-{k:02d}") for k, t in enumerate(x.nhiem_vu, start=1)]
            if x.nhom:
                d["nhom"] = [group(y, f"{path}.{k}") for k, y in enumerate(x.nhom, start=1)]
            return d

        cot = []
        for c in cols:
            if c.ma is None:
                continue
            d: dict = {"ma": c.ma}
            if c.custom:
                d["tieu_de"] = c.title
            cot.append(d)
        model: dict = {"ten": ten}
        if phu_de:
            model["phu_de"] = phu_de
        model["cot"] = cot
        if tree.tasks:
            model["nhiem_vu"] = [task(t, f"PL{number}-{k:02d}") for k, t in enumerate(tree.tasks, start=1)]
        if tree.root:
            model["nhom"] = [group(x, str(k)) for k, x in enumerate(tree.root, start=1)]
        if lien_tuc:
            model["danh_so_lien_tuc"] = True
        order = [c.ma for c in cols if c.ma in merged]
        if order:
            model["gop_o"] = order
        if self._own(head_row, cols):
            self._own_layout(model, cols, head_row)
        return model

    def _continuous(self, tree: _Tree) -> bool:
        """Task numbers run on across groups: every group after the first starts where the one
        before ended (and at least one group starts above 1)."""
        runs: list[list[_Task]] = []
        if tree.tasks:
            runs.append(tree.tasks)

        def walk(groups: list[_Group]) -> None:
            for x in groups:
                if x.nhiem_vu:
                    runs.append(x.nhiem_vu)
                walk(x.nhom)

        walk(tree.root)
        if len(runs) < 2:
            return False
        count = 0
        on = False
        for run in runs:
            first = run[0].tt
            if count and first.isdigit():
                if int(first) == count + 1:
                    on = True
                elif int(first) == 1:
                    return False
            count += len(run)
        return on

    def _check_numbers(self, tree: _Tree, lien_tuc: bool, col: int | None) -> None:
        """A typed task number that differs from the one the annex will print is reported."""
        counter = [0]

        def run(tasks: list[_Task]) -> None:
            if not lien_tuc:
                counter[0] = 0
            for t in tasks:
                counter[0] += 1
                if col is None:
                    continue
                if not t.tt:
                    self.note(t.row, col, f"nhiệm vụ không có số thứ tự; được đánh số {counter[0]}")
                elif t.tt != str(counter[0]):
                    self.note(t.row, col, f"số thứ tự “{t.tt}” được đánh lại thành {counter[0]} (số thứ tự do phần mềm "
                                        "đánh theo thứ tự dòng)")

        def walk(groups: list[_Group]) -> None:
            for x in groups:
                if x.nhiem_vu:
                    run(x.nhiem_vu)
                walk(x.nhom)

        if tree.tasks:
            run(tree.tasks)
        walk(tree.root)

    def _own(self, head_row: int, cols: list[_Col]) -> bool:
        return bool(cols) and all(self.g.style(head_row, c.c) == OWN_HEAD_STYLE for c in cols)

    def _own_layout(self, model: dict, cols: list[_Col], head_row: int) -> None:
        """Widths (``rong``) and the table's font size (``co_chu``) of a workbook ``vanban kehoach`` wrote."""
        ws = self.g.ws
        kept = [c for c in cols if c.ma]
        widths = []
        for c in kept:
            dim = ws.column_dimensions.get(get_column_letter(c.c))
            widths.append(float(dim.width) if dim is not None and dim.width else None)
        if all(w for w in widths) and len(kept) == len(model["cot"]):
            defaults = [COT_MAC_DINH[c.ma][1] for c in kept]
            ratios = [w / d for w, d in zip(widths, defaults)]

            def near(a: float, b: float) -> bool:
                return abs(a - b) <= WIDTH_TOLERANCE * max(a, b)

            support = [sum(1 for b in ratios if near(a, b)) for a in ratios]
            best = max(support)
            if best >= 2:
                scale = sorted(a for a, s in zip(ratios, support) if s == best and near(a, ratios[support.index(best)]))
                scale_v = scale[len(scale) // 2]
            else:
                scale_v = sum(widths) / sum(defaults)
            for cot, w, d, a in zip(model["cot"], widths, defaults, ratios):
                if best >= 2 and near(a, scale_v):
                    continue
                if best >= 2 and abs(w - OWN_MIN_WIDTH) < 0.01 and d * scale_v <= OWN_MIN_WIDTH:
                    continue  # the writer's narrowest column, not a width the plan gave
                rong = round(w / scale_v, 2)
                if rong != d:
                    cot["rong"] = min(max(rong, RONG_MIN), RONG_MAX)
        nd = next(c.c for c in cols if c.ma == "noi_dung")
        for r in range(head_row + 1, self.g.max_row + 1):
            cell = ws._cells.get((r, nd))  # noqa: SLF001
            if isinstance(cell, Cell) and self.g.get(r, nd) and self.g.style(r, nd) != OWN_GROUP_STYLE and cell.font:
                size = float(cell.font.sz or 12)
                if size != 12 and 9 <= size <= 14:
                    model["co_chu"] = size
                break


# ---- the workbook ---------------------------------------------------------------------------

def _validation_problems(e: ValidationError, f: str, sheet: str) -> list[Problem]:
    out = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()))
        out.append(Problem(f, _where(sheet), f"dữ liệu nhập không hợp lệ ({loc}): {err.get('msg', '')}"))
    return out


def doc_phu_luc_xlsx(path: Path) -> tuple[list[PhuLuc], list[Problem]]:
    """The annexes of an .xlsx (one per sheet holding a task table) and the warnings for every value
    guessed or not placed, each with its place ("Sheet 'Phụ lục', ô B7"). Raises InputError, located,
    when the file cannot be read, a value cannot be held, or no sheet holds a task table."""
    path = Path(path)
    f = str(path)
    wb, parts = _open(path, f)
    warn: list[Problem] = []
    errors: list[Problem] = []
    grids = _grids(wb, parts, f, warn)
    annexes: list[PhuLuc] = []
    missing: list[Problem] = []
    for g in grids:
        before = len(errors)
        data = _SheetReader(g, f, warn, errors).read(len(annexes) + 1)
        if data is None:
            if g.text:
                missing.append(Problem(f, _where(g.name), "không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề có cột "
                                                          "“Nội dung” (hoặc “Nội dung thực hiện”, “Tên nhiệm vụ”) và ít "
                                                          "nhất một cột khác như “TT”, “Cơ quan chủ trì”, “Tiến độ”, "
                                                          f"trong {HEAD_SCAN_ROWS} dòng đầu, và ít nhất một dòng "
                                                          "nhiệm vụ dưới nó"))
            continue
        if len(errors) > before:
            continue
        try:
            annexes.append(PhuLuc.model_validate(data))
        except ValidationError as e:
            errors += _validation_problems(e, f, g.name)
    if errors:
        raise InputError(errors)
    if not annexes:
        raise InputError(missing or [Problem(f, "", "bảng tính không có sheet nào chứa dữ liệu")])
    for p in missing:
        warn.append(Problem(p.file, p.path, p.message.replace("không tìm thấy bảng nhiệm vụ", "sheet không có bảng "
                                                                                            "nhiệm vụ, được bỏ qua")))
    return annexes, warn
