"""Checker rules for page setup, fonts and page numbers: one broken fixture per rule."""

from __future__ import annotations

import pytest

from vanban.check import LOI, kiem_tra
from tests.check_fixtures import handmade, mutate, replace_part


def ids(path, severity=None):
    return {f.rule for f in kiem_tra(path) if severity is None or f.severity == severity}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return handmade(tmp_path_factory.mktemp("good") / "tot.docx", annex={"label": "Phụ lục"})


def test_handmade_document_has_no_page_findings(good):
    assert not {i for i in ids(good) if i.split("-")[0] in ("PAGE", "FONT", "PGNUM")}


@pytest.mark.parametrize("name", ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"])
def test_generated_samples_have_no_page_findings(demo_dir, name):
    assert not {i for i in ids(demo_dir / f"{name}.docx") if i.split("-")[0] in ("PAGE", "FONT", "PGNUM")}


def test_page_001_letter_size(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", 'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"')
    assert "PAGE-001" in ids(bad, LOI)


def test_page_002_first_section_landscape(tmp_path):
    assert "PAGE-002" in ids(handmade(tmp_path / "x.docx", landscape=True), LOI)


def test_page_004_margins(tmp_path):
    found = [f for f in kiem_tra(handmade(tmp_path / "x.docx", margins=(2.5, 2.0, 2.0, 2.0)))
             if f.rule == "PAGE-004"]
    assert len(found) == 1 and "trái" in found[0].message


def test_page_003_landscape_without_table(tmp_path, good):
    # Turn the annex table into nothing: remove every table of the annex section.
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục"})
    import zipfile
    from lxml import etree
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    body.remove(body.findall(f"{W}tbl")[-1])
    out = replace_part(path, tmp_path / "y.docx", "word/document.xml", etree.tostring(root, encoding="unicode"))
    assert "PAGE-003" in ids(out)


def test_font_001_other_font(tmp_path):
    found = [f for f in kiem_tra(handmade(tmp_path / "x.docx", font="Arial")) if f.rule == "FONT-001"]
    assert found and found[0].text == "Arial"


def test_font_002_legacy_font(tmp_path):
    assert "FONT-002" in ids(handmade(tmp_path / "x.docx", font=".VnTime"), LOI)


def test_font_002_decomposed_text(tmp_path):
    import unicodedata
    path = handmade(tmp_path / "x.docx", trich_yeu=unicodedata.normalize("NFD", "Về việc bảo vệ môi trường"))
    assert "FONT-002" in ids(path, LOI)


def test_font_003_coloured_text(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", "<w:b/>", '<w:b/><w:color w:val="FF0000"/>')
    assert "FONT-003" in ids(bad, LOI)


def test_font_004_size_steps(tmp_path, good):
    # Date at 13 pt while Tiêu ngữ is 14: the steps no longer move together.
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", '<w:i/><w:sz w:val="28"/>', '<w:i/><w:sz w:val="26"/>')
    assert "FONT-004" in ids(bad)


def test_pgnum_001_missing(tmp_path):
    body = [f"Đoạn văn số {i} của kế hoạch." for i in range(40)]
    assert "PGNUM-001" in ids(handmade(tmp_path / "x.docx", page_number=False, body=body), LOI)


def test_pgnum_002_shown_on_first_page(tmp_path):
    assert "PGNUM-002" in ids(handmade(tmp_path / "x.docx", first_page_number=True), LOI)


def test_pgnum_001_in_footer(tmp_path, demo_dir):
    bad = demo_dir / "thai-nguyen-du-thao.docx"
    import zipfile
    with zipfile.ZipFile(bad) as z:
        header = z.read("word/header1.xml").decode()
    footer = header.replace("<w:hdr", "<w:ftr").replace("</w:hdr>", "</w:ftr>")
    out = tmp_path / "y.docx"
    with zipfile.ZipFile(bad) as zin, zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            data = zin.read(n)
            if n == "word/document.xml":
                data = data.decode().replace('<w:headerReference w:type="first" r:id="rIdHeader2"/>',
                                             '<w:headerReference w:type="first" r:id="rIdHeader2"/>'
                                             '<w:footerReference w:type="default" r:id="rIdFooter1"/>', 1).encode()
            elif n == "word/_rels/document.xml.rels":
                data = data.decode().replace("</Relationships>",
                                             '<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/'
                                             'officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
                                             "</Relationships>").encode()
            elif n == "[Content_Types].xml":
                data = data.decode().replace("</Types>", '<Override PartName="/word/footer1.xml" ContentType='
                                             '"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                             'footer+xml"/></Types>').encode()
            zout.writestr(n, data)
        zout.writestr("word/footer1.xml", footer)
    found = [f for f in kiem_tra(out) if f.rule == "PGNUM-001"]
    assert found and "chân trang" in found[0].place


def test_pgnum_003_size(tmp_path, demo_dir):
    bad = mutate(demo_dir / "thai-nguyen-du-thao.docx", tmp_path / "x.docx", "word/styles.xml",
                 '<w:name w:val="Số trang (ND30)"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/>',
                 '<w:name w:val="Số trang (ND30)"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/>')
    assert "PGNUM-003" in ids(bad, LOI)


def test_pgnum_005_annex_not_restarted(tmp_path):
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "restart": False})
    assert "PGNUM-005" in ids(path, LOI)


def test_pgnum_005_generated_annex(tmp_path, demo_dir):
    bad = mutate(demo_dir / "hung-yen-132.docx", tmp_path / "x.docx", "word/document.xml",
                 '<w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="381"/></w:sectPr></w:body>',
                 '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="381"/></w:sectPr></w:body>')
    assert "PGNUM-005" in ids(bad, LOI)
