"""The PDF twin (WeasyPrint): page geometry, page numbers, texts on the right pages, one
embedded font family, the same text as the .docx, PDF/A metadata."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from collections import Counter

import pytest
from lxml import etree
from pypdf import PdfReader

from vanban import api
from vanban.load import load_plan

PLANS = Path(__file__).resolve().parent.parent / "data" / "ke-hoach"
from vanban.layout import prepare
from tests.conftest import PLANS
from tests.docx_helpers import open_docx, text as xml_text

SAMPLES = ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4 = (595.3, 841.9)


def page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=SAMPLES)
def sample(request, demo_dir):
    name = request.param
    return name, demo_dir / f"{name}.pdf", load_plan(PLANS / f"{name}.yaml")


def _annex_starts(reader) -> list[int]:
    return [i for i, p in enumerate(reader.pages) if "(Kèm theo" in (p.extract_text() or "")]


def test_page_sizes_and_orientation(sample):
    _, pdf, kh = sample
    reader = PdfReader(pdf)
    starts = _annex_starts(reader)
    assert len(starts) == len(kh.phu_luc)
    first_annex = starts[0] if starts else len(reader.pages)
    for i, page in enumerate(reader.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if i < first_annex:
            assert abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1, i
        else:
            assert abs(w - A4[1]) < 1 and abs(h - A4[0]) < 1, i


def test_page_numbers(sample):
    _, pdf, kh = sample
    reader = PdfReader(pdf)
    first_line = lambda n: next((line.strip() for line in page_text(pdf, n).splitlines() if line.strip()), "")  # noqa: E731
    assert not first_line(1).isdigit()
    assert first_line(2) == "2"
    for start in _annex_starts(reader):
        assert not first_line(start + 1).isdigit()  # hidden on the annex's first page
        if start + 2 <= len(reader.pages) and start + 1 not in _annex_starts(reader):
            assert first_line(start + 2) == "2"  # numbering restarts per annex


def test_header_and_kem_theo_on_the_right_pages(sample):
    _, pdf, kh = sample
    h = prepare.header(kh)
    first = " ".join(page_text(pdf, 1).split())
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 " ".join(h.so_line.split()), " ".join(h.dia_danh_ngay.split()), "KẾ HOẠCH"):
        assert text in first, text
    reader = PdfReader(pdf)
    for start in _annex_starts(reader):
        annex = " ".join(page_text(pdf, start + 1).split())
        assert " ".join(prepare.kem_theo(kh).split()) in annex
        assert "Phụ lục" in annex


def test_one_embedded_font_family(sample):
    _, pdf, _ = sample
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    families = {re.sub(r"-(Bold|Italic|Bold-Italic)$", "", r[0].split("+")[-1]) for r in rows}
    assert len(families) == 1 and families <= {"Liberation-Serif", "Times-New-Roman"}, families
    assert all(r[-5] == "yes" for r in rows)  # embedded


def _docx_chars(path) -> Counter:
    with zipfile.ZipFile(path) as z:
        texts = []
        for part in ("word/document.xml", "word/footnotes.xml"):
            root = etree.fromstring(z.read(part))
            texts += [(t.text or "") if t.tag == f"{W}t" else "-" for t in root.iter(f"{W}t", f"{W}noBreakHyphen")]
    return Counter(c for c in "".join(texts) if not c.isspace() and not c.isdigit())


def test_same_text_as_the_docx(sample, demo_dir):
    """Every letter and mark of the .docx is in the PDF and nothing else. Digits differ only by
    page numbers and footnote calls (compared through the header lines above), and the PDF
    repeats each annex's column titles on every page of the annex."""
    name, pdf, kh = sample
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pdf_chars = Counter(c for c in text if not c.isspace() and not c.isdigit())
    reader = PdfReader(pdf)
    starts = _annex_starts(reader) + [len(reader.pages)]
    for pl, start, end in zip(kh.phu_luc, starts, starts[1:]):
        titles = Counter(c for col in pl.cot for c in col.title if not c.isspace())
        for _ in range(end - start - 1):
            pdf_chars.subtract(titles)
    # A paginated annex (merged cells: ``layout.phan_trang``) has its column titles in the .docx
    # once per page too, one table per page.
    docx_chars = _docx_chars(demo_dir / f"{name}.docx")
    body = open_docx(demo_dir / f"{name}.docx").element.body
    for pl in kh.phu_luc:
        titles = Counter(c for col in pl.cot for c in col.title if not c.isspace())
        heads = [t for t in body.findall(f"{W}tbl")
                 if [xml_text(tc) for tc in t.find(f"{W}tr").findall(f"{W}tc")] == [col.title for col in pl.cot]]
        for _ in range(len(heads) - 1):
            docx_chars.subtract(titles)
    assert +pdf_chars == +docx_chars


