"""A filled return form (phiếu báo cáo, made by ``vanban.render.xlsx_bieu_mau``) -> PhieuBaoCao.

Lenient where a clerk expects it: Unicode form, stray spaces, the status in any case or typed
without its diacritics ("da hoan thanh"), "Hoàn thành" for "Đã hoàn thành", percentages typed as
80, "80%", "80,5" or stored by Excel as 0.8 with a percent format, empty rows, rows in any order
(matched by "Mã nhiệm vụ", never by position), columns found by their titles.

Strict where a guess could corrupt a report: an unknown status, a percentage that is not a number
or lies outside 0–100, a task id not assigned by the form, the same task twice, a row with results
but no task id, a row with results but no status (decision, documented: refused, never counted
as "not reported"; the clerk chooses the status), a formula whose value was never computed (the
file was written by a program and never opened in Excel), a formula whose value is an error, a
form of another version or not made by vanban, missing sheets, a file that is not an .xlsx. Every
problem of the file is reported at once (``InputError``), each with its place in Excel terms
("Sheet 'Kết quả', ô F12").

Every text read is cleaned once, right after loading (``_lam_sach``): Excel's ``_xHHHH_`` escapes
decoded (a vertical tab, Word's manual line break pasted into a cell, becomes a line break),
characters XML cannot hold removed (``vanban.safety``), invisible and direction characters
removed (``vanban.text.ky_tu_an``), NFC. What changes nothing counted but the clerk should see
(a formula whose saved value is used, an invisible character removed) is a located warning in
``PhieuBaoCao.canh_bao``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .. import safety
from ..model.van_ban import MAX_SO
from ..errors import InputError, Problem, o_bang_tinh
from ..oxml import sheet as sheet_xml
from ..model.bao_cao import (CHUA_THUC_HIEN, DA_HOAN_THANH, DANG_THUC_HIEN, TINH_TRANG, KetQuaNhiemVu,
                             NhiemVuPhieu, PhieuBaoCao, ThongTinBaoCao)
from ..model.van_ban import parse_ngay
from ..text.ky_tu_an import bo_ky_tu_an, mo_ta, tim_ky_tu_an
from .yaml_file import ngay_dd_mm_yyyy
from ..model.bieu_mau import (COT_KET_QUA, META_TASK, MUC_NOI_DUNG, PHIEN_BAN, QUYEN_HAN, SHEET_KET_QUA,
                             SHEET_META, SHEET_NOI_DUNG, SHEET_THONG_TIN, THONG_TIN)

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024  # a 20 MB file that unpacks to more is not a form
MAX_ROWS = 5000  # a form holds a plan's tasks; a cell beyond is a stray key press far away
MAX_COLUMNS = 100
HEAD_SCAN_ROWS = 30
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # as NhiemVu.id

_STATUS = {"da hoan thanh": DA_HOAN_THANH, "hoan thanh": DA_HOAN_THANH,
           "dang thuc hien": DANG_THUC_HIEN, "chua thuc hien": CHUA_THUC_HIEN}
_ROLE = {"chu tri": "chu_tri", "phoi hop": "phoi_hop"}
_QUYEN_HAN = {q.rstrip(".").upper(): q for q in (*QUYEN_HAN, "TM.+KT.", "TL.+KT.")}
_TINH_TRANG_TEXT = ", ".join(f"“{s}”" for s in TINH_TRANG)
# Editable columns of "Kết quả": a row is empty when all of them are.
_INPUT_FIELDS = ("tinh_trang", "ty_le", "ket_qua", "san_pham", "kho_khan", "de_xuat")
_FIELD_NAMES = {"ty_le": "tỷ lệ hoàn thành", "ket_qua": "kết quả thực hiện", "san_pham": "sản phẩm",
                "kho_khan": "khó khăn", "de_xuat": "đề xuất"}


# ---- small readers --------------------------------------------------------------------------

_where = o_bang_tinh  # the place of a cell, as every message names it


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _one_line(value) -> str:
    """A short value as text: NFC, spaces collapsed, ends stripped."""
    return _nfc(" ".join(_nfc(_as_text(value)).split()))


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _long_text(value) -> str | None:
    """Free text: NFC, line breaks kept (one blank line at most), spaces inside lines collapsed."""
    s = _nfc(_as_text(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in s.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    text = _nfc("\n".join(out).strip())
    return text or None


def _fold(s: str) -> str:
    """Lower case, no diacritics, "đ" as "d", single spaces, no closing dot: for matching words."""
    s = unicodedata.normalize("NFD", _nfc(s).casefold().replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.split()).rstrip(".").strip()


def _key(s) -> str:
    """Column titles and labels compared without regard to case, spacing or Unicode form."""
    return " ".join(_nfc(_as_text(s)).split()).casefold()


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---- opening the file -----------------------------------------------------------------------

_LIMITS = safety.Limits(max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED)
_KIND = safety.PackageKind(
    "phiếu báo cáo .xlsx đã điền",
    ole="tệp là bảng tính Excel 97-2003 (.xls) hoặc tệp .xlsx có mật khẩu mở; mở bằng Excel, bỏ mật khẩu (nếu có) "
        "rồi lưu lại dạng “Excel Workbook (.xlsx)”",
    not_zip=lambda other: ("không phải tệp Excel .xlsx" + (f" mà là {other}" if other else " (nội dung không phải "
                                                                                            "bảng tính)")
                           + "; dùng tệp phiếu báo cáo đã nhận, lưu dạng “Excel Workbook (.xlsx)”"),
    broken="tệp .xlsx bị hỏng (không giải nén được); lưu lại phiếu bằng Excel rồi gửi lại")


# Parts kept from the check in ``_open`` for ``_lam_sach`` (formulas, escapes).
_WORKBOOK, _WORKBOOK_RELS, _SHARED = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"


def _open(path: Path, f: str, fast: bool = True) -> tuple[Workbook, dict[str, bytes]]:
    """The workbook, after the file passed the shared limits (``vanban.safety``): size, zip
    bomb, DTD/entity tricks (openpyxl parses through defusedxml), far-away cells; with the bytes
    of the workbook, shared strings, styles and worksheet parts (read once, for the DTD check).
    A plain return (``_open_plain``) is read by calamine, any other by openpyxl (``fast``
    False: always openpyxl)."""
    def fail(message: str):
        raise InputError([Problem(f, "", message)])

    try:
        parts = safety.workbook_parts(path, _KIND, _LIMITS, lambda name: name in (_WORKBOOK, _WORKBOOK_RELS, _SHARED,
                                                                                   _STYLES)
                                      or name.startswith("xl/worksheets/"), "lưu lại dạng “Excel Workbook (.xlsx)”")
    except safety.PackageError as e:
        fail(str(e))
    if fast:
        book = _open_plain(path, parts)
        if book is not None:
            return book, parts
    try:
        with warnings.catch_warnings(), path.open("rb") as fh:
            warnings.simplefilter("ignore")  # unsupported extensions (slicers, ...) are not our concern
            # A file object: openpyxl then does not judge the file by its name (a form saved as
            # "phieu.XLSX.download" or without extension is still read by its content).
            wb = load_workbook(fh, read_only=False, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged parts; none is for the user
        fail("không đọc được bảng tính (tệp .xlsx bị hỏng hoặc không đúng định dạng); lưu lại phiếu bằng "
             "Excel dạng “Excel Workbook (.xlsx)” rồi gửi lại")
    far = []
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            cell = _far_cell(ws)
            far.append(Problem(f, _where(ws.title, cell), f"có dữ liệu hoặc định dạng ở ô quá xa bảng (ô {cell}; phiếu "
                                                          f"không quá {MAX_ROWS} dòng, {MAX_COLUMNS} cột); xóa các "
                                                          "dòng, cột thừa ở cuối sheet rồi lưu lại"))
    if far:
        raise InputError(far)
    return wb, parts


# ---- a plain return, read by calamine ----------------------------------------------------------
#
# openpyxl builds every cell, style and merge of the five sheets (about 90 ms a return); calamine
# (Rust) reads the values in a tenth of that. It is used for a return whose reading needs nothing
# but values, as a clerk's return almost always is: no formula, no Excel escape, no merge over
# several rows in "Kết quả", no number format that makes a number a date or a percentage, no
# error or ISO-date cell, every cell with its address, no cell beyond the limits. Anything else
# goes to openpyxl, so every rule and message stays that of one reader.

_BUILTIN_SAFE_FORMATS = {0, 1, 2, 3, 4, 11, 12, 13, 37, 38, 39, 40, 48, 49}  # General, numbers, text
_NUM_FMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_XF_FMT = re.compile(rb'numFmtId="(\d+)"')
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_TYPE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="(e|d)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"')


def _plain_formats(styles: bytes | None) -> bool:
    """No cell style turns a number into a date, a time or a percentage."""
    if styles is None:
        return True
    custom = {}
    for fid, code in _NUM_FMT.findall(styles):
        text = re.sub(rb'"[^"]*"|\\.|\[[^\]]*\]', b"", code).lower()
        custom[int(fid)] = not re.search(rb"[%dmyhs]", text.replace(b"general", b""))
    xfs = _CELL_XFS.search(styles)
    for fid in _XF_FMT.findall(xfs.group(0) if xfs else b""):
        n = int(fid)
        if not (custom[n] if n in custom else n in _BUILTIN_SAFE_FORMATS):
            return False
    return True


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _O:
    """A cell of a plain return: its value (``_value`` as openpyxl's Cell keeps it) and a number
    format that never holds a percent sign (``_plain_formats``)."""

    __slots__ = ("_value",)
    number_format = "General"

    def __init__(self, value=None):
        self._value = value

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        self._value = v


class _Merges:
    ranges: tuple = ()  # only merges within one row: ``_unmerge_columns`` leaves them alone


class _Sheet:
    """What the reader asks of a worksheet: its title, size, cells by position, rows of values."""

    merged_cells = _Merges()

    def __init__(self, title: str, state: str, cells: dict, max_row: int, max_column: int):
        self.title, self.sheet_state, self._cells = title, state, cells
        self.max_row, self.max_column = max_row, max_column

    def cell(self, row: int, column: int) -> _O:
        return self._cells.get((row, column)) or _O()

    def iter_rows(self, values_only: bool = True):
        get = self._cells.get
        for r in range(1, self.max_row + 1):
            yield tuple((c.value if (c := get((r, k))) is not None else None) for k in range(1, self.max_column + 1))


class _Book:
    def __init__(self, sheets: list[_Sheet]):
        self.worksheets = sheets
        self.sheetnames = [ws.title for ws in sheets]
        self._by_name = {ws.title: ws for ws in sheets}

    def __getitem__(self, name: str) -> _Sheet:
        return self._by_name[name]


def _value(v):
    """A calamine value as openpyxl gives it: a whole number stored as such is an int, an empty
    cell None."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    if v == "":
        return None
    return v


def _open_plain(path: Path, parts: dict[str, bytes]) -> _Book | None:
    """The return read by calamine, or None when it is not plain (see above) or calamine fails."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # the fast reader is optional: openpyxl reads everything
        return None
    if parts.get(_SHARED) is not None and sheet_xml.has_escape(parts[_SHARED]):
        return None
    if not _plain_formats(parts.get(_STYLES)):
        return None
    try:
        where = sheet_xml.sheet_parts(parts[_WORKBOOK], parts.get(_WORKBOOK_RELS))
    except (KeyError, sheet_xml.SheetXmlError):
        return None
    size: dict[str, tuple[int, int]] = {}
    for name, part in where.items():
        data = parts.get(part)
        if data is None:
            return None
        if sheet_xml.has_formula(data) or sheet_xml.has_escape(data) or _CELL_TYPE.search(data):
            return None
        refs = _CELL_REF.findall(data)
        if len(refs) != len(_CELL_OPEN.findall(data)):  # a cell without its address
            return None
        rows = max((int(r) for _, r in refs), default=1)
        cols = max((_column(c) for c, _ in refs), default=1)
        if rows > MAX_ROWS or cols > MAX_COLUMNS:
            return None  # openpyxl finds the far cell for the message
        if name == SHEET_KET_QUA and any(m[3] and m[3] != m[1] for m in _MERGE.findall(data)):
            return None
        size[name] = (rows, cols)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = CalamineWorkbook.from_path(str(path))
            states = {m.name: m.visible for m in wb.sheets_metadata}
            sheets = []
            for name in wb.sheet_names:
                if name not in size:
                    return None
                cells = {}
                if name in _READ_SHEETS:  # the others ("Hướng dẫn") are only named
                    rows_ = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                    for i, row in enumerate(rows_, start=1):
                        for j, v in enumerate(row, start=1):
                            if v != "":
                                cells[(i, j)] = _O(_value(v))
                rows, cols = size[name]
                state = str(states.get(name, "visible")).rsplit(".", 1)[-1].lower()
                sheets.append(_Sheet(name, {"hidden": "hidden", "veryhidden": "veryHidden"}.get(state, "visible"),
                                     cells, rows, cols))
    except Exception:  # noqa: BLE001 -- a file calamine cannot read: openpyxl says why
        return None
    return _Book(sheets)


def _unmerge_columns(ws: Worksheet, f: str, problems: list[Problem]) -> None:
    """Cells a clerk merged down one column of "Kết quả" (one status typed for three tasks): the
    value shown applies to every row it covers, as anyone reading the sheet understands it; each
    row gets it. Merges across columns of one row are left alone (the value stays in the first
    column). A merge over several rows and several columns of the table (below its titles) is
    refused: whether its value is one task's or every row's is not sure, and the rows it covers
    would read empty."""
    id_title = _key(COT_KET_QUA[0][1])
    head = next((r for r in range(1, min(ws.max_row, HEAD_SCAN_ROWS) + 1)
                 if any(_key(ws.cell(r, c).value) == id_title for c in range(1, ws.max_column + 1))), None)
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == rng.max_row:
            continue
        if rng.min_col != rng.max_col:
            if head is not None and rng.max_row > head:
                problems.append(Problem(f, _where(ws.title, rng.coord),
                                        f"ô gộp {rng.coord} trải qua nhiều dòng và nhiều cột của bảng; bỏ gộp ô "
                                        "(Merge & Center → Unmerge Cells) và ghi riêng từng ô của từng dòng"))
            continue
        top = ws.cell(rng.min_row, rng.min_col)
        value, fmt = top.value, top.number_format
        ws.unmerge_cells(str(rng))
        for r in range(rng.min_row + 1, rng.max_row + 1):
            c = ws.cell(r, rng.min_col)
            c.value, c.number_format = value, fmt


def _far_cell(ws: Worksheet) -> str:
    """The coordinate of the farthest cell the sheet holds (the one a clerk must delete)."""
    best = (0, 0)
    for (r, c) in ws._cells:  # noqa: SLF001 -- iterating ws.iter_rows would create every cell
        if r > MAX_ROWS or c > MAX_COLUMNS:
            best = max(best, (r, c))
    if best == (0, 0):
        best = (ws.max_row, ws.max_column)
    return f"{get_column_letter(best[1])}{best[0]}"


# ---- formulas and text, once for the whole workbook -----------------------------------------

_READ_SHEETS = (SHEET_META, SHEET_THONG_TIN, SHEET_KET_QUA, SHEET_NOI_DUNG)
_SHOWN = 60  # characters of a formula or value quoted in a message


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _clean_text(text: str) -> tuple[str, list[str]]:
    """(text as the reader uses it, the invisible characters removed): a vertical tab (Word's
    manual line break, pasted) as a line break, characters XML cannot hold removed, invisible and
    direction characters removed, NFC."""
    found = tim_ky_tu_an(text)
    if found:
        text = bo_ky_tu_an(text)
    return _nfc(safety.XML_ILLEGAL.sub("", text.replace("\x0b", "\n"))), found


def _formula_cells(wb: Workbook, parts: dict[str, bytes], names: list[str]) -> dict[str, sheet_xml.SheetCells]:
    """Sheet name -> its formula cells and escaped text cells, read from the sheet XML only for the
    parts whose bytes hold a formula or an escape (most returns have neither: nothing is parsed)."""
    shared_raw = parts.get(_SHARED)
    shared_escaped = shared_raw is not None and sheet_xml.has_escape(shared_raw)
    sheets = {n: d for n, d in parts.items() if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    if not shared_escaped and not any(sheet_xml.has_formula(d) or sheet_xml.has_escape(d) for d in sheets.values()):
        return {}
    shared = sheet_xml.shared_strings(shared_raw) if shared_escaped else None
    where = sheet_xml.sheet_parts(parts[_WORKBOOK], parts.get(_WORKBOOK_RELS))
    out = {}
    for name in names:
        data = sheets.get(where.get(name, ""))
        if data is not None and (shared_escaped or sheet_xml.has_formula(data) or sheet_xml.has_escape(data)):
            out[name] = sheet_xml.read_cells(data, shared, where[name])
    return out


def _lam_sach(wb: Workbook, parts: dict[str, bytes], f: str, problems: list[Problem],
              warnings: list[Problem]) -> None:
    """Clean every text cell of the sheets the reader reads (see the module notes) and judge every
    formula cell: no saved value or an error value is a problem; a saved value is used, with a
    warning. Cell values are replaced in the loaded workbook, never in the file."""
    names = [n for n in _READ_SHEETS if n in wb.sheetnames]
    try:
        info = _formula_cells(wb, parts, names)
    except sheet_xml.SheetXmlError:
        problems.append(Problem(f, "", "không đọc được bảng tính (tệp .xlsx bị hỏng hoặc không đúng định dạng); "
                                       "lưu lại phiếu bằng Excel dạng “Excel Workbook (.xlsx)” rồi gửi lại"))
        return
    for name in names:
        ws = wb[name]
        cells = ws._cells  # noqa: SLF001 -- the cells the file holds, none created
        got = info.get(name)
        if got is not None:
            for rc, text in got.texts.items():
                cell = cells.get(rc)
                if isinstance(cell, (Cell, _O)):
                    cell._value = text  # noqa: SLF001 -- the setter would cut text and guess formulas
        for rc, cell in cells.items():
            if not isinstance(cell, (Cell, _O)) or not isinstance(cell._value, str):  # noqa: SLF001
                continue
            text, found = _clean_text(cell._value)  # noqa: SLF001
            if text != cell._value:  # noqa: SLF001
                cell._value = text  # noqa: SLF001
            if found:
                warnings.append(Problem(f, _where(name, f"{get_column_letter(rc[1])}{rc[0]}"),
                                        f"đã bỏ {mo_ta(found)}: ký tự không hiển thị hoặc đổi chiều chữ, "
                                        "thường do dán từ trang web hay phần mềm khác; kiểm tra lại nội dung ô"))
        if got is None:
            continue
        for (r, c), fm in sorted(got.formulas.items()):
            place = _where(name, f"{get_column_letter(c)}{r}")
            shown = f"ô có công thức “={_quote(fm.text)}”" if fm.text else "ô có công thức"
            cell = cells.get((r, c))
            if not fm.saved or fm.error:
                if isinstance(cell, Cell):
                    cell._value = None  # noqa: SLF001
                if fm.error:
                    problems.append(Problem(f, place, f"{shown} cho kết quả lỗi “{fm.error}”; sửa công thức "
                                                      "hoặc ghi thẳng giá trị vào ô"))
                else:
                    problems.append(Problem(f, place, f"{shown} nhưng chưa có giá trị đã tính (tệp được tạo "
                                                      "hoặc sửa bằng chương trình, chưa mở bằng Excel); mở tệp "
                                                      "bằng Excel hoặc LibreOffice, lưu lại (công thức được tính "
                                                      "và lưu giá trị) rồi gửi lại, hoặc ghi thẳng giá trị thay "
                                                      "cho công thức"))
                continue
            value = _one_line(cell.value) if isinstance(cell, Cell) else ""
            used = f"giá trị đã lưu “{_quote(value)}”" if value else "giá trị đã lưu (ô trống)"
            warnings.append(Problem(f, place, f"{shown}; dùng {used}; nên ghi thẳng giá trị thay cho công thức"))


# ---- "_vanban" ------------------------------------------------------------------------------

@dataclass
class _Meta:
    phien_ban: str = ""
    ke_hoach: str = ""
    ky: str = ""
    co_quan: str = ""
    trich_dan: str = ""
    chot_so_lieu: str = ""
    tasks: dict[str, str] = field(default_factory=dict)  # id -> role, in plan order


def _meta(wb: Workbook, f: str, problems: list[Problem]) -> _Meta | None:
    if SHEET_META not in wb.sheetnames:
        problems.append(Problem(f, "", f"không phải phiếu báo cáo do vanban tạo (thiếu sheet ẩn “{SHEET_META}” "
                                       "chứa mã phiếu); dùng đúng tệp phiếu đã nhận, không chép nội dung sang "
                                       "tệp khác"))
        return None
    ws = wb[SHEET_META]
    meta = _Meta()
    for row in ws.iter_rows(values_only=True):
        if not row or _empty(row[0]):
            continue
        key = _one_line(row[0])
        value = _one_line(row[1]) if len(row) > 1 else ""
        if key == META_TASK:
            role = _one_line(row[2]) if len(row) > 2 else ""
            if value and role in ("chu_tri", "phoi_hop"):
                meta.tasks.setdefault(value, role)
        elif key in ("phien_ban", "ke_hoach", "ky", "co_quan", "trich_dan", "chot_so_lieu"):
            setattr(meta, key, value)
    if meta.phien_ban != PHIEN_BAN:
        if meta.phien_ban.startswith("vanban-bieumau-"):
            msg = (f"phiếu thuộc phiên bản khác (“{meta.phien_ban}”); chương trình này đọc phiếu phiên bản "
                   f"“{PHIEN_BAN}”; dùng phiếu do cùng phiên bản chương trình tạo")
        else:
            msg = (f"không phải phiếu báo cáo do vanban tạo (sheet ẩn “{SHEET_META}” không ghi phiên bản "
                   f"“{PHIEN_BAN}”)")
        problems.append(Problem(f, _where(SHEET_META), msg))
        return None
    if not meta.ky:
        problems.append(Problem(f, _where(SHEET_META), "phiếu không ghi kỳ báo cáo; dùng đúng tệp phiếu đã nhận"))
    return meta


def _sheet(wb: Workbook, name: str, f: str, problems: list[Problem]) -> Worksheet | None:
    if name in wb.sheetnames:
        return wb[name]
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    have = ", ".join(f"“{n}”" for n in visible) or "không có"
    problems.append(Problem(f, _where(name), f"không có sheet “{name}” (sheet bị đổi tên hoặc bị xóa; các sheet "
                                             f"hiện có: {have}); giữ nguyên tên sheet của phiếu"))
    return None


# ---- "Kết quả" ------------------------------------------------------------------------------

# Marks a clerk may put in the status column instead of a status. Decision (documented): they
# are refused, not read as "Đã hoàn thành": "x" is written both as a tick and as a cross (✗,
# "chưa"), and a tick says the row was seen, not which of the three statuses holds; a wrong
# guess would count an unfinished task as finished in the consolidated report.
_MARKS = {"x", "✓", "✔", "☑", "✗", "✘", "☒", "v", "ok", "+", "-", "*"}


def _status(value) -> tuple[str | None, str | None]:
    """(status, error message). Lenient on case, spaces, diacritics and Unicode form; a mark
    such as "x" or "✓" is refused with a message (see ``_MARKS``)."""
    if _empty(value):
        return None, None
    text = _one_line(value)
    got = _STATUS.get(_fold(text))
    if got:
        return got, None
    if _fold(text) == "qua han":
        return None, (f"không ghi “Quá hạn” (cơ quan tổng hợp xác định theo tiến độ); chọn một trong "
                      f"{_TINH_TRANG_TEXT}")
    if _fold(text) in _MARKS or isinstance(value, bool):
        return None, (f"dấu “{text}” không cho biết tình trạng (có thể hiểu là đã xong hoặc là chưa làm); ghi "
                      f"rõ một trong {_TINH_TRANG_TEXT}")
    return None, f"tình trạng “{text}” không hợp lệ; chọn một trong {_TINH_TRANG_TEXT}"


_PERCENT_TEXT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


def _percent(value, number_format: str | None) -> tuple[float | None, str | None]:
    """(percent, error message)."""
    if _empty(value):
        return None, None
    bad = "ghi số từ 0 đến 100, ví dụ 80 hoặc 80%"
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime, dt.time)):
        return None, f"tỷ lệ hoàn thành “{_as_text(value)}” không phải là số; {bad}"
    if isinstance(value, (int, float)):
        v = float(value)
        if "%" in (number_format or ""):  # Excel keeps 80% as 0.8 and shows it with a percent format
            v *= 100
    else:
        text = _one_line(value)
        s = text.replace(" ", "").removesuffix("%")
        s = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in s)  # "８０", "٨٠"
        if "," in s and "." not in s:  # a Vietnamese decimal comma: "80,5"
            s = s.replace(",", ".")
        if not _PERCENT_TEXT.fullmatch(s):  # not "1_0", "1e2", "inf": Python would read them
            return None, f"tỷ lệ hoàn thành “{text}” không phải là số; {bad}"
        v = float(s)
    if math.isnan(v) or math.isinf(v):
        return None, f"tỷ lệ hoàn thành không phải là số; {bad}"
    v = round(v, 6) + 0.0  # never "-0"
    if not 0 <= v <= 100:
        return None, f"tỷ lệ hoàn thành {v:g}% nằm ngoài khoảng 0–100; {bad}"
    return v, None


def _task_id(value) -> str:
    return "".join(_one_line(value).split())


def _ket_qua(ws: Worksheet, meta: _Meta | None, f: str, problems: list[Problem],
             listed: list[NhiemVuPhieu] | None = None) -> list[KetQuaNhiemVu]:
    """The result rows; ``listed`` receives every task row of the sheet (filled or not)."""
    sheet = ws.title
    titles = {_key(t): fld for fld, t in COT_KET_QUA}
    head_row, cols = None, {}
    for r in range(1, min(ws.max_row, HEAD_SCAN_ROWS) + 1):
        found = {}
        for c in range(1, ws.max_column + 1):
            fld = titles.get(_key(ws.cell(r, c).value))
            if fld and fld not in found:
                found[fld] = c
        if "id" in found:
            head_row, cols = r, found
            break
    if head_row is None:
        problems.append(Problem(f, _where(sheet), f"không tìm thấy dòng tiêu đề có cột “{COT_KET_QUA[0][1]}”; "
                                                  "không xóa hay sửa dòng tiêu đề của bảng"))
        return []
    need = ["id", "vai_tro", *_INPUT_FIELDS]
    missing = [t for fld, t in COT_KET_QUA if fld in need and fld not in cols]
    if missing:
        problems.append(Problem(f, _where(sheet, row=head_row),
                                "thiếu cột " + ", ".join(f"“{t}”" for t in missing)
                                + "; không xóa hay đổi tên cột của bảng"))
        return []

    assigned = meta.tasks if meta is not None and meta.tasks else None
    blank_form = meta is not None and not meta.tasks
    rows: dict[str, KetQuaNhiemVu] = {}
    first_seen: dict[str, int] = {}

    def at(r: int, fld: str) -> str:
        return _where(sheet, f"{get_column_letter(cols[fld])}{r}")

    seen_listed: set[str] = set()
    for r in range(head_row + 1, ws.max_row + 1):
        cells = {fld: ws.cell(r, c) for fld, c in cols.items()}
        values = {fld: c.value for fld, c in cells.items()}
        lid = _task_id(values["id"])
        if listed is not None and lid and ID_PATTERN.match(lid) and lid not in seen_listed:
            lrole = assigned.get(lid) if assigned is not None else _ROLE.get(_fold(_one_line(values["vai_tro"])))
            if lrole is not None:
                seen_listed.add(lid)
                listed.append(NhiemVuPhieu(
                    id=lid, vai_tro=lrole, tt=_one_line(values.get("tt")) or None,
                    noi_dung=_long_text(values.get("noi_dung")), tien_do=_one_line(values.get("tien_do")) or None))
        r_kq = doc_dong_ket_qua(values, f, lambda fld, r=r: at(r, fld), problems, assigned=assigned,
                                blank_form=blank_form, seen=first_seen, dong=r,
                                dinh_dang_ty_le=cells["ty_le"].number_format)
        if r_kq is not None:
            rows[r_kq.id] = r_kq
    if assigned is not None:  # plan order, whatever order the clerk sorted the rows in
        return [rows[t] for t in assigned if t in rows]
    return list(rows.values())


def doc_dong_ket_qua(values: Mapping[str, object], f: str, at: Callable[[str], str], problems: list[Problem], *,
                     assigned: Mapping[str, str] | None = None, blank_form: bool = False,
                     seen: dict[str, int | None] | None = None, dong: int | None = None,
                     dinh_dang_ty_le: str | None = None) -> KetQuaNhiemVu | None:
    """One task row of results by the rules of a return, wherever it was typed (a row of the .xlsx
    form's "Kết quả" sheet, or a task of the web form): ``values`` maps the fields of
    ``COT_KET_QUA`` ("id", "vai_tro", "tinh_trang", "ty_le", "ket_qua", "san_pham", "kho_khan",
    "de_xuat") to what was typed; ``at(field)`` names the place of a field in messages.

    The row's result, or None when nothing was reported on it (every input field empty) or when
    it is refused; each problem (unknown status, a percentage that is not one, results without a
    status, a task id not among ``assigned``, the same task twice in ``seen``) is appended to
    ``problems`` at its place. ``assigned``: task id -> the plan's role (the role typed is then
    ignored); ``blank_form``: a form without assigned tasks; ``seen``: task id -> the ``dong`` it
    was first read at, filled as rows are read; ``dinh_dang_ty_le``: the percentage cell's number
    format (Excel keeps 80% as 0.8)."""
    if all(_empty(values.get(k)) for k in _INPUT_FIELDS):
        return None  # nothing reported on this row
    tid = _task_id(values["id"])
    if not tid:
        problems.append(Problem(f, at("id"), "dòng có kết quả nhưng không có mã nhiệm vụ; ghi kết quả vào "
                                            "đúng dòng của nhiệm vụ"
                                            + (" và ghi mã nhiệm vụ" if blank_form else "")))
        return None
    ok = True
    if not ID_PATTERN.match(tid):
        problems.append(Problem(f, at("id"), f"mã nhiệm vụ “{tid}” không hợp lệ (chỉ gồm chữ không dấu, "
                                            "chữ số, dấu chấm, gạch nối, gạch dưới)"))
        ok = False
    elif assigned is not None and tid not in assigned:
        problems.append(Problem(f, at("id"), f"mã nhiệm vụ “{tid}” không có trong danh sách nhiệm vụ giao "
                                            "cho cơ quan trong phiếu này; không thêm dòng hay sửa mã "
                                            "nhiệm vụ"))
        ok = False
    if seen is not None and tid in seen:
        problems.append(Problem(f, at("id"), f"nhiệm vụ “{tid}” đã có ở dòng {seen[tid]}; mỗi nhiệm "
                                            "vụ chỉ ghi một dòng"))
        ok = False
    elif seen is not None:
        seen[tid] = dong

    if assigned is not None and tid in assigned:
        role = assigned[tid]  # the plan's role, whatever the sheet shows
    else:
        role = _ROLE.get(_fold(_one_line(values["vai_tro"])))
        if role is None:
            shown = _one_line(values["vai_tro"])
            what = f"vai trò “{shown}” không hợp lệ" if shown else "chưa ghi vai trò"
            problems.append(Problem(f, at("vai_tro"), f"{what}; chọn “Chủ trì” hoặc “Phối hợp”"))
            ok = False

    status, err = _status(values["tinh_trang"])
    if err:
        problems.append(Problem(f, at("tinh_trang"), err))
        ok = False
    elif status is None:  # results without a status: refused, never counted as not reported
        filled = [_FIELD_NAMES[k] for k in _INPUT_FIELDS if k != "tinh_trang" and not _empty(values[k])]
        problems.append(Problem(f, at("tinh_trang"), f"dòng có {', '.join(filled)} nhưng chưa chọn tình "
                                                    f"trạng; chọn một trong {_TINH_TRANG_TEXT}"))
        ok = False
    ty_le, err = _percent(values["ty_le"], dinh_dang_ty_le)
    if err:
        problems.append(Problem(f, at("ty_le"), err))
        ok = False
    if not ok:
        return None
    return KetQuaNhiemVu(
        id=tid, vai_tro=role, tinh_trang=status, ty_le=ty_le,
        ket_qua=_long_text(values["ket_qua"]), san_pham=_long_text(values["san_pham"]),
        kho_khan=_long_text(values["kho_khan"]), de_xuat=_long_text(values["de_xuat"]), dong=dong)


# ---- "Thông tin báo cáo" and "Nội dung báo cáo" ---------------------------------------------

def doc_truong_thong_tin(fld: str, value) -> tuple[object, str | None]:
    """One field of "Thông tin báo cáo" (a ``THONG_TIN`` field) by the rules of a return, wherever
    it was typed: (the value a ``ThongTinBaoCao`` holds, None when empty or refused; the error
    message when refused). "Số" a positive whole number, "Ngày" a date (15/12/2026, 15-12-2026,
    "ngày 15 tháng 12 năm 2026"), "Quyền hạn ký" one of ``QUYEN_HAN``; the others one line."""
    if _empty(value):
        return None, None
    if fld == "so":
        # at most MAX_SO digits, as in a plan's YAML (a 5,000-digit "số" is refused, not converted)
        n = None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
                and abs(value) < 10 ** MAX_SO:
            n = int(value)
        elif isinstance(value, str) and _one_line(value).isdecimal() and len(_one_line(value).lstrip("0")) <= MAX_SO:
            n = int(_one_line(value).lstrip("0") or "0")  # not "²", "①": digits, not numbers
        if n is None or n < 1:
            shown = _as_text(value)
            shown = shown if len(shown) <= 40 else shown[:40] + f"… ({len(shown)} ký tự)"
            return None, (f"số báo cáo “{shown}” không hợp lệ; ghi số nguyên dương (tối đa {MAX_SO} chữ số), "
                          "ví dụ 25, hoặc để trống")
        return n, None
    if fld == "ngay":
        try:
            d = parse_ngay(value if isinstance(value, (dt.date, dt.datetime))
                           else ngay_dd_mm_yyyy(_one_line(value)))  # also 15-12-2026, "ngày 15 tháng 12 năm 2026"
        except ValueError:
            return None, (f"ngày “{_as_text(value)}” không hợp lệ; ghi ngày/tháng/năm, ví dụ 15/12/2026, hoặc để "
                          "trống")
        return ("-".join(f"{p:02d}" if k else f"{p:04d}" for k, p in enumerate((d.nam, d.thang, d.ngay))
                         if p) or None), None
    if fld == "quyen_han":
        text = _one_line(value)
        q = _QUYEN_HAN.get(text.upper().replace(" ", "").rstrip("."))
        if q is None:
            return None, (f"quyền hạn ký “{text}” không hợp lệ; chọn một trong "
                          + ", ".join(f"“{x}”" for x in QUYEN_HAN) + " hoặc để trống")
        return q, None
    return _one_line(value) or None, None


def _thong_tin(ws: Worksheet, meta: _Meta | None, f: str, problems: list[Problem]) -> ThongTinBaoCao | None:
    sheet = ws.title
    labels = {_key(label): fld for fld, label, _ in THONG_TIN}
    where: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        fld = labels.get(_key(ws.cell(r, 1).value))
        if fld and fld not in where:
            where[fld] = r
    missing = [label for fld, label, _ in THONG_TIN if fld not in where]
    if missing:
        problems.append(Problem(f, _where(sheet), "thiếu mục " + ", ".join(f"“{m}”" for m in missing)
                                                  + " ở cột A; không xóa hay sửa tên các mục"))
        return None
    out: dict[str, object] = {"o": {fld: f"B{r}" for fld, r in where.items()}}
    bad = False
    for fld, label, _ in THONG_TIN:
        r = where[fld]
        out[fld], err = doc_truong_thong_tin(fld, ws.cell(r, 2).value)
        if err:
            problems.append(Problem(f, _where(sheet, f"B{r}"), err))
            bad = True
    if not out.get("ten_co_quan"):
        if meta is not None and meta.co_quan:
            out["ten_co_quan"] = meta.co_quan
        else:
            problems.append(Problem(f, _where(sheet, f"B{where['ten_co_quan']}"),
                                    "chưa ghi tên cơ quan báo cáo"))
            return None
    if bad:
        return None
    return ThongTinBaoCao(**out)


def _noi_dung(ws: Worksheet, f: str, problems: list[Problem]) -> dict[str, str | None]:
    sheet = ws.title
    by_number = {h.split(".")[0]: fld for fld, h in MUC_NOI_DUNG}
    by_title = {_key(h): fld for fld, h in MUC_NOI_DUNG}
    found: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        text = _one_line(ws.cell(r, 1).value)
        fld = by_title.get(_key(text))
        if fld is None:  # the heading's words may differ a little; its number may not
            m = re.match(r"^(I{1,3}|IV)\.\s", text)
            fld = by_number.get(m.group(1)) if m and len(text) < 120 else None
        if fld and fld not in found:
            found[fld] = r
    missing = [h for fld, h in MUC_NOI_DUNG if fld not in found]
    if missing:
        problems.append(Problem(f, _where(sheet), "thiếu tiêu đề mục " + ", ".join(f"“{m}”" for m in missing)
                                                  + " ở cột A; không xóa hay sửa tiêu đề các mục"))
    return {fld: _long_text(ws.cell(r + 1, 1).value) for fld, r in found.items()}


# ---- the form -------------------------------------------------------------------------------

def doc_phieu(path: Path | str) -> PhieuBaoCao:
    """Read a filled return form; raise InputError with every problem of the file. What the
    reader changed or assumed without refusing (see the module notes) is in ``canh_bao``."""
    path = Path(path)
    f = safety.display_path(path)  # a name of bytes that are not UTF-8 still makes a message and a report
    wb, parts = _open(path, f)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    _lam_sach(wb, parts, f, problems, warnings)
    if SHEET_KET_QUA in wb.sheetnames:
        _unmerge_columns(wb[SHEET_KET_QUA], f, problems)
    meta = _meta(wb, f, problems)
    ws_kq = _sheet(wb, SHEET_KET_QUA, f, problems)
    ws_tt = _sheet(wb, SHEET_THONG_TIN, f, problems)
    ws_nd = _sheet(wb, SHEET_NOI_DUNG, f, problems)
    listed: list[NhiemVuPhieu] = []
    ket_qua = _ket_qua(ws_kq, meta, f, problems, listed) if ws_kq is not None else []
    if meta is not None and meta.tasks:  # plan order
        order = {t: i for i, t in enumerate(meta.tasks)}
        listed = sorted((t for t in listed if t.id in order), key=lambda t: order[t.id])
    thong_tin = _thong_tin(ws_tt, meta, f, problems) if ws_tt is not None else None
    noi_dung = _noi_dung(ws_nd, f, problems) if ws_nd is not None else {}
    if problems:
        raise InputError(problems)
    assert meta is not None
    co_quan = meta.co_quan or (thong_tin.ten_co_quan if thong_tin else "")
    return PhieuBaoCao(tep=f, co_quan=co_quan, ky=meta.ky, ke_hoach=meta.ke_hoach or None,
                       trich_dan=meta.trich_dan or None, chot_so_lieu=meta.chot_so_lieu or None,
                       phien_ban=meta.phien_ban, thong_tin=thong_tin, ket_qua=ket_qua, nhiem_vu=listed,
                       canh_bao=warnings, **noi_dung)


# ---- a return typed in a web form -----------------------------------------------------------

# The web form's field names: per task "<field>.<task id>" for the fields of ``_INPUT_FIELDS``;
# "thong_tin.<field>" for those of ``THONG_TIN``; the parts I-IV by their ``MUC_NOI_DUNG`` field.
TRUONG_WEB_KET_QUA = _INPUT_FIELDS
_COT_TEN = dict(COT_KET_QUA)


def o_web(tid: str, fld: str, tt: str | None = None) -> str:
    """The place of a web form field in messages: "nhiệm vụ HY-1-01 (TT 1), Tình trạng"."""
    return f"nhiệm vụ {tid}" + (f" (TT {tt})" if tt else "") + f", {_COT_TEN[fld]}"


def chuan_hoa_nhiem_vu(nv: NhiemVuPhieu) -> NhiemVuPhieu:
    """A task row as the reader reads it back from the form (texts cleaned, one line or free text)."""
    return NhiemVuPhieu(id=nv.id, vai_tro=nv.vai_tro, tt=_one_line(nv.tt) or None,
                        noi_dung=_long_text(_clean_text(nv.noi_dung or "")[0]),
                        tien_do=_one_line(_clean_text(nv.tien_do or "")[0]) or None)


def doc_phieu_web(truong: Mapping[str, str], *, tep: str, co_quan: str, ky: str, nhiem_vu: list[NhiemVuPhieu],
                  ke_hoach: str | None = None, trich_dan: str | None = None,
                  chot_so_lieu: str | None = None) -> PhieuBaoCao:
    """A return typed in the web form -> PhieuBaoCao, by the same rules as ``doc_phieu``: each
    task's fields through ``doc_dong_ket_qua`` (with the plan's roles), each information field
    through ``doc_truong_thong_tin``, every text cleaned as a cell's text (invisible characters
    removed with a warning, NFC). ``truong``: field name -> text (names above); ``nhiem_vu``: the
    tasks the form lists (the agency's assignment, in plan order); the other arguments are what
    the .xlsx form carries in its hidden sheet. Raise InputError with every problem, each at its
    field (``o_web``)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []

    def text(name: str, where: str):
        value = truong.get(name)
        if value is None:
            return None
        cleaned, found = _clean_text(str(value))
        if found:
            warnings.append(Problem(tep, where, f"đã bỏ {mo_ta(found)}: ký tự không hiển thị hoặc đổi chiều chữ, "
                                                "thường do dán từ trang web hay phần mềm khác; kiểm tra lại nội "
                                                "dung"))
        return cleaned

    assigned = {t.id: t.vai_tro for t in nhiem_vu}
    ket_qua: list[KetQuaNhiemVu] = []
    seen: dict[str, int | None] = {}
    for t in nhiem_vu:
        values: dict[str, object] = {"id": t.id, "vai_tro": t.vai_tro}
        for fld in _INPUT_FIELDS:
            values[fld] = text(f"{fld}.{t.id}", o_web(t.id, fld, t.tt))
        r = doc_dong_ket_qua(values, tep, lambda fld, t=t: o_web(t.id, fld, t.tt), problems, assigned=assigned,
                             seen=seen)
        if r is not None:
            ket_qua.append(r)
    out: dict[str, object] = {"o": {}}
    labels = {fld: label for fld, label, _ in THONG_TIN}
    bad = False
    for fld, label, _ in THONG_TIN:
        where = f"Thông tin báo cáo, {label}"
        out[fld], err = doc_truong_thong_tin(fld, text(f"thong_tin.{fld}", where))
        if err:
            problems.append(Problem(tep, where, err))
            bad = True
    if not out.get("ten_co_quan"):
        out["ten_co_quan"] = co_quan
    noi_dung = {fld: _long_text(text(fld, heading)) for fld, heading in MUC_NOI_DUNG}
    if problems:
        raise InputError(problems)
    assert not bad and labels
    return PhieuBaoCao(tep=tep, co_quan=co_quan, ky=ky, ke_hoach=ke_hoach, trich_dan=trich_dan,
                       chot_so_lieu=chot_so_lieu, phien_ban=PHIEN_BAN, thong_tin=ThongTinBaoCao(**out),
                       ket_qua=ket_qua, nhiem_vu=list(nhiem_vu), canh_bao=warnings, **noi_dung)


def co_quan_cua_phieu(path: Path | str) -> str | None:
    """The agency a form names, read as leniently as possible (for a form refused by ``doc_phieu``,
    so a consolidation can still say whose return was refused). None when it cannot be made out."""
    path = Path(path)
    try:
        wb, _parts = _open(path, str(path))
        if SHEET_META in wb.sheetnames:
            for row in wb[SHEET_META].iter_rows(values_only=True):
                if row and _one_line(row[0]) == "co_quan" and len(row) > 1 and not _empty(row[1]):
                    return _one_line(row[1])
        if SHEET_THONG_TIN in wb.sheetnames:
            ws = wb[SHEET_THONG_TIN]
            label = _key(next(lb for fld, lb, _ in THONG_TIN if fld == "ten_co_quan"))
            for r in range(1, ws.max_row + 1):
                if _key(ws.cell(r, 1).value) == label and not _empty(ws.cell(r, 2).value):
                    return _one_line(ws.cell(r, 2).value)
    except (InputError, Exception):  # best effort only: the refusal itself is reported elsewhere
        return None
    return None
