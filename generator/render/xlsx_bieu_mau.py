"""One agency's return form (phiếu báo cáo) on a plan, for one reporting period, as a workbook.

Sheets: "Hướng dẫn" (how to fill it), "Thông tin báo cáo" (the agency's header and signer data
for its Báo cáo), "Kết quả" (one row per task assigned to the agency, the plan's columns locked,
the agency's columns editable, dropdowns and number checks), "Nội dung báo cáo" (the four parts
of the report's text), and "_vanban", a very hidden sheet with what identifies the form (version,
plan, period, agency, the tasks assigned and the agency's role in each). ``vanban.load.phieu``
reads a filled form back; the layout constants below are shared with it.

A form without tasks is a blank form: the agency writes its tasks itself in ``BLANK_ROWS``
unlocked rows.

The template ``templates/xlsx/bieu-mau.xlsx`` (built by ``tools/make_xlsx_template.py``) owns
what a user may restyle: the named cell styles, the column widths and the page setup of the four
sheets. Protection, number formats of the input cells and data validation are set here, whatever
the template says, since reading the form back depends on them.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..baocao.phan_cong import PhanCong
from ..errors import TemplateError
from ..safety import xml_text
from ..model import KeHoach
from ..model.bao_cao import TINH_TRANG, VAI_TRO
from ..text import danh_so, metrics
from ..text.than_van import plain
from ..text.thoi_han import CHOT_SO_LIEU, KyBaoCao
from ..layout import prepare
from .xlsx_phu_luc import (CELL_PADDING_PX, LINE_FACTOR, MAX_ROW_PT, PT_PER_PX, ROW_EXTRA_PT, WIDTH_SAFETY, Face,
                           named_faces, workbook_digit_px)
from ..model.bieu_mau import (COT_KET_QUA, META_TASK, MUC_NOI_DUNG, PHIEN_BAN, QUYEN_HAN, SHEET_HUONG_DAN,
                               SHEET_KET_QUA, SHEET_META, SHEET_NOI_DUNG, SHEET_THONG_TIN, SHEETS, THONG_TIN,
                               THONG_TIN_HEAD)
from ..resources import templates_dir

TEMPLATE = templates_dir("xlsx") / "bieu-mau.xlsx"
LOCKED_COLUMNS = 5
HEAD_ROW = 3  # title, sub-title, then the column titles
FIRST_ROW = HEAD_ROW + 1
BLANK_ROWS = 20
INPUT_LINES = 2  # room for two lines of the agency's text in every task row

NOI_DUNG_PT = 140  # height of each answer cell: the four parts fit one portrait page

TITLE, SUBTITLE, TEXT, HEAD, LABEL, LOCKED, LOCKED_MID, INPUT, INPUT_MID, INPUT_NUM, INPUT_PARA = (
    "VB Tiêu đề", "VB Phụ đề", "VB Văn bản", "VB Đầu bảng", "VB Mục", "VB Khóa", "VB Khóa giữa",
    "VB Nhập", "VB Nhập giữa", "VB Nhập số", "VB Nhập đoạn")
STYLES = (TITLE, SUBTITLE, TEXT, HEAD, LABEL, LOCKED, LOCKED_MID, INPUT, INPUT_MID, INPUT_NUM, INPUT_PARA)
EDITABLE = {INPUT, INPUT_MID, INPUT_NUM, INPUT_PARA}
TEXT_FORMAT = "@"  # typed "1/2" or "=..." stays text
DEFAULT_WIDTH = 13  # characters, a column the template does not size

_KET_QUA_STYLE = {"id": LOCKED_MID, "tt": LOCKED_MID, "noi_dung": LOCKED, "vai_tro": LOCKED_MID,
                  "tien_do": LOCKED_MID, "tinh_trang": INPUT_MID, "ty_le": INPUT_NUM}

_BLANK_STYLE = {"id": INPUT_MID, "tt": INPUT_MID, "vai_tro": INPUT_MID, "tien_do": INPUT_MID,
                "tinh_trang": INPUT_MID, "ty_le": INPUT_NUM}


class _Sheet:
    """Writes cells of one sheet and sizes its rows from Times New Roman metrics."""

    def __init__(self, ws: Worksheet, faces: dict[str, Face], digit_px: float):
        self.ws = ws
        self.faces = faces
        dims = ws.column_dimensions  # .get: reading must not add columns to the sheet
        self.widths_px = [
            ((dims.get(get_column_letter(j)) and dims[get_column_letter(j)].width) or DEFAULT_WIDTH) * digit_px
            for j in range(1, 40)]

    def put(self, row: int, col: int, value, style: str, span: int = 1, number_format: str | None = None):
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", value))
        if value not in (None, ""):
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula: "=", "+", "-", "@" stay as typed
        cell.style = style
        cell.protection = Protection(locked=style not in EDITABLE)
        if number_format is not None:
            cell.number_format = number_format
        elif style in (INPUT, INPUT_MID, INPUT_PARA):
            cell.number_format = TEXT_FORMAT
        if span > 1:  # after the style: merging copies the top-left cell's borders to the edges
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        return cell

    def text_pt(self, text: str, style: str, col: int, span: int = 1) -> float:
        f = self.faces[style]
        px = sum(self.widths_px[col - 1:col - 1 + span]) - CELL_PADDING_PX
        width = max(px * PT_PER_PX * WIDTH_SAFETY, f.size)
        lines = sum(len(metrics.wrap(part, width, f.size, f.bold, f.italic)) for part in text.split("\n"))
        return lines * f.size * LINE_FACTOR + ROW_EXTRA_PT

    def lines_pt(self, style: str, lines: int = 1) -> float:
        return lines * self.faces[style].size * LINE_FACTOR + ROW_EXTRA_PT

    def height(self, row: int, pt: float) -> None:
        self.ws.row_dimensions[row].height = round(min(pt, MAX_ROW_PT), 2)

    def line(self, row: int, text: str, style: str, span: int = 1, min_pt: float = 0) -> None:
        """One text row, merged across ``span`` columns."""
        self.put(row, 1, text, style, span)
        self.height(row, max(min_pt, self.text_pt(text, style, 1, span)))

    def protect(self, *, sort_filter: bool = False) -> None:
        p = self.ws.protection
        p.sheet = True  # no password: the lock guards against slips, not against intent
        p.selectLockedCells = p.selectUnlockedCells = False
        p.formatRows = p.formatColumns = False  # allowed: resize rows and columns
        if sort_filter:
            p.sort = p.autoFilter = False


def _validation(ws: Worksheet, ref: str, kind: str | None, *, formula1: str | None = None,
                formula2: str | None = None, operator: str | None = None, title: str, prompt: str,
                error: str | None = None) -> None:
    dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator,
                        allow_blank=True, showInputMessage=True, promptTitle=title[:32], prompt=prompt[:255])
    if error:
        dv.showErrorMessage = True
        dv.errorStyle = "stop"
        dv.errorTitle = title[:32]
        dv.error = error[:255]
    ws.add_data_validation(dv)
    dv.add(ref)


def _list_formula(values) -> str:
    return '"' + ",".join(values) + '"'


# ---- content --------------------------------------------------------------------------------

def _ke_hoach_text(kh: KeHoach) -> str:
    """"Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh Hưng Yên", as the reports cite it."""
    from ..baocao.tong_hop import trich_dan_ngan
    return trich_dan_ngan(kh)


def _trich_dan(kh: KeHoach) -> str:
    from ..baocao.tong_hop import trich_dan_ke_hoach
    return trich_dan_ke_hoach(kh)


def nhan_phieu(kh: KeHoach | None) -> str:
    """The agency that receives the returns: the plan's co_quan_tong_hop, else its issuer."""
    if kh is None:
        return ""
    if kh.che_do_bao_cao and kh.che_do_bao_cao.co_quan_tong_hop:
        return kh.che_do_bao_cao.co_quan_tong_hop
    return kh.co_quan_ban_hanh.ten