def test_pdfa_metadata(tmp_path):
    result = api.tao_ke_hoach(PLANS / "hung-yen-132.yaml", tmp_path, pdfa=True)
    pdf = next(p for p in result.tep if p.suffix == ".pdf")
    reader = PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == "Kế hoạch 132/KH-UBND"
    assert meta.author == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert meta.subject.startswith("Triển khai thực hiện Nghị quyết số 247/2025/QH15")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfaid:part" in xmp or "<pdfaid:part>" in xmp


def test_no_pdf_unless_asked(tmp_path):
    result = api.tao_ke_hoach(PLANS / "thai-nguyen-du-thao.yaml", tmp_path)
    assert [p.suffix for p in result.tep] == [".docx"]


def test_cycle_collection_paused_only_while_laying_out():
    import gc

    from vanban.render.pdf_ke_hoach import no_cycle_collection

    assert gc.isenabled()
    with pytest.raises(ValueError):
        with no_cycle_collection():
            assert not gc.isenabled()
            raise ValueError("a layout error")
    assert gc.isenabled()  # given back after a failure too
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_end_mark_as_in_the_docx():
    """A body whose last sentence ends with "." closes with "./." (never "../."), as the .docx."""
    from vanban.layout.prepare import with_end_mark
    from vanban.render.pdf_ke_hoach import context
    from vanban.text.than_van import Run

    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    kh = kh.model_copy(update={"noi_dung": kh.noi_dung.rstrip() + "\nĐề nghị các đơn vị tổ chức thực hiện."})
    last = context(kh)["than_van"][-1]["html"]
    assert str(last).endswith("thực hiện./.") and "../." not in str(last)
    assert "".join(r.text for r in with_end_mark([Run("thực hiện.")])) == "thực hiện./."


def test_cited_numbers_are_never_broken_across_lines(sample):
    """"Công văn số 2093/SNNMT-QLMT", "Nghị quyết số 247/2025/QH15": every số and ký hiệu the
    body cites stands whole on one printed line, as often as the body cites it."""
    from vanban.text.so_ngay import so_hieu_trong_cau

    _, pdf, kh = sample
    body = (kh.mo_dau or "") + "\n" + kh.noi_dung
    cited = Counter(body[a:b] for a, b in so_hieu_trong_cau(body))
    assert cited  # every sample cites some
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    for ref, n in cited.items():
        assert printed.count(ref) >= n, ref


def test_cited_numbers_are_never_broken_in_the_docx(demo_dir, pdf_dir):
    """The same in the .docx, as LibreOffice lays it out: every số and ký hiệu the plans cite
    stands whole on one line (a hyphen inside one is Word's non-breaking hyphen; without it
    "Kế hoạch số 113/KH-" ended a line of thai-nguyen-du-thao)."""
    from vanban.text.so_ngay import so_hieu_trong_cau

    checked = 0
    for plan in sorted(PLANS.glob("*.yaml")):
        kh, _, _ = api.doc_ke_hoach(plan)
        body = (kh.mo_dau or "") + "\n" + kh.noi_dung
        cited = Counter(body[a:b] for a, b in so_hieu_trong_cau(body))
        rendered = pdf_dir / f"{plan.stem}.pdf"
        printed = subprocess.run(["pdftotext", str(rendered), "-"], capture_output=True, text=True,
                                 check=True).stdout.replace("\u2011", "-")
        for ref, n in cited.items():
            assert printed.count(ref) >= n, (plan.stem, ref)
            checked += 1
    assert checked >= 4


def test_the_citation_rule():
    from vanban.text.so_ngay import so_hieu_trong_cau

    text = ("Công văn số 2093/SNNMT-QLMT ngày 25/3/2026, Nghị định 30/2020/NĐ-CP, Nghị quyết số "
            "247/2025/QH15, Kế hoạch số 05/KH-UBND; tỷ lệ 1/2 và ngày 10/12/2025 không phải số hiệu.")
    assert [text[a:b] for a, b in so_hieu_trong_cau(text)] == [
        "2093/SNNMT-QLMT", "30/2020/NĐ-CP", "247/2025/QH15", "05/KH-UBND"]


def _first_rows_missing(pdf_path, columns=("Cơ quan chủ trì", "Cơ quan phối hợp", "Tiến độ")) -> list:
    """(page, TT, column) of each page's first task row whose cell in ``columns`` shows nothing,
    as pdfplumber reads the annex tables off the pages."""
    import pdfplumber

    missing, seen = [], 0
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for table in page.extract_tables():
                head = [(c or "").replace("\n", " ") for c in table[0]]
                if head[:1] != ["TT"] or not all(c in head for c in columns):
                    continue
                seen += 1
                first = next((r for r in table[1:] if (r[0] or "").strip().rstrip(".").isdigit()
                              and r[1] is not None), None)
                if first is not None:
                    missing += [(n, first[0], c) for c in columns if not (first[head.index(c)] or "").strip()]
    assert seen > 1, f"{pdf_path}: no annex table found on the pages"
    return missing


