"""Checker rules for the body, headings, annexes and citations: one broken fixture per rule."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Twips
from lxml import etree

from vanban.check import CANH_BAO, LOI, kiem_tra
from vanban.check.model import DocModel
from vanban.check.rules_consistency import citations
from tests.check_fixtures import BODY, _para, handmade, mutate, replace_part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MINE = ("BODY", "CC", "HEAD", "TEXT", "PL", "CONS")
SAMPLES = ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"]

def findings(path, rule=None, severity=None):
    return [f for f in kiem_tra(path) if f.rule.split("-")[0] in MINE
            and (rule is None or f.rule == rule) and (severity is None or f.severity == severity)]


def ids(path, severity=None):
    return {f.rule for f in findings(path, severity=severity)}


def body_with(*replace: tuple[int, str], insert: dict | None = None) -> list[str]:
    """The default body with lines replaced (index, text) or inserted before an index."""
    body = list(BODY)
    for i, text in replace:
        body[i] = text
    for i, lines in sorted((insert or {}).items(), reverse=True):
        body[i:i] = lines
    return body


def edit_paras(src: Path, dst: Path, contains: str, fn, every: bool = False, exact: bool = False) -> Path:
    """Copy a .docx, applying ``fn`` to the first w:p of document.xml whose text contains
    ``contains`` (equals it with ``exact``; every such paragraph with ``every``)."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))

    def text(p):
        return "".join(t.text or "" for t in p.iter(f"{W}t"))
    hits = [p for p in root.iter(f"{W}p") if (text(p) == contains if exact else contains in text(p))]
    assert hits, contains
    for p in hits if every else hits[:1]:
        fn(p)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_part(src, dst, "word/document.xml", xml)


def run_prop(tag: str, on: bool | str):
    """fn for edit_paras: set w:<tag> on every run (True/False for toggles, a string for w:val)."""
    def fn(p):
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            if rpr is None:
                rpr = etree.SubElement(r, f"{W}rPr")
                r.remove(rpr)
                r.insert(0, rpr)
            for old in rpr.findall(f"{W}{tag}"):
                rpr.remove(old)
            el = etree.SubElement(rpr, f"{W}{tag}")
            if on is False:
                el.set(f"{W}val", "0")
            elif on is not True:
                el.set(f"{W}val", on)
    return fn


def para_prop(tag: str, **attrs):
    """fn for edit_paras: replace w:pPr/w:<tag> with the given attributes."""
    def fn(p):
        ppr = p.find(f"{W}pPr")
        for old in ppr.findall(f"{W}{tag}"):
            ppr.remove(old)
        el = etree.SubElement(ppr, f"{W}{tag}")
        for k, v in attrs.items():
            el.set(f"{W}{k}", v)
    return fn


def add_annex(path: Path, label: str, title: str = "DANH MỤC NHIỆM VỤ", kem_theo: str | None = None) -> Path:
    """Append one more annex (new landscape section with label, title, Kèm theo line and a table)."""
    doc = Document(str(path))
    new = doc.add_section()
    new.orientation = WD_ORIENT.LANDSCAPE
    new.page_width, new.page_height = Twips(16838), Twips(11906)
    _para(doc, label, 14, bold=True)
    _para(doc, title, 14, bold=True)
    _para(doc, kem_theo or "(Kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân "
                           "xã Minh Tân)", 14, italic=True)
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].paragraphs[0].add_run("TT")
    t.rows[0].cells[1].paragraphs[0].add_run("Nội dung")
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return handmade(tmp_path_factory.mktemp("good") / "tot.docx", annex={"label": "Phụ lục"})


# ---- documents that satisfy the decree -----------------------------------------------------------

def test_handmade_document_has_no_body_or_annex_errors(good, tmp_path):
    assert not findings(good)
    assert not findings(handmade(tmp_path / "khong-phu-luc.docx"))


@pytest.mark.parametrize("name", SAMPLES)
def test_generated_samples_have_no_body_or_annex_errors(demo_dir, name):
    assert not findings(demo_dir / f"{name}.docx", severity=LOI)


def test_two_numbered_annexes_mentioned_in_the_body(tmp_path):
    body = body_with((9, "2. Chi tiết tại Phụ lục I và Phụ lục II kèm theo Kế hoạch này."))
    path = handmade(tmp_path / "x.docx", body=body, annex={"label": "Phụ lục I"})
    add_annex(path, "Phụ lục II", "KINH PHÍ THỰC HIỆN")
    assert not findings(path, severity=LOI)


