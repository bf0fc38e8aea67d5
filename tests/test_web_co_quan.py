"""An agency's pages: its tasks, the return filled in the browser (draft, submit, the reader's
rules and messages at each field), the prefilled .xlsx and its upload, past submissions and
its own report."""

from __future__ import annotations

import io
import zipfile

from vanban import api
from vanban.web import store
from tests.web_helpers import XD, YT, _mau_sqlite, db_url, portal, sample_return, token  # noqa: F401

FILLED = {"tinh_trang.HY-1-01": "Đang thực hiện", "ty_le.HY-1-01": "80%",
          "ket_qua.HY-1-01": "Đã ban hành kế hoạch", "kho_khan.HY-1-01": "Thiếu hướng dẫn",
          "tinh_trang.HY-1-02": "da hoan thanh", "cong_tac_chi_dao": "Sở đã chỉ đạo các phòng.",
          "thong_tin.dia_danh": "Hưng Yên", "thong_tin.ho_ten": "Phạm Quốc Tuấn",
          "thong_tin.chuc_vu": "Phó Giám đốc", "thong_tin.quyen_han": "KT.", "thong_tin.cap_truong": "Giám đốc",
          "thong_tin.ngay": "11/12/2026", "thong_tin.so": "318"}


def _page(c, k):
    return f"/co-quan/ky/{k}"


def test_home_lists_the_agencys_periods(portal):
    c = portal.agency(XD)
    r = c.get("/co-quan")
    assert r.status_code == 200 and f'id="ky-{portal.ky_id}"' in r.text and "Chưa nộp" in r.text
    assert portal.agency(XD).get("/", follow_redirects=False).headers["location"] == "/co-quan"


def test_the_form_lists_the_agencys_tasks_with_stable_names(portal):
    c = portal.agency(XD)
    r = c.get(_page(c, portal.ky_id))
    trong = portal.cong.phieu_trong(store.ky(portal.app.state.sm, portal.ky_id), XD)
    assert len(trong.nhiem_vu) == 29
    for t in trong.nhiem_vu:
        assert f'name="tinh_trang.{t.id}"' in r.text and f'id="ty_le--{t.id}"' in r.text
    for s in ("Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"):
        assert f'<option value="{s}"' in r.text
    for name in ("cong_tac_chi_dao", "ton_tai", "phuong_huong", "kien_nghi", "thong_tin.ho_ten", "thong_tin.so"):
        assert f'name="{name}"' in r.text
    assert 'id="nop-phieu"' in r.text and 'id="luu-nhap"' in r.text and 'id="tai-bieu-mau"' in r.text
    assert 'value="Sở Xây dựng"' in r.text and 'value="SXD"' in r.text  # pre-filled as on the .xlsx form


def test_submit_a_web_return_then_the_report(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    r = c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, _page(c, k)), **FILLED}, follow_redirects=False)
    assert r.status_code == 303
    r = c.get(r.headers["location"])
    assert "Đã nộp phiếu báo cáo" in r.text and "Được tính" in r.text
    (nop,) = store.cac_phieu(portal.app.state.sm, k, XD)
    assert nop.hop_le and nop.nguon == "web"
    import hashlib
    import json

    assert json.loads(nop.noi_dung)["ty_le.HY-1-01"] == "80%"  # what was typed, unchanged
    assert nop.sha256 == hashlib.sha256(nop.noi_dung).hexdigest()
    p = json.loads(nop.phieu)
    assert [(x["id"], x["tinh_trang"], x["ty_le"]) for x in p["ket_qua"]] == [
        ("HY-1-01", "Đang thực hiện", 80.0), ("HY-1-02", "Đã hoàn thành", None)]
    r = c.get(f"/co-quan/ky/{k}/bao-cao.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    # the department sees it counted
    so = portal.so().get(f"/so/ky/{k}")
    assert "nhập trên cổng" in so.text.split(XD, 1)[1].split("</tr>", 1)[0]
    # and the form shows what was submitted
    assert "Đã ban hành kế hoạch" in c.get(_page(c, k)).text


def test_refused_web_return_says_each_problem_at_its_field_and_keeps_the_draft(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    bad = {"ket_qua.HY-1-01": "Đã họp", "tinh_trang.HY-1-02": "Quá hạn", "tinh_trang.HY-1-03": "Đang thực hiện",
           "ty_le.HY-1-03": "120", "thong_tin.so": "số mười"}
    r = c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, _page(c, k)), **bad})
    assert r.status_code == 422 and "Phiếu chưa được nhận" in r.text
    for words in ("dòng có kết quả thực hiện nhưng chưa chọn tình trạng", "không ghi “Quá hạn”",
                  "nằm ngoài khoảng 0–100", "số báo cáo “số mười” không hợp lệ"):
        assert words in r.text, words
    assert "nhiệm vụ HY-1-01 (TT 1), Tình trạng" in r.text
    (nop,) = store.cac_phieu(portal.app.state.sm, k, XD)
    assert not nop.hop_le and "Quá hạn" in nop.loi
    draft, _when = store.ban_nhap(portal.app.state.sm, k, XD)
    assert draft["ket_qua.HY-1-01"] == "Đã họp"
    assert "Đã họp" in c.get(_page(c, k)).text  # nothing typed is lost


