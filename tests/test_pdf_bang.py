"""An annex drawn from its laid-out lines (``layout.trang_bang``, ``render.pdf_bang``), not typeset:
read back from the PDF with pdfplumber and pdffonts, the way a reader's program sees it."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pdfplumber
import pytest

from vanban.layout import bo_cuc, trang_bang
from vanban.layout.geometry import Geometry
from vanban.load import load_plan
from vanban.model.van_ban_di import BangPhuLuc
from vanban.render import pdf_ke_hoach
from vanban.render.pdf_ke_hoach import BangVe, PageSet
from vanban.render.pdf_van_ban import render_html, render_van_ban_pdf
from vanban.text.than_van import parse_body, plain
from tests.conftest import PLANS
from tests.test_docx_van_ban import bao_cao, long_rows_table


def _annex_pages(pdf):
    """The pages of the annexes (landscape), each as pdfplumber reads it."""
    return [p for p in pdf.pages if p.width > p.height]


def _words(pages) -> Counter:
    return Counter(w["text"] for p in pages for w in p.extract_words())


def _joined_words(pages) -> set[str]:
    """The words of ``pages`` cut at their hyphens (WeasyPrint breaks "các-bon" after the hyphen)."""
    return {part for p in pages for w in p.extract_text().split() for part in w.split("-") if part}


def test_built_in_annexes_are_drawn_and_restyled_ones_typeset(tmp_path):
    doc = bao_cao()
    sets = render_html(doc)
    assert [type(s) for s in sets] == [PageSet, BangVe]
    mau = tmp_path / "mau" / "html"
    mau.mkdir(parents=True)
    css = (pdf_ke_hoach.TEMPLATES / "nd30.css").read_text(encoding="utf-8")
    (mau / "nd30.css").write_text(css + "\ntable.bang td { color: #000; }\n", encoding="utf-8")
    assert [type(s) for s in render_html(doc, mau=tmp_path / "mau")] == [PageSet, PageSet]  # the user's CSS


def test_footnotes_and_small_runs_in_cells(tmp_path):
    """A footnote called in a cell: numbered on from the body's notes (as the .docx numbers
    them), at the foot of the page of its call, under the rule; PM~2.5~ drawn small and low."""
    doc = bao_cao()
    doc.than_van = doc.than_van[:1] + parse_body("Căn cứ số liệu^[Số liệu đến hết tháng 6.] của các sở.")
    notes = BangPhuLuc(ten="Có chú thích", cot=[("TT", 1, True), ("Nội dung", 6, False)],
                       dong=[["1", "Bụi PM~2.5~ giảm 10%^[Theo số liệu quan trắc năm 2024.]"],
                             ["2", "Nước thải đạt QCVN^[Quy chuẩn kỹ thuật quốc gia về nước thải.]"]])
    doc.phu_luc = [notes]
    bc = bo_cuc.van_ban(doc, Geometry())
    assert bc.chu_thich_dau == [2] and len(bc.chu_thich) == 3
    render_van_ban_pdf(doc, tmp_path / "bc.pdf")
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        page = _annex_pages(pdf)[0]
        chars = page.chars
        text = page.extract_text()
        rules = [ln for ln in page.lines if abs(ln["x1"] - ln["x0"] - 144) < 1]
    assert "2 Theo số liệu quan trắc năm 2024." in text and "3 Quy chuẩn kỹ thuật quốc gia về nước thải." in text
    at = next(k for k, c in enumerate(chars) if c["text"] == "%")
    percent, call = chars[at], chars[at + 1]
    assert call["text"] == "2" and call["size"] < 0.7 * percent["size"]
    assert call["bottom"] < percent["bottom"] - 2  # raised
    low = chars[next(k for k, c in enumerate(chars) if c["text"] == "M") + 1]
    assert low["text"] == "2" and low["size"] < 0.7 * percent["size"] and low["bottom"] > percent["bottom"]
    note_top = min(c["top"] for c in chars if c["text"] == "T" and c["size"] > 9 and c["top"] > 300)
    assert rules and rules[0]["top"] < note_top  # the rule above the notes
    assert max(c["bottom"] for c in chars) <= page.height - Geometry().annex_page.bottom / 20 + 0.5


def test_every_word_of_the_table_on_its_pages(tmp_path):
    doc = bao_cao()
    render_van_ban_pdf(doc, tmp_path / "bc.pdf")
    bang = bo_cuc.van_ban(doc, Geometry()).phu_luc[0]
    want = Counter(" ".join([bang.nhan, bang.ten, bang.kem_theo] + [c.tieu_de for c in bang.cot]).split())
    for row in bang.dong:
        for o in row.o:
            if o.gop != "continue":  # a merged cell ("Thường xuyên" over two rows) is drawn once
                want.update((o.dau + plain(o.text)).split())
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        pages = _annex_pages(pdf)
        assert len(pages) == 1
        assert _words(pages) == want


def test_the_long_row_breaks_across_pages_and_the_others_do_not(tmp_path):
    doc = bao_cao()
    doc.phu_luc = [long_rows_table()]
    render_van_ban_pdf(doc, tmp_path / "bc.pdf")
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        pages = _annex_pages(pdf)
        texts = [p.extract_text() for p in pages]
    assert len(pages) >= 2
    # the long row begins on the first page, under the short row and the group row, and runs on
    first = texts[0]
    assert first.index("Nhiệm vụ ngắn") < first.index("Nhóm hai") < first.index("Sở 0:")
    said = [int(k) for t in texts for k in re.findall(r"Sở (\d+):", t)]
    assert said == list(range(80))  # every line once, in order
    # each page after the first repeats the column head and shows its number at the top
    for k, t in enumerate(texts[1:], start=2):
        assert t.splitlines()[0].strip() == str(k)
        assert "TT Nội dung Tình trạng" in t


def test_bold_and_line_breaks_in_cells(tmp_path):
    doc = bao_cao()
    doc.phu_luc = [BangPhuLuc(ten="Bảng A", cot=[("TT", 1, True), ("Nội dung", 4, False)],
                              dong=[["1", "Dòng một\nDòng hai"], ["2", "a < b & **đậm** thường"]])]
    render_van_ban_pdf(doc, tmp_path / "bc.pdf")
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        page = _annex_pages(pdf)[0]
        words = page.extract_words(extra_attrs=["fontname"])
    by_text = {w["text"]: w for w in words}
    dong = [w for w in words if w["text"] == "Dòng"]
    assert len(dong) == 2 and dong[1]["top"] > dong[0]["top"] + 10  # "\n": the next line
    assert "Bold" in by_text["đậm"]["fontname"] and "Bold" not in by_text["thường"]["fontname"]
    assert "<" in by_text and "&" in by_text  # drawn as text, nothing to escape


def test_merged_values_restart_on_each_page_at_the_layouts_rows(tmp_path):
    """quang-tri-snnmt: the table with merged cells begins its pages where the layout cut the merges
    (the .docx's page breaks), each page repeating the lead agency and timeline in its first row."""
    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    geo = pdf_ke_hoach.from_template(pdf_ke_hoach.template_file("docx", "ke-hoach.docx", None))
    bang = bo_cuc.ke_hoach(kh, geo).phu_luc[0]
    assert bang.trang  # the layout cut its merges
    pages = trang_bang.trang_bang(bang, geo)
    assert len(pages) == len(bang.trang) + 1
    firsts = [str(bang.dong[i].o[0].text) for i in bang.trang]
    for page, tt in zip(pages[1:], firsts):
        rows = sorted({round(line.y) for line in page.chu})
        texts = [("".join(p[0] for p in line.phan), round(line.y)) for line in page.chu]
        assert any(text == tt for text, _ in texts)  # the page's first row is the one the layout says
        assert len(rows) > 3


def test_one_font_family_with_a_tag_for_each_subset(tmp_path):
    doc = bao_cao()
    doc.phu_luc = [doc.phu_luc[0], long_rows_table()]
    render_van_ban_pdf(doc, tmp_path / "bc.pdf")
    out = subprocess.run(["pdffonts", str(tmp_path / "bc.pdf")], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))  # every subset its own tag
    assert {re.sub(r"-(Bold|Italic|Bold-Italic)$", "", n.split("+")[1]) for n in names} <= {
        "Liberation-Serif", "Times-New-Roman"}
    assert all(r[-5] == "yes" for r in rows)