def _tt_labels(kh: KeHoach | None) -> dict[str, str]:
    """Task id -> its number in the annex with the labels of its groups: "I.1", "II.3"."""
    out: dict[str, str] = {}
    if kh is None:
        return out
    count = len(kh.phu_luc)
    for i, pl in enumerate(kh.phu_luc):
        prefix = [f"PL{danh_so.roman(i + 1)}"] if count > 1 else []
        path: list[str] = []
        for row in prepare.annex_rows(pl):
            if row.kind == "group":
                path = path[:row.depth] + [row.label]
                continue
            if row.task is not None:
                out.setdefault(row.task.id, ".".join(p for p in prefix + path + [row.label] if p))
    return out


def _huong_dan(s: _Sheet, kh: KeHoach | None, ky: KyBaoCao, co_quan: str, tasks: list[PhanCong],
               own: bool = False) -> None:
    blank = not tasks
    s.line(1, "HƯỚNG DẪN ĐIỀN PHIẾU BÁO CÁO", TITLE)
    about = f"Báo cáo kết quả thực hiện {_ke_hoach_text(kh)}" if kh else "Báo cáo kết quả thực hiện nhiệm vụ được giao"
    s.line(2, f"{about}, kỳ báo cáo {ky.ten}", SUBTITLE)
    info: list[str] = []
    if co_quan:
        info.append(f"Cơ quan báo cáo: {co_quan}.")
    info.append(f"Kỳ báo cáo: {ky.ten} (từ ngày {ky.tu_ngay:%d/%m/%Y} đến ngày {ky.den_ngay:%d/%m/%Y}).")
    info.append(f"{CHOT_SO_LIEU}: {ky.chot_text}.")
    if own:
        info.append(f"{co_quan} là cơ quan tổng hợp: phiếu này không gửi đi; kết quả của cơ quan được đưa thẳng "
                    "vào báo cáo tổng hợp cùng các phiếu nhận được (đặt phiếu đã điền vào thư mục phiếu báo cáo)"
                    + (f", trước ngày {ky.han_nop:%d/%m/%Y}." if ky.han_nop else "."))
    elif ky.han_nop:
        gui = f" về {nhan_phieu(kh)}" if kh else ""
        info.append(f"Hạn gửi phiếu báo cáo{gui}: trước ngày {ky.han_nop:%d/%m/%Y}.")
    if tasks:
        n_ct = sum(1 for t in tasks if t.vai_tro == "chu_tri")
        info.append(f"Số nhiệm vụ được giao: {len(tasks)} ({n_ct} chủ trì, {len(tasks) - n_ct} phối hợp).")
    khoa = ", ".join(f"“{t}”" for _, t in COT_KET_QUA[:LOCKED_COLUMNS])
    nhap = f"từ “{COT_KET_QUA[LOCKED_COLUMNS][1]}” đến “{COT_KET_QUA[-1][1]}”"
    if blank:
        ket_qua = (f"Sheet “{SHEET_KET_QUA}”: mỗi dòng ghi một nhiệm vụ được giao, mỗi nhiệm vụ chỉ một dòng: "
                   "mã nhiệm vụ (theo danh mục nhiệm vụ của kế hoạch), số thứ tự, nội dung, vai trò "
                   f"(chọn Chủ trì hoặc Phối hợp), tiến độ; rồi điền các cột {nhap}. "
                   f"Phiếu có sẵn {BLANK_ROWS} dòng trống; ô nền xám (dòng tiêu đề) bị khóa.")
    else:
        ket_qua = (f"Sheet “{SHEET_KET_QUA}”: mỗi dòng là một nhiệm vụ được giao cho cơ quan. Các cột {khoa} "
                   f"nền xám, bị khóa, không sửa; chỉ điền các cột {nhap}. Nhiệm vụ chưa có gì để báo cáo "
                   "thì để trống cả dòng.")
    abbr = f"B{FIRST_ROW + [f for f, _, _ in THONG_TIN].index('viet_tat')}"
    steps = [
        f"Sheet “{SHEET_THONG_TIN}”: ghi số, ngày, địa danh, quyền hạn ký, chức vụ và họ tên người ký "
        "của báo cáo. " + ("Tên cơ quan đã ghi sẵn; ô Kính gửi để trống: cơ quan tổng hợp không gửi báo cáo "
                           "cho chính mình, báo cáo lập từ phiếu này không có Kính gửi. " if own else
                           "Tên cơ quan và nơi nhận (Kính gửi) đã ghi sẵn, sửa nếu cần. ")
        + "Chọn một ô để xem hướng dẫn ghi ô đó.",
        f"Viết tắt (ô {abbr} của sheet “{SHEET_THONG_TIN}”): chữ viết tắt tên cơ quan dùng trong ký hiệu của "
        "báo cáo, ví dụ SNNMT trong “Số: 25/BC-SNNMT”; đã ghi sẵn theo danh mục cơ quan khi danh mục có. Ô "
        "trống thì phải ghi: thiếu chữ viết tắt thì không lập được báo cáo.",
        ket_qua,
        "Tình trạng: chọn trong danh sách một trong ba giá trị: " + ", ".join(TINH_TRANG) + ". Không ghi "
        "“Quá hạn”: nhiệm vụ quá hạn do cơ quan tổng hợp xác định theo tiến độ. Dòng nào đã ghi tỷ lệ, "
        "kết quả, sản phẩm, khó khăn hoặc đề xuất thì phải chọn tình trạng; thiếu tình trạng thì phiếu "
        "không được tiếp nhận.",
        "Tỷ lệ hoàn thành (%): ghi số từ 0 đến 100, ví dụ 80 hoặc 80%.",
        "Kết quả thực hiện, sản phẩm, khó khăn, đề xuất: ghi ngắn gọn; sản phẩm ghi số, ký hiệu, ngày và "
        "trích yếu văn bản đã ban hành. Xuống dòng trong một ô: Alt+Enter. Chữ dài bị che: chọn dòng, "
        "chọn Trang đầu (Home) > Định dạng (Format) > Tự động khớp chiều cao hàng (AutoFit Row Height).",
        "Ghi thẳng giá trị vào ô, không dùng công thức. Nếu tệp được điền bằng chương trình khác hoặc có "
        "công thức, mở tệp bằng Excel hoặc LibreOffice rồi lưu lại trước khi gửi.",
        f"Sheet “{SHEET_NOI_DUNG}”: ghi nội dung từng mục I–IV của báo cáo vào ô dưới tiêu đề của mục.",
        "Có thể lọc các dòng bằng nút lọc ở dòng tiêu đề cột. Không đổi tên, không xóa sheet; không xóa "
        "dòng tiêu đề và cột “Mã nhiệm vụ”: cơ quan tổng hợp nhận từng nhiệm vụ theo mã này. Không bỏ "
        "bảo vệ trang tính để sửa ô bị khóa.",
        "Lưu tệp dạng Excel Workbook (.xlsx), không lưu dạng .xls, .ods hay .pdf; " + (
            "đặt tệp vào thư mục phiếu báo cáo để tổng hợp" if own else
            "gửi tệp về cơ quan tổng hợp" + (f" ({nhan_phieu(kh)})" if kh else "")) + (
            f" trước ngày {ky.han_nop:%d/%m/%Y}." if ky.han_nop else "."),
    ]
    r = 3
    s.height(r, s.lines_pt(TEXT) / 2)
    for text in info:
        r += 1
        s.line(r, text, TEXT)
    r += 1
    cell = s.put(r, 1, "Cách điền:", TEXT)
    bold = copy(cell.font)
    bold.b = True
    cell.font = bold
    s.height(r, s.lines_pt(TEXT))
    for k, text in enumerate(steps, start=1):
        r += 1
        s.line(r, f"{k}. {text}", TEXT)
    s.ws.print_area = f"A1:A{r}"
    s.protect()