# ---- BODY ----------------------------------------------------------------------------------------

def test_body_001_left_aligned(tmp_path):
    found = findings(handmade(tmp_path / "x.docx", body_align="left"), "BODY-001", LOI)
    assert found and "căn đều hai lề" in found[0].message
    # a wholly mis-aligned body is summarised, not listed paragraph by paragraph
    assert len(found) <= 4 and any(" … " in f.place for f in found)


def test_body_002_size_12(tmp_path):
    assert "BODY-002" in ids(handmade(tmp_path / "x.docx", body_size=12), LOI)


def test_body_002_mixed_sizes_is_a_warning(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Huy động sự tham gia", run_prop("sz", "26"))
    found = findings(bad, "BODY-002")
    assert found and all(f.severity == CANH_BAO for f in found)


def test_body_003_indent_half_cm(tmp_path):
    assert "BODY-003" in ids(handmade(tmp_path / "x.docx", first_line=0.5), LOI)


def test_body_003_hanging_indent(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Bảo đảm thiết thực", para_prop("ind", left="567", hanging="283"))
    assert [f.place for f in findings(bad, "BODY-003", LOI)]


def test_body_004_no_paragraph_spacing(tmp_path):
    assert "BODY-004" in ids(handmade(tmp_path / "x.docx", body_before=0), LOI)


def test_body_004_contextual_spacing(tmp_path, good):
    def fn(p):
        etree.SubElement(p.find(f"{W}pPr"), f"{W}contextualSpacing")
    bad = edit_paras(good, tmp_path / "x.docx", "nhận thức của người dân", fn)
    assert "BODY-004" in ids(bad, LOI)


def test_body_005_double_spacing(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Thu gom, phân loại",
                     para_prop("spacing", before="120", after="0", line="480", lineRule="auto"))
    assert "BODY-005" in ids(bad, LOI)


def test_body_005_exact_spacing(tmp_path, good):
    ok = edit_paras(good, tmp_path / "ok.docx", "Thu gom, phân loại",
                    para_prop("spacing", before="120", after="0", line="360", lineRule="exact"))
    assert "BODY-005" not in ids(ok)  # 18 pt exact at 14 pt: about 1.1 lines
    bad = edit_paras(good, tmp_path / "x.docx", "Thu gom, phân loại",
                     para_prop("spacing", before="120", after="0", line="560", lineRule="exact"))
    assert "BODY-005" in ids(bad, LOI)


def test_body_005_generated_style(tmp_path, demo_dir):
    bad = mutate(demo_dir / "quang-tri-snnmt.docx", tmp_path / "x.docx", "word/styles.xml",
                 '<w:spacing w:before="120" w:after="0" w:line="276" w:lineRule="auto"/>',
                 '<w:spacing w:before="120" w:after="0" w:line="480" w:lineRule="auto"/>')
    assert "BODY-005" in ids(bad, LOI)


def test_body_006_italic_running_text(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Bảo đảm thiết thực", run_prop("i", True))
    found = findings(bad, "BODY-006")
    assert found and found[0].severity == CANH_BAO and "đứng" in found[0].message


def test_body_006_bold_running_text(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Nâng cao nhận thức", run_prop("b", True))
    assert "BODY-006" in ids(bad, CANH_BAO)


def test_body_007_missing_end_marker(tmp_path):
    found = findings(handmade(tmp_path / "x.docx", extra_body_end="."), "BODY-007")
    assert found and found[0].severity == CANH_BAO


# ---- CC-001 --------------------------------------------------------------------------------------

CAN_CU = ["Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;",
          "Căn cứ Kế hoạch số 12/KH-UBND ngày 26/7/2025 của UBND huyện;"]


def test_cc_001_not_italic_and_wrong_last_mark(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with((0, "UBND xã ban hành Kế hoạch như sau:"), insert={0: CAN_CU}))
    messages = [f.message for f in findings(path, "CC-001", LOI)]
    assert any("nghiêng" in m for m in messages)
    assert any("căn cứ cuối cùng" in m for m in messages)


def test_cc_001_good_lines(tmp_path):
    lines = [CAN_CU[0], CAN_CU[1][:-1] + "."]
    path = handmade(tmp_path / "x.docx", body=body_with((0, "UBND xã ban hành Kế hoạch như sau:"), insert={0: lines}))
    path = edit_paras(path, tmp_path / "y.docx", "Căn cứ", run_prop("i", True), every=True)
    assert not findings(path, "CC-001")


def test_cc_001_middle_line_without_semicolon(tmp_path):
    lines = [CAN_CU[0][:-1] + ",", CAN_CU[1][:-1] + "."]
    path = handmade(tmp_path / "x.docx", body=body_with((0, "UBND xã ban hành Kế hoạch như sau:"), insert={0: lines}))
    path = edit_paras(path, tmp_path / "y.docx", "Căn cứ", run_prop("i", True), every=True)
    found = findings(path, "CC-001", LOI)
    assert len(found) == 1 and "“;”" in found[0].message


# ---- HEAD ----------------------------------------------------------------------------------------

def test_head_001_phan_label_not_centred_or_bold(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={1: ["Phần I", "Tình hình chung"]}))
    messages = {f.message for f in findings(path, "HEAD-001", LOI)}
    assert any("căn giữa" in m for m in messages) and any("in hoa" in m for m in messages)


def test_head_001_good_label(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={1: ["Phần I", "TÌNH HÌNH CHUNG"]}))
    for text in ("Phần I", "TÌNH HÌNH CHUNG"):
        path = edit_paras(path, tmp_path / f"{len(text)}.docx", text, para_prop("jc", val="center"))
        path = edit_paras(path, tmp_path / f"b{len(text)}.docx", text, run_prop("b", True))
    assert not findings(path, "HEAD-001")
    assert not findings(path, "BODY-001") and not findings(path, "BODY-003")


def test_head_001_label_and_title_on_one_line(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={1: ["Phần I. TÌNH HÌNH CHUNG"]}))
    assert any("dòng riêng" in f.message for f in findings(path, "HEAD-001", LOI))


def test_head_002_muc_label(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={1: ["Mục 1", "QUY ĐỊNH CHUNG"]}))
    assert "HEAD-002" in ids(path, LOI)


