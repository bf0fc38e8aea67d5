"""``vanban chuanhoa``: a hand-made plan reissued in exact form in one command, with the list of
what changed; the input untouched; odd documents get a message."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from check_fixtures import handmade
from corpus import variant
from vanban.check import LOI, kiem_tra
from vanban.check.model import DocModel


def run(*args):
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def _texts(path: Path) -> list[str]:
    return [" ".join(p.text.split()) for p in DocModel(path).paragraphs if p.text.strip()]


def test_chuanhoa_reissues_a_tab_laid_plan_in_exact_form(tmp_path):
    src = variant("001-tab-ngat-trang", tmp_path).path
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "ra.docx"
    p = run("chuanhoa", src, "-o", out)
    assert p.returncode == 0, p.stderr
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert [f for f in kiem_tra(out) if f.severity == LOI] == []
    assert "Đã thay đổi:" in p.stdout
    assert "đầu văn bản dàn bằng phím Tab" in p.stdout
    assert "đánh số tự động của Word" in p.stdout
    assert "khối chữ ký và nơi nhận" in p.stdout
    assert f"Đã ghi: {out}" in p.stdout
    texts = _texts(out)
    assert "KT. GIÁM ĐỐC" in texts and "Hoàng Văn Bình" in texts and "- Bộ NN&MT (báo cáo);" in texts
    assert any(t.startswith("I. MỤC ĐÍCH") for t in texts)


def test_chuanhoa_lists_fonts_and_sizes_fixed(tmp_path):
    src = handmade(tmp_path / "kh.docx", font="Arial", body_size=12)
    p = run("chuanhoa", src, "-o", tmp_path / "ra.docx")
    assert p.returncode == 0, p.stderr
    assert "phông chữ" in p.stdout or "FONT" in p.stdout
    assert "cỡ" in p.stdout
    assert [f for f in kiem_tra(tmp_path / "ra.docx") if f.severity == LOI] == []


def test_chuanhoa_reissues_a_report(tmp_path):
    src = handmade(tmp_path / "bc.docx", ten_loai="BÁO CÁO", trich_yeu="Kết quả thực hiện năm 2026",
                   so="Số: 15/BC-UBND")
    p = run("chuanhoa", src, "-o", tmp_path / "ra.docx")
    assert p.returncode == 0, p.stderr
    texts = _texts(tmp_path / "ra.docx")
    assert "BÁO CÁO" in texts and "Số: 15/BC-UBND" in texts
    assert [f for f in kiem_tra(tmp_path / "ra.docx") if f.severity == LOI] == []


def test_chuanhoa_never_replaces_without_ghi_de(tmp_path):
    src = handmade(tmp_path / "kh.docx")
    out = tmp_path / "ra.docx"
    out.write_bytes(b"mine")
    p = run("chuanhoa", src, "-o", out)
    assert p.returncode == 1 and "--ghi-de" in p.stderr and out.read_bytes() == b"mine"


@pytest.mark.parametrize("lines", [[], ["Một đoạn văn bình thường không có đầu văn bản."]])
def test_chuanhoa_odd_documents_give_a_message(tmp_path, lines):
    d = Document()
    for t in lines:
        d.add_paragraph().add_run(t).font.size = Pt(14)
    d.save(str(tmp_path / "x.docx"))
    p = run("chuanhoa", tmp_path / "x.docx", "-o", tmp_path / "ra.docx")
    assert p.returncode == 1
    assert "x.docx" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "ra.docx").exists()


def test_chuanhoa_puts_an_inline_annex_label_on_its_own_line(tmp_path):
    """"Phụ lục: TITLE" typed in one paragraph and the signer typed as paragraphs: the label stands
    alone over the title in the output, which has no error, and the change is listed."""
    from corpus import build, seed_plan
    b = build(seed_plan("001"), tmp_path / "kh.docx", annex_label="inline", signer="paragraphs")
    assert [f.rule for f in kiem_tra(b.path) if f.severity == LOI] == ["PL-001"]
    out = tmp_path / "ra.docx"
    p = run("chuanhoa", b.path, "-o", out)
    assert p.returncode == 0, p.stderr
    assert [f for f in kiem_tra(out) if f.severity == LOI] == []
    texts = _texts(out)
    at = texts.index("Phụ lục")
    assert texts[at + 1] == b.truth.annex_title
    changes = p.stdout.split("Đã thay đổi:", 1)[1]
    assert "[PL-001]" in changes and "khối chữ ký và nơi nhận" in changes
    assert "Hoàng Văn Bình" in texts and "KT. GIÁM ĐỐC" in texts
