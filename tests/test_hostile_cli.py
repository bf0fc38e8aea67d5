"""Whole commands given hostile arguments, run as a clerk runs them (a real process, capped in memory):
each ends with a located Vietnamese message or does the right thing, never with a traceback, and
writes nothing it should not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import PLANS, ROOT

HUNG_YEN = PLANS / "hung-yen-132.yaml"
QUANG_TRI = PLANS / "quang-tri-snnmt.yaml"
MEMORY = 2_000_000_000  # bytes of address space a command may use


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def vanban(*args, cwd=ROOT, timeout=300) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], cwd=cwd, capture_output=True,
                         text=True, encoding="utf-8", timeout=timeout,
                         preexec_fn=_cap_memory if sys.platform.startswith("linux") else None)
    assert "Traceback" not in run.stderr and "Lỗi chương trình" not in run.stderr, run.stderr
    return run


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


# ---- --ky ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, name, words", [
    ("２０２６", "bieu-mau-2026-SYT.xlsx", "NĂM 2026"),  # typed with an East Asian input method
    ("٢٠٢٦", "bieu-mau-2026-SYT.xlsx", "NĂM 2026"),  # Arabic-Indic digits
    ("6T1/２０２６", "bieu-mau-6t1-2026-SYT.xlsx", "6 THÁNG ĐẦU NĂM 2026"),
    ("Q２/2026", "bieu-mau-q2-2026-SYT.xlsx", "QUÝ II NĂM 2026"),
])
def test_period_in_other_digits_is_the_same_period(tmp_path, typed, name, words):
    run = vanban("bieumau", HUNG_YEN, "--ky", typed, "--co-quan", "Sở Y tế", "-o", tmp_path)
    assert run.returncode == 0, run.stderr
    assert _files(tmp_path) == [name]
    wb = load_workbook(tmp_path / name)
    assert words in str(wb["Kết quả"]["A1"].value)
    meta = {r[0]: r[1] for r in wb["_vanban"].iter_rows(values_only=True) if r and r[0]}
    assert meta["ky"].isascii()


@pytest.mark.parametrize("typed, words", [
    ("", "kỳ báo cáo “”"), (" ", "kỳ báo cáo"), ("2026/2027", "“2026/2027”"), ("Q5/2026", "“Q5/2026”"),
    ("T13/2026", "tháng 13"), ("6T3/2026", "“6T3/2026”"), ("31/02/2026-01/03/2026", "31/02/2026"),
    ("31/12/2026-01/01/2026", "trước ngày bắt đầu"), ("0", "“0”"), ("9999", "từ 1990 đến 2100"),
    ("99999", "“99999”"), ("T1/0000", "từ 1990 đến 2100"), ("Q١/1800", "từ 1990 đến 2100"), ("²⁰²⁶", "“²⁰²⁶”"),
])
def test_bad_period_is_named(tmp_path, typed, words):
    run = vanban("bieumau", HUNG_YEN, "--ky", typed, "-o", tmp_path)
    assert run.returncode == 1 and "--ky" in run.stderr and words in run.stderr
    assert _files(tmp_path) == []


# ---- --ten and -o ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("a/b", "“/”"), ("..", "dấu chấm"), (".", "dấu chấm"), (".an", "dấu chấm"), ("CON", "Windows"),
    ("nul.kh", "Windows"), ("Com1", "Windows"), ("a:b", "“:”"), ("a\\b", "“\\”"), ("a*b?", "“*”, “?”"),
    ("x\x01y", "U+0001"), ("a\nb", "U+000A"), ("\u202ecod.exe", "U+202E"), ("a.", "dấu chấm"), ("  ", "để trống"),
])
def test_output_name_that_is_not_one_file_name_is_refused(tmp_path, name, words):
    run = vanban("kehoach", QUANG_TRI, "-o", tmp_path / "out", "--ten", name)
    assert run.returncode == 1 and "--ten" in run.stderr and words in run.stderr
    assert "\n" not in run.stderr.split("--ten: ", 1)[1].rstrip("\n")  # one line, whatever the name holds
    assert _files(tmp_path) == []


def test_output_name_with_spaces_and_extension(tmp_path):
    run = vanban("kehoach", QUANG_TRI, "-o", tmp_path, "--ten", " Kế hoạch 2026.docx ")
    assert run.returncode == 0, run.stderr
    assert _files(tmp_path) == ["Kế hoạch 2026-phu-luc.xlsx", "Kế hoạch 2026.docx"]


def test_output_folder_that_is_a_file(tmp_path):
    target = tmp_path / "ket-qua"
    target.write_bytes(b"keep me")
    for out, words in ((target, f"{target}: thư mục kết quả là một tệp"),
                       (target / "con" / "chau", f"“{target}” là một tệp"),
                       (Path(os.devnull), "thiết bị")):
        run = vanban("kehoach", QUANG_TRI, "-o", out)
        assert run.returncode == 1 and words in run.stderr, run.stderr
    assert target.read_bytes() == b"keep me" and _files(tmp_path) == ["ket-qua"]


# ---- tonghop: what a returns folder may hold ----------------------------------------------------

SAMPLE = ROOT / "data" / "bao-cao" / "hung-yen-2026" / "phieu"
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs and file names of any bytes: Linux")


@linux
def test_returns_folder_entries_that_are_not_returns_are_listed(tmp_path):
    """A subfolder, a FIFO, a broken symlink, a symlink loop: each listed as not counted (exit 3),
    never skipped without a word and never waited on; a name of bytes that are not UTF-8 or with
    a newline is read and shown with visible marks."""
    folder = tmp_path / "phieu"
    folder.mkdir()
    for name in ("01-so-nong-nghiep-va-moi-truong.xlsx", "05-so-y-te.xlsx"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    (folder / "xa").mkdir()
    (folder / "xa" / "07-thanh-tra-tinh.xlsx").write_bytes((SAMPLE / "07-thanh-tra-tinh.xlsx").read_bytes())
    os.mkfifo(folder / "ong.xlsx")
    (folder / "mat.xlsx").symlink_to(tmp_path / "khong-co.xlsx")
    (folder / "vong").symlink_to(".")
    odd = os.fsdecode(b"04-c\xf4ng-an.xlsx")  # Latin-1 bytes, as an old archive tool writes them
    (folder / odd).write_bytes((SAMPLE / "04-cong-an-tinh.xlsx").read_bytes())
    (folder / "03\nso-cong-thuong.xlsx").write_bytes((SAMPLE / "03-so-cong-thuong.xlsx").read_bytes())
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # a strict UTF-8 console, as in a vi_VN.UTF-8 locale
    run = subprocess.run([sys.executable, "-m", "vanban", "tonghop", HUNG_YEN, folder, "--ky", "2026",
                          "-o", tmp_path / "out"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                         errors="replace", timeout=300, env=env, preexec_fn=_cap_memory)
    assert "Traceback" not in run.stderr and "Lỗi chương trình" not in run.stderr, run.stderr
    assert run.returncode == 3, run.stderr
    err = run.stderr
    assert f"{folder / 'xa'}: không đọc được phiếu:\n  là thư mục con" in err
    assert f"{folder / 'vong'}: không đọc được phiếu:\n  là thư mục con" in err
    assert f"{folder / 'ong.xlsx'}: không đọc được phiếu:\n  là một ống dẫn dữ liệu (FIFO)" in err
    assert f"{folder / 'mat.xlsx'}: không đọc được phiếu:\n  không tìm thấy tệp" in err
    summary = next(line for line in err.splitlines() if "phiếu không được tính:" in line)
    assert summary.startswith("4 phiếu không được tính:")
    # the returns with odd names are counted, as any other
    assert "4/11 cơ quan đã báo cáo" in run.stdout  # the two with odd names among them
    book = load_workbook(tmp_path / "out" / "tong-hop-2026.xlsx")
    files = {c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "04-c\ufffdng-an.xlsx" in files and "03‹U+000A›so-cong-thuong.xlsx" in files


@linux
def test_written_file_names_that_are_not_utf8_are_printed(tmp_path):
    plan = tmp_path / os.fsdecode(b"k\xe9-hoach.yaml")
    text = QUANG_TRI.read_text(encoding="utf-8").replace("../co-quan/", str(ROOT / "data" / "co-quan") + "/")
    plan.write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-m", "vanban", "kehoach", plan, "-o", tmp_path / "out"], cwd=ROOT,
                         capture_output=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert run.stdout.decode("utf-8").count("Đã ghi:") == 2 and b"\\udce9" in run.stdout
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b"k\xe9-hoach-phu-luc.xlsx", b"k\xe9-hoach.docx"]
