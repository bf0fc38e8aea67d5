"""Malformed and hostile return forms (.xlsx), built here, beyond the refusals already tested in
test_bieu_mau.py: every case names the file and the place in Excel terms, and reading a form never
changes it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vanban.api import doc_ke_hoach
from vanban.baocao.phan_cong import phan_cong
from vanban.errors import InputError
from vanban.load.phieu import doc_phieu
from vanban.model.bao_cao import DA_HOAN_THANH, DANG_THUC_HIEN, TINH_TRANG
from vanban.render import xlsx_bieu_mau as B
from vanban.text.thoi_han import doc_ky
from tests.conftest import PLANS, peak_memory
from tests.phieu_helpers import edit, save_values

AGENCY = "Sở Nông nghiệp và Môi trường"
FIRST = 4
SECRET = "bí-mật-không-được-lộ"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    kh, tra_cuu, _ = doc_ke_hoach(PLANS / "hung-yen-132.yaml")
    target = tmp_path_factory.mktemp("form") / "phieu.xlsx"
    B.render_bieu_mau(kh, doc_ky("2026", dt.date(2026, 12, 15)), AGENCY, phan_cong(kh, tra_cuu)[AGENCY], target)
    return target


@pytest.fixture()
def form(tmp_path, built) -> Path:
    target = tmp_path / "phieu.xlsx"
    target.write_bytes(built.read_bytes())
    return target


def problems_of(path: Path):
    before = hashlib.sha256(path.read_bytes()).digest() if path.is_file() else None
    with pytest.raises(InputError) as e:
        doc_phieu(path)
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).digest() == before  # the input is never modified
    assert all(p.file == str(path) for p in e.value.problems)
    return e.value.problems


def rezip(src: Path, dst: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, replace.get(name, zin.read(name)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


# ---- hostile packages -----------------------------------------------------------------------

def test_openpyxl_uses_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_zip_bomb_refused_quickly(tmp_path, form):
    """A part that unpacks to 70 MB of zeros from a few dozen KB: refused before anything unpacks."""
    path = rezip(form, tmp_path / "bom.xlsx", {}, {"xl/media/image1.png": bytes(70 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024
    with peak_memory() as peak:
        [p] = problems_of(path)
    assert peak() < 40 * 1024 * 1024  # refused before the 70 MB part is unpacked
    assert p.path == "" and "bom nén" in p.message


def test_total_unpacked_size_limited(tmp_path, form):
    noise = os.urandom(300 * 1024)  # keeps each part's ratio ordinary: only the total is abnormal
    parts = {f"xl/media/p{i}.bin": noise + bytes(41 * 1024 * 1024) for i in range(5)}  # 206 MB in all
    path = rezip(form, tmp_path / "bom.xlsx", {}, parts)
    [p] = problems_of(path)
    assert "giải nén ra quá lớn" in p.message


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def test_billion_laughs_in_workbook_refused(tmp_path, form):
    with zipfile.ZipFile(form) as z:
        wb_xml = z.read("xl/workbook.xml")
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", wb_xml)
    path = rezip(form, tmp_path / "lol.xlsx", {"xl/workbook.xml": BILLION_LAUGHS + body})
    [p] = problems_of(path)
    assert "xl/workbook.xml" in p.message and "DTD" in p.message


def test_external_entity_in_a_sheet_not_resolved(tmp_path, form):
    """XXE: a sheet's text pointing at a local file: refused before any parser sees it; the secret
    never reaches a message or the data."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    with zipfile.ZipFile(form) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = re.sub(rb"^<\?xml[^>]*\?>", b"", z.read(sheet))
    xxe = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode()
    xml = xml.replace(b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>', 1)
    path = rezip(form, tmp_path / "xxe.xlsx", {sheet: xxe + xml})
    [p] = problems_of(path)
    assert p.path == "" and SECRET not in p.message and sheet in p.message and "DTD" in p.message


def test_defusedxml_refuses_entities_even_past_our_check(tmp_path, form):
    """Second line of defence: openpyxl reads sheets through defusedxml's iterparse (refuses
    entities) and other parts through lxml without entity resolution."""
    from defusedxml import DTDForbidden, EntitiesForbidden
    from openpyxl.xml.functions import fromstring, iterparse
    with pytest.raises((DTDForbidden, EntitiesForbidden)):
        list(iterparse(io.BytesIO(BILLION_LAUGHS + b"<a>&lol3;</a>")))
    assert b"lollollol" not in __import__("lxml.etree").etree.tostring(fromstring(BILLION_LAUGHS + b"<a>&lol3;</a>"))


def test_encrypted_member_refused(tmp_path, form):
    data = bytearray(form.read_bytes())
    # set the "encrypted" flag on the first entry of the central directory
    cd = data.rfind(b"PK\x01\x02", 0, len(data))
    first = data.find(b"PK\x01\x02")
    assert first != -1 and cd != -1
    data[first + 8] |= 0x1
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(bytes(data))
    [p] = problems_of(path)
    assert "mật khẩu" in p.message


@pytest.mark.parametrize("make, words", [
    (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
     "OpenDocument (.ods)"),
    (lambda: b"%PDF-1.7\n" + b"0" * 100, "tệp PDF"),
    (lambda: _zip({"ppt/presentation.xml": b"<p/>"}), "PowerPoint"),
])
def test_other_files_named_as_what_they_are(tmp_path, make, words):
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(make())
    [p] = problems_of(path)
    assert words in p.message and p.path == ""


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_directory_given(tmp_path):
    (tmp_path / "phieu.xlsx").mkdir()
    [p] = problems_of(tmp_path / "phieu.xlsx")
    assert "thư mục" in p.message


# ---- a clerk's workbook ---------------------------------------------------------------------

def test_value_far_away_is_located(tmp_path, form):
    """A key pressed in cell K200000: without a limit every row to there would be read."""
    edit(form, lambda wb: wb["Kết quả"].cell(200000, 11, "?"))
    with peak_memory() as peak:
        [p] = problems_of(form)
    assert peak() < 100 * 1024 * 1024  # the rows up to there are never made (2 million cells)
    assert p.path == "Sheet 'Kết quả', ô K200000" and "xóa các dòng, cột thừa" in p.message


def test_form_saved_without_its_extension_is_read(tmp_path, form):
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện"))
    renamed = tmp_path / "phieu.xlsx.download"
    form.rename(renamed)
    assert doc_phieu(renamed).ket_qua[0].tinh_trang == DANG_THUC_HIEN


def test_status_merged_down_the_column_applies_to_each_row(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 6, "Đã hoàn thành")
        ws.merge_cells(f"F{FIRST}:F{FIRST + 2}")
    edit(form, change)
    p = doc_phieu(form)
    assert [r.tinh_trang for r in p.ket_qua] == [DA_HOAN_THANH] * 3
    assert [r.dong for r in p.ket_qua] == [FIRST, FIRST + 1, FIRST + 2]


def test_task_id_merged_over_two_rows_is_a_duplicate(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 6, "Đã hoàn thành")
        ws.cell(FIRST + 1, 6, "Đang thực hiện")
        ws.merge_cells(f"A{FIRST}:A{FIRST + 1}")
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô A{FIRST + 1}" and f"dòng {FIRST}" in p.message


@pytest.mark.parametrize("mark", ["✓", "X", "✗", True])
def test_a_mark_is_not_a_status(form, mark):
    """Decision: "x"/"✓" is refused (ambiguous: tick or cross), with its own message."""
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST + 1, 6, mark))
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô F{FIRST + 1}"
    assert "không cho biết tình trạng" in p.message and all(s in p.message for s in TINH_TRANG)


