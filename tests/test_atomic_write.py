"""Nothing lost: an interrupted write leaves the old file whole, existing files are kept without
--ghi-de, no command modifies its inputs, and a consolidation lists every return it rejects."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vanban import api
from vanban.baocao.tong_hop import tong_hop
from vanban.cli import main
from vanban.errors import OutputExistsError, VanbanError
from vanban.io import write_all
from vanban.render import xlsx_bieu_mau as B
from vanban.text.thoi_han import doc_ky
from tests.conftest import PLANS, ROOT

PLAN = PLANS / "quang-tri-snnmt.yaml"
OLD = b"the old file, whole"


def digest(paths) -> dict[str, str]:
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def test_render_failing_half_way_keeps_the_old_file(tmp_path, monkeypatch):
    from vanban.render import xlsx_phu_luc

    (tmp_path / "out").mkdir()
    docx, xlsx = tmp_path / "out" / "ke-hoach.docx", tmp_path / "out" / "ke-hoach-phu-luc.xlsx"
    docx.write_bytes(OLD)
    xlsx.write_bytes(OLD)

    def half_then_fail(kh, target, *args):
        Path(target).write_bytes(b"half a workbook")
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(xlsx_phu_luc, "render_phu_luc_xlsx", half_then_fail)
    with pytest.raises(RuntimeError):
        api.tao_ke_hoach(PLAN, tmp_path / "out", overwrite=True, name="ke-hoach")
    # the .docx had rendered completely, but nothing is moved in unless every output rendered
    assert docx.read_bytes() == OLD and xlsx.read_bytes() == OLD
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ke-hoach-phu-luc.xlsx", "ke-hoach.docx"]


def test_killed_process_leaves_the_old_file(tmp_path):
    """SIGKILL while write_all renders: no cleanup can run, the old file must still be whole."""
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(OLD)
    started = tmp_path / "started"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from vanban.io import write_all

        def slow(p):
            with open(p, "wb") as f:
                f.write(b"partial " * 1000)
                f.flush()
                Path({str(started)!r}).touch()
                time.sleep(60)
                f.write(b"never")

        write_all([(Path({str(target)!r}), slow)], overwrite=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.time() + 30
        while not started.exists():
            assert time.time() < deadline and proc.poll() is None
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".bao-cao.docx.")]
    assert len(leftovers) == 1 and leftovers[0].name.endswith(".tmp")  # hidden, never the target


def test_existing_files_never_overwritten_without_ghi_de(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quang-tri-snnmt-phu-luc.xlsx").write_bytes(OLD)
    code = main(["kehoach", str(PLAN), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "--ghi-de" in err and "quang-tri-snnmt-phu-luc.xlsx" in err
    assert (out / "quang-tri-snnmt-phu-luc.xlsx").read_bytes() == OLD
    assert not (out / "quang-tri-snnmt.docx").exists()  # not even the file that did not exist
    with pytest.raises(OutputExistsError):
        write_all([(out / "quang-tri-snnmt-phu-luc.xlsx", lambda p: p.write_bytes(b"new"))])
    assert main(["kehoach", str(PLAN), "-o", str(out), "--ghi-de"]) == 0
    assert (out / "quang-tri-snnmt-phu-luc.xlsx").read_bytes() != OLD


def test_new_files_have_ordinary_permissions(tmp_path):
    """mkstemp makes 0600 files; the rename must not leave outputs unreadable to colleagues."""
    [p] = write_all([(tmp_path / "a.txt", lambda t: t.write_bytes(b"x"))])
    umask = os.umask(0)
    os.umask(umask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unwritable_targets_are_messages(tmp_path, capsys):
    (tmp_path / "out" / "quang-tri-snnmt.docx").mkdir(parents=True)  # a folder where the file goes
    with pytest.raises(VanbanError) as e:
        api.tao_ke_hoach(PLAN, tmp_path / "out", overwrite=True)
    assert "quang-tri-snnmt.docx" in str(e.value) and "thư mục" in str(e.value)
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            code = main(["kehoach", str(PLAN), "-o", str(ro)])
            err = capsys.readouterr().err
            assert code == 1 and "không có quyền ghi" in err and "Traceback" not in err
        finally:
            ro.chmod(0o700)


def test_commands_never_modify_their_inputs(tmp_path, capsys):
    plan_dir = tmp_path / "in"
    plan_dir.mkdir()
    for name in ("quang-tri-snnmt.yaml",):
        (plan_dir / name).write_bytes((PLANS / name).read_bytes())
    (plan_dir / "quang-tri-snnmt.yaml").write_text(
        (PLANS / "quang-tri-snnmt.yaml").read_text(encoding="utf-8").replace(
            "danh_muc_co_quan: ../co-quan/quang-tri.yaml", "danh_muc_co_quan: quang-tri.yaml"), encoding="utf-8")
    (plan_dir / "quang-tri.yaml").write_bytes((ROOT / "data" / "co-quan" / "quang-tri.yaml").read_bytes())
    plan = plan_dir / "quang-tri-snnmt.yaml"
    inputs = [plan, plan_dir / "quang-tri.yaml"]
    before = digest(inputs)
    assert main(["kehoach", str(plan), "-o", str(tmp_path / "out")]) == 0
    docx = tmp_path / "out" / "quang-tri-snnmt.docx"
    checked = digest([docx])
    main(["kiemtra", str(docx)])
    main(["kiemtra", "--json", str(docx)])
    main(["kehoach", str(plan), "-o", str(tmp_path / "out")])  # refused: files exist
    capsys.readouterr()
    assert digest(inputs) == before and digest([docx]) == checked


def test_consolidation_lists_every_rejected_return(tmp_path):
    kh, tra_cuu, _ = api.doc_ke_hoach(PLANS / "hung-yen-132.yaml")
    ky = doc_ky("2026", dt.date(2026, 12, 15))
    returns = tmp_path / "phieu"
    returns.mkdir()
    from vanban.baocao.phan_cong import phan_cong
    assigned = phan_cong(kh, tra_cuu)
    agency = "Sở Nông nghiệp và Môi trường"
    B.render_bieu_mau(kh, ky, agency, assigned[agency], returns / "a-tot.xlsx")
    (returns / "b-xls-doi-ten.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (returns / "c-rong.xlsx").write_bytes(b"")
    before = digest(sorted(returns.iterdir()))
    phieu, problems, *named = api.doc_phieu_thu_muc(returns)
    th = tong_hop(kh, tra_cuu, ky, phieu, problems, *named)
    rejected = {Path(k.tep).name: k for k in th.khong_hop_le}
    assert set(rejected) == {"b-xls-doi-ten.xlsx", "c-rong.xlsx"}
    assert ".xls" in rejected["b-xls-doi-ten.xlsx"].ly_do and "rỗng" in rejected["c-rong.xlsx"].ly_do
    assert [p.co_quan for p in phieu] == [agency]
    assert digest(sorted(returns.iterdir())) == before
