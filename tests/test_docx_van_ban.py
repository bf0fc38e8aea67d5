"""Báo cáo and Công văn through the generic renderer: structure read from the file, the ND30
checker, the OOXML schema audit and LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vanban.check import LOI, kiem_tra
from vanban.model.van_ban import CoQuan, Luu, NguoiKy, NoiNhan, NoiNhanMuc, VanBan
from vanban.model.van_ban_di import BangPhuLuc, VanBanDi
from vanban.render.docx_van_ban import (
    TEMPLATE_BAO_CAO, TEMPLATE_CONG_VAN, default_template, kinh_gui_paragraphs, render_van_ban_docx,
)
from vanban.text import metrics
from vanban.text.than_van import parse_body
from tests.docx_helpers import W, align, bold, italic, open_docx, paragraphs, size_pt, text

ROOT = Path(__file__).resolve().parent.parent
SNNMT = "Sở Nông nghiệp và Môi trường tỉnh Hưng Yên"

BC_BODY = """\
Thực hiện Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh triển khai thực hiện Nghị quyết số 247/2025/QH15 của Quốc hội và Nghị quyết số 67/NQ-CP của Chính phủ, Sở Xây dựng báo cáo kết quả thực hiện 6 tháng đầu năm 2026 như sau:
I. KẾT QUẢ THỰC HIỆN
1. Công tác chỉ đạo, tổ chức thực hiện
Sở đã ban hành văn bản triển khai Kế hoạch đến các phòng, đơn vị trực thuộc; phân công lãnh đạo phụ trách và cán bộ đầu mối theo dõi, tổng hợp.
2. Kết quả thực hiện các nhiệm vụ
Sở được giao 5 nhiệm vụ (chủ trì 3, phối hợp 2): đã hoàn thành 2 nhiệm vụ; đang thực hiện 2 nhiệm vụ; chưa thực hiện 1 nhiệm vụ. Kết quả từng nhiệm vụ tại Phụ lục kèm theo Báo cáo này.
II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN
1. Tồn tại, hạn chế
- Việc kiểm tra tuân thủ quy định môi trường tại các dự án xây dựng còn chưa thường xuyên;
- Hệ thống thoát nước đô thị chưa đáp ứng yêu cầu khi mưa lớn kéo dài.
2. Nguyên nhân
Nguồn lực đầu tư hạ tầng kỹ thuật đô thị còn hạn chế; số lượng cán bộ theo dõi lĩnh vực môi trường ít, kiêm nhiệm nhiều việc.
III. PHƯƠNG HƯỚNG, NHIỆM VỤ
1. Hoàn thành việc rà soát, cập nhật quy hoạch thoát nước đô thị trong quý III năm 2026.
2. Tăng cường kiểm tra việc kiểm soát bụi, khí thải tại các công trình xây dựng.
IV. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị Sở Nông nghiệp và Môi trường tổng hợp, báo cáo Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện các nhiệm vụ chuyển tiếp.
Trên đây là báo cáo kết quả thực hiện Kế hoạch số 132/KH-UBND 6 tháng đầu năm 2026 của Sở Xây dựng, kính gửi Sở Nông nghiệp và Môi trường tổng hợp."""

CV_BODY = """\
Thực hiện Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh, các cơ quan, đơn vị được giao nhiệm vụ có trách nhiệm báo cáo kết quả thực hiện 6 tháng đầu năm 2026 trước ngày 10/7/2026.
Đến nay, Sở Nông nghiệp và Môi trường chưa nhận được báo cáo của các cơ quan, đơn vị nêu trên.
Để kịp thời tổng hợp, báo cáo Ủy ban nhân dân tỉnh, Sở Nông nghiệp và Môi trường đề nghị các cơ quan, đơn vị khẩn trương gửi báo cáo kết quả thực hiện theo mẫu phiếu báo cáo đã được gửi kèm, **hạn mới: trước ngày 31/7/2026**."""

KG_CV = ["Sở Xây dựng", "Sở Công Thương", "Ủy ban nhân dân các xã, phường"]

COLUMNS = [("TT", 0.6, True), ("Nội dung nhiệm vụ", 5.0, False), ("Tiến độ", 1.6, True),
           ("Tình trạng", 1.8, True), ("Kết quả thực hiện", 5.0, False)]
ROWS = [
    ("I", "Nhiệm vụ chủ trì"),
    ["1", "Rà soát, cập nhật quy hoạch thoát nước đô thị", "Năm 2026", "Đang thực hiện",
     "Đã hoàn thành khảo sát hiện trạng; đang lập hồ sơ điều chỉnh."],
    ["2", "Hướng dẫn áp dụng tiêu chí công trình xây dựng xanh", "Năm 2026", "Đã hoàn thành",
     "Ban hành Hướng dẫn số 15/HD-SXD ngày 12/5/2026."],
    ["3", "Kiểm tra tuân thủ quy định môi trường tại các dự án phát triển đô thị", "Quý IV/2026",
     "Chưa thực hiện", "Dự kiến thực hiện trong quý IV."],
    ("II", "Nhiệm vụ phối hợp"),
    ["1", "Kiểm soát bụi và khí thải từ hoạt động xây dựng", "Thường xuyên", "Đang thực hiện",
     "Phối hợp kiểm tra 12 công trình; nhắc nhở 3 chủ đầu tư."],
    ["2", "Lồng ghép yêu cầu phòng chống thiên tai vào quy hoạch đô thị", "Thường xuyên", "Đã hoàn thành",
     "Đã lồng ghép trong 4 đồ án quy hoạch."],
    ("", "Tổng số: 5 nhiệm vụ; đã hoàn thành: 2; đang thực hiện: 2; chưa thực hiện: 1"),
]


def bao_cao() -> VanBanDi:
    vb = VanBan(
        loai="BC", co_quan_chu_quan="UBND tỉnh Hưng Yên",
        co_quan_ban_hanh=CoQuan(ten="Sở Xây dựng", viet_tat="SXD"), so=57, ngay="2026-07-08",
        dia_danh="Hưng Yên",
        trich_yeu="Kết quả thực hiện Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh "
                  "6 tháng đầu năm 2026",
        nguoi_ky=NguoiKy(quyen_han="KT.", cap_truong="Giám đốc", chuc_vu="Phó Giám đốc", ho_ten="Trần Văn Bình"),
        noi_nhan=NoiNhan(nhu_tren=True, gui=[NoiNhanMuc(ten="UBND tỉnh", muc_dich="báo cáo"), "Giám đốc Sở"],
                         luu=Luu(don_vi="QLHT")),
    )
    table = BangPhuLuc(ten="Kết quả thực hiện các nhiệm vụ 6 tháng đầu năm 2026", cot=COLUMNS, dong=ROWS,
                       gop_cot=[2])
    return VanBanDi(vb, [SNNMT], parse_body(BC_BODY), [table])


def cong_van() -> VanBanDi:
    vb = VanBan(
        loai="CV", co_quan_chu_quan="UBND tỉnh Hưng Yên",
        co_quan_ban_hanh=CoQuan(ten="Sở Nông nghiệp và Môi trường", viet_tat="SNNMT"), so=215,
        ngay="2026-07-20", dia_danh="Hưng Yên",
        trich_yeu="V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 132/KH-UBND",
        nguoi_ky=NguoiKy(quyen_han="KT.", cap_truong="Giám đốc", chuc_vu="Phó Giám đốc", ho_ten="Lê Thị Hoa"),
        noi_nhan=NoiNhan(nhu_tren=True, gui=[NoiNhanMuc(ten="UBND tỉnh", muc_dich="báo cáo"), "Giám đốc Sở"],
                         luu=Luu(don_vi="QLMT")),
    )
    return VanBanDi(vb, KG_CV, parse_body(CV_BODY))


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("van-ban")
    render_van_ban_docx(bao_cao(), out / "bao-cao.docx")
    render_van_ban_docx(cong_van(), out / "cong-van.docx")
    return out


@pytest.fixture(scope="module")
def bc(out_dir):
    return open_docx(out_dir / "bao-cao.docx")


@pytest.fixture(scope="module")
def cv(out_dir):
    return open_docx(out_dir / "cong-van.docx")


def style_of(p) -> str:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(f"{W}val") if ps is not None else "Normal"


def styled(doc, style: str) -> list:
    return [p for p in paragraphs(doc.element.body) if style_of(p) == style]


def indent(p) -> tuple[int, int]:
    ind = p.find(f"{W}pPr/{W}ind")
    return int(ind.get(f"{W}left", 0)), int(ind.get(f"{W}hanging", 0))


def body_sections(doc) -> list:
    return list(doc.element.body.iter(f"{W}sectPr"))


# ---- templates -------------------------------------------------------------------------------

def test_three_templates_share_one_style_sheet():
    parts = []
    for name in ("ke-hoach", "bao-cao", "cong-van"):
        with zipfile.ZipFile(ROOT / "templates" / "docx" / f"{name}.docx") as z:
            parts.append(z.read("word/styles.xml"))
    assert parts[0] == parts[1] == parts[2]


def test_template_choice():
    assert default_template(cong_van()) == TEMPLATE_CONG_VAN
    assert default_template(bao_cao()) == TEMPLATE_BAO_CAO


# ---- Báo cáo ---------------------------------------------------------------------------------

def test_bao_cao_title_then_kinh_gui_on_one_line(bc):
    names = [text(p) for p in paragraphs(bc.element.body)]
    assert "BÁO CÁO" in names
    kg = styled(bc, "VBKinhGui")
    assert [text(p) for p in kg] == [f"Kính gửi: {SNNMT}."]
    p = kg[0]
    assert size_pt(bc, p) == 14 and not bold(bc, p) and not italic(bc, p)
    # After the rule under the trích yếu, before the body.
    order = paragraphs(bc.element.body)
    rule = [q for q in order if style_of(q) == "VBGach" and q.getparent().tag == f"{W}body"][0]
    first_body = styled(bc, "VBThanVan")[0]
    assert order.index(rule) < order.index(p) < order.index(first_body)
    # Centred on the text width, wrapping (if ever) under the recipient's first letter.
    left, hanging = indent(p)
    width = metrics.width_twips(text(p), 14)
    assert hanging == metrics.width_twips("Kính gửi: ", 14)
    assert abs((left - hanging) - (8788 - width) // 2) <= 1


def test_bao_cao_sections_and_end_mark(bc):
    muc = [text(p) for p in styled(bc, "VBMuc")]
    assert muc == ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
                   "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    body = [p for p in paragraphs(bc.element.body) if style_of(p) in ("VBThanVan", "VBMuc", "VBKhoan")]
    assert text(body[-1]).endswith("tổng hợp./.")


def test_long_kinh_gui_wraps_under_its_own_text():
    name = "Ủy ban nhân dân các huyện, thị xã, thành phố và các đơn vị sự nghiệp trực thuộc tỉnh"
    (one,) = kinh_gui_paragraphs([name], 8788)
    assert 'w:left="' in one and 'w:hanging="' in one
    left = int(one.split('w:left="')[1].split('"')[0])
    hanging = int(one.split('w:hanging="')[1].split('"')[0])
    assert left - hanging == 0 and hanging == metrics.width_twips("Kính gửi: ", 14)


def test_nhu_tren_first_luu_last(bc, cv):
    for doc in (bc, cv):
        lines = [text(p) for p in styled(doc, "VBNoiNhan")]
        assert lines[0] == "- Như trên;" and lines.count("- Như trên;") == 1
        assert lines[-1].startswith("- Lưu: VT, ") and lines[-1].endswith(".")
        assert all(line.endswith(";") for line in lines[:-1])


def test_bao_cao_annex_landscape_numbered_from_one(bc):
    secs = body_sections(bc)
    assert len(secs) == 2
    first, annex = secs
    assert first.find(f"{W}pgSz").get(f"{W}orient") in (None, "portrait")
    sz = annex.find(f"{W}pgSz")
    assert sz.get(f"{W}orient") == "landscape" and int(sz.get(f"{W}w")) > int(sz.get(f"{W}h"))
    pg = annex.find(f"{W}pgNumType")
    assert pg.get(f"{W}start") == "1" and pg.get(f"{W}fmt") == "decimal"
    assert annex.find(f"{W}titlePg") is not None
    assert annex.find(f"{W}type").get(f"{W}val") == "nextPage"
    # The annex heading: one annex, so "Phụ lục" without a numeral; title in capitals; Kèm theo.
    assert [text(p) for p in styled(bc, "VBPhuLucSo")] == ["Phụ lục"]
    assert [text(p) for p in styled(bc, "VBPhuLucTen")] == ["KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026"]
    assert [text(p) for p in styled(bc, "VBKemTheo")] == [
        "(Kèm theo Báo cáo số 57/BC-SXD ngày 08 tháng 7 năm 2026 của Sở Xây dựng)"]


def test_bao_cao_annex_table(bc):
    tbl = bc.element.body.findall(f"{W}tbl")[-1]
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [text(c) for c in rows[0].findall(f"{W}tc")] == [c[0] for c in COLUMNS]
    # Group row: label in the TT column, the title spanning the others.
    group = rows[1].findall(f"{W}tc")
    assert [text(c) for c in group] == ["I", "Nhiệm vụ chủ trì"]
    assert group[1].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "4"
    # "Năm 2026" twice in a row: merged vertically; a group row ends a run.
    def vmerge(row, col):
        m = rows[row].findall(f"{W}tc")[col].find(f"{W}tcPr/{W}vMerge")
        return None if m is None else (m.get(f"{W}val") or "continue")
    assert (vmerge(2, 2), vmerge(3, 2), vmerge(4, 2)) == ("restart", "continue", None)
    assert (vmerge(6, 2), vmerge(7, 2)) == ("restart", "continue")
    # The status count closes the table, as a bold row across the columns after TT.
    last = rows[-1].findall(f"{W}tc")
    assert [text(c) for c in last] == ["", ROWS[-1][1]]
    assert all(style_of(p) == "VBBangNhom" for p in last[1].iter(f"{W}p"))


# ---- Công văn --------------------------------------------------------------------------------

def test_cong_van_has_no_ten_loai(cv):
    names = [text(p) for p in paragraphs(cv.element.body)]
    assert not styled(cv, "VBTenLoai") and not styled(cv, "VBTrichYeu")
    assert "CÔNG VĂN" not in names


def test_cong_van_vv_under_so_in_left_header_cell(cv):
    header = cv.element.body.find(f"{W}tbl")
    left = header.findall(f"{W}tr")[1].findall(f"{W}tc")[0]
    lines = [p for p in left.findall(f"{W}p") if text(p)]
    assert text(lines[0]) == "Số: 215/SNNMT-QLMT"
    vv = lines[1]
    assert style_of(vv) == "VBTrichYeuCV"
    pieces = [t.text for t in vv.iter(f"{W}t")]
    assert " ".join(pieces) == "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 132/KH-UBND"
    assert 12 <= size_pt(cv, vv) <= 13 and not bold(cv, vv) and not italic(cv, vv)
    assert align(cv, vv) == "center"
    spacing = vv.find(f"{W}pPr/{W}spacing")
    if spacing is None:
        spacing = cv.styles.element.get_by_id("VBTrichYeuCV").find(f"{W}pPr/{W}spacing")
    assert int(spacing.get(f"{W}before")) == 120  # 6 pt under Số
    # Broken into lines that each fit the cell (no line left to Word's wrapping).
    breaks = vv.findall(f".//{W}br")
    cell = 3600 - 2 * 57
    assert len(pieces) == len(breaks) + 1
    assert all(metrics.width_twips(s, 12) <= cell for s in pieces)


def test_cong_van_kinh_gui_block(cv):
    kg = styled(cv, "VBKinhGui")
    assert [text(p) for p in kg] == ["Kính gửi:", "- Sở Xây dựng;", "- Sở Công Thương;",
                                     "- Ủy ban nhân dân các xã, phường."]
    x, _ = indent(kg[0])
    dashes = {indent(p)[0] - indent(p)[1] for p in kg[1:]}
    # Every dash starts at the same place: under the colon of "Kính gửi:".
    assert dashes == {x + metrics.width_twips("Kính gửi", 14)}
    # Right after the header table (one empty line between), before the body.
    order = paragraphs(cv.element.body)
    header_last = paragraphs(cv.element.body.find(f"{W}tbl"))[-1]
    assert order.index(kg[0]) == order.index(header_last) + 2
    assert order.index(kg[-1]) < order.index(styled(cv, "VBThanVan")[0])
    assert all(size_pt(cv, p) == 14 and not bold(cv, p) for p in kg)


def test_cong_van_body_has_the_new_deadline(cv):
    body = [text(p) for p in styled(cv, "VBThanVan")]
    assert any("trước ngày 31/7/2026" in t for t in body)
    # The text's own final period becomes part of the end mark.
    assert body[-1].endswith("31/7/2026./.")
    assert len(body_sections(cv)) == 1  # no annex


def test_cong_van_needs_the_drafting_unit():
    from pydantic import ValidationError
    vb = cong_van().vb
    data = vb.model_dump()
    data["ngay"] = vb.ngay
    data["noi_nhan"]["luu"]["don_vi"] = None
    with pytest.raises(ValidationError) as e:
        type(cong_van().vb).model_validate(data)
    assert "noi_nhan.luu.don_vi" in str(e.value)


def test_cong_van_ky_hieu_joins_agency_and_unit():
    from vanban.layout import prepare
    assert prepare.header(cong_van().vb).so_line.endswith(f"/{cong_van().vb.co_quan_ban_hanh.viet_tat}-"
                                                          f"{cong_van().vb.noi_nhan.luu.don_vi}")


def test_kinh_gui_punctuation_is_generated():
    paras = kinh_gui_paragraphs(["- Sở Tài chính;", "Sở Nội vụ."], 8788)
    assert [text_of(p) for p in paras] == ["Kính gửi:", "- Sở Tài chính;", "- Sở Nội vụ."]
    assert kinh_gui_paragraphs([], 8788) == []


def text_of(raw: str) -> str:
    from lxml import etree
    el = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{raw}</w:body>')
    return text(el)


# ---- checked by the ND30 checker, the schema audit and LibreOffice ---------------------------

@pytest.mark.parametrize("name", ["bao-cao.docx", "cong-van.docx"])
def test_checker_finds_no_error(out_dir, name):
    errors = [f for f in kiem_tra(out_dir / name) if f.severity == LOI]
    assert errors == [], errors


@pytest.mark.parametrize("name", ["bao-cao.docx", "cong-van.docx"])
def test_openxml_audit(out_dir, name):
    exe = Path(sys.executable).with_name("openxml-audit")
    cmd = [str(exe) if exe.exists() else "openxml-audit", "-o", "json", str(out_dir / name)]
    report = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=300).stdout)[0]
    assert report["error_count"] == 0, report["errors"]


@pytest.mark.parametrize("name", ["bao-cao.docx", "cong-van.docx"])
def test_templates_pass_openxml_audit(name):
    exe = Path(sys.executable).with_name("openxml-audit")
    cmd = [str(exe) if exe.exists() else "openxml-audit", "-o", "json", str(ROOT / "templates" / "docx" / name)]
    report = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=300).stdout)[0]
    assert report["error_count"] == 0, report["errors"]


def test_libreoffice_pages(out_dir, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: run ./setup.sh")
    pdf_dir = tmp_path_factory.mktemp("van-ban-pdf")
    profile = tmp_path_factory.mktemp("lo-profile-vb")
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdf_dir), str(out_dir / "bao-cao.docx"), str(out_dir / "cong-van.docx")],
                   check=True, capture_output=True, timeout=600)
    bc_pages = subprocess.run(["pdftotext", "-layout", str(pdf_dir / "bao-cao.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout.split("\f")
    assert "Kính gửi: " + SNNMT + "." in " ".join(bc_pages[0].split())
    annex = next(i for i, p in enumerate(bc_pages) if "Kèm theo Báo cáo số 57/BC-SXD" in p)
    assert annex > 0 and not bc_pages[annex].strip().startswith(("1", "2"))  # no number on its first page
    cv_text = subprocess.run(["pdftotext", "-layout", str(pdf_dir / "cong-van.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    first = " ".join(cv_text.split("\f")[0].split())
    assert "Số: 215/SNNMT-QLMT" in first and "V/v đôn đốc báo cáo" in first
    assert "- Sở Công Thương;" in first and "CÔNG VĂN" not in first


# ---- rows that may break across pages ----------------------------------------------------------

def long_rows_table() -> BangPhuLuc:
    """A ``tach_dong`` table: a short row, a row longer than a landscape page, a group row."""
    long_text = "\n".join(f"Sở {k}: đã triển khai nội dung số {k} của nhiệm vụ theo kế hoạch." for k in range(80))
    return BangPhuLuc(ten="Kết quả", cot=[("TT", 1, True), ("Nội dung", 4, False), ("Tình trạng", 2, True)],
                      dong=[["1", "Nhiệm vụ ngắn", "Chưa báo cáo"], ("II", "Nhóm hai"),
                            ["2", long_text, "Đang thực hiện"]], tach_dong=True)


def test_only_a_row_taller_than_the_page_may_break(tmp_path):
    doc = bao_cao()
    doc.phu_luc = [long_rows_table()]
    render_van_ban_docx(doc, tmp_path / "bc.docx")
    tbl = open_docx(tmp_path / "bc.docx").element.body.findall(f"{W}tbl")[-1]
    rows = tbl.findall(f"{W}tr")[1:]  # after the column head
    kept = [r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows]
    # The short row stays whole ("Chưa báo" | "cáo" never splits), the long one may break.
    assert kept == [True, True, False]