def _thong_tin(s: _Sheet, kh: KeHoach | None, co_quan: str, ky: KyBaoCao, own: bool = False,
               viet_tat: str = "") -> None:
    s.line(1, "THÔNG TIN BÁO CÁO", TITLE, span=2)
    s.line(2, "Các thông tin dùng cho phần đầu và phần ký của báo cáo", SUBTITLE, span=2)
    for j, title in enumerate(THONG_TIN_HEAD, start=1):
        s.put(HEAD_ROW, j, title, HEAD)
    s.height(HEAD_ROW, s.lines_pt(HEAD))
    prefill = {"ten_co_quan": co_quan, "viet_tat": viet_tat, "kinh_gui": "" if own else nhan_phieu(kh)}
    ws = s.ws
    for i, (field, label, prompt) in enumerate(THONG_TIN):
        r = FIRST_ROW + i
        value = prefill.get(field, "")
        s.put(r, 1, label, LABEL)
        s.put(r, 2, value, INPUT_NUM if field == "so" else INPUT,
              number_format="General" if field == "so" else None)
        s.height(r, max(s.text_pt(label, LABEL, 1), s.text_pt(value, INPUT, 2)))
        ref = f"B{r}"
        if field == "quyen_han":
            _validation(ws, ref, "list", formula1=_list_formula(QUYEN_HAN), title=label, prompt=prompt,
                        error="Chọn một trong: " + ", ".join(QUYEN_HAN) + "; hoặc để trống.")
        elif field == "so":
            _validation(ws, ref, "whole", operator="greaterThanOrEqual", formula1="1", title=label,
                        prompt=prompt, error="Số báo cáo là số nguyên dương, ví dụ 25; hoặc để trống.")
        else:
            _validation(ws, ref, None, title=label, prompt=prompt)
    last = FIRST_ROW + len(THONG_TIN) - 1
    last += 2  # the period and its data cut-off, under the table
    s.line(last, f"Kỳ báo cáo: {ky.ten}. {CHOT_SO_LIEU}: {ky.chot_text}.", TEXT, span=2)
    ws.print_area = f"A1:B{last}"
    s.protect()


