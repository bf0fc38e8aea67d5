"""Checker rules for the header, title block, signature, Nơi nhận and Kính gửi: one broken
fixture per rule, the decree's worked examples, and clean results on good documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm, Pt

from vanban.check import CANH_BAO, LOI, kiem_tra
from tests.check_fixtures import _para, handmade, mutate

SAMPLES = ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"]
HEADER_RULES = {"HDR-001", "HDR-002", "HDR-003", "HDR-004", "HDR-005", "HDR-006", "HDR-007", "HDR-008",
                "HDR-009", "HDR-010", "HDR-011", "HDR-012", "HDR-013", "HDR-014", "HDR-015", "HDR-016",
                "HDR-017", "HDR-019", "TTL-001", "TTL-002", "TTL-003", "TTL-004", "TTL-005", "CV-001",
                "CV-002", "CV-003", "MARK-001", "MARK-002"}
SIGNATURE_RULES = {"SIG-001", "SIG-002", "SIG-003", "SIG-004", "SIG-005", "SIG-006", "NN-001", "NN-002",
                   "NN-003", "NN-004", "KG-001", "KG-002", "KG-003", "MISC-001"}
MINE = HEADER_RULES | SIGNATURE_RULES


def ids(path, severity=None):
    return {f.rule for f in kiem_tra(path) if severity is None or f.severity == severity}


def mine(path, severity=None):
    return ids(path, severity) & MINE


def found(path, rule):
    return [f for f in kiem_tra(path) if f.rule == rule]


def edit(src: Path, dst: Path, fn) -> Path:
    """Open a .docx with python-docx, let ``fn`` change it, save it as ``dst``."""
    doc = Document(str(src))
    fn(doc)
    doc.save(str(dst))
    return dst


def all_paragraphs(doc):
    out = list(doc.paragraphs)
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                out.extend(p for p in cell.paragraphs if p not in out)
    return out


def para(doc, start: str):
    return next(p for p in all_paragraphs(doc) if p.text.startswith(start))


def set_runs(p, **kw):
    for r in p.runs:
        for k, v in kw.items():
            if k == "size":
                r.font.size = Pt(v)
            else:
                setattr(r.font, k, v)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return handmade(tmp_path_factory.mktemp("good") / "tot.docx")


def cong_van(tmp_path: Path, name="cv.docx", *, vv="V/v tổ chức thu gom rác thải sinh hoạt", vv_size=12,
             vv_bold=False, vv_before=6, kinh_gui=("Kính gửi: Ủy ban nhân dân huyện Vị Xuyên",),
             ten_loai="", so="Số: 15/UBND-VP", noi_nhan=("- Như trên;", "- Lưu: VT, VP.")) -> Path:
    """A công văn: no tên loại, "V/v …" under the Số line, a Kính gửi block."""
    body = list(kinh_gui) + ["Ủy ban nhân dân xã Minh Tân đề nghị Ủy ban nhân dân huyện hỗ trợ kinh phí thu gom "
                             "rác thải sinh hoạt năm 2026./."]
    src = handmade(tmp_path / ("src-" + name), so=so, ten_loai=ten_loai, trich_yeu="", title_rule=False,
                   body=body, noi_nhan=noi_nhan)

    def add_vv(doc):
        left = doc.tables[0].rows[0].cells[0]
        _para(left, vv, vv_size, bold=vv_bold, before=vv_before)
    return edit(src, tmp_path / name, add_vv)


# ---- clean documents -----------------------------------------------------------------------------

def test_handmade_document_has_no_header_or_signature_errors(good):
    assert not mine(good, LOI)
    # Its trích yếu rule is 11 superscript underscores, like Mẫu 1.4: shorter than 1/3 of the line.
    assert mine(good, CANH_BAO) == {"TTL-004"}


@pytest.mark.parametrize("name", SAMPLES)
def test_generated_samples_have_no_header_or_signature_errors(demo_dir, name):
    path = demo_dir / f"{name}.docx"
    assert not mine(path, LOI)
    expected = {"HDR-011", "HDR-017"} if name == "thai-nguyen-du-thao" else set()
    assert mine(path, CANH_BAO) == expected


def test_clean_cong_van(tmp_path):
    assert not mine(cong_van(tmp_path))


def test_findings_are_vietnamese_one_liners_with_places(tmp_path):
    path = handmade(tmp_path / "x.docx", so="Số: 5/KH-UBND", signer=("KT CHỦ TỊCH", "PHÓ CHỦ TỊCH"))
    for f in kiem_tra(path):
        if f.rule in MINE:
            assert "\n" not in f.message and f.place and f.message
    f = found(path, "HDR-012")[0]
    assert f.place == "bảng 1, dòng 1, ô 1, đoạn 4" and f.text == "Số: 5/KH-UBND"


def test_one_finding_per_rule_and_paragraph(tmp_path):
    path = handmade(tmp_path / "x.docx", quoc_hieu="Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert len(found(path, "HDR-002")) == 1


# ---- Quốc hiệu, Tiêu ngữ ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"])
def test_hdr_001_quoc_hieu_text(tmp_path, text):
    assert "HDR-001" in ids(handmade(tmp_path / "x.docx", quoc_hieu=text), LOI)


def test_hdr_001_tone_placement_is_normalised(tmp_path):
    assert "HDR-001" not in ids(handmade(tmp_path / "x.docx", quoc_hieu="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"))


def test_hdr_002_quoc_hieu_case(tmp_path):
    assert "HDR-002" in ids(handmade(tmp_path / "x.docx", quoc_hieu="Cộng hòa xã hội chủ nghĩa Việt Nam"), LOI)


def test_hdr_002_quoc_hieu_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "CỘNG HÒA"), size=14))
    f = found(bad, "HDR-002")
    assert f and f[0].severity == LOI and "cỡ 14" in f[0].message


@pytest.mark.parametrize("text", ["Độc lập – Tự do – Hạnh phúc", "Độc lập-Tự do-Hạnh phúc",
                                  "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"])
def test_hdr_003_tieu_ngu_text(tmp_path, text):
    assert "HDR-003" in ids(handmade(tmp_path / "x.docx", tieu_ngu=text), LOI)


def test_hdr_004_tieu_ngu_not_bold(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Độc lập"), bold=False))
    assert mine(bad, LOI) == {"HDR-004"}


def test_hdr_004_space_between_quoc_hieu_and_tieu_ngu(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx",
               lambda d: setattr(para(d, "Độc lập").paragraph_format, "space_before", Pt(6)))
    assert "HDR-004" in ids(bad, LOI)


def test_hdr_005_no_rule_under_tieu_ngu(tmp_path):
    assert mine(handmade(tmp_path / "x.docx", motto_rule=False), LOI) == {"HDR-005"}


def test_hdr_005_underlined_tieu_ngu_is_a_rule(tmp_path):
    src = handmade(tmp_path / "src.docx", motto_rule=False)
    ok = edit(src, tmp_path / "x.docx", lambda d: set_runs(para(d, "Độc lập"), underline=True))
    assert not {"HDR-005", "HDR-006"} & ids(ok)


def test_hdr_006_tieu_ngu_rule_too_short(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", ">" + "_" * 40 + "<", ">" + "_" * 20 + "<")
    f = found(bad, "HDR-006")
    assert f and f[0].severity == CANH_BAO
    assert not mine(bad, LOI)


def test_hdr_006_bottom_border_rule_measured_in_its_cell(tmp_path, demo_dir):
    # The generated Tiêu ngữ rule is a bottom border indented 1079/1080 twips in its cell; make it
    # as wide as the cell.
    bad = mutate(demo_dir / "hung-yen-132.docx", tmp_path / "x.docx", "word/document.xml",
                 '<w:ind w:left="1079" w:right="1080"/>', '<w:ind w:left="0" w:right="0"/>')
    assert "HDR-006" in ids(bad, CANH_BAO)


# ---- agency ---------------------------------------------------------------------------------------

def test_hdr_007_agency_lower_case(tmp_path):
    assert "HDR-007" in ids(handmade(tmp_path / "x.docx", agency=("ỦY BAN NHÂN DÂN", "Xã Minh Tân")), LOI)


def test_hdr_007_issuing_agency_not_bold(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "XÃ MINH TÂN"), bold=False))
    assert mine(bad, LOI) == {"HDR-007"}


def test_hdr_007_parent_agency_bold_line_after_bold(tmp_path):
    # Ban hành on two lines where the second is not bold.
    src = handmade(tmp_path / "src.docx", agency=("ỦY BAN NHÂN DÂN", "XÃ MINH TÂN"))
    bad = edit(src, tmp_path / "x.docx", lambda d: (set_runs(para(d, "ỦY BAN NHÂN DÂN"), bold=True),
                                                    set_runs(para(d, "XÃ MINH TÂN"), bold=False)))
    assert "HDR-007" in ids(bad, LOI)


def test_hdr_007_agency_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "XÃ MINH TÂN"), size=14))
    assert "HDR-007" in ids(bad, LOI)


def test_hdr_008_no_rule_under_agency(tmp_path):
    assert mine(handmade(tmp_path / "x.docx", agency_rule=False), LOI) == {"HDR-008"}


def test_hdr_009_agency_rule_too_long(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", ">" + "_" * 11 + "<", ">" + "_" * 30 + "<")
    assert "HDR-009" in ids(bad, CANH_BAO)
    assert not mine(bad, LOI)


# ---- Số, ký hiệu ------------------------------------------------------------------------------------

@pytest.mark.parametrize("so, rule", [
    ("Số: 05/KH-UBND", None),
    ("Số: 5/KH-UBND", "HDR-012"),
    ("Số: 132/KH-UBND", None),
    ("Số: 15/KH - UBND", "HDR-010"),
    ("Số 15/KH-UBND", "HDR-010"),
    ("Số: 15/BC-UBND", "HDR-013"),
])
def test_so_ky_hieu_examples(tmp_path, so, rule):
    found_ids = mine(handmade(tmp_path / "x.docx", so=so), LOI)
    assert found_ids == ({rule} if rule else set())


def test_hdr_010_so_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Số:"), size=14))
    f = found(bad, "HDR-010")
    assert f and "cỡ 13" in f[0].message


def test_hdr_011_draft_number(tmp_path):
    path = handmade(tmp_path / "x.docx", so="Số:      /KH-UBND")
    assert "HDR-011" in ids(path, CANH_BAO) and not mine(path, LOI)


def test_hdr_013_cong_van_with_type_abbreviation(tmp_path):
    assert "HDR-013" in ids(cong_van(tmp_path, so="Số: 15/KH-UBND"), LOI)


def test_hdr_014_legal_document_number(tmp_path):
    path = handmade(tmp_path / "x.docx", so="Số: 15/2026/KH-UBND")
    assert "HDR-014" in ids(path, CANH_BAO) and not mine(path, LOI)


# ---- date -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, rule", [
    ("Hà Nội, ngày 05 tháng 3 năm 2020", None),
    ("Hà Nội, ngày 29 tháng 6 năm 2019", None),
    ("Hà Nội, ngày 05 tháng 01 năm 2020", None),
    ("Hà Nội, ngày 05 tháng 03 năm 2020", "HDR-016"),
    ("Hà Nội, ngày 5 tháng 3 năm 2020", "HDR-016"),
    ("Hà Nội, ngày 05 tháng 1 năm 2020", "HDR-016"),
    ("Hà Nội, ngày 30 tháng 02 năm 2026", "HDR-015"),
    ("Hà Nội ngày 05 tháng 3 năm 2020", "HDR-015"),
])
def test_date_examples(tmp_path, date, rule):
    assert mine(handmade(tmp_path / "x.docx", date=date), LOI) == ({rule} if rule else set())


def test_hdr_015_date_not_italic(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Hà Giang, ngày"), italic=False))
    assert mine(bad, LOI) == {"HDR-015"}


def test_hdr_017_draft_date(tmp_path):
    path = handmade(tmp_path / "x.docx", date="Hà Giang, ngày      tháng 01 năm 2026")
    assert "HDR-017" in ids(path, CANH_BAO) and not mine(path, LOI)


def test_hdr_019_so_and_date_on_different_rows(tmp_path, good):
    def move_date(doc):
        tbl = doc.tables[0]
        row = tbl.add_row()
        row.cells[1]._tc.append(para(doc, "Hà Giang, ngày")._p)
    bad = edit(good, tmp_path / "x.docx", move_date)
    assert "HDR-019" in ids(bad, CANH_BAO)


# ---- title block ------------------------------------------------------------------------------------

def test_ttl_001_ten_loai_lower_case(tmp_path):
    path = handmade(tmp_path / "x.docx", ten_loai="Kế hoạch")
    assert mine(path, LOI) == {"TTL-001"}


def test_ttl_001_missing_ten_loai(tmp_path):
    assert "TTL-001" in ids(handmade(tmp_path / "x.docx", ten_loai=""), LOI)


def test_ttl_002_trich_yeu_all_capitals(tmp_path):
    path = handmade(tmp_path / "x.docx", trich_yeu="TỔ CHỨC THỰC HIỆN NHIỆM VỤ BẢO VỆ MÔI TRƯỜNG NĂM 2026")
    assert mine(path, LOI) == {"TTL-002"}


def test_ttl_002_trich_yeu_not_bold(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Tổ chức thực hiện"), bold=False))
    assert mine(bad, LOI) == {"TTL-002"}


def test_ttl_003_no_rule_under_trich_yeu(tmp_path):
    assert mine(handmade(tmp_path / "x.docx", title_rule=False), LOI) == {"TTL-003"}


def test_ttl_004_trich_yeu_rule_too_long(tmp_path, demo_dir):
    bad = mutate(demo_dir / "hung-yen-132.docx", tmp_path / "x.docx", "word/document.xml",
                 '<w:ind w:left="2680" w:right="2680"/>', '<w:ind w:left="200" w:right="200"/>')
    assert "TTL-004" in ids(bad, CANH_BAO) and not mine(bad, LOI)


def test_ttl_005_size_mismatch(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Tổ chức thực hiện"), size=13))
    assert "TTL-005" in ids(bad, CANH_BAO) and not mine(bad, LOI)


# ---- công văn -----------------------------------------------------------------------------------------

def test_cv_001_vv_bold(tmp_path):
    assert mine(cong_van(tmp_path, vv_bold=True), LOI) == {"CV-001"}


def test_cv_001_vv_size(tmp_path):
    assert mine(cong_van(tmp_path, vv_size=14), LOI) == {"CV-001"}


def test_cv_002_no_space_before_vv(tmp_path):
    path = cong_van(tmp_path, vv_before=0)
    assert "CV-002" in ids(path, CANH_BAO) and not mine(path, LOI)


def test_cv_003_cong_van_with_ten_loai(tmp_path):
    assert "CV-003" in ids(cong_van(tmp_path, ten_loai="KẾ HOẠCH"), LOI)


# ---- marks ------------------------------------------------------------------------------------------

def _with_mark(good, dst, text, bold=True, above_quoc_hieu=False):
    def add(doc):
        left, right = doc.tables[0].rows[0].cells
        if above_quoc_hieu:
            p = _para(right, text, 13, bold=bold)
            para(doc, "CỘNG HÒA")._p.addprevious(p._p)
        else:
            _para(left, text, 13, bold=bold)
    return edit(good, dst, add)


def test_marks_well_formed(tmp_path, good):
    assert mine(_with_mark(good, tmp_path / "a.docx", "KHẨN")) == mine(good)
    assert mine(_with_mark(good, tmp_path / "b.docx", "LƯU HÀNH NỘI BỘ", above_quoc_hieu=True)) == mine(good)


def test_mark_001_urgency_not_bold(tmp_path, good):
    assert mine(_with_mark(good, tmp_path / "x.docx", "THƯỢNG KHẨN", bold=False), LOI) == {"MARK-001"}


def test_mark_002_circulation_lower_case(tmp_path, good):
    bad = _with_mark(good, tmp_path / "x.docx", "Lưu hành nội bộ", above_quoc_hieu=True)
    assert mine(bad, LOI) == {"MARK-002"}


# ---- signature ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("signer, rule", [
    (("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), None),
    (("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), None),
    (("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"), None),
    (("KT CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "SIG-002"),
    (("K.T. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "SIG-002"),
    (("KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "SIG-002"),
    (("TM ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "SIG-002"),
    (("TM. ỦY BAN NHÂN DÂN", "Chủ tịch"), "SIG-001"),
])
def test_signer_examples(tmp_path, signer, rule):
    assert mine(handmade(tmp_path / "x.docx", signer=signer), LOI) == ({rule} if rule else set())


def test_sig_001_signer_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "CHỦ TỊCH"), size=12))
    assert mine(bad, LOI) == {"SIG-001"}


def test_sig_003_kt_without_own_title(tmp_path):
    path = handmade(tmp_path / "x.docx", signer=("KT. CHỦ TỊCH",))
    assert "SIG-003" in ids(path, CANH_BAO) and not mine(path, LOI)


@pytest.mark.parametrize("name", ["NGUYỄN VĂN A", "Nguyễn văn A", "nguyễn Văn A"])
def test_sig_004_name_case(tmp_path, name):
    assert mine(handmade(tmp_path / "x.docx", name=name), LOI) == {"SIG-004"}


def test_sig_004_name_not_bold(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Nguyễn Văn A"), bold=False))
    assert mine(bad, LOI) == {"SIG-004"}


@pytest.mark.parametrize("name", ["TS. Nguyễn Văn A", "PGS.TS. Nguyễn Văn A", "ThS. Nguyễn Văn A"])
def test_sig_005_academic_title(tmp_path, name):
    path = handmade(tmp_path / "x.docx", name=name)
    assert "SIG-005" in ids(path, CANH_BAO) and not mine(path, LOI)


def test_sig_006_no_room_for_signature(tmp_path, good):
    def squeeze(doc):
        cell = doc.tables[1].rows[0].cells[1]
        for p in [p for p in cell.paragraphs if not p.text][:3]:
            p._p.getparent().remove(p._p)
    bad = edit(good, tmp_path / "x.docx", squeeze)
    assert "SIG-006" in ids(bad, CANH_BAO) and not mine(bad, LOI)


# ---- Nơi nhận ----------------------------------------------------------------------------------------

def test_nn_001_heading_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "Nơi nhận"), size=14))
    assert mine(bad, LOI) == {"NN-001"}


def test_nn_001_heading_without_colon(tmp_path, good):
    bad = mutate(good, tmp_path / "x.docx", "word/document.xml", ">Nơi nhận:<", ">Nơi nhận<")
    assert mine(bad, LOI) == {"NN-001"}


def test_nn_001_heading_centred(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx",
               lambda d: setattr(para(d, "Nơi nhận"), "alignment", 1))
    assert mine(bad, LOI) == {"NN-001"}


def test_nn_002_item_without_semicolon(tmp_path):
    path = handmade(tmp_path / "x.docx", noi_nhan=("- UBND tỉnh (báo cáo)", "- Các phòng, ban;", "- Lưu: VT, VP."))
    assert mine(path, LOI) == {"NN-002"}


def test_nn_002_item_size(tmp_path, good):
    bad = edit(good, tmp_path / "x.docx", lambda d: set_runs(para(d, "- Các phòng"), size=12))
    assert mine(bad, LOI) == {"NN-002"}


def test_nn_002_wrapped_item_is_allowed(tmp_path):
    path = handmade(tmp_path / "x.docx", noi_nhan=("- Ủy ban nhân dân các xã, phường, thị trấn", "trên địa bàn;",
                                                   "- Lưu: VT, VP."))
    assert not mine(path, LOI)


@pytest.mark.parametrize("luu, ok", [
    ("- Lưu: VT, HC (2).", True),
    ("- Lưu: VT.", True),
    ("- Lưu: VT, Hồ sơ.", True),
    ("- Lưu: VT, VP. NVA(5).", True),
    ("- Lưu VT", False),
    ("- Lưu: VT, VP", False),
    ("- Lưu: Văn thư.", False),
])
def test_luu_line_examples(tmp_path, luu, ok):
    path = handmade(tmp_path / "x.docx", noi_nhan=("- UBND tỉnh (báo cáo);", luu))
    assert mine(path, LOI) == (set() if ok else {"NN-003"})


def test_nn_003_missing_luu_line(tmp_path):
    path = handmade(tmp_path / "x.docx", noi_nhan=("- UBND tỉnh (báo cáo);", "- Các phòng, ban;"))
    assert "NN-003" in ids(path, LOI)


def test_nn_003_luu_line_not_last(tmp_path):
    path = handmade(tmp_path / "x.docx", noi_nhan=("- UBND tỉnh (báo cáo);", "- Lưu: VT, VP.", "- Các phòng, ban;"))
    assert "NN-003" in ids(path, LOI)


def test_nn_004_kinh_gui_without_nhu_tren(tmp_path):
    path = cong_van(tmp_path, noi_nhan=("- UBND huyện;", "- Lưu: VT, VP."))
    assert "NN-004" in ids(path, CANH_BAO) and not mine(path, LOI)


def test_misc_001_drafter_line_size(tmp_path, good):
    def add(doc, size):
        cell = doc.tables[1].rows[0].cells[0]
        _para(cell, "NVA.(5)", size, align="left")
    ok = edit(good, tmp_path / "ok.docx", lambda d: add(d, 11))
    bad = edit(good, tmp_path / "x.docx", lambda d: add(d, 12))
    assert not mine(ok, LOI)
    assert mine(bad, LOI) == {"MISC-001"}


def test_misc_001_drafter_in_luu_line(tmp_path, good):
    def bigger(doc):
        p = para(doc, "- Lưu:")
        r = p.add_run(" NVA(5).")
        r.font.size = Pt(13)
        r.font.name = "Times New Roman"
        p.runs[0].text = "- Lưu: VT, VP."
    bad = edit(good, tmp_path / "x.docx", bigger)
    assert mine(bad, LOI) == {"MISC-001"}


# ---- Kính gửi ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, rule", [
    (("Kính gửi: Ủy ban nhân dân huyện Vị Xuyên",), None),
    (("Kính gửi:", "- Ủy ban nhân dân huyện Vị Xuyên;", "- Phòng Nông nghiệp và Môi trường huyện."), None),
    (("Kính gửi Ủy ban nhân dân huyện Vị Xuyên",), "KG-001"),
    (("Kính gửi: Ủy ban nhân dân huyện Vị Xuyên;",), "KG-001"),
    (("Kính gửi:", "- Ủy ban nhân dân huyện Vị Xuyên."), "KG-001"),
    (("Kính gửi:", "- Ủy ban nhân dân huyện Vị Xuyên;", "- Phòng Nông nghiệp và Môi trường huyện;"), "KG-001"),
    (("Kính gửi:", "- Ủy ban nhân dân huyện Vị Xuyên.", "- Phòng Nông nghiệp và Môi trường huyện."), "KG-001"),
])
def test_kinh_gui_examples(tmp_path, lines, rule):
    assert mine(cong_van(tmp_path, kinh_gui=lines), LOI) == ({rule} if rule else set())


def test_kg_001_kinh_gui_bold(tmp_path):
    src = cong_van(tmp_path)
    bad = edit(src, tmp_path / "x.docx", lambda d: set_runs(para(d, "Kính gửi"), bold=True))
    assert mine(bad, LOI) == {"KG-001"}


def test_kg_002_dashes_not_aligned(tmp_path):
    src = cong_van(tmp_path, kinh_gui=("Kính gửi:", "- Ủy ban nhân dân huyện Vị Xuyên;",
                                       "- Phòng Nông nghiệp và Môi trường huyện."))
    bad = edit(src, tmp_path / "x.docx", lambda d: setattr(para(d, "- Phòng Nông").paragraph_format,
                                                          "left_indent", Cm(1)))
    assert "KG-002" in ids(bad, CANH_BAO) and not mine(bad, LOI)


def test_kg_003_cong_van_without_kinh_gui(tmp_path):
    path = cong_van(tmp_path, kinh_gui=(), noi_nhan=("- UBND huyện;", "- Lưu: VT, VP."))
    assert "KG-003" in ids(path, CANH_BAO) and not mine(path, LOI)
