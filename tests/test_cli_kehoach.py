"""vanban kehoach: outputs, messages, exit status, never overwriting without --ghi-de."""

from __future__ import annotations

import shutil

from vanban.cli import main
from tests.conftest import PLANS, write


def test_writes_docx_and_annex_xlsx(tmp_path, capsys):
    assert main(["kehoach", str(PLANS / "hung-yen-132.yaml"), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hung-yen-132-phu-luc.xlsx", "hung-yen-132.docx"]
    out = capsys.readouterr().out
    assert "Đã ghi:" in out and "hung-yen-132.docx" in out


def test_plan_without_annex_writes_only_docx(tmp_path):
    assert main(["kehoach", str(PLANS / "thai-nguyen-du-thao.yaml"), "-o", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["thai-nguyen-du-thao.docx"]


def test_custom_name(tmp_path):
    assert main(["kehoach", str(PLANS / "thai-nguyen-du-thao.yaml"), "-o", str(tmp_path), "--ten", "ban-thao"]) == 0
    assert (tmp_path / "ban-thao.docx").exists()


def test_existing_output_kept_without_ghi_de(tmp_path, capsys):
    target = tmp_path / "thai-nguyen-du-thao.docx"
    target.write_bytes(b"old")
    assert main(["kehoach", str(PLANS / "thai-nguyen-du-thao.yaml"), "-o", str(tmp_path)]) == 1
    assert target.read_bytes() == b"old"
    assert "--ghi-de" in capsys.readouterr().err
    assert main(["kehoach", str(PLANS / "thai-nguyen-du-thao.yaml"), "-o", str(tmp_path), "--ghi-de"]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_input_names_file_and_path_and_writes_nothing(tmp_path, capsys):
    plan = tmp_path / "in" / "ke-hoach.yaml"
    plan.parent.mkdir()
    shutil.copy(PLANS / "hung-yen-132.yaml", plan)
    text = plan.read_text(encoding="utf-8").replace("ho_ten:", "ho_tenn:", 1)
    plan.write_text(text, encoding="utf-8")
    before = plan.read_bytes()
    out = tmp_path / "out"
    assert main(["kehoach", str(plan), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "ke-hoach.yaml" in err and "nguoi_ky.ho_tenn" in err and "nguoi_ky.ho_ten" in err
    assert "Traceback" not in err
    assert not out.exists() or not list(out.iterdir())
    assert plan.read_bytes() == before


def test_missing_file(tmp_path, capsys):
    assert main(["kehoach", str(tmp_path / "khong-co.yaml"), "-o", str(tmp_path)]) == 1
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_unknown_agency_warns_with_closest(tmp_path, capsys):
    plan = tmp_path / "p.yaml"
    text = (PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8").replace(
        "- Sở Giáo dục và Đào tạo", "- Sở Giáo dục Đào tạo", 1)
    plan.write_text(text.replace("../co-quan/hung-yen.yaml", str(PLANS.parent / "co-quan" / "hung-yen.yaml")),
                    encoding="utf-8")
    assert main(["kehoach", str(plan), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "Cảnh báo:" in err and "Sở Giáo dục Đào tạo" in err and "gần nhất là “Sở Giáo dục và Đào tạo”" in err
    assert ".chu_tri[0]" in err


def test_help_is_vietnamese(capsys):
    try:
        main(["kehoach", "--help"])
    except SystemExit as e:
        assert e.code == 0
    out = capsys.readouterr().out
    assert "Cách dùng:" in out and "--ghi-de" in out and "usage:" not in out


def test_usage_error_is_vietnamese(capsys):
    try:
        main(["kehoach"])
    except SystemExit as e:
        assert e.code == 2
    err = capsys.readouterr().err
    assert "thiếu tham số bắt buộc" in err


def test_bad_registry_is_reported(tmp_path, capsys):
    reg = write(tmp_path, "reg.yaml", "co_quan:\n  - ten: X\n    viet_tatt: Y\n")
    text = (PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8").replace("../co-quan/hung-yen.yaml", str(reg))
    plan = write(tmp_path, "p.yaml", text)
    assert main(["kehoach", str(plan), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "reg.yaml" in err and "co_quan[0].viet_tatt" in err