def dong_nhiem_vu(kh: KeHoach | None, tasks: list[PhanCong]) -> list[dict[str, str]]:
    """The plan's columns of each task row of "Kết quả" (id, tt, noi_dung, vai_tro as
    "chu_tri"/"phoi_hop", tien_do), in the order given: what the form lists, also for a form
    shown elsewhere (the web portal)."""
    tt = _tt_labels(kh)
    return [{"id": pc.nhiem_vu.id, "tt": tt.get(pc.nhiem_vu.id, ""), "noi_dung": plain(pc.nhiem_vu.noi_dung).strip(),
             "vai_tro": pc.vai_tro, "tien_do": pc.nhiem_vu.tien_do or pc.nhiem_vu.thoi_gian or ""}
            for pc in tasks]


def _ket_qua(s: _Sheet, kh: KeHoach | None, ky: KyBaoCao, co_quan: str, tasks: list[PhanCong]) -> None:
    ws = s.ws
    n = len(COT_KET_QUA)
    s.line(1, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ {ky.ten.upper()}", TITLE, span=n)
    who = co_quan or "Cơ quan"
    what = _ke_hoach_text(kh) if kh else "nhiệm vụ được giao"
    s.line(2, f"({who} báo cáo kết quả thực hiện {what})", SUBTITLE, span=n)
    for j, (_, title) in enumerate(COT_KET_QUA, start=1):
        s.put(HEAD_ROW, j, title, HEAD)
    s.height(HEAD_ROW, max(s.text_pt(t, HEAD, j) for j, (_, t) in enumerate(COT_KET_QUA, start=1)))

    min_pt = s.lines_pt(INPUT, INPUT_LINES)
    if tasks:
        for i, row in enumerate(dong_nhiem_vu(kh, tasks)):
            r = FIRST_ROW + i
            values = {**row, "vai_tro": VAI_TRO[row["vai_tro"]]}
            pts = [min_pt]
            for j, (field, _) in enumerate(COT_KET_QUA, start=1):
                style = _KET_QUA_STYLE.get(field, INPUT)
                value = values.get(field, "")
                s.put(r, j, value, style, number_format="General" if field == "ty_le" else None)
                if value:
                    pts.append(s.text_pt(value, style, j))
            s.height(r, max(pts))
        last = FIRST_ROW + len(tasks) - 1
    else:  # a blank form: every cell of the rows is the agency's
        last = FIRST_ROW + BLANK_ROWS - 1
        for r in range(FIRST_ROW, last + 1):
            for j, (field, _) in enumerate(COT_KET_QUA, start=1):
                style = _BLANK_STYLE.get(field, INPUT)
                s.put(r, j, "", style, number_format="General" if field == "ty_le" else None)
            s.height(r, min_pt)

    col = {f: get_column_letter(j) for j, (f, _) in enumerate(COT_KET_QUA, start=1)}

    def ref(field: str) -> str:
        return f"{col[field]}{FIRST_ROW}:{col[field]}{last}"

    _validation(ws, ref("tinh_trang"), "list", formula1=_list_formula(TINH_TRANG), title="Tình trạng",
                prompt="Chọn: " + ", ".join(TINH_TRANG) + ".",
                error="Tình trạng chỉ nhận: " + ", ".join(TINH_TRANG) + ".")
    _validation(ws, ref("ty_le"), "decimal", operator="between", formula1="0", formula2="100",
                title="Tỷ lệ hoàn thành (%)", prompt="Ghi số từ 0 đến 100, ví dụ 80 hoặc 80%.",
                error="Tỷ lệ hoàn thành là số từ 0 đến 100, ví dụ 80 hoặc 80%.")
    if not tasks:
        _validation(ws, ref("vai_tro"), "list", formula1=_list_formula(VAI_TRO.values()), title="Vai trò",
                    prompt="Chọn: Chủ trì hoặc Phối hợp.", error="Vai trò chỉ nhận: Chủ trì hoặc Phối hợp.")
        _validation(ws, ref("id"), None, title="Mã nhiệm vụ",
                    prompt="Mã của nhiệm vụ trong danh mục nhiệm vụ của kế hoạch, ví dụ HY-1-01.")
    _validation(ws, ref("ket_qua"), None, title="Kết quả thực hiện",
                prompt="Ghi ngắn gọn kết quả đã đạt được; xuống dòng trong ô bằng Alt+Enter.")
    _validation(ws, ref("san_pham"), None, title="Sản phẩm",
                prompt="Số, ký hiệu, ngày, trích yếu văn bản đã ban hành hoặc sản phẩm khác.")

    ws.freeze_panes = f"A{FIRST_ROW}"
    for sel in ws.sheet_view.selection:
        sel.activeCell = sel.sqref = f"{col['tinh_trang']}{FIRST_ROW}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.print_area = f"A1:{get_column_letter(n)}{last}"
    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(n)}{last}"
    s.protect(sort_filter=True)


