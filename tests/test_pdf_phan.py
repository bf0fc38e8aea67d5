"""A long annex typeset by WeasyPrint (as it is when the user has a style sheet of their own) is
laid out in pieces (side by side, joined with pypdf): the same text as one layout, the pages
numbered on from piece to piece, the PDF/A metadata of the whole file."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

from vanban import api
from vanban.load import load_plan
from vanban.render import pdf_ke_hoach
from tests.conftest import PLANS

PLAN = PLANS / "hung-yen-132.yaml"


@pytest.fixture(scope="module")
def mau(tmp_path_factory):
    """A templates folder with the user's own copy of the style sheet: the annexes are typeset."""
    root = tmp_path_factory.mktemp("mau")
    (root / "html").mkdir()
    css = (pdf_ke_hoach.TEMPLATES / "nd30.css").read_text(encoding="utf-8")
    (root / "html" / "nd30.css").write_text(css + "\n/* bản của tỉnh */\n", encoding="utf-8")
    return root


def _text(pdf, page=None) -> str:
    rng = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *rng, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _first_line(pdf, page: int) -> str:
    return next((line.strip() for line in _text(pdf, page).splitlines() if line.strip()), "")


def _annex_starts(reader) -> list[int]:
    return [i for i, p in enumerate(reader.pages) if "(Kèm theo" in (p.extract_text() or "")]


def _letters(pdf, titles: Counter) -> Counter:
    """Letters and marks of the PDF, the column titles each annex page after the first repeats
    taken out (their number follows the pagination)."""
    reader = PdfReader(pdf)
    out = Counter(c for c in _text(pdf) if not c.isspace() and not c.isdigit())
    starts = _annex_starts(reader) + [len(reader.pages)]
    for start, end in zip(starts, starts[1:]):
        for _ in range(end - start - 1):
            out.subtract(titles)
    return +out


@pytest.fixture(scope="module")
def pieced(tmp_path_factory, mau):
    """The plan's PDF whole, and cut into pieces of one page (every page a piece), PDF/A."""
    whole = tmp_path_factory.mktemp("whole")
    api.tao_ke_hoach(PLAN, whole, pdf=True, mau=mau)
    cut = tmp_path_factory.mktemp("cut")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_ke_hoach, "PIECE_PAGES", 1)
        mp.setattr(pdf_ke_hoach, "LONG_TABLE_ROWS", 1)
        pages = pdf_ke_hoach.render_html(load_plan(PLAN), mau=mau)
        api.tao_ke_hoach(PLAN, cut, pdfa=True, mau=mau)
    return next(whole.glob("*.pdf")), next(cut.glob("*.pdf")), pages


def test_the_annex_is_cut_into_pieces(pieced):
    _, _, pages = pieced
    annex = [p for p in pages if p.annex == 1]
    assert len(annex) >= 3
    assert [p.first_page for p in annex][:1] == [1]
    assert all(a.first_page < b.first_page for a, b in zip(annex, annex[1:]))
    assert "(Kèm theo" in annex[0] and not any("(Kèm theo" in p for p in annex[1:])


def test_same_text_as_one_layout(pieced):
    whole, cut, _ = pieced
    kh = load_plan(PLAN)
    titles = Counter(c for col in kh.phu_luc[0].cot for c in col.title if not c.isspace())
    assert _letters(cut, titles) == _letters(whole, titles)


def test_pages_numbered_on_across_pieces(pieced):
    _, cut, _ = pieced
    reader = PdfReader(cut)
    start = _annex_starts(reader)[0]
    n = len(reader.pages) - start
    assert n >= 3
    assert not _first_line(cut, start + 1).isdigit()  # hidden on the annex's first page
    assert [_first_line(cut, start + k) for k in range(2, n + 1)] == [str(k) for k in range(2, n + 1)]


def test_pdfa_metadata_of_the_joined_file(pieced):
    _, cut, _ = pieced
    reader = PdfReader(cut)
    assert reader.metadata.title == "Kế hoạch 132/KH-UBND"
    assert reader.metadata.author == "Ủy ban nhân dân tỉnh Hưng Yên"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfaid:part" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_a_piece_estimated_to_begin_elsewhere_is_numbered_again(tmp_path, monkeypatch, mau):
    """Estimates off by five pages: the pieces are laid out again with the pages they begin."""
    real = pdf_ke_hoach._pieces
    monkeypatch.setattr(pdf_ke_hoach, "PIECE_PAGES", 1)
    monkeypatch.setattr(pdf_ke_hoach, "LONG_TABLE_ROWS", 1)
    monkeypatch.setattr(pdf_ke_hoach, "_pieces", lambda pl, trang: [
        ({**p, "trang_dau": p["trang_dau"] + 5}, n) if p["tiep"] else (p, n) for p, n in real(pl, trang)])
    result = api.tao_ke_hoach(PLAN, tmp_path, pdf=True, mau=mau)
    pdf = next(p for p in result.tep if p.suffix == ".pdf")
    reader = PdfReader(pdf)
    start = _annex_starts(reader)[0]
    n = len(reader.pages) - start
    assert [_first_line(pdf, start + k) for k in range(2, n + 1)] == [str(k) for k in range(2, n + 1)]


