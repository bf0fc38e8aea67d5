"""TEXT-003: invisible and direction characters, wherever the checker reads text (body, tables,
headers, footers, footnotes), reported with the character shown as its code."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from vanban import api
from vanban.check import CANH_BAO, LOI, kiem_tra
from tests.check_fixtures import BODY, handmade, mutate
from tests.conftest import PLANS, ROOT

REVERSED = "Kinh phí thực hiện: \u202e000.000.001\u202c đồng."  # shows as "100.000.000 đồng"


def hidden(path: Path) -> list:
    return [f for f in kiem_tra(path) if f.rule == "TEXT-003"]


def test_direction_override_is_an_error_quoted_with_its_code(tmp_path):
    path = handmade(tmp_path / "dao.docx", body=BODY[:3] + [REVERSED] + BODY[3:])
    [f] = hidden(path)
    assert f.severity == LOI and f.place == "đoạn 8"
    assert "‹U+202E›000.000.001‹U+202C› đồng" in f.text
    assert "ép chiều phải sang trái (U+202E)" in f.message and "đóng nhúng chiều (U+202C)" in f.message
    assert "chữ hiển thị, chữ in ra khác chữ lưu trong tệp" in f.message


def test_isolates_are_errors_zero_width_and_bom_warnings(tmp_path):
    body = BODY[:1] + ["Số tiền \u2067123\u2069 triệu.", "Bảo\u200bvệ môi trường.", "Môi\ufefftrường."] + BODY[1:]
    found = hidden(handmade(tmp_path / "an.docx", body=body))
    assert [(f.place, f.severity) for f in found] == [("đoạn 6", LOI), ("đoạn 7", CANH_BAO), ("đoạn 8", CANH_BAO)]
    assert "‹U+2067›123‹U+2069›" in found[0].text
    assert found[1].text == "Bảo‹U+200B›vệ môi trường." and "khoảng trắng độ rộng 0 (U+200B)" in found[1].message
    assert "dấu thứ tự byte (U+FEFF)" in found[2].message and "chữ hiển thị khác chữ lưu" in found[2].message


def test_long_paragraph_is_quoted_around_the_character(tmp_path):
    text = "Nội dung " * 20 + "\u202d999" + " kết thúc" * 20
    [f] = hidden(handmade(tmp_path / "dai.docx", body=[text] + BODY))
    assert f.text.startswith("…") and f.text.endswith("…") and "‹U+202D›999" in f.text and len(f.text) < 70


def test_one_finding_for_consecutive_paragraphs_and_a_cap_for_the_rest(tmp_path):
    run = [f"Nhiệm vụ\u200b số {i}." for i in range(30)]
    scattered = [x for i in range(10) for x in (f"Mục\u200b {i}.", "Đoạn thường.")]
    found = hidden(handmade(tmp_path / "nhieu.docx", body=BODY[:2] + run + ["Đoạn thường."] + scattered + BODY[2:]))
    first = found[0]
    assert first.place == "đoạn 7 … đoạn 36" and "và 29 đoạn liền sau" in first.text
    # 1 merged + 10 scattered findings alike: the first ones listed, the rest in one summary.
    assert len(found) == 4 and found[-1].text == "và 8 đoạn khác" and " … " in found[-1].place


def test_tables_headers_footers_and_footnotes(tmp_path):
    path = handmade(tmp_path / "a.docx", noi_nhan=("- UBND\u200b tỉnh (báo cáo);", "- Lưu: VT, VP."))
    doc = Document(str(path))
    doc.sections[0].footer.paragraphs[0].text = "Địa chỉ: \u202bSố 1\u202c đường Lê Lợi"
    doc.save(str(path))
    found = {f.place: f for f in hidden(path)}
    assert found["bảng 2, dòng 1, ô 1, đoạn 2"].severity == CANH_BAO
    assert found["chân trang, đoạn 1"].severity == LOI and "‹U+202B›Số 1‹U+202C›" in found["chân trang, đoạn 1"].text

    out = tmp_path / "kh"
    api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", out)
    good = out / "quang-tri-snnmt.docx"
    header = mutate(good, tmp_path / "h.docx", "word/header1.xml", "<w:t>2</w:t>", "<w:t>\u20662\u2069</w:t>")
    [f] = hidden(header)
    assert f.place.startswith("đầu trang") and f.place.endswith("đoạn 1") and f.severity == LOI
    note = ('<w:footnote w:id="1"><w:p><w:r><w:t>Nghị định số\u200b 30/2020/NĐ-CP.</w:t></w:r></w:p></w:footnote>'
            "</w:footnotes>")
    foot = mutate(good, tmp_path / "f.docx", "word/footnotes.xml", "</w:footnotes>", note)
    [f] = hidden(foot)
    assert f.place == "chú thích cuối trang 1, đoạn 1" and f.text == "Nghị định số‹U+200B› 30/2020/NĐ-CP."


def test_demo_documents_have_none_and_stay_clean(demo_dir):
    files = sorted(demo_dir.glob("*.docx"))
    assert files
    for r in api.kiem_tra(files):
        assert r.loi_doc is None and not [f for f in r.phat_hien if f.rule == "TEXT-003"], r.tep
    assert all(r.so_loi == 0 for r in api.kiem_tra([demo_dir / f"{n}.docx" for n in ("quang-tri-snnmt", "hung-yen-132")]))


def test_reversed_amount_in_a_real_process(tmp_path):
    """As a user runs it: the stored "000.000.001" behind U+202E is an error (exit 1)."""
    path = handmade(tmp_path / "so-tien.docx", body=BODY[:3] + [REVERSED] + BODY[3:])
    with zipfile.ZipFile(path) as z:
        assert "\u202e000.000.001\u202c đồng".encode() in z.read("word/document.xml")
    p = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", str(path)], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert p.returncode == 1 and "Traceback" not in p.stdout + p.stderr
    assert "[TEXT-003] lỗi — đoạn 8 “Kinh phí thực hiện: ‹U+202E›000.000.001‹U+202C› đồng.”" in p.stdout