@pytest.mark.parametrize("typed", ["15-12-2026", "ngày 15 tháng 12 năm 2026", " 15/12/2026 ", "15.12.2026",
                                   dt.datetime(2026, 12, 15)])
def test_report_date_typed_the_usual_ways(form, typed):
    def change(wb):
        ws = wb["Thông tin báo cáo"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ngày")
        ws.cell(row, 2, typed)
    edit(form, change)
    assert doc_phieu(form).thong_tin.ngay == "2026-12-15"


def test_extra_blank_rows_and_a_note_below_the_table(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.insert_rows(FIRST + 1, 3)  # blank rows inside the table
        ws.cell(FIRST, 6, "Đã hoàn thành")
    edit(form, change)
    assert [r.tinh_trang for r in doc_phieu(form).ket_qua] == [DA_HOAN_THANH]


def _formula(form, sheet, ref, formula, **extra):
    def change(wb):
        wb[sheet][ref] = formula
        for k, v in extra.items():
            wb[sheet][k] = v
    edit(form, change)


@pytest.mark.parametrize("ref, formula", [("G4", "=40+40"), ("F4", '="Đang thực hiện"'), ("H4", "=A1&B1")])
def test_formula_without_a_saved_value_is_refused(form, ref, formula):
    """A form filled by a program and never opened in Excel: the formula has no value; it is
    refused at its cell, never read as an empty cell (nor its text as a value)."""
    _formula(form, "Kết quả", ref, formula, **({} if ref == "F4" else {"F4": "Đang thực hiện"}))
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô {ref}"
    assert f"“{formula}”" in p.message and "chưa có giá trị đã tính" in p.message
    assert "mở tệp bằng Excel hoặc LibreOffice, lưu lại" in p.message


def test_formula_on_the_information_sheet_without_a_value(form):
    _formula(form, "Thông tin báo cáo", "B7", "=20+5")
    [p] = problems_of(form)
    assert p.path == "Sheet 'Thông tin báo cáo', ô B7" and "chưa có giá trị đã tính" in p.message


def test_formula_with_a_saved_value_is_used_with_a_warning(form):
    _formula(form, "Kết quả", "F4", '="Đang thực hiện"', G4="=40+40")
    save_values(form, "Kết quả", {"F4": ("str", "Đang thực hiện"), "G4": ("n", "80")})
    p = doc_phieu(form)
    assert (p.ket_qua[0].tinh_trang, p.ket_qua[0].ty_le) == (DANG_THUC_HIEN, 80)
    by_cell = {w.path: w.message for w in p.canh_bao}
    assert set(by_cell) == {"Sheet 'Kết quả', ô F4", "Sheet 'Kết quả', ô G4"}
    assert all(w.file == str(form) for w in p.canh_bao)
    assert "“=40+40”" in by_cell["Sheet 'Kết quả', ô G4"] and "giá trị đã lưu “80”" in by_cell["Sheet 'Kết quả', ô G4"]


def test_formula_whose_saved_value_is_an_error_is_refused(form):
    _formula(form, "Kết quả", "G4", "=1/0", F4="Đang thực hiện")
    save_values(form, "Kết quả", {"G4": ("e", "#DIV/0!")})
    [p] = problems_of(form)
    assert p.path == "Sheet 'Kết quả', ô G4" and "lỗi “#DIV/0!”" in p.message


def test_text_that_looks_like_a_formula_stays_text(form):
    """Typed into a text cell, "=..." is stored as text, not a formula: read as written, no warning."""
    def change(wb):
        ws = wb["Kết quả"]
        ws["F4"] = "Đang thực hiện"
        ws["H4"] = "=HYPERLINK(\"http://example.invalid\")"
        ws["H4"].data_type = "s"
    edit(form, change)
    p = doc_phieu(form)
    assert p.ket_qua[0].ket_qua == "=HYPERLINK(\"http://example.invalid\")" and p.canh_bao == []


# ---- Excel's _xHHHH_ escapes ----------------------------------------------------------------

def _with_shared_string(path: Path, sheet_part: str, ref: str, raw: str) -> Path:
    """Store cell ``ref`` as Excel does: a shared string (``raw`` as written in the part)."""
    from xml.sax.saxutils import escape

    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t xml:space="preserve">{escape(raw)}</t></si></sst>')

    def change(name, data):
        text = data.decode("utf-8")
        if name == f"xl/worksheets/{sheet_part}":
            text, n = re.subn(rf'<c r="{ref}"([^>]*?)(?: t="\w+")?(?:/>|>.*?</c>)', rf'<c r="{ref}"\1 t="s"><v>0</v></c>',
                              text, count=1)
            assert n == 1
        elif name == "[Content_Types].xml":
            text = text.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>")
        elif name == "xl/_rels/workbook.xml.rels":
            text = text.replace("</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                                'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                "</Relationships>")
        return text.encode("utf-8")

    from tests.phieu_helpers import _repack
    _repack(path, change)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/sharedStrings.xml", sst)
    return path


@pytest.mark.parametrize("raw, expected", [
    ("Dòng một_x000B_dòng hai", "Dòng một\ndòng hai"),  # Word's manual line break, pasted
    ("Dòng một_x000D__x000A_dòng hai", "Dòng một\ndòng hai"),
    ("mã _x005F_x000B_ giữ nguyên", "mã _x000B_ giữ nguyên"),  # an escaped literal
    ("a_x0001_b_x001F_c", "abc"),  # control characters XML cannot hold: removed
    ("Sở Y t_x1EBF_", "Sở Y tế"),
])
def test_escapes_in_shared_strings_are_decoded(form, raw, expected):
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện"))
    _with_shared_string(form, "sheet3.xml", f"H{FIRST}", raw)
    assert doc_phieu(form).ket_qua[0].ket_qua == expected


def test_escapes_in_inline_strings_are_decoded(form):
    def change(wb):
        wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện")
        wb["Kết quả"].cell(FIRST, 8, "Kết quả_x000B_dòng hai")  # openpyxl stores it inline, as written
        wb["Nội dung báo cáo"]["A4"] = "Mục một_x000B_mục hai"
    edit(form, change)
    p = doc_phieu(form)
    assert p.ket_qua[0].ket_qua == "Kết quả\ndòng hai"
    assert p.cong_tac_chi_dao == "Mục một\nmục hai"


def test_escape_in_the_status_cell(form):
    _with_shared_string(form, "sheet3.xml", f"F{FIRST}", "Đang_x0020_thực hiện")
    assert doc_phieu(form).ket_qua[0].tinh_trang == DANG_THUC_HIEN


# ---- invisible and direction characters -----------------------------------------------------

@pytest.mark.parametrize("char", ["\u200b", "\u200e", "\u202e", "\u2066", "\ufeff"])
def test_invisible_characters_removed_with_a_warning(form, char):
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 6, f"Đang{char} thực hiện")
        ws.cell(FIRST, 8, f"Chi 100.000.000{char} đồng")
        wb["Thông tin báo cáo"]["B14"] = f"Nguyễn{char} Văn A"
    edit(form, change)
    p = doc_phieu(form)
    assert p.ket_qua[0].tinh_trang == DANG_THUC_HIEN
    assert p.ket_qua[0].ket_qua == "Chi 100.000.000 đồng"
    assert p.thong_tin.ho_ten == "Nguyễn Văn A"
    places = [w.path for w in p.canh_bao]
    assert places == [f"Sheet 'Thông tin báo cáo', ô B14", f"Sheet 'Kết quả', ô F{FIRST}",
                      f"Sheet 'Kết quả', ô H{FIRST}"]
    assert all(f"U+{ord(char):04X}" in w.message for w in p.canh_bao)


def test_invisible_character_escaped_by_excel(form):
    """U+202E stored as Excel's escape is decoded, then removed like any other."""
    edit(form, lambda wb: wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện"))
    _with_shared_string(form, "sheet3.xml", f"H{FIRST}", "Số tiền _x202E_000.001")
    p = doc_phieu(form)
    assert p.ket_qua[0].ket_qua == "Số tiền 000.001"
    [w] = p.canh_bao
    assert w.path == f"Sheet 'Kết quả', ô H{FIRST}" and "U+202E" in w.message


# ---- numbers and lengths in "Thông tin báo cáo" ------------------------------------------------

def _info(wb, label: str, value) -> None:
    ws = wb["Thông tin báo cáo"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    ws.cell(row, 2, value)


@pytest.mark.parametrize("typed", ["²", "①", "12²"])
def test_report_number_in_digit_like_characters_is_refused(form, typed):
    """"²" and "①" pass str.isdigit() but are not numbers: a located refusal, not a crash."""
    edit(form, lambda wb: _info(wb, "Số", typed))
    [p] = problems_of(form)
    assert p.path == "Sheet 'Thông tin báo cáo', ô B7" and f"“{typed}”" in p.message and "số nguyên" in p.message


@pytest.mark.parametrize("typed", ["２５", "٢٥"])
def test_report_number_in_other_digits_is_read(form, typed):
    edit(form, lambda wb: _info(wb, "Số", typed))
    assert doc_phieu(form).thong_tin.so == 25


@pytest.mark.parametrize("label, value, cell, limit", [
    ("Viết tắt", "SYT" * 10, "B6", 20),
    ("Tên cơ quan", "Sở Y tế " * 50, "B5", 300),
    ("Họ tên người ký", "Trần Văn Bình " * 30, "B14", 300),
])
def test_too_long_header_text_is_a_vietnamese_message_at_its_cell(tmp_path, form, label, value, cell, limit):
    from tests.phieu_helpers import fill, signer
    from vanban import api

    filled = fill(form, tmp_path / "dien.xlsx", {}, signer("SNNMT"))
    edit(filled, lambda wb: _info(wb, label, value))
    with pytest.raises(InputError) as e:
        api.tao_bao_cao(filled, tmp_path / "out")
    [p] = e.value.problems
    assert p.path == f"Sheet 'Thông tin báo cáo', ô {cell}"
    assert p.message == f"dài quá {limit} ký tự; rút gọn lại"
    assert not (tmp_path / "out").exists()


def test_merge_over_rows_and_columns_is_refused_at_its_cells(form):
    """F4:K5 merged: Excel keeps only F4's value, the second task's row would read as not reported;
    the merge is named instead of a task silently dropped."""
    def change(wb):
        ws = wb["Kết quả"]
        ws.cell(FIRST, 6, "Đã hoàn thành")
        ws.cell(FIRST + 1, 6, "Đang thực hiện")
        ws.merge_cells(f"F{FIRST}:K{FIRST + 1}")
    edit(form, change)
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô F{FIRST}:K{FIRST + 1}" and "nhiều dòng và nhiều cột" in p.message


def test_title_rows_merged_above_the_table_are_fine(form):
    def change(wb):
        ws = wb["Kết quả"]
        ws.unmerge_cells("A1:K1")
        ws.unmerge_cells("A2:K2")
        ws.merge_cells("A1:K2")
        ws.cell(FIRST, 6, "Đã hoàn thành")
    edit(form, change)
    assert doc_phieu(form).ket_qua[0].tinh_trang == DA_HOAN_THANH


@pytest.mark.parametrize("typed, read", [("８０", 80), ("٨٠", 80), ("80 %", 80), ("-0", 0), (".5", 0.5)])
def test_percent_typed_in_other_digits(form, typed, read):
    edit(form, lambda wb: (wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện"), wb["Kết quả"].cell(FIRST, 7, typed)))
    assert doc_phieu(form).ket_qua[0].ty_le == read


@pytest.mark.parametrize("typed", ["1_0", "1e2", "inf", "0x10", "80.5.1"])
def test_percent_python_would_read_is_refused(form, typed):
    """float() reads "1_0" as 10 and "1e2" as 100; a clerk meant neither: refused, located."""
    edit(form, lambda wb: (wb["Kết quả"].cell(FIRST, 6, "Đang thực hiện"), wb["Kết quả"].cell(FIRST, 7, typed)))
    [p] = problems_of(form)
    assert p.path == f"Sheet 'Kết quả', ô G{FIRST}" and f"“{typed}” không phải là số" in p.message
