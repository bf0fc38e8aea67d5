"""vanban baocao: an agency's Báo cáo from its filled form; refusals with their cells."""

from __future__ import annotations

import pytest

from vanban import api
from vanban.cli import main
from tests.conftest import PLANS
from tests.phieu_helpers import fill, signer

PLAN = PLANS / "hung-yen-132.yaml"


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    d = tmp_path_factory.mktemp("bm")
    (f,) = api.tao_bieu_mau(PLAN, "2026", d, co_quan=["Sở Y tế"]).tep
    return f


def test_report_written(form, tmp_path, capsys):
    filled = fill(form, tmp_path / "syt.xlsx", {}, signer("SYT"))
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 0
    assert "Đã ghi:" in capsys.readouterr().out
    assert (tmp_path / "o" / "syt-bao-cao.docx").exists()


def test_report_with_pdf(form, tmp_path):
    filled = fill(form, tmp_path / "syt.xlsx", {}, signer("SYT"))
    assert main(["baocao", str(filled), "-o", str(tmp_path), "--pdf"]) == 0
    assert (tmp_path / "syt-bao-cao.pdf").read_bytes()[:5] == b"%PDF-"


def test_abbreviation_from_the_registry(form, tmp_path):
    info = signer("SYT")
    info["Viết tắt"] = None
    filled = fill(form, tmp_path / "syt.xlsx", {}, info)
    assert main(["baocao", str(filled), "-o", str(tmp_path / "a")]) == 1
    assert main(["baocao", str(filled), "-o", str(tmp_path / "b"), "--danh-muc",
                 str(PLANS.parent / "co-quan" / "hung-yen.yaml")]) == 0


def test_missing_signer_named_by_cell(form, tmp_path, capsys):
    info = signer("SYT")
    info["Chức vụ người ký"] = None
    filled = fill(form, tmp_path / "syt.xlsx", {}, info)
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "Sheet 'Thông tin báo cáo', ô B13" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_not_a_form(tmp_path, capsys):
    bad = tmp_path / "bao-cao.xlsx"
    bad.write_text("không phải bảng tính", encoding="utf-8")
    assert main(["baocao", str(bad), "-o", str(tmp_path / "o")]) == 1
    assert str(bad) in capsys.readouterr().err


