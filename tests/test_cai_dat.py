"""Installing vanban as a user does: the wheel built from the project, installed into a new
virtual environment outside the project, run from a folder outside the project.

The wheel must hold the package, its templates and sample data (and nothing of tests/ or
tools/); installed, ``vanban`` and ``python -m vanban`` must find the templates and data inside
the installed package, never in the checkout. The new environment reaches the dependencies of
this test's own environment through a .pth file (no network), but not the checkout or the
project's editable install (a path in a .pth file is only added to ``sys.path``: the .pth files
of the directory it names, the editable install's among them, are not run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import vanban

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "build", "out", "__pycache__", ".pytest_cache", ".mypy_cache"}


def _run(cmd: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout)


def _ok(p: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert p.returncode == 0, f"mã thoát {p.returncode}\n{p.stdout}\n{p.stderr}"
    assert "Traceback" not in p.stderr, p.stderr
    return p


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a clean copy of the project (no build/ left in the checkout)."""
    base = tmp_path_factory.mktemp("banh-xe")
    src = base / "nguon"
    shutil.copytree(ROOT, src, ignore=lambda d, names: [n for n in names
                                                         if n in SKIP or n.endswith(".egg-info")])
    dist = base / "dist"
    _ok(_run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
              "--disable-pip-version-check", "-q", "-w", str(dist), str(src)], cwd=base))
    (found,) = dist.glob("vanban-*.whl")
    return found


def _install(wheel: Path, where: Path) -> Path:
    """A new virtual environment with the wheel installed; its python."""
    venv = where / "venv"
    _ok(_run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=where))
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # installed before the .pth exists: pip, run in the new interpreter, sees only the new environment
    _ok(_run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
              "--disable-pip-version-check", "-q", str(wheel)], cwd=where))
    site = Path(_ok(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         cwd=where)).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_phu_thuoc_kiem_thu.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return python


