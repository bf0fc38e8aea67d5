"""Annex tasks imported from Excel: the project's own annex workbook round-trips field by field, and
tables clerks build by hand (headers anywhere, two-row headers, merged cells, group rows of every
kind, extra columns, blank and totals rows, a LibreOffice re-save) give every task, agency and
timeline, with a located warning for whatever was guessed or left out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from openpyxl.styles import Font

from vanban import api
from vanban.errors import InputError
from vanban.load import load_plan
from vanban.nhap.xlsx import MAX_ROWS, doc_phu_luc_xlsx
from vanban.text.than_van import parse_inline
from tests.conftest import PLANS, write

SAMPLES = [p.stem for p in sorted(PLANS.glob("*.yaml")) if load_plan(p).phu_luc]

VARIANTS = """\
co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ
co_quan_ban_hanh: {ten: Sở Tài chính, viet_tat: STC}
so: 7
ngay: 2026-02-03
dia_danh: Quảng Trị
trich_yeu: Thực hiện nhiệm vụ năm 2026
nguoi_ky: {quyen_han: KT., cap_truong: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Trần Văn B}
noi_nhan: {nhu_tren: true, gui: [UBND tỉnh], luu: {don_vi: KHTC, so_ban_luu: 2}}
noi_dung: |
  I. NHIỆM VỤ
  Các nhiệm vụ tại Phụ lục I và Phụ lục II kèm theo Kế hoạch này.
phu_luc:
  - ten: Nhiệm vụ thường xuyên
    cot: [tt, {ma: noi_dung, rong: 7}, san_pham, chu_tri, {ma: thoi_gian, rong: 2.5}, kinh_phi]
    danh_so_lien_tuc: true
    co_chu: 11
    nhiem_vu:
      - {id: A0, noi_dung: "Việc chung *quan trọng*, 2 \\\\* 3", chu_tri: "Phòng A; Phòng B"}
    nhom:
      - ten: Quý I
        danh_so: so
        nhiem_vu:
          - {id: A1, noi_dung: Việc một, chu_tri: [Phòng A], thoi_gian: Quý I/2026, kinh_phi: 100}
          - {id: A2, noi_dung: Việc hai, chu_tri: [Phòng A], thoi_gian: Quý I/2026}
      - ten: Quý II
        danh_so: so
        nhiem_vu:
          - {id: A3, noi_dung: Việc ba, chu_tri: [Phòng B], thoi_gian: Quý II/2026}
  - ten: Nhiệm vụ đột xuất
    phu_de: Giao trong năm 2026
    cot: [noi_dung, {ma: chu_tri, tieu_de: Đơn vị}, ghi_chu]
    gop_o: [chu_tri]
    nhom:
      - ten: Đột xuất^[Theo chỉ đạo của Ủy ban nhân dân tỉnh.]
        danh_so: la_ma
        nhiem_vu:
          - {id: B1, noi_dung: "Việc bốn^[Ghi chú một.]", chu_tri: [Phòng C]}
        nhom:
          - ten: Khác
            danh_so: chu_cai
            nhiem_vu:
              - {id: B2, noi_dung: Việc năm, chu_tri: "Phòng C; Các sở, ban, ngành"}
              - {id: B3, noi_dung: Việc sáu, chu_tri: "Phòng C; Các sở, ban, ngành", ghi_chu: Gấp}
"""


# ---- helpers --------------------------------------------------------------------------------

def shown(text: str | None) -> str:
    """What an annex cell shows of a model text: the inline marks' text, a footnote as ^[its text]."""
    out = []
    for r in parse_inline(text or ""):
        out.append("^[" + "".join(x.text for x in r.note) + "]" if r.note is not None else r.text)
    return "".join(out)


def _printed(kh, index: int) -> list[float]:
    """The columns' widths as the annex prints them: the layout's (a column too narrow for its
    words, "STT" or a date, is widened; ``layout.bo_cuc.do_rong``)."""
    from vanban.layout import bo_cuc
    from vanban.render.geometry import from_template
    from vanban.resources import templates_dir

    geo = from_template(templates_dir("docx") / "ke-hoach.docx")
    return [c.rong for c in bo_cuc.bang_ke_hoach(kh, kh.phu_luc[index], index, geo).cot]


