"""vanban kehoach: outputs, messages, exit status, never overwriting without --ghi-de."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

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


# ---- --json, warnings at their line, interruption ----------------------------------------------

def _plan_copy(tmp_path, name: str, old: str, new: str):
    text = (PLANS / name).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    for reg in ("hung-yen", "quang-tri"):
        text = text.replace(f"../co-quan/{reg}.yaml", str(PLANS.parent / "co-quan" / f"{reg}.yaml"))
    return write(tmp_path, "ke-hoach.yaml", text)


def _line_of(path, text: str, start: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if i > start and text in ln)


def test_json_lists_files_and_warnings_with_their_lines(tmp_path):
    from tests.cli_helpers import vanban_json

    plan = _plan_copy(tmp_path, "hung-yen-132.yaml", "- Sở Giáo dục và Đào tạo", "- Sở Giáo dục Đào tạo")
    out = tmp_path / "out"
    code, doc = vanban_json("kehoach", plan, "-o", out)
    assert code == 0 and doc["lenh"] == "kehoach" and doc["loi"] == []
    assert doc["tep"] == [str(out / "ke-hoach.docx"), str(out / "ke-hoach-phu-luc.xlsx")]
    assert all((out / p).exists() for p in doc["tep"])
    (w,) = [w for w in doc["canh_bao"] if "Sở Giáo dục Đào tạo" in w["message"]]
    assert w["file"] == str(plan) and w["path"].endswith(".chu_tri[0]") and w["argument"] is None
    assert w["line"] == _line_of(plan, "- Sở Giáo dục Đào tạo")  # the very line of the name
    assert "gần nhất là “Sở Giáo dục và Đào tạo”" in w["message"]


def test_numbering_warning_names_the_line_of_the_yaml_file(tmp_path, capsys):
    plan = _plan_copy(tmp_path, "quang-tri-snnmt.yaml", "  2. Yêu cầu\n", "  3. Yêu cầu\n")
    assert main(["kehoach", str(plan), "-o", str(tmp_path / "out")]) == 0
    line = _line_of(plan, "  3. Yêu cầu")
    err = capsys.readouterr().err
    assert f"Cảnh báo: {plan}, dòng {line}, noi_dung: dòng {line - _line_of(plan, 'noi_dung: |')} của nội dung: " \
           "số thứ tự “3” không liền mạch" in err


def test_json_errors_and_an_existing_file(tmp_path):
    from tests.cli_helpers import vanban_json

    bad = _plan_copy(tmp_path, "quang-tri-snnmt.yaml", "ngay: 2026-04-08", "ngay: 2026-02-30")
    code, doc = vanban_json("kehoach", bad, "-o", tmp_path / "o")
    assert code == 1 and doc["tep"] == [] and not (tmp_path / "o").exists()
    (e,) = doc["loi"]
    assert (e["file"], e["line"], e["path"]) == (str(bad), _line_of(bad, "ngay: 2026-02-30"), "ngay")
    assert "2026-02-30" in e["message"]

    plan = PLANS / "quang-tri-snnmt.yaml"
    assert vanban_json("kehoach", plan, "-o", tmp_path / "o2")[0] == 0
    code, doc = vanban_json("kehoach", plan, "-o", tmp_path / "o2")
    assert code == 1
    (e,) = doc["loi"]
    assert e["file"] == str(tmp_path / "o2" / "quang-tri-snnmt.docx") and "dùng --ghi-de" in e["message"]


def test_name_too_long_names_the_option_or_the_argument(tmp_path):
    from tests.cli_helpers import vanban_json
    from vanban import api
    from vanban.errors import InputError

    code, doc = vanban_json("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", tmp_path, "--ten", "x" * 300)
    assert code == 1 and doc["loi"][0]["argument"] == "--ten" and "quá dài" in doc["loi"][0]["message"]
    try:
        api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", tmp_path, name="x" * 300)
    except InputError as e:
        assert e.problems[0].argument == "name" and str(e).startswith("name: ")
    else:
        raise AssertionError("a name that cannot fit was accepted")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the writers that wait: Linux")
def test_sigterm_with_json_is_a_json_document(tmp_path):
    import os
    import signal

    from tests.test_interrupt import _output, _start, _wait_started

    out = tmp_path / "out"
    proc = _start(tmp_path / "m", ["kehoach", str(PLANS / "quang-tri-snnmt.yaml"), "-o", str(out), "--json"])
    try:
        _wait_started(proc, tmp_path / "m")
        os.kill(proc.pid, signal.SIGTERM)
        stdout, stderr = _output(proc, tmp_path / "m")
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143 and stderr == ""
    doc = json.loads(stdout)
    assert doc["ma_thoat"] == 143 and doc["lenh"] == "kehoach" and doc["tep"] == []
    assert "SIGTERM" in doc["loi"][0]["message"]
    assert list(out.iterdir()) == []