@pytest.mark.parametrize("name", ["quang-tri-snnmt", "quang-tri-kiem-tra-2026"])
def test_drawn_pages_show_what_the_typeset_pages_show(name, tmp_path):
    """The same words on the annex pages, drawn or typeset by WeasyPrint from the HTML."""
    kh = load_plan(PLANS / f"{name}.yaml")
    drawn, typeset = tmp_path / "ve.pdf", tmp_path / "html.pdf"
    meta = dict(title="t", author="a", description="d")
    pdf_ke_hoach.write_pdf(pdf_ke_hoach.render_html(kh), drawn, pdf_ke_hoach.TEMPLATES, **meta)
    pdf_ke_hoach.write_pdf(pdf_ke_hoach.render_html(kh, ve_bang=False), typeset, pdf_ke_hoach.TEMPLATES, **meta)
    with pdfplumber.open(drawn) as a, pdfplumber.open(typeset) as b:
        wa, wb = _joined_words(_annex_pages(a)), _joined_words(_annex_pages(b))
    numbers = {str(k) for k in range(1, 200)}  # page numbers, TT: their counts follow the pages
    assert set(wa) - numbers == set(wb) - numbers  # no word lost, none made up


def test_a_table_without_merges_begins_its_pages_where_the_xlsx_does():
    """Pages filled to the bottom, a group row kept with its first task: the rows
    ``BangBoCuc.trang_day`` names (where the .xlsx begins its printed pages)."""
    doc = bao_cao()
    rows = []
    for g in range(8):
        rows.append((f"{'I' * (g % 3 + 1)}", f"Nhóm {g + 1}: nhiệm vụ của nhóm"))
        rows += [[str(9 * g + k), f"Nhiệm vụ {9 * g + k} " + "có nội dung dài vừa phải " * (k % 4), "Quý II/2026"]
                 for k in range(1, 10)]
    doc.phu_luc = [BangPhuLuc(ten="Bảng dài", cot=[("TT", 1, True), ("Nội dung", 6, False), ("Tiến độ", 2, True)],
                              dong=rows)]
    geo = Geometry()
    bang = bo_cuc.van_ban(doc, geo).phu_luc[0]
    pages = trang_bang.trang_bang(bang, geo)
    starts = sorted(bang.trang_day)
    assert any(bang.dong[i].nhom for i in starts)  # a page begins with a group row, not after it
    assert len(pages) == len(starts) + 1 >= 3
    titles = len(bang.cot)
    firsts = ["".join(p[0] for p in page.chu[1 + titles].phan) for page in pages[1:]]  # after number and head
    assert firsts == [bang.dong[i].o[0].text for i in starts]
    assert all(page.chu[0].phan[0][0] == str(k) for k, page in enumerate(pages[1:], start=2))
    for page in pages:  # nothing below the bottom margin
        assert max(y + h for _, y, _, h in page.khung) <= (geo.annex_page.height - geo.annex_page.bottom) / 20 + 0.01


