"""Consolidation of agency returns (vanban.baocao.tong_hop) and its workbook.

The returns are built here as PhieuBaoCao objects; every expected number is computed in this file
from the rows created here (plus a hand count, so both the rule and the data are checked)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile

import pytest
from openpyxl import load_workbook

from vanban.api import doc_ke_hoach
from vanban.load import doc_danh_muc
from vanban.baocao import tong_hop as T
from vanban.errors import Problem, VanbanError
from vanban.model.bao_cao import (CHUA_THUC_HIEN, DA_HOAN_THANH, DANG_THUC_HIEN, KetQuaNhiemVu,
                                     PhieuBaoCao)
from vanban.render.docx_van_ban import render_van_ban_docx
from vanban.render.xlsx_tong_hop import render_tong_hop_xlsx
from vanban.text.than_van import check_numbering, parse_body
from vanban.text.thoi_han import doc_ky
from vanban.validate.tra_cuu import TraCuuCoQuan
from tests.conftest import PLANS, ROOT
from tests.docx_helpers import docx_text

PLAN = PLANS / "hung-yen-132.yaml"
SO = "132/KH-UBND"
SNNMT, SXD, CAT, XA = "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Công an tỉnh", "UBND các xã, phường"
# Timelines of this plan that are not yet due in 2026 ("2026 - 2030", "2027"); all others are due.
NOT_DUE_2026 = {"HY-1-02", "HY-1-06", "HY-2-02", "HY-2-03", "HY-2-04", "HY-6-02", "HY-6-03"}
INJECTION = '=HYPERLINK("http://example.invalid","bấm vào đây")'


@pytest.fixture(scope="module")
def plan():
    kh, tra_cuu, _ = doc_ke_hoach(PLAN)
    return kh, tra_cuu


def expand(tra_cuu, names):
    """The test's own reading of the plan: a group name stands for its members; a group with no
    listed members (the communes) stays one reporting unit under its registry name."""
    out = []
    for n in names:
        for m in tra_cuu.members(n) or [tra_cuu.canonical(n) or n]:
            if m not in out:
                out.append(m)
    return out


def assignments(kh, tra_cuu):
    """agency -> {task id: role}, lead role first (a task is listed once per agency)."""
    out: dict[str, dict[str, str]] = {}
    for t in kh.phu_luc[0].all_tasks():
        for role in ("chu_tri", "phoi_hop"):
            for a in expand(tra_cuu, getattr(t, role)):
                out.setdefault(a, {}).setdefault(t.id, role)
    return out


def row(tid, role, status, ket_qua=None, **kw):
    return KetQuaNhiemVu(id=tid, vai_tro=role, tinh_trang=status, ket_qua=ket_qua, **kw)


@pytest.fixture(scope="module")
def case(plan):
    kh, tra_cuu = plan
    assigned = assignments(kh, tra_cuu)
    snnmt_rows = []
    for tid, role in assigned[SNNMT].items():
        if role == "chu_tri":
            status = DANG_THUC_HIEN if tid == "HY-3-04" else DA_HOAN_THANH
        else:
            status = DANG_THUC_HIEN
        text = INJECTION if tid == "HY-1-03" else f"Kết quả {tid}"
        # HY-1-02: the form says "chủ trì", the plan says "phối hợp": counted as the plan says.
        snnmt_rows.append(row(tid, "chu_tri" if tid == "HY-1-02" else role, status, text,
                              ty_le=60 if tid == "HY-3-04" else None, dong=len(snnmt_rows) + 5))
    phieu = [
        # complete: every assigned task, name written as an alias
        PhieuBaoCao(tep="in/01-snnmt.xlsx", co_quan="Sở NN&MT", ky="2026", ke_hoach=SO, ket_qua=snnmt_rows,
                    cong_tac_chi_dao="Ban hành Kế hoạch triển khai.\n- Tổ chức hội nghị quán triệt.",
                    ton_tai="Thiếu nhân lực chuyên môn.", phuong_huong="Hoàn thành các nhiệm vụ còn lại.",
                    kien_nghi="Bố trí kinh phí quan trắc."),
        # partial, with a task not in the plan and a task reported twice
        PhieuBaoCao(tep="in/02-sxd.xlsx", co_quan="Sở Xây dựng", ky="2026", ke_hoach=SO, ket_qua=[
            row("HY-1-01", "chu_tri", DA_HOAN_THANH, "Đã ban hành kế hoạch giảm phát thải", dong=5),
            row("HY-1-02", "chu_tri", DANG_THUC_HIEN, "Đang lập dự án", ty_le=40, kho_khan="Thiếu vốn", dong=6),
            row("HY-2-03", "chu_tri", CHUA_THUC_HIEN, dong=7),
            row("HY-2-04", "chu_tri", DA_HOAN_THANH, "Đã kiểm tra khí thải", dong=8),
            row("HY-9-99", "chu_tri", DA_HOAN_THANH, "Không thuộc kế hoạch", dong=9),
            row("HY-1-01", "chu_tri", CHUA_THUC_HIEN, dong=10),
        ], ton_tai="Vốn đầu tư chậm."),
        # the same agency again (abbreviation): a duplicate, not counted
        PhieuBaoCao(tep="in/03-sxd-bo-sung.xlsx", co_quan="SXD", ky="2026", ke_hoach=SO, ket_qua=[
            row(tid, "chu_tri", DA_HOAN_THANH) for tid, r in assigned[SXD].items() if r == "chu_tri"],
            ton_tai="Không được tính."),
        # unknown agency (the former name of the department)
        PhieuBaoCao(tep="in/04-tnmt.xlsx", co_quan="Sở Tài nguyên và Môi trường", ky="2026", ke_hoach=SO,
                    ket_qua=[row("HY-1-03", "chu_tri", DA_HOAN_THANH)]),
        # another plan
        PhieuBaoCao(tep="in/05-syt.xlsx", co_quan="Sở Y tế", ky="2026", ke_hoach="85/KH-SNNMT",
                    ket_qua=[row("HY-3-05", "chu_tri", DA_HOAN_THANH)]),
        # another period
        PhieuBaoCao(tep="in/06-snv.xlsx", co_quan="Sở Nội vụ", ky="6T1/2026", ke_hoach=SO,
                    ket_qua=[row("HY-6-01", "chu_tri", DA_HOAN_THANH)]),
        # the communes (group without listed members), with a task not assigned to them
        PhieuBaoCao(tep="in/07-xa.xlsx", co_quan="UBND các xã, phường", ky="2026", ke_hoach=SO, ket_qua=[
            row("HY-1-06", "chu_tri", DANG_THUC_HIEN, "Đã di dời 2 cơ sở"),
            row("HY-3-02", "chu_tri", DA_HOAN_THANH, "Phân loại rác tại nguồn"),
            row("HY-4-01", "chu_tri", DA_HOAN_THANH, "Kiểm tra 15 cơ sở"),
            row("HY-5-04", "chu_tri", CHUA_THUC_HIEN),
            row("HY-1-01", "chu_tri", DA_HOAN_THANH, "Không được giao"),
        ], cong_tac_chi_dao="Giao phòng chuyên môn theo dõi."),
        # police: leads and one supporting task; plan number typed with spaces
        PhieuBaoCao(tep="in/08-cat.xlsx", co_quan="Công an tỉnh", ky="2026", ke_hoach=" 132 / KH-UBND ", ket_qua=[
            row("HY-1-04", "chu_tri", DANG_THUC_HIEN, "Kiểm tra 10 dự án"),
            row("HY-4-02", "chu_tri", DA_HOAN_THANH, "Xử lý 12 vụ vi phạm"),
            row("HY-1-03", "phoi_hop", DANG_THUC_HIEN, "Phối hợp cảnh báo"),
        ]),
    ]
    loi_doc = [Problem("in/09-hong.xlsx", "", "tệp không phải bảng tính .xlsx")]
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026"), list(reversed(phieu)), loi_doc)
    # What counts, as the test sees it: accepted agencies and their valid rows (first one per task).
    accepted = {SNNMT: phieu[0], SXD: phieu[1], XA: phieu[6], CAT: phieu[7]}
    counted: dict[str, dict[str, str]] = {}
    for agency, p in accepted.items():
        for r in p.ket_qua:
            if r.id in assigned[agency] and r.id not in counted.setdefault(agency, {}):
                counted[agency][r.id] = r.tinh_trang
    return kh, tra_cuu, th, assigned, counted


def expected_status(kh, tra_cuu, counted):
    out = {}
    for t in kh.phu_luc[0].all_tasks():
        leads = expand(tra_cuu, t.chu_tri)
        got = [counted[a][t.id] for a in leads if a in counted and t.id in counted[a]]
        if not got:
            out[t.id] = T.CHUA_BAO_CAO
        elif len(got) == len(leads) and all(s == DA_HOAN_THANH for s in got):
            out[t.id] = DA_HOAN_THANH
        elif any(s in (DA_HOAN_THANH, DANG_THUC_HIEN) for s in got):
            out[t.id] = DANG_THUC_HIEN
        else:
            out[t.id] = CHUA_THUC_HIEN
    return out


def vn_pct(part, whole):
    return f"{100 * part / whole:.1f}".replace(".", ",")


# ---- reconciliation -------------------------------------------------------------------------

def test_rejected_files_with_reasons(case):
    _, _, th, _, _ = case
    got = [(x.tep, x.loai) for x in th.khong_hop_le]
    assert got == [
        ("in/09-hong.xlsx", T.KHONG_DOC_DUOC),
        ("in/03-sxd-bo-sung.xlsx", T.TRUNG),
        ("in/04-tnmt.xlsx", T.CO_QUAN_KHONG_XAC_DINH),
        ("in/05-syt.xlsx", T.KHAC_KE_HOACH),
        ("in/06-snv.xlsx", T.KHAC_KY),
    ]
    why = {x.tep: x.ly_do for x in th.khong_hop_le}
    assert "tệp không phải bảng tính .xlsx" in why["in/09-hong.xlsx"]
    # the duplicate names both files; the first by file name is kept
    dup = why["in/03-sxd-bo-sung.xlsx"]
    assert "02-sxd.xlsx" in dup and "03-sxd-bo-sung.xlsx" in dup
    assert why["in/03-sxd-bo-sung.xlsx"].startswith("trùng")
    assert th.khong_hop_le[1].tep_giu == "in/02-sxd.xlsx"
    assert "Sở Tài nguyên và Môi trường" in why["in/04-tnmt.xlsx"]
    assert "“Sở Nông nghiệp và Môi trường”" in why["in/04-tnmt.xlsx"]  # the closest known name
    assert "85/KH-SNNMT" in why["in/05-syt.xlsx"] and SO in why["in/05-syt.xlsx"]
    assert "6T1/2026" in why["in/06-snv.xlsx"]


def test_rows_not_counted(case):
    _, _, th, _, _ = case
    got = [(d.tep, d.co_quan, d.id, d.loai) for d in th.dong_khong_tinh]
    assert sorted(got) == sorted([
        ("in/02-sxd.xlsx", SXD, "HY-9-99", T.KHONG_THUOC_KE_HOACH),
        ("in/02-sxd.xlsx", SXD, "HY-1-01", T.TRUNG_DONG),
        ("in/07-xa.xlsx", XA, "HY-1-01", T.KHONG_DUOC_GIAO),
    ])
    assert all(d.ly_do for d in th.dong_khong_tinh)
    # the role typed on the form is corrected to the plan's, with a note
    assert len(th.canh_bao) == 1 and "HY-1-02" in th.canh_bao[0]
    rep = next(r for r in next(t for t in th.nhiem_vu if t.id == "HY-1-02").bao_cao if r.co_quan == SNNMT)
    assert rep.vai_tro == "phoi_hop"


def test_counts_per_status(case):
    kh, tra_cuu, th, _, counted = case
    exp = expected_status(kh, tra_cuu, counted)
    got = {t.id: t.tinh_trang for t in th.nhiem_vu}
    assert got == exp
    assert [t.id for t in th.nhiem_vu] == [t.id for t in kh.phu_luc[0].all_tasks()]  # plan order
    counts = {s: sum(1 for v in exp.values() if v == s) for s in T.TINH_TRANG_TONG_HOP}
    assert th.theo_tinh_trang == counts
    # and by hand, so the rule itself is pinned
    assert counts == {DA_HOAN_THANH: 7, DANG_THUC_HIEN: 9, CHUA_THUC_HIEN: 2, T.CHUA_BAO_CAO: 11}
    assert th.tong_so == 29 == sum(counts.values())


def expected_late(kh, exp) -> set[str]:
    """The test's reading of "quá hạn" in 2026: a task due this year whose leads report it not done;
    ongoing work ("… và các năm tiếp theo") only when not started; unreported tasks are not judged."""
    out = set()
    for t in kh.phu_luc[0].all_tasks():
        if t.id in NOT_DUE_2026 or exp[t.id] in (DA_HOAN_THANH, T.CHUA_BAO_CAO):
            continue
        ongoing = "các năm tiếp theo" in (t.tien_do or "")
        if exp[t.id] == CHUA_THUC_HIEN or not ongoing:
            out.add(t.id)
    return out


def test_overdue(case):
    kh, tra_cuu, th, _, counted = case
    exp = expected_status(kh, tra_cuu, counted)
    late = expected_late(kh, exp)
    assert {t.id for t in th.qua_han} == late
    # by hand: HY-1-01 (due 2026, in progress), HY-5-04 (ongoing, not started)
    assert sorted(late) == ["HY-1-01", "HY-5-04"] and th.so_qua_han == 2
    for t in th.nhiem_vu:
        assert t.danh_gia_han == ("chưa đến hạn" if t.id in NOT_DUE_2026 else "đến hạn")
    assert th.tien_do_khong_ro == []


def test_merged_results_per_task(case):
    _, _, th, _, _ = case
    t = next(t for t in th.nhiem_vu if t.id == "HY-1-03")
    assert [(r.co_quan, r.vai_tro, r.tinh_trang) for r in t.bao_cao] == [
        (SNNMT, "chu_tri", DA_HOAN_THANH), (CAT, "phoi_hop", DANG_THUC_HIEN)]
    assert t.tinh_trang == DA_HOAN_THANH  # the supporting agency does not decide
    t = next(t for t in th.nhiem_vu if t.id == "HY-1-01")
    # SNNMT and SXD done, SCT silent: done partly; SXD's repeated row is not counted
    assert [(r.co_quan, r.tinh_trang) for r in t.bao_cao if r.vai_tro == "chu_tri"] == [
        (SNNMT, DA_HOAN_THANH), (SXD, DA_HOAN_THANH)]
    assert t.tinh_trang == DANG_THUC_HIEN and t.qua_han
    t = next(t for t in th.nhiem_vu if t.id == "HY-1-02")
    sxd = next(r for r in t.bao_cao if r.co_quan == SXD)
    assert (sxd.ty_le, sxd.kho_khan) == (40, "Thiếu vốn")


def test_per_agency(case):
    kh, tra_cuu, th, assigned, counted = case
    assert [c.co_quan for c in th.co_quan] == list(assigned)
    for c in th.co_quan:
        roles = assigned[c.co_quan]
        mine = counted.get(c.co_quan, {})
        done = sum(1 for s in mine.values() if s == DA_HOAN_THANH)
        assert (c.so_chu_tri, c.so_phoi_hop) == (sum(r == "chu_tri" for r in roles.values()),
                                                 sum(r == "phoi_hop" for r in roles.values()))
        assert (c.so_bao_cao, c.so_hoan_thanh) == (len(mine), done)
        assert c.ty_le == pytest.approx(100 * done / len(roles))
    by = {c.co_quan: c for c in th.co_quan}
    assert (by[SNNMT].so_chu_tri, by[SNNMT].so_phoi_hop, by[SNNMT].so_bao_cao, by[SNNMT].so_hoan_thanh) == (11, 18, 29, 10)
    assert (by[SXD].so_bao_cao, by[SXD].so_hoan_thanh) == (4, 2)
    assert (by[XA].so_chu_tri, by[XA].so_phoi_hop, by[XA].so_bao_cao, by[XA].so_hoan_thanh) == (8, 0, 4, 2)
    assert by[SXD].tep == "in/02-sxd.xlsx"
    assert [c.co_quan for c in th.chua_bao_cao] == [a for a in assigned if a not in counted]
    assert [c.co_quan for c in th.chua_bao_cao] == [
        "Sở Công Thương", "Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ",
        "Sở Tài chính", "Thanh tra tỉnh"]


def test_per_group(case):
    kh, tra_cuu, th, _, counted = case
    exp = expected_status(kh, tra_cuu, counted)
    groups = kh.phu_luc[0].nhom
    assert [g.ten for g in th.nhom] == [g.ten for g in groups]
    for g, stat in zip(groups, th.nhom):
        ids = [t.id for t in g.nhiem_vu]
        assert stat.so_nhiem_vu == len(ids)
        assert stat.theo_tinh_trang == {s: sum(exp[i] == s for i in ids) for s in T.TINH_TRANG_TONG_HOP}
        assert stat.qua_han == len(set(ids) & expected_late(kh, exp))


def test_narratives_per_agency(case):
    _, _, th, _, _ = case
    assert th.cong_tac_chi_dao == [
        f"{SNNMT}: Ban hành Kế hoạch triển khai.\n- Tổ chức hội nghị quán triệt.",
        f"{XA}: Giao phòng chuyên môn theo dõi."]
    assert th.ton_tai == [f"{SNNMT}: Thiếu nhân lực chuyên môn.", f"{SXD}: Vốn đầu tư chậm."]  # not the duplicate
    assert th.phuong_huong == [f"{SNNMT}: Hoàn thành các nhiệm vụ còn lại."]
    assert th.kien_nghi == [f"{SNNMT}: Bố trí kinh phí quan trắc."]


def test_unreadable_timeline_kept(plan):
    kh, tra_cuu = plan
    kh2 = kh.model_copy(deep=True)
    task = kh2.phu_luc[0].nhom[0].nhiem_vu[0]
    task.tien_do = "khi có kinh phí"
    th = T.tong_hop(kh2, tra_cuu, doc_ky("2026"), [])
    t = th.nhiem_vu[0]
    assert (t.id, t.danh_gia_han, t.qua_han, t.tinh_trang) == (task.id, T.KHONG_XAC_DINH, False, T.CHUA_BAO_CAO)
    assert [(x.id, x.tien_do) for x in th.tien_do_khong_ro] == [(task.id, "khi có kinh phí")]
    assert th.tong_so == 29


def test_without_registry(plan):
    kh, _ = plan
    p = PhieuBaoCao(tep="a.xlsx", co_quan="Sở  Xây dựng", ky="2026", ke_hoach=SO,
                    ket_qua=[row("HY-1-02", "chu_tri", DA_HOAN_THANH)])
    th = T.tong_hop(kh, None, doc_ky("2026"), [p])
    assert th.khong_hop_le == []
    assert next(t for t in th.nhiem_vu if t.id == "HY-1-02").tinh_trang == DA_HOAN_THANH


# ---- texts ----------------------------------------------------------------------------------

def test_report_body(case):
    kh, _, th, _, _ = case
    body = T.noi_dung_bao_cao(th, kh)
    assert unicodedata.is_normalized("NFC", body)
    c, n = th.theo_tinh_trang, th.tong_so
    sentence = (f"Tổng số nhiệm vụ: {n}; đã hoàn thành {c[DA_HOAN_THANH]} ({vn_pct(c[DA_HOAN_THANH], n)}%); "
                f"đang thực hiện {c[DANG_THUC_HIEN]} ({vn_pct(c[DANG_THUC_HIEN], n)}%); "
                f"chưa thực hiện {c[CHUA_THUC_HIEN]} ({vn_pct(c[CHUA_THUC_HIEN], n)}%); "
                f"chưa báo cáo {c[T.CHUA_BAO_CAO]} ({vn_pct(c[T.CHUA_BAO_CAO], n)}%).")
    assert sentence == ("Tổng số nhiệm vụ: 29; đã hoàn thành 7 (24,1%); đang thực hiện 9 (31,0%); "
                        "chưa thực hiện 2 (6,9%); chưa báo cáo 11 (37,9%).")
    assert sentence in body
    heads = ["I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo, tổ chức thực hiện", "2. Kết quả thực hiện các nhiệm vụ",
             "3. Các nhiệm vụ quá hạn", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
             "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    lines = body.splitlines()
    assert [ln for ln in lines if ln in heads] == heads
    paras = parse_body(body)
    assert check_numbering(paras) == []
    assert [p.level for p in paras if p.text in heads] == ["muc", "khoan", "khoan", "khoan", "muc", "muc", "muc"]
    # agency items, a several-line text as "+" lines under its agency
    assert f"- {SNNMT}:" in lines and "+ Tổ chức hội nghị quán triệt." in lines
    assert f"- {SXD}: Vốn đầu tư chậm." in lines
    # overdue tasks: one "- " line each between "3." and "II."
    part = lines[lines.index("3. Các nhiệm vụ quá hạn") + 1:lines.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")]
    assert len(part) == th.so_qua_han and all(ln.startswith("- ") for ln in part)
    assert "^[" not in body  # the plan's footnotes stay in the plan
    # who did not report, and the annexes
    missing = next(ln for ln in lines if "chưa gửi báo cáo" in ln)
    for c in th.chua_bao_cao:
        assert c.co_quan in missing
    assert "Có 4/11 cơ quan" in missing
    assert "Phụ lục I" in body and "Phụ lục II" in body


def test_annex_tables(case):
    kh, _, th, assigned, counted = case
    rows = T.bang_ket_qua(th)
    groups = [r for r in rows if isinstance(r, tuple)]
    tasks = [r for r in rows if isinstance(r, list)]
    assert [g[1] for g in groups] == [g.ten for g in kh.phu_luc[0].nhom]
    assert len(tasks) == 29 and all(len(r) == len(T.COT_PHU_LUC_KET_QUA) for r in tasks)
    first = tasks[0]
    assert first[:5] == ["1", kh.phu_luc[0].nhom[0].nhiem_vu[0].noi_dung, f"{SNNMT}; {SXD}; Sở Công Thương", "2026",
                         f"{DANG_THUC_HIEN}\nQuá hạn"]
    assert first[5].split("\n") == [f"{SNNMT} (chủ trì, đã hoàn thành): Kết quả HY-1-01",
                                    f"{SXD} (chủ trì, đã hoàn thành): Đã ban hành kế hoạch giảm phát thải"]
    third = tasks[2]  # HY-1-03: lead and supporting agency merged
    assert third[5].split("\n") == [f"{SNNMT} (chủ trì, đã hoàn thành): {INJECTION}",
                                    f"{CAT} (phối hợp, đang thực hiện): Phối hợp cảnh báo"]

    table = T.bang_co_quan(th)
    assert len(table) == len(assigned)
    for line, (agency, roles) in zip(table, assigned.items()):
        done = sum(1 for s in counted.get(agency, {}).values() if s == DA_HOAN_THANH)
        assert line == [str(table.index(line) + 1), agency, str(sum(r == "chu_tri" for r in roles.values())),
                        str(sum(r == "phoi_hop" for r in roles.values())), str(len(counted.get(agency, {}))),
                        str(done), vn_pct(done, len(roles))]
    assert table[0] == ["1", SNNMT, "11", "18", "29", "10", "34,5"]


def test_reminder_letter(case):
    kh, _, th, _, _ = case
    body = T.noi_dung_don_doc(th, kh, dt.date(2027, 1, 15))
    assert unicodedata.is_normalized("NFC", body)
    assert "Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh Hưng Yên về triển khai" in body
    assert "năm 2026" in body and "trước ngày 15/01/2027" in body and "phiếu báo cáo" in body
    assert "chưa nhận được" in body
    items = [ln for ln in body.splitlines() if ln.startswith("- ")]
    assert [ln[2:].split(" (")[0] for ln in items] == [c.co_quan for c in th.chua_bao_cao]
    for agency in (SNNMT, SXD, CAT, XA):
        assert f"- {agency}" not in body
    assert check_numbering(parse_body(body)) == []


def test_reminder_needs_someone_late(plan):
    kh, tra_cuu = plan
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026"), [])
    for c in th.co_quan:
        c.tep = "x.xlsx"
    with pytest.raises(VanbanError):
        T.noi_dung_don_doc(th, kh, dt.date(2027, 1, 15))


def test_opening_states_the_cut_off(plan):
    kh, tra_cuu = plan
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026"), [])
    assert "kết quả thực hiện năm 2026 (thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/12/2026) được " \
           "tổng hợp như sau:" in T.mo_dau_bao_cao(th, kh)
    own = T.tong_hop(kh, tra_cuu, doc_ky("2026", chot=(dt.date(2026, 1, 1), dt.date(2026, 12, 31))), [])
    assert "(thời gian chốt số liệu: từ ngày 01/01/2026 đến ngày 31/12/2026)" in T.mo_dau_bao_cao(own, kh)


def test_reminder_never_to_the_consolidating_agency(plan, tmp_path):
    from vanban.baocao.van_ban import cong_van_don_doc, nhan_don_doc
    from vanban.model.ky_bao_cao import ThongTinKy

    kh, tra_cuu = plan
    assert kh.che_do_bao_cao.co_quan_tong_hop == SNNMT
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026", dt.date(2026, 12, 15)), [])  # nobody reported
    assert SNNMT in [c.co_quan for c in th.chua_bao_cao]
    to, dropped = nhan_don_doc(th, kh, tra_cuu)
    assert SNNMT not in to and dropped == [SNNMT]
    assert to == [c.co_quan for c in th.chua_bao_cao if c.co_quan != SNNMT]
    doc = cong_van_don_doc(th, kh, tra_cuu, dt.date(2026, 12, 24))
    assert doc.kinh_gui == to
    path = tmp_path / "don-doc.docx"
    render_van_ban_docx(doc, path)
    text = docx_text(path)
    assert SXD in text and SNNMT not in text
    assert f"của {len(to)} cơ quan, đơn vị sau:" in text

    # named in the period file by a variant or its abbreviation: still left out
    info = ThongTinKy.model_validate({"don_doc": {"kinh_gui": ["Sở NN&MT", "SNNMT", SXD]}})
    to, dropped = nhan_don_doc(th, kh, tra_cuu, info)
    assert to == [SXD] and dropped == ["Sở NN&MT", "SNNMT"]

    # the reminder sent by the Sở itself (its own header in the period file) does not remind it either
    info = ThongTinKy.model_validate({"don_doc": {"co_quan_ban_hanh": {"ten": "Sở NN&MT", "viet_tat": "SNNMT"}}})
    assert SNNMT not in nhan_don_doc(th, kh, tra_cuu, info)[0]


def test_no_reminder_when_only_the_consolidating_agency_is_missing(plan):
    from vanban.baocao.van_ban import cong_van_don_doc, nhan_don_doc

    kh, tra_cuu = plan
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026", dt.date(2026, 12, 15)), [])
    for c in th.co_quan:
        if c.co_quan != SNNMT:
            c.tep = "x.xlsx"
    assert [c.co_quan for c in th.chua_bao_cao] == [SNNMT]
    assert nhan_don_doc(th, kh, tra_cuu) == ([], [SNNMT])
    with pytest.raises(VanbanError) as e:
        cong_van_don_doc(th, kh, tra_cuu, dt.date(2026, 12, 24))
    assert "không gửi cho chính cơ quan gửi" in str(e.value)


def test_report_never_addressed_to_its_issuer(plan):
    from vanban.baocao.van_ban import bao_cao_tong_hop
    from vanban.model.ky_bao_cao import ThongTinKy

    kh, tra_cuu = plan
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026"), [])
    info = ThongTinKy.model_validate({"bao_cao": {"kinh_gui": ["ỦY BAN NHÂN DÂN  TỈNH HƯNG YÊN",
                                                               "Bộ Nông nghiệp và Môi trường"]}})
    doc = bao_cao_tong_hop(th, kh, info, "ky.yaml", tra_cuu)
    assert doc.kinh_gui == ["Bộ Nông nghiệp và Môi trường"]


# ---- the workbook ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def book(case, tmp_path_factory):
    kh, _, th, _, _ = case
    path = tmp_path_factory.mktemp("tong-hop") / "tong-hop.xlsx"
    render_tong_hop_xlsx(th, kh, path)
    return path, load_workbook(path)


def find_row(ws, col, value):
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, col).value == value:
            return r
    raise AssertionError(f"{value!r} not found in column {col}")


def test_workbook_sheets_and_summary(case, book):
    _, _, th, _, _ = case
    _, wb = book
    assert wb.sheetnames == ["Tổng hợp", "Kết quả nhiệm vụ", "Nội dung báo cáo", "Chưa báo cáo", "Không hợp lệ"]
    ws = wb["Tổng hợp"]
    counts = th.theo_tinh_trang
    for status in T.TINH_TRANG_TONG_HOP:
        r = find_row(ws, 2, status)
        assert ws.cell(r, 3).value == counts[status]
        assert ws.cell(r, 4).value == pytest.approx(round(100 * counts[status] / 29, 1))
    assert ws.cell(find_row(ws, 2, "Tổng số"), 3).value == 29
    assert ws.cell(find_row(ws, 2, "Trong đó: quá hạn (đến hạn, chưa hoàn thành)"), 3).value == th.so_qua_han == 2


def test_workbook_chart_matches_agency_table(case, book):
    _, _, th, assigned, counted = case
    path, wb = book
    ws = wb["Tổng hợp"]
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode("utf-8")
    assert "barChart" in xml and 'barDir val="bar"' in xml and "Times New Roman" in xml
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    series = chart.series[0]
    vals = series.val.numRef.f.replace("$", "").split("!")[1]
    cats = series.cat.strRef.f.replace("$", "").split("!")[1]
    (vcol, vfirst), (_, vlast) = [(c.rstrip("0123456789"), int(c.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
                                  for c in vals.split(":")]
    (ccol, cfirst), (_, clast) = [(c.rstrip("0123456789"), int(c.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
                                  for c in cats.split(":")]
    assert (vfirst, vlast) == (cfirst, clast) and vlast - vfirst + 1 == len(assigned)
    names = [ws[f"{ccol}{r}"].value for r in range(cfirst, clast + 1)]
    rates = [ws[f"{vcol}{r}"].value for r in range(vfirst, vlast + 1)]
    assert names == list(assigned)
    expected = []
    for agency, roles in assigned.items():
        done = sum(1 for s in counted.get(agency, {}).values() if s == DA_HOAN_THANH)
        expected.append(round(100 * done / len(roles), 1))
    assert rates == pytest.approx(expected)
    assert rates[0] == pytest.approx(34.5)
    # the rest of the agency row
    r = find_row(ws, 2, SNNMT)
    assert [ws.cell(r, c).value for c in range(3, 8)] == [11, 18, 29, 29, 10]
    assert ws.cell(r, 9).value == "01-snnmt.xlsx"
    # its return was for another plan: received but refused, shown as such
    assert ws.cell(find_row(ws, 2, "Sở Y tế"), 9).value == "Phiếu lỗi: 05-syt.xlsx"
    assert ws.cell(find_row(ws, 2, "Thanh tra tỉnh"), 9).value == "Chưa gửi"


def test_workbook_narratives_sheet(case, book):
    """Parts I–IV of every accepted return, one row per agency; no "Nhóm" column when no agency
    is counted with its group."""
    _, _, th, _, _ = case
    _, wb = book
    ws = wb[T.SHEET_NOI_DUNG_TONG_HOP]
    head = find_row(ws, 1, "TT")
    assert [c.value for c in ws[head]] == ["TT", "Cơ quan", "I. Công tác chỉ đạo, tổ chức thực hiện",
                                           "II. Tồn tại, hạn chế", "III. Phương hướng, nhiệm vụ thời gian tới",
                                           "IV. Đề xuất, kiến nghị"]
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 7)] for r in range(head + 1, ws.max_row + 1)}
    assert rows == {SNNMT: ["Ban hành Kế hoạch triển khai.\n- Tổ chức hội nghị quán triệt.",
                            "Thiếu nhân lực chuyên môn.", "Hoàn thành các nhiệm vụ còn lại.",
                            "Bố trí kinh phí quan trắc."],
                    SXD: [None, "Vốn đầu tư chậm.", None, None],  # the duplicate's text is not there
                    XA: ["Giao phòng chuyên môn theo dõi.", None, None, None]}


def test_workbook_detail_sheets(case, book):
    _, _, th, _, _ = case
    _, wb = book
    ws = wb["Kết quả nhiệm vụ"]
    head = find_row(ws, 1, "Mã")
    assert [c.value for c in ws[head]] == ["Mã", "Nội dung", "Cơ quan", "Vai trò", "Tình trạng", "Tỷ lệ (%)",
                                           "Kết quả", "Sản phẩm", "Khó khăn", "Đề xuất", "Đánh giá hạn"]
    data = [r for r in ws.iter_rows(min_row=head + 1, values_only=True)]
    assert len(data) == sum(max(1, len(t.bao_cao)) for t in th.nhiem_vu)
    assert ws.freeze_panes == f"A{head + 1}"
    # the formula-looking text stays text
    r = next(i for i, v in enumerate(data, start=head + 1) if v[0] == "HY-1-03" and v[2] == SNNMT)
    cell = ws.cell(r, 7)
    assert cell.value == INJECTION and cell.data_type == "s"
    sxd = next(v for v in data if v[0] == "HY-1-02" and v[2] == SXD)
    assert (sxd[3], sxd[4], sxd[5], sxd[8]) == ("Chủ trì", DANG_THUC_HIEN, 40, "Thiếu vốn")

    ws = wb["Chưa báo cáo"]
    head = find_row(ws, 2, "Cơ quan")
    names = [ws.cell(r, 2).value for r in range(head + 1, ws.max_row + 1)]
    assert names == [c.co_quan for c in th.chua_bao_cao]
    r = find_row(ws, 2, "Sở Y tế")
    assert [ws.cell(r, c).value for c in (3, 4, 5)] == [3, 26, 29]

    ws = wb["Không hợp lệ"]
    head = find_row(ws, 2, "Tệp")
    files = [ws.cell(r, 2).value for r in range(head + 1, ws.max_row + 1)]
    assert files == ["09-hong.xlsx", "03-sxd-bo-sung.xlsx", "04-tnmt.xlsx", "05-syt.xlsx", "06-snv.xlsx",
                     "02-sxd.xlsx", "02-sxd.xlsx", "07-xa.xlsx"]
    reasons = [ws.cell(r, 7).value for r in range(head + 1, ws.max_row + 1)]
    assert reasons[1].startswith("Trùng") and all(reasons)


def test_workbook_style_and_print(book):
    _, wb = book
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for c in line:
                if c.value is not None:
                    assert c.font.name == "Times New Roman", (ws.title, c.coordinate)
                    if isinstance(c.value, str):
                        assert unicodedata.is_normalized("NFC", c.value)
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.freeze_panes
    assert wb._named_styles["Normal"].font.name == "Times New Roman"
    ws = wb["Kết quả nhiệm vụ"]
    head = find_row(ws, 1, "Mã")
    assert ws.print_title_rows.endswith(f"{head}")
    assert ws.cell(head + 1, 2).alignment.wrap_text
    assert ws.cell(head + 1, 2).border.left.style == "thin"
    assert all(ws.row_dimensions[r].height for r in range(head, ws.max_row + 1))


def test_corrected_return_replaces_the_first(plan):
    """Two valid returns of one agency: the later report date counts, whatever the file names."""
    from vanban.model.bao_cao import ThongTinBaoCao

    kh, tra_cuu = plan

    def form(tep, ngay, status):
        return PhieuBaoCao(tep=tep, co_quan=SXD, ky="2026", ke_hoach=SO,
                           thong_tin=ThongTinBaoCao(ten_co_quan=SXD, ngay=ngay),
                           ket_qua=[row("HY-1-01", "chu_tri", status)])

    first = form("in/02-sxd.xlsx", "2026-12-10", CHUA_THUC_HIEN)
    corrected = form("in/01-sxd-sua.xlsx", "2026-12-14", DA_HOAN_THANH)
    th = T.tong_hop(kh, tra_cuu, doc_ky("2026"), [first, corrected])
    (dup,) = th.khong_hop_le
    assert dup.tep == "in/02-sxd.xlsx" and dup.tep_giu == "in/01-sxd-sua.xlsx" and dup.loai == T.TRUNG
    assert "ghi ngày báo cáo muộn hơn" in dup.ly_do
    reports = next(t for t in th.nhiem_vu if t.id == "HY-1-01").bao_cao
    assert [(r.co_quan, r.tinh_trang) for r in reports if r.co_quan == SXD] == [(SXD, DA_HOAN_THANH)]


COMMUNES = [f"UBND xã Thử {i:02d}" for i in range(1, 13)]  # 12 communes, listed in the registry


@pytest.fixture()
def province(plan, monkeypatch):
    """The Hưng Yên plan with 12 communes in its registry (a group larger than a threshold of 10),
    one commune named as a lead (HY-1-04) and one as the only supporting commune (HY-2-01); returns from
    the lead of HY-1-03, the police and 9 communes, each reporting every task assigned to it."""
    kh, tra_cuu = plan
    monkeypatch.setattr(T, "TOM_TAT_NHOM", 10)
    dm = tra_cuu.danh_muc.model_copy(deep=True)
    dm.co_quan += [type(dm.co_quan[0])(ten=c, loai="xa") for c in COMMUNES]
    reg = type(tra_cuu)(dm)
    kh2 = kh.model_copy(deep=True)
    tasks = {t.id: t for t in kh2.phu_luc[0].all_tasks()}
    tasks["HY-1-04"].chu_tri.append(COMMUNES[0])
    tasks["HY-2-01"].phoi_hop = [CAT, COMMUNES[1]]  # instead of the catch-all group
    assigned = assignments(kh2, reg)
    statuses = [DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN]

    def form(k, agency, **narratives):
        rows = [row(tid, role, statuses[(k + j) % 3], f"{agency} báo cáo {tid}")
                for j, (tid, role) in enumerate(assigned[agency].items())]
        return PhieuBaoCao(tep=f"in/{k:02d}.xlsx", co_quan=agency, ky="2026", ke_hoach=SO, ket_qua=rows,
                           **narratives)

    phieu = [form(0, SNNMT, ton_tai="Thiếu nhân lực chuyên môn."), form(1, CAT, ton_tai="Thiếu phương tiện.")]
    phieu += [form(k, c, ton_tai=f"Khó khăn của {c}." if k % 2 else None, kien_nghi=f"Kiến nghị của {c}.")
              for k, c in enumerate(COMMUNES[:9], start=2)]
    return kh2, reg, assigned, phieu


def _status_of(p, tid):
    return next(r.tinh_trang for r in p.ket_qua if r.id == tid)


def _cell(th, tid):
    task = next(t for t in th.nhiem_vu if t.id == tid)
    row_ = next(r for r in T.bang_ket_qua(th) if isinstance(r, list) and r[1] == T._plain(task.nhiem_vu.noi_dung))
    return task, row_[5].split("\n")


def test_large_group_reported_as_the_group(province):
    """Members of a group of more than TOM_TAT_NHOM agencies (the communes) are counted as the
    group in Phụ lục I and in the body; a department stays itself although the catch-all group
    "Các sở, ban, ngành, UBND xã, phường …" is large; a commune named as a lead is quoted."""
    kh, reg, assigned, phieu = province
    th = T.tong_hop(kh, reg, doc_ky("2026"), phieu)
    assert th.nhom_chung == {c: XA for c in COMMUNES}

    # HY-1-03: SNNMT leads; the catch-all group supports it: the police quoted, communes counted.
    task, lines = _cell(th, "HY-1-03")
    assert [a for a in task.phoi_hop if a in COMMUNES] == COMMUNES
    got = {p.co_quan: _status_of(p, "HY-1-03") for p in phieu if p.co_quan in COMMUNES}
    counts = "; ".join(f"{s[0].lower() + s[1:]} {n}" for s in (DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN)
                       if (n := sum(v == s for v in got.values())))
    assert lines == [
        f"{SNNMT} (chủ trì, {_status_of(phieu[0], 'HY-1-03').lower()}): {SNNMT} báo cáo HY-1-03",
        f"{CAT} (phối hợp, {_status_of(phieu[1], 'HY-1-03').lower()}): {CAT} báo cáo HY-1-03",
        f"{XA} (phối hợp): {len(got)}/{len(COMMUNES)} cơ quan đã báo cáo; {counts} (chi tiết tại bảng tổng hợp)"]

    # HY-1-04: the commune named as a lead is quoted, as a lead answers for the task.
    _, lines = _cell(th, "HY-1-04")
    assert any(line.startswith(f"{COMMUNES[0]} (chủ trì, ") for line in lines)
    # HY-2-01: the commune named as a supporting agency is counted with its group.
    _, lines = _cell(th, "HY-2-01")
    assert any(line.startswith(f"{XA} (phối hợp): 1/1 cơ quan đã báo cáo") for line in lines)
    assert not any(line.startswith(COMMUNES[1]) for line in lines)

    # Body, part II: the departments quoted, the communes as one line where the first would stand.
    body = T.noi_dung_bao_cao(th, kh)
    part2 = body.split("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN\n")[1].split("\nIII.")[0].split("\n")
    wrote = sum(1 for p in phieu if p.co_quan in COMMUNES and p.ton_tai)
    assert part2 == [f"- {SNNMT}: Thiếu nhân lực chuyên môn.", f"- {CAT}: Thiếu phương tiện.",
                     f"- {XA}: {wrote}/9 đơn vị đã gửi báo cáo nêu nội dung này (nội dung của từng đơn vị tại "
                     f"sheet “{T.SHEET_NOI_DUNG_TONG_HOP}” của bảng tổng hợp)."]
    assert "Khó khăn của UBND xã Thử" not in body and "Kiến nghị của UBND xã Thử" not in body
    # ... and every commune's own text is kept for the workbook
    assert [a for a in th.noi_dung if a in COMMUNES] == COMMUNES[:9]
    assert th.noi_dung[COMMUNES[1]] == {"ton_tai": f"Khó khăn của {COMMUNES[1]}.",
                                        "kien_nghi": f"Kiến nghị của {COMMUNES[1]}."}


def test_group_marked_in_registry(province):
    """``tong_hop_chung`` decides over the size: false keeps the communes quoted one by one,
    true reports the departments as their group."""
    kh, reg, assigned, phieu = province
    for g in reg.danh_muc.nhom:
        if g.ten == XA:
            g.tong_hop_chung = False
        elif g.ten == "Các sở, ban, ngành":
            g.tong_hop_chung = True
    th = T.tong_hop(kh, reg, doc_ky("2026"), phieu)
    departments = reg.members("Các sở, ban, ngành")
    assert set(th.nhom_chung.values()) == {"Các sở, ban, ngành"}
    assert set(th.nhom_chung) == {a for a in departments if a in assigned}
    _, lines = _cell(th, "HY-1-03")
    assert lines[0].startswith(f"{SNNMT} (chủ trì, ")  # the lead, named, stays quoted
    assert sum(line.startswith("UBND xã Thử") for line in lines) == 9  # every commune that reported
    assert any(line.startswith("Các sở, ban, ngành (phối hợp): 1/") for line in lines)  # the police


def test_group_flag_read_from_yaml(tmp_path):
    path = tmp_path / "co-quan.yaml"
    path.write_text("co_quan:\n  - {ten: Sở Xây dựng, loai: so}\n  - {ten: UBND xã An, loai: xa}\n"
                    "nhom:\n  - {ten: Các sở, loai: [so]}\n  - {ten: UBND các xã, loai: [xa], tong_hop_chung: true}\n",
                    encoding="utf-8")
    reg = TraCuuCoQuan(doc_danh_muc(path))
    assert T.nhom_chung(reg, [SXD, "UBND xã An"]) == {"UBND xã An": "UBND các xã"}


def test_no_registry_no_group():
    assert T.nhom_chung(None, [SNNMT]) == {}


def test_workbook_keeps_every_narrative(province, tmp_path):
    """The texts the report counts instead of quoting are in the sheet "Nội dung báo cáo"."""
    kh, reg, _, phieu = province
    th = T.tong_hop(kh, reg, doc_ky("2026"), phieu)
    path = tmp_path / "tong-hop.xlsx"
    render_tong_hop_xlsx(th, kh, path)
    ws = load_workbook(path)[T.SHEET_NOI_DUNG_TONG_HOP]
    head = find_row(ws, 1, "TT")
    rows = [[ws.cell(r, c).value for c in range(2, 8)] for r in range(head + 1, ws.max_row + 1)]
    expected = [[p.co_quan, XA if p.co_quan in COMMUNES else None, p.cong_tac_chi_dao, p.ton_tai, p.phuong_huong,
                 p.kien_nghi] for p in phieu]
    assert rows == expected


def test_summary_sheet_pages_start_with_a_heading_or_the_table_head(tmp_path):
    """The "Tổng hợp" sheet holds several tables, so it breaks its own pages: a table that runs
    onto a new page has its head row again there, and a wrapped file name has the height of its
    lines (the sample's table II runs from page 1 onto page 2)."""
    from vanban import api

    period = ROOT / "data" / "bao-cao" / "hung-yen-2026"
    api.tong_hop_bao_cao(ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml", period / "phieu", "2026", tmp_path,
                         thong_tin=period / "thong-tin.yaml")
    ws = load_workbook(tmp_path / "tong-hop-2026.xlsx")["Tổng hợp"]
    heads = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Cơ quan"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(heads) >= 2  # table II's head, and again on the next page
    for b in breaks:
        first = ws.cell(b + 1, 1)
        is_head = first.fill.fgColor.rgb.endswith("F2F2F2")
        is_heading = isinstance(first.value, str) and first.value[:3] in ("I. ", "II.", "III", "IV.")
        assert is_head or is_heading, f"page after row {b} starts with a data row: {first.value!r}"
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 9).value == "02-so-xay-dung-bo-sung.xlsx")
    assert ws.row_dimensions[row].height >= 2 * 12 * 1.15  # two lines: the name breaks inside
    assert ws.print_area and ws.print_area.endswith(tuple("0123456789"))
    assert "$I$" in ws.print_area  # the chart's numbers (columns K, L) are not printed


def test_line_count_is_the_wrapped_lines_with_long_words_broken():
    """metrics.line_count (row heights of the consolidated workbook) counts what wrap makes, a
    word wider than the cell taking the lines it is broken into, without making the lines."""
    import math

    from vanban.text import metrics

    texts = ["", "   ", "Sở Xây dựng", "a\n\nb", "Phiếu lỗi: 02-so-xay-dung-bo-sung-lan-hai.xlsx x",
             "Đã triển khai " * 40, "UBND xã Thạnh Hòa\nUBND phường Hóa Hiệp", "x " * 200 + "y" * 90]
    for text in texts:
        for width in (20.0, 55.5, 120.0, 300.0):
            for bold, italic in ((False, False), (True, False), (False, True)):
                want = sum(max(1, math.ceil(metrics.width_pt(line, 11, bold, italic) / width - 1e-9))
                           for part in text.split("\n") for line in metrics.wrap(part, width, 11, bold, italic))
                assert metrics.line_count(text, width, 11, bold, italic) == want, (text, width)
