"""The return form (phiếu báo cáo): built for one agency of a plan, filled as a clerk would fill it
(through openpyxl), read back with ``doc_phieu``; every refusal names its place in Excel terms."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from vanban.api import doc_ke_hoach
from vanban.baocao.phan_cong import PhanCong, phan_cong
from vanban.errors import InputError, TemplateError
from vanban.load.phieu import doc_phieu
from vanban.model import NhiemVu
from vanban.model.bao_cao import CHUA_THUC_HIEN, DA_HOAN_THANH, DANG_THUC_HIEN, TINH_TRANG
from vanban.render import xlsx_bieu_mau as B
from vanban.text.than_van import plain
from vanban.text.thoi_han import doc_ky
from tests.conftest import PLANS, ROOT
from tests.phieu_helpers import edit

PLAN = PLANS / "hung-yen-132.yaml"
AGENCY = "Sở Nông nghiệp và Môi trường"
SHEETS = ["Hướng dẫn", "Thông tin báo cáo", "Kết quả", "Nội dung báo cáo"]
HEADERS = ["Mã nhiệm vụ", "TT", "Nội dung nhiệm vụ", "Vai trò", "Tiến độ", "Tình trạng", "Tỷ lệ hoàn thành (%)",
           "Kết quả thực hiện", "Sản phẩm, văn bản đã ban hành", "Khó khăn, vướng mắc", "Đề xuất"]
FIRST = 4  # first task row of "Kết quả"
# Rows of "Thông tin báo cáo" (column B holds the value).
INFO = {label: FIRST + i for i, (_, label, _) in enumerate(B.THONG_TIN)}
INJECTION = '=HYPERLINK("http://example.invalid","bấm vào đây")'


@pytest.fixture(scope="module")
def plan():
    kh, tra_cuu, _ = doc_ke_hoach(PLAN)
    return kh, phan_cong(kh, tra_cuu)[AGENCY]


@pytest.fixture(scope="module")
def ky():
    return doc_ky("2026", dt.date(2026, 12, 15))


@pytest.fixture()
def form(tmp_path, plan, ky) -> Path:
    kh, tasks = plan
    target = tmp_path / "phieu.xlsx"
    B.render_bieu_mau(kh, ky, AGENCY, tasks, target)
    return target


@pytest.fixture()
def blank(tmp_path, ky) -> Path:
    target = tmp_path / "phieu-trong.xlsx"
    B.render_bieu_mau(None, ky, "Sở Y tế", [], target)
    return target


def row_of(ws, task_id: str) -> int:
    for r in range(FIRST, ws.max_row + 1):
        if ws.cell(r, 1).value == task_id:
            return r
    raise AssertionError(f"{task_id} not on the sheet")


def validations(ws):
    return list(ws.data_validations.dataValidation)


def covers(dv, coordinate: str) -> bool:
    return any(coordinate in rng for rng in dv.sqref.ranges)


def problems_of(path: Path):
    with pytest.raises(InputError) as e:
        doc_phieu(path)
    return e.value.problems


# ---- the form as built ----------------------------------------------------------------------

def test_sheets_and_hidden_identifiers(form, plan):
    _, tasks = plan
    wb = load_workbook(form)
    assert wb.sheetnames == SHEETS + ["_vanban"]
    meta = wb["_vanban"]
    assert meta.sheet_state == "veryHidden"
    rows = [tuple(v for v in row if v is not None) for row in meta.iter_rows(values_only=True)]
    keys = {r[0]: r[1] for r in rows if r[0] != "nhiem_vu"}
    assert keys == {"phien_ban": "vanban-bieumau-1", "ke_hoach": "132/KH-UBND", "ky": "2026", "co_quan": AGENCY,
                    "trich_dan": "Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh Hưng Yên về "
                                 "triển khai thực hiện Nghị quyết số 247/2025/QH15 ngày 10/12/2025 của Quốc hội "
                                 "và Nghị quyết số 67/NQ-CP ngày 25/3/2026 của Chính phủ",
                    "chot_so_lieu": "15/12/2025 - 14/12/2026"}
    assert [r[1:] for r in rows if r[0] == "nhiem_vu"] == [(t.nhiem_vu.id, t.vai_tro) for t in tasks]
    assert wb.security.lockStructure


def test_result_rows_follow_the_plan(form, plan):
    _, tasks = plan
    ws = load_workbook(form)["Kết quả"]
    assert [c.value for c in ws[3]] == HEADERS
    for i, t in enumerate(tasks):
        row = [c.value for c in ws[FIRST + i]]
        assert row[0] == t.nhiem_vu.id
        assert row[2] == plain(t.nhiem_vu.noi_dung).strip()
        assert row[3] == {"chu_tri": "Chủ trì", "phoi_hop": "Phối hợp"}[t.vai_tro]
        assert row[4] == t.nhiem_vu.tien_do
        assert row[5:] == [None] * 6
    assert ws.max_row == FIRST + len(tasks) - 1
    assert ws.freeze_panes == f"A{FIRST}"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_first_five_columns_locked_the_rest_editable(form, plan):
    _, tasks = plan
    wb = load_workbook(form)
    ws = wb["Kết quả"]
    p = ws.protection
    assert p.sheet and not p.password
    assert p.sort is False and p.autoFilter is False and p.formatRows is False  # allowed
    assert p.insertRows and p.deleteRows and p.deleteColumns  # not allowed
    for r in range(FIRST, FIRST + len(tasks)):
        assert all(ws.cell(r, c).protection.locked for c in range(1, 6)), r
        assert not any(ws.cell(r, c).protection.locked for c in range(6, 12)), r
    assert all(c.protection.locked for c in ws[3])
    info = wb["Thông tin báo cáo"]
    assert info.protection.sheet
    for r in INFO.values():
        assert info.cell(r, 1).protection.locked and not info.cell(r, 2).protection.locked
    content = wb["Nội dung báo cáo"]
    for r in (4, 6, 8, 10):
        assert not content.cell(r, 1).protection.locked
        assert content.cell(r, 1).alignment.wrap_text


def test_dropdowns_and_number_check(form, plan):
    _, tasks = plan
    last = FIRST + len(tasks) - 1
    wb = load_workbook(form)
    dvs = validations(wb["Kết quả"])
    status = [d for d in dvs if d.type == "list"]
    assert len(status) == 1
    assert status[0].formula1 == '"' + ",".join(TINH_TRANG) + '"'
    assert "Quá hạn" not in status[0].formula1
    assert covers(status[0], f"F{FIRST}") and covers(status[0], f"F{last}")
    assert status[0].showErrorMessage and status[0].errorStyle == "stop"
    rate = [d for d in dvs if d.type == "decimal"]
    assert len(rate) == 1 and (rate[0].operator, rate[0].formula1, rate[0].formula2) == ("between", "0", "100")
    assert covers(rate[0], f"G{FIRST}") and covers(rate[0], f"G{last}")
    signer = [d for d in validations(wb["Thông tin báo cáo"]) if d.type == "list"]
    assert len(signer) == 1 and signer[0].formula1 == '"TM.,KT.,TL.,TUQ.,Q."' and signer[0].allow_blank
    assert covers(signer[0], f"B{INFO['Quyền hạn ký']}")


def test_information_prefilled(form):
    ws = load_workbook(form)["Thông tin báo cáo"]
    assert [ws.cell(3, 1).value, ws.cell(3, 2).value] == ["Mục", "Nội dung"]
    assert [ws.cell(r, 1).value for r in INFO.values()] == list(INFO)
    assert ws.cell(INFO["Tên cơ quan"], 2).value == AGENCY
    # The plan's che_do_bao_cao names who receives the returns.
    assert ws.cell(INFO["Kính gửi"], 2).value == "Sở Nông nghiệp và Môi trường"


def test_instructions_and_sections(form):
    wb = load_workbook(form)
    text = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "15/12/2026" in text
    assert "1. " in text and "2. " in text
    assert "“Mã nhiệm vụ”, “TT”, “Nội dung nhiệm vụ”, “Vai trò”, “Tiến độ”" in text
    assert "132/KH-UBND" in text
    headings = [c.value for c in wb["Nội dung báo cáo"]["A"] if c.value]
    assert headings[-4:] == ["I. Công tác chỉ đạo, tổ chức thực hiện", "II. Tồn tại, hạn chế và nguyên nhân",
                             "III. Phương hướng, nhiệm vụ thời gian tới", "IV. Đề xuất, kiến nghị"]


def test_times_new_roman_nfc_and_row_heights(form):
    wb = load_workbook(form)
    assert wb._fonts[0].name == "Times New Roman"  # empty cells too
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                assert c.font.name == "Times New Roman", (ws.title, c.coordinate)
                if isinstance(c.value, str):
                    assert unicodedata.is_normalized("NFC", c.value)
                    if ws.title != "_vanban":
                        # one line of 12 pt needs more than 12 * 1.15 pt, or marks over capitals clip
                        assert (ws.row_dimensions[c.row].height or 0) >= 18, (ws.title, c.coordinate)
    ws = wb["Kết quả"]
    heights = [ws.row_dimensions[r].height for r in range(FIRST, ws.max_row + 1)]
    lengths = [len(ws.cell(r, 3).value) for r in range(FIRST, ws.max_row + 1)]
    assert heights[lengths.index(max(lengths))] > heights[lengths.index(min(lengths))]


def test_text_never_becomes_a_formula(tmp_path, ky):
    task = NhiemVu(id="X-1", noi_dung=INJECTION, chu_tri=["=cmd"], tien_do="+2026")
    target = tmp_path / "phieu.xlsx"
    B.render_bieu_mau(None, ky, "@Cơ quan", [PhanCong(task, "chu_tri")], target)
    with zipfile.ZipFile(target) as z:
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.endswith(".xml"))
    ws = load_workbook(target)["Kết quả"]
    assert ws["C4"].value == INJECTION and ws["C4"].data_type == "s"
    assert ws["E4"].value == "+2026"


# ---- filled and read back -------------------------------------------------------------------

def fill_like_a_clerk(path: Path, tasks) -> dict:
    """Fill some rows the ways clerks type, then sort the table by hand (rows reversed)."""
    ids = [t.nhiem_vu.id for t in tasks]
    a, b, c, d, e = ids[0], ids[1], ids[2], ids[3], ids[5]

    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(row_of(ws, a), 6, "đã hoàn thành ")
        ws.cell(row_of(ws, a), 7, "80%")
        ws.cell(row_of(ws, a), 8, "  Đã rà soát,   cập nhật\r\nkế hoạch  ")
        ws.cell(row_of(ws, a), 9, "Quyết định số 12/QĐ-UBND")
        ws.cell(row_of(ws, b), 6, unicodedata.normalize("NFD", "Đang thực hiện"))
        cell = ws.cell(row_of(ws, b), 7, 0.75)
        cell.number_format = "0%"
        ws.cell(row_of(ws, b), 10, "Thiếu kinh phí")
        ws.cell(row_of(ws, c), 6, "Hoàn thành")
        ws.cell(row_of(ws, c), 7, 100)
        ws.cell(row_of(ws, d), 6, "CHƯA THỰC HIỆN")
        ws.cell(row_of(ws, d), 11, "Đề nghị bổ sung kinh phí")
        ws.cell(row_of(ws, e), 6, "Đang thực hiện")
        ws.cell(row_of(ws, e), 7, "12,5")
        # The clerk sorts the table: the rows come back in reverse order.
        last = ws.max_row
        values = [[ws.cell(r, col).value for col in range(1, 12)] for r in range(FIRST, last + 1)]
        formats = [ws.cell(r, 7).number_format for r in range(FIRST, last + 1)]
        for i, (row, fmt) in enumerate(zip(reversed(values), reversed(formats))):
            for col, v in enumerate(row, start=1):
                ws.cell(FIRST + i, col).value = v
            ws.cell(FIRST + i, 7).number_format = fmt
        info = wb["Thông tin báo cáo"]
        info.cell(INFO["Số"], 2, 25)
        info.cell(INFO["Ngày"], 2, "05/01/2027")
        info.cell(INFO["Địa danh"], 2, " Hưng  Yên ")
        info.cell(INFO["Quyền hạn ký"], 2, "KT.")
        info.cell(INFO["Chức vụ cấp trưởng"], 2, "Giám đốc")
        info.cell(INFO["Chức vụ người ký"], 2, "Phó Giám đốc")
        info.cell(INFO["Họ tên người ký"], 2, unicodedata.normalize("NFD", "Nguyễn Văn A"))
        info.cell(INFO["Viết tắt"], 2, "SNNMT")
        info.cell(INFO["Cơ quan chủ quản"], 2, "UBND TỈNH HƯNG YÊN")
        nd = wb["Nội dung báo cáo"]
        nd["A4"] = "Ban hành văn bản chỉ đạo.\nTổ chức hội nghị quán triệt."
        nd["A10"] = "Đề nghị UBND tỉnh bổ sung kinh phí."

    edit(path, change)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_filled_form_read_back(form, plan):
    _, tasks = plan
    ids = fill_like_a_clerk(form, tasks)
    p = doc_phieu(form)
    assert (p.co_quan, p.ky, p.ke_hoach, p.phien_ban) == (AGENCY, "2026", "132/KH-UBND", "vanban-bieumau-1")
    got = {r.id: r for r in p.ket_qua}
    assert list(got) == [ids[k] for k in "abcde"]  # plan order, not the sorted sheet's
    role = {t.nhiem_vu.id: t.vai_tro for t in tasks}
    assert all(r.vai_tro == role[r.id] for r in p.ket_qua)
    a, b, c, d, e = (got[ids[k]] for k in "abcde")
    assert (a.tinh_trang, a.ty_le) == (DA_HOAN_THANH, 80)
    assert a.ket_qua == "Đã rà soát, cập nhật\nkế hoạch"
    assert a.san_pham == "Quyết định số 12/QĐ-UBND"
    assert (b.tinh_trang, b.ty_le, b.kho_khan) == (DANG_THUC_HIEN, 75, "Thiếu kinh phí")
    assert (c.tinh_trang, c.ty_le) == (DA_HOAN_THANH, 100)
    assert (d.tinh_trang, d.de_xuat) == (CHUA_THUC_HIEN, "Đề nghị bổ sung kinh phí")
    assert (e.tinh_trang, e.ty_le) == (DANG_THUC_HIEN, 12.5)
    # rows were reversed: the first task is now on the last row
    assert a.dong == FIRST + len(tasks) - 1
    t = p.thong_tin
    assert (t.ten_co_quan, t.kinh_gui, t.so, t.ngay) == (AGENCY, "Sở Nông nghiệp và Môi trường", 25, "2027-01-05")
    assert (t.dia_danh, t.quyen_han, t.cap_truong, t.chuc_vu) == ("Hưng Yên", "KT.", "Giám đốc", "Phó Giám đốc")
    assert t.ho_ten == "Nguyễn Văn A" and unicodedata.is_normalized("NFC", t.ho_ten)
    assert (t.viet_tat, t.co_quan_chu_quan) == ("SNNMT", "UBND TỈNH HƯNG YÊN")
    assert p.cong_tac_chi_dao == "Ban hành văn bản chỉ đạo.\nTổ chức hội nghị quán triệt."
    assert p.kien_nghi == "Đề nghị UBND tỉnh bổ sung kinh phí."
    assert p.ton_tai is None and p.phuong_huong is None


def test_unfilled_form_reads_as_no_results(form):
    p = doc_phieu(form)
    assert p.ket_qua == [] and p.thong_tin.ten_co_quan == AGENCY and p.thong_tin.so is None


@pytest.mark.parametrize("typed", ["đã hoàn thành", "Đã hoàn thành ", "ĐÃ HOÀN THÀNH", "Hoàn thành",
                                   "hoàn thành.", "da hoan thanh", unicodedata.normalize("NFD", "Đã hoàn thành"),
                                   "Đã hoàn  thành", "Đã hòan thành"])
def test_status_typed_loosely(form, typed):
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST, 6, typed))
    assert doc_phieu(form).ket_qua[0].tinh_trang == DA_HOAN_THANH


@pytest.mark.parametrize("value, fmt, expected", [
    (80, "General", 80), ("80%", "@", 80), ("80 %", "@", 80), (0.8, "0%", 80), (0.805, "0.0%", 80.5),
    (1, "0%", 100), ("80,5", "@", 80.5), (0, "General", 0), (0.8, "General", 0.8), ("100", "@", 100)])
def test_rate_forms(form, value, fmt, expected):
    def change(wb):
        wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện")
        c = wb["Kết quả"].cell(FIRST, 7, value)
        c.number_format = fmt
    edit(form, change)
    assert doc_phieu(form).ket_qua[0].ty_le == pytest.approx(expected)


def test_survives_a_libreoffice_save(form, plan, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: run ./setup.sh")
    _, tasks = plan
    ids = fill_like_a_clerk(form, tasks)
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(form)],
                   check=True, capture_output=True, timeout=300)
    p = doc_phieu(out / form.name)
    got = {r.id: r for r in p.ket_qua}
    assert (got[ids["a"]].tinh_trang, got[ids["a"]].ty_le) == (DA_HOAN_THANH, 80)
    assert got[ids["b"]].ty_le == pytest.approx(75)
    assert p.thong_tin.ngay == "2027-01-05"


# ---- refusals -------------------------------------------------------------------------------

def test_unknown_status(form):
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST + 1, 6, "x"))
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô F{FIRST + 1}"
    assert p.file == str(form)
    assert "“x”" in p.message and all(s in p.message for s in TINH_TRANG)


def test_overdue_is_not_typed(form):
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST, 6, "Quá hạn"))
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô F{FIRST}" and "Quá hạn" in p.message


@pytest.mark.parametrize("value, fmt, words", [(120, "General", "ngoài khoảng 0–100"),
                                               ("abc", "@", "không phải là số"),
                                               (-5, "General", "ngoài khoảng 0–100"),
                                               (1.5, "0%", "150% nằm ngoài"),
                                               (dt.datetime(2026, 5, 1), "dd/mm/yyyy", "không phải là số")])
def test_bad_rate(form, value, fmt, words):
    def change(wb):
        wb["Kết quả"].cell(FIRST + 2, 6, "Đang thực hiện")
        c = wb["Kết quả"].cell(FIRST + 2, 7, value)
        c.number_format = fmt
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô G{FIRST + 2}"
    assert words in p.message and "0 đến 100" in p.message


def test_task_not_assigned(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 1, "HY-9-99")  # the clerk unprotected the sheet and retyped an id
        ws.cell(FIRST, 6, "Đang thực hiện")
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô A{FIRST}"
    assert "“HY-9-99”" in p.message and "không có trong danh sách nhiệm vụ giao" in p.message


def test_same_task_twice(form, plan):
    _, tasks = plan

    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST + 1, 1, tasks[0].nhiem_vu.id)
        ws.cell(FIRST, 6, "Đang thực hiện")
        ws.cell(FIRST + 1, 6, "Đã hoàn thành")
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô A{FIRST + 1}"
    assert tasks[0].nhiem_vu.id in p.message and f"dòng {FIRST}" in p.message


def test_result_without_task_id(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 1).value = None
        ws.cell(FIRST, 8, "Đã làm xong")
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô A{FIRST}" and "không có mã nhiệm vụ" in p.message


def test_several_problems_reported_together(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 6, "xong rồi")
        ws.cell(FIRST + 3, 6, "Đang thực hiện")
        ws.cell(FIRST + 3, 7, "nhiều")
        ws.cell(FIRST + 5, 6, "Đang thực hiện")
        ws.cell(FIRST + 5, 7, 250)
        info = wb["Thông tin báo cáo"]
        info.cell(INFO["Số"], 2, "số 5")
        info.cell(INFO["Ngày"], 2, "31/02/2027")
        info.cell(INFO["Quyền hạn ký"], 2, "PGĐ")
    edit(form, change)
    problems = problems_of(form)
    assert [p.path for p in problems] == [
        f"Sheet 'Kết quả', ô F{FIRST}", f"Sheet 'Kết quả', ô G{FIRST + 3}", f"Sheet 'Kết quả', ô G{FIRST + 5}",
        f"Sheet 'Thông tin báo cáo', ô B{INFO['Số']}", f"Sheet 'Thông tin báo cáo', ô B{INFO['Ngày']}",
        f"Sheet 'Thông tin báo cáo', ô B{INFO['Quyền hạn ký']}"]
    assert "ví dụ 15/12/2026" in problems[4].message
    assert "“TM.”" in problems[5].message


def test_missing_column(form):
    edit(form, lambda wb: setattr(wb["Kết quả"].cell(3, 6), "value", None))
    [p] = problems_of(form)
    assert p.path == "Sheet 'Kết quả', dòng 3" and "“Tình trạng”" in p.message


def test_missing_identifier_sheet(form):
    edit(form, lambda wb: wb.remove(wb["_vanban"]))
    [p] = problems_of(form)
    assert p.path == "" and "không phải phiếu báo cáo do vanban tạo" in p.message


def test_other_version(form):
    edit(form, lambda wb: setattr(wb["_vanban"]["B1"], "value", "vanban-bieumau-0"))
    [p] = problems_of(form)
    assert p.path == "Sheet '_vanban'" and "phiên bản khác" in p.message and "vanban-bieumau-1" in p.message


def test_renamed_result_sheet(form):
    edit(form, lambda wb: setattr(wb["Kết quả"], "title", "Ket qua"))
    [p] = problems_of(form)
    assert p.path == "Sheet 'Kết quả'" and "“Ket qua”" in p.message and "đổi tên" in p.message


def test_missing_section_heading(form):
    edit(form, lambda wb: setattr(wb["Nội dung báo cáo"]["A5"], "value", "Ghi chú khác"))
    [p] = problems_of(form)
    assert p.path == "Sheet 'Nội dung báo cáo'" and "II. Tồn tại" in p.message


@pytest.mark.parametrize("content, words", [
    (b"", "rỗng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    ("Mã nhiệm vụ,Tình trạng\nHY-1-01,Đã hoàn thành\n".encode(), "không phải tệp Excel"),
    (b"PK\x03\x04 not really a zip", "bị hỏng"),
])
def test_not_an_xlsx(tmp_path, content, words):
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(content)
    [p] = problems_of(path)
    assert p.file == str(path) and p.path == "" and words in p.message


def test_a_word_file_renamed(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(buf.getvalue())
    [p] = problems_of(path)
    assert "không phải bảng tính Excel" in p.message


def test_too_large_and_missing(tmp_path):
    big = tmp_path / "lon.xlsx"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    [p] = problems_of(big)
    assert "20 MB" in p.message
    [p] = problems_of(tmp_path / "khong-co.xlsx")
    assert "không tìm thấy tệp" in p.message


# ---- the blank form -------------------------------------------------------------------------

def test_blank_form_built(blank):
    wb = load_workbook(blank)
    ws = wb["Kết quả"]
    last = FIRST + B.BLANK_ROWS - 1
    assert ws.max_row == last
    for r in range(FIRST, last + 1):
        assert all(ws.cell(r, c).value is None for c in range(1, 12))
        assert not any(ws.cell(r, c).protection.locked for c in range(1, 12))
    assert ws.cell(FIRST, 1).number_format == "@"  # "1-01" stays text, not a date
    roles = [d for d in validations(ws) if d.type == "list" and "Chủ trì" in d.formula1]
    assert roles and covers(roles[0], f"D{last}")
    rows = [tuple(v for v in row if v is not None) for row in wb["_vanban"].iter_rows(values_only=True)]
    assert ("ky", "2026") in rows and ("co_quan", "Sở Y tế") in rows
    assert not any(r[0] == "nhiem_vu" for r in rows) and not any(r[0] == "ke_hoach" and len(r) > 1 for r in rows)
    assert wb["Thông tin báo cáo"].cell(INFO["Kính gửi"], 2).value is None


def test_blank_form_round_trip(blank):
    def change(wb):
        ws = wb["Kết quả"]
        for r, (tid, role, status, rate) in enumerate([("HY-2-05", "Chủ trì", "Đang thực hiện", "60%"),
                                                       (" HY-3-05 ", "phối hợp", "đã hoàn thành", 100)],
                                                      start=FIRST + 2):
            for col, v in ((1, tid), (3, "Nội dung tự ghi"), (4, role), (6, status), (7, rate)):
                ws.cell(r, col, v)
    edit(blank, change)
    p = doc_phieu(blank)
    assert p.ke_hoach is None and p.co_quan == "Sở Y tế" and p.ky == "2026"
    assert [(r.id, r.vai_tro, r.tinh_trang, r.ty_le, r.dong) for r in p.ket_qua] == [
        ("HY-2-05", "chu_tri", DANG_THUC_HIEN, 60, FIRST + 2),
        ("HY-3-05", "phoi_hop", DA_HOAN_THANH, 100, FIRST + 3)]


def test_blank_form_needs_role_and_id(blank):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 1, "HY-2-05")
        ws.cell(FIRST, 6, "Đang thực hiện")
        ws.cell(FIRST + 1, 4, "Phối hợp")
        ws.cell(FIRST + 1, 6, "Đang thực hiện")
    edit(blank, change)
    problems = problems_of(blank)
    assert [p.path for p in problems] == [f"Sheet 'Kết quả', ô D{FIRST}", f"Sheet 'Kết quả', ô A{FIRST + 1}"]
    assert "Chủ trì" in problems[0].message


def test_blank_form_without_agency_takes_the_typed_name(tmp_path, ky):
    target = tmp_path / "trong.xlsx"
    B.render_bieu_mau(None, ky, "", [], target)
    [p] = problems_of(target)
    assert p.path == f"Sheet 'Thông tin báo cáo', ô B{INFO['Tên cơ quan']}"
    edit(target, lambda wb: wb["Thông tin báo cáo"].cell(INFO["Tên cơ quan"], 2, " Sở  Tư pháp"))
    assert doc_phieu(target).co_quan == "Sở Tư pháp"


# ---- the template ---------------------------------------------------------------------------

def test_template_is_what_the_tool_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("make_xlsx_template", ROOT / "tools" / "make_xlsx_template.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = ROOT / "templates" / "xlsx" / "bieu-mau.xlsx"
    tool.save_deterministic(tool.build_bieu_mau(), tmp_path / "bieu-mau.xlsx")
    assert (tmp_path / "bieu-mau.xlsx").read_bytes() == built.read_bytes(), "run: python tools/make_xlsx_template.py"
    wb = load_workbook(built)
    assert wb.sheetnames == SHEETS
    assert set(B.STYLES) <= {s.name for s in wb._named_styles}
    assert all(s.font.name == "Times New Roman" for s in wb._named_styles)
    ws = wb["Kết quả"]
    assert ws.page_setup.orientation == "landscape" and ws.freeze_panes == f"A{FIRST}"
    assert [ws.column_dimensions[get_column_letter(j)].width for j in range(1, 12)]


def test_template_without_a_sheet(tmp_path, ky):
    wb = load_workbook(B.TEMPLATE)
    wb.remove(wb["Nội dung báo cáo"])
    tpl = tmp_path / "mau.xlsx"
    wb.save(tpl)
    with pytest.raises(TemplateError) as e:
        B.render_bieu_mau(None, ky, "Sở Y tế", [], tmp_path / "x.xlsx", template=tpl)
    assert "mau.xlsx" in str(e.value) and "Nội dung báo cáo" in str(e.value)


@pytest.mark.parametrize("title, value, named", [
    ("Tỷ lệ hoàn thành (%)", 80, "tỷ lệ hoàn thành"), ("Kết quả thực hiện", "Đã rà soát", "kết quả thực hiện"),
    ("Sản phẩm, văn bản đã ban hành", "Quyết định số 12/QĐ-UBND", "sản phẩm"),
    ("Khó khăn, vướng mắc", "Thiếu kinh phí", "khó khăn"), ("Đề xuất", "Bổ sung kinh phí", "đề xuất")])
def test_result_without_a_status_is_refused(form, title, value, named):
    """Decision: a row with any result but no status is refused at its status cell, never counted
    as "not reported"; the clerk chooses the status."""
    def change(wb):
        ws = wb["Kết quả"]
        col = HEADERS.index(title) + 1
        ws.cell(FIRST + 2, col, value)
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô F{FIRST + 2}"
    assert f"dòng có {named} nhưng chưa chọn tình trạng" in p.message and "“Đang thực hiện”" in p.message


def test_abbreviation_prefilled_and_asked_for(form):
    wb = load_workbook(form)
    assert wb["Thông tin báo cáo"].cell(INFO["Viết tắt"], 1).value == "Viết tắt" and INFO["Viết tắt"] == 6
    assert wb["Thông tin báo cáo"]["B6"].value is None  # rendered without an abbreviation: left for the clerk
    text = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "Viết tắt (ô B6 của sheet “Thông tin báo cáo”)" in text and "Ô trống thì phải ghi" in text
    assert "thì phải chọn tình trạng; thiếu tình trạng thì phiếu không được tiếp nhận" in text
    assert "không dùng công thức" in text and "Excel hoặc LibreOffice" in text


def test_abbreviation_given_is_prefilled(tmp_path, plan, ky):
    kh, tasks = plan
    B.render_bieu_mau(kh, ky, AGENCY, tasks, tmp_path / "p.xlsx", viet_tat="SNNMT")
    assert load_workbook(tmp_path / "p.xlsx")["Thông tin báo cáo"]["B6"].value == "SNNMT"
    assert doc_phieu(tmp_path / "p.xlsx").thong_tin.viet_tat == "SNNMT"


def test_forms_of_a_plan_carry_the_registry_abbreviations(tmp_path):
    from vanban import api
    files = api.tao_bieu_mau(PLAN, "2026", tmp_path, co_quan=[AGENCY, "Sở Y tế", "UBND các xã, phường"]).tep
    got = {f.name: load_workbook(f)["Thông tin báo cáo"]["B6"].value for f in files}
    assert got == {"bieu-mau-2026-SNNMT.xlsx": "SNNMT", "bieu-mau-2026-SYT.xlsx": "SYT",
                   "bieu-mau-2026-ubnd-cac-xa-phuong.xlsx": None}  # the registry has no abbreviation for it


def test_abbreviation_of_the_plans_issuer_without_a_registry():
    from vanban import api
    kh, _, _ = doc_ke_hoach(PLAN)
    issuer = kh.co_quan_ban_hanh
    assert api._viet_tat(issuer.ten, kh, None) == issuer.viet_tat
    assert api._viet_tat("Sở Y tế", kh, None) is None
