"""The checker on plans typed by hand from the seeds (tests/corpus.py): no error on the correct
ones, whatever their layout; each false finding once measured on them stays fixed; the real errors
typed into them are found, each once."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from vanban.check import CANH_BAO, LOI, kiem_tra
from tests.check_fixtures import BODY, handmade, replace_part
from tests.corpus import VARIANTS, build, corpus, seed_plan, variant

# Warnings a correct document may get: a draft's blanks (Số, date, Kèm theo left to fill in).
DRAFT = {"HDR-011", "HDR-017", "PL-004"}
WARNINGS = {name: DRAFT if key in ("000", "001") else set() for name, (key, _) in VARIANTS.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("corpus"))


def errors(path) -> list:
    return [f for f in kiem_tra(path) if f.severity == LOI]


def rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_correct_corpus_document_has_no_error(built, name):
    found = kiem_tra(built[name].path)
    assert [str(f) for f in found if f.severity == LOI] == []
    warnings = {f.rule for f in found if f.severity == CANH_BAO}
    assert warnings <= WARNINGS[name], [str(f) for f in found]


def test_the_corpus_covers_every_layout(built):
    seen = {(k, v) for b in built.values() for k, v in b.options.items()}
    for pair in [("header", "table"), ("header", "tabs"), ("motto", "break"), ("rules", "shape"),
                 ("rules", "underscore"), ("numbering", "typed"), ("numbering", "auto"), ("signer", "table"),
                 ("signer", "tabs"), ("signer", "paragraphs"), ("annex", "section"), ("annex", "page_break"), ("danh_muc", True),
                 ("vmerge", True), ("repeat_rows", True)]:
        assert pair in seen, pair


# ---- the false findings measured on correct documents, one by one ---------------------------------

def test_header_laid_out_with_tabs(built):
    """Once 8 false errors: Quốc hiệu, Tiêu ngữ, agency, Số and date read as one line each."""
    found = kiem_tra(built["000-tab-tu-dong"].path)
    assert not [f for f in found if f.rule.startswith("HDR-") and f.severity == LOI]
    with zipfile.ZipFile(built["000-tab-tu-dong"].path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # the layout is what the test means: tabs in the header lines, two shapes in one paragraph
    assert "<w:tbl>" not in xml.split("KẾ HOẠCH")[0] and xml.split("KẾ HOẠCH")[0].count("<w:tab/>") >= 6
    assert xml.split("KẾ HOẠCH")[0].count("<mc:AlternateContent>") == 2


def test_signature_block_laid_out_with_tabs(built):
    """Once "thiếu Nơi nhận" and the recipients taken for signer lines."""
    found = kiem_tra(built["000-tab-tu-dong"].path)
    assert not [f for f in found if f.rule.startswith(("NN-", "SIG-"))]


def test_tieu_ngu_after_a_line_break(built):
    """Once missed: the Tiêu ngữ after a manual break in the Quốc hiệu's paragraph."""
    found = kiem_tra(built["000-ngat-dong-hinh-ve"].path)
    assert not [f for f in found if f.rule in ("HDR-001", "HDR-002", "HDR-003", "HDR-004", "HDR-005")]


def test_drawn_lines_in_alternate_content(built):
    """Once 3 false errors: the rules under agency, Tiêu ngữ and trích yếu as Word saves drawn lines."""
    for name in ("000-ngat-dong-hinh-ve", "003-kem-theo-chu-tich"):
        found = kiem_tra(built[name].path)
        assert not [f for f in found if f.rule in ("HDR-005", "HDR-006", "HDR-008", "HDR-009", "TTL-003", "TTL-004")]