def _script(python: Path) -> str:
    return str(python.with_name("vanban.exe" if os.name == "nt" else "vanban"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """(the new environment's python, a working folder outside the project)."""
    where = tmp_path_factory.mktemp("cai-dat")
    python = _install(wheel, where)
    cwd = where / "lam-viec"
    cwd.mkdir()
    # a clerk's folders named like the package: neither may be imported instead of it
    (cwd / "vanban").mkdir()
    (cwd / "vanban" / "ghi-chu.txt").write_text("tài liệu riêng", encoding="utf-8")
    (cwd / "generator").mkdir()
    (cwd / "generator" / "__init__.py").write_text("raise SystemExit('thư mục generator của người dùng')\n",
                                                 encoding="utf-8")
    return python, cwd


def test_wheel_holds_package_templates_and_data_only(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(f"vanban-{vanban.__version__}.dist-info/METADATA").decode("utf-8")
        entry_points = z.read(f"vanban-{vanban.__version__}.dist-info/entry_points.txt").decode("utf-8")
    assert wheel.name == f"vanban-{vanban.__version__}-py3-none-any.whl"
    # every module of the package, under the import name
    modules = {"vanban/" + p.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("*.py")}
    assert modules <= names
    assert {"vanban/py.typed", "vanban/text/tnr_metrics.json"} <= names
    # every template and every sample, inside the package
    for folder, pattern in (("templates", "docx/*.docx"), ("templates", "xlsx/*.xlsx"), ("templates", "html/*"),
                            ("data", "ke-hoach/*.yaml"), ("data", "co-quan/*.yaml"),
                            ("data", "bao-cao/*/thong-tin.yaml"), ("data", "bao-cao/*/phieu/*.xlsx")):
        files = {f"vanban/{folder}/" + p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).glob(pattern)}
        assert files, f"{folder}/{pattern}: không có tệp nào trong dự án"
        assert files <= names, sorted(files - names)
    assert any(n.startswith("vanban/data/bao-cao/") and n.endswith(".xlsx") for n in names)
    # nothing else: no tests, tools, benchmark, no package under its source folder's name
    tops = {n.split("/")[0] for n in names}
    assert tops == {"vanban", f"vanban-{vanban.__version__}.dist-info"}
    assert not [n for n in names if "/tests/" in n or "/tools/" in n or "/bench/" in n or "__pycache__" in n]
    # metadata
    assert f"Version: {vanban.__version__}\n" in meta
    assert "License-Expression: MIT" in meta and "Author: Nhóm phát triển vanban" in meta
    assert "Classifier: Natural Language :: Vietnamese" in meta
    assert "Classifier: Operating System :: OS Independent" in meta
    assert f"vanban-{vanban.__version__}.dist-info/licenses/LICENSE" in names
    assert "vanban = vanban.__main__:run" in entry_points


def test_installed_package_is_the_wheel_not_the_checkout(installed):
    python, cwd = installed
    venv = python.parent.parent
    out = _ok(_run([str(python), "-c", "import vanban, vanban.resources as r; print(vanban.__file__); "
                    "print(r.templates_dir('docx')); print(r.data_dir())"], cwd=cwd)).stdout.splitlines()
    for line in out:
        path = Path(line).resolve()
        assert path.is_relative_to(venv.resolve()), line
        assert not path.is_relative_to(ROOT), line
    assert (Path(out[1]) / "ke-hoach.docx").is_file()
    assert sorted(p.name for p in (Path(out[2]) / "ke-hoach").glob("*.yaml")) == \
        sorted(p.name for p in (ROOT / "data" / "ke-hoach").glob("*.yaml"))
    p = _ok(_run([_script(python), "--version"], cwd=cwd))
    assert p.stdout.strip() == f"vanban {vanban.__version__}"


def _written(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def test_installed_demo_writes_every_document_and_passes_the_checker(installed, tmp_path):
    python, cwd = installed
    p = _ok(_run([_script(python), "demo", "-o", "out"], cwd=cwd))
    names = _written(cwd / "out")
    # the same documents as the project's own install (the checkout's data and templates)
    ref = tmp_path / "tham-chieu"
    _ok(_run([sys.executable, "-m", "vanban", "demo", "-o", str(ref)], cwd=tmp_path))
    assert names == _written(ref)
    for plan in (ROOT / "data" / "ke-hoach").glob("*.yaml"):
        assert f"{plan.stem}.docx" in names
    assert {"hung-yen-2026/tong-hop-2026.docx", "hung-yen-2026/tong-hop-2026.xlsx",
            "hung-yen-2026/don-doc-2026.docx"} <= names
    assert p.stdout.count("Đã ghi:") == len(names)
    docx = sorted(n for n in names if n.endswith(".docx"))
    checked = [ln for ln in p.stdout.splitlines() if ln.startswith("Kiểm tra thể thức")]
    assert len(checked) == len(docx) and all(": 0 lỗi," in ln for ln in checked)
    # the checker, on its own
    k = _ok(_run([_script(python), "kiemtra", *(f"out/{n}" for n in docx)], cwd=cwd))
    assert k.stdout.count(": 0 lỗi,") == len(docx)


def test_installed_python_m_vanban_makes_a_plan_from_a_copied_sample(installed):
    python, cwd = installed
    work = cwd / "ke-hoach-cua-toi"
    (work / "ke-hoach").mkdir(parents=True)
    (work / "co-quan").mkdir()
    shutil.copy(ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml", work / "ke-hoach")
    shutil.copy(ROOT / "data" / "co-quan" / "hung-yen.yaml", work / "co-quan")  # its danh_muc_co_quan
    p = _ok(_run([str(python), "-m", "vanban", "kehoach", "ke-hoach-cua-toi/ke-hoach/hung-yen-132.yaml",
                  "-o", "x"], cwd=cwd))
    assert _written(cwd / "x") == {"hung-yen-132.docx", "hung-yen-132-phu-luc.xlsx"}
    assert "Đã ghi: x" in p.stdout
    k = _ok(_run([str(python), "-m", "vanban", "kiemtra", "x/hung-yen-132.docx"], cwd=cwd))
    assert "x/hung-yen-132.docx: 0 lỗi" in k.stdout
    # the user's own generator/ folder was not imported (it would have stopped the run)
    assert "thư mục generator" not in p.stderr + k.stderr


@pytest.mark.parametrize("lost", ["ke-hoach", "."])
def test_installed_demo_without_sample_data_says_so(wheel, tmp_path, lost):
    """An install that lost its sample plans, or all its sample data, fails with a Vietnamese
    message naming where they belong, and writes nothing."""
    python = _install(wheel, tmp_path)
    data = Path(_ok(_run([str(python), "-c", "from vanban.resources import data_dir; print(data_dir())"],
                         cwd=tmp_path)).stdout.strip())
    shutil.rmtree(data / lost)
    p = _run([_script(python), "demo", "-o", "out"], cwd=tmp_path)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    assert "không tìm thấy dữ liệu mẫu" in p.stderr and str(data / "ke-hoach") in p.stderr
    assert not (tmp_path / "out").exists()


def test_project_install_reads_the_checkout(tmp_path):
    """The project's own (editable) install: ``python -m vanban`` from anywhere uses the
    templates and data of the checkout, where they are edited."""
    p = _ok(_run([sys.executable, "-c", "import vanban, vanban.resources as r; print(vanban.__file__); "
                  "print(r.templates_dir('xlsx')); print(r.data_dir())"], cwd=tmp_path))
    package, templates, data = (Path(x) for x in p.stdout.splitlines())
    assert package == ROOT / "generator" / "__init__.py"
    assert templates == ROOT / "templates" / "xlsx" and data == ROOT / "data"
    v = _ok(_run([sys.executable, "-m", "vanban", "--version"], cwd=tmp_path))
    assert v.stdout.strip() == f"vanban {vanban.__version__}"


def test_output_to_a_code_page_without_vietnamese_is_written_as_utf8(tmp_path):
    """Windows writes a redirected stdout in its ANSI code page (cp1252 has no “Đ”, “ồ”): the
    messages come out as UTF-8, never as a UnicodeEncodeError."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "cp1252"
    p = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", "khong-co.docx"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=120)
    assert p.returncode == 2, p.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in p.stderr
    assert p.stdout.decode("utf-8").strip() == "Không đọc được: khong-co.docx: không tìm thấy tệp"
