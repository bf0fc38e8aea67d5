"""The whole reporting cycle through the library: plan -> return forms -> filled by the test with
openpyxl, as a clerk would -> agency report and consolidation. Every expected number is computed
here from what the test typed into the forms."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from vanban import api
from vanban.baocao import tong_hop as T
from vanban.errors import InputError, OutputExistsError
from vanban.model.bao_cao import CHUA_THUC_HIEN, DA_HOAN_THANH, DANG_THUC_HIEN
from tests.conftest import PLANS
from tests.docx_helpers import docx_text
from tests.phieu_helpers import fill, signer, task_rows
from tests.test_tong_hop import assignments
from tests.test_tong_hop import expected_status as tong_hop_expected
from tests.test_validity import audit

PLAN = PLANS / "hung-yen-132.yaml"
SNNMT, SXD, CAT, STC = "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Công an tỉnh", "Sở Tài chính"
AFTER_DUE = dt.date(2026, 12, 17)  # the plan's deadline is 15/12: the reminder is due
NASTY = 'Kiểm tra 5 cơ sở & xử lý <3> vi phạm "nghiêm trọng"'


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("chu-trinh")
    forms = base / "bieu-mau"
    made = api.tao_bieu_mau(PLAN, "2026", forms)
    kh, tra_cuu, _ = api.doc_ke_hoach(PLAN)
    assigned = assignments(kh, tra_cuu)
    ret = base / "phieu"
    ret.mkdir()
    typed: dict[str, dict[str, str]] = {}  # agency -> task id -> status as counted

    # Complete, statuses typed loosely (lower case, rate as "100%").
    snnmt = {}
    for tid, role in assigned[SNNMT].items():
        status = DA_HOAN_THANH if role == "chu_tri" else DANG_THUC_HIEN
        snnmt[tid] = {"Tình trạng": status.lower(), "Tỷ lệ hoàn thành (%)": "100%" if role == "chu_tri" else "60%",
                      "Kết quả thực hiện": f"Kết quả của {tid}"}
        typed.setdefault(SNNMT, {})[tid] = status
    fill(forms / "bieu-mau-2026-SNNMT.xlsx", ret / "01-snnmt.xlsx", snnmt, signer("SNNMT"),
         {"I": "Ban hành kế hoạch triển khai.", "II": "Thiếu nhân lực.", "IV": "Bố trí kinh phí quan trắc."})

    # Partial: only its lead tasks, the first one not started.
    sxd = {}
    for k, tid in enumerate(t for t, r in assigned[SXD].items() if r == "chu_tri"):
        status = CHUA_THUC_HIEN if k == 0 else DA_HOAN_THANH
        sxd[tid] = {"Tình trạng": status, "Sản phẩm, văn bản đã ban hành": "Kế hoạch số 45/KH-SXD"}
        typed.setdefault(SXD, {})[tid] = status
    fill(forms / "bieu-mau-2026-SXD.xlsx", ret / "02-sxd.xlsx", sxd, signer("SXD"))

    # Every task in progress; text with XML-special characters.
    cat = {tid: {"Tình trạng": DANG_THUC_HIEN, "Kết quả thực hiện": NASTY} for tid in assigned[CAT]}
    typed[CAT] = dict.fromkeys(assigned[CAT], DANG_THUC_HIEN)
    fill(forms / "bieu-mau-2026-CAT.xlsx", ret / "03-cat.xlsx", cat, signer("CAT"))

    # With errors: "Quá hạn" typed as a status, a rate of 120.
    stc_ids = list(assigned[STC])
    stc = {stc_ids[0]: {"Tình trạng": "Quá hạn"}, stc_ids[1]: {"Tình trạng": DANG_THUC_HIEN,
                                                                "Tỷ lệ hoàn thành (%)": 120}}
    fill(forms / "bieu-mau-2026-STC.xlsx", ret / "04-stc.xlsx", stc, signer("STC"))

    before = {p.name: sha(p) for p in ret.iterdir()}
    out = base / "ket-qua"
    result = api.tong_hop_bao_cao(PLAN, ret, "2026", out, han_moi="24/12/2026", check=True, hom_nay=AFTER_DUE)
    return dict(kh=kh, tra_cuu=tra_cuu, assigned=assigned, typed=typed, forms=forms, made=made, ret=ret,
                out=out, result=result, th=result.tong_hop, before=before, stc_ids=stc_ids)


def expected_status(c) -> dict[str, str]:
    return tong_hop_expected(c["kh"], c["tra_cuu"], c["typed"])


# ---- forms --------------------------------------------------------------------------------------

def test_one_form_per_assigned_agency(cycle):
    names = sorted(p.name for p in cycle["made"].tep)
    assert len(names) == len(cycle["assigned"])
    assert "bieu-mau-2026-SNNMT.xlsx" in names and "bieu-mau-2026-ubnd-cac-xa-phuong.xlsx" in names
    for agency, tasks in cycle["assigned"].items():
        if agency == SXD:
            ws = load_workbook(cycle["forms"] / "bieu-mau-2026-SXD.xlsx")["Kết quả"]
            assert list(task_rows(ws)) == list(tasks)  # exactly its tasks, in plan order


def test_form_deadline_from_the_plan(cycle):
    ws = load_workbook(cycle["forms"] / "bieu-mau-2026-SXD.xlsx")["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    # che_do_bao_cao: "trước ngày 15/12 hằng năm", sent to the Sở Nông nghiệp và Môi trường
    assert "Hạn gửi phiếu báo cáo về Sở Nông nghiệp và Môi trường: trước ngày 15/12/2026." in text


def test_only_named_agencies(tmp_path):
    r = api.tao_bieu_mau(PLAN, "2026", tmp_path, co_quan=["Sở NN&MT", "CAT"])
    assert sorted(p.name for p in r.tep) == ["bieu-mau-2026-CAT.xlsx", "bieu-mau-2026-SNNMT.xlsx"]
    with pytest.raises(InputError) as e:
        api.tao_bieu_mau(PLAN, "2026", tmp_path / "x", co_quan=["Sở Du lịch"])
    assert str(e.value).startswith("co_quan: ") and "--co-quan" not in str(e.value) and "Sở Du lịch" in str(e.value)
    assert not (tmp_path / "x").exists()


# ---- consolidation ------------------------------------------------------------------------------

def test_counts_match_the_returns(cycle):
    th = cycle["th"]
    expected = expected_status(cycle)
    assert {t.id: t.tinh_trang for t in th.nhiem_vu} == expected
    counts = {s: sum(1 for v in expected.values() if v == s) for s in T.TINH_TRANG_TONG_HOP}
    assert th.theo_tinh_trang == counts
    assert counts[DA_HOAN_THANH] > 0 and counts[DANG_THUC_HIEN] > 0 and counts[T.CHUA_BAO_CAO] > 0


def test_per_agency_counts(cycle):
    th = cycle["th"]
    by = {c.co_quan: c for c in th.co_quan}
    for agency, tasks in cycle["typed"].items():
        assert by[agency].so_bao_cao == len(tasks)
        assert by[agency].so_hoan_thanh == sum(1 for s in tasks.values() if s == DA_HOAN_THANH)
        assert by[agency].so_chu_tri == sum(1 for r in cycle["assigned"][agency].values() if r == "chu_tri")
    missing = {c.co_quan for c in th.chua_bao_cao}
    assert missing == set(cycle["assigned"]) - set(cycle["typed"])
    assert STC in missing  # its return was refused, so it has not reported


def test_bad_return_listed_with_its_cells(cycle):
    th = cycle["th"]
    (bad,) = th.khong_hop_le
    assert Path(bad.tep).name == "04-stc.xlsx" and bad.loai == T.KHONG_DOC_DUOC
    assert "Sheet 'Kết quả', ô F4" in bad.ly_do and "Quá hạn" in bad.ly_do
    assert "Sheet 'Kết quả', ô G5" in bad.ly_do and "120" in bad.ly_do


def test_inputs_untouched(cycle):
    assert {p.name: sha(p) for p in cycle["ret"].iterdir()} == cycle["before"]


def test_outputs_and_checker(cycle):
    names = sorted(p.name for p in cycle["result"].tep)
    assert names == ["don-doc-2026.docx", "tong-hop-2026.docx", "tong-hop-2026.xlsx"]
    for r in cycle["result"].kiem_tra:
        assert r.loi_doc is None and r.so_loi == 0, [str(f) for f in r.phat_hien]


@pytest.mark.parametrize("name", ["tong-hop-2026.docx", "don-doc-2026.docx"])
def test_openxml_audit(cycle, name):
    report = audit(cycle["out"] / name)
    assert report["error_count"] == 0, report["errors"]


def test_report_states_the_numbers(cycle):
    th = cycle["th"]
    text = docx_text(cycle["out"] / "tong-hop-2026.docx")
    n, c = th.tong_so, th.theo_tinh_trang
    assert f"Tổng số nhiệm vụ: {n}; đã hoàn thành {c[DA_HOAN_THANH]} ({T.phan_tram(c[DA_HOAN_THANH], n)}%)" in text
    assert f"Có {len(th.da_bao_cao)}/{len(th.co_quan)} cơ quan, đơn vị được giao nhiệm vụ đã gửi báo cáo" in text
    assert "Kính gửi: Bộ Nông nghiệp và Môi trường." in text
    # the agency whose return was refused is named as not reported yet
    assert f"đã gửi phiếu báo cáo nhưng phiếu có lỗi, chưa tổng hợp được: {STC}." in text
    assert NASTY in text  # agencies' text reaches the annex unchanged
    assert "Thiếu nhân lực" in text and "Bố trí kinh phí quan trắc" in text  # narrative compiled per agency


def test_workbook_matches(cycle):
    th = cycle["th"]
    wb = load_workbook(cycle["out"] / "tong-hop-2026.xlsx")
    ws = wb["Chưa báo cáo"]
    listed = {ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert {c.co_quan for c in th.chua_bao_cao} <= listed
    rows = [r for r in wb["Kết quả nhiệm vụ"].iter_rows(values_only=True) if r[0] in {t.id for t in th.nhiem_vu}]
    reported = sum(len(t) for t in cycle["typed"].values())
    assert sum(1 for r in rows if r[4] in (DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN)) == reported
    assert wb["Tổng hợp"]._charts  # a native chart
    summary = [r for r in wb["Tổng hợp"].iter_rows(values_only=True) if STC in r]
    assert summary and summary[0][8] == "Phiếu lỗi: 04-stc.xlsx"  # received, refused: not "Chưa gửi"


def test_reminder_to_missing_agencies(cycle):
    th = cycle["th"]
    d = Document(cycle["out"] / "don-doc-2026.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    missing = [c.co_quan for c in th.chua_bao_cao]
    assert "Kính gửi:" in text
    for k, name in enumerate(missing):
        end = "." if k == len(missing) - 1 else ";"
        assert f"- {name}{end}" in text
    assert "trước ngày 24/12/2026" in text
    stc = next(c for c in th.chua_bao_cao if c.co_quan == STC)
    assert stc.phieu_loi and "phiếu đã gửi (04-stc.xlsx) có lỗi, chưa tổng hợp được" in text
    assert "đề nghị sửa theo hướng dẫn" in text
    header = "\n".join(c.text for row in d.tables[0].rows for c in row.cells)
    assert "V/v đôn đốc báo cáo" in header and "Số:" in header and "/UBND-KT2" in header


def test_no_reminder_when_everyone_reported(tmp_path, cycle):
    # Consolidating with a plan restricted to the agencies that reported is not possible with a
    # fixed plan; instead: no returns -> every agency is missing and the letter lists them all.
    empty = tmp_path / "phieu"
    empty.mkdir()
    r = api.tong_hop_bao_cao(PLAN, empty, "2026", tmp_path / "o", han_moi="24/12/2026", hom_nay=AFTER_DUE)
    assert len(r.tong_hop.chua_bao_cao) == len(cycle["assigned"])
    assert (tmp_path / "o" / "don-doc-2026.docx").exists()


def test_existing_outputs_kept(cycle):
    with pytest.raises(OutputExistsError):
        api.tong_hop_bao_cao(PLAN, cycle["ret"], "2026", cycle["out"], han_moi="24/12/2026")


# ---- an agency's report -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def agency_report(cycle, tmp_path_factory):
    out = tmp_path_factory.mktemp("bao-cao")
    r = api.tao_bao_cao(cycle["ret"] / "01-snnmt.xlsx", out)
    return r.tep[0]


def test_agency_report_layout(agency_report, cycle):
    text = docx_text(agency_report)
    assert agency_report.name == "01-snnmt-bao-cao.docx"
    # the consolidating agency's own report: no Kính gửi to itself, its copy kept in Nơi nhận
    assert "Kính gửi" not in text and "Như trên" not in text
    assert "- Lưu: VT." in text
    assert "(thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/12/2026) như sau:" in text
    for head in ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                 "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert head in text
    tasks = cycle["assigned"][SNNMT]
    n_ct = sum(1 for r in tasks.values() if r == "chu_tri")
    done = sum(1 for s in cycle["typed"][SNNMT].values() if s == DA_HOAN_THANH)
    assert (f"Tổng số nhiệm vụ được giao: {len(tasks)} ({n_ct} nhiệm vụ chủ trì, {len(tasks) - n_ct} nhiệm vụ "
            f"phối hợp); đã hoàn thành {done};") in text
    header = "\n".join(c.text for row in Document(agency_report).tables[0].rows for c in row.cells)
    assert "Số: 12/BC-SNNMT" in header


def test_agency_report_annex_lists_every_task(agency_report, cycle):
    d = Document(agency_report)
    annex = d.tables[-1]
    ids = list(cycle["assigned"][SNNMT])
    assert len(annex.rows) == 1 + len(ids) + 1  # head, one row per task, the total
    assert "Tổng số:" in annex.rows[-1].cells[-1].text
    # numbered 1..n in the report's own order (the plan's group numbering is not shown there)
    assert [r.cells[0].text for r in annex.rows[1:-1]] == [str(k) for k in range(1, len(ids) + 1)]


def test_agency_report_checked(agency_report):
    (r,) = api.kiem_tra([agency_report])
    assert r.so_loi == 0, [str(f) for f in r.phat_hien]
    assert audit(agency_report)["error_count"] == 0


def test_agency_report_needs_a_signer(cycle, tmp_path):
    src = cycle["forms"] / "bieu-mau-2026-SYT.xlsx"
    info = signer("SYT")
    info["Họ tên người ký"] = None
    info["Địa danh"] = None
    filled = fill(src, tmp_path / "syt.xlsx", {}, info)
    with pytest.raises(InputError) as e:
        api.tao_bao_cao(filled, tmp_path / "o")
    places = [p.path for p in e.value.problems]
    assert places == ["Sheet 'Thông tin báo cáo', ô B9", "Sheet 'Thông tin báo cáo', ô B14"]
    assert not (tmp_path / "o").exists()


def test_agency_report_of_a_bad_form(cycle, tmp_path):
    with pytest.raises(InputError) as e:
        api.tao_bao_cao(cycle["ret"] / "04-stc.xlsx", tmp_path)
    assert [p.path for p in e.value.problems] == ["Sheet 'Kết quả', ô F4", "Sheet 'Kết quả', ô G5"]
    assert list(tmp_path.iterdir()) == []
