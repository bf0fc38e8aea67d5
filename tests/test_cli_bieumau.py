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


# ---- progress, --json, warnings at their line -----------------------------------------------------

def test_progress_goes_to_a_terminal_only(tmp_path):
    import re

    from tests.cli_helpers import vanban, vanban_on_terminal

    code, out, err = vanban_on_terminal("bieumau", PLAN, "--ky", "2026", "-o", tmp_path / "a")
    assert code == 0
    counts = [int(n) for n in re.findall(r"\rPhiếu báo cáo: (\d+)/11", err)]
    assert counts and counts[-1] == 11 and counts == sorted(counts)  # one line, redrawn, to the end
    assert err.endswith("\r")  # and cleared when done, before the command says anything else
    assert "Phiếu báo cáo:" not in out and out.count("Đã ghi:") == 11
    # into a pipe or a file: no progress
    run = vanban("bieumau", PLAN, "--ky", "2026", "-o", tmp_path / "b")
    assert run.returncode == 0 and "Phiếu báo cáo:" not in run.stderr and "\r" not in run.stderr
    # with --json, not even on a terminal
    code, out, err = vanban_on_terminal("bieumau", PLAN, "--ky", "2026", "-o", tmp_path / "c", "--json")
    assert code == 0 and err == "" and len(__import__("json").loads(out)["tep"]) == 11


def test_progress_callback_counts_each_form_in_the_calling_process(tmp_path):
    import os

    from vanban import api

    calls = []
    r = api.tao_bieu_mau(PLAN, "2026", tmp_path, theo_doi=lambda *a: calls.append((*a, os.getpid())))
    assert len(r.tep) == 11
    assert [c[:3] for c in calls] == [("Phiếu báo cáo", k, 11) for k in range(1, 12)]
    assert {c[3] for c in calls} == {os.getpid()}  # never called from a worker process


def test_json_names_the_option_of_a_bad_period(tmp_path):
    from tests.cli_helpers import vanban_json

    code, doc = vanban_json("bieumau", PLAN, "--ky", "13T/2026", "-o", tmp_path)
    assert code == 1 and doc["tep"] == [] and not list(tmp_path.iterdir())
    (e,) = doc["loi"]
    assert e["argument"] == "--ky" and e["file"] is None and "13T/2026" in e["message"]


def test_deadline_warning_names_the_line_of_the_plan(tmp_path):
    from tests.cli_helpers import vanban_json

    text = PLAN.read_text(encoding="utf-8").replace("../co-quan/hung-yen.yaml",
                                                    str(PLANS.parent / "co-quan" / "hung-yen.yaml"))
    old = "  thoi_han: trước ngày 15/12 hằng năm\n"
    assert old in text
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text.replace(old, old + "  chot_so_lieu: 01/01/2026 - 31/12/2026\n"), encoding="utf-8")
    code, doc = vanban_json("bieumau", plan, "--ky", "2026", "--co-quan", "Sở Xây dựng", "-o", tmp_path / "o")
    assert code == 0 and len(doc["tep"]) == 1
    (w,) = [w for w in doc["canh_bao"] if "01 ngày làm việc" in w["message"]]
    line = next(i for i, ln in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if ln == old.rstrip("\n"))
    assert (w["file"], w["line"], w["path"]) == (str(plan), line, "che_do_bao_cao.thoi_han")
