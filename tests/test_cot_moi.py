"""Annex columns of the province's own: a "Nguồn vốn" column declared in the annex's ``cot`` list
with its title and width, each task giving its value under the code; read back from the .docx
(python-docx), the PDF (pdfplumber) and the annex .xlsx (openpyxl)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook

from vanban import api
from vanban.errors import InputError
from vanban.load import load_plan
from vanban.model.phu_luc import RONG_COT_MOI
from tests.docx_helpers import W, para_style_id

PLAN = """\
loai: KH
co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ
co_quan_ban_hanh:
  ten: Sở Nông nghiệp và Môi trường
  viet_tat: SNNMT
so: 85
ngay: 2026-04-08
dia_danh: Quảng Trị
trich_yeu: Triển khai thực hiện các công trình thủy lợi năm 2026
nguoi_ky:
  quyen_han: KT.
  cap_truong: Giám đốc
  chuc_vu: Phó Giám đốc
  ho_ten: Nguyễn Văn An
noi_nhan:
  gui:
    - ten: UBND tỉnh
      muc_dich: báo cáo
  luu:
    don_vi: QLMT
noi_dung: |
  I. MỤC ĐÍCH, YÊU CẦU
  Triển khai kịp thời các công trình tại Phụ lục kèm theo Kế hoạch này.
  II. TỔ CHỨC THỰC HIỆN
  Các phòng, đơn vị thực hiện các nhiệm vụ được giao.
phu_luc:
  - ten: Danh mục công trình
    cot:
      - tt
      - noi_dung
      - chu_tri
      - ma: nguon_von
        tieu_de: Nguồn vốn
        rong: 3
      - tien_do
    gop_o:
      - nguon_von
    nhom:
      - ten: Công trình chuyển tiếp
        danh_so: la_ma
        nhiem_vu:
          - id: CT-01
            noi_dung: Nâng cấp hồ chứa nước Khe Mây
            chu_tri:
              - Ban Quản lý dự án
            nguon_von: Ngân sách tỉnh
            tien_do: "2026"
          - id: CT-02
            noi_dung: Sửa chữa kênh chính Nam Thạch Hãn
            chu_tri:
              - Ban Quản lý dự án
            nguon_von: Ngân sách tỉnh
            tien_do: "2026"
          - id: CT-03
            noi_dung: Kè chống sạt lở bờ sông Hiếu
            chu_tri:
              - Ban Quản lý dự án
            nguon_von: Vốn ODA
            tien_do: "2027"
      - ten: Công trình khởi công mới
        danh_so: la_ma
        nhiem_vu:
          - id: CT-04
            noi_dung: Trạm bơm điện xã Triệu Phong
            chu_tri:
              - Ban Quản lý dự án
            nguon_von: Ngân sách trung ương
            tien_do: "2027"