def test_order_of_the_page_sets():
    """The chain of a long annex first (but its last piece), the independent sets longest first,
    the last piece once the pieces before it are drawn; a piece drawn from a page it does not
    begin is drawn again from the right one, before anything else."""
    PageSet = pdf_ke_hoach.PageSet
    sets = [PageSet("<p>" * 5, 0), PageSet("<td>" * 1, 1, 1, 10), PageSet("<td>", 1, 11, 10),
            PageSet("<td>", 1, 21, None), PageSet("<td>" * 40, 2)]
    order = pdf_ke_hoach._Order(sets, {})
    pages = {0: 3, 1: 10, 2: 11, 3: 4, 4: 7}  # piece 2 fills a page more than estimated
    ran = []

    def step():
        item = order.next()
        ran.append((item[0], item[2]))
        return item

    a, b = step(), step()  # two workers
    assert [x[0] for x in (a, b)] == [1, 2]
    order.done(a, (b"", pages[1], []))
    c = step()
    assert c[0] == 4  # the table of 40 cells before the 5 paragraphs; piece 3 waits
    order.done(b, (b"", pages[2], []))
    d = step()
    assert d[0] == 0
    order.done(c, (b"", pages[4], []))
    e = step()
    assert (e[0], e[2]) == (3, 22)  # piece 3 knows it begins on page 22, not 21
    order.done(d, (b"", pages[0], []))
    order.done(e, (b"", pages[3], []))
    assert order.next() is None
    assert sorted(order.parts) == [0, 1, 2, 3, 4] and order.parts[3][2] == 22

    # Drawn before the piece ahead of it was done, from its estimate: drawn again.
    order = pdf_ke_hoach._Order(sets[1:4], {})
    a, b, c = order.next(), order.next(), order.next()
    assert [x[0] for x in (a, b, c)] == [0, 1, 2] and c[2] is None  # nothing else to do: from the estimate
    order.done(c, (b"", 4, []))
    order.done(a, (b"", 10, []))
    order.done(b, (b"", 11, []))
    again = order.next()
    assert (again[0], again[2]) == (2, 22)
    order.done(again, (b"", 4, []))
    assert order.next() is None and order.parts[2][2] == 22


def test_the_parent_warms_once_and_the_pages_do_not_change(tmp_path, monkeypatch):
    """Before the workers are forked, the parent lays out one line with the document's stylesheet
    (once per stylesheet and process); the file's pages are the same with and without it."""
    laid = []
    real = pdf_ke_hoach._render_set

    def in_parent(item):
        laid.append(item[1])
        return real(item)

    monkeypatch.setattr(pdf_ke_hoach, "_WARM", set())
    real_warm = pdf_ke_hoach._warm
    monkeypatch.setattr(pdf_ke_hoach, "_warm", lambda html, meta: _with(monkeypatch, in_parent, real_warm, html, meta))
    kh = load_plan(PLAN)
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    # here, not through write_all: that makes a PDF in a child of its own beside the .docx and .xlsx
    pdf_ke_hoach.render_ke_hoach_pdf(kh, a)
    assert len(laid) == 1 and "Việt Nam 0123456789" in laid[0] and len(pdf_ke_hoach._WARM) == 1
    pdf_ke_hoach.render_ke_hoach_pdf(kh, b)
    assert len(laid) == 1  # this process is warm already
    monkeypatch.setattr(pdf_ke_hoach, "_warm", lambda *a: None)
    pdf_ke_hoach.render_ke_hoach_pdf(kh, c)
    assert _text(a) == _text(c)
    assert len(PdfReader(a).pages) == len(PdfReader(c).pages)


def _with(monkeypatch, render, warm, html, meta):
    """``warm`` run with ``render`` in place of the module's ``_render_set`` (the parent's own
    layout), which is put back before the workers need it."""
    real = pdf_ke_hoach._render_set
    monkeypatch.setattr(pdf_ke_hoach, "_render_set", render)
    try:
        warm(html, meta)
    finally:
        monkeypatch.setattr(pdf_ke_hoach, "_render_set", real)


def test_footnotes_numbered_on_across_pieces_and_from_the_body(tmp_path, monkeypatch, mau):
    """Typeset in pieces, an annex's notes still run on from the body's (as the .docx numbers them)."""
    from tests.test_docx_van_ban import bao_cao
    from vanban.model.van_ban_di import BangPhuLuc
    from vanban.render.pdf_van_ban import render_html, render_van_ban_pdf
    from vanban.text.than_van import parse_body

    monkeypatch.setattr(pdf_ke_hoach, "PIECE_PAGES", 1)
    monkeypatch.setattr(pdf_ke_hoach, "LONG_TABLE_ROWS", 1)
    doc = bao_cao()
    doc.than_van = doc.than_van[:1] + parse_body("Căn cứ số liệu^[Số liệu đến hết tháng 6.] của các sở.")
    rows = [[str(k), f"Nhiệm vụ {k} " + "có nội dung dài " * 30 + f"^[Ghi chú số {k}.]"] for k in range(1, 41)]
    doc.phu_luc = [BangPhuLuc(ten="Nhiều chú thích", cot=[("TT", 1, True), ("Nội dung", 6, False)], dong=rows)]
    assert len([p for p in render_html(doc, mau=mau) if p.annex == 1]) >= 3  # in pieces
    render_van_ban_pdf(doc, tmp_path / "bc.pdf", mau=mau)
    text = _text(tmp_path / "bc.pdf")
    marks = [int(n) for n, k in re.findall(r"^\s*(\d+)\s*\n\s*Ghi chú số (\d+)\.", text, re.M)]
    said = [int(k) for k in re.findall(r"Ghi chú số (\d+)\.", text)]
    assert said == list(range(1, 41))
    assert marks == [k + 1 for k in said]  # the body's note is 1
