from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from vanban import api

# The web portal's fixtures: postgres_server, postgres_url, db_url, may_chu (live_server), trinh_duyet
from tests.web_infra import db_url, live_server, may_chu, postgres_server, postgres_url, trinh_duyet  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "ke-hoach"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """Every sample document, generated once for the whole test session."""
    out = tmp_path_factory.mktemp("demo")
    api.demo(out, pdf=True)
    return out


@pytest.fixture(scope="session")
def pdf_dir(demo_dir, tmp_path_factory) -> Path:
    """The sample .docx and .xlsx converted to PDF by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: run ./setup.sh")
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    files = sorted(str(p) for p in demo_dir.iterdir() if p.suffix in (".docx", ".xlsx"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *files],
                   check=True, capture_output=True, timeout=600)
    return out


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@contextmanager
def peak_memory():
    """The peak of Python's allocations inside the block (``tracemalloc``), as a function to call
    after it: how hostile-input tests show that a bomb is refused before it is unpacked, without
    timing anything."""
    import tracemalloc

    tracemalloc.start()
    peak = [0]
    try:
        yield lambda: peak[0]
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