"""
TITLES = ["TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Nguồn vốn", "Tiến độ"]
# Task rows of the annex: (TT, nguồn vốn); CT-02's cell is merged into CT-01's.
VALUES = [("1", "Ngân sách tỉnh"), ("2", "Ngân sách tỉnh"), ("3", "Vốn ODA"), ("1", "Ngân sách trung ương")]
RATIO = 3 / 5  # nguon_von's width over noi_dung's (5 by default)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """The plan as a clerk writes it, through the command line: .docx, annex .xlsx and PDF."""
    folder = tmp_path_factory.mktemp("cot-moi")
    plan = folder / "cong-trinh.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "vanban", "kehoach", str(plan), "-o", str(folder / "out"), "--pdf"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return folder / "out"


def _annex_table(path: Path):
    doc = Document(str(path))
    return doc, doc.tables[-1]


def test_docx_column_title_order_width_values(outputs):
    doc, table = _annex_table(outputs / "cong-trinh.docx")
    assert [c.text for c in table.rows[0].cells] == TITLES
    grid = [int(g.get(f"{W}w")) for g in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert abs(grid[3] / grid[1] - RATIO) < 0.01
    tasks = [r for r in table.rows[1:] if r.cells[1].text != r.cells[2].text]  # group rows span the columns
    assert [(r.cells[0].text, r.cells[3].text) for r in tasks] == VALUES


def test_docx_column_merges_and_aligns_as_a_text_column(outputs):
    doc, table = _annex_table(outputs / "cong-trinh.docx")
    rows = table._tbl.findall(f"{W}tr")
    task_rows = [tr for tr in rows[1:] if len(tr.findall(f"{W}tc")) == len(TITLES)]

    def vmerge(tr, k):
        v = tr.findall(f"{W}tc")[k].find(f"{W}tcPr/{W}vMerge")
        return None if v is None else (v.get(f"{W}val") or "continue")

    assert [vmerge(tr, 3) for tr in task_rows] == ["restart", "continue", None, None]
    assert [vmerge(tr, 2) for tr in task_rows] == [None] * 4  # only the columns of gop_o merge

    def style(tr, k):
        return para_style_id(tr.findall(f"{W}tc")[k].find(f"{W}p"))

    first = task_rows[0]
    assert style(first, 3) == style(first, 1) != style(first, 4)  # as Nội dung, not as the centred Tiến độ


def test_docx_checker_finds_no_error(outputs):
    (result,) = api.kiem_tra([outputs / "cong-trinh.docx"])
    assert result.loi_doc is None and result.so_loi == 0, result.phat_hien


def test_pdf_column_title_order_width_values_merge(outputs):
    with pdfplumber.open(str(outputs / "cong-trinh.pdf")) as pdf:
        tables = [t for page in pdf.pages for t in page.find_tables()]
    assert len(tables) == 1
    table = tables[0]
    rows = table.extract()
    assert rows[0] == TITLES
    head = table.rows[0].cells
    widths = [c[2] - c[0] for c in head]
    assert abs(widths[3] / widths[1] - RATIO) < 0.01
    tasks = [(i, r) for i, r in enumerate(rows[1:], start=1) if r[2] is not None]
    assert [(r[0], r[3]) for _, r in tasks] == [("1", "Ngân sách tỉnh"), ("2", None), ("3", "Vốn ODA"),
                                                ("1", "Ngân sách trung ương")]
    # The merged cell is one cell over the rows of CT-01 and CT-02.
    first, second = tasks[0][0], tasks[1][0]
    merged = table.rows[first].cells[3]
    assert merged[3] == pytest.approx(table.rows[second].cells[1][3], abs=0.5)


def test_xlsx_column_title_order_width_values_merge(outputs):
    wb = load_workbook(outputs / "cong-trinh-phu-luc.xlsx")
    ws = wb.worksheets[0]
    head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "TT")
    assert [ws.cell(head, k).value for k in range(1, 6)] == TITLES
    width = {k: ws.column_dimensions[k].width for k in "ABCDE"}
    assert abs(width["D"] / width["B"] - RATIO) < 0.01
    tasks = [r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 3).value]
    assert len(tasks) == 4
    assert ws.cell(tasks[0], 4).value == "Ngân sách tỉnh" and ws.cell(tasks[1], 4).value is None
    assert [ws.cell(r, 4).value for r in tasks[2:]] == ["Vốn ODA", "Ngân sách trung ương"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert f"D{tasks[0]}:D{tasks[1]}" in merged
    assert not any(m.startswith("C") and ":C" in m for m in merged)
    assert ws.cell(tasks[0], 4).style == ws.cell(tasks[0], 2).style != ws.cell(tasks[0], 5).style


def test_new_column_without_width_takes_the_default(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN.replace("        rong: 3\n", ""), encoding="utf-8")
    kh = load_plan(plan)
    (cot,) = [c for c in kh.phu_luc[0].cot if c.ma == "nguon_von"]
    assert cot.title == "Nguồn vốn" and cot.weight == RONG_COT_MOI
    api.tao_ke_hoach(plan, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "kh-phu-luc.xlsx").worksheets[0]
    assert abs(ws.column_dimensions["D"].width / ws.column_dimensions["B"].width - RONG_COT_MOI / 5) < 0.01


def test_a_task_without_a_value_leaves_the_cell_empty(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN.replace("            nguon_von: Vốn ODA\n", ""), encoding="utf-8")
    kh = load_plan(plan)
    cells = [t.cell("nguon_von") for t in kh.phu_luc[0].all_tasks()]
    assert cells == ["Ngân sách tỉnh", "Ngân sách tỉnh", "", "Ngân sách trung ương"]


def _problems(tmp_path: Path, text: str) -> list:
    plan = tmp_path / "kh.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_plan(plan)
    return e.value.problems


def _line(text: str, needle: str, after: int = 0) -> int:
    """1-based line of the first line holding ``needle`` after line ``after``."""
    lines = text.splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if i > after and needle in ln)


def test_new_code_without_title_is_located(tmp_path):
    text = PLAN.replace("        tieu_de: Nguồn vốn\n", "")
    (p,) = _problems(tmp_path, text)
    assert p.path == "phu_luc[0].cot[3]" and p.line == _line(text, "- ma: nguon_von")
    assert "“nguon_von” không phải cột có sẵn" in p.message and "tieu_de" in p.message


def test_misspelt_built_in_code_suggests_it(tmp_path):
    text = PLAN.replace("      - tien_do\n    gop_o", "      - tiendo\n    gop_o")
    (p,) = _problems(tmp_path, text)
    assert p.path == "phu_luc[0].cot[4]" and "“tien_do”" in p.message


def test_value_for_an_undeclared_column_is_refused_at_the_task_key(tmp_path):
    text = PLAN.replace("            nguon_von: Vốn ODA\n", "            nguon_vonn: Vốn ODA\n")
    (p,) = _problems(tmp_path, text)
    assert p.path == "phu_luc[0].nhom[0].nhiem_vu[2].nguon_vonn" and p.line == _line(text, "nguon_vonn")
    assert "trường không được hỗ trợ" in p.message and "phu_luc[0].cot" in p.message


def test_column_of_another_annex_is_not_a_key_of_this_one(tmp_path):
    """A column is declared per annex: the same key in an annex without it is refused."""
    second = ("  - ten: Phụ lục khác\n    cot:\n      - tt\n      - noi_dung\n    nhiem_vu:\n"
              "      - id: K-01\n        noi_dung: Việc khác\n        nguon_von: Ngân sách tỉnh\n")
    text = PLAN + second
    (p,) = _problems(tmp_path, text)
    assert p.path == "phu_luc[1].nhiem_vu[0].nguon_von" and "phu_luc[1].cot" in p.message


@pytest.mark.parametrize("code", ["Nguồn vốn", "nguon-von", "NguonVon", "1nguon"])
def test_bad_column_codes(tmp_path, code):
    text = PLAN.replace("      - ma: nguon_von\n", f"      - ma: {code}\n")
    problems = _problems(tmp_path, text)
    (p,) = [p for p in problems if p.path == "phu_luc[0].cot[3].ma"]
    assert f"mã cột “{code}” không hợp lệ" in p.message and p.line == _line(text, f"- ma: {code}")


def test_id_is_not_a_column(tmp_path):
    text = PLAN.replace("      - ma: nguon_von\n", "      - ma: id\n")
    problems = _problems(tmp_path, text)
    assert any(p.path == "phu_luc[0].cot[3].ma" and "mã nhiệm vụ" in p.message for p in problems)


def test_bad_value_of_a_new_column_is_located(tmp_path):
    text = PLAN.replace("            nguon_von: Vốn ODA\n", "            nguon_von:\n              - Vốn ODA\n")
    (p,) = _problems(tmp_path, text)
    assert p.path == "phu_luc[0].nhom[0].nhiem_vu[2].nguon_von" and "chuỗi văn bản" in p.message
    long = PLAN.replace("nguon_von: Vốn ODA", "nguon_von: " + "x" * 5001)
    (p,) = _problems(tmp_path, long)
    assert p.path == "phu_luc[0].nhom[0].nhiem_vu[2].nguon_von" and "5000" in p.message


def test_every_problem_of_the_file_at_once(tmp_path):
    text = (PLAN.replace("            nguon_von: Vốn ODA\n", "            nguon_von:\n              a: 1\n")
            .replace("noi_dung: Trạm bơm điện xã Triệu Phong", "noi_dungg: Trạm bơm điện xã Triệu Phong")
            .replace("so: 85", "so: 0x55"))
    paths = {p.path for p in _problems(tmp_path, text)}
    assert {"so", "phu_luc[0].nhom[0].nhiem_vu[2].nguon_von", "phu_luc[0].nhom[1].nhiem_vu[0].noi_dungg",
            "phu_luc[0].nhom[1].nhiem_vu[0].noi_dung"} <= paths


def test_command_line_names_file_line_and_path(tmp_path):
    text = PLAN.replace("        tieu_de: Nguồn vốn\n", "")
    plan = tmp_path / "kh.yaml"
    plan.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "vanban", "kehoach", str(plan), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    out = run.stdout + run.stderr
    assert f"{plan}, dòng {_line(text, '- ma: nguon_von')}, phu_luc[0].cot[3]:" in out
    assert "Traceback" not in out and not (tmp_path / "out").exists()


def test_forms_and_reports_keep_their_own_columns(tmp_path):
    """The return form lists the plan's tasks with its fixed columns; a new column of the annex
    is not one of them, and the form is written."""
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN + "che_do_bao_cao:\n  co_quan_tong_hop: Sở Nông nghiệp và Môi trường\n", encoding="utf-8")
    result = api.tao_bieu_mau(plan, "2026", tmp_path / "bm")
    (form,) = result.tep
    wb = load_workbook(form)
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Nâng cấp hồ chứa nước Khe Mây" in texts and "Nguồn vốn" not in texts
