"""Rules drawn as shapes (DrawingML or VML lines) are accepted like underscores and borders."""

from __future__ import annotations

import zipfile

from vanban.check import kiem_tra
from tests.check_fixtures import handmade, replace_part

VML = ('<w:r><w:pict><v:line xmlns:v="urn:schemas-microsoft-com:vml" from="0,0" to="{pt}pt,0" '
       'strokeweight=".5pt"/></w:pict></w:r>')
DRAWING = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="{emu}" cy="0"/><wp:docPr id="9" name="Đường kẻ"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
    '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def with_shape_rules(src, dst, shape: str):
    """Replace the typed underscore rules under the agency and the Tiêu ngữ by drawn lines."""
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    import re
    runs = list(re.finditer(r"<w:r>(?:(?!<w:r>).)*?<w:t[^>]*>_{11}</w:t></w:r>", xml, flags=re.S))
    agency = runs[0]
    motto = re.search(r"<w:r>(?:(?!<w:r>).)*?<w:t[^>]*>_{40}</w:t></w:r>", xml, flags=re.S)
    # Agency rule ≈ 0.4 × "XÃ MINH TÂN" (13 pt bold, about 92 pt); Tiêu ngữ rule = its width (about 171 pt).
    if shape == "vml":
        new_agency, new_motto = VML.format(pt=40), VML.format(pt=171)
    else:
        new_agency, new_motto = DRAWING.format(emu=40 * 12700), DRAWING.format(emu=171 * 12700)
    xml = xml[:motto.start()] + new_motto + xml[motto.end():]
    xml = xml[:agency.start()] + new_agency + xml[agency.end():]
    return replace_part(src, dst, "word/document.xml", xml.encode("utf-8"))


def rules(path, prefix=("HDR-005", "HDR-006", "HDR-008", "HDR-009")):
    return [f for f in kiem_tra(path) if f.rule in prefix]


def test_vml_lines_accepted(tmp_path):
    doc = with_shape_rules(handmade(tmp_path / "a.docx"), tmp_path / "vml.docx", "vml")
    assert rules(doc) == []


def test_drawingml_lines_accepted(tmp_path):
    doc = with_shape_rules(handmade(tmp_path / "a.docx"), tmp_path / "dml.docx", "drawing")
    assert rules(doc) == []


def test_too_short_drawn_motto_rule_warned(tmp_path):
    src = handmade(tmp_path / "a.docx")
    doc = with_shape_rules(src, tmp_path / "vml.docx", "vml")
    with zipfile.ZipFile(doc) as z:
        xml = z.read("word/document.xml").decode("utf-8").replace('to="171pt,0"', 'to="60pt,0"')
    out = replace_part(doc, tmp_path / "short.docx", "word/document.xml", xml.encode("utf-8"))
    assert [f.rule for f in rules(out)] == ["HDR-006"]
