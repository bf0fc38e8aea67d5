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


# ---- tonghop: every count, from forms filled as clerks fill them -------------------------------

COUNT_REGISTRY = """\
co_quan:
  - {ten: Sở Tài chính, viet_tat: STC}
  - {ten: Sở Y tế, viet_tat: SYT}
  - {ten: Sở Xây dựng, viet_tat: SXD}
  - {ten: Sở Nội vụ, viet_tat: SNV}
  - {ten: Sở Tư pháp, viet_tat: STP}
  - {ten: UBND xã Tân An}
  - {ten: UBND xã Tấn An}
"""
COUNT_PLAN = """\
co_quan_chu_quan: UBND TỈNH HƯNG YÊN
co_quan_ban_hanh: {ten: Sở Tài chính, viet_tat: STC}
so: 7
ngay: 2026-02-03
dia_danh: Hưng Yên
trich_yeu: Thực hiện nhiệm vụ năm 2026
nguoi_ky: {quyen_han: KT., cap_truong: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Trần Văn B}
noi_nhan: {gui: [UBND tỉnh], luu: {don_vi: KHTC}}
danh_muc_co_quan: danh-muc.yaml
che_do_bao_cao: {co_quan_tong_hop: Sở Tài chính, thoi_han: trước ngày 15/12 hằng năm, co_quan_nhan: UBND tỉnh}
noi_dung: |
  I. NHIỆM VỤ
  Các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.
phu_luc:
  - ten: Nhiệm vụ năm 2026
    cot: [tt, noi_dung, chu_tri, phoi_hop, tien_do]
    nhiem_vu:
      - {id: NV1, noi_dung: Việc một, chu_tri: [Sở Y tế], phoi_hop: [Sở Xây dựng], tien_do: '2026'}
      - {id: NV2, noi_dung: Việc hai, chu_tri: [Sở Xây dựng], tien_do: Quý II/2026}
      - {id: NV3, noi_dung: Việc ba, chu_tri: [UBND xã Tân An], tien_do: '2026'}
      - {id: NV4, noi_dung: Việc bốn, chu_tri: [UBND xã Tấn An], tien_do: '2026'}
      - {id: NV5, noi_dung: Việc năm, chu_tri: [Sở Nội vụ], tien_do: '2027'}
      - {id: NV6, noi_dung: Việc sáu, chu_tri: [Sở Tư pháp], tien_do: '2026'}
      - {id: NV7, noi_dung: Việc bảy, chu_tri: [Sở Y tế, Sở Xây dựng], tien_do: 2026 - 2030 và các năm tiếp theo}
"""


