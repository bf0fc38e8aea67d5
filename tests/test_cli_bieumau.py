"""vanban bieumau: one form per assigned agency, a blank form without a plan, messages and exit status."""

from __future__ import annotations

from openpyxl import load_workbook

from vanban.cli import main
from tests.conftest import PLANS

PLAN = PLANS / "hung-yen-132.yaml"


def test_forms_for_every_agency(tmp_path, capsys):
    assert main(["bieumau", str(PLAN), "--ky", "2026", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 11 and "bieu-mau-2026-SXD.xlsx" in names
    assert out.count("Đã ghi:") == len(names)


def test_one_agency_and_deadline(tmp_path):
    assert main(["bieumau", str(PLAN), "--ky", "6T1/2026", "--han-nop", "10/06/2026", "--co-quan", "Sở Xây dựng",
                 "-o", str(tmp_path)]) == 0
    (form,) = tmp_path.iterdir()
    assert form.name == "bieu-mau-6t1-2026-SXD.xlsx"
    ws = load_workbook(form)["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "6 tháng đầu năm 2026" in text and "trước ngày 10/06/2026" in text


def test_blank_form(tmp_path):
    assert main(["bieumau", "--ky", "Q2/2026", "-o", str(tmp_path)]) == 0
    (form,) = tmp_path.iterdir()
    wb = load_workbook(form)
    assert wb["_vanban"].sheet_state == "veryHidden"
    assert "QUÝ II NĂM 2026" in str(wb["Kết quả"]["A1"].value)


def test_bad_period_and_date(tmp_path, capsys):
    assert main(["bieumau", str(PLAN), "--ky", "2026/7", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "--ky" in err and "6T1/2026" in err and "Traceback" not in err
    assert main(["bieumau", str(PLAN), "--ky", "2026", "--han-nop", "31/02/2026", "-o", str(tmp_path)]) == 1
    assert "--han-nop" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_agency(tmp_path, capsys):
    assert main(["bieumau", str(PLAN), "--ky", "2026", "--co-quan", "Sở Du lịch", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "“Sở Du lịch” không được giao nhiệm vụ nào" in err
    assert list(tmp_path.iterdir()) == []


def test_period_required(tmp_path, capsys):
    try:
        main(["bieumau", str(PLAN), "-o", str(tmp_path)])
    except SystemExit as e:
        assert e.code == 2
    assert "thiếu tham số bắt buộc: --ky" in capsys.readouterr().err


def test_existing_forms_kept(tmp_path, capsys):
    args = ["bieumau", str(PLAN), "--ky", "2026", "--co-quan", "CAT", "-o", str(tmp_path)]
    assert main(args) == 0
    form = tmp_path / "bieu-mau-2026-CAT.xlsx"
    form.write_bytes(b"filled by a clerk")
    assert main(args) == 1
    assert form.read_bytes() == b"filled by a clerk"
    assert "--ghi-de" in capsys.readouterr().err
