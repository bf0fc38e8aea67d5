"""Real-plan annex variants in data: task numbers with a dot (``so_thu_tu: so_cham``), a Danh mục
without the "Phụ lục" label (``kieu: danh_muc``), and a Kèm theo line naming the signer's office
(``kem_theo_cua``), each the same in the .docx, the PDF and the annex .xlsx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from vanban import api
from vanban.errors import InputError
from vanban.load import load_plan
from vanban.layout import prepare
from tests.docx_helpers import W, open_docx, para_style_id, text

PLAN = """\
loai: KH
co_quan_ban_hanh:
  ten: Ủy ban nhân dân tỉnh Bắc Ninh
  viet_tat: UBND
so: 45
ngay: 2026-03-12
dia_danh: Bắc Ninh
trich_yeu: Triển khai chuyển đổi số năm 2026
nguoi_ky:
  quyen_han: TM.+KT.
  tap_the: Ủy ban nhân dân
  cap_truong: Chủ tịch
  chuc_vu: Phó Chủ tịch
  ho_ten: Nguyễn Văn Bình
noi_nhan:
  gui:
    - Các sở, ban, ngành
  luu:
    don_vi: KTTH
noi_dung: |
  I. MỤC ĐÍCH, YÊU CẦU
  Hoàn thành các nhiệm vụ tại Danh mục kèm theo Kế hoạch này.
  II. TỔ CHỨC THỰC HIỆN
  Kinh phí thực hiện theo Phụ lục kèm theo Kế hoạch này.
phu_luc:
  - ten: Danh mục nhiệm vụ chuyển đổi số năm 2026
    kieu: danh_muc
    so_thu_tu: so_cham
    kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh
    cot:
      - tt
      - noi_dung
      - chu_tri
      - tien_do
    nhom:
      - ten: Hạ tầng số
        danh_so: la_ma
        nhiem_vu:
          - id: BN-01
            noi_dung: Nâng cấp trung tâm dữ liệu tỉnh
            chu_tri:
              - Sở Khoa học và Công nghệ
            tien_do: Quý II/2026
          - id: BN-02
            noi_dung: Phủ sóng 5G khu công nghiệp
            chu_tri:
              - Sở Khoa học và Công nghệ
            tien_do: Quý IV/2026
  - ten: Kinh phí thực hiện
    cot:
      - tt
      - noi_dung
      - kinh_phi
    nhiem_vu:
      - id: KP-01
        noi_dung: Ngân sách tỉnh
        kinh_phi: 20 tỷ đồng
"""
DANH_MUC = "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026"
KEM_CHU_TICH = "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12 tháng 3 năm 2026 của Chủ tịch UBND tỉnh Bắc Ninh)"
KEM_UBND = "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Bắc Ninh)"
# Each annex's heading lines, as every format shows them: the Danh mục has no label line.
HEADINGS = [[DANH_MUC, KEM_CHU_TICH], ["Phụ lục", "KINH PHÍ THỰC HIỆN", KEM_UBND]]
# (TT, nội dung) of the task rows: the Danh mục numbers its tasks "1.", the other annex "1".
TASKS = [[("1.", "Nâng cấp trung tâm dữ liệu tỉnh"), ("2.", "Phủ sóng 5G khu công nghiệp")],
         [("1", "Ngân sách tỉnh")]]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """The plan as a clerk writes it, through the command line: .docx, annex .xlsx and PDF."""
    folder = tmp_path_factory.mktemp("bien-the")
    plan = folder / "chuyen-doi-so.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "vanban", "kehoach", str(plan), "-o", str(folder / "out"), "--pdf"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return folder / "out"


def _annex_headings(path: Path) -> list[list[tuple[str, str]]]:
    """(style id, text) of the paragraphs between each annex's section break and its table."""
    body = open_docx(path).element.body
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for el in body:
        if el.tag == f"{W}p" and el.find(f"{W}pPr/{W}sectPr") is not None:
            current = []
            out.append(current)
        elif el.tag == f"{W}p" and current is not None and text(el):
            current.append((para_style_id(el), text(el)))
        elif el.tag == f"{W}tbl":
            current = None
    return out


