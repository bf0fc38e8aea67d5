"""Annex variants: several annexes, numbered groups, continuous numbering, tasks outside groups."""

from __future__ import annotations

from openpyxl import load_workbook

from vanban import api
from vanban.load import load_plan
from vanban.layout import prepare
from tests.conftest import write
from tests.docx_helpers import W, open_docx, text

PLAN = """\
co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ
co_quan_ban_hanh: {ten: Sở Tài chính, viet_tat: STC}
so: 7
ngay: 2026-02-03
dia_danh: Quảng Trị
trich_yeu: Thực hiện nhiệm vụ năm 2026
nguoi_ky: {quyen_han: TM.+KT., tap_the: Ủy ban nhân dân, cap_truong: Chủ tịch, chuc_vu: Phó Chủ tịch, ho_ten: Trần Văn B}
noi_nhan: {nhu_tren: true, gui: [UBND tỉnh], luu: {don_vi: KHTC, so_ban_luu: 2}}
noi_dung: |
  I. NHIỆM VỤ
  Các nhiệm vụ tại Phụ lục I và Phụ lục II kèm theo Kế hoạch này.
phu_luc:
  - ten: Nhiệm vụ thường xuyên
    cot: [tt, noi_dung, san_pham, chu_tri, thoi_gian, kinh_phi]
    danh_so_lien_tuc: true
    nhom:
      - ten: Quý I
        danh_so: so
        nhiem_vu:
          - {id: A1, noi_dung: Việc một, chu_tri: [Phòng A], thoi_gian: Quý I/2026, kinh_phi: 100}
          - {id: A2, noi_dung: Việc hai, chu_tri: [Phòng A], thoi_gian: Quý I/2026}
      - ten: Quý II
        danh_so: so
        nhiem_vu:
          - {id: A3, noi_dung: Việc ba, chu_tri: [Phòng B], thoi_gian: Quý II/2026}
  - ten: Nhiệm vụ đột xuất
    cot: [noi_dung, {ma: chu_tri, tieu_de: Đơn vị}, ghi_chu]
    nhiem_vu:
      - {id: B1, noi_dung: Việc bốn, chu_tri: [Phòng C]}
"""


def test_two_annexes(tmp_path):
    plan = write(tmp_path, "p.yaml", PLAN)
    result = api.tao_ke_hoach(plan, tmp_path / "out")
    assert {p.name for p in result.tep} == {"p.docx", "p-phu-luc.xlsx"}
    doc = open_docx(tmp_path / "out" / "p.docx")
    texts = [text(p) for p in doc.element.body.iter(f"{W}p")]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    kem = [t for t in texts if t.startswith("(Kèm theo")]
    assert kem == ["(Kèm theo Kế hoạch số 07/KH-STC ngày 03 tháng 02 năm 2026 của Sở Tài chính)"] * 2
    sections = list(doc.element.body.iter(f"{W}sectPr"))
    assert len(sections) == 3
    assert [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections] == [None, "landscape", "landscape"]
    # Signer: TM. + KT.
    assert {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} <= set(texts)
    assert "- Như trên;" in texts and "- Lưu: VT, KHTC (2)." in texts
    wb = load_workbook(tmp_path / "out" / "p-phu-luc.xlsx")
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II"]


def test_continuous_numbering_and_numbered_groups(tmp_path):
    kh = load_plan(write(tmp_path, "p.yaml", PLAN))
    rows = prepare.annex_rows(kh.phu_luc[0])
    assert [(r.kind, r.label) for r in rows] == [("group", "1"), ("task", "1"), ("task", "2"),
                                                 ("group", "2"), ("task", "3")]
    rows2 = prepare.annex_rows(kh.phu_luc[1])
    assert [(r.kind, r.label) for r in rows2] == [("task", "1")]


def test_annex_without_tt_column(tmp_path):
    plan = write(tmp_path, "p.yaml", PLAN)
    api.tao_ke_hoach(plan, tmp_path / "out")
    doc = open_docx(tmp_path / "out" / "p.docx")
    last = doc.element.body.findall(f"{W}tbl")[-1]
    head = last.find(f"{W}tr")
    assert [text(tc) for tc in head.findall(f"{W}tc")] == ["Nội dung thực hiện", "Đơn vị", "Ghi chú"]
