"""The PDF twin of a Báo cáo and a Công văn (``render_van_ban_pdf``): the same header, Kính gửi,
body, signature, Nơi nhận and annex as the .docx, page geometry, page numbers, one embedded
font family. Each document is rendered once for the module."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from vanban.errors import TemplateError
from vanban.layout import prepare
from vanban.model.van_ban_di import BangPhuLuc, VanBanDi
from vanban.render.docx_van_ban import render_van_ban_docx
from vanban.render.pdf_van_ban import kinh_gui_lines, render_html, render_van_ban_pdf
from vanban.text import metrics
from tests.test_docx_van_ban import COLUMNS, KG_CV, ROWS, SNNMT, bao_cao, cong_van, long_rows_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4 = (595.3, 841.9)
PT = 1 / metrics.TWIPS_PER_PT


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pdf-van-ban")
    for name, doc in (("bao-cao", bao_cao()), ("cong-van", cong_van())):
        render_van_ban_docx(doc, d / f"{name}.docx")
        render_van_ban_pdf(doc, d / f"{name}.pdf")
    return d


@pytest.fixture(scope="module")
def bc(out) -> Path:
    return out / "bao-cao.pdf"


@pytest.fixture(scope="module")
def cv(out) -> Path:
    return out / "cong-van.pdf"


def pdftotext(pdf: Path, *args: str, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *args, *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


def lines(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """The text lines of a page as (x, y, text), top to bottom."""
    xml = pdftotext(pdf, "-bbox-layout", page=page)
    out = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S):
        text = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", m.group(3)))
        out.append((float(m.group(1)), float(m.group(2)), text))
    return sorted(out, key=lambda r: (round(r[1]), r[0]))


def line(pdf: Path, page: int, text: str) -> tuple[float, float, str]:
    found = [r for r in lines(pdf, page) if r[2] == text]
    assert len(found) == 1, (text, [r[2] for r in lines(pdf, page)])
    return found[0]


def annex_pages(pdf: Path) -> list[int]:
    reader = PdfReader(pdf)
    return [i + 1 for i, p in enumerate(reader.pages) if "(Kèm theo" in (p.extract_text() or "")]


# ---- pages -------------------------------------------------------------------------------------

def test_portrait_pages_then_landscape_annex(bc, cv):
    reader = PdfReader(bc)
    starts = annex_pages(bc)
    assert len(starts) == 1 and starts[0] > 1
    for i, page in enumerate(reader.pages, start=1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        expected = A4 if i < starts[0] else (A4[1], A4[0])
        assert abs(w - expected[0]) < 1 and abs(h - expected[1]) < 1, i
    cv_pages = PdfReader(cv).pages
    assert len(cv_pages) == 1
    assert abs(float(cv_pages[0].mediabox.width) - A4[0]) < 1


def test_page_numbers(bc):
    first_line = lambda n: next((s.strip() for s in pdftotext(bc, "-layout", page=n).splitlines()  # noqa: E731
                                 if s.strip()), "")
    assert not first_line(1).isdigit()
    assert first_line(2) == "2"
    annex = annex_pages(bc)[0]
    assert not first_line(annex).isdigit()  # hidden on the annex's first page, numbered from 1


def test_one_embedded_font_family(bc, cv):
    for pdf in (bc, cv):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = [r.split() for r in out.splitlines()[2:] if r.strip()]
        assert rows
        families = {re.sub(r"-(Bold|Italic|Bold-Italic)$", "", r[0].split("+")[-1]) for r in rows}
        assert len(families) == 1 and families <= {"Liberation-Serif", "Times-New-Roman"}, families
        assert all(r[-5] == "yes" for r in rows)  # embedded


def test_metadata(bc, cv):
    meta = PdfReader(bc).metadata
    assert meta.title == "Báo cáo 57/BC-SXD"
    assert meta.author == "Sở Xây dựng"
    assert meta.subject == bao_cao().vb.trich_yeu
    assert PdfReader(cv).metadata.title == "Công văn 215/SNNMT-QLMT"


# ---- same text as the .docx --------------------------------------------------------------------

def _docx_chars(path: Path) -> Counter:
    with zipfile.ZipFile(path) as z:
        texts = []
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part in z.namelist():
                root = etree.fromstring(z.read(part))
                # Word's non-breaking hyphen (inside a cited số and ký hiệu) is a hyphen on the page
                texts += [(t.text or "") if t.tag == f"{W}t" else "-"
                          for t in root.iter(f"{W}t", f"{W}noBreakHyphen")]
    return Counter(c for c in "".join(texts) if not c.isspace() and not c.isdigit())


@pytest.mark.parametrize("name", ["bao-cao", "cong-van"])
def test_same_text_as_the_docx(out, name):
    """Every letter and mark of the .docx is in the PDF and nothing else (digits differ only by
    page numbers; the annex's column titles repeat on each of its pages)."""
    pdf = out / f"{name}.pdf"
    pdf_chars = Counter(c for c in pdftotext(pdf, "-layout") if not c.isspace() and not c.isdigit())
    starts = annex_pages(pdf)
    if starts:
        titles = Counter(c for t, _, _ in COLUMNS for c in t if not c.isspace())
        for _ in range(len(PdfReader(pdf).pages) - starts[0]):
            pdf_chars.subtract(titles)
    assert +pdf_chars == _docx_chars(out / f"{name}.docx")


# ---- header ------------------------------------------------------------------------------------

def test_bao_cao_header_title_and_trich_yeu(bc):
    h = prepare.header(bao_cao().vb)
    first = words(pdftotext(bc, "-layout", page=1))
    for text in ("UBND TỈNH HƯNG YÊN", "SỞ XÂY DỰNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 57/BC-SXD", words(h.dia_danh_ngay), "BÁO CÁO"):
        assert text in first, text
    raw = words(pdftotext(bc, "-raw", page=1))
    assert words(h.trich_yeu) in raw
    # Số under the agency, the date in the right column, on one row.
    so, date = line(bc, 1, "Số: 57/BC-SXD"), line(bc, 1, words(h.dia_danh_ngay))
    assert abs(so[1] - date[1]) < 1 and so[0] < date[0]
    assert line(bc, 1, "BÁO CÁO")[1] > so[1]


def test_cong_van_vv_under_so_and_no_title(cv):
    page = lines(cv, 1)
    texts = [t for _, _, t in page]
    assert "CÔNG VĂN" not in texts and not any(t.startswith("CÔNG VĂN") for t in texts)
    so = line(cv, 1, "Số: 215/SNNMT-QLMT")
    date = line(cv, 1, "Hưng Yên, ngày 20 tháng 7 năm 2026")
    vv = [r for r in page if so[1] < r[1] < so[1] + 60 and r[0] < date[0]]
    assert words(" ".join(t for _, _, t in vv)) == "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 132/KH-UBND"
    assert len(vv) >= 2  # balanced lines that fit the 6.35 cm cell
    left_cell_right = so[0] + 200
    assert all(x < left_cell_right for x, _, _ in vv)
    # Everything of the header precedes the Kính gửi block.
    assert max(y for _, y, _ in vv) < line(cv, 1, "Kính gửi:")[1]


# ---- Kính gửi ----------------------------------------------------------------------------------

def test_bao_cao_one_recipient_on_one_line_centred(bc):
    x, y, _ = line(bc, 1, f"Kính gửi: {SNNMT}.")
    width = metrics.width_twips(f"Kính gửi: {SNNMT}.", 14) * PT
    left_margin = 35 / 25.4 * 72
    text_width = 8788 * PT
    assert abs((x - left_margin) - (text_width - width) / 2) < 2
    assert y < line(bc, 1, "I. KẾT QUẢ THỰC HIỆN")[1]


def test_cong_van_recipients_one_per_line_under_the_colon(cv):
    head = line(cv, 1, "Kính gửi:")
    items = [line(cv, 1, t) for t in ("- Sở Xây dựng;", "- Sở Công Thương;", "- Ủy ban nhân dân các xã, phường.")]
    assert [r[1] for r in items] == sorted(r[1] for r in items) and items[0][1] > head[1]
    colon = metrics.width_twips("Kính gửi", 14) * PT
    for x, _, _ in items:
        assert abs(x - (head[0] + colon)) < 1  # every dash starts under the colon
    body = next(y for _, y, t in lines(cv, 1) if t.startswith("Thực hiện Kế hoạch số 132/KH-UBND"))
    assert items[-1][1] < body


def test_kinh_gui_lines_match_the_docx_indents():
    from vanban.render.docx_van_ban import kinh_gui_paragraphs
    for names in ([SNNMT], KG_CV, ["- Sở Tài chính;", "Sở Nội vụ."]):
        pdf = kinh_gui_lines(names)
        docx = kinh_gui_paragraphs(names, 8788)
        assert len(pdf) == len(docx)
        for p, d in zip(pdf, docx):
            left = int(re.search(r'w:left="(\d+)"', d).group(1))
            hanging = int(m.group(1)) if (m := re.search(r'w:hanging="(\d+)"', d)) else 0
            assert abs(float(p["trai"]) - left * PT) < 0.01 and abs(float(p["treo"]) - hanging * PT) < 0.01
            assert p["chu"] in d
    assert kinh_gui_lines([]) == []


# ---- body, signature, Nơi nhận -----------------------------------------------------------------

def test_body_and_end_mark(bc, cv):
    text = words(pdftotext(bc, "-raw"))
    for muc in ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
                "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert muc in text
    assert "kính gửi Sở Nông nghiệp và Môi trường tổng hợp./." in text
    # The text's own final period becomes part of the mark.
    cv_text = words(pdftotext(cv, "-raw"))
    assert "trước ngày 31/7/2026./." in cv_text and "../." not in cv_text
    # Levels: a mục and a body line start 1 cm in, a continuation line at the margin.
    first = line(bc, 1, "I. KẾT QUẢ THỰC HIỆN")
    left_margin = 35 / 25.4 * 72
    assert abs(first[0] - (left_margin + 72 / 2.54)) < 1


@pytest.mark.parametrize("name", ["bao-cao", "cong-van"])
def test_signature_and_noi_nhan(out, name):
    pdf = out / f"{name}.pdf"
    page = len(PdfReader(pdf).pages) - len(annex_pages(pdf))
    head = line(pdf, page, "Nơi nhận:")
    left = [t for x, y, t in lines(pdf, page) if y > head[1] and x < head[0] + 5]
    assert left[0] == "- Như trên;" and left.count("- Như trên;") == 1
    assert left[1:4] == ["- UBND tỉnh (báo cáo);", "- Giám đốc Sở;", left[3]]
    assert left[3].startswith("- Lưu: VT, ") and left[3].endswith(".")
    kt, pgd = line(pdf, page, "KT. GIÁM ĐỐC"), line(pdf, page, "PHÓ GIÁM ĐỐC")
    signer = "Trần Văn Bình" if name == "bao-cao" else "Lê Thị Hoa"
    name_line = line(pdf, page, signer)
    assert kt[0] > head[0] + 150 and kt[1] < pgd[1] < name_line[1] - 50  # room for the signature


# ---- annex -------------------------------------------------------------------------------------

def test_annex_heading(bc):
    page = annex_pages(bc)[0]
    text = [t for _, _, t in lines(bc, page)]
    assert text[:3] == ["Phụ lục", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026",
                        "(Kèm theo Báo cáo số 57/BC-SXD ngày 08 tháng 7 năm 2026 của Sở Xây dựng)"]


def test_annex_every_cell(bc):
    page = annex_pages(bc)[0]
    raw = words(pdftotext(bc, "-raw", page=page))
    assert " ".join(t for t, _, _ in COLUMNS) in raw
    for row in ROWS:
        for cell in row:
            if cell:
                assert words(cell) in raw, cell


def test_annex_vertical_merges_and_group_rows(bc):
    page = annex_pages(bc)[0]
    rows = lines(bc, page)
    texts = [t for _, _, t in rows]
    # Merged: one "Năm 2026" for tasks 1 and 2, one "Thường xuyên" for the two tasks of group II.
    assert texts.count("Năm 2026") == 1 and texts.count("Thường xuyên") == 1
    assert texts.count("Quý IV/2026") == 1 and texts.count("Đã hoàn thành") == 2  # unmerged cells stay

    def y_of(prefix):
        return next(y for _, y, t in rows if t.startswith(prefix))
    # The merged cell sits between its two rows (centred vertically over them).
    assert y_of("Rà soát") < y_of("Năm 2026") < y_of("Hướng dẫn áp dụng")
    assert y_of("Kiểm soát bụi") < y_of("Thường xuyên") < y_of("Lồng ghép")
    # Group row: the label in the TT column, the title spanning the others.
    group = next(r for r in rows if r[2] in ("I Nhiệm vụ chủ trì", "I"))
    tt = next(r for r in rows if r[2] == "TT")
    assert abs(group[0] - tt[0]) < 10
    total = next(r for r in rows if r[2].startswith("Tổng số: 5 nhiệm vụ"))
    assert total[0] > tt[0] + 15  # in the merged cells after TT


# ---- HTML: escaping, line breaks, several annexes, template errors ----------------------------

def test_html_escapes_and_breaks_lines_in_cells():
    doc = bao_cao()
    doc.kinh_gui = ["Sở <b>Tài chính</b>"]
    table = BangPhuLuc(ten="Bảng A", cot=[("TT", 1, True), ("Nội dung", 4, False)],
                       dong=[["1", "Dòng một\nDòng hai"], ["2", "a < b & **đậm**"]])
    doc.phu_luc = [doc.phu_luc[0], table]
    pages = render_html(doc, ve_bang=False)  # every annex typeset from its HTML, as a user's template is
    assert len(pages) == 3
    assert "Sở &lt;b&gt;Tài chính&lt;/b&gt;" in pages[0] and "<b>Tài chính</b>" not in pages[0]
    assert "Dòng một<br>Dòng hai" in pages[2]
    assert "a &lt; b &amp; <b>đậm</b>" in pages[2]
    # Several annexes: "Phụ lục I", "Phụ lục II", each on landscape pages.
    assert ">Phụ lục I<" in pages[1] and ">Phụ lục II<" in pages[2]
    assert all('class="phu-luc"' in p for p in pages[1:])


def test_template_errors_are_reported(tmp_path):
    with pytest.raises(TemplateError):
        render_html(cong_van(), tmp_path)
    (tmp_path / "nd30.css").write_text("", encoding="utf-8")
    (tmp_path / "van-ban.html").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="không được phép"):
        render_html(cong_van(), tmp_path)
    (tmp_path / "van-ban.html").write_text("{{ khong_co }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="biến “khong_co” không có trong dữ liệu"):
        render_html(cong_van(), tmp_path)


def test_pdfa(tmp_path):
    target = tmp_path / "cv.pdf"
    render_van_ban_pdf(VanBanDi(cong_van().vb, ["Sở Xây dựng"], cong_van().than_van), target, pdfa=True)
    reader = PdfReader(target)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfaid:part" in xmp
    assert "Kính gửi: Sở Xây dựng." in words(pdftotext(target, "-layout"))


def test_import_does_not_load_weasyprint():
    code = "import sys, vanban.render.pdf_van_ban; assert 'weasyprint' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_nhu_tren_follows_the_kinh_gui():
    """"- Như trên;" opens the Nơi nhận whenever there is a Kính gửi (as ``docx_van_ban``), even
    when the data did not ask for it; never twice; absent without Kính gửi unless asked."""
    from vanban.render.pdf_van_ban import context
    base = cong_van()
    vb = base.vb.model_copy(update={"noi_nhan": base.vb.noi_nhan.model_copy(update={"nhu_tren": False})})
    assert "- Như trên;" not in prepare.noi_nhan(vb)
    with_kg = context(VanBanDi(vb, KG_CV, base.than_van))["noi_nhan"]
    assert with_kg[0] == "- Như trên;" and with_kg.count("- Như trên;") == 1
    assert "- Như trên;" not in context(VanBanDi(vb, [], base.than_van))["noi_nhan"]
    assert context(base)["noi_nhan"].count("- Như trên;") == 1
    page = render_html(VanBanDi(vb, KG_CV, base.than_van))[0]
    assert '<p class="noi-nhan">- Như trên;</p>' in page


def test_only_a_row_taller_than_the_page_may_break():
    doc = bao_cao()
    doc.phu_luc = [long_rows_table()]
    annex = render_html(doc, ve_bang=False)[1]
    rows = re.findall(r"<tr(?: class=\"(\w+)\")?>", annex.split("<tbody>")[1])
    assert rows == ["", "nhom", "tach"]  # the same rule as the .docx: only the long row breaks