def test_consolidation_counts_every_number(tmp_path):
    """A period whose every number is known by hand: two agencies whose names differ by one
    diacritic (counted apart), a duplicate whose earlier copy sorts first by name (the later date
    wins), two copies with the same date (the first by name wins), a refused return, a return
    whose hidden sheet names “Sở Tài chinh” (listed, never merged into Sở Tài chính), an agency
    that sent nothing. Every count is read back from the stdout, the .docx and the .xlsx."""
    from docx import Document

    from vanban.load.phieu import co_quan_cua_phieu
    from tests.phieu_helpers import edit, fill, signer

    (tmp_path / "danh-muc.yaml").write_text(COUNT_REGISTRY, encoding="utf-8")
    (tmp_path / "ke-hoach.yaml").write_text(COUNT_PLAN, encoding="utf-8")
    (tmp_path / "thong-tin.yaml").write_text("ky: '2026'\nbao_cao: {so: 30, ngay: 20/12/2026}\n"
                                             "don_doc: {so: 31, ngay: 20/12/2026}\n", encoding="utf-8")
    run = vanban("bieumau", tmp_path / "ke-hoach.yaml", "--ky", "2026", "-o", tmp_path / "forms")
    assert run.returncode == 0, run.stderr
    form = {co_quan_cua_phieu(p): p for p in (tmp_path / "forms").iterdir()}
    assert len(form) == 6
    returns = tmp_path / "phieu"
    returns.mkdir()
    S = "Tình trạng"

    def send(agency, name, results, abbr, day):
        info = signer(abbr)
        info["Ngày"] = day
        return fill(form[agency], returns / name, results, info)

    send("Sở Y tế", "syt.xlsx", {"NV1": {S: "Đã hoàn thành"}, "NV7": {S: "Đang thực hiện",
                                                                    "Tỷ lệ hoàn thành (%)": 40}}, "SYT", "10/12/2026")
    send("Sở Xây dựng", "z-sxd-bo-sung.xlsx", {"NV1": {S: "Đang thực hiện"}, "NV2": {S: "Đang thực hiện"},
                                               "NV7": {S: "Chưa thực hiện"}}, "SXD", "10/12/2026")
    send("Sở Xây dựng", "a-sxd.xlsx", {"NV2": {S: "Đã hoàn thành"}, "NV7": {S: "Đã hoàn thành"}}, "SXD", "01/12/2026")
    send("UBND xã Tân An", "tan-an-1.xlsx", {"NV3": {S: "Đã hoàn thành"}}, "TA", "05/12/2026")
    send("UBND xã Tân An", "tan-an-2.xlsx", {"NV3": {S: "Chưa thực hiện"}}, "TA", "05/12/2026")
    send("UBND xã Tấn An", "tan-an-dau-sac.xlsx", {"NV4": {S: "Chưa thực hiện"}}, "TAA", "05/12/2026")
    send("Sở Nội vụ", "snv.xlsx", {"NV5": {S: "x"}}, "SNV", "05/12/2026")
    send("Sở Y tế", "stc-sai-dau.xlsx", {"NV1": {S: "Đã hoàn thành"}}, "STC", "05/12/2026")

    def rename(wb):
        for row in wb["_vanban"].iter_rows():
            if row[0].value == "co_quan":
                row[1].value = "Sở Tài chinh"
    edit(returns / "stc-sai-dau.xlsx", rename)

    run = vanban("tonghop", tmp_path / "ke-hoach.yaml", returns, "--thong-tin", tmp_path / "thong-tin.yaml",
                 "-o", tmp_path / "out")
    assert run.returncode == 3, run.stderr
    assert run.stdout.splitlines()[:2] == [
        "Tổng hợp năm 2026, Kế hoạch số 07/KH-STC: 4/6 cơ quan đã báo cáo; 7 nhiệm vụ: đã hoàn thành 2; "
        "đang thực hiện 2; chưa thực hiện 1; chưa báo cáo 2; quá hạn 2.",
        "Chưa báo cáo: Sở Nội vụ; Sở Tư pháp."]
    assert run.stderr.splitlines()[-1].startswith(
        "4 phiếu không được tính: snv.xlsx; a-sxd.xlsx; stc-sai-dau.xlsx; tan-an-2.xlsx")
    assert "cơ quan “Sở Tài chinh” không có trong danh mục cơ quan (tên gần nhất trong danh mục: “Sở Tài chính”)" \
        in run.stderr

    doc = Document(tmp_path / "out" / "tong-hop-2026.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("Tổng số nhiệm vụ: 7; đã hoàn thành 2 (28,6%); đang thực hiện 2 (28,6%); chưa thực hiện 1 (14,3%); "
            "chưa báo cáo 2 (28,6%). Trong đó, 2 nhiệm vụ (28,6%) quá hạn") in text
    assert "Có 4/6 cơ quan, đơn vị được giao nhiệm vụ đã gửi báo cáo; 2 cơ quan, đơn vị chưa gửi báo cáo: " \
           "Sở Nội vụ, Sở Tư pháp." in text
    assert "- Việc hai (chủ trì: Sở Xây dựng" in text and "- Việc bốn (chủ trì: UBND xã Tấn An" in text
    tasks, agencies = doc.tables[2], doc.tables[3]
    assert [r.cells[4].text.replace("\n", " / ") for r in tasks.rows[1:]] == [
        "Đã hoàn thành", "Đang thực hiện / Quá hạn", "Đã hoàn thành", "Chưa thực hiện / Quá hạn", "Chưa báo cáo",
        "Chưa báo cáo", "Đang thực hiện"]
    per_agency = [("Sở Y tế", "2", "0", "2", "1", "50,0"), ("Sở Xây dựng", "2", "1", "3", "0", "0,0"),
                  ("UBND xã Tân An", "1", "0", "1", "1", "100,0"), ("UBND xã Tấn An", "1", "0", "1", "0", "0,0"),
                  ("Sở Nội vụ", "1", "0", "0", "0", "0,0"), ("Sở Tư pháp", "1", "0", "0", "0", "0,0")]
    assert [tuple(c.text for c in r.cells[1:]) for r in agencies.rows[1:]] == per_agency

    book = load_workbook(tmp_path / "out" / "tong-hop-2026.xlsx")

    def rows(sheet):
        return [[("" if v is None else str(v)) for v in r] for r in book[sheet].iter_rows(values_only=True)
                if any(v is not None for v in r)]

    def body(sheet):  # the rows under the column titles
        got = rows(sheet)
        return got[next(i for i, r in enumerate(got) if r[0] in ("Mã", "TT")) + 1:]

    summary = rows("Tổng hợp")
    by_status = {r[1]: (r[2], r[3]) for r in summary if r[1] in ("Đã hoàn thành", "Đang thực hiện",
                                                                  "Chưa thực hiện", "Chưa báo cáo", "Tổng số")}
    assert by_status == {"Đã hoàn thành": ("2", "28.6"), "Đang thực hiện": ("2", "28.6"),
                         "Chưa thực hiện": ("1", "14.3"), "Chưa báo cáo": ("2", "28.6"), "Tổng số": ("7", "100")}
    assert next(r[2] for r in summary if r[1].startswith("Trong đó: quá hạn")) == "2"
    table = [r[1:9] for r in summary if r[1] in {a[0] for a in per_agency}]
    assert table == [["Sở Y tế", "2", "0", "2", "2", "1", "50", "syt.xlsx"],
                     ["Sở Xây dựng", "2", "1", "3", "3", "0", "0", "z-sxd-bo-sung.xlsx"],
                     ["UBND xã Tân An", "1", "0", "1", "1", "1", "100", "tan-an-1.xlsx"],
                     ["UBND xã Tấn An", "1", "0", "1", "1", "0", "0", "tan-an-dau-sac.xlsx"],
                     ["Sở Nội vụ", "1", "0", "1", "0", "0", "0", "Phiếu lỗi: snv.xlsx"],
                     ["Sở Tư pháp", "1", "0", "1", "0", "0", "0", "Chưa gửi"]]
    assert ["Nhiệm vụ chung", "7", "2", "2", "1", "2", "2"] in [r[1:8] for r in summary]
    detail = body("Kết quả nhiệm vụ")
    assert [(r[0], r[2], r[4]) for r in detail] == [
        ("NV1", "Sở Y tế", "Đã hoàn thành"), ("NV1", "Sở Xây dựng", "Đang thực hiện"),
        ("NV2", "Sở Xây dựng", "Đang thực hiện"), ("NV3", "UBND xã Tân An", "Đã hoàn thành"),
        ("NV4", "UBND xã Tấn An", "Chưa thực hiện"), ("NV5", "", "Chưa báo cáo"), ("NV6", "", "Chưa báo cáo"),
        ("NV7", "Sở Y tế", "Đang thực hiện"), ("NV7", "Sở Xây dựng", "Chưa thực hiện")]
    assert [r[1:5] for r in body("Chưa báo cáo")] == [["Sở Nội vụ", "1", "0", "1"], ["Sở Tư pháp", "1", "0", "1"]]
    assert [r[1:3] for r in body("Không hợp lệ")] == [
        ["snv.xlsx", "Sở Nội vụ"], ["a-sxd.xlsx", "Sở Xây dựng"], ["stc-sai-dau.xlsx", "Sở Tài chinh"],
        ["tan-an-2.xlsx", "UBND xã Tân An"]]

    letter = Document(tmp_path / "out" / "don-doc-2026.docx")
    said = "\n".join(p.text for p in letter.paragraphs) + "\n".join(c.text for t in letter.tables for c in t._cells)
    assert "Sở Nội vụ" in said and "Sở Tư pháp" in said
    for sent in ("Sở Y tế", "Sở Xây dựng", "UBND xã Tân An", "UBND xã Tấn An"):
        assert sent not in said