def test_head_003_dieu_not_bold(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={1: ["Điều 1. Phạm vi áp dụng"]}))
    assert any("in đậm" in f.message for f in findings(path, "HEAD-003", LOI))


def test_head_004_letter_f(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(insert={5: ["c) Thứ ba.", "d) Thứ tư.", "đ) Thứ năm.",
                                                                    "e) Thứ sáu.", "f) Thứ bảy."]}))
    found = findings(path, "HEAD-004", LOI)
    assert len(found) == 1 and "f)" in found[0].message and found[0].text.startswith("f)")


def test_head_004_roman_gap(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with((7, "III. NỘI DUNG"), (10, "IV. TỔ CHỨC THỰC HIỆN")))
    found = findings(path, "HEAD-004", LOI)
    assert found and "mong đợi “II”" in found[0].message


def test_head_004_khoan_restart_under_dieu(tmp_path):
    body = ["Điều 1. Phạm vi", "1. Khoản một.", "2. Khoản hai.", "Điều 2. Đối tượng", "1. Khoản một.",
            "3. Khoản ba./."]
    path = handmade(tmp_path / "x.docx", body=body)
    path = edit_paras(path, tmp_path / "y.docx", "Điều ", run_prop("b", True), every=True)
    found = findings(path, "HEAD-004", LOI)
    assert len(found) == 1 and found[0].text.startswith("3. Khoản ba")
    assert not findings(path, "HEAD-003")


def test_head_005_muc_heading_sentence_case(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with((1, "I. Mục đích, yêu cầu")))
    found = findings(path, "HEAD-005")
    assert found and found[0].severity == CANH_BAO


# ---- TEXT-001 ------------------------------------------------------------------------------------

def test_text_001_spacing(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with(
        (3, "a) Nâng cao nhận thức của người dân về bảo vệ  môi trường."),
        (4, "b) Huy động sự tham gia của cộng đồng , doanh nghiệp.")))
    found = findings(path, "TEXT-001")
    assert len(found) == 2 and all(f.severity == CANH_BAO for f in found)


def test_text_001_at_most_a_few(tmp_path):
    body = [f"Đoạn văn số {i}  có hai dấu cách ." for i in range(20)] + ["Kết thúc./."]
    assert 0 < len(findings(handmade(tmp_path / "x.docx", body=body), "TEXT-001")) <= 5


def test_text_001_draft_blanks_are_not_double_spaces(tmp_path):
    path = handmade(tmp_path / "x.docx", so="Số:      /KH-UBND", date="Hà Giang, ngày      tháng 01 năm 2026")
    assert not findings(path, "TEXT-001")


# ---- PL ------------------------------------------------------------------------------------------

