"""The department's pages: a period from a bundled or uploaded plan, the dashboard (who
submitted, who is late, refused returns and why, overdue tasks, completion by agency), the
consolidated report, workbook and PDF, each agency's report, the reminder to exactly the
agencies without a valid return, accounts and their codes."""

from __future__ import annotations

import io
import re

from docx import Document
from openpyxl import load_workbook

from vanban.web import store
from tests.web_helpers import (NV, PLAN, REGISTRY, XD, YT, _mau_sqlite, db_url, portal, sample_return,  # noqa: F401
                               token)


def _docx_text(data: bytes) -> str:
    d = Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _upload(portal, agency: str, f: str):
    tk = portal.account(agency)
    k = store.ky(portal.app.state.sm, portal.ky_id)
    return portal.cong.nop_xlsx(k, tk, sample_return(f), f)


def test_new_period_from_a_bundled_plan_shows_each_code_once(portal):
    so = portal.so()
    page = so.get("/so")
    assert 'id="form-tao-ky"' in page.text and "hung-yen-132.yaml" in page.text
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "mau": "quang-tri-snnmt.yaml", "ky": "6T1/2026",
                                "han_nop": "30/06/2026"})
    assert r.status_code == 200 and "Đã tạo kỳ báo cáo 6 tháng đầu năm 2026" in r.text
    codes = re.findall(r'<td><code>([^<]+)</code></td><td><code class="ma">([^<]+)</code>', r.text)
    assert codes  # the agencies of the Quảng Trị registry, new accounts
    assert all(c.startswith("$argon2") is False for _l, c in codes)
    again = so.get("/so")
    assert "6 tháng đầu năm 2026" in again.text and not any(c in again.text for _l, c in codes)
    k = store.cac_ky(portal.app.state.sm)[0]
    assert k.han_nop.isoformat() == "2026-06-30" and k.ke_hoach_tep == "mau:ke-hoach/quang-tri-snnmt.yaml"


def test_new_period_from_an_uploaded_plan_and_registry(portal):
    so = portal.so()
    plan = PLAN.read_bytes()
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "2027", "han_nop": "15/12/2027"},
                files={"ke_hoach": ("ke hoach (bản cuối).yaml", plan), "danh_muc": ("../../etc/x.yaml",
                                                                                    REGISTRY.read_bytes())})
    assert r.status_code == 200 and "Đã tạo kỳ báo cáo năm 2027" in r.text
    assert "Mọi cơ quan của kỳ đã có tài khoản từ trước" in r.text  # the same agencies: their accounts stay
    k = store.cac_ky(portal.app.state.sm)[0]
    assert k.ke_hoach_goc == plan  # kept unchanged
    saved = portal.cong.tep(k.ke_hoach_tep)
    assert saved.read_bytes() == plan and saved.name == "ke-hoach.yaml"  # a name the server made
    assert saved.resolve().is_relative_to(portal.thu_muc.resolve())
    assert not (portal.thu_muc / "etc").exists()
    assert XD in store.co_quan_cua_ky(k)


def test_a_bad_plan_is_refused_with_located_messages(portal):
    so = portal.so()
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "2027"},
                files={"ke_hoach": ("kh.yaml", b"loai: KH\ntrich_yeu: [\n")})
    assert r.status_code == 422 and "Chưa tạo được kỳ báo cáo" in r.text and "ke-hoach.yaml" in r.text
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "", "han_nop": "31/02/2026"})
    assert r.status_code == 422 and "Chưa ghi kỳ báo cáo" in r.text and "Hạn nộp “31/02/2026” không hợp lệ" in r.text
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "2026", "mau": "../../etc/passwd"})
    assert r.status_code == 422 and "Chọn một kế hoạch mẫu" in r.text
    assert len(store.cac_ky(portal.app.state.sm)) == 1


