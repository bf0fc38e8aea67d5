"""Loading plans: every problem named by file, line and YAML path, all reported together."""

import pytest

from vanban.errors import InputError
from vanban.load import load_plan
from tests.conftest import PLANS, write

MINIMAL = """\
co_quan_ban_hanh: {{ten: Sở Nông nghiệp và Môi trường, viet_tat: SNNMT}}
dia_danh: Quảng Trị
trich_yeu: Triển khai thực hiện Nghị quyết
ngay: {ngay}
nguoi_ky: {{quyen_han: KT., cap_truong: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Nguyễn Văn A}}
noi_dung: |
  I. MỤC ĐÍCH
  1. Mục đích
"""


def problems(path):
    with pytest.raises(InputError) as e:
        load_plan(path)
    return e.value.problems


@pytest.mark.parametrize("name", ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"])
def test_samples_load(name):
    kh = load_plan(PLANS / f"{name}.yaml")
    assert kh.loai == "KH"


def test_sample_task_counts():
    assert len(load_plan(PLANS / "quang-tri-snnmt.yaml").phu_luc[0].all_tasks()) == 27
    assert len(load_plan(PLANS / "hung-yen-132.yaml").phu_luc[0].all_tasks()) == 29


@pytest.mark.parametrize("value,expected", [
    ("2026-01-05", (2026, 1, 5)), ("05/01/2026", (2026, 1, 5)), ("2026-04", (2026, 4, None)),
    ('""', (None, None, None)),
])
def test_date_forms(tmp_path, value, expected):
    kh = load_plan(write(tmp_path, "p.yaml", MINIMAL.format(ngay=value)))
    assert (kh.ngay.nam, kh.ngay.thang, kh.ngay.ngay) == expected


def test_impossible_date_is_located(tmp_path):
    [p] = problems(write(tmp_path, "p.yaml", MINIMAL.format(ngay="2026-02-30")))
    assert p.path == "ngay" and p.line == 4 and "không có trong lịch" in p.message


def test_nested_path_and_all_problems_together(tmp_path):
    text = MINIMAL.format(ngay="2026-04-08") + """\
phu_luc:
  - ten: Danh mục
    cot: [tt, noi_dung, chu_tri]
    nhom:
      - ten: Nhóm 1
        nhiem_vu:
          - {id: T1, noi_dung: Việc một}
      - ten: Nhóm 2
        nhiem_vu:
          - {id: T2, noi_dung: Việc hai}
          - {id: T3, noi_dung: Việc ba}
          - {id: T4, noi_dung: Việc bốn}
          - {id: T5, noi_dung: Việc năm, chu_tri: 5}
          - {id: T6, noi_dungg: Việc sáu}
"""
    ps = problems(write(tmp_path, "p.yaml", text))
    paths = {p.path: p for p in ps}
    assert "phu_luc[0].nhom[1].nhiem_vu[3].chu_tri" in paths
    assert paths["phu_luc[0].nhom[1].nhiem_vu[3].chu_tri"].line == 21
    assert "phu_luc[0].nhom[1].nhiem_vu[4].noi_dung" in paths
    assert "không được hỗ trợ" in paths["phu_luc[0].nhom[1].nhiem_vu[4].noi_dungg"].message
    assert all(p.file.endswith("p.yaml") for p in ps)


def test_signer_needs_titles_for_authority(tmp_path):
    text = MINIMAL.format(ngay="2026-04-08").replace("cap_truong: Giám đốc, ", "")
    [p] = problems(write(tmp_path, "p.yaml", text))
    assert p.path == "nguoi_ky" and "cap_truong" in p.message


def test_unknown_document_type_lists_accepted(tmp_path):
    [p] = problems(write(tmp_path, "p.yaml", "loai: KHX\n" + MINIMAL.format(ngay="2026-04-08")))
    assert p.path == "loai" and "KH" in p.message and "BC" in p.message


def test_typed_punctuation_in_noi_nhan_refused(tmp_path):
    text = MINIMAL.format(ngay="2026-04-08") + "noi_nhan:\n  gui:\n    - '- Sở Tài chính;'\n"
    [p] = problems(write(tmp_path, "p.yaml", text))
    assert p.path == "noi_nhan.gui[0].ten" and "tự thêm" in p.message


def test_duplicate_task_ids_refused(tmp_path):
    text = MINIMAL.format(ngay="2026-04-08") + """\
phu_luc:
  - ten: X
    cot: [tt, noi_dung]
    nhiem_vu:
      - {id: T1, noi_dung: a}
      - {id: T1, noi_dung: b}
"""
    [p] = problems(write(tmp_path, "p.yaml", text))
    assert "T1" in p.message and "trùng" in p.message


def test_yaml_syntax_error_has_line(tmp_path):
    [p] = problems(write(tmp_path, "p.yaml", "a: [1, 2\nb: 3\n"))
    assert p.line is not None and "cú pháp" in p.message


def test_not_utf8(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("dia_danh: Quảng Trị".encode("cp1258", errors="replace") + b"\xff\xfe")
    [p] = problems(path)
    assert "UTF-8" in p.message


def test_nfd_input_becomes_nfc(tmp_path):
    import unicodedata
    text = unicodedata.normalize("NFD", MINIMAL.format(ngay="2026-04-08"))
    kh = load_plan(write(tmp_path, "p.yaml", text))
    assert kh.dia_danh == "Quảng Trị" and unicodedata.is_normalized("NFC", kh.co_quan_ban_hanh.ten)