def test_pl_001_label_not_bold(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Phụ lục", run_prop("b", False), exact=True)
    found = findings(bad, "PL-001", LOI)
    assert found and "in đậm" in found[0].message


def test_pl_001_label_13_pt(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "Phụ lục", run_prop("sz", "26"), exact=True)
    assert any("cỡ chữ 14" in f.message for f in findings(bad, "PL-001", LOI))


def test_pl_001_not_on_a_new_page(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>',
                 '<w:type w:val="continuous"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>')
    found = findings(bad, "PL-001", LOI)
    assert found and "trang mới" in found[0].message


def test_pl_001_page_break_in_one_section(tmp_path, demo_dir):
    # The annex moved into the first section: a page break before the label keeps it valid.
    src = demo_dir / "hung-yen-132.docx"
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml").decode()
    start = xml.index("<w:sectPr>")  # the first section's break, inside the last body paragraph
    end = xml.index("</w:sectPr>", start) + len("</w:sectPr>")
    no_break = xml[:start] + xml[end:]
    label = '<w:p><w:pPr><w:pStyle w:val="VBPhuLucSo"/></w:pPr>'
    assert label in no_break
    with_break = no_break.replace(label, '<w:p><w:pPr><w:pStyle w:val="VBPhuLucSo"/><w:pageBreakBefore/></w:pPr>', 1)
    for name, text in (("a.docx", no_break), ("b.docx", with_break)):
        replace_part(src, tmp_path / name, "word/document.xml", text)
    assert any("trang mới" in f.message for f in findings(tmp_path / "a.docx", "PL-001"))
    assert not findings(tmp_path / "b.docx", "PL-001")


def test_pl_002_two_annexes_without_numerals(tmp_path):
    path = add_annex(handmade(tmp_path / "x.docx", annex={"label": "Phụ lục"}), "Phụ lục")
    found = findings(path, "PL-002", LOI)
    assert [f.message.endswith("“Phụ lục I”") for f in found] == [True, False]


def test_pl_002_numerals_out_of_order(tmp_path):
    body = body_with((9, "2. Chi tiết tại các Phụ lục I, III kèm theo Kế hoạch này."))
    path = add_annex(handmade(tmp_path / "x.docx", body=body, annex={"label": "Phụ lục I"}), "Phụ lục III")
    found = findings(path, "PL-002", LOI)
    assert len(found) == 1 and "Phụ lục II" in found[0].message


def test_pl_003_title_not_upper_case(tmp_path):
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "title": "Danh mục nhiệm vụ"})
    assert "PL-003" in ids(path, LOI)


def test_pl_003_sentence_case_subtitle_allowed(tmp_path, demo_dir):
    # quang-tri-snnmt has an upper-case title followed by a bold sentence-case line.
    assert not findings(demo_dir / "quang-tri-snnmt.docx", "PL-003")


def test_pl_004_kem_theo_not_italic(tmp_path, good):
    bad = edit_paras(good, tmp_path / "x.docx", "(Kèm theo", run_prop("i", False))
    found = findings(bad, "PL-004", LOI)
    assert found and "nghiêng" in found[0].message


def test_pl_004_blank_number_and_date_is_a_warning(tmp_path):
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "kem_theo": (
        "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 01 năm 2026 của Ủy ban nhân dân xã Minh Tân)")})
    found = findings(path, "PL-004")
    assert found and all(f.severity == CANH_BAO for f in found)
    assert not findings(path, "PL-005")


def test_pl_004_missing_parts(tmp_path):
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "kem_theo": "(Kèm theo Kế hoạch này)"})
    assert "PL-004" in ids(path, LOI)


def test_pl_005_other_number(tmp_path):
    path = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "kem_theo": (
        "(Kèm theo Kế hoạch số 16/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã Minh Tân)")})
    found = findings(path, "PL-005")
    assert len(found) == 1 and found[0].severity == LOI and "16 ≠ 15" in found[0].message


def test_pl_005_generated_sample_other_date(tmp_path, demo_dir):
    bad = mutate(demo_dir / "quang-tri-snnmt.docx", tmp_path / "x.docx", "word/document.xml",
                 "số 85/KH-SNNMT ngày 08 tháng 4 năm 2026", "số 85/KH-SNNMT ngày 09 tháng 4 năm 2026")
    found = findings(bad, "PL-005")
    assert len(found) == 1 and "9/4/2026 ≠ 8/4/2026" in found[0].message
    assert not findings(bad, "CONS-002")  # the Kèm theo line is PL-005's


def test_pl_006_body_does_not_mention_the_annex(tmp_path):
    path = handmade(tmp_path / "x.docx", body=body_with((9, "2. Chi tiết tại danh mục kèm theo Kế hoạch này.")),
                    annex={"label": "Phụ lục"})
    assert "PL-006" in ids(path, LOI)