def assert_same_annex(want, got, widths: list[float] | None = None) -> None:
    """Field by field, as the annex prints: the writer shows the title in capitals, and neither the
    inline marks nor the task ids are in the workbook; ``widths``: the printed widths (default:
    the plan's)."""
    assert got.ten == want.ten.upper()
    assert (got.phu_de, got.danh_so_lien_tuc, got.co_chu) == (want.phu_de, want.danh_so_lien_tuc, want.co_chu)
    assert [(c.ma, c.tieu_de) for c in got.cot] == [(c.ma, c.tieu_de) for c in want.cot]
    # the width the column has (a width equal to the default is no width); a widened column's
    # width is read back from the workbook's column widths, rounded to 2 decimals of a character
    if widths is None:
        for a, b in zip(want.cot, got.cot):
            assert b.weight == pytest.approx(a.weight, rel=0.01), a.ma
    else:  # widths are relative: the shares of the table each column has
        total, read = sum(widths), sum(b.weight for b in got.cot)
        for a, b, w in zip(want.cot, got.cot, widths):
            assert b.weight / read == pytest.approx(w / total, rel=0.03), a.ma
    assert set(got.gop_o) <= set(want.gop_o)

    columns = {c.ma for c in want.cot}  # what the workbook shows: a field with no column is not in it

    def tasks(xs, ys):
        assert len(xs) == len(ys)
        for x, y in zip(xs, ys):
            for k in ("noi_dung", "san_pham", "tien_do", "thoi_gian", "kinh_phi", "ghi_chu"):
                if k in columns:
                    assert shown(getattr(y, k)) == shown(getattr(x, k)), (x.id, k)
            for k in ("chu_tri", "phoi_hop"):
                if k in columns:
                    assert getattr(y, k) == getattr(x, k), (x.id, k)

    def groups(xs, ys):
        assert [(shown(g.ten), g.danh_so) for g in ys] == [(shown(g.ten), g.danh_so) for g in xs]
        for x, y in zip(xs, ys):
            tasks(x.nhiem_vu, y.nhiem_vu)
            groups(x.nhom, y.nhom)

    tasks(want.nhiem_vu, got.nhiem_vu)
    groups(want.nhom, got.nhom)


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is required: run ./setup.sh")
    return exe


def resave_with_libreoffice(files: list[Path], out: Path, profile: Path) -> None:
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300)


def places(warnings) -> list[str]:
    return [w.path for w in warnings]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- the project's own annex workbook -------------------------------------------------------

