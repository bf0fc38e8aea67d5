"""vanban tonghop: summary on the terminal, refused files on stderr, the three outputs."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vanban import api
from vanban.cli import main
from vanban.errors import InputError
from tests.conftest import PLANS, ROOT
from tests.phieu_helpers import fill, save_values, signer

PLAN = PLANS / "hung-yen-132.yaml"


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    d = tmp_path_factory.mktemp("tonghop")
    forms = api.tao_bieu_mau(PLAN, "2026", d / "bm", co_quan=["Công an tỉnh", "Sở Y tế"]).tep
    ret = d / "phieu"
    ret.mkdir()
    cat = next(f for f in forms if "CAT" in f.name)
    from openpyxl import load_workbook
    ws = load_workbook(cat)["Kết quả"]
    first = ws.cell(4, 1).value
    fill(cat, ret / "cat.xlsx", {first: {"Tình trạng": "Đã hoàn thành"}}, signer("CAT"))
    (ret / "ghi-chu.txt").write_text("không phải phiếu", encoding="utf-8")
    (ret / "~$cat.xlsx").write_bytes(b"lock file of Excel")
    return ret


@pytest.fixture(scope="module")
def counted(returns, tmp_path_factory):
    """The same returns without the file that is not a return: every file counts."""
    d = tmp_path_factory.mktemp("tonghop-ok") / "phieu"
    d.mkdir()
    shutil.copy(returns / "cat.xlsx", d / "cat.xlsx")
    return d


def test_summary_and_outputs(returns, tmp_path, capsys):
    # a file that is not counted: the consolidation is written, the exit code says so
    assert main(["tonghop", str(PLAN), str(returns), "--ky", "2026", "--han-moi", "24/12/2026", "--don-doc",
                 "-o", str(tmp_path)]) == 3
    cap = capsys.readouterr()
    assert "1 phiếu không được tính: ghi-chu.txt" in cap.err
    assert "Tổng hợp năm 2026, Kế hoạch số 132/KH-UBND: 1/11 cơ quan đã báo cáo; 29 nhiệm vụ" in cap.out
    assert "Chưa báo cáo: Sở Nông nghiệp và Môi trường;" in cap.out
    assert "Không tính phiếu" in cap.err and "ghi-chu.txt" in cap.err
    assert "~$cat.xlsx" not in cap.err  # Excel's lock file is not a return
    assert sorted(p.name for p in tmp_path.iterdir()) == ["don-doc-2026.docx", "tong-hop-2026.docx",
                                                         "tong-hop-2026.xlsx"]


def test_period_file(returns, tmp_path):
    info = tmp_path / "ky.yaml"
    info.write_text("ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  so: 301\n  ngay: 2026-12-20\n  kinh_gui: [Bộ Nông nghiệp và Môi "
                    "trường, Bộ Tài chính]\ndon_doc:\n  han_moi: 2026-12-26\n", encoding="utf-8")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 3
    from docx import Document
    d = Document(tmp_path / "o" / "tong-hop-2026.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "- Bộ Nông nghiệp và Môi trường;" in text and "- Bộ Tài chính." in text
    header = "\n".join(c.text for r in d.tables[0].rows for c in r.cells)
    assert "Số: 301/BC-UBND" in header
    letter = "\n".join(p.text for p in Document(tmp_path / "o" / "don-doc-2026.docx").paragraphs)
    assert "trước ngày 26/12/2026" in letter and "trước ngày 15/12/2026" in letter


def test_bad_period_file(returns, tmp_path, capsys):
    info = tmp_path / "ky.yaml"
    info.write_text("ky: 2026\nbao_cao:\n  so: -3\n  nguoi_ki: X\n", encoding="utf-8")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "bao_cao.so" in err and "bao_cao.nguoi_ki" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_needs_a_period(returns, tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(returns), "-o", str(tmp_path)]) == 2
    assert "--ky" in capsys.readouterr().err


def test_missing_folder(tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(tmp_path / "khong-co"), "--ky", "2026", "-o", str(tmp_path)]) == 1
    assert "không tìm thấy thư mục phiếu báo cáo" in capsys.readouterr().err


# ---- reminders: only after the deadline, a new deadline after the old one, never to oneself -------

def _period(tmp_path, text: str):
    info = tmp_path / "ky.yaml"
    info.write_text(text, encoding="utf-8")
    return info


def _letter(path) -> str:
    from tests.docx_helpers import docx_text
    return docx_text(path)


def test_no_reminder_before_the_deadline(counted, tmp_path):
    import subprocess
    import sys

    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  ngay: 2026-12-10\n")
    out = tmp_path / "o"
    r = subprocess.run([sys.executable, "-m", "vanban", "tonghop", str(PLAN), str(counted), "--thong-tin",
                        str(info), "-o", str(out)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    said = [ln for ln in r.stdout.splitlines() if "công văn đôn đốc" in ln]
    assert said == ["Chưa lập công văn đôn đốc: chưa quá hạn nộp 15/12/2026 (tính đến ngày 10/12/2026); ghi "
                    "--don-doc để lập ngay."]
    assert sorted(p.name for p in out.iterdir()) == ["tong-hop-2026.docx", "tong-hop-2026.xlsx"]
    assert "Traceback" not in r.stderr


def test_deadline_day_itself_is_not_past(returns, tmp_path):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\ndon_doc:\n  ngay: 2026-12-15\n")
    r = api.tong_hop_bao_cao(PLAN, returns, None, tmp_path / "o", thong_tin=info)
    assert not (tmp_path / "o" / "don-doc-2026.docx").exists()
    assert "chưa quá hạn nộp 15/12/2026 (tính đến ngày 15/12/2026)" in r.khong_don_doc


def test_reminder_when_asked_before_the_deadline(counted, tmp_path, capsys):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  ngay: 2026-12-10\n")
    assert main(["tonghop", str(PLAN), str(counted), "--thong-tin", str(info), "--don-doc",
                 "-o", str(tmp_path / "o")]) == 0
    assert "Chưa lập công văn đôn đốc" not in capsys.readouterr().out
    text = _letter(tmp_path / "o" / "don-doc-2026.docx")
    # default: 7 days after the later of the period's deadline (15/12) and the letter's date (10/12)
    assert "trước ngày 15/12/2026" in text and "gửi trước ngày 22/12/2026" in text


def test_default_new_deadline_after_the_letter(returns, tmp_path):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  ngay: 2026-12-28\n"
                             "don_doc:\n  ngay: 2026-12-20\n")
    api.tong_hop_bao_cao(PLAN, returns, None, tmp_path / "o", thong_tin=info)
    assert "gửi trước ngày 27/12/2026" in _letter(tmp_path / "o" / "don-doc-2026.docx")


def test_today_is_the_report_date_then_the_argument(returns, tmp_path):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  ngay: 2026-12-18\n")
    api.tong_hop_bao_cao(PLAN, returns, None, tmp_path / "a", thong_tin=info)
    assert "gửi trước ngày 25/12/2026" in _letter(tmp_path / "a" / "don-doc-2026.docx")
    r = api.tong_hop_bao_cao(PLAN, returns, "2026", tmp_path / "b", hom_nay=dt.date(2026, 12, 1))
    assert r.khong_don_doc and "tính đến ngày 01/12/2026" in r.khong_don_doc  # plan: "trước ngày 15/12 hằng năm"


def test_new_deadline_before_the_periods_is_refused(returns, tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["tonghop", str(PLAN), str(returns), "--ky", "2026", "--han-nop", "10/12/2026",
                 "--han-moi", "09/12/2026", "--don-doc", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--han-moi" in err and "09/12/2026" in err and "10/12/2026" in err and "Traceback" not in err
    assert not out.exists()
    # the same in the period file: named by its key
    info = _period(tmp_path, "ky: 2026\nhan_nop: 10/12/2026\ndon_doc:\n  ngay: 2026-12-11\n  han_moi: 2026-12-10\n")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{info}, dòng 5, don_doc.han_moi: hạn mới 10/12/2026 không sau hạn nộp của kỳ 10/12/2026" in err
    assert not out.exists()


def test_new_deadline_before_the_letter_is_refused(returns, tmp_path):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 10/12/2026\ndon_doc:\n  ngay: 2026-12-20\n")
    with pytest.raises(InputError) as e:
        api.tong_hop_bao_cao(PLAN, returns, None, tmp_path / "o", thong_tin=info, han_moi="18/12/2026")
    (p,) = e.value.problems
    # a library caller reads the argument's name, not the command line's option
    assert p.argument == "han_moi" and p.file == "" and str(p).startswith("han_moi: ")
    assert "18/12/2026" in p.message and "20/12/2026" in p.message
    assert not (tmp_path / "o").exists()


def test_reminder_not_to_the_consolidating_agency(returns, tmp_path):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  ngay: 2026-12-20\n")
    r = api.tong_hop_bao_cao(PLAN, returns, None, tmp_path / "o", thong_tin=info)
    snnmt = "Sở Nông nghiệp và Môi trường"
    assert snnmt in [c.co_quan for c in r.tong_hop.chua_bao_cao]  # its own return is missing ...
    text = _letter(tmp_path / "o" / "don-doc-2026.docx")
    assert snnmt not in text and "Sở Xây dựng" in text  # ... but it does not remind itself
    assert any(snnmt in w.message and "cơ quan tổng hợp" in w.message for w in r.canh_bao)


def test_deadline_without_a_working_day_warned(counted, tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(counted), "--ky", "2026", "--han-nop", "14/12/2026", "--don-doc",
                 "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert ("Cảnh báo: --han-nop: hạn nộp 14/12/2026 không để đủ 01 ngày làm việc sau ngày chốt số liệu "
            "14/12/2026 (khoản 5 Điều 8 Nghị định 09/2019/NĐ-CP)") in err


def test_period_file_sets_the_window(counted, tmp_path, capsys):
    info = _period(tmp_path, "ky: 2026\nhan_nop: 15/01/2027\nchot_so_lieu: 01/01/2026 - 31/12/2026\n"
                             "bao_cao:\n  ngay: 2027-01-20\n")
    assert main(["tonghop", str(PLAN), str(counted), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 0
    assert "Cảnh báo" not in "".join(ln for ln in capsys.readouterr().err.splitlines() if "chốt" in ln)
    text = _letter(tmp_path / "o" / "tong-hop-2026.docx")
    assert "(thời gian chốt số liệu: từ ngày 01/01/2026 đến ngày 31/12/2026) được tổng hợp như sau:" in text


def test_bad_window_in_the_period_file(returns, tmp_path, capsys):
    info = _period(tmp_path, "ky: 2026\nchot_so_lieu: 31/12/2026 - 01/01/2026\n")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "chot_so_lieu" in err and "trước ngày đầu" in err and "Traceback" not in err


def test_exit_0_when_every_return_counts(counted, tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(counted), "--ky", "2026", "-o", str(tmp_path)]) == 0
    assert "không được tính" not in capsys.readouterr().err
    result = api.tong_hop_bao_cao(PLAN, counted, "2026", tmp_path / "lib")
    assert result.so_phieu_khong_tinh == 0


def test_sample_period_exits_3_naming_the_returns_not_counted(tmp_path):
    """A real process on the sample period: one return with errors, one replaced by a correction."""
    period = ROOT / "data" / "bao-cao" / "hung-yen-2026"
    run = subprocess.run([sys.executable, "-m", "vanban", "tonghop", str(PLAN), str(period / "phieu"),
                          "--thong-tin", str(period / "thong-tin.yaml"), "-o", str(tmp_path / "o")],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300)
    assert run.returncode == 3, run.stderr
    assert "2 phiếu không được tính: 08-so-khoa-hoc-va-cong-nghe.xlsx; 02-so-xay-dung.xlsx" in run.stderr
    assert "Traceback" not in run.stderr
    assert (tmp_path / "o" / "tong-hop-2026.docx").exists()  # written all the same
    result = api.tong_hop_bao_cao(PLAN, period / "phieu", "2026", tmp_path / "lib")
    assert result.so_phieu_khong_tinh == 2


def test_exit_codes_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["tonghop", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "3 đã ghi báo cáo tổng hợp nhưng có phiếu không được tính" in out


def test_reader_warnings_printed_with_their_cell(returns, tmp_path, capsys):
    d = tmp_path / "phieu"
    d.mkdir()
    from openpyxl import load_workbook
    wb = load_workbook(returns / "cat.xlsx")
    wb["Kết quả"]["H4"] = "Kiểm tra\u200b 12 cơ sở"
    wb["Kết quả"]["G4"] = "=50+30"
    wb.save(d / "cat.xlsx")
    save_values(d / "cat.xlsx", "Kết quả", {"G4": ("n", "80")})
    assert main(["tonghop", str(PLAN), str(d), "--ky", "2026", "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert f"Cảnh báo: {d / 'cat.xlsx'}, Sheet 'Kết quả', ô G4: ô có công thức “=50+30”; dùng giá trị đã lưu “80”" in err
    assert f"Cảnh báo: {d / 'cat.xlsx'}, Sheet 'Kết quả', ô H4: đã bỏ khoảng trắng độ rộng 0 (U+200B)" in err


def test_sample_period_as_json_gives_the_counts_and_every_return_not_counted(tmp_path):
    from tests.cli_helpers import vanban, vanban_json

    period = ROOT / "data" / "bao-cao" / "hung-yen-2026"
    args = ["tonghop", PLAN, period / "phieu", "--thong-tin", period / "thong-tin.yaml"]
    code, doc = vanban_json(*args, "-o", tmp_path / "j")
    assert code == 3 and doc["lenh"] == "tonghop" and doc["loi"] == []
    assert sorted(doc["tep"]) == sorted(str(tmp_path / "j" / n) for n in
                                        ("tong-hop-2026.docx", "tong-hop-2026.xlsx", "don-doc-2026.docx"))
    th = doc["tong_hop"]
    # the same numbers as the text summary of the same run
    text = vanban(*args, "-o", tmp_path / "t").stdout
    assert f"{th['so_da_bao_cao']}/{th['so_co_quan']} cơ quan đã báo cáo; {th['tong_so']} nhiệm vụ" in text
    assert f"quá hạn {th['so_qua_han']}." in text
    assert "Chưa báo cáo: " + "; ".join(th["chua_bao_cao"]) + "." in text
    assert sum(th["theo_tinh_trang"].values()) == th["tong_so"] and "Đã hoàn thành" in th["theo_tinh_trang"]
    assert th["so_da_bao_cao"] == len(th["da_bao_cao"]) and th["so_phieu_khong_tinh"] == 2
    refused = {Path(k["file"]).name: k for k in th["khong_hop_le"]}
    assert set(refused) == {"08-so-khoa-hoc-va-cong-nghe.xlsx", "02-so-xay-dung.xlsx"}
    bad = refused["08-so-khoa-hoc-va-cong-nghe.xlsx"]
    assert bad["co_quan"] == "Sở Khoa học và Công nghệ" and bad["chi_tiet"]
    assert "Sheet 'Kết quả', ô F8" in [e["path"] for e in bad["chi_tiet"]]
    assert all(e["file"] == bad["file"] and e["message"] for e in bad["chi_tiet"])
    dup = refused["02-so-xay-dung.xlsx"]
    assert dup["tep_giu"].endswith("02-so-xay-dung-bo-sung.xlsx") and "trùng" in dup["ly_do"]
    assert th["khong_don_doc"] is None  # the reminder was written


def test_json_says_why_no_reminder(counted, tmp_path):
    from tests.cli_helpers import vanban_json

    code, doc = vanban_json("tonghop", PLAN, counted, "--ky", "2026", "--han-nop", "31/12/2099", "-o", tmp_path)
    assert code == 0
    why = doc["tong_hop"]["khong_don_doc"]
    assert why.startswith("chưa lập công văn đôn đốc: chưa quá hạn nộp 31/12/2099") and "--don-doc" in why
    assert not any(p.endswith(".docx") and "don-doc" in p for p in doc["tep"])
    # from Python, the argument to give
    r = api.tong_hop_bao_cao(PLAN, counted, "2026", tmp_path / "lib", han_nop="31/12/2099")
    assert "don_doc=True" in r.khong_don_doc and "--don-doc" not in r.khong_don_doc