def test_pl_006_one_of_two_annexes_not_mentioned(tmp_path):
    body = body_with((9, "2. Chi tiết tại Phụ lục I kèm theo Kế hoạch này."))
    path = add_annex(handmade(tmp_path / "x.docx", body=body, annex={"label": "Phụ lục I"}), "Phụ lục II")
    found = findings(path, "PL-006", LOI)
    assert len(found) == 1 and "Phụ lục II" in found[0].message


# ---- CONS ----------------------------------------------------------------------------------------

def test_citation_forms(tmp_path):
    body = body_with((0, "Thực hiện Nghị quyết số 122/NQ-CP ngày 08/5/2025 của Chính phủ, Kế hoạch số 12/KH-UBND "
                         "ngày 26/7/2025 của UBND tỉnh, Quyết định số 1894/QĐ-TTg ngày 04/9/2025 của Thủ tướng "
                         "Chính phủ, Kết luận số 81-KL/TW ngày 29 tháng 7 năm 2024 và Nghị quyết số 247/2025/QH15 "
                         "ngày 10/12/2025 của Quốc hội, UBND xã ban hành Kế hoạch như sau:"))
    found = {(c.raw, c.date) for c in citations(DocModel(handmade(tmp_path / "x.docx", body=body)))}
    assert {("122/NQ-CP", (8, 5, 2025)), ("12/KH-UBND", (26, 7, 2025)), ("1894/QĐ-TTg", (4, 9, 2025)),
            ("81-KL/TW", (29, 7, 2024)), ("247/2025/QH15", (10, 12, 2025))} <= found


def test_cons_001_same_document_two_dates(tmp_path):
    body = body_with((3, "a) Quán triệt Kết luận số 81-KL/TW ngày 29/7/2024 của Bộ Chính trị."),
                     (8, "1. Thực hiện Kết luận số 81-KL/TW ngày 29/7/2025 của Bộ Chính trị."))
    found = findings(handmade(tmp_path / "x.docx", body=body), "CONS-001")
    assert len(found) == 1 and found[0].severity == CANH_BAO
    assert "29/07/2024" in found[0].message and "29/07/2025" in found[0].message


def test_cons_001_different_issuers_are_different_documents(tmp_path):
    body = body_with((0, "UBND xã ban hành Kế hoạch như sau:"),
                     (3, "a) Thực hiện Kế hoạch số 12/KH-UBND ngày 26/7/2025 của UBND tỉnh."),
                     (8, "1. Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND huyện."))
    assert not findings(handmade(tmp_path / "x.docx", body=body), "CONS-001")


def test_cons_002_own_number_other_date(tmp_path):
    body = body_with((9, "2. Chi tiết tại Phụ lục kèm theo Kế hoạch số 15/KH-UBND ngày 06/01/2026 của UBND xã."))
    found = findings(handmade(tmp_path / "x.docx", body=body, annex={"label": "Phụ lục"}), "CONS-002")
    assert len(found) == 1 and found[0].severity == CANH_BAO and "06/01/2026" in found[0].message


@pytest.mark.parametrize("name", SAMPLES)
def test_generated_samples_cite_consistently(demo_dir, name):
    assert not findings(demo_dir / f"{name}.docx", "CONS-001")
    assert not findings(demo_dir / f"{name}.docx", "CONS-002")


# ---- block detection work-arounds ----------------------------------------------------------------

def _signature_as_paragraphs(src: Path, dst: Path) -> Path:
    """Replace the signature table by centred paragraphs, as some clerks type it."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    sig = body.findall(f"{W}tbl")[1]
    at = list(body).index(sig)
    body.remove(sig)
    for k, text in enumerate(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "Nơi nhận:", "- Lưu: VT.")):
        p = etree.fromstring(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="{"center" if k < 3 else "left"}"/></w:pPr>'
            f'<w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t>{text}</w:t></w:r></w:p>')
        body.insert(at + k, p)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_part(src, dst, "word/document.xml", xml)


def test_signature_typed_as_paragraphs(tmp_path):
    src = handmade(tmp_path / "x.docx", annex={"label": "Phụ lục", "title": "Danh mục nhiệm vụ"})
    path = _signature_as_paragraphs(src, tmp_path / "y.docx")
    found = findings(path, severity=LOI)
    # the signer's centred lines are not body text; the annex is still found
    assert {f.rule for f in found} == {"PL-003"}