def test_report_from_a_blank_form(tmp_path):
    """No plan: the agency types its own tasks into a blank form."""
    from docx import Document
    from openpyxl import load_workbook

    (blank,) = api.tao_bieu_mau(None, "2026", tmp_path, co_quan=["Sở Y tế"]).tep
    wb = load_workbook(blank)
    ws = wb["Kết quả"]
    head = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    typed = [("YT-01", "Kiểm tra vệ sinh môi trường bệnh viện", "Chủ trì", "Đã hoàn thành"),
             ("YT-02", "Xử lý chất thải y tế", "Phối hợp", "Đang thực hiện")]
    for k, (tid, text, role, status) in enumerate(typed):
        for title, value in zip(("Mã nhiệm vụ", "Nội dung nhiệm vụ", "Vai trò", "Tình trạng"), (tid, text, role, status)):
            ws.cell(4 + k, head[title]).value = value
    wb.save(tmp_path / "yt.xlsx")
    filled = fill(tmp_path / "yt.xlsx", tmp_path / "yt.xlsx", {}, signer("SYT") | {"Kính gửi": "Sở Nội vụ"})
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 0
    d = Document(tmp_path / "o" / "yt-bao-cao.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Kính gửi: Sở Nội vụ." in text
    assert "Tổng số nhiệm vụ được giao: 2 (1 nhiệm vụ chủ trì, 1 nhiệm vụ phối hợp); đã hoàn thành 1;" in text
    annex = [[c.text for c in r.cells] for r in d.tables[-1].rows]
    assert [r[1] for r in annex[1:3]] == [t[1] for t in typed] and [r[4] for r in annex[1:3]] == [t[3] for t in typed]


def test_every_form_filled_as_its_instructions_say_is_accepted(tmp_path, capsys):
    """The forms of the sample plan, filled with only what "Hướng dẫn" asks: the signer's data of
    step 1, the abbreviation only where its cell is empty, a status and a result on one row."""
    from openpyxl import load_workbook

    assert main(["bieumau", str(PLAN), "--ky", "2026", "-o", str(tmp_path / "bm")]) == 0
    forms = sorted((tmp_path / "bm").glob("*.xlsx"))
    assert len(forms) == 11
    asked = {"Số": 15, "Ngày": "10/12/2026", "Địa danh": "Hưng Yên", "Quyền hạn ký": "KT.",
             "Chức vụ cấp trưởng": "Giám đốc", "Chức vụ người ký": "Phó Giám đốc", "Họ tên người ký": "Lê Văn Hùng"}
    empty_abbr = []
    (tmp_path / "phieu").mkdir()
    for form in forms:
        wb = load_workbook(form)
        text = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
        assert "Viết tắt (ô B6" in text
        info = dict(asked)
        if not wb["Thông tin báo cáo"]["B6"].value:  # the instructions: an empty B6 must be filled
            empty_abbr.append(form.name)
            info["Viết tắt"] = "UBNDX"
        first = wb["Kết quả"].cell(4, 1).value
        filled = fill(form, tmp_path / "phieu" / form.name,
                      {first: {"Tình trạng": "Đang thực hiện", "Kết quả thực hiện": "Đã triển khai."}}, info)
        capsys.readouterr()
        assert main(["baocao", str(filled), "-o", str(tmp_path / "bc")]) == 0, capsys.readouterr().err
    assert empty_abbr == ["bieu-mau-2026-ubnd-cac-xa-phuong.xlsx"]  # the registry names no abbreviation for it
    assert len(list((tmp_path / "bc").glob("*.docx"))) == 11


def test_reader_warnings_printed_with_their_cell(form, tmp_path, capsys):
    from openpyxl import load_workbook

    from tests.phieu_helpers import save_values
    first = load_workbook(form)["Kết quả"].cell(4, 1).value
    filled = fill(form, tmp_path / "syt.xlsx", {first: {"Tình trạng": '="Đã hoàn thành"',
                                                        "Kết quả thực hiện": "Kiểm tra\u202e 20 cơ sở"}},
                  signer("SYT"))
    save_values(filled, "Kết quả", {"F4": ("str", "Đã hoàn thành")})
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert (f"Cảnh báo: {filled}, Sheet 'Kết quả', ô F4: ô có công thức “=\"Đã hoàn thành\"”; dùng giá trị đã "
            "lưu “Đã hoàn thành”") in err
    assert f"Cảnh báo: {filled}, Sheet 'Kết quả', ô H4: đã bỏ ép chiều phải sang trái (U+202E)" in err
    from docx import Document
    text = "\n".join(c.text for t in Document(tmp_path / "o" / "syt-bao-cao.docx").tables for r in t.rows
                     for c in r.cells)
    assert "Kiểm tra 20 cơ sở" in text and "\u202e" not in text


def test_formula_without_a_value_refused_by_baocao(form, tmp_path, capsys):
    from openpyxl import load_workbook
    first = load_workbook(form)["Kết quả"].cell(4, 1).value
    filled = fill(form, tmp_path / "syt.xlsx", {first: {"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": "=1+1"}},
                  signer("SYT"))
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"{filled}, Sheet 'Kết quả', ô G4: ô có công thức “=1+1” nhưng chưa có giá trị đã tính" in err
    assert not (tmp_path / "o").exists()


def test_json_report_warnings_and_refusals_with_their_cell(form, tmp_path):
    from openpyxl import load_workbook

    from tests.cli_helpers import vanban_json
    from tests.phieu_helpers import save_values

    first = load_workbook(form)["Kết quả"].cell(4, 1).value
    filled = fill(form, tmp_path / "syt.xlsx", {first: {"Tình trạng": '="Đã hoàn thành"'}}, signer("SYT"))
    save_values(filled, "Kết quả", {"F4": ("str", "Đã hoàn thành")})
    code, doc = vanban_json("baocao", filled, "-o", tmp_path / "o")
    assert code == 0 and doc["lenh"] == "baocao" and doc["tep"] == [str(tmp_path / "o" / "syt-bao-cao.docx")]
    (w,) = doc["canh_bao"]
    assert (w["file"], w["path"]) == (str(filled), "Sheet 'Kết quả', ô F4") and "Đã hoàn thành" in w["message"]

    info = signer("SYT")
    info["Chức vụ người ký"] = None
    bad = fill(form, tmp_path / "sai.xlsx", {}, info)
    code, doc = vanban_json("baocao", bad, "-o", tmp_path / "x")
    assert code == 1 and doc["tep"] == [] and not (tmp_path / "x").exists()
    assert [(e["file"], e["path"]) for e in doc["loi"]] == [(str(bad), "Sheet 'Thông tin báo cáo', ô B13")]