def test_docx_headings(outputs):
    headings = _annex_headings(outputs / "chuyen-doi-so.docx")
    assert [[t for _, t in h] for h in headings] == HEADINGS
    danh_muc, phu_luc = headings
    assert [s for s, _ in danh_muc] == ["VBPhuLucTen", "VBKemTheo"]  # no “Phụ lục” label line
    assert [s for s, _ in phu_luc] == ["VBPhuLucSo", "VBPhuLucTen", "VBKemTheo"]
    # the label paragraph is gone, not left empty above the title
    body = open_docx(outputs / "chuyen-doi-so.docx").element.body
    assert len([p for p in body.iter(f"{W}p") if para_style_id(p) == "VBPhuLucSo"]) == 1


def test_docx_task_numbers(outputs):
    doc = open_docx(outputs / "chuyen-doi-so.docx")
    tables = doc.tables[-2:]
    for table, tasks in zip(tables, TASKS):
        rows = [[c.text for c in r.cells] for r in table.rows[1:]]
        assert [(r[0], r[1]) for r in rows if r[1] != r[2]] == tasks  # a group row spans its title
    assert [c.text for c in tables[0].rows[1].cells][:2] == ["I", "Hạ tầng số"]  # a group keeps its label


def test_docx_checker_finds_no_error(outputs):
    (result,) = api.kiem_tra([outputs / "chuyen-doi-so.docx"])
    assert result.loi_doc is None and result.so_loi == 0, result.phat_hien


def test_checker_wants_the_body_to_cite_the_danh_muc(tmp_path):
    """The Danh mục is seen as an annex: without its citation in the body, kiemtra says so."""
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN.replace("tại Danh mục kèm theo Kế hoạch này", "được giao"), encoding="utf-8")
    api.tao_ke_hoach(plan, tmp_path / "out")
    (result,) = api.kiem_tra([tmp_path / "out" / "kh.docx"])
    found = [(f.rule, f.message) for f in result.phat_hien if f.rule == "PL-006"]
    assert found and all("“Danh mục”" in msg for _, msg in found), result.phat_hien


def _pdf_lines(path: Path) -> list[list[str]]:
    with pdfplumber.open(str(path)) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def test_pdf_headings_and_task_numbers(outputs):
    pages = _pdf_lines(outputs / "chuyen-doi-so.pdf")
    annexes = pages[-2:]
    for lines, heading, tasks in zip(annexes, HEADINGS, TASKS):
        assert lines[:len(heading)] == heading
        for tt, noi_dung in tasks:
            assert any(line.startswith(f"{tt} {noi_dung}") for line in lines), lines
    assert "Phụ lục" not in pages[-2]
    assert not any(line.startswith("1 ") for line in annexes[0])  # the Danh mục has no bare "1"


def test_pdf_tables_read_back(outputs):
    with pdfplumber.open(str(outputs / "chuyen-doi-so.pdf")) as pdf:
        tables = [t.extract() for page in pdf.pages[-2:] for t in page.find_tables()]
    assert len(tables) == 2
    for rows, tasks in zip(tables, TASKS):
        assert [(r[0], r[1]) for r in rows[1:] if r[0] and r[1] and r[0] != "I"] == tasks


def test_xlsx_headings_and_task_numbers(outputs):
    wb = load_workbook(outputs / "chuyen-doi-so-phu-luc.xlsx")
    assert wb.sheetnames == ["Danh mục", "Phụ lục"]
    for ws, heading, tasks in zip(wb.worksheets, HEADINGS, TASKS):
        head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "TT")
        assert [ws.cell(r, 1).value for r in range(1, head) if ws.cell(r, 1).value] == heading
        rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(head + 1, ws.max_row + 1)
                if ws.cell(r, 3).value]  # a group row has its title in B only
        assert rows == tasks
        assert ws.print_title_rows is not None