def test_drawn_line_too_short_still_found(tmp_path):
    b = variant("003-kem-theo-chu-tich", tmp_path)
    with zipfile.ZipFile(b.path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    import re
    first = re.search(r'<wp:extent cx="(\d+)" cy="0"/>', xml)
    short = xml[:first.start(1)] + str(int(first.group(1)) // 4) + xml[first.end(1):]
    path = replace_part(b.path, tmp_path / "ngan.docx", "word/document.xml", short)
    assert [f.rule for f in kiem_tra(path) if f.rule.startswith("HDR-00")] == ["HDR-009"]


def test_a_table_cell_that_says_noi_nhan_is_not_the_signature(tmp_path):
    """An annex table after a page break with a column titled "Nơi nhận" in the first section."""
    b = build(seed_plan("001"), tmp_path / "a.docx", annex="page_break")
    with zipfile.ZipFile(b.path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count(">Ghi chú<") == 1
    path = replace_part(b.path, tmp_path / "cot-noi-nhan.docx", "word/document.xml",
                        xml.replace(">Ghi chú<", ">Nơi nhận<"))
    found = kiem_tra(path)
    assert not [f for f in found if f.rule.startswith(("NN-", "SIG-")) or f.severity == LOI], [str(f) for f in found]


def test_misspelled_quoc_hieu_alone_no_cascade(tmp_path):
    for name in ("003-bang-lap-tieu-de", "003-tab-danh-muc"):
        b = variant(name, tmp_path, quoc_hieu="CỘNG HÒA XÃ HỘI CHỦ NGHỈA VIỆT NAM")
        found = errors(b.path)
        assert rules(found) == ["HDR-001"], [str(f) for f in found]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in found[0].message


# ---- errors that were warnings -------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["table", "tabs", "paragraphs"])
def test_reversed_signer_order_is_an_error(tmp_path, layout):
    b = build(seed_plan("001"), tmp_path / "a.docx", signer=layout, signer_lines=["PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"])
    found = errors(b.path)
    assert rules(found) == ["SIG-007"], [str(f) for f in found]
    assert "PHÓ GIÁM ĐỐC" in found[0].message and "KT. GIÁM ĐỐC" in found[0].text


def test_kt_line_without_a_title_stays_a_warning(tmp_path):
    b = build(seed_plan("003"), tmp_path / "a.docx", signer_lines=["KT. CHỦ TỊCH"])
    found = kiem_tra(b.path)
    assert [(f.rule, f.severity) for f in found if f.rule.startswith("SIG-")] == [("SIG-003", CANH_BAO)]


def test_kem_theo_number_mismatch_is_an_error(tmp_path):
    b = variant("003-bang-lap-tieu-de", tmp_path, kem_theo="(Kèm theo Kế hoạch số 133/KH-UBND ngày 16 tháng 4 "
                                                           "năm 2026 của Ủy ban nhân dân tỉnh Hưng Yên)")
    found = errors(b.path)
    assert rules(found) == ["PL-005"] and "133 ≠ 132" in found[0].message


def test_kem_theo_naming_the_signers_office(built):
    found = kiem_tra(built["003-kem-theo-chu-tich"].path)
    assert not [f for f in found if f.rule.startswith("PL-")]


# ---- one finding for a run of paragraphs ---------------------------------------------------------

def test_one_rule_on_40_consecutive_paragraphs_is_one_finding(tmp_path):
    body = [BODY[0]] + [f"- Nội dung thực hiện số {k}." for k in range(1, 39)] + ["Các thôn thực hiện./."]
    assert len(body) == 40
    found = [f for f in kiem_tra(handmade(tmp_path / "a.docx", body=body, body_align="left")) if f.rule == "BODY-001"]
    assert len(found) == 1
    first, last = found[0].place.split(" … ")
    assert int(last.split()[-1]) - int(first.split()[-1]) == 39
    assert "và 39 đoạn liền sau" in found[0].text


def test_findings_apart_are_not_joined(tmp_path):
    body = list(BODY)
    found = [f for f in kiem_tra(handmade(tmp_path / "a.docx", body=body, body_align="left")) if f.rule == "BODY-001"]
    # the headings "I." "II." "III." are exempt, so the runs between them stay apart
    assert len(found) >= 3 and all(f.place.count("…") <= 1 for f in found)


# ---- annexes ---------------------------------------------------------------------------------------

def test_danh_muc_without_label_cited_as_danh_muc(built):
    found = kiem_tra(built["003-tab-danh-muc"].path)
    assert not [f for f in found if f.rule.startswith("PL-")]


def test_danh_muc_not_cited_is_reported(tmp_path):
    b = variant("003-tab-danh-muc", tmp_path)
    with zipfile.ZipFile(b.path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    head, tail = xml.split(">DANH MỤC", 1)
    head = head.replace("tại Danh mục kèm theo", "tại bảng kèm theo").replace("Ban hành danh mục", "Ban hành")
    path = replace_part(b.path, tmp_path / "khong-dan.docx", "word/document.xml", head + ">DANH MỤC" + tail)
    found = errors(path)
    assert rules(found) == ["PL-006"] and "Danh mục" in found[0].message


def test_task_numbers_with_a_dot(built):
    """Seed 001 numbers its tasks "1.", "2." in the table: no finding about them."""
    found = kiem_tra(built["001-bang-ngang"].path)
    assert not [f for f in found if f.place.startswith("bảng 3")]


# ---- our own documents, and the command ----------------------------------------------------------

def test_demo_documents_still_have_no_error(demo_dir):
    docs = sorted(demo_dir.glob("*.docx"))
    assert docs
    for path in docs:
        assert [str(f) for f in errors(path)] == [], path.name


def test_kiemtra_command_on_a_hand_made_plan(built):
    path = built["001-tab-ngat-trang"].path
    r = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", str(path)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert ": 0 lỗi" in r.stdout and "Traceback" not in r.stderr


# ---- the two drawn rules of a header laid out with tabs ------------------------------------------

def _shortened(xml: str, k: int) -> str:
    """The header's k-th drawn line (in the order of the XML) cut to a quarter of its length."""
    import re
    start = [m.start() for m in re.finditer("<mc:AlternateContent>", xml)][k]
    end = xml.index("</mc:AlternateContent>", start)
    shape = xml[start:end]
    cx = re.search(r'<wp:extent cx="(\d+)"', shape).group(1)
    short = shape.replace(f'cx="{cx}"', f'cx="{int(cx) // 4}"')
    return xml[:start] + short + xml[end:]


@pytest.mark.parametrize("side, rule", [("left", "HDR-009"), ("right", "HDR-006")])
def test_tab_header_rules_told_apart_by_position(tmp_path, side, rule):
    """Both header rules are shapes in one empty paragraph; the left one is the agency's, the
    right one the Tiêu ngữ's: a short one is reported under its own rule, the other stays fine."""
    import re
    b = variant("000-tab-tu-dong", tmp_path)
    with zipfile.ZipFile(b.path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    head = xml.split("KẾ HOẠCH")[0]
    paras = [p for p in re.findall(r"<w:p[ >].*?</w:p>", head, flags=re.S) if "<mc:AlternateContent>" in p]
    assert len(paras) == 1 and paras[0].count("<mc:AlternateContent>") == 2 and "<w:t" not in paras[0]
    offsets = [int(x) for x in re.findall(r"<wp:posOffset>(-?\d+)</wp:posOffset></wp:positionH>", paras[0])]
    k = offsets.index(min(offsets) if side == "left" else max(offsets))
    path = replace_part(b.path, tmp_path / f"ngan-{side}.docx", "word/document.xml", _shortened(xml, k))
    found = [f.rule for f in kiem_tra(path) if f.rule in ("HDR-005", "HDR-006", "HDR-008", "HDR-009")]
    assert found == [rule]


# ---- annexes typed against the decree ------------------------------------------------------------

def test_label_and_title_in_one_paragraph_is_found_and_reported(tmp_path):
    """"Phụ lục: TITLE" in one paragraph: the annex is seen (its Kèm theo line, its table) and the
    one error is the label not standing on its own line."""
    b = build(seed_plan("001"), tmp_path / "a.docx", annex_label="inline")
    found = errors(b.path)
    assert rules(found) == ["PL-001"] and "dòng riêng" in found[0].message, [str(f) for f in found]
    assert found[0].text.startswith("Phụ lục: NHIỆM VỤ CỤ THỂ")
    from vanban.check import doc_van_ban
    r = doc_van_ban(b.path)
    assert len(r.annexes) == 1 and r.annexes[0].title_typed == b.truth.annex_title
    assert r.annexes[0].kem_theo.text == b.truth.kem_theo and len(r.annexes[0].tables) == 1


def test_annex_without_a_label_is_an_error_unless_a_danh_muc(tmp_path):
    b = build(seed_plan("001"), tmp_path / "a.docx", annex_label="none")
    found = errors(b.path)
    assert rules(found) == ["PL-001"] and "nhãn “Phụ lục”" in found[0].message, [str(f) for f in found]
    from vanban.check import doc_van_ban
    a = doc_van_ban(b.path).annexes
    assert len(a) == 1 and a[0].label is None and not a[0].danh_muc
    assert [x.text for x in a[0].title] == [b.truth.annex_title] and len(a[0].tables) == 1
    # the decree's Danh mục (titled DANH MỤC, cited so) is no error
    assert errors(variant("003-tab-danh-muc", tmp_path).path) == []
