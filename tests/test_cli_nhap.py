"""``vanban nhap`` as a clerk runs it: a real process, the YAML and the draft registry written,
warnings with their places, no replacing without --ghi-de, no traceback for odd input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus import variant
from vanban.load import load_plan, doc_danh_muc

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory) -> Path:
    return variant("001-tab-ngat-trang", tmp_path_factory.mktemp("kh")).path


def test_nhap_writes_the_plan_and_the_registry(plan_docx, tmp_path):
    p = run("nhap", plan_docx, "-o", tmp_path / "ke-hoach.yaml")
    assert p.returncode == 0, p.stderr
    assert f"Đã ghi: {tmp_path / 'ke-hoach.yaml'}" in p.stdout and "co-quan.yaml" in p.stdout
    kh = load_plan(tmp_path / "ke-hoach.yaml")
    assert kh.danh_muc_co_quan == "co-quan.yaml" and kh.so is None and kh.ngay.nam == 2026
    reg = doc_danh_muc(tmp_path / "co-quan.yaml")
    assert "Phòng Quản lý môi trường" in {c.ten for c in reg.co_quan}
    assert "Cảnh báo:" in p.stderr and "đoạn 5, bên trái: dự thảo" in p.stderr
    assert "Traceback" not in p.stderr
    # the YAML is block style and readable
    text = (tmp_path / "ke-hoach.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Kế hoạch nhập từ") and "noi_dung: |\n" in text and "{" not in text
    # and goes straight on to kehoach
    k = run("kehoach", tmp_path / "ke-hoach.yaml", "-o", tmp_path / "out")
    assert k.returncode == 0, k.stderr


def test_nhap_never_replaces_without_ghi_de(plan_docx, tmp_path):
    target = tmp_path / "kh.yaml"
    target.write_text("# của tôi\n", encoding="utf-8")
    p = run("nhap", plan_docx, "-o", target)
    assert p.returncode == 1 and "--ghi-de" in p.stderr
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    assert run("nhap", plan_docx, "-o", target, "--ghi-de").returncode == 0
    assert target.read_text(encoding="utf-8") != "# của tôi\n"


def test_nhap_registry_elsewhere(plan_docx, tmp_path):
    p = run("nhap", plan_docx, "-o", tmp_path / "a" / "kh.yaml", "--danh-muc-ra", tmp_path / "b" / "cq.yaml")
    assert p.returncode == 0, p.stderr
    assert load_plan(tmp_path / "a" / "kh.yaml").danh_muc_co_quan == "../b/cq.yaml"


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken", "chữ thường".encode()])
def test_nhap_odd_files_get_a_message(tmp_path, content):
    f = tmp_path / "x.docx"
    f.write_bytes(content)
    p = run("nhap", f, "-o", tmp_path / "kh.yaml")
    assert p.returncode == 1
    assert "x.docx" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "kh.yaml").exists()


def test_nhap_vao_only_for_xlsx(plan_docx, tmp_path):
    p = run("nhap", plan_docx, "-o", tmp_path / "kh.yaml", "--vao", ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml")
    assert p.returncode == 1 and "--vao" in p.stderr


def test_nhap_help_is_vietnamese():
    p = run("nhap", "--help")
    assert p.returncode == 0 and "Kế hoạch soạn bằng Word" in p.stdout and "--danh-muc-ra" in p.stdout


def test_nhap_xlsx_without_its_reader_says_so(tmp_path):
    import importlib.util

    if importlib.util.find_spec("vanban.nhap.xlsx") is not None:
        pytest.skip("the .xlsx reader is installed: its own tests cover it")
    f = tmp_path / "phu-luc.xlsx"
    f.write_bytes(b"PK\x03\x04")
    p = run("nhap", f, "-o", tmp_path / "kh.yaml")
    assert p.returncode == 1 and "Excel" in p.stderr and "Traceback" not in p.stderr