def test_labels_count_only_the_labelled_annexes(tmp_path):
    """With a Danh mục among them, the other annexes are numbered among themselves."""
    second = PLAN.split("  - ten: Kinh phí thực hiện\n", 1)[1]
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN + "  - ten: Kinh phí năm sau\n" + second.replace("KP-01", "KP-02"), encoding="utf-8")
    kh = load_plan(plan)
    assert prepare.annex_labels(kh.phu_luc) == ["", "Phụ lục I", "Phụ lục II"]
    api.tao_ke_hoach(plan, tmp_path / "out")
    assert load_workbook(tmp_path / "out" / "kh-phu-luc.xlsx").sheetnames == ["Danh mục", "Phụ lục I", "Phụ lục II"]


def test_defaults_keep_todays_annex(tmp_path):
    """Without the new fields: the “Phụ lục” label, numbers without a dot, the issuing body."""
    text = (PLAN.replace("    kieu: danh_muc\n", "").replace("    so_thu_tu: so_cham\n", "")
            .replace("    kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh\n", ""))
    kh = load_plan(_write(tmp_path, text))
    pl = kh.phu_luc[0]
    assert (pl.kieu, pl.so_thu_tu, pl.kem_theo_cua) == ("phu_luc", "so", None)
    assert prepare.annex_labels(kh.phu_luc) == ["Phụ lục I", "Phụ lục II"]
    assert [r.cell("tt") for r in prepare.annex_rows(pl) if r.kind == "task"] == ["1", "2"]
    assert prepare.annex_kem_theo(kh, pl) == KEM_UBND


def test_kem_theo_cua_written_with_cua(tmp_path):
    """“của Chủ tịch …” as typed: the line writes “của” once."""
    kh = load_plan(_write(tmp_path, PLAN.replace("kem_theo_cua: Chủ tịch", "kem_theo_cua: của  Chủ tịch")))
    assert prepare.annex_kem_theo(kh, kh.phu_luc[0]) == KEM_CHU_TICH


def _write(tmp_path: Path, text: str) -> Path:
    plan = tmp_path / "kh.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if needle in ln)


@pytest.mark.parametrize("old, new, path, words", [
    ("so_thu_tu: so_cham", "so_thu_tu: '1.'", "phu_luc[0].so_thu_tu", ["“1.”", "so_cham"]),
    ("kieu: danh_muc", "kieu: danh mục", "phu_luc[0].kieu", ["“danh mục”", "danh_muc"]),
    ("ten: Danh mục nhiệm vụ", "ten: Nhiệm vụ", "phu_luc[0].ten",
     ["bắt đầu bằng “Danh mục”", "ten: Danh mục nhiệm vụ chuyển đổi số năm 2026", "kieu: danh_muc"]),
    ("kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh", "kem_theo_cua: ''", "phu_luc[0].kem_theo_cua",
     ["không được để trống"]),
    ("kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh", "kem_theo_cua: của", "phu_luc[0].kem_theo_cua",
     ["kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh"]),
    ("kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh", "kem_theo_cua: (Chủ tịch UBND tỉnh)", "phu_luc[0].kem_theo_cua",
     ["ngoặc đơn"]),
])
def test_wrong_values_are_located(tmp_path, old, new, path, words):
    text = PLAN.replace(old, new)
    with pytest.raises(InputError) as e:
        load_plan(_write(tmp_path, text))
    (p,) = e.value.problems
    assert p.path == path and p.line == _line(text, new)
    for w in words:
        assert w in p.message, p.message


def test_wrong_value_through_the_command_line(tmp_path):
    plan = _write(tmp_path, PLAN.replace("so_thu_tu: so_cham", "so_thu_tu: cham"))
    run = subprocess.run([sys.executable, "-m", "vanban", "kehoach", str(plan), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert f"{plan}, dòng {_line(PLAN, 'so_thu_tu')}, phu_luc[0].so_thu_tu" in run.stderr
    assert "chấp nhận: “so” hoặc “so_cham”" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()


def test_consolidation_names_the_danh_muc(tmp_path):
    """The consolidated report's groups are named as the plan names its annexes."""
    from vanban.baocao import tong_hop

    groups, _ = tong_hop._groups(load_plan(_write(tmp_path, PLAN)))
    assert [(g.nhan, g.ten) for g in groups][:1] == [("Danh mục - I", "Hạ tầng số")]
    assert groups[-1].nhan == "Phụ lục"