@pytest.mark.parametrize("name", ["quang-tri-snnmt", "hung-yen-132"])
def test_every_page_shows_lead_supporting_agencies_and_timeline(name, demo_dir, pdf_dir):
    """A merged value is written again where a page begins, in LibreOffice's rendering of the
    .docx and in the PDF twin alike (without it, rows 4–6 of page 4 of quang-tri-snnmt showed no
    supporting agency nor timeline)."""
    assert _first_rows_missing(pdf_dir / f"{name}.pdf") == []
    assert _first_rows_missing(demo_dir / f"{name}.pdf") == []
    # Both formats begin their pages at the same rows.
    import pdfplumber

    def first_cells(path):
        with pdfplumber.open(path) as pdf:
            return [t[1][1][:30] for p in pdf.pages for t in p.extract_tables() if t and t[0][:1] == ["TT"]
                    and len(t) > 1 and t[1][1]]
    assert first_cells(pdf_dir / f"{name}.pdf") == first_cells(demo_dir / f"{name}.pdf")


def _notes_off_their_page(html: str) -> list[tuple[int, int]]:
    """(page of the mark, page of the note) of every footnote WeasyPrint lays out on another page
    than its mark, read off the laid-out boxes; [(0, 0)] when no note was laid out at all."""
    from weasyprint import HTML

    from vanban.resources import templates_dir

    def boxes(b):
        yield b
        for c in getattr(b, "children", None) or ():
            yield from boxes(c)

    doc = HTML(string=html, base_url=str(templates_dir("html"))).render()
    calls, off, notes = {}, [], 0
    for n, page in enumerate(doc.pages, 1):
        for b in boxes(page._page_box):
            tag = b.element_tag or ""
            if tag.endswith("::footnote-call"):
                calls.setdefault(id(b.element), n)
            elif tag.endswith("::footnote-marker"):
                notes += 1
                if calls.get(id(b.element)) != n:
                    off.append((calls.get(id(b.element)), n))
    return off if notes else [(0, 0)]


@pytest.mark.parametrize("name", ["thai-nguyen-du-thao", "hung-yen-132"])
def test_each_footnote_on_the_page_of_its_mark(name):
    """thai-nguyen-du-thao's note of page 1 was printed on page 2 (any border or padding of the
    footnote area made WeasyPrint move every note to the next page)."""
    from vanban.render.pdf_ke_hoach import render_html

    # every part typeset (as with a user's own templates): the drawn annexes' notes are test_pdf_bang's
    parts = [h for h in render_html(load_plan(PLANS / f"{name}.yaml"), ve_bang=False) if 'class="chu-thich"' in h]
    assert parts  # the sample has footnotes
    assert [_notes_off_their_page(h) for h in parts] == [[] for _ in parts]


def _annex_texts(kh) -> str:
    from vanban.layout import prepare

    rows, _ = prepare.annex_table_data(kh.phu_luc[0]) if kh.phu_luc else ([], [])
    return "\n".join(str(c) for r in rows for c in r)


def test_dates_and_quarters_are_never_broken(demo_dir, pdf_dir):
    """"Quý II/2026", "Trước ngày 15/12/2026": a date, quarter or month of a year in the text or
    the annex stands whole on one printed line, in the PDF twin and in LibreOffice's rendering of
    the .docx (the PDF broke "Quý II/" | "2026": the Unicode rules allow a break after "/" there;
    the .docx broke "15/12/202" | "6", its column narrower than the date)."""
    from vanban.text.so_ngay import ngay_trong_cau

    checked = 0
    for plan in sorted(PLANS.glob("*.yaml")):
        kh, _, _ = api.doc_ke_hoach(plan)
        text = (kh.mo_dau or "") + "\n" + kh.noi_dung + "\n" + _annex_texts(kh)
        dates = Counter(text[a:b] for a, b in ngay_trong_cau(text))
        for rendered in (demo_dir / f"{plan.stem}.pdf", pdf_dir / f"{plan.stem}.pdf"):
            printed = subprocess.run(["pdftotext", str(rendered), "-"], capture_output=True, text=True,
                                     check=True).stdout
            for ref in dates:  # each at least once whole (a merged cell prints the rows' one value once)
                assert ref in printed, (rendered.name, ref)
                checked += 1
            # and none broken: no line ends at a "/" before digits, nor inside the year
            broken = re.findall(r"\S*/\n\d+|\d/\d{1,3}\n\d+", printed)
            assert not broken, (rendered.name, broken)
    assert checked >= 10
