"""The period on the return forms and in the agency's report: the data cut-off window stated on
the form ("Hướng dẫn", "Thông tin báo cáo") and carried back into the report; the consolidating
agency's own form and report, which are not addressed to itself. Forms filled with openpyxl as a
clerk fills them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from vanban import api
from tests.conftest import PLANS, ROOT
from tests.docx_helpers import docx_text
from tests.phieu_helpers import fill, signer

PLAN = PLANS / "hung-yen-132.yaml"
REGISTRY = ROOT / "data" / "co-quan" / "hung-yen.yaml"
SNNMT = "Sở Nông nghiệp và Môi trường"
DECREE = "Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/12/2026."


def sheet_text(ws) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def kinh_gui_cell(ws):
    return next(ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kính gửi")


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    out = tmp_path_factory.mktemp("bm")
    api.tao_bieu_mau(PLAN, "2026", out, co_quan=["Sở NN&MT", "Sở Xây dựng"])
    return out


def test_window_on_the_form(forms):
    wb = load_workbook(forms / "bieu-mau-2026-SXD.xlsx")
    assert DECREE in sheet_text(wb["Hướng dẫn"])
    assert f"Kỳ báo cáo: năm 2026. {DECREE}" in sheet_text(wb["Thông tin báo cáo"])
    assert kinh_gui_cell(wb["Thông tin báo cáo"]).value == SNNMT  # an agency sends its return to the Sở


def test_consolidating_agencys_own_form(forms):
    wb = load_workbook(forms / "bieu-mau-2026-SNNMT.xlsx")
    assert kinh_gui_cell(wb["Thông tin báo cáo"]).value in (None, "")
    guide = sheet_text(wb["Hướng dẫn"])
    assert f"{SNNMT} là cơ quan tổng hợp: phiếu này không gửi đi" in guide
    assert "đưa thẳng vào báo cáo tổng hợp" in guide
    assert f"Hạn gửi phiếu báo cáo về {SNNMT}" not in guide
    assert "gửi tệp về cơ quan tổng hợp" not in guide


@pytest.mark.parametrize("typed,danh_muc", [(None, None), ("Sở NN&MT", REGISTRY), ("SNNMT", None),
                                            ("sở nông nghiệp và  môi trường", None)])
def test_own_report_not_addressed_to_itself(forms, tmp_path, typed, danh_muc):
    info = signer("SNNMT")
    if typed:
        info["Kính gửi"] = typed
    filled = fill(forms / "bieu-mau-2026-SNNMT.xlsx", tmp_path / "snnmt.xlsx", {}, info)
    (doc,) = api.tao_bao_cao(filled, tmp_path / "o", danh_muc=danh_muc).tep
    text = docx_text(doc)
    assert "Kính gửi" not in text and "Như trên" not in text
    assert "- Lưu: VT." in text
    (r,) = api.kiem_tra([doc])
    assert r.so_loi == 0, [str(f) for f in r.phat_hien]


def test_other_agency_still_addresses_the_sở(forms, tmp_path):
    filled = fill(forms / "bieu-mau-2026-SXD.xlsx", tmp_path / "sxd.xlsx", {}, signer("SXD"))
    (doc,) = api.tao_bao_cao(filled, tmp_path / "o").tep
    text = docx_text(doc)
    assert f"Kính gửi: {SNNMT}." in text and "- Như trên;" in text
    assert "báo cáo kết quả thực hiện năm 2026 (thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày " \
           "14/12/2026) như sau:" in text


@pytest.fixture(scope="module")
def own_window_plan(tmp_path_factory):
    """The Hưng Yên plan with a reporting clause that sets its own cut-off (the calendar year)."""
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace("danh_muc_co_quan: ../co-quan/hung-yen.yaml", f"danh_muc_co_quan: {REGISTRY}")
    text = text.replace("  thoi_han: trước ngày 15/12 hằng năm\n",
                        "  thoi_han: trước ngày 15/12 hằng năm\n  chot_so_lieu: 01/01/2026 - 31/12/2026\n")
    assert "chot_so_lieu" in text
    path = tmp_path_factory.mktemp("plan") / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_window_wins_on_forms_and_reports(own_window_plan, tmp_path):
    r = api.tao_bieu_mau(own_window_plan, "2026", tmp_path, co_quan=["Sở Xây dựng"])
    wb = load_workbook(r.tep[0])
    own = "Thời gian chốt số liệu: từ ngày 01/01/2026 đến ngày 31/12/2026."
    assert own in sheet_text(wb["Hướng dẫn"]) and own in sheet_text(wb["Thông tin báo cáo"])
    assert DECREE not in sheet_text(wb["Hướng dẫn"])
    # the agency's report states the window its form stated
    filled = fill(r.tep[0], tmp_path / "sxd.xlsx", {}, signer("SXD"))
    (doc,) = api.tao_bao_cao(filled, tmp_path / "o").tep
    assert "(thời gian chốt số liệu: từ ngày 01/01/2026 đến ngày 31/12/2026) như sau:" in docx_text(doc)
    # the deadline 15/12 now comes before the data are cut off: Khoản 5 Điều 8 is not met
    (w,) = [w for w in r.canh_bao if "01 ngày làm việc" in w.message]
    assert (w.file, w.path) == (str(own_window_plan), "che_do_bao_cao.thoi_han")
    assert "hạn nộp 15/12/2026" in w.message and "ngày chốt số liệu 31/12/2026" in w.message


def test_bad_window_in_the_plan(tmp_path):
    text = PLAN.read_text(encoding="utf-8").replace(
        "  thoi_han: trước ngày 15/12 hằng năm\n", "  thoi_han: trước ngày 15/12 hằng năm\n  chot_so_lieu: cả năm\n")
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text.replace("../co-quan/hung-yen.yaml", str(REGISTRY)), encoding="utf-8")
    with pytest.raises(api.InputError) as e:
        api.tao_bieu_mau(path, "2026", tmp_path / "o")
    assert any("chot_so_lieu" in p.path and "01/01/2026 - 31/12/2026" in p.message for p in e.value.problems)
    assert not (tmp_path / "o").exists()


def test_month_period_forms(tmp_path):
    r = api.tao_bieu_mau(PLAN, "Tháng 1/2026", tmp_path, co_quan=["Sở Xây dựng"], han_nop="20/01/2026")
    assert [p.name for p in r.tep] == ["bieu-mau-t1-2026-SXD.xlsx"]
    wb = load_workbook(r.tep[0])
    guide = sheet_text(wb["Hướng dẫn"])
    assert "Kỳ báo cáo: tháng 1 năm 2026 (từ ngày 01/01/2026 đến ngày 31/01/2026)." in guide
    assert "Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/01/2026." in guide
    assert not [w for w in r.canh_bao if "ngày làm việc" in w.message]
