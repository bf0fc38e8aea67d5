"""The PDF follows the Word template's geometry: the built-in templates give the layout the PDF
had when its sizes were fixed in nd30.css, and a Word template restyled by name through ``--mau``
(body 13 pt, left margin 30 mm, annex pages with other margins) changes the PDF as it changes
the .docx."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm, Pt
from lxml import etree

from vanban import api
from vanban.load import load_plan
from vanban.render.docx_van_ban import render_van_ban_docx
from vanban.render.pdf_van_ban import render_van_ban_pdf
from vanban.resources import template_file
from tests.conftest import PLANS
from tests.test_docx_van_ban import bao_cao

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIXED_CSS = Path(__file__).parent / "fixtures" / "nd30-co-dinh.css"
MM = 72 / 25.4
SAMPLE = "quang-tri-snnmt"  # a plan with annexes
TOLERANCE = 0.5  # pt


def pages(pdf: Path) -> list[dict]:
    """Each page's size and words: (text, x, top, size)."""
    with pdfplumber.open(pdf) as doc:
        return [{"w": float(p.width), "h": float(p.height), "lines": [float(l["x0"]) for l in p.lines]
                                                                      + [float(l["x1"]) for l in p.lines],
                 "words": [(w["text"], float(w["x0"]), float(w["top"]), round(float(w["size"]), 1))
                           for w in p.extract_words(extra_attrs=["size"])]} for p in doc.pages]


def positions(words) -> dict[str, list[tuple[float, float]]]:
    by_text = defaultdict(list)
    for text, x, top, _ in words:
        by_text[text].append((top, x))
    return {t: sorted(v) for t, v in by_text.items()}


def vanban(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=600)


# ---- the built-in templates: the layout of the fixed style sheet -------------------------------

@pytest.mark.parametrize("name", ["quang-tri-snnmt", "thai-nguyen-du-thao"])
def test_built_in_templates_give_the_layout_of_the_fixed_style_sheet(name, tmp_path):
    fixed = tmp_path / "mau-co-dinh"
    (fixed / "html").mkdir(parents=True)
    shutil.copyfile(FIXED_CSS, fixed / "html" / "nd30.css")  # a user's own nd30.css still works
    api.tao_ke_hoach(PLANS / f"{name}.yaml", tmp_path / "moi", pdf=True)
    api.tao_ke_hoach(PLANS / f"{name}.yaml", tmp_path / "cu", pdf=True, mau=fixed)
    new, old = pages(tmp_path / "moi" / f"{name}.pdf"), pages(tmp_path / "cu" / f"{name}.pdf")
    assert len(new) == len(old)
    for n, o in zip(new, old):
        assert abs(n["w"] - o["w"]) < TOLERANCE and abs(n["h"] - o["h"]) < TOLERANCE
    first_new, first_old = positions(new[0]["words"]), positions(old[0]["words"])
    assert first_new.keys() == first_old.keys()
    for text in first_old:
        assert len(first_new[text]) == len(first_old[text]), text
        for (t1, x1), (t2, x2) in zip(first_new[text], first_old[text]):
            assert abs(t1 - t2) < TOLERANCE and abs(x1 - x2) < TOLERANCE, (text, (x1, t1), (x2, t2))
    assert [w[3] for w in new[0]["words"]] == [w[3] for w in old[0]["words"]]


# ---- a restyled Word template ------------------------------------------------------------------

BODY_STYLE = "Thân văn bản (ND30)"
LEFT = 30  # mm, the document's pages
ANNEX = {"top": 25, "bottom": 20, "left": 35, "right": 15}  # mm, the annex pages (built-in: 20/20/30/20)


def restyle(source: Path, target: Path) -> None:
    """The template as a clerk restyles it: the body style 13 pt, the left margin 30 mm, and a
    second section set up as the landscape annex pages."""
    d = docx.Document(str(source))
    d.styles[BODY_STYLE].font.size = Pt(13)
    d.sections[0].left_margin = Mm(LEFT)
    annex = d.add_section(WD_SECTION.NEW_PAGE)
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    annex.top_margin, annex.bottom_margin = Mm(ANNEX["top"]), Mm(ANNEX["bottom"])
    annex.left_margin, annex.right_margin = Mm(ANNEX["left"]), Mm(ANNEX["right"])
    d.save(str(target))