def _noi_dung(s: _Sheet) -> None:
    s.line(1, "NỘI DUNG BÁO CÁO", TITLE)
    s.line(2, "Ghi nội dung từng mục vào ô dưới tiêu đề của mục; xuống dòng trong ô bằng Alt+Enter", SUBTITLE)
    r = HEAD_ROW
    for _, heading in MUC_NOI_DUNG:
        s.put(r, 1, heading, LABEL)
        s.height(r, s.text_pt(heading, LABEL, 1))
        s.put(r + 1, 1, "", INPUT_PARA)
        s.height(r + 1, NOI_DUNG_PT)
        _validation(s.ws, f"A{r + 1}", None, title=heading.split(".")[0] + ".",
                    prompt=f"{heading}: ghi nội dung; xuống dòng trong ô bằng Alt+Enter.")
        r += 2
    s.ws.print_area = f"A1:A{r - 1}"
    s.protect()


def _meta(wb: Workbook, kh: KeHoach | None, ky: KyBaoCao, co_quan: str, tasks: list[PhanCong]) -> None:
    ws = wb.create_sheet(SHEET_META)
    so = prepare.header(kh).so_ky_hieu.strip() if kh else ""
    cite = _trich_dan(kh) if kh else ""
    rows: list[tuple[str, ...]] = [("phien_ban", PHIEN_BAN), ("ke_hoach", so), ("ky", ky.ma), ("co_quan", co_quan),
                                   ("trich_dan", cite),
                                   ("chot_so_lieu", f"{ky.chot_tu:%d/%m/%Y} - {ky.chot_den:%d/%m/%Y}")]
    rows += [(META_TASK, pc.nhiem_vu.id, pc.vai_tro) for pc in tasks]
    for r, values in enumerate(rows, start=1):
        for j, v in enumerate(values, start=1):
            if v:
                c = ws.cell(r, j, unicodedata.normalize("NFC", v))
                c.data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