@pytest.fixture(scope="module")
def own(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """Every sample plan with an annex, and a plan of every annex variant, through ``vanban kehoach``."""
    out = tmp_path_factory.mktemp("own")
    plans = {name: PLANS / f"{name}.yaml" for name in SAMPLES}
    plans["bien-the"] = write(out, "bien-the.yaml", VARIANTS)
    made = {}
    for name, plan in plans.items():
        api.tao_ke_hoach(plan, out / "ra")
        made[name] = (out / "ra" / f"{name}-phu-luc.xlsx", load_plan(plan))
    return made


def test_samples_with_annexes_exist():
    assert {"hung-yen-132", "quang-tri-snnmt"} <= set(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES + ["bien-the"])
def test_own_workbook_round_trip(own, name):
    xlsx, kh = own[name]
    before = digest(xlsx)
    annexes, warnings = doc_phu_luc_xlsx(xlsx)
    assert digest(xlsx) == before  # the input is never changed
    assert len(annexes) == len(kh.phu_luc)
    for k, (want, got) in enumerate(zip(kh.phu_luc, annexes)):
        assert_same_annex(want, got, _printed(kh, k))
    if name != "bien-the":
        assert warnings == []
        for want, got in zip(kh.phu_luc, annexes):
            assert got.gop_o == want.gop_o


def test_own_workbook_variants_say_what_they_guessed(own):
    xlsx, _kh = own["bien-the"]
    annexes, warnings = doc_phu_luc_xlsx(xlsx)
    # The custom title "Đơn vị" of the responsible agency is read as such, and said.
    assert [str(w) for w in warnings] == [f"{xlsx}, Sheet 'Phụ lục II', ô B6: đã hiểu cột “Đơn vị” là “Cơ quan chủ "
                                          "trì”; kiểm tra lại"]
    first, second = annexes
    assert first.nhiem_vu[0].noi_dung == "Việc chung quan trọng, 2 \\* 3"  # marks the workbook shows literally
    assert first.nhiem_vu[0].chu_tri == ["Phòng A", "Phòng B"]
    assert second.nhom[0].ten == "Đột xuất^[Theo chỉ đạo của Ủy ban nhân dân tỉnh.]"
    assert second.nhom[0].nhiem_vu[0].noi_dung == "Việc bốn^[Ghi chú một.]"
    assert second.nhom[0].nhom[0].nhiem_vu[1].chu_tri == ["Phòng C", "Các sở, ban, ngành"]
    assert second.gop_o == ["chu_tri"]


def test_ids_are_stable_and_follow_the_place(own):
    xlsx, _kh = own["bien-the"]
    a1, _ = doc_phu_luc_xlsx(xlsx)
    a2, _ = doc_phu_luc_xlsx(xlsx)
    ids = [t.id for pl in a1 for t in pl.all_tasks()]
    assert ids == [t.id for pl in a2 for t in pl.all_tasks()]
    assert ids == ["PL1-01", "PL1-1-01", "PL1-1-02", "PL1-2-01", "PL2-1-01", "PL2-1.1-01", "PL2-1.1-02"]
    xlsx, kh = own["quang-tri-snnmt"]
    (pl,), _ = doc_phu_luc_xlsx(xlsx)
    assert pl.nhom[1].nhom[2].nhiem_vu[0].id == "PL1-2.3-01"
    assert len(set(t.id for t in pl.all_tasks())) == len(kh.phu_luc[0].all_tasks())


def test_own_workbook_resaved_by_libreoffice(own, tmp_path):
    files = [own[name][0] for name in ("quang-tri-snnmt", "bien-the")]
    resave_with_libreoffice(files, tmp_path / "lo", tmp_path / "profile")
    for name in ("quang-tri-snnmt", "bien-the"):
        xlsx, kh = own[name]
        annexes, _ = doc_phu_luc_xlsx(tmp_path / "lo" / xlsx.name)
        assert len(annexes) == len(kh.phu_luc)
        for k, (want, got) in enumerate(zip(kh.phu_luc, annexes)):
            assert_same_annex(want, got, _printed(kh, k))


# ---- tables a clerk made --------------------------------------------------------------------

SNNMT, CA, SXD, SVH = "Sở Nông nghiệp và Môi trường", "Công an tỉnh", "Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch"
CAC_SO = "Các sở, ban, ngành, UBND các xã, phường"


def clerk_book(path: Path) -> Path:
    """Two annexes as clerks type them in Excel, and a sheet of notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "PL I"
    ws["A1"] = "UBND TỈNH HƯNG YÊN"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "PHỤ LỤC I"
    ws.merge_cells("A2:I2")
    ws["A3"] = "DANH MỤC NHIỆM VỤ TRIỂN KHAI\nKẾ HOẠCH BẢO VỆ MÔI TRƯỜNG NĂM 2026"
    ws.merge_cells("A3:I3")
    ws["A4"] = "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh)"
    ws.merge_cells("A4:I4")
    # A two-row header (row 6-7), titles in capitals or with line breaks, an unknown column.
    for col, title in zip("ABEFGHI", ["STT", "NỘI DUNG\nNHIỆM VỤ", "Thời gian\nhoàn thành", "Sản phẩm",
                                      "Kinh phí (triệu đồng)", "Ghi  chú", "Mức độ ưu tiên"]):
        ws[f"{col}6"] = title
        ws.merge_cells(f"{col}6:{col}7")
    ws["C6"] = "Cơ quan thực hiện"
    ws.merge_cells("C6:D6")
    ws["C7"], ws["D7"] = "Chủ trì", "Phối hợp"
    for k, col in enumerate("ABCDEFGHI", start=1):  # the column numbers under the header
        ws[f"{col}8"] = f"({k})"
    rows = [
        ("I", "NHIỆM VỤ TRỌNG TÂM"),
        ("A", "Lĩnh vực môi trường"),
        (1, "Điều tra, đánh giá nguồn thải", f"{SNNMT};\n{CA}", CAC_SO, dt.datetime(2026, 6, 30),
         "Báo cáo", 1500, None, "Cao"),
        (2, "Kiểm soát khí thải phương tiện", SXD, None, "Quý III/2026", "Kế hoạch", None, "Thực hiện\nhằng năm",
         None),
        (3, "Quan trắc chất lượng không khí", f"- {SNNMT}\n- {SXD}", None, "2026", None, None, None, None),
        (None,) * 9,
        ("B", "Lĩnh vực xây dựng"),
        (1, "Xử lý nước thải đô thị", SXD, "Sở Tài chính", "2026 - 2030", "Công trình", None, None, None),
        (2, "Thu gom chất thải rắn", "Ủy ban nhân dân các xã,\nphường", SNNMT, None, None, None, None, None),
        ("II", "NHIỆM VỤ THƯỜNG XUYÊN"),
        (1, "Thanh tra, kiểm tra định kỳ", "Thanh tra tỉnh", CA, "Hằng năm", None, None, None, "Trung bình"),
        (None, "Tổng cộng", None, None, None, None, "=SUM(G11:G20)", None, None),
    ]
    for r, values in enumerate(rows, start=9):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    ws["E11"].number_format = "dd/mm/yyyy"
    ws["G11"].number_format = "#,##0"
    ws.merge_cells("D11:D13")  # one "phối hợp" for three tasks
    ws.merge_cells("E16:E17")  # one timeline for two tasks
    ws["F22"] = "NGƯỜI LẬP BIỂU"

    # A second annex: header not in row 1, columns in another order, "Nhóm …" rows of each kind.
    ws2 = wb.create_sheet("Tuyên truyền")
    ws2["A1"] = "KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026"
    ws2["A2"] = "Các hoạt động tuyên truyền về bảo vệ môi trường"
    for c, title in enumerate(["TT", "Đơn vị chủ trì", "Tên nhiệm vụ", "Tiến độ", "Đơn vị phối hợp"], start=1):
        ws2.cell(4, c, title)
    ws2["A5"] = "Nhóm nhiệm vụ về truyền thông"
    ws2.merge_cells("A5:E5")
    ws2.append([1, "Báo Hưng Yên", "Mở chuyên mục môi trường", "Quý I/2026", SVH])
    ws2.append([2, "Đài Phát thanh và Truyền hình", "Phát phóng sự", "Hằng quý", None])
    ws2["C8"] = "Nhóm nhiệm vụ về đào tạo"
    ws2.append([1, "Sở Nội vụ", "Bồi dưỡng cán bộ", "2026", None])
    ws2["C10"] = "Hoạt động khác"
    ws2["C10"].font = Font(bold=True)
    ws2.append([1, SVH, "Tổ chức ngày hội môi trường", "06/2026", "Hội Liên hiệp Phụ nữ tỉnh"])
    ws2["B13"] = "Tổng"  # a totals row with no content

    ws3 = wb.create_sheet("Ghi chú")
    ws3["A1"] = "Bảng này do Văn phòng lập."
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def clerk(tmp_path_factory) -> Path:
    return clerk_book(tmp_path_factory.mktemp("clerk") / "nhiem-vu.xlsx")


def test_clerk_table_two_row_header_groups_and_merges(clerk):
    annexes, warnings = doc_phu_luc_xlsx(clerk)
    assert len(annexes) == 2
    pl = annexes[0]
    assert pl.ten == "DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH BẢO VỆ MÔI TRƯỜNG NĂM 2026"
    assert pl.phu_de is None
    assert [(c.ma, c.tieu_de) for c in pl.cot] == [
        ("tt", "STT"), ("noi_dung", "NỘI DUNG NHIỆM VỤ"), ("chu_tri", None), ("phoi_hop", None),
        ("thoi_gian", "Thời gian hoàn thành"), ("san_pham", "Sản phẩm"), ("kinh_phi", "Kinh phí (triệu đồng)"),
        ("ghi_chu", None)]
    assert [(g.ten, g.danh_so) for g in pl.nhom] == [("NHIỆM VỤ TRỌNG TÂM", "la_ma"),
                                                     ("NHIỆM VỤ THƯỜNG XUYÊN", "la_ma")]
    assert [(g.ten, g.danh_so) for g in pl.nhom[0].nhom] == [("Lĩnh vực môi trường", "chu_cai"),
                                                             ("Lĩnh vực xây dựng", "chu_cai")]
    env, build = pl.nhom[0].nhom
    got = [(t.id, t.noi_dung, t.chu_tri, t.phoi_hop, t.thoi_gian) for t in env.nhiem_vu + build.nhiem_vu]
    assert got == [
        ("PL1-1.1-01", "Điều tra, đánh giá nguồn thải", [SNNMT, CA], [CAC_SO], "30/06/2026"),
        ("PL1-1.1-02", "Kiểm soát khí thải phương tiện", [SXD], [CAC_SO], "Quý III/2026"),
        ("PL1-1.1-03", "Quan trắc chất lượng không khí", [SNNMT, SXD], [CAC_SO], "2026"),
        ("PL1-1.2-01", "Xử lý nước thải đô thị", [SXD], ["Sở Tài chính"], "2026 - 2030"),
        ("PL1-1.2-02", "Thu gom chất thải rắn", ["Ủy ban nhân dân các xã, phường"], [SNNMT], "2026 - 2030"),
    ]
    first = env.nhiem_vu[0]
    # "Mức độ ưu tiên" has no column of its own left: its values are kept in the notes column.
    assert (first.san_pham, first.kinh_phi, first.ghi_chu) == ("Báo cáo", "1.500", "Mức độ ưu tiên: Cao")
    assert env.nhiem_vu[1].ghi_chu == "Thực hiện\nhằng năm"
    (regular,) = pl.nhom[1].nhiem_vu
    assert (regular.id, regular.chu_tri, regular.phoi_hop, regular.thoi_gian, regular.ghi_chu) == (
        "PL1-2-01", ["Thanh tra tỉnh"], [CA], "Hằng năm", "Mức độ ưu tiên: Trung bình")
    assert pl.gop_o == ["phoi_hop", "thoi_gian"]
    assert not pl.danh_so_lien_tuc

    by_place = {w.path: w.message for w in warnings}
    assert "ghi thêm vào cột “Ghi chú”" in by_place["Sheet 'PL I', ô I6"]
    assert by_place["Sheet 'PL I'"] == "bỏ qua 1 dòng trống trong bảng (dòng 14)"
    assert "không được giữ" in by_place["Sheet 'PL I', dòng 1"]  # the agency name above "PHỤ LỤC I"
    assert "tổng cộng" in by_place["Sheet 'PL I', dòng 20"]
    assert "chưa có giá trị được tính" in by_place["Sheet 'PL I', ô G20"]
    assert "không được giữ" in by_place["Sheet 'PL I', ô F22"]
    assert "bỏ qua" in by_place["Sheet 'Ghi chú'"]


def test_clerk_table_header_lower_columns_reordered_and_nhom_rows(clerk):
    annexes, warnings = doc_phu_luc_xlsx(clerk)
    pl = annexes[1]
    assert (pl.ten, pl.phu_de) == ("KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026", "Các hoạt động tuyên truyền về bảo vệ môi trường")
    assert [(c.ma, c.tieu_de) for c in pl.cot] == [("tt", None), ("chu_tri", "Đơn vị chủ trì"),
                                                   ("noi_dung", "Tên nhiệm vụ"), ("tien_do", None),
                                                   ("phoi_hop", "Đơn vị phối hợp")]
    assert [(g.ten, g.danh_so) for g in pl.nhom] == [("Nhóm nhiệm vụ về truyền thông", "khong"),
                                                     ("Nhóm nhiệm vụ về đào tạo", "khong"),
                                                     ("Hoạt động khác", "khong")]
    got = [(t.id, t.noi_dung, t.chu_tri, t.phoi_hop, t.tien_do) for t in pl.all_tasks()]
    assert got == [
        ("PL2-1-01", "Mở chuyên mục môi trường", ["Báo Hưng Yên"], [SVH], "Quý I/2026"),
        ("PL2-1-02", "Phát phóng sự", ["Đài Phát thanh và Truyền hình"], [], "Hằng quý"),
        ("PL2-2-01", "Bồi dưỡng cán bộ", ["Sở Nội vụ"], [], "2026"),
        ("PL2-3-01", "Tổ chức ngày hội môi trường", [SVH], ["Hội Liên hiệp Phụ nữ tỉnh"], "06/2026"),
    ]
    by_place = {w.path: w.message for w in warnings}
    assert "chữ đậm" in by_place["Sheet 'Tuyên truyền', ô C10"]
    assert "tổng cộng" in by_place["Sheet 'Tuyên truyền', dòng 13"]


def test_clerk_table_resaved_by_libreoffice_reads_the_same(clerk, tmp_path):
    resave_with_libreoffice([clerk], tmp_path / "lo", tmp_path / "profile")
    want, _ = doc_phu_luc_xlsx(clerk)
    got, _ = doc_phu_luc_xlsx(tmp_path / "lo" / clerk.name)
    assert [pl.model_dump() for pl in got] == [pl.model_dump() for pl in want]


def small_table(path: Path, rows: list[list], head: list[str] | None = None, title: str = "Phụ lục") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["DANH MỤC NHIỆM VỤ"])
    ws.append(head or ["TT", "Nội dung", "Cơ quan chủ trì", "Tiến độ"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rewrite_part(path: Path, name: str, change) -> Path:
    """Rewrite one part of a package the way another program would have saved it."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == name else data)
    return path


def test_unknown_column_kept_with_its_title_and_reported(tmp_path):
    xlsx = small_table(tmp_path / "a.xlsx", [[1, "Việc một", SXD, "2026", "Môi trường"]],
                       head=["TT", "Nội dung thực hiện", "Chủ trì", "Thời hạn", "Lĩnh vực"])
    (pl,), warnings = doc_phu_luc_xlsx(xlsx)
    assert [(c.ma, c.tieu_de) for c in pl.cot] == [("tt", None), ("noi_dung", None), ("chu_tri", "Chủ trì"),
                                                   ("tien_do", "Thời hạn"), ("ghi_chu", "Lĩnh vực")]
    (t,) = pl.nhiem_vu
    assert (t.id, t.noi_dung, t.chu_tri, t.tien_do, t.ghi_chu) == ("PL1-01", "Việc một", [SXD], "2026", "Môi trường")
    assert [(w.path, "“ghi_chu” với tiêu đề “Lĩnh vực”" in w.message) for w in warnings] == [
        ("Sheet 'Phụ lục', ô E2", True)]


def test_group_kinds_and_ambiguous_letters(tmp_path):
    """Letters after H: "I" is the letter when the letters reached H, a Roman one otherwise;
    "Đ" is a letter; numbered groups are content cells merged across the row."""
    rows = [["I", "Phần một"]] + [[x, f"Nhóm {x}"] if k % 2 == 0 else [1, f"Việc {x}", SXD, "2026"]
                                   for x in "ABCDĐEGHI" for k in (0, 1)] + [["II", "Phần hai"], [1, "Việc cuối", CA]]
    xlsx = small_table(tmp_path / "g.xlsx", rows)
    (pl,), _ = doc_phu_luc_xlsx(xlsx)
    assert [(g.ten, g.danh_so) for g in pl.nhom] == [("Phần một", "la_ma"), ("Phần hai", "la_ma")]
    letters = pl.nhom[0].nhom
    assert [g.ten for g in letters] == [f"Nhóm {x}" for x in "ABCDĐEGHI"]
    assert {g.danh_so for g in letters} == {"chu_cai"}
    assert pl.nhom[1].nhiem_vu[0].id == "PL1-2-01"

    wb = Workbook()
    ws = wb.active
    ws.append(["TT", "Nội dung", "Chủ trì"])
    ws.append(["1", "Quý I"])
    ws.merge_cells("B2:C2")
    ws.append([1, "Việc một", SXD])
    ws.append([2, "Việc hai", SXD])
    ws.append(["2", "Quý II"])
    ws.merge_cells("B5:C5")
    ws.append([3, "Việc ba", CA])  # numbers run on across the groups
    ws.append(["III. Cả năm"])
    ws.merge_cells("A7:C7")  # label and title typed in one cell over the whole row
    ws.append([4, "Việc bốn", CA])
    wb.save(tmp_path / "so.xlsx")
    (pl,), warnings = doc_phu_luc_xlsx(tmp_path / "so.xlsx")
    assert [(g.ten, g.danh_so) for g in pl.nhom] == [("Quý I", "so"), ("Quý II", "so"), ("Cả năm", "la_ma")]
    assert pl.danh_so_lien_tuc
    assert [t.noi_dung for t in pl.all_tasks()] == ["Việc một", "Việc hai", "Việc ba", "Việc bốn"]
    assert any(w.path == "Sheet 'Sheet', dòng 1" and "tên phụ lục" in w.message for w in warnings)


def test_task_numbers_typed_wrong_are_renumbered_and_said(tmp_path):
    xlsx = small_table(tmp_path / "n.xlsx", [[1, "Việc một", SXD], [3, "Việc hai", SXD], [None, "Việc ba", CA]])
    (pl,), warnings = doc_phu_luc_xlsx(xlsx)
    assert [t.noi_dung for t in pl.nhiem_vu] == ["Việc một", "Việc hai", "Việc ba"]
    assert {w.path: w.message for w in warnings} == {
        "Sheet 'Phụ lục', ô A4": "số thứ tự “3” được đánh lại thành 2 (số thứ tự do phần mềm đánh theo thứ tự dòng)",
        "Sheet 'Phụ lục', ô A5": "nhiệm vụ không có số thứ tự; được đánh số 3"}


def test_escapes_invisible_characters_marks_and_saved_formulas(tmp_path):
    xlsx = small_table(tmp_path / "e.xlsx", [
        [1, "Dòng một_x000B_dòng hai", "Sở\u200b Xây dựng", "2026"],
        [2, "Giảm 10 * 2 lần ~ hằng năm", "=\"Công an \"&\"tỉnh\"", "Quý I"],
        [3, "=B3", SXD, "2026"],
    ])

    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" in sheet
    rewrite_part(xlsx, "xl/worksheets/sheet1.xml",
                 lambda d: re.sub(rb'<c r="C4"><f>(.*?)</f><v></v></c>',
                                  '<c r="C4" t="str"><f>\\1</f><v>Công an tỉnh</v></c>'.encode(), d))
    (pl,), warnings = doc_phu_luc_xlsx(xlsx)
    one, two = pl.nhiem_vu
    assert one.noi_dung == "Dòng một\ndòng hai"
    assert one.chu_tri == [SXD]
    assert two.noi_dung == "Giảm 10 \\* 2 lần \\~ hằng năm"  # prints as typed, never as marks
    assert two.chu_tri == [CA]
    by_place = {w.path: w.message for w in warnings}
    assert "khoảng trắng độ rộng 0" in by_place["Sheet 'Phụ lục', ô C3"]
    assert "đã dùng giá trị Excel lưu kèm “Công an tỉnh”" in by_place["Sheet 'Phụ lục', ô C4"]
    assert "chưa có giá trị được tính" in by_place["Sheet 'Phụ lục', ô B5"]  # its row has no content left
    assert "không có nội dung nhiệm vụ" in by_place["Sheet 'Phụ lục', ô C5"]


def test_plan_around_imported_annexes_renders_with_no_checker_error(clerk, tmp_path):
    annexes, _ = doc_phu_luc_xlsx(clerk)
    plan = yaml.safe_load((PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8"))
    del plan["danh_muc_co_quan"]
    plan["noi_dung"] += "Danh mục nhiệm vụ tại Phụ lục I và Phụ lục II kèm theo Kế hoạch này.\n"
    plan["phu_luc"] = [pl.model_dump(mode="json", exclude_defaults=True) for pl in annexes]
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = api.tao_ke_hoach(path, tmp_path / "ra")
    assert {p.name for p in result.tep} == {"ke-hoach.docx", "ke-hoach-phu-luc.xlsx"}
    (check,) = api.kiem_tra([tmp_path / "ra" / "ke-hoach.docx"])
    assert check.loi_doc is None
    assert check.so_loi == 0, [str(f) for f in check.phat_hien]
    again, _ = doc_phu_luc_xlsx(tmp_path / "ra" / "ke-hoach-phu-luc.xlsx")
    for want, got in zip(annexes, again):  # and the reissued workbook reads back the same
        assert [t.model_dump() for t in got.all_tasks()] == [t.model_dump() for t in want.all_tasks()]


# ---- hostile files --------------------------------------------------------------------------

def refused(path: Path) -> list[str]:
    with pytest.raises(InputError) as e:
        doc_phu_luc_xlsx(path)
    assert all(p.file == str(path) for p in e.value.problems)
    return [f"{p.path}|{p.message}" for p in e.value.problems]


def test_files_that_are_not_an_xlsx(tmp_path):
    csv = tmp_path / "bang.xlsx"
    csv.write_text("TT,Nội dung,Chủ trì\n1,Việc một,Sở Xây dựng\n", encoding="utf-8")
    assert "tệp văn bản thuần (như .csv)" in refused(csv)[0]
    xls = tmp_path / "cu.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    assert "Excel 97-2003 (.xls)" in refused(xls)[0]
    ods = tmp_path / "bang.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument (.ods)" in refused(ods)[0]
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "bị hỏng" in refused(broken)[0]
    assert "không tìm thấy tệp" in refused(tmp_path / "khong-co.xlsx")[0]
    assert "thư mục" in refused(tmp_path)[0]
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert "rỗng" in refused(empty)[0]


def test_a_sheet_of_100000_rows_is_refused_before_loading(tmp_path):
    xlsx = small_table(tmp_path / "dai.xlsx", [[1, "Việc một", SXD, "2026"]])
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(4, 100_001)).encode()
    rewrite_part(xlsx, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    assert refused(xlsx) == [f"Sheet 'Phụ lục', ô A100000|có dữ liệu hoặc định dạng ở dòng 100000, quá xa bảng "
                             f"(bảng phụ lục không quá {MAX_ROWS} dòng); xóa các dòng thừa ở cuối sheet rồi lưu lại"]


def test_nothing_usable_names_every_sheet(tmp_path):
    wb = Workbook()
    wb.active.title = "Tổng hợp"
    wb.active["A1"] = "Danh sách cán bộ"
    wb.active["A2"] = "Họ tên"
    wb.active["B2"] = "Chức vụ"
    wb.create_sheet("Trống")
    wb.save(tmp_path / "x.xlsx")
    (message,) = refused(tmp_path / "x.xlsx")
    assert message.startswith("Sheet 'Tổng hợp'|không tìm thấy bảng nhiệm vụ")
    # A header with no task under it is no annex either.
    only_head = small_table(tmp_path / "h.xlsx", [])
    assert refused(only_head)[0].startswith("Sheet 'Phụ lục'|không tìm thấy bảng nhiệm vụ")


def test_a_value_too_long_for_the_model_is_located(tmp_path):
    xlsx = small_table(tmp_path / "l.xlsx", [[1, "Việc một", "Sở " + "A" * 400, "2026"]])
    (message,) = refused(xlsx)
    assert message.startswith("Sheet 'Phụ lục', ô C3|tên cơ quan dài 403 ký tự, quá 300")


def test_notes_under_a_table_and_words_that_only_look_like_totals(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["TT", "Nội dung", "Chủ trì"])
    ws.append([1, "Cộng đồng dân cư tham gia phân loại rác(1)", "UBND các xã, phường"])
    ws.append([2, "Tổng kết mô hình điểm", SNNMT])
    ws.append([None, "Cộng", None])
    ws.append([])
    ws.append(["(1) Theo Quyết định số 15/QĐ-UBND."])
    ws.merge_cells("A6:C6")
    ws.append(["(2) Chú thích không có chỗ gắn."])
    ws.merge_cells("A7:C7")
    wb.save(tmp_path / "c.xlsx")
    (pl,), warnings = doc_phu_luc_xlsx(tmp_path / "c.xlsx")
    assert [t.noi_dung for t in pl.nhiem_vu] == [
        "Cộng đồng dân cư tham gia phân loại rác^[Theo Quyết định số 15/QĐ-UBND.]", "Tổng kết mô hình điểm"]
    by_place = {w.path: w.message for w in warnings}
    assert "tổng cộng" in by_place["Sheet 'Sheet', dòng 4"]
    assert "chú thích (2) không tìm thấy dấu “(2)”" in by_place["Sheet 'Sheet', ô A7"]
