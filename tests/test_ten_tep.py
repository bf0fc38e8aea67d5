"""Output names: every agency's form gets its own file, names stay the same from run to run,
names built from data fit the file system, names given by the user that cannot fit are refused
with a located message."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vanban import api, io
from vanban.errors import DuplicateOutputError, InputError, VanbanError
from vanban.load.phieu import co_quan_cua_phieu
from tests.conftest import PLANS, ROOT, write

LONG = "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng, công nghiệp và hạ tầng kỹ thuật " * 3
# longer than a file name may be (255 bytes), within what a name may be (300 characters)
assert len(LONG.encode("utf-8")) > 300 and len(LONG.strip()) <= 300

# name -> viet_tat in the registry (None: none)
AGENCIES = {
    "UBND xã Tân An": None,
    "UBND xã Tấn An": None,
    "UBND xã Thạnh Hà": None,
    "UBND xã Thanh Hà": None,
    "Phòng A/B": None,
    "Phòng A-B": None,
    "ແຂວງຫົວພັນ": None,  # wholly non-Latin names (twinned provinces of Laos and Cambodia)
    "ខេត្តកោះកុង": None,
    "Trung tâm Dịch vụ nông nghiệp": "TTDV",  # one viet_tat for two agencies
    "Trung tâm Dịch vụ việc làm": "TTDV",
    "Sở Tài chính": "STC",
    LONG.strip(): None,
}


def _plan(tmp_path: Path, agencies=AGENCIES) -> Path:
    lines = ["co_quan:"]
    for name, abbr in agencies.items():
        lines.append(f"  - ten: \"{name}\"")
        if abbr:
            lines.append(f"    viet_tat: {abbr}")
    write(tmp_path, "danh-muc.yaml", "\n".join(lines) + "\n")
    tasks = "\n".join(f"      - {{id: NV{i}, noi_dung: Việc số {i}, chu_tri: [\"{name}\"], thoi_gian: '2026'}}"
                      for i, name in enumerate(agencies, 1))
    return write(tmp_path, "ke-hoach.yaml", f"""\
co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ
co_quan_ban_hanh: {{ten: Sở Tài chính, viet_tat: STC}}
so: 7
ngay: 2026-02-03
dia_danh: Quảng Trị
trich_yeu: Thực hiện nhiệm vụ năm 2026
nguoi_ky: {{quyen_han: KT., cap_truong: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Trần Văn B}}
noi_nhan: {{gui: [UBND tỉnh], luu: {{don_vi: KHTC}}}}
danh_muc_co_quan: danh-muc.yaml
che_do_bao_cao: {{co_quan_tong_hop: Sở Tài chính, thoi_han: trước ngày 15/12 hằng năm}}
noi_dung: |
  I. NHIỆM VỤ
  Các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.