def test_save_a_draft_and_find_it_again(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    r = c.post(f"/co-quan/ky/{k}/luu-nhap", data={"csrf": token(c, _page(c, k)), "ket_qua.HY-1-01": "đang viết"})
    assert r.status_code == 200 and "Đã lưu bản nháp" in r.text and "đang viết" in r.text
    assert store.cac_phieu(portal.app.state.sm, k, XD) == []  # a draft is not a submission
    assert "đang viết" in portal.agency(XD).get(_page(c, k)).text


def test_download_the_prefilled_form_fill_it_and_upload_it(portal, tmp_path):
    c = portal.agency(YT)
    k = portal.ky_id
    r = c.get(f"/co-quan/ky/{k}/bieu-mau.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].endswith("spreadsheetml.sheet")
    f = tmp_path / "phieu.xlsx"
    f.write_bytes(r.content)
    empty = api.doc_phieu(f)
    assert empty.co_quan == YT and empty.ky == "2026" and empty.ket_qua == []
    from openpyxl import load_workbook

    wb = load_workbook(f)
    ws = wb["Kết quả"]
    ws["F4"] = "Đã hoàn thành"
    ws["G4"] = 100
    wb.save(f)
    r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))},
               files={"tep": ("phiếu của tôi.xlsx", f.read_bytes())}, follow_redirects=False)
    assert r.status_code == 303
    (nop,) = store.cac_phieu(portal.app.state.sm, k, YT)
    assert nop.hop_le and nop.noi_dung == f.read_bytes() and nop.ten_goc == "phiếu của tôi.xlsx"


def test_upload_of_a_sample_return_and_of_another_agencys(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))},
               files={"tep": ("x.xlsx", sample_return("02-so-xay-dung-bo-sung.xlsx"))})
    assert r.status_code == 200 and "Đã nhận phiếu tải lên" in r.text
    r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))},
               files={"tep": ("y.xlsx", sample_return("05-so-y-te.xlsx"))})
    assert r.status_code == 422 and "phiếu là của “Sở Y tế”, không phải của “Sở Xây dựng”" in r.text
    nop = store.cac_phieu(portal.app.state.sm, k, XD)
    assert [p.hop_le for p in nop] == [False, True]
    assert store.cac_phieu(portal.app.state.sm, k, YT) == []  # never counted as Y tế's


def test_hostile_uploads_are_refused_by_the_readers_limits(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    xml_bomb = io.BytesIO()
    with zipfile.ZipFile(xml_bomb, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">'
                                          '<!ENTITY b "&a;&a;&a;&a;">]><Types>&b;</Types>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    for name, data in (("bom.xlsx", bomb.getvalue()), ("xml.xlsx", xml_bomb.getvalue()),
                       ("van-ban.xlsx", b"Day khong phai bang tinh")):
        r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))}, files={"tep": (name, data)})
        assert r.status_code == 422 and "chưa được nhận" in r.text, name
    nop = store.cac_phieu(portal.app.state.sm, k, XD)
    assert len(nop) == 3 and not any(p.hop_le for p in nop)  # kept as sent, all refused
    r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))})
    assert r.status_code == 422 and "Chưa chọn tệp" in r.text


def test_past_submissions_and_their_originals(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, _page(c, k)), "ket_qua.HY-1-01": "x"})
    c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, _page(c, k)), **FILLED})
    r = c.get(_page(c, k))
    table = r.text.split('id="bang-lan-nop"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3 and "Bị từ chối" in table and "Được tính" in table
    first, second = sorted(p.id for p in store.cac_phieu(portal.app.state.sm, k, XD))
    r = c.get(f"/co-quan/ky/{k}/phieu/{first}")
    assert r.status_code == 200 and "Lý do từ chối" in r.text
    assert c.get(f"/co-quan/ky/{k}/phieu/{first}/goc").json() == {"ket_qua.HY-1-01": "x"}


def test_a_return_sent_as_xlsx_shows_in_the_web_form_for_correcting(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, _page(c, k))},
           files={"tep": ("x.xlsx", sample_return("02-so-xay-dung-bo-sung.xlsx"))})
    r = c.get(_page(c, k))
    assert "Kế hoạch số 47/KH-SXD" in r.text and 'value="Phạm Quốc Tuấn"' in r.text
    # submitted again from the web as it stands, it says the same
    import re

    fields = dict(re.findall(r'name="((?:ty_le|thong_tin)\.[^"]+)" value="([^"]*)"', r.text))
    fields.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)" rows="\d">([^<]*)</textarea>', r.text))
    fields.update((m.group(1), m.group(2)) for m in re.finditer(
        r'<select id="[^"]+" name="([^"]+)">(?:(?!</select>).)*?<option value="([^"]+)" selected', r.text, re.S))
    import html

    fields = {key: html.unescape(v) for key, v in fields.items() if v}
    r = c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, _page(c, k)), **fields})
    assert r.status_code == 200 and "Đã nộp phiếu báo cáo" in r.text
    import json

    web, xlsx = store.cac_phieu(portal.app.state.sm, k, XD)
    a, b = json.loads(web.phieu), json.loads(xlsx.phieu)
    for x in (a, b):
        x.pop("tep"), x.pop("canh_bao")
        x["thong_tin"].pop("o")
        for r_ in x["ket_qua"]:
            r_.pop("dong")
    assert a == b
