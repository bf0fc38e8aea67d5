"""Checked with tools nobody here wrote: openxml-audit for the OOXML schema, LibreOffice for
rendering, poppler for the PDF's fonts and text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCX = ["quang-tri-snnmt.docx", "hung-yen-132.docx", "thai-nguyen-du-thao.docx"]
XLSX = ["quang-tri-snnmt-phu-luc.xlsx", "hung-yen-132-phu-luc.xlsx"]


def audit(path: Path) -> dict:
    exe = Path(sys.executable).with_name("openxml-audit")
    cmd = [str(exe) if exe.exists() else "openxml-audit", "-o", "json", "-m", "0", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return json.loads(proc.stdout)[0]


@pytest.mark.parametrize("name", DOCX)
def test_docx_passes_openxml_audit(demo_dir, name):
    report = audit(demo_dir / name)
    schema = [e for e in report["errors"] if e["type"] in ("schema", "semantic")]
    assert schema == [], schema
    assert report["valid"] is True


def test_template_passes_openxml_audit():
    report = audit(Path(__file__).resolve().parent.parent / "templates" / "docx" / "ke-hoach.docx")
    assert report["error_count"] == 0, report["errors"]


@pytest.mark.parametrize("name", DOCX + XLSX)
def test_libreoffice_converts(pdf_dir, name):
    pdf = pdf_dir / (Path(name).stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 5000


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pdf_fonts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("name", DOCX + XLSX)
def test_rendered_with_times_metric_font_only(pdf_dir, name):
    if shutil.which("pdffonts") is None:
        pytest.fail("poppler-utils is required: run ./setup.sh")
    fonts = _pdf_fonts(pdf_dir / (Path(name).stem + ".pdf"))
    assert fonts
    # Times New Roman or its metric twin Liberation Serif; no glyph fell back to another family.
    for f in fonts:
        base = f.split("+")[-1]
        assert base.startswith(("TimesNewRoman", "LiberationSerif", "Times")), fonts


def test_rendered_pages_read_right(pdf_dir):
    text = _pdf_text(pdf_dir / "quang-tri-snnmt.pdf")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 85/KH-SNNMT" in text and "Quảng Trị, ngày 08 tháng 4 năm 2026" in text
    assert "(Kèm theo Kế hoạch số 85/KH-SNNMT ngày 08 tháng 4 năm 2026 của Sở Nông nghiệp và Môi" in text
    pages = text.split("\f")
    # Page 1 carries no page number; page 2 starts with "2" in its header.
    assert pages[1].strip().startswith("2")
    assert not pages[0].strip().startswith("1")
    # The annex restarts its numbering: its second page is numbered 2 again.
    annex_start = next(i for i, p in enumerate(pages) if "Phụ lục" in p and "Kèm theo" in p)
    assert pages[annex_start + 1].strip().startswith("2")
    # The table's header row is repeated on the annex's second page.
    assert "Nội dung thực hiện" in pages[annex_start + 1]


def test_draft_renders_blanks(pdf_dir):
    text = _pdf_text(pdf_dir / "thai-nguyen-du-thao.pdf")
    assert "/KH-UBND" in text and "tháng 4 năm 2026" in text