def test_dashboard_says_who_submitted_who_did_not_and_why_a_return_was_refused(portal):
    _upload(portal, XD, "02-so-xay-dung-bo-sung.xlsx")
    _nop, msgs = _upload(portal, "Sở Khoa học và Công nghệ", "08-so-khoa-hoc-va-cong-nghe.xlsx")
    assert msgs
    so = portal.so()
    r = so.get(f"/so/ky/{portal.ky_id}")
    assert r.status_code == 200
    table = r.text.split('id="bang-co-quan"')[1].split("</table>")[0]
    row = {name: table.split(name, 1)[1].split("</tr>", 1)[0] for name in (XD, NV, "Sở Khoa học và Công nghệ")}
    assert "tệp .xlsx" in row[XD] and "Chưa nộp" in row[NV]
    assert "Phiếu đã nộp bị từ chối" in row["Sở Khoa học và Công nghệ"]
    refused = r.text.split('id="ds-tu-choi"')[1].split("</ul>\n")[0]
    assert "Sheet &#39;Kết quả&#39;, ô F8" in refused and "Quá hạn" in refused and "120" in refused
    assert 'class="thanh-ht w' in table  # the completion bars
    assert "Nhiệm vụ quá hạn" in r.text
    # judged as the consolidated report judges it (due in the period), not "as of today"
    assert "đến hạn trong kỳ báo cáo (2026)" in r.text and "tính đến ngày" not in r.text


def test_late_agencies_are_marked_after_the_deadline(portal):
    import datetime as dt

    store.cap_nhat_ky(portal.app.state.sm, portal.ky_id, han_nop=dt.date.today() - dt.timedelta(days=1))
    _upload(portal, XD, "02-so-xay-dung-bo-sung.xlsx")
    r = portal.so().get(f"/so/ky/{portal.ky_id}")
    table = r.text.split('id="bang-co-quan"')[1]
    assert "đã quá hạn" in r.text
    assert "Chưa nộp, quá hạn" in table.split(NV, 1)[1].split("</tr>", 1)[0]
    assert "quá hạn" not in table.split(XD, 1)[1].split("</tr>", 1)[0]