@pytest.fixture(scope="module")
def mau(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mau-tinh")
    (folder / "docx").mkdir()
    for name in ("ke-hoach.docx", "bao-cao.docx"):
        restyle(template_file("docx", name), folder / "docx" / name)
    (folder / "html").mkdir()
    page = (template_file("html", "ke-hoach.html")).read_text(encoding="utf-8")
    (folder / "html" / "ke-hoach.html").write_text(page.replace("</body>", "<p>MẪU CỦA TỈNH</p></body>"),
                                                  encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def restyled(mau, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ket-qua")
    r = vanban("kehoach", str(PLANS / f"{SAMPLE}.yaml"), "-o", str(out), "--pdf", "--mau", str(mau))
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def built_in(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("co-san")
    r = vanban("kehoach", str(PLANS / f"{SAMPLE}.yaml"), "-o", str(out), "--pdf")
    assert r.returncode == 0, r.stderr
    return out


def body_size(page: dict) -> float:
    return Counter(w[3] for w in page["words"]).most_common(1)[0][0]


def left_edge(page: dict) -> float:
    return min(w[1] for w in page["words"])


def annex_indexes(doc: list[dict]) -> list[int]:
    return [i for i, p in enumerate(doc) if p["w"] > p["h"]]


def test_restyled_template_restyles_the_pdf_body_and_margin(restyled, built_in):
    new, old = pages(restyled / f"{SAMPLE}.pdf"), pages(built_in / f"{SAMPLE}.pdf")
    assert body_size(old[1]) == 14 and body_size(new[1]) == 13
    assert abs(left_edge(old[1]) - 35 * MM) < TOLERANCE
    assert abs(left_edge(new[1]) - LEFT * MM) < TOLERANCE
    assert abs(new[0]["w"] - 210 * MM) < 1 and abs(new[0]["h"] - 297 * MM) < 1
    # the header keeps its own styles: Quốc hiệu 13 pt bold, Tiêu ngữ 14 pt
    head = {w[0]: w[3] for w in new[0]["words"][:40]}
    assert head["CỘNG"] == 13 and head["Độc"] == 14


def test_restyled_template_sets_the_annex_pages(restyled, built_in):
    new, old = pages(restyled / f"{SAMPLE}.pdf"), pages(built_in / f"{SAMPLE}.pdf")
    assert annex_indexes(new) and annex_indexes(old)
    for i in annex_indexes(new):
        p = new[i]
        assert abs(p["w"] - 297 * MM) < 1 and abs(p["h"] - 210 * MM) < 1
        assert abs(min(p["lines"]) - ANNEX["left"] * MM) < 1  # the table's left border
        assert abs(p["w"] - max(p["lines"]) - ANNEX["right"] * MM) < 1
    for i in annex_indexes(old):
        assert abs(min(old[i]["lines"]) - 30 * MM) < 1 and abs(old[i]["w"] - max(old[i]["lines"]) - 20 * MM) < 1
    # the annex pages' own top margin: the heading starts 5 mm lower than on the built-in's
    first_new, first_old = annex_indexes(new)[0], annex_indexes(old)[0]
    top = lambda p: min(w[2] for w in p["words"] if w[0] == "Phụ")  # noqa: E731
    assert abs(top(new[first_new]) - top(old[first_old]) - 5 * MM) < TOLERANCE


def test_restyled_template_restyles_the_docx(restyled):
    with zipfile.ZipFile(restyled / f"{SAMPLE}.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    sects = list(body.iter(f"{W}sectPr"))
    margins = [s.find(f"{W}pgMar") for s in sects]
    twips = lambda mm: round(mm * 1440 / 25.4)  # noqa: E731
    assert [m.get(f"{W}left") for m in margins].count(str(twips(LEFT))) == 1  # the document's section
    annex = [s for s in sects if s.find(f"{W}pgSz").get(f"{W}orient") == "landscape"]
    assert annex
    for s in annex:
        m = s.find(f"{W}pgMar")
        assert {k: int(m.get(f"{W}{k}")) for k in ANNEX} == {k: twips(v) for k, v in ANNEX.items()}
    # the document's section keeps the template's page-number headers (the annex sections inherit them)
    own = next(s for s in sects if s.find(f"{W}pgMar").get(f"{W}left") == str(twips(LEFT)))
    assert own.find(f"{W}headerReference") is not None and own.find(f"{W}pgSz").get(f"{W}orient") is None
    assert len(sects) == 1 + len(annex)  # the template's own section break is not left in the document
    style = next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == BODY_STYLE)
    assert style.find(f"{W}rPr/{W}sz").get(f"{W}val") == "26"


def test_restyled_template_with_own_html_page(restyled):
    text = subprocess.run(["pdftotext", str(restyled / f"{SAMPLE}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "MẪU CỦA TỈNH" in text


def test_restyled_bao_cao_template_restyles_its_pdf(mau, tmp_path):
    doc = bao_cao()
    render_van_ban_pdf(doc, tmp_path / "moi.pdf", mau=mau)
    render_van_ban_pdf(doc, tmp_path / "cu.pdf")
    render_van_ban_docx(doc, tmp_path / "moi.docx", mau=mau)
    new, old = pages(tmp_path / "moi.pdf"), pages(tmp_path / "cu.pdf")
    assert body_size(new[0]) == 13 and body_size(old[0]) == 14
    assert abs(left_edge(new[0]) - LEFT * MM) < TOLERANCE and abs(left_edge(old[0]) - 35 * MM) < TOLERANCE
    for i in annex_indexes(new):
        assert abs(min(new[i]["lines"]) - ANNEX["left"] * MM) < 1
    assert annex_indexes(new)