phu_luc:
  - ten: Nhiệm vụ năm 2026
    cot: [tt, noi_dung, chu_tri, thoi_gian]
    nhiem_vu:
{tasks}
""")


def _vanban(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def _forms(folder: Path) -> dict[str, str]:
    """File name -> the agency the form names."""
    return {p.name: co_quan_cua_phieu(p) for p in sorted(folder.iterdir())}


def test_every_agency_gets_its_own_form(tmp_path):
    plan = _plan(tmp_path)
    out = tmp_path / "bieu-mau"
    run = _vanban("bieumau", plan, "--ky", "2026", "-o", out)
    assert run.returncode == 0, run.stderr
    forms = _forms(out)
    assert len(forms) == len(AGENCIES)
    assert sorted(forms.values()) == sorted(AGENCIES)  # each agency once: none lost, none twice
    written = [line.removeprefix("Đã ghi: ") for line in run.stdout.splitlines() if line.startswith("Đã ghi: ")]
    assert len(written) == len(set(written)) == len(AGENCIES)
    # every name is distinct as Windows and macOS compare names
    assert len({unicodedata.normalize("NFC", n).casefold() for n in forms}) == len(forms)
    by_agency = {agency: name for name, agency in forms.items()}
    assert by_agency["Sở Tài chính"] == "bieu-mau-2026-STC.xlsx"  # a unique viet_tat is the name
    # a shared viet_tat falls back to the slug; a shared or empty slug gets a stable suffix
    assert by_agency["Trung tâm Dịch vụ nông nghiệp"] == "bieu-mau-2026-trung-tam-dich-vu-nong-nghiep.xlsx"
    tan = io.short_hash("UBND xã Tân An")
    assert by_agency["UBND xã Tân An"] == f"bieu-mau-2026-ubnd-xa-tan-an-{tan}.xlsx"
    assert by_agency["UBND xã Tấn An"].startswith("bieu-mau-2026-ubnd-xa-tan-an-")
    assert by_agency["Phòng A/B"].startswith("bieu-mau-2026-phong-a-b-")
    assert by_agency["ແຂວງຫົວພັນ"] == f"bieu-mau-2026-co-quan-{io.short_hash('ແຂວງຫົວພັນ')}.xlsx"
    long_name = by_agency[LONG.strip()]
    assert long_name.startswith("bieu-mau-2026-ban-quan-ly-du-an") and len(long_name.encode()) <= io.MAX_NAME

    # one agency asked for by --co-quan gets the name it has in the full run
    again = tmp_path / "mot"
    run = _vanban("bieumau", plan, "--ky", "2026", "--co-quan", "UBND xã Tấn An", "-o", again)
    assert run.returncode == 0, run.stderr
    assert _forms(again) == {by_agency["UBND xã Tấn An"]: "UBND xã Tấn An"}


def test_blank_forms_for_colliding_names(tmp_path):
    names = ["UBND xã Tân An", "UBND xã Tấn An", "ແຂວງຫົວພັນ", "ខេត្តកោះកុង"]
    args = [a for n in names for a in ("--co-quan", n)]
    run = _vanban("bieumau", "--ky", "2026", *args, "--co-quan", "UBND xã Tân An", "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    forms = _forms(tmp_path / "out")
    assert sorted(forms.values()) == sorted(names)  # the repeated name is one form


def test_one_path_twice_is_refused_naming_both(tmp_path):
    a, b = tmp_path / "Phieu.xlsx", tmp_path / "phieu.xlsx"
    nfd = tmp_path / unicodedata.normalize("NFD", "Tấn.xlsx")
    with pytest.raises(DuplicateOutputError) as e:
        io.check_distinct([(a, "phiếu của Sở A"), (b, "phiếu của Sở B")])
    assert "Sở A" in str(e.value) and "Sở B" in str(e.value)
    called = []
    with pytest.raises(DuplicateOutputError):
        io.write_all([(tmp_path / "Tấn.xlsx", called.append), (nfd, called.append)])
    assert called == [] and list(tmp_path.iterdir()) == []


def test_fit_name():
    assert io.fit_name("ngan", ".docx") == "ngan.docx"
    stem = "Kế hoạch " * 40
    a, b = io.fit_name(stem + "A", ".docx"), io.fit_name(stem + "B", ".docx")
    assert a != b and a.startswith("Kế hoạch Kế hoạch") and a.endswith(".docx")
    assert len(a.encode()) <= io.MAX_NAME and io.fit_name(stem + "A", ".docx") == a  # stable
    a.encode("utf-8")  # cut on a character boundary


def test_long_plan_name_is_shortened(tmp_path):
    stem = "ke-hoach-" + "thuc-hien-nhiem-vu-" * 12
    assert 230 < len(stem.encode()) + len(".yaml") <= 255
    plan = tmp_path / f"{stem}.yaml"
    plan.write_bytes((PLANS / "quang-tri-snnmt.yaml").read_bytes())
    (tmp_path / "co-quan").mkdir()
    (tmp_path / "co-quan" / "quang-tri.yaml").write_bytes((ROOT / "data" / "co-quan" / "quang-tri.yaml").read_bytes())
    plan.write_text(plan.read_text(encoding="utf-8").replace("../co-quan/", "co-quan/"), encoding="utf-8")
    run = _vanban("kehoach", plan, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 and all(len(n.encode()) <= io.MAX_NAME for n in names)
    assert names[0].startswith("ke-hoach-thuc-hien") and {n[-5:] for n in names} == {".docx", ".xlsx"}


def test_too_long_user_name_or_folder_is_a_located_message(tmp_path):
    run = _vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", tmp_path / "out", "--ten", "Kế hoạch " * 30)
    assert run.returncode == 1 and "--ten" in run.stderr and "tối đa" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()
    folder = tmp_path / ("thu-muc-" * 40)
    run = _vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", folder)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "tên thư mục" in run.stderr and "255 byte" in run.stderr
    with pytest.raises(InputError) as e:
        api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", tmp_path / "out", name="x" * 250)
    assert e.value.problems[0].argument == "name" and e.value.problems[0].file == ""


def test_every_write_errno_is_a_message(tmp_path):
    import errno

    for code in (errno.ENAMETOOLONG, errno.EROFS, errno.EDQUOT, errno.ENOSPC, errno.EACCES, errno.ELOOP,
                 errno.EXDEV, errno.EIO):
        err = io._os_error(OSError(code, os.strerror(code)), tmp_path / "a.docx")
        assert isinstance(err, VanbanError) and str(err).startswith(f"{tmp_path / 'a.docx'}: không ghi được tệp (")
        assert "lỗi hệ thống" not in str(err)  # a message of its own, not the system's English