# ---- the workbook ---------------------------------------------------------------------------

def render_bieu_mau(kh: KeHoach | None, ky: KyBaoCao, co_quan: str, tasks: list[PhanCong], target: Path,
                    template: Path = TEMPLATE, *, la_co_quan_tong_hop: bool = False,
                    viet_tat: str | None = None) -> None:
    """Write ``co_quan``'s return form for period ``ky`` to ``target``: its ``tasks`` (from
    ``vanban.baocao.phan_cong``, in plan order) pre-filled, or a blank form when there are none
    (``kh`` may then be None). ``la_co_quan_tong_hop``: the form is the consolidating agency's own;
    it is not sent anywhere and its Kính gửi is left empty. ``viet_tat``: the agency's
    abbreviation, pre-filled on the information sheet (the instructions ask for it when it is
    empty). The caller makes the write atomic."""
    try:
        wb = load_workbook(template)
    except Exception as e:  # a missing or damaged template
        raise TemplateError(f"{template}: không mở được mẫu .xlsx ({e})") from None
    missing = [name for name in SHEETS if name not in wb.sheetnames]
    if missing:
        raise TemplateError(f"{template}: mẫu .xlsx thiếu sheet " + ", ".join(f"“{m}”" for m in missing))
    faces = named_faces(wb, template, STYLES)
    digit = workbook_digit_px(wb)
    for ws in list(wb.worksheets):  # sheets the template adds are not part of the form
        if ws.title not in SHEETS:
            wb.remove(ws)
    co_quan = xml_text(co_quan or "").strip()
    tasks = list(tasks)

    _huong_dan(_Sheet(wb[SHEET_HUONG_DAN], faces, digit), kh, ky, co_quan, tasks, la_co_quan_tong_hop)
    _thong_tin(_Sheet(wb[SHEET_THONG_TIN], faces, digit), kh, co_quan, ky, la_co_quan_tong_hop,
               xml_text(viet_tat or "").strip())
    _ket_qua(_Sheet(wb[SHEET_KET_QUA], faces, digit), kh, ky, co_quan, tasks)
    _noi_dung(_Sheet(wb[SHEET_NOI_DUNG], faces, digit))
    wb._sheets = [wb[name] for name in SHEETS]
    _meta(wb, kh, ky, co_quan, tasks)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = False
    wb.active = 0
    wb.worksheets[0].sheet_view.tabSelected = True
    wb.security = WorkbookProtection(lockStructure=True)  # sheets keep their names and order

    props = wb.properties
    props.title = f"Phiếu báo cáo {ky.ten}" + (f" - {co_quan}" if co_quan else "")
    props.subject = (f"Báo cáo kết quả thực hiện {_ke_hoach_text(kh)}" if kh else "Báo cáo kết quả thực hiện nhiệm vụ")[:255]
    props.creator = kh.co_quan_ban_hanh.ten if kh else "vanban"
    props.lastModifiedBy = props.creator
    props.language = "vi-VN"
    props.created = props.modified = datetime.now(timezone.utc).replace(tzinfo=None)
    wb.save(target)