def test_consolidated_documents_and_the_reminder_to_exactly_the_missing(portal):
    for agency, f in ((XD, "02-so-xay-dung-bo-sung.xlsx"), (YT, "05-so-y-te.xlsx"),
                      ("Sở Khoa học và Công nghệ", "08-so-khoa-hoc-va-cong-nghe.xlsx")):
        _upload(portal, agency, f)
    so = portal.so()
    k = portal.ky_id
    r = so.get(f"/so/ky/{k}/tai/tong-hop.docx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(r.content)
    assert "BÁO CÁO" in text and XD in text and "Sở Khoa học và Công nghệ" in text
    wb = load_workbook(io.BytesIO(so.get(f"/so/ky/{k}/tai/tong-hop.xlsx").content))
    assert wb.sheetnames
    r = so.get(f"/so/ky/{k}/tai/don-doc.docx")
    assert r.status_code == 200
    letter = _docx_text(r.content)
    missing = [a for a in store.co_quan_cua_ky(store.ky(portal.app.state.sm, k)) if a not in (XD, YT)]
    assert "Kính gửi" in letter
    head = letter.split("Nơi nhận")[0]
    assert XD not in head and YT not in head
    for a in missing:
        if a != "Sở Nông nghiệp và Môi trường":  # the letter's issuer does not write to itself
            assert a in letter, a
    # files under the data folder, with the server's names
    written = sorted(p.name for p in (portal.thu_muc / "ky" / str(k) / "ket-qua").iterdir())
    assert "tong-hop-2026.docx" in written and "don-doc-2026.docx" in written


def test_consolidated_pdf(portal):
    _upload(portal, XD, "02-so-xay-dung-bo-sung.xlsx")
    r = portal.so().get(f"/so/ky/{portal.ky_id}/tai/tong-hop.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_unknown_downloads_are_not_found(portal):
    so = portal.so()
    assert so.get(f"/so/ky/{portal.ky_id}/tai/khong-co.docx").status_code == 404
    assert so.get(f"/so/ky/{portal.ky_id}/tai/..%2F..%2Fvanban-web.sqlite3").status_code == 404


def test_each_agency_report_from_its_counted_return(portal):
    _upload(portal, XD, "02-so-xay-dung.xlsx")
    _upload(portal, XD, "02-so-xay-dung-bo-sung.xlsx")  # the later one counts
    so = portal.so()
    tk = portal.account(XD)
    r = so.get(f"/so/ky/{portal.ky_id}/bao-cao/{tk.id}")
    assert r.status_code == 200
    text = _docx_text(r.content)
    assert "SỞ XÂY DỰNG" in text.upper() and "BÁO CÁO" in text
    assert so.get(f"/so/ky/{portal.ky_id}/bao-cao/{portal.account(NV).id}").status_code == 404


def test_submission_page_and_original_bytes(portal):
    nop, _ = _upload(portal, XD, "02-so-xay-dung-bo-sung.xlsx")
    so = portal.so()
    r = so.get(f"/so/ky/{portal.ky_id}/phieu/{nop.id}")
    assert r.status_code == 200 and nop.sha256 in r.text and "02-so-xay-dung-bo-sung.xlsx" in r.text
    assert so.get(f"/so/ky/{portal.ky_id}/phieu/{nop.id}/goc").content == sample_return("02-so-xay-dung-bo-sung.xlsx")
    assert so.get(f"/so/ky/{portal.ky_id}/phieu/9999").status_code == 404


def test_accounts_page_and_reset(portal):
    so = portal.so()
    r = so.get("/so/tai-khoan")
    assert r.status_code == 200 and 'id="dat-lai-so-xay-dung"' in r.text
    assert so.post("/so/tai-khoan/9999/dat-lai", data={"csrf": token(so, "/so/tai-khoan")}).status_code == 404


def test_demo_opens_the_sample_period_as_the_folder_consolidates_it(tmp_path):
    from vanban import api
    from vanban.web import chay
    from tests.web_helpers import RETURNS, login
    from tests.web_helpers import PLAN as HUNG_YEN

    app = chay.tao_app(chay.cau_hinh(tmp_path / "demo"))
    store.tao_tai_khoan_so(app.state.sm)
    lines: list[str] = []
    got = chay.nap_demo(app, lines.append)
    k = got["ky"]
    assert any("“so”" in line and got["so"] in line for line in lines)
    assert len(got["co_quan"]) == 3 and all(code in "\n".join(lines) for _l, code in got["co_quan"].values())
    assert len(store.cac_phieu(app.state.sm, k.id)) == len(list(RETURNS.glob("*.xlsx")))
    portal_th = app.state.cong.tong_hop(k).tong_hop
    folder_th = api.tong_hop_bao_cao(HUNG_YEN, RETURNS, "2026", tmp_path / "ra",
                                     thong_tin=RETURNS.parent / "thong-tin.yaml").tong_hop
    assert [c.co_quan for c in portal_th.da_bao_cao] == [c.co_quan for c in folder_th.da_bao_cao]
    assert portal_th.theo_tinh_trang == folder_th.theo_tinh_trang
    # the codes it printed log in
    from starlette.testclient import TestClient

    login(TestClient(app), "so", got["so"])
    for login_name, code in got["co_quan"].values():
        login(TestClient(app), login_name, code)
    # a second start on the same folder opens no second period
    again = chay.nap_demo(app, lines.append)
    assert again["ky"].id == k.id and len(store.cac_ky(app.state.sm)) == 1


def test_vanban_web_serves_on_localhost(tmp_path):
    """The command starts uvicorn on 127.0.0.1, says where, and serves the login page."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "web", "--thu-muc", str(tmp_path / "d"), "--cong",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Cổng báo cáo:"):
                break
        text = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in text and "mã truy cập" in text
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap").read().decode()
                break
            except OSError:
                import time

                time.sleep(0.1)
        assert 'id="dang-nhap"' in page
        assert (tmp_path / "d" / "vanban-web.sqlite3").is_file()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_an_uploaded_plan_never_makes_the_server_read_a_path_it_names(portal, tmp_path):
    so = portal.so()
    secret = tmp_path / "bi-mat.yaml"
    secret.write_text("co_quan:\n  - ten: Cơ quan bí mật\n", encoding="utf-8")
    plan = PLAN.read_text(encoding="utf-8").replace("danh_muc_co_quan: ../co-quan/hung-yen.yaml",
                                                    f"danh_muc_co_quan: {secret}")
    assert str(secret) in plan
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "2027"},
                files={"ke_hoach": ("kh.yaml", plan.encode())})
    assert r.status_code == 422 and "tải lên cả tệp danh mục cơ quan" in r.text and "Cơ quan bí mật" not in r.text
    # a plan naming a bundled registry by its file name gets the bundled one
    r = so.post("/so/ky", data={"csrf": token(so, "/so"), "ky": "2027"},
                files={"ke_hoach": ("kh.yaml", PLAN.read_bytes())})
    assert r.status_code == 200 and "Đã tạo kỳ báo cáo năm 2027" in r.text
    assert store.cac_ky(portal.app.state.sm)[0].danh_muc_tep == "mau:co-quan/hung-yen.yaml"