def test_rows_leave_room_for_their_footnotes():
    """Every row with two long notes: each page's rows end above its notes' rule, each note on the
    page of its call, numbered on, all of them written once."""
    doc = bao_cao()
    note = "Số liệu do cơ quan chủ trì tổng hợp từ báo cáo của các đơn vị trực thuộc, đã đối chiếu với " * 3
    rows = [[str(k), f"Nhiệm vụ {k}^[{note}lần {k}a.] và phần việc tiếp theo^[{note}lần {k}b.]"] for k in range(1, 31)]
    doc.phu_luc = [BangPhuLuc(ten="Nhiều chú thích", cot=[("TT", 1, True), ("Nội dung", 6, False)], dong=rows)]
    geo = Geometry()
    bc = bo_cuc.van_ban(doc, geo)
    pages = trang_bang.trang_bang(bc.phu_luc[0], geo, first_note=bc.chu_thich_dau[0])
    assert len(pages) >= 3
    seen = []
    for page in pages:
        rule = [g for g in page.gach if abs(g[1] - g[0] - trang_bang.NOTE_RULE) < 0.01]
        assert len(rule) == 1
        assert max(y + h for _, y, _, h in page.khung) <= rule[0][2]
        texts = ["".join(p[0] for p in line.phan) for line in page.chu]
        called = [p[0] for line in page.chu for p in line.phan if p[3] == "note"]
        written = [p[0] for line in page.chu for p in line.phan if p[3] == "sup" and line.y > rule[0][2]]
        assert called == written and called  # the notes of the page's calls, at its foot
        seen += called
        assert any(t.startswith(f"{called[0]} Số liệu") for t in texts)
    assert seen == [str(k) for k in range(1, 61)]


def test_a_character_the_font_lacks_says_nothing_in_english(tmp_path, caplog):
    from vanban.render.pdf_bang import ve_trang

    doc = bao_cao()
    doc.phu_luc = [BangPhuLuc(ten="Bảng", cot=[("TT", 1, True), ("Nội dung", 6, False)],
                              dong=[["1", "Đã hoàn thành 😀 (漢字)"]])]
    geo = Geometry()
    pages = trang_bang.trang_bang(bo_cuc.van_ban(doc, geo).phu_luc[0], geo)
    with caplog.at_level("DEBUG"):
        (tmp_path / "pl.pdf").write_bytes(ve_trang(pages))  # here, not in a worker: its log is seen
    assert not [r for r in caplog.records if r.name.startswith("fpdf") and r.levelno >= 30]
    with pdfplumber.open(tmp_path / "pl.pdf") as pdf:
        assert "Đã hoàn thành" in pdf.pages[0].extract_text()
