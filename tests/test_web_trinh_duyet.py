"""The whole reporting cycle in a real browser (headless Chromium driven by Selenium) against the
portal running as a real server (``vanban web`` on a free 127.0.0.1 port): the department opens a
period on the sample plan (Kế hoạch 132/KH-UBND Hưng Yên), one agency fills its return in the
browser and submits it, another uploads the prefilled .xlsx the portal offers, filled as a clerk
fills it; the department sees both on its dashboard and downloads the consolidated report, which
the ND30 checker passes. Clicks and typing only, by the pages' element ids; every page shown is
saved under tests/artifacts/<test>/."""

from __future__ import annotations

import unicodedata

from docx import Document

from tests.phieu_helpers import fill, signer
from vanban import api

PLAN = "hung-yen-132.yaml"
XD, YT = "Sở Xây dựng", "Sở Y tế"
DA_XONG, DANG = "Đã hoàn thành", "Đang thực hiện"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def dang_nhap(b, ten: str, ma: str, cho: str) -> None:
    b.mo("/dang-nhap")
    b.go("ten_dang_nhap", ten)
    b.go("ma_truy_cap", ma)
    b.bam("dang-nhap", cho=cho)


def dang_xuat(b) -> None:
    b.bam("dang-xuat", cho="form-dang-nhap")


def bang(b, table_id: str) -> list[list[str]]:
    """The cells' text of each body row of a table."""
    rows = b.el(table_id).find_elements("css selector", "tbody tr")
    return [[td.text for td in r.find_elements("tag name", "td")] for r in rows]


def test_chu_trinh_bao_cao_tren_trinh_duyet(may_chu, trinh_duyet, tmp_path):
    b = trinh_duyet
    b.base_url = may_chu.base_url

    # ---- the department opens the period on the sample plan
    b.mo("/")
    assert b.co("form-dang-nhap") and b.driver.title.startswith("Đăng nhập")
    dang_nhap(b, *may_chu.so, cho="form-tao-ky")
    b.chon("mau", PLAN)
    b.go("ky", "2026")
    b.go("han_nop", "15/12/2026")
    b.bam("tao-ky", cho="bang-ma")
    codes = {co_quan: (login, ma) for co_quan, login, ma in bang(b, "bang-ma")}
    assert {XD, YT} <= set(codes) and len({m for _l, m in codes.values()}) == len(codes)
    ky_url = b.el("xem-ky").get_attribute("href")
    ky_id = ky_url.rstrip("/").rsplit("/", 1)[1]
    b.bam("xem-ky", cho="bang-co-quan")
    assert "0/" in b.text and "cơ quan có phiếu hợp lệ" in b.text
    dang_xuat(b)

    # ---- Sở Xây dựng fills its return in the browser and submits it
    dang_nhap(b, *codes[XD], cho="bang-ky")
    assert "Chưa nộp" in b.text
    b.bam(f"ky-{ky_id}", cho="form-phieu")
    tasks = [f.get_attribute("id").removeprefix("nv--")
             for f in b.driver.find_elements("css selector", "fieldset.nhiem-vu")]
    assert tasks, "no task on the agency's form"
    web_results = {}
    for i, tid in enumerate(tasks):
        status = DA_XONG if i % 2 == 0 else DANG
        rate = "100" if status == DA_XONG else "60"
        text = nfc(f"Sở Xây dựng đã triển khai nhiệm vụ {tid}: hướng dẫn các xã, phường thực hiện.")
        b.chon(f"tinh_trang--{tid}", status)
        b.go(f"ty_le--{tid}", rate)
        b.go(f"ket_qua--{tid}", text)
        web_results[tid] = (status, text)
    b.go("san_pham--" + tasks[0], "Công văn số 120/SXD-QLXD ngày 02/6/2026")
    b.go("cong_tac_chi_dao", "- Ban hành kế hoạch triển khai của Sở.")
    b.go("ton_tai", "- Nguồn lực còn hạn chế.")
    b.go("phuong_huong", "- Tiếp tục hướng dẫn, kiểm tra.")
    b.go("kien_nghi", "- Đề nghị bố trí kinh phí.")
    assert b.el("thong_tin--ten_co_quan").get_attribute("value") == XD  # filled in by the portal
    for fld, value in [("so", "45"), ("ngay", "08/12/2026"), ("dia_danh", "Hưng Yên"), ("cap_truong", "Giám đốc"),
                       ("chuc_vu", "Phó Giám đốc"), ("ho_ten", "Lê Văn Dũng")]:
        b.go(f"thong_tin--{fld}", value)
    b.chon("thong_tin--quyen_han", "KT.")
    b.bam("nop-phieu", cho="thong-bao")
    assert "Đã nộp phiếu báo cáo" in b.el("thong-bao").text, b.text
    assert "Được tính" in b.el("bang-lan-nop").text and "nhập trên cổng" in b.el("bang-lan-nop").text
    dang_xuat(b)

    # ---- Sở Y tế downloads its prefilled form, fills it as a clerk does, uploads it
    dang_nhap(b, *codes[YT], cho="bang-ky")
    b.bam(f"ky-{ky_id}", cho="form-tai-len")
    b.bam("tai-bieu-mau")
    form = b.cho_tai_ve(".xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(form)["Kết quả"]
    from tests.phieu_helpers import task_rows

    yt_tasks = list(task_rows(ws))
    assert yt_tasks
    xlsx_results = {tid: {"Tình trạng": DA_XONG, "Tỷ lệ hoàn thành (%)": 100,
                          "Kết quả thực hiện": nfc(f"Sở Y tế đã hoàn thành nhiệm vụ {tid} đúng tiến độ.")}
                    for tid in yt_tasks}
    filled = fill(form, tmp_path / "phieu-so-y-te.xlsx", xlsx_results, signer("SYT", "Phạm Thị Hoa"),
                  {"I": "- Chỉ đạo các cơ sở y tế thực hiện.", "IV": "- Không có."})
    b.tai_len("tep", filled)
    b.bam("tai-len", cho="thong-bao")
    assert "Đã nhận phiếu tải lên" in b.el("thong-bao").text, b.text
    assert "tệp .xlsx" in b.el("bang-lan-nop").text
    dang_xuat(b)

    # ---- the department sees both on its dashboard and downloads the consolidated report
    dang_nhap(b, *may_chu.so, cho="bang-ky")
    b.bam(f"ky-{ky_id}", cho="bang-co-quan")
    rows = {r[0]: r for r in bang(b, "bang-co-quan")}
    assert "nhập trên cổng" in rows[XD][2] and "tệp .xlsx" in rows[YT][2]
    others = [r for name, r in rows.items() if name not in (XD, YT)]
    assert others and all("Chưa nộp" in r[2] for r in others)
    assert f"2/{len(rows)} cơ quan có phiếu hợp lệ" in b.text
    b.bam("tai-tong-hop-docx")
    report = b.cho_tai_ve(".docx")
    [checked] = api.kiem_tra([report])
    assert checked.loi_doc is None and checked.so_loi == 0, [str(f) for f in checked.phat_hien]
    text = nfc("\n".join(p.text for p in Document(report).paragraphs)
               + "\n".join(c.text for t in Document(report).tables for row in t.rows for c in row.cells))
    for tid, (_status, result) in list(web_results.items())[:2]:
        assert result in text
    assert next(iter(xlsx_results.values()))["Kết quả thực hiện"] in text
    assert b.saved and all(p.stat().st_size > 0 for p in b.saved)
